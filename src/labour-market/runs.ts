import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { CurrentUser } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { E } from './errors.ts';
import type { RunCounts, RunStatus, VacancyRunLogTable, VacancyRunsTable } from './schema.ts';
import { accessSource, type SourceRow } from './sources.ts';
import { isUuid } from './vacancies.ts';

export type RunRow = Selectable<VacancyRunsTable>;
export type LogRow = Selectable<VacancyRunLogTable>;

export const RUN_JOB = 'labour-market.run';
/** Log lines kept per run; past it the run still counts everything. */
export const MAX_LOG_LINES = 5000;

/** Queues a run of a site or feed source (owners, admins, analysts); one run of a source at a time. */
export async function startRun(ctx: AppContext, user: CurrentUser | null, sourceId: string): Promise<RunRow> {
  const { source } = await accessSource(ctx, user, sourceId);
  return queueRun(ctx, source, user?.id ?? null);
}

export async function queueRun(ctx: AppContext, source: SourceRow, startedBy: string | null): Promise<RunRow> {
  if (source.kind === 'api') throw E.notRunnable('id');
  const run = await ctx.db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`run:${source.id}`}))`.execute(trx);
    const active = await trx
      .selectFrom('vacancy_runs')
      .select('id')
      .where('source_id', '=', source.id)
      .where('status', 'in', ['queued', 'running'])
      .executeTakeFirst();
    if (active) throw E.runActive('id');
    return trx
      .insertInto('vacancy_runs')
      .values({ source_id: source.id, status: 'queued', counts: JSON.stringify({}), started_by: startedBy, done: 0, total: 0 })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  try {
    await ctx.jobs.send(RUN_JOB, { runId: run.id });
  } catch (error) {
    // A run that no job will carry out must not keep the source from running.
    await ctx.db
      .updateTable('vacancy_runs')
      .set({ status: 'failed', error_code: 'labour-market:errors.runCrashed', finished_at: new Date() })
      .where('id', '=', run.id)
      .execute();
    throw error;
  }
  return run;
}

/** Counts and the log of one run, written as it goes so the page shows progress and a stopped run resumes. */
export class RunRecorder {
  readonly counts: RunCounts;
  private logged = 0;
  private lastWrite = 0;

  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'log'>,
    readonly run: RunRow,
    readonly source: SourceRow,
  ) {
    this.counts = { ...(run.counts ?? {}) };
  }

  count(name: string, n = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + n;
  }

  async log(level: 'info' | 'warn' | 'error', code: string, url: string | null = null, params: Record<string, string | number> = {}) {
    if (this.logged === 0) {
      const row = await this.ctx.db
        .selectFrom('vacancy_run_log')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('run_id', '=', this.run.id)
        .executeTakeFirst();
      this.logged = Number(row?.n ?? 0);
    }
    if (this.logged >= MAX_LOG_LINES) return;
    this.logged++;
    await this.ctx.db
      .insertInto('vacancy_run_log')
      .values({
        run_id: this.run.id,
        source_id: this.source.id,
        level,
        code,
        url: url?.slice(0, 2000) ?? null,
        params: JSON.stringify(params),
      })
      .execute();
  }

  /** Saves phase, progress and counts (at most a few times a second unless `force`). */
  async progress(phase: string, done: number, total: number, force = false): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastWrite < 250) return;
    this.lastWrite = now;
    await this.ctx.db
      .updateTable('vacancy_runs')
      .set({ phase, done, total: Math.max(total, done), counts: JSON.stringify(this.counts) })
      .where('id', '=', this.run.id)
      .execute();
  }
}

export interface RunView {
  id: string;
  sourceId: string;
  status: RunStatus;
  phase: string | null;
  done: number;
  total: number;
  percent: number;
  counts: RunCounts;
  errorCode: string | null;
  errorParams: Record<string, string | number> | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export function runView(run: RunRow): RunView {
  const percent = run.status === 'done' ? 100 : run.total > 0 ? Math.min(99, Math.floor((run.done / run.total) * 100)) : 0;
  return {
    id: run.id,
    sourceId: run.source_id,
    status: run.status,
    phase: run.phase,
    done: run.done,
    total: run.total,
    percent,
    counts: run.counts ?? {},
    errorCode: run.error_code,
    errorParams: run.error_params,
    createdAt: new Date(run.created_at),
    startedAt: run.started_at ? new Date(run.started_at) : null,
    finishedAt: run.finished_at ? new Date(run.finished_at) : null,
  };
}

export async function listRuns(ctx: Pick<AppContext, 'db'>, sourceId: string, limit = 10): Promise<RunRow[]> {
  return ctx.db
    .selectFrom('vacancy_runs')
    .selectAll()
    .where('source_id', '=', sourceId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function runLog(ctx: Pick<AppContext, 'db'>, runId: string, limit = 200, offset = 0): Promise<LogRow[]> {
  return ctx.db.selectFrom('vacancy_run_log').selectAll().where('run_id', '=', runId).orderBy('id').limit(limit).offset(offset).execute();
}

/** A run with its source, for someone who may see the source. */
export async function getRun(ctx: Pick<AppContext, 'db'>, user: CurrentUser | null, runId: string) {
  if (!isUuid(runId)) throw E.runNotFound('id');
  const run = await ctx.db.selectFrom('vacancy_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw E.runNotFound('id');
  try {
    const { source } = await accessSource(ctx, user, run.source_id);
    return { run, source };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw E.runNotFound('id');
    throw error;
  }
}

/** How a source is doing, from its last finished run: ok, warning (problems, or nothing found), failing, or never run. */
export type Health = 'ok' | 'warning' | 'failing' | 'never' | 'running';

const PROBLEMS = ['notFound', 'httpErrors', 'timeouts', 'tooLarge', 'redirectLoops', 'networkErrors', 'brokenJsonLd', 'private', 'invalid'];

export function healthOf(runs: RunRow[]): Health {
  const active = runs.find((r) => r.status === 'queued' || r.status === 'running');
  const last = runs.find((r) => r.status === 'done' || r.status === 'failed');
  if (!last) return active ? 'running' : 'never';
  if (last.status === 'failed') return 'failing';
  const c = last.counts ?? {};
  const problems = PROBLEMS.reduce((n, k) => n + (c[k] ?? 0), 0);
  const fetched = (c.pages ?? 0) + (c.records ?? 0) + (c.notModified ?? 0);
  if (fetched === 0 && (c.postings ?? 0) === 0 && problems > 0) return 'failing';
  if (problems > 0 || (c.postings ?? 0) === 0) return 'warning';
  return 'ok';
}

/** The last runs of several sources at once (newest first), for the sources list. */
export async function recentRuns(ctx: Pick<AppContext, 'db'>, sourceIds: string[], perSource = 5): Promise<Map<string, RunRow[]>> {
  const out = new Map<string, RunRow[]>();
  if (!sourceIds.length) return out;
  const { rows } = await sql<RunRow>`
    select * from (
      select r.*, row_number() over (partition by r.source_id order by r.created_at desc) as n
      from vacancy_runs r where r.source_id in (${sql.join(sourceIds)})
    ) x where x.n <= ${perSource} order by x.created_at desc`.execute(ctx.db);
  for (const row of rows) {
    const list = out.get(row.source_id) ?? [];
    list.push(row);
    out.set(row.source_id, list);
  }
  return out;
}
