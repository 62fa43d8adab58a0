import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addVacancySection, type VacancyForSection } from '../../labour-market/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { ModulePart } from '../../platform/module.ts';
import { noHtml, type SafeHtml, safeHtml } from '../../platform/pages/safe-html.ts';
import { matchingApi } from './api-routes.ts';
import { seedMatchingDemo } from './demo.ts';
import { verifiedSkills } from './inputs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { matchingMigrations } from './migrations.ts';
import { m } from './pages/components.tsx';
import { MatchingPanel, OptInPanel, VacancyFitSection, VacancyTeachingSection } from './pages/panels.tsx';
import { matchingPersonalData } from './personal-data.ts';
import { matchingPolicies } from './policies.ts';
import { employerRoutes } from './routes/employer.ts';
import { personRoutes } from './routes/person.ts';
import { EMPLOYER_ROLES, matchesForPerson, nextBadges, optedIn, teachingForVacancy, vacancyMatch } from './service.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  personRoutes(app, ctx);
  employerRoutes(app, ctx);
  await matchingApi(app, ctx);
}

/** The home page: for someone who opted in, the best-fitting vacancies and a badge to earn next; else an invitation when they have verified skills. */
async function dashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  const user = request.user;
  if (!user) return noHtml;
  if (!(await optedIn(ctx, user))) {
    const { held } = await verifiedSkills(ctx, user.id, request.lang);
    return held.size ? safeHtml(OptInPanel({ request, skills: held.size })) : noHtml;
  }
  const matches = await matchesForPerson(ctx, user, request.lang, { limit: 3 });
  const advice = await nextBadges(ctx, user, request.lang, { kind: 'demand', limit: 1 });
  return safeHtml(MatchingPanel({ request, matches: matches.items, advice }));
}

/** The vacancy page (labour market): the reader's own fit when they opted in, else what the network offers to learn its skills. */
async function vacancySection(ctx: AppContext, vacancy: VacancyForSection, request: FastifyRequest): Promise<SafeHtml> {
  const user = request.user;
  if (user && (await optedIn(ctx, user))) {
    const match = await vacancyMatch(ctx, user, request.lang, vacancy.id).catch(() => null);
    if (match) {
      const advice = await nextBadges(ctx, user, request.lang, { kind: 'vacancy', id: vacancy.id });
      return safeHtml(VacancyFitSection({ request, match, advice }));
    }
  }
  const advice = await teachingForVacancy(ctx, request.lang, vacancy.id);
  return advice ? safeHtml(VacancyTeachingSection({ request, advice })) : noHtml;
}
addVacancySection(vacancySection);

/**
 * Matching and the next badge (issue 12, docs/matching.md): a person who opted in sees vacancies
 * ranked by their verified skills, explained, and the badges and pathways that close their gap;
 * an employer sees opted-in people for its vacancies, sets target skills and sees its team's
 * skills (only people who share with it). Plugged into the insight module beside its analytics.
 */
export const matchingPart: ModulePart = {
  // Its tables are listed with the module's (src/insight/schema.ts).
  migrations: matchingMigrations,
  locales: { en, nl },
  routes,
  routePolicies: matchingPolicies,
  dashboard,
  seedDemo: seedMatchingDemo,
  personalData: matchingPersonalData,
  organisationLinks: async (_ctx, organisation, request) =>
    request.user && (request.user.isOperator || (organisation.role !== null && EMPLOYER_ROLES.includes(organisation.role as never)))
      ? [
          { href: `/organisations/${organisation.slug}/insight/candidates`, label: m(request, 'links.candidates') },
          { href: `/organisations/${organisation.slug}/insight/team`, label: m(request, 'links.team') },
        ]
      : [],
};
