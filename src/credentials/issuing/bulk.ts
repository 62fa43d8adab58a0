import { parse } from 'csv-parse/sync';
import { requireOrgRole } from '../../accounts/api.ts';
import { isEmail, normaliseEmail } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError, HttpProblem } from '../../platform/errors.ts';
import type { Job } from 'pg-boss';
import type { ProofFormat } from '../schema.ts';
import { E } from '../errors.ts';
import type { Locale } from '../../platform/module.ts';
import { findOrganisation } from '../../accounts/api.ts';
import { achievementRow, ISSUER_ROLES, isUuid, userRef } from './achievements.ts';
import { chooseProofFormat, issueAs } from './issue.ts';

export const BULK_ISSUE_JOB = 'credentials.bulk-issue';
export const MAX_BULK_ROWS = 50_000;
/** Rows per chunk: their outcomes commit together, and the database is free between chunks. */
const CHUNK = 25;
/** Attempts that end in an error of the job's own before it is marked failed (crashes do not count). */
export const BULK_FAILURES_ALLOWED = 3;

export interface BulkIssueJob {
  bulkIssueId: string;
  lang?: Locale;
  notify?: boolean;
}

export interface BulkIssueOptions {
  lang?: Locale;
  notify?: boolean;
  /** The proof of every credential of the job (default: the achievement's). */
  proofFormat?: ProofFormat | string | null;
}

/** Header names people write, normalised: "Issue date" → issue_date. */
const norm = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
const COLUMNS = {
  email: ['email', 'e_mail', 'mail', 'email_address', 'recipient'],
  name: ['name', 'full_name', 'recipient_name', 'naam'],
  date: ['issue_date', 'date', 'issued', 'awarded', 'awarded_date', 'datum'],
  evidence: ['evidence', 'evidence_url', 'bewijs'],
};

function columnOf(headers: string[], names: string[]): number {
  return headers.findIndex((h) => names.includes(norm(h)));
}

function parseCsv(text: string): string[][] {
  try {
    return parse(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      delimiter: text.split('\n', 1)[0].includes(';') && !text.split('\n', 1)[0].includes(',') ? ';' : ',',
    });
  } catch (error) {
    throw E.csvUnreadable('file', { reason: (error as Error).message.slice(0, 200) });
  }
}

/** Checks the header of a bulk CSV: an email column is required; returns the number of data rows. */
export function checkBulkCsv(text: string): number {
  if (!text.trim()) throw E.csvEmpty('file');
  const records = parseCsv(text);
  const headers = records[0] ?? [];
  if (columnOf(headers, COLUMNS.email) < 0) throw E.csvNoEmailColumn('file');
  const rows = records.slice(1).filter((r) => r.some((c) => c !== '')).length;
  if (rows === 0) throw E.csvNoRows('file');
  if (rows > MAX_BULK_ROWS) throw E.csvTooManyRows('file', { rows, max: MAX_BULK_ROWS });
  return rows;
}

/** Stores the upload and queues the job; the page follows its progress. */
export async function startBulkIssue(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  achievementId: string,
  csv: string,
  options: BulkIssueOptions = {},
): Promise<string> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  const achievement = await achievementRow(ctx, organisation.id, achievementId);
  const proofFormat = options.proofFormat ? chooseProofFormat(options.proofFormat, achievement.proof_format) : null;
  const total = checkBulkCsv(csv);
  const row = await ctx.db
    .insertInto('bulk_issues')
    .values({
      organisation_id: organisation.id,
      achievement_id: achievement.id,
      csv,
      status: 'queued',
      total,
      done: 0,
      issued: 0,
      failed: 0,
      proof_format: proofFormat,
      created_by: userRef(user),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.jobs.send<BulkIssueJob>(
    BULK_ISSUE_JOB,
    { bulkIssueId: row.id, lang: options.lang, notify: options.notify },
    { singletonKey: row.id },
  );
  return row.id;
}

/** Turns the CSV into rows once (idempotent: a rerun finds them there). */
async function explode(ctx: AppContext, bulkIssueId: string, csv: string): Promise<void> {
  const records = parseCsv(csv);
  const headers = records[0];
  const col = {
    email: columnOf(headers, COLUMNS.email),
    name: columnOf(headers, COLUMNS.name),
    date: columnOf(headers, COLUMNS.date),
    evidence: columnOf(headers, COLUMNS.evidence),
  };
  const known = new Set(Object.values(col));
  const rows = [];
  for (let i = 1; i < records.length; i++) {
    const r = records[i];
    if (!r.some((c) => c !== '')) continue;
    const data: Record<string, string> = {};
    if (col.date >= 0 && r[col.date]) data.date = r[col.date];
    if (col.evidence >= 0 && r[col.evidence]) data.evidence = r[col.evidence];
    headers.forEach((h, j) => {
      if (!known.has(j) && r[j]) data[`result:${h.trim().replace(/^result:\s*/i, '')}`] = r[j];
    });
    rows.push({
      bulk_issue_id: bulkIssueId,
      line: i + 1,
      email: r[col.email] ?? '',
      name: col.name >= 0 ? r[col.name] || null : null,
      data: JSON.stringify(data) as never,
      status: 'pending' as const,
    });
  }
  for (let i = 0; i < rows.length; i += 500) {
    await ctx.db
      .insertInto('bulk_issue_rows')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['bulk_issue_id', 'line']).doNothing())
      .execute();
  }
}

/** What became of one row: issued (with its credential) or not, with the reason as an error code. */
interface RowOutcome {
  line: number;
  status: 'issued' | 'failed';
  credentialId: string | null;
  errorCode: string | null;
  errorParams: Record<string, string | number> | null;
}

/**
 * The job: issues every pending row, a chunk at a time. Each credential carries the idempotency key
 * `bulk:<id>:<line>`, so a job that is killed and run again skips what is done, re-finds what was
 * issued but not yet marked, and never issues twice. Between credentials it yields to the event
 * loop (PGlite answers without one, so a loop of queries would otherwise starve every request), and
 * each chunk's outcomes commit in one short transaction. The counts shown are taken from the stored
 * credentials and rows (see `bulkProgress`), never from a counter that a crash could leave behind.
 *
 * An error that is a row's fault (a coded 4xx) fails that row. Any other error is the job's: it is
 * counted, and after BULK_FAILURES_ALLOWED of them the job is marked failed with the reason; before
 * that it is thrown so that the queue runs the job again. A crash of the process is not counted:
 * the job is taken over on the next start (src/platform/jobs.ts) and resumes where it stopped.
 */
export async function runBulkIssue(ctx: AppContext, job: BulkIssueJob, _job?: Job<BulkIssueJob>): Promise<void> {
  const bulk = await ctx.db.selectFrom('bulk_issues').selectAll().where('id', '=', job.bulkIssueId).executeTakeFirst();
  if (!bulk || bulk.status === 'done' || bulk.status === 'failed') return;
  const organisation = await findOrganisation(ctx.db, bulk.organisation_id);
  if (!organisation) return;
  await ctx.db.updateTable('bulk_issues').set({ status: 'running' }).where('id', '=', bulk.id).execute();
  try {
    await explode(ctx, bulk.id, bulk.csv);
    for (;;) {
      const rows = await ctx.db
        .selectFrom('bulk_issue_rows')
        .selectAll()
        .where('bulk_issue_id', '=', bulk.id)
        .where('status', '=', 'pending')
        .orderBy('line')
        .limit(CHUNK)
        .execute();
      if (rows.length === 0) break;
      const outcomes: RowOutcome[] = [];
      for (const row of rows) {
        outcomes.push(await issueRow(ctx, bulk, organisation, row, job));
        // Let requests (and their queries, queued on the same database) through between credentials.
        await yieldToEventLoop();
      }
      await ctx.db.transaction().execute(async (trx) => {
        for (const o of outcomes)
          await trx
            .updateTable('bulk_issue_rows')
            .set({
              status: o.status,
              credential_id: o.credentialId,
              error_code: o.errorCode,
              error_params: o.errorParams ? (JSON.stringify(o.errorParams) as never) : null,
              error: null,
            })
            .where('bulk_issue_id', '=', bulk.id)
            .where('line', '=', o.line)
            .execute();
      });
      await refreshCounts(ctx, bulk.id);
    }
    await refreshCounts(ctx, bulk.id);
    await ctx.db
      .updateTable('bulk_issues')
      .set({ status: 'done', finished_at: new Date(), error: null, error_code: null, error_params: null })
      .where('id', '=', bulk.id)
      .execute();
  } catch (error) {
    const coded = error instanceof AppError && !(error instanceof HttpProblem);
    const reason = coded
      ? { code: error.code, params: error.params }
      : { code: E.bulkFailed.code, params: { reason: (error as Error).message ?? String(error) } };
    const after = await ctx.db
      .updateTable('bulk_issues')
      .set((eb) => ({
        failures: eb('failures', '+', 1),
        error: (error as Error).message ?? String(error),
        error_code: reason.code,
        error_params: JSON.stringify(reason.params) as never,
      }))
      .where('id', '=', bulk.id)
      .returning('failures')
      .executeTakeFirst();
    if ((after?.failures ?? 0) >= BULK_FAILURES_ALLOWED) {
      await refreshCounts(ctx, bulk.id);
      await ctx.db.updateTable('bulk_issues').set({ status: 'failed', finished_at: new Date() }).where('id', '=', bulk.id).execute();
      ctx.log.error({ err: error, bulkIssueId: bulk.id }, 'bulk issue failed; not retried');
      return;
    }
    throw error;
  }
}

async function issueRow(
  ctx: AppContext,
  bulk: { id: string; achievement_id: string; created_by: string | null; proof_format: ProofFormat | null },
  organisation: NonNullable<Awaited<ReturnType<typeof findOrganisation>>>,
  row: { line: number; email: string; name: string | null; data: Record<string, string> },
  job: BulkIssueJob,
): Promise<RowOutcome> {
  const failed = (error: AppError): RowOutcome => ({
    line: row.line,
    status: 'failed',
    credentialId: null,
    errorCode: error.code,
    errorParams: error.params,
  });
  const email = normaliseEmail(row.email);
  if (!email) return failed(E.rowEmailMissing('email'));
  if (!isEmail(email)) return failed(E.rowEmailInvalid('email', { email: row.email }));
  try {
    const results: Record<string, string> = {};
    for (const [k, v] of Object.entries(row.data)) if (k.startsWith('result:')) results[k.slice(7)] = v;
    const credential = await issueAs(
      ctx,
      organisation,
      {
        achievementId: bulk.achievement_id,
        recipient: { email, name: row.name ?? undefined },
        awardedAt: row.data.date,
        evidence: row.data.evidence ? [row.data.evidence] : [],
        results,
        proofFormat: bulk.proof_format,
        idempotencyKey: `bulk:${bulk.id}:${row.line}`,
        bulkIssueId: bulk.id,
        notify: job.notify,
        lang: job.lang,
      },
      bulk.created_by,
    );
    return { line: row.line, status: 'issued', credentialId: credential.id, errorCode: null, errorParams: null };
  } catch (e) {
    // The row's fault (a bad date, result, URL): reported on the row. Anything else is the job's.
    if (e instanceof HttpProblem && e.status < 500) return failed(E.rowFailed('row', { reason: e.message }));
    if (e instanceof AppError && e.status < 500) return failed(e);
    throw e;
  }
}

/** The counts of a job, from its rows and the credentials stored (exact after any crash). */
async function countsOf(ctx: AppContext, bulkIssueId: string): Promise<{ issued: number; failed: number; done: number }> {
  const failedRows = await ctx.db
    .selectFrom('bulk_issue_rows')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('bulk_issue_id', '=', bulkIssueId)
    .where('status', '=', 'failed')
    .executeTakeFirstOrThrow();
  const credentials = await ctx.db
    .selectFrom('issued_credentials')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('bulk_issue_id', '=', bulkIssueId)
    .executeTakeFirstOrThrow();
  const issued = Number(credentials.n);
  const failed = Number(failedRows.n);
  return { issued, failed, done: issued + failed };
}

/** Keeps the stored counts (for lists and the API) in step with the rows; pages read `countsOf`. */
async function refreshCounts(ctx: AppContext, bulkIssueId: string): Promise<void> {
  const counts = await countsOf(ctx, bulkIssueId);
  await ctx.db.updateTable('bulk_issues').set(counts).where('id', '=', bulkIssueId).execute();
}

/** A row problem or the job's error: its code and parameters, and its text in the reader's language. */
export interface BulkMessage {
  code: string;
  params: Record<string, string | number>;
}

export interface BulkProgress {
  id: string;
  achievementId: string;
  status: string;
  total: number;
  done: number;
  issued: number;
  failed: number;
  /** Why the job stopped (or, while it runs again, why its last attempt did). */
  error: BulkMessage | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** Rows that failed, with their CSV line number and the reason as a code. */
  problems: { line: number; email: string; code: string; params: Record<string, string | number>; error: string }[];
}

/**
 * Progress and problems of a bulk issue. The counts come from the stored credentials and rows, not a
 * counter. `t` renders each problem's `error` text (English when not given, as the API answers).
 */
export async function bulkProgress(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  bulkIssueId: string,
  t = ctx.i18n.getFixedT('en'),
): Promise<BulkProgress> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  if (!isUuid(bulkIssueId)) throw E.bulkIssueNotFound();
  const bulk = await ctx.db
    .selectFrom('bulk_issues')
    .selectAll()
    .where('id', '=', bulkIssueId)
    .where('organisation_id', '=', organisation.id)
    .executeTakeFirst();
  if (!bulk) throw E.bulkIssueNotFound();
  const problems = await ctx.db
    .selectFrom('bulk_issue_rows')
    .select(['line', 'email', 'error', 'error_code', 'error_params'])
    .where('bulk_issue_id', '=', bulk.id)
    .where('status', '=', 'failed')
    .orderBy('line')
    .limit(1000)
    .execute();
  const counts = await countsOf(ctx, bulk.id);
  const message = (code: string | null, params: Record<string, string | number> | null, legacy: string | null): BulkMessage | null =>
    code ? { code, params: params ?? {} } : legacy ? { code: E.bulkFailed.code, params: { reason: legacy } } : null;
  return {
    id: bulk.id,
    achievementId: bulk.achievement_id,
    status: bulk.status,
    total: bulk.total,
    ...counts,
    error: message(bulk.error_code, bulk.error_params, bulk.error),
    createdAt: bulk.created_at as unknown as Date,
    finishedAt: bulk.finished_at,
    problems: problems.map((p) => {
      const m = message(p.error_code, p.error_params, p.error) ?? { code: E.bulkFailed.code, params: { reason: '' } };
      return { line: p.line, email: p.email, code: m.code, params: m.params, error: t(m.code, m.params) as string };
    }),
  };
}
