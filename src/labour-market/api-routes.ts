import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireOrgRole } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import { parsePeriod } from './filters.ts';
import { getRun, healthOf, listRuns, recentRuns, runLog, runView, startRun } from './runs.ts';
import {
  ANALYST_ROLES,
  accessSource,
  createSource,
  deleteSource,
  listSources,
  managedOrganisations,
  type SourceRow,
  updateSource,
  uploadFeed,
} from './sources.ts';
import { submitVacancy } from './submit.ts';
import { taggedText } from './tagging.ts';
import { getVacancy, listVacancies, MAX_PAGE, type VacancyDetail, type VacancySummary } from './vacancies.ts';

const Id = Type.String({ description: 'A uuid' });
const Str = (max: number, description?: string) => Type.String({ maxLength: max, description });
const Lines = Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 50 });

const SourceBody = {
  name: Type.Optional(Str(200)),
  schedule: Type.Optional(Type.String({ description: 'manual, daily or weekly' })),
  startUrls: Type.Optional(Lines),
  sitemaps: Type.Optional(Lines),
  allowedHosts: Type.Optional(Lines),
  maxPages: Type.Optional(Type.Number()),
  delaySeconds: Type.Optional(Type.Number()),
  format: Type.Optional(Type.String({ description: 'csv, json or xml' })),
  feedUrl: Type.Optional(Str(2000)),
  mapping: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 200 }))),
  records: Type.Optional(Str(200)),
};

const VacancyBody = Type.Object(
  {
    organisation: Str(200, 'The organisation (slug or id) whose vacancies these are'),
    id: Type.Optional(Str(300, 'Your own id for the vacancy: sending it again updates the same sighting')),
    url: Type.Optional(Str(2000)),
    title: Str(1000),
    description: Type.Optional(Type.String({ maxLength: 200_000 })),
    employer: Type.Optional(Str(500)),
    municipality: Type.Optional(Str(200)),
    province: Type.Optional(Str(200)),
    postcode: Type.Optional(Str(20)),
    country: Type.Optional(Str(100)),
    datePosted: Type.Optional(Str(40, 'YYYY-MM-DD or an ISO date-time')),
    validThrough: Type.Optional(Str(40, 'YYYY-MM-DD or an ISO date-time')),
    employmentType: Type.Optional(Type.Union([Str(200), Type.Array(Str(40), { maxItems: 10 })])),
    education: Type.Optional(Str(500)),
    experience: Type.Optional(Str(500)),
    salaryMin: Type.Optional(Type.Number()),
    salaryMax: Type.Optional(Type.Number()),
    salaryCurrency: Type.Optional(Str(10)),
    salaryUnit: Type.Optional(Str(20)),
    language: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export function sourceJson(source: SourceRow, runs: Parameters<typeof healthOf>[0]) {
  return {
    id: source.id,
    organisationId: source.organisation_id,
    kind: source.kind,
    name: source.name,
    schedule: source.schedule,
    settings: source.settings,
    upload: source.upload_name ? { name: source.upload_name, uploadedAt: new Date(source.uploaded_at as Date).toISOString() } : null,
    health: healthOf(runs),
    lastRun: runs[0] ? runJson(runView(runs[0])) : null,
    createdAt: new Date(source.created_at).toISOString(),
  };
}

function runJson(run: ReturnType<typeof runView>) {
  return {
    ...run,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function summaryJson(v: VacancySummary) {
  return { ...v, postedAt: v.postedAt.toISOString(), validThrough: v.validThrough?.toISOString() ?? null };
}

export function vacancyJson(detail: VacancyDetail) {
  const v = detail.vacancy;
  return {
    id: v.id,
    organisationId: v.organisation_id,
    title: v.title,
    employer: v.employer,
    description: v.description,
    location: { municipality: v.municipality, province: v.province, postcode: v.postcode, country: v.country },
    datePosted: iso(v.date_posted),
    validThrough: iso(v.valid_through),
    employmentType: v.employment_type,
    education: v.education,
    experience: v.experience,
    salary:
      v.salary_min !== null || v.salary_max !== null
        ? { min: v.salary_min, max: v.salary_max, currency: v.salary_currency, unit: v.salary_unit }
        : null,
    language: v.language,
    occupation: v.occupation_id
      ? { id: v.occupation_id, uri: v.occupation_uri, label: v.occupation_label, confidence: v.occupation_confidence }
      : null,
    current: detail.current,
    firstSeenAt: iso(v.first_seen_at),
    lastSeenAt: iso(v.last_seen_at),
    taggedAt: iso(v.tagged_at),
    /** Skill spans are offsets into this text: the title, an empty line, the description. */
    taggedText: taggedText(v),
    skills: detail.skills,
    sightings: detail.sightings.map((s) => ({ ...s, firstSeenAt: s.firstSeenAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() })),
  };
}

/** The JSON API: vacancies (read, and taken in by POST), sources, runs with their logs. */
export async function labourMarketApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['labour-market'];

      api.get(
        '/vacancies',
        {
          schema: {
            tags,
            summary: 'Vacancies of your organisations (de-duplicated: one per job, however often it was seen)',
            querystring: Type.Object({
              organisation: Type.Optional(Str(200)),
              skill: Type.Optional(Str(100, 'A skill id')),
              occupation: Type.Optional(Str(100, 'An occupation id')),
              region: Type.Optional(Str(200, 'A province or municipality')),
              from: Type.Optional(Str(10, 'YYYY-MM-DD')),
              to: Type.Optional(Str(10, 'YYYY-MM-DD')),
              source: Type.Optional(Str(100, 'A source id')),
              current: Type.Optional(Type.Boolean()),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE })),
              offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
            }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          const q = request.query;
          const period = parsePeriod(q.from, q.to);
          const { from: _f, to: _t, ...rest } = q;
          const result = await listVacancies(ctx, user, { ...rest, ...period });
          return { items: result.items.map(summaryJson), total: result.total };
        },
      );

      api.get(
        '/vacancies/:id',
        { schema: { tags, summary: 'One vacancy: its skills with their spans, and every sighting', params: Type.Object({ id: Id }) } },
        async (request) => vacancyJson(await getVacancy(ctx, requireUser(request), request.params.id)),
      );

      api.post(
        '/vacancies',
        {
          schema: {
            tags,
            summary: 'Send a vacancy (owners, admins and analysts of the organisation)',
            description:
              'The vacancy is de-duplicated against the organisation\'s vacancies from every source: 201 with status "new", or 200 with "exact" or "near" (a sighting of an existing vacancy), "seen" (sent before, unchanged) or "updated" (same id or url, changed text).',
            body: VacancyBody,
          },
        },
        async (request, reply) => {
          const result = await submitVacancy(ctx, requireUser(request), request.body);
          return reply.status(result.status === 'new' ? 201 : 200).send(result);
        },
      );
    },
    { prefix: '/api/v1' },
  );
  await sourceApi(app, ctx);
}

/** A source's stored settings as input, so a change may send only what changes. */
export function currentInput(source: SourceRow) {
  const s = source.settings as Record<string, unknown>;
  return {
    name: source.name,
    schedule: source.schedule,
    startUrls: s.startUrls as string[] | undefined,
    sitemaps: s.sitemaps as string[] | undefined,
    allowedHosts: s.allowedHosts as string[] | undefined,
    maxPages: s.maxPages as number | undefined,
    delaySeconds: s.delaySeconds as number | undefined,
    format: s.format as string | undefined,
    feedUrl: (s.url as string | null) ?? undefined,
    mapping: s.mapping as Record<string, string> | undefined,
    records: s.records as string | undefined,
  };
}

/** Sources and their runs: add, read, change, remove, upload a feed, start a run, follow a run. */
async function sourceApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['labour-market'];

      api.get(
        '/vacancy-sources',
        {
          schema: {
            tags,
            summary: 'The sources of the organisations whose sources you manage',
            querystring: Type.Object({ organisation: Type.Optional(Str(200)) }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          let orgs: string[] | null;
          if (request.query.organisation)
            orgs = [(await requireOrgRole(ctx, user, request.query.organisation, ANALYST_ROLES)).organisation.id];
          else orgs = await managedOrganisations(ctx, user);
          const sources = await listSources(ctx, orgs);
          const runs = await recentRuns(
            ctx,
            sources.map((s) => s.id),
          );
          return { items: sources.map((s) => sourceJson(s, runs.get(s.id) ?? [])) };
        },
      );

      api.post(
        '/vacancy-sources',
        {
          schema: {
            tags,
            summary: 'Add a site to crawl or a feed (owners, admins and analysts)',
            body: Type.Object(
              { organisation: Str(200), kind: Type.String({ description: 'site or feed' }), ...SourceBody },
              { additionalProperties: false },
            ),
          },
        },
        async (request, reply) => {
          const { organisation, ...input } = request.body;
          const source = await createSource(ctx, requireUser(request), organisation, input);
          return reply.status(201).send(sourceJson(source, []));
        },
      );

      api.get(
        '/vacancy-sources/:id',
        { schema: { tags, summary: 'A source with its health and last runs', params: Type.Object({ id: Id }) } },
        async (request) => {
          const { source } = await accessSource(ctx, requireUser(request), request.params.id);
          const runs = await listRuns(ctx, source.id, 20);
          return { ...sourceJson(source, runs), runs: runs.map((r) => runJson(runView(r))) };
        },
      );

      api.patch(
        '/vacancy-sources/:id',
        {
          schema: {
            tags,
            summary: 'Change a source',
            params: Type.Object({ id: Id }),
            body: Type.Object(SourceBody, { additionalProperties: false }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          const { source } = await accessSource(ctx, user, request.params.id);
          const merged = { ...currentInput(source), ...request.body };
          const updated = await updateSource(ctx, user, source.id, merged);
          return sourceJson(updated, await listRuns(ctx, source.id, 5));
        },
      );

      api.delete(
        '/vacancy-sources/:id',
        { schema: { tags, summary: 'Remove a source, its runs and sightings', params: Type.Object({ id: Id }) } },
        async (request, reply) => {
          await deleteSource(ctx, requireUser(request), request.params.id);
          return reply.status(204).send();
        },
      );
    },
    { prefix: '/api/v1' },
  );
  await runApi(app, ctx);
}

/** A feed's upload, starting a run and following it. */
async function runApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<TypeBoxTypeProvider>();
      const tags = ['labour-market'];

      api.post(
        '/vacancy-sources/:id/upload',
        {
          schema: {
            tags,
            summary: 'Upload a feed file (CSV, JSON or XML as text) for a feed source',
            params: Type.Object({ id: Id }),
            body: Type.Object(
              { name: Type.Optional(Str(200)), content: Type.String({ maxLength: 10 * 1024 * 1024 }) },
              { additionalProperties: false },
            ),
          },
        },
        async (request, reply) => {
          await uploadFeed(ctx, requireUser(request), request.params.id, request.body.name ?? 'feed', request.body.content);
          return reply.status(204).send();
        },
      );

      api.post(
        '/vacancy-sources/:id/runs',
        { schema: { tags, summary: 'Start a crawl or feed pull now (a background job)', params: Type.Object({ id: Id }) } },
        async (request, reply) => {
          const run = await startRun(ctx, requireUser(request), request.params.id);
          return reply.status(202).send(runJson(runView(run)));
        },
      );

      api.get(
        '/vacancy-runs/:id',
        {
          schema: {
            tags,
            summary: 'A run: progress, counts and its log (coded events with their URL)',
            params: Type.Object({ id: Id }),
            querystring: Type.Object({ logOffset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) }),
          },
        },
        async (request) => {
          const { run } = await getRun(ctx, requireUser(request), request.params.id);
          const log = await runLog(ctx, run.id, 500, request.query.logOffset ?? 0);
          return {
            ...runJson(runView(run)),
            log: log.map((l) => ({ at: new Date(l.at).toISOString(), level: l.level, code: l.code, url: l.url, params: l.params })),
          };
        },
      );
    },
    { prefix: '/api/v1' },
  );
}
