import { escapeHtml } from '../../platform/pages/escape.ts';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { AppContext } from '../../platform/context.ts';
import { requireOperator } from '../../platform/http/auth.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { formatDateTime } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { queueEscoImport } from './jobs.ts';
import { defaultEscoPaths, describeEscoError, getImportRun, type ImportRun, listImportRuns } from './service.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';

const ImportRunJson = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  phase: Type.Union([Type.String(), Type.Null()]),
  done: Type.Integer(),
  total: Type.Integer(),
  percent: Type.Integer(),
  paths: Type.Array(Type.String()),
  counts: Type.Record(Type.String(), Type.Number()),
  error: Type.Union([Type.String(), Type.Null()]),
  /** The failure's code (`skills:errors.esco…`) and parameters (file, line, …), when it was a problem of the files. */
  errorCode: Type.Union([Type.String(), Type.Null()]),
  errorParams: Type.Union([Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** Timestamps come back as Date (pg) or string; either way a Date here. */
const date = (value: unknown) => new Date(value as string);

function percent(run: ImportRun): number {
  if (run.status === 'done') return 100;
  return run.total > 0 ? Math.min(100, Math.floor((run.done / run.total) * 100)) : 0;
}

/** Why a run failed, in the language of `t`: a problem of the files with its file and line; any other failure in general words. */
function runError(t: TFunction, run: ImportRun): string {
  if (!run.error_code) return t('skills:esco.failedOther');
  const params = run.error_params ?? {};
  const message = t(run.error_code, { ...params, defaultValue: run.error_code });
  if (!params.file) return message;
  return t(params.line ? 'skills:esco.errorAt' : 'skills:esco.errorIn', { file: params.file, line: params.line, message });
}

function runJson(run: ImportRun, english: TFunction) {
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    phase: run.phase,
    done: run.done,
    total: run.total,
    percent: percent(run),
    paths: run.paths,
    counts: run.counts,
    // English for API clients: a problem of the files as `file:line: message`, any other failure as it was thrown.
    error: run.error_code ? describeEscoError(english, run.error_code, run.error_params ?? {}) : run.error,
    errorCode: run.error_code,
    errorParams: run.error_params,
    createdAt: date(run.created_at).toISOString(),
    finishedAt: run.finished_at ? date(run.finished_at).toISOString() : null,
  };
}

function RunsTable({ request, runs }: { request: FastifyRequest; runs: ImportRun[] }) {
  const { t } = request;
  if (runs.length === 0) return <p>{escapeHtml(t('skills:esco.noRuns'))}</p>;
  return (
    <ScrollTable label={t('skills:esco.runs')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(t('skills:esco.col.started'))}</th>
            <th scope="col">{escapeHtml(t('skills:esco.col.status'))}</th>
            <th scope="col">{escapeHtml(t('skills:esco.col.phase'))}</th>
            <th scope="col">{escapeHtml(t('skills:esco.col.progress'))}</th>
            <th scope="col">{escapeHtml(t('skills:esco.col.result'))}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr>
              <td>{escapeHtml(formatDateTime(request, date(run.created_at)))}</td>
              <td>{escapeHtml(t(`skills:esco.status.${run.status}`))}</td>
              <td>{run.phase ? escapeHtml(t(`skills:esco.phase.${run.phase}`, { defaultValue: run.phase })) : ''}</td>
              <td>
                <progress max="100" value={String(percent(run))} aria-label={t('skills:esco.col.progress')}>
                  {escapeHtml(`${percent(run)}%`)}
                </progress>{' '}
                {escapeHtml(`${percent(run)}%`)}
              </td>
              <td>
                {run.status === 'failed'
                  ? escapeHtml(runError(t, run))
                  : run.status === 'done'
                    ? escapeHtml(
                        t('skills:esco.summary', {
                          skills: run.counts.skills ?? 0,
                          groups: run.counts.groups ?? 0,
                          occupations: run.counts.occupations ?? 0,
                          occupationSkills: run.counts.occupationSkills ?? 0,
                        }),
                      )
                    : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function ImportPage({
  request,
  runs,
  defaults,
  values,
  errors,
}: {
  request: FastifyRequest;
  runs: ImportRun[];
  defaults: string[];
  values?: { paths?: string };
  errors?: FormErrors;
}) {
  const { t } = request;
  const active = runs.some((r) => r.status === 'queued' || r.status === 'running');
  return (
    <Layout request={request} title={t('skills:esco.title')}>
      <h1>{escapeHtml(t('skills:esco.title'))}</h1>
      <p>{escapeHtml(t('skills:esco.intro'))}</p>
      <p>
        <small>{escapeHtml(t('skills:esco.attribution'))}</small>
      </p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/skills/import">
        <Field
          name="paths"
          label={t('skills:esco.paths')}
          hint={t('skills:esco.pathsHint', { defaults: defaults.join(', ') || '—' })}
          value={values?.paths ?? ''}
          errors={errors}
          multiline
        />
        <button type="submit">{escapeHtml(t('skills:esco.start'))}</button>
      </PostForm>
      <h2>{escapeHtml(t('skills:esco.runs'))}</h2>
      <div
        id="import-runs"
        hx-get="/skills/import/runs"
        hx-trigger={active ? 'every 2s' : undefined}
        hx-swap="innerHTML"
        aria-live="polite"
      >
        <RunsTable request={request} runs={runs} />
      </div>
      <p>
        <a href="/skills/import">{escapeHtml(t('skills:esco.refresh'))}</a>
      </p>
    </Layout>
  );
}

/** The operator's import page (/skills/import), its live fragment, and the progress API. */
export async function escoRoutes(root: FastifyInstance, ctx: AppContext): Promise<void> {
  const defaults = () => defaultEscoPaths(ctx.config.dataDir);

  root.get('/skills/import', async (request, reply) => {
    requireOperator(request);
    return reply.page(ImportPage({ request, runs: await listImportRuns(ctx.db), defaults: defaults() }));
  });

  // The fragment htmx polls every 2 s while a run is queued or running.
  root.get('/skills/import/runs', async (request, reply) => {
    requireOperator(request);
    reply.header('cache-control', 'private, no-store').type('text/html; charset=utf-8');
    return RunsTable({ request, runs: await listImportRuns(ctx.db) });
  });

  root.post<{ Body: { paths?: string } }>('/skills/import', async (request, reply) => {
    const user = requireOperator(request);
    const raw = typeof request.body?.paths === 'string' ? request.body.paths : '';
    const given = raw
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    const errors: FormErrors = {};
    let paths = given.map((p) => (isAbsolute(p) ? p : resolve(ctx.config.dataDir, p)));
    const missing = paths.find((p) => !existsSync(p));
    if (missing) errors.paths = request.t('skills:esco.pathMissing', { path: missing });
    if (paths.length === 0) {
      paths = defaults();
      if (paths.length === 0) errors.paths = request.t('skills:esco.noData', { dir: `${ctx.config.dataDir}/esco` });
    }
    if (Object.keys(errors).length > 0) {
      return reply.page(
        ImportPage({ request, runs: await listImportRuns(ctx.db), defaults: defaults(), values: { paths: raw }, errors }),
        400,
      );
    }
    await queueEscoImport(ctx, paths, user.id);
    reply.flash('success', request.t('skills:esco.queued'));
    return reply.redirect('/skills/import', 303);
  });

  await root.register(
    async (plugin) => {
      const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
      app.get(
        '/skill-imports/:id',
        {
          schema: {
            tags: ['skills'],
            summary: 'Progress and result of an ESCO import run (operator)',
            params: Type.Object({ id: Type.String() }),
            response: { 200: ImportRunJson },
          },
        },
        async (request) => {
          requireOperator(request);
          return runJson(await getImportRun(ctx.db, request.params.id), ctx.i18n.getFixedT('en'));
        },
      );
    },
    { prefix: '/api/v1' },
  );
}
