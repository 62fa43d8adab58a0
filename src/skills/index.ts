import { combineParts } from '../platform/module.ts';
import { escoPart } from './esco/index.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { libraryPart } from './library/index.ts';
import { skillsMigrations } from './migrations.ts';
import { pagesPart } from './pages/index.ts';
import { skillsPolicies } from './policies.ts';
import './schema.ts';
import { searchPart } from './search/index.ts';

/**
 * The skills library: Rich Skill Descriptors, ESCO, search, exchange formats. Its parts: the ESCO
 * importer (esco/), search (search/), own skills, collections and exchange formats (library/), pages (pages/).
 */
export const skillsModule = combineParts(
  'skills',
  [{ href: '/skills', label: 'nav.library' }],
  [{ migrations: skillsMigrations, locales: { en, nl }, routePolicies: skillsPolicies }, escoPart, searchPart, libraryPart, pagesPart],
);
