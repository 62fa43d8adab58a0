import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { skillsMigrations } from './migrations.ts';
import type { VaardigModule } from '../platform/module.ts';
import './schema.ts';

/** The skills library: Rich Skill Descriptors, ESCO, search, exchange formats. */
export const skillsModule: VaardigModule = {
  name: 'skills',
  migrations: skillsMigrations,
  locales: { en, nl },
  nav: [{ href: '/skills', label: 'nav.library' }],
};
