import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findOrganisation } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import { currentInput } from '../api-routes.ts';
import { E } from '../errors.ts';
import { RunsFragment, type SourceFormValues, SourceFormPage, SourcePage, SourcesPage } from '../pages/sources.tsx';
import { healthOf, listRuns, recentRuns, runLog, startRun } from '../runs.ts';
import {
  accessSource,
  createSource,
  deleteSource,
  listSources,
  MAX_UPLOAD_MB,
  managedOrganisations,
  mappingText,
  organisationChoices,
  type SourceRow,
  updateSource,
  uploadFeed,
} from '../sources.ts';

const FIELDS = [
  'organisation',
  'kind',
  'name',
  'schedule',
  'startUrls',
  'sitemaps',
  'allowedHosts',
  'maxPages',
  'delaySeconds',
  'format',
  'feedUrl',
  'mapping',
  'records',
] as const;

function formValues(request: FastifyRequest): SourceFormValues {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const out: SourceFormValues = {};
  for (const f of FIELDS) if (typeof body[f] === 'string') out[f] = (body[f] as string).slice(0, 20_000);
  return out;
}

function valuesOf(source: SourceRow): SourceFormValues {
  const input = currentInput(source);
  return {
    name: input.name,
    schedule: input.schedule,
    startUrls: input.startUrls?.join('\n'),
    sitemaps: input.sitemaps?.join('\n'),
    allowedHosts: input.allowedHosts?.join('\n'),
    maxPages: input.maxPages === undefined ? undefined : String(input.maxPages),
    delaySeconds: input.delaySeconds === undefined ? undefined : String(input.delaySeconds),
    format: input.format,
    feedUrl: input.feedUrl,
    mapping: input.mapping ? mappingText(input.mapping) : undefined,
    records: input.records,
  };
}

/** The source's page: its settings, runs (live while one goes), the last run's counts and log. */
async function sourcePage(ctx: AppContext, request: FastifyRequest, id: string, errors?: Record<string, string>) {
  const { source, organisation } = await accessSource(ctx, requireUser(request), id);
  const runs = await listRuns(ctx, source.id, 10);
  const log = runs[0] ? await runLog(ctx, runs[0].id, 300) : [];
  return SourcePage({ request, source, organisationName: organisation.name, health: healthOf(runs), runs, log, errors });
}

/** `/vacancy-sources/…`: the sources list, adding and changing a source, running it, uploading a feed, removing it. */
export function sourceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/vacancy-sources', async (request, reply) => {
    const user = requireUser(request);
    const managed = await managedOrganisations(ctx, user);
    const sources = await listSources(ctx, managed);
    const runs = await recentRuns(
      ctx,
      sources.map((s) => s.id),
    );
    const names = new Map<string, string>();
    for (const s of sources)
      if (!names.has(s.organisation_id)) names.set(s.organisation_id, (await findOrganisation(ctx.db, s.organisation_id))?.name ?? '');
    const items = sources.map((source) => {
      const list = runs.get(source.id) ?? [];
      return { source, organisationName: names.get(source.organisation_id) ?? '', health: healthOf(list), lastRun: list[0] ?? null };
    });
    return reply.page(SourcesPage({ request, items, organisations: await organisationChoices(ctx, user) }));
  });

  app.get('/vacancy-sources/new', async (request, reply) => {
    const user = requireUser(request);
    const organisations = await organisationChoices(ctx, user);
    const wanted = (request.query as Record<string, unknown>)?.organisation;
    return reply.page(
      SourceFormPage({
        request,
        organisations,
        values: { organisation: typeof wanted === 'string' ? wanted : organisations[0]?.slug, kind: 'site' },
      }),
    );
  });

  app.post('/vacancy-sources/new', async (request, reply) => {
    const user = requireUser(request);
    const values = formValues(request);
    try {
      const source = await createSource(ctx, user, values.organisation ?? '', values);
      reply.flash('success', request.t('labour-market:sources.created'));
      return reply.redirect(`/vacancy-sources/${source.id}`, 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request)) throw error;
      return reply.page(
        SourceFormPage({ request, organisations: await organisationChoices(ctx, user), values, errors }),
        (error as AppError).status,
      );
    }
  });

  app.get<{ Params: { id: string } }>('/vacancy-sources/:id', async (request, reply) =>
    reply.page(await sourcePage(ctx, request, request.params.id)),
  );

  // The fragment htmx polls while a run is queued or going.
  app.get<{ Params: { id: string } }>('/vacancy-sources/:id/runs', async (request, reply) => {
    const { source } = await accessSource(ctx, requireUser(request), request.params.id);
    const runs = await listRuns(ctx, source.id, 10);
    const log = runs[0] ? await runLog(ctx, runs[0].id, 300) : [];
    reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8');
    return RunsFragment({ request, source, runs, log });
  });

  app.post<{ Params: { id: string } }>('/vacancy-sources/:id/run', async (request, reply) => {
    try {
      await startRun(ctx, requireUser(request), request.params.id);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request) || (error as AppError).status === 404) throw error;
      return reply.page(await sourcePage(ctx, request, request.params.id, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('labour-market:source.queued'));
    return reply.redirect(`/vacancy-sources/${request.params.id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/vacancy-sources/:id/edit', async (request, reply) => {
    const user = requireUser(request);
    const { source } = await accessSource(ctx, user, request.params.id);
    if (source.kind === 'api') throw E.notRunnable('kind');
    return reply.page(SourceFormPage({ request, organisations: [], source, values: valuesOf(source) }));
  });

  app.post<{ Params: { id: string } }>('/vacancy-sources/:id/edit', async (request, reply) => {
    const user = requireUser(request);
    const { source } = await accessSource(ctx, user, request.params.id);
    const values = formValues(request);
    try {
      await updateSource(ctx, user, source.id, values);
      reply.flash('success', request.t('labour-market:sources.saved'));
      return reply.redirect(`/vacancy-sources/${source.id}`, 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request) || (error as AppError).status === 404) throw error;
      return reply.page(SourceFormPage({ request, organisations: [], source, values, errors }), (error as AppError).status);
    }
  });

  sourceFileRoutes(app, ctx);
}

/** Uploading a feed file on the source's page, and removing a source. */
function sourceFileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post<{ Params: { id: string } }>('/vacancy-sources/:id/upload', async (request, reply) => {
    const user = requireUser(request);
    await accessSource(ctx, user, request.params.id);
    try {
      if (!request.isMultipart()) throw E.feedNothing('file');
      let name = 'feed';
      let content: string | null = null;
      for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 5 } })) {
        if (part.type !== 'file') continue;
        let buffer: Buffer;
        try {
          buffer = await part.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw E.feedTooLarge('file', { max: MAX_UPLOAD_MB });
          throw error;
        }
        if (part.file.truncated) throw E.feedTooLarge('file', { max: MAX_UPLOAD_MB });
        name = part.filename || name;
        content = buffer.toString('utf8');
      }
      await uploadFeed(ctx, user, request.params.id, name, content ?? '');
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request) || (error as AppError).status === 404) throw error;
      return reply.page(await sourcePage(ctx, request, request.params.id, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('labour-market:source.uploaded'));
    return reply.redirect(`/vacancy-sources/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/vacancy-sources/:id/delete', async (request, reply) => {
    await deleteSource(ctx, requireUser(request), request.params.id);
    reply.flash('success', request.t('labour-market:source.deleted'));
    return reply.redirect('/vacancy-sources', 303);
  });
}
