import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { combineParts, type ModulePart } from '../platform/module.ts';
import { seedInsightDemo } from './demo.ts';
import { insightJobs } from './jobs.ts';
import { ISSUER_ROLES } from './joined.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { matchingPart } from './matching/index.ts';
import { insightMigrations } from './migrations.ts';
import { insightPolicies, REPORT_ROLES } from './policies.ts';
import { insightApi } from './api-routes.ts';
import { insightPersonalData } from './regions.ts';
import { homeRoutes } from './routes/home.tsx';
import { joinedRoutes } from './routes/joined.tsx';
import { reportRoutes } from './routes/reports.tsx';
import { viewRoutes } from './routes/views.tsx';
import { tables } from './schema.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  homeRoutes(app, ctx);
  viewRoutes(app, ctx);
  joinedRoutes(app, ctx);
  reportRoutes(app, ctx);
  await insightApi(app, ctx);
}

/** Demand, supply, gaps and the joined-up views (issue 12): this folder's own part. */
const analyticsPart: ModulePart = {
  tables,
  migrations: insightMigrations,
  locales: { en, nl },
  routes,
  routePolicies: insightPolicies,
  jobs: insightJobs,
  seedDemo: seedInsightDemo,
  personalData: insightPersonalData,
  organisationLinks: async (_ctx, organisation, request) => {
    if (!request.user) return [];
    const has = (roles: readonly string[]) => request.user?.isOperator || (organisation.role !== null && roles.includes(organisation.role));
    return [
      ...(has(ISSUER_ROLES)
        ? [{ href: `/organisations/${organisation.slug}/insight/badges`, label: request.t('insight:badges.link') }]
        : []),
      ...(has(REPORT_ROLES)
        ? [{ href: `/organisations/${organisation.slug}/insight/reports`, label: request.t('insight:reports.link') }]
        : []),
    ];
  },
};

/**
 * Labour-market insight (issue 12): demand for skills from vacancies, supply from valid badges,
 * gaps and what teaches them, read from rollup tables that jobs keep current
 * (docs/decisions/017-insight-rollups.md). A part of its own (e.g. src/insight/matching) plugs in
 * by adding its `ModulePart` to the list below: its routes, policies, locales (merged under the
 * `insight` namespace; keys must not clash), migrations (`71-insight-…`), jobs and demo.
 */
export const insightModule = combineParts(
  'insight',
  [{ href: '/insight', label: 'nav.insight', signedIn: true }],
  [analyticsPart, matchingPart],
);
