import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import {
  candidatesFor,
  type Explanation,
  matchesForPerson,
  nextBadges,
  optedIn,
  setOptIn,
  type VacancyMatch,
  vacancyMatch,
} from './service.ts';
import { myShares, saveTargets, setShare, teamView } from './team.ts';

const Requirement = Type.Object({
  skillId: Type.String(),
  name: Type.String(),
  kind: Type.String({ description: 'essential or optional' }),
  source: Type.String({ description: 'vacancy (named in the ad), occupation (ESCO relation), both, or demand' }),
  weight: Type.Number(),
  credit: Type.String({ description: 'held, related (a skill one step broader or narrower held) or missing' }),
  badges: Type.Array(Type.String(), { description: 'names of the badges that prove it' }),
  via: Type.Union([Type.Object({ skillId: Type.String(), name: Type.String() }), Type.Null()]),
});
const ExplanationJson = Type.Object({
  percent: Type.Integer({ description: 'the score as a percentage, rounded' }),
  score: Type.Number({ description: 'Σ weight × credit / Σ weight (docs/matching.md)' }),
  points: Type.Number(),
  possible: Type.Number(),
  essentialMet: Type.Integer(),
  essentialTotal: Type.Integer(),
  optionalMet: Type.Integer(),
  optionalTotal: Type.Integer(),
  met: Type.Array(Requirement),
  related: Type.Array(Requirement),
  missing: Type.Array(Requirement),
});
const VacancyJson = Type.Object({
  id: Type.String(),
  title: Type.String(),
  employer: Type.Union([Type.String(), Type.Null()]),
  municipality: Type.Union([Type.String(), Type.Null()]),
  province: Type.Union([Type.String(), Type.Null()]),
  postedAt: Type.String(),
  occupation: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()], { description: 'where the posting was seen' }),
});
const MatchJson = Type.Object({ vacancy: VacancyJson, explanation: ExplanationJson });
const SuggestionJson = Type.Object({
  kind: Type.String({ description: 'badge or pathway' }),
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  organisation: Type.String(),
  effort: Type.Integer({ description: 'badges to earn: 1 for a badge, the badges a pathway still needs' }),
  gainPercent: Type.Integer(),
  percentAfter: Type.Integer(),
  closes: Type.Array(Type.Object({ skillId: Type.String(), name: Type.String(), kind: Type.String() })),
});
const Limit = Type.Optional(Type.String({ maxLength: 5, description: 'how many (1–100)' }));
const Slug = Type.Object({ slug: Type.String({ description: 'the organisation' }) });
const tags = ['insight'];

function vacancyJson(v: VacancyMatch['vacancy']) {
  return {
    id: v.id,
    title: v.title,
    employer: v.employer,
    municipality: v.municipality,
    province: v.province,
    postedAt: v.postedAt.toISOString(),
    occupation: v.occupationLabel,
    url: v.url,
  };
}

const matchJson = (m: VacancyMatch): { vacancy: ReturnType<typeof vacancyJson>; explanation: Explanation } => ({
  vacancy: vacancyJson(m.vacancy),
  explanation: m.explanation,
});

/** Matching as JSON (`/api/v1/insight/matching/…`, `/api/v1/insight/next-badge`, an organisation's candidates and team), in the OpenAPI document. */
export async function matchingApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/api/v1/insight/matching/settings',
    {
      schema: {
        tags,
        summary: 'My matching settings',
        description:
          'Whether you let employers and the matching use your verified skills (off unless you turn it on), and per organisation you belong to whether you share your verified skills with it.',
        response: {
          200: Type.Object({
            optIn: Type.Boolean(),
            shares: Type.Array(Type.Object({ organisation: Type.String(), name: Type.String(), shared: Type.Boolean() })),
          }),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const shares = await myShares(ctx, user);
      return { optIn: await optedIn(ctx, user), shares: shares.map((s) => ({ organisation: s.slug, name: s.name, shared: s.shared })) };
    },
  );

  api.put(
    '/api/v1/insight/matching/opt-in',
    {
      schema: {
        tags,
        summary: 'Turn matching on or off',
        description: 'On: your verified skills are matched to vacancies and employers may find you by them. Off stops both at once.',
        body: Type.Object({ optIn: Type.Optional(Type.Unknown({ description: 'true or false' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ optIn: Type.Boolean() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { optIn: await setOptIn(ctx, user, request.body?.optIn) };
    },
  );

  api.put(
    '/api/v1/insight/matching/shares/:slug',
    {
      schema: {
        tags,
        summary: 'Share my verified skills with an organisation I belong to, or stop',
        params: Slug,
        body: Type.Object({ shared: Type.Optional(Type.Unknown({ description: 'true or false' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ organisation: Type.String(), shared: Type.Boolean() }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { organisation: request.params.slug, shared: await setShare(ctx, user, request.params.slug, request.body?.shared) };
    },
  );

  api.get(
    '/api/v1/insight/matching/vacancies',
    {
      schema: {
        tags,
        summary: 'Vacancies that fit my verified skills',
        description:
          'The network’s current vacancies ranked by how your verified skills meet what each asks (docs/matching.md), with the skills met, met through a related skill, and missing. Needs the opt-in (409 otherwise).',
        querystring: Type.Object({ limit: Limit }),
        response: {
          200: Type.Object({
            items: Type.Array(MatchJson),
            considered: Type.Integer({ description: 'current vacancies that ask for skills' }),
            withoutFit: Type.Integer({ description: 'of those, vacancies you meet nothing of (not listed)' }),
            skills: Type.Integer({ description: 'your verified skills' }),
          }),
        },
      },
    },
    async (request) => {
      const result = await matchesForPerson(ctx, requireUser(request), request.lang, { limit: request.query.limit });
      return { ...result, items: result.items.map(matchJson) };
    },
  );

  api.get(
    '/api/v1/insight/matching/vacancies/:id',
    {
      schema: {
        tags,
        summary: 'How my verified skills meet one vacancy',
        params: Type.Object({ id: Type.String() }),
        response: { 200: MatchJson },
      },
    },
    async (request) => matchJson(await vacancyMatch(ctx, requireUser(request), request.lang, request.params.id)),
  );

  api.get(
    '/api/v1/insight/next-badge',
    {
      schema: {
        tags,
        summary: 'The badges and pathways that close most of my gap for the least effort',
        description:
          'For a target: a vacancy (`kind=vacancy&id=…`), an occupation (`kind=occupation&id=…`) or the region’s most demanded skills (`kind=demand`, optionally `region=` a province or municipality). Ranked by the rise of your score per badge to earn.',
        querystring: Type.Object({
          kind: Type.Optional(Type.String({ maxLength: 20, description: 'vacancy, occupation or demand (default)' })),
          id: Type.Optional(Type.String({ maxLength: 100 })),
          region: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Limit,
        }),
        response: {
          200: Type.Object({
            target: Type.Object({ kind: Type.String(), id: Type.Union([Type.String(), Type.Null()]), label: Type.String() }),
            percent: Type.Integer(),
            missing: Type.Array(Requirement),
            suggestions: Type.Array(SuggestionJson),
          }),
        },
      },
    },
    async (request) => {
      const advice = await nextBadges(ctx, requireUser(request), request.lang, request.query);
      return {
        ...advice,
        suggestions: advice.suggestions.map(({ href, organisationName, ...s }) => ({
          ...s,
          url: `${ctx.config.baseUrl}${href}`,
          organisation: organisationName,
        })),
      };
    },
  );

  api.get(
    '/api/v1/insight/organisations/:slug/candidates',
    {
      schema: {
        tags,
        summary: 'People who opted in, ranked for one of the organisation’s vacancies',
        description:
          'For owners, admins and analysts of the organisation. Ranked by verified skills alone (never age, gender, origin or any other field), each explained.',
        params: Slug,
        querystring: Type.Object({ vacancy: Type.Optional(Type.String({ maxLength: 100 })), limit: Limit }),
        response: {
          200: Type.Object({
            vacancy: VacancyJson,
            candidates: Type.Array(Type.Object({ name: Type.String(), explanation: ExplanationJson })),
            optedIn: Type.Integer(),
            withoutFit: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const result = await candidatesFor(ctx, requireUser(request), request.params.slug, request.query.vacancy ?? '', request.lang, {
        limit: request.query.limit,
      });
      return {
        vacancy: vacancyJson(result.vacancy),
        candidates: result.candidates.map((c) => ({ name: c.name, explanation: c.explanation })),
        optedIn: result.optedIn,
        withoutFit: result.withoutFit,
      };
    },
  );

  const TeamJson = Type.Object({
    organisation: Type.String(),
    targets: Type.Array(
      Type.Object({
        skillId: Type.String(),
        name: Type.String(),
        wanted: Type.Integer(),
        holders: Type.Integer(),
        gap: Type.Integer(),
        badges: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), organisation: Type.String() })),
        pathways: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), organisation: Type.String() })),
        themes: Type.Array(Type.Object({ name: Type.String(), url: Type.String(), community: Type.String() })),
      }),
    ),
    people: Type.Array(Type.Object({ name: Type.String(), cells: Type.Array(Type.String()) })),
  });
  const teamJson = (view: Awaited<ReturnType<typeof teamView>>) => ({
    organisation: view.organisation.slug,
    targets: view.targets.map((t) => ({
      skillId: t.skillId,
      name: t.name,
      wanted: t.wanted,
      holders: t.holders,
      gap: t.gap,
      badges: t.badges.map((b) => ({ name: b.name, url: `${ctx.config.baseUrl}${b.href}`, organisation: b.organisationName })),
      pathways: t.pathways.map((p) => ({ name: p.name, url: `${ctx.config.baseUrl}${p.href}`, organisation: p.organisationName })),
      themes: t.themes.map((th) => ({ name: th.name, url: `${ctx.config.baseUrl}${th.href}`, community: th.communityName })),
    })),
    people: view.people.map((p) => ({ name: p.name, cells: p.cells })),
  });

  api.get(
    '/api/v1/insight/organisations/:slug/team',
    {
      schema: {
        tags,
        summary: 'The organisation’s target skills against its people’s verified skills',
        description:
          'For owners, admins and analysts. Only members who chose to share their verified skills with the organisation are shown; each target with how many hold it, how many are wanted, and the badges, pathways and community themes that teach it.',
        params: Slug,
        response: { 200: TeamJson },
      },
    },
    async (request) => teamJson(await teamView(ctx, requireUser(request), request.params.slug, request.lang)),
  );

  api.put(
    '/api/v1/insight/organisations/:slug/targets',
    {
      schema: {
        tags,
        summary: 'Set the organisation’s target skills',
        description: 'Replaces the list (owners and admins). A skill by library id or URL, or ESCO URI; wanted: people, 1–10,000.',
        params: Slug,
        body: Type.Object(
          {
            targets: Type.Optional(
              Type.Array(
                Type.Object(
                  { skill: Type.Optional(Type.Unknown()), wanted: Type.Optional(Type.Unknown()) },
                  { additionalProperties: false },
                ),
                {
                  maxItems: 200,
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: TeamJson },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await saveTargets(ctx, user, request.params.slug, request.body?.targets);
      return teamJson(await teamView(ctx, user, request.params.slug, request.lang));
    },
  );
}
