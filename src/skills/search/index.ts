import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { searchMigrations } from './migrations.ts';
import { searchRoutes } from './routes.ts';

export { type SearchItem, type SearchOptions, type SearchResult, searchSkills } from './service.ts';

/** Skills search: the label indexes, `GET /api/v1/skills`, and `vaardig skills search` (via src/skills/cli-registry.ts). */
export const searchPart: ModulePart = {
  migrations: searchMigrations,
  locales: { en, nl },
  routes: searchRoutes,
};
