import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { VaardigModule } from '../platform/module.ts';
import { noHtml, type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';
import { MANAGER_ROLES } from './access.ts';
import { programmeApi } from './api-routes.ts';
import { assessmentQueue } from './assessment.ts';
import { seedProgrammesDemo } from './demo.ts';
import { programmeJobs } from './jobs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { programmeMigrations } from './migrations.ts';
import { ProgrammesPanel } from './pages/panel.tsx';
import { programmesPersonalData } from './personal-data.ts';
import { programmesPolicies } from './policies.ts';
import { myProgrammes } from './programmes.ts';
import { assessRoutes } from './routes/assess.tsx';
import { cohortRoutes } from './routes/cohorts.tsx';
import { manageRoutes } from './routes/manage.tsx';
import { programmePages } from './routes/pages.tsx';
import { playbookRoutes } from './routes/playbook.tsx';
import { workRoutes } from './routes/work.tsx';
import { tables } from './schema.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  programmePages(app, ctx);
  manageRoutes(app, ctx);
  cohortRoutes(app, ctx);
  workRoutes(app, ctx);
  assessRoutes(app, ctx);
  playbookRoutes(app, ctx);
  await programmeApi(app, ctx);
}

/** The home page: the programmes the person takes part in or assesses, with the work waiting for them. */
async function dashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  const user = request.user;
  if (!user) return noHtml;
  const mine = await myProgrammes(ctx, user);
  if (mine.length === 0) return noHtml;
  const waiting = new Map<string, number>();
  for (const { programme, access } of mine)
    if (access.assessorOf.length)
      waiting.set(programme.id, (await assessmentQueue(ctx, user, programme.id)).filter((q) => q.action && q.action !== 'wait').length);
  return safeHtml(ProgrammesPanel({ request, mine, waiting }));
}

/**
 * Certification programmes (issue 11, part B): cohorts, assessed work against rubrics, module
 * badges with results and evidence, the certificate as a pathway, playbooks, accreditation, and
 * reminders before badges expire.
 */
export const programmesModule: VaardigModule = {
  name: 'programmes',
  tables,
  migrations: programmeMigrations,
  locales: { en, nl },
  routes,
  jobs: programmeJobs,
  dashboard,
  seedDemo: seedProgrammesDemo,
  personalData: programmesPersonalData,
  routePolicies: programmesPolicies,
  nav: [{ href: '/programmes', label: 'nav.programmes' }],
  organisationLinks: async (_ctx, organisation, request) =>
    request.user && (request.user.isOperator || (organisation.role !== null && MANAGER_ROLES.includes(organisation.role as never)))
      ? [{ href: `/organisations/${organisation.slug}/programmes`, label: request.t('programmes:nav.programmes') }]
      : [],
};
