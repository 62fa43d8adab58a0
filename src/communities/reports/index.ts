import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { reportMigrations } from './migrations.ts';
import { reportsApi } from './api-routes.ts';
import { seedReportsDemo } from './demo.ts';
import { reportRoutes } from './routes.ts';
import { registerReportSections } from './sections.tsx';
import { reportsPolicies } from './policies.ts';

registerReportSections();

/**
 * Synthesis (issue 9 part B): a session's report drafted from its work, edited and published (page,
 * Markdown, print stylesheet); the knowledge base of published reports, best practices and lessons
 * learned, tagged with library skills; outputs of a theme.
 */
export const reportsPart: ModulePart = {
  migrations: reportMigrations,
  locales: { en, nl },
  seedDemo: seedReportsDemo,
  routePolicies: reportsPolicies,
  async routes(app, ctx) {
    reportRoutes(app, ctx);
    await reportsApi(app, ctx);
  },
};
