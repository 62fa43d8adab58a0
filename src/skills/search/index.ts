import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { searchMigrations } from './migrations.ts';
import { occupationRoutes } from './occupation-routes.ts';
import { searchRoutes } from './routes.ts';

export { refreshSearchLexicon } from './lexicon.ts';
export { type OccupationItem, type OccupationSearchResult, searchOccupations } from './occupations.ts';
export { type SearchItem, type SearchOptions, type SearchResult, searchSkills } from './service.ts';

/**
 * Skills search: the label indexes and the cross-language lexicon, `GET /api/v1/skills`,
 * `GET /api/v1/occupations`, and `vaardig skills search` (via src/skills/cli-registry.ts).
 */
export const searchPart: ModulePart = {
  migrations: searchMigrations,
  locales: { en, nl },
  async routes(app, ctx) {
    await searchRoutes(app, ctx);
    await occupationRoutes(app, ctx);
  },
};
