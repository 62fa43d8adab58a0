import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { pageRoutes } from './routes.tsx';

/**
 * The pages of the skills library: search and browse by skill group (/skills), a skill
 * (/skills/:id), an occupation (/occupations/:id), the skill editor and import, and collections.
 * Pages read through ../browse and write through the library service.
 */
export const pagesPart: ModulePart = {
  locales: { en, nl },
  routes: pageRoutes,
};
