import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { libraryMigrations } from './migrations.ts';
import { libraryRoutes } from './routes.ts';
import { seedLibraryDemo } from './demo.ts';
import './types.ts';

/**
 * Own skills (Rich Skill Descriptors), collections, exchange formats and the ESCO crosswalk.
 * Services: ./service.ts (skills, collections), ./exchange.ts (export/import), ./crosswalk.ts.
 */
export const libraryPart: ModulePart = {
  migrations: libraryMigrations,
  locales: { en, nl },
  routes: libraryRoutes,
  seedDemo: seedLibraryDemo,
};
