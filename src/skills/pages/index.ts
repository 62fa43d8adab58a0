import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { pickerRoutes } from './picker.tsx';
import { pageRoutes } from './routes.tsx';

/**
 * The pages of the skills library: search and browse by skill group (/skills), a skill
 * (/skills/:id), an occupation (/occupations/:id), the skill editor and import, collections, and
 * the skill picker other modules' forms use (picker.tsx, suggestions at /skills/picker).
 * Pages read through ../browse and write through the library service.
 */
export const pagesPart: ModulePart = {
  locales: { en, nl },
  routes: async (app, ctx) => {
    await pickerRoutes(app, ctx);
    await pageRoutes(app, ctx);
  },
};
