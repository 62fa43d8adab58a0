import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { combineParts, type ModulePart } from '../platform/module.ts';
import { seedInsightDemo } from './demo.ts';
import { insightJobs } from './jobs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { matchingPart } from './matching/index.ts';
import { insightMigrations } from './migrations.ts';
import { insightPolicies } from './policies.ts';
import { homeRoutes } from './routes/home.tsx';
import { tables } from './schema.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  homeRoutes(app, ctx);
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
