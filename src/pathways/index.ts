import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { VaardigModule } from '../platform/module.ts';
import { noHtml, type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';
import { pathwayApi } from './api-routes.ts';
import { pathwayJobs, requestAward } from './awards.ts';
import { seedPathwaysDemo } from './demo.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { pathwayMigrations } from './migrations.ts';
import { pathwaysPersonalData } from './personal-data.ts';
import { pathwaysPolicies } from './policies.ts';
import { PathwaysPanel } from './pages/panel.tsx';
import { manageRoutes } from './routes/manage.tsx';
import { pathwayPages } from './routes/pages.tsx';
import { tables } from './schema.ts';
import { awardDue, EDITOR_ROLES, progressOn, publishedPathways } from './service.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  pathwayPages(app, ctx);
  manageRoutes(app, ctx);
  await pathwayApi(app, ctx);
}

/** The home page: the pathways the person has started (a step done or a badge of one held), with progress. */
async function dashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  const user = request.user;
  if (!user) return noHtml;
  const pathways = await publishedPathways(ctx);
  if (pathways.length === 0) return noHtml;
  const progress = await progressOn(ctx, user.id, pathways);
  const started = pathways.filter((p) => {
    const mine = progress.get(p.id);
    return mine && (mine.award || mine.progress.steps.some((s) => s.met > 0));
  });
  if (started.length === 0) return noHtml;
  if (started.some((p) => awardDue(progress.get(p.id)))) await requestAward(ctx, user.id);
  return safeHtml(PathwaysPanel({ request, pathways: started, progress }));
}

/**
 * Stackable pathways (issue 11): steps of badges of any issuer (or aligned to skills) leading to a
 * pathway badge, progress from the person's backpack, the badge awarded once by a job.
 */
export const pathwaysModule: VaardigModule = {
  name: 'pathways',
  tables,
  migrations: pathwayMigrations,
  locales: { en, nl },
  routes,
  routePolicies: pathwaysPolicies,
  jobs: pathwayJobs,
  dashboard,
  seedDemo: seedPathwaysDemo,
  personalData: pathwaysPersonalData,
  nav: [{ href: '/pathways', label: 'nav.pathways' }],
  organisationLinks: async (_ctx, organisation, request) =>
    request.user && (request.user.isOperator || (organisation.role !== null && EDITOR_ROLES.includes(organisation.role as never)))
      ? [{ href: `/organisations/${organisation.slug}/pathways`, label: request.t('pathways:nav.pathways') }]
      : [],
};
