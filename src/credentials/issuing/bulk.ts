import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { requireOrgRole } from '../../accounts/api.ts';
import { isEmail, normaliseEmail } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { endorsementsOf } from '../../platform/subjects.ts';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError, HttpProblem } from '../../platform/errors.ts';
import type { Job } from 'pg-boss';
import type { ProofFormat } from '../schema.ts';
import { E } from '../errors.ts';
import type { Locale } from '../../platform/module.ts';
import { findOrganisation } from '../../accounts/api.ts';
import { achievementRow, achievementVersion, ISSUER_ROLES, isUuid, userRef } from './achievements.ts';
import { signDataIntegrityBatch } from './engine.ts';
import {
  asProofList,
  type CheckedIssue,
  checkIssueInput,
  chooseProofFormat,
  credentialDocument,
  credentialRow,
  credentialUrl,
  type IssueInput,
  issueAs,
  resultsFor,
  sendRecipientMail,
  signCredential,
} from './issue.ts';
import { issuerKeys, issuerProfile } from './issuer.ts';
import { allocateStatusIndexes, ensureStatusLists, statusListFull } from './status.ts';

export const BULK_ISSUE_JOB = 'credentials.bulk-issue';
export const MAX_BULK_ROWS = 50_000;
/** Rows per chunk: their outcomes commit together, and the database is free between chunks. */
const CHUNK = 25;
/** Rows per chunk when issuing in batches: one lookup, one allocation, one insert, one update per chunk. */
const BATCH_CHUNK = 250;

let batches = process.env.VAARDIG_BULK_BATCHES !== '0';

/**
 * Whether a bulk issue works a chunk at a time in batches (the default; issue 13) or row by row
 * through issueAs, as before. The outcome is the same either way; benchmarks compare the two.
 */
export function useBulkBatches(on: boolean): void {
  batches = on;
}
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
        .limit(batches ? BATCH_CHUNK : CHUNK)
        .execute();
      if (rows.length === 0) break;
      let outcomes: RowOutcome[] = [];
      if (batches) outcomes = await issueChunk(ctx, bulk, organisation, rows, job);
      else
        for (const row of rows) {
          outcomes.push(await issueRow(ctx, bulk, organisation, row, job));
          // Let requests (and their queries, queued on the same database) through between credentials.
          await yieldToEventLoop();
        }
      await markRows(ctx, bulk.id, outcomes);
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

interface BulkRef {
  id: string;
  achievement_id: string;
  created_by: string | null;
  proof_format: ProofFormat | null;
}

interface BulkRow {
  line: number;
  email: string;
  name: string | null;
  data: Record<string, string>;
}

/** What a row asks to issue (the same for one row at a time and for a chunk in batches). */
function rowIssueInput(bulk: BulkRef, row: BulkRow, email: string, job: BulkIssueJob): IssueInput {
  const results: Record<string, string> = {};
  for (const [k, v] of Object.entries(row.data)) if (k.startsWith('result:')) results[k.slice(7)] = v;
  return {
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
  };
}

async function issueRow(
  ctx: AppContext,
  bulk: BulkRef,
  organisation: NonNullable<Awaited<ReturnType<typeof findOrganisation>>>,
  row: BulkRow,
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
    const credential = await issueAs(ctx, organisation, rowIssueInput(bulk, row, email, job), bulk.created_by);
    return { line: row.line, status: 'issued', credentialId: credential.id, errorCode: null, errorParams: null };
  } catch (e) {
    // The row's fault (a bad date, result, URL): reported on the row. Anything else is the job's.
    if (e instanceof HttpProblem && e.status < 500) return failed(E.rowFailed('row', { reason: e.message }));
    if (e instanceof AppError && e.status < 500) return failed(e);
    throw e;
  }
}

/** Stores the outcomes of a chunk's rows in one statement (one short transaction, as before). */
async function markRows(ctx: AppContext, bulkIssueId: string, outcomes: RowOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const values = outcomes.map(
    (o) =>
      sql`(${o.line}::integer, ${o.status}, ${o.credentialId}::uuid, ${o.errorCode}, ${o.errorParams ? JSON.stringify(o.errorParams) : null}::jsonb)`,
  );
  await sql`
    update bulk_issue_rows as r
    set status = v.status, credential_id = v.credential_id, error_code = v.error_code, error_params = v.error_params, error = null
    from (values ${sql.join(values)}) as v(line, status, credential_id, error_code, error_params)
    where r.bulk_issue_id = ${bulkIssueId} and r.line = v.line`.execute(ctx.db);
}

/** Whether an error is the row's fault (reported on the row) rather than the job's. */
function rowFault(error: unknown): AppError | null {
  if (error instanceof HttpProblem && error.status < 500) return E.rowFailed('row', { reason: error.message });
  if (error instanceof AppError && error.status < 500) return error;
  return null;
}

/**
 * A chunk of rows in batches, with the same outcome per row as issueRow (issueAs) gives it: one
 * lookup of credentials stored by an earlier run, the achievement, issuer and keys once, one
 * allocation of status positions, signing on the fast lane (on worker threads when there are
 * any), one insert. With mails, each credential is stored and then mailed before the next, as
 * issueAs does, so a run that dies between the two leaves what it always left.
 */
async function issueChunk(
  ctx: AppContext,
  bulk: BulkRef,
  organisation: NonNullable<Awaited<ReturnType<typeof findOrganisation>>>,
  rows: BulkRow[],
  job: BulkIssueJob,
): Promise<RowOutcome[]> {
  const outcomes = new Map<number, RowOutcome>();
  const fail = (line: number, error: AppError) =>
    outcomes.set(line, { line, status: 'failed', credentialId: null, errorCode: error.code, errorParams: error.params });
  const issued = (line: number, credentialId: string) =>
    outcomes.set(line, { line, status: 'issued', credentialId, errorCode: null, errorParams: null });
  const finish = () => rows.map((r) => outcomes.get(r.line) as RowOutcome);

  let candidates: { line: number; input: IssueInput }[] = [];
  for (const row of rows) {
    const email = normaliseEmail(row.email);
    if (!email) fail(row.line, E.rowEmailMissing('email'));
    else if (!isEmail(email)) fail(row.line, E.rowEmailInvalid('email', { email: row.email }));
    else candidates.push({ line: row.line, input: rowIssueInput(bulk, row, email, job) });
  }
  if (candidates.length === 0) return finish();

  // Stored by an earlier run of the job (issueAs returns those too).
  const stored = await ctx.db
    .selectFrom('issued_credentials')
    .select(['id', 'idempotency_key'])
    .where('organisation_id', '=', organisation.id)
    .where(
      'idempotency_key',
      'in',
      candidates.map((c) => c.input.idempotencyKey as string),
    )
    .execute();
  const storedByKey = new Map(stored.map((s) => [s.idempotency_key, s.id]));
  candidates = candidates.filter((c) => {
    const id = storedByKey.get(c.input.idempotencyKey as string);
    if (id) issued(c.line, id);
    return !id;
  });
  if (candidates.length === 0) return finish();

  // What every row of the chunk shares; an error here is every row's (as issueAs would throw it for each).
  let shared: {
    achievement: Awaited<ReturnType<typeof achievementRow>>;
    snapshot: Record<string, unknown>;
  };
  try {
    const achievement = await achievementRow(ctx, organisation.id, bulk.achievement_id);
    if (achievement.archived_at) throw E.achievementArchived('achievementId');
    shared = { achievement, snapshot: {} };
  } catch (error) {
    const fault = rowFault(error);
    if (!fault) throw error;
    for (const c of candidates) fail(c.line, fault);
    return finish();
  }
  const checked: { line: number; input: IssueInput; checked: CheckedIssue; results: Record<string, unknown>[] }[] = [];
  let snapshot: Record<string, unknown> | undefined;
  for (const c of candidates) {
    try {
      const check = checkIssueInput(shared.achievement, c.input);
      snapshot ??= await achievementVersion(ctx, shared.achievement.id, shared.achievement.version);
      checked.push({ ...c, checked: check, results: resultsFor(shared.achievement, snapshot, c.input.results ?? {}) });
    } catch (error) {
      const fault = rowFault(error);
      if (!fault) throw error;
      fail(c.line, fault);
    }
  }
  if (checked.length === 0 || !snapshot) return finish();

  let keys: Awaited<ReturnType<typeof issuerKeys>>;
  let issuer: Record<string, unknown>;
  let positions: Awaited<ReturnType<typeof allocateStatusIndexes>>;
  // The achievement's endorsements, once a chunk (issueAs reads them for each credential).
  const endorsements = await endorsementsOf(ctx, { kind: 'achievement', id: shared.achievement.id });
  try {
    await ensureStatusLists(ctx, organisation);
    keys = await issuerKeys(ctx, organisation);
    issuer = await issuerProfile(ctx, organisation);
    positions = await allocateStatusIndexes(ctx.db, organisation.id, checked.length);
  } catch (error) {
    const fault = rowFault(error);
    if (!fault) throw error;
    for (const c of checked) fail(c.line, fault);
    return finish();
  }
  const placed = checked.slice(0, positions.count);
  for (const c of checked.slice(positions.count)) fail(c.line, statusListFull(positions.length));

  const prepared = placed.map((c, i) => {
    const id = randomUUID();
    const statusIndex = positions.first + i;
    const credential = credentialDocument({
      baseUrl: ctx.config.baseUrl,
      organisation,
      achievement: shared.achievement,
      snapshot: snapshot as Record<string, unknown>,
      issuer,
      checked: c.checked,
      results: c.results,
      url: credentialUrl(ctx.config.baseUrl, id),
      statusIndex,
      endorsements,
    });
    return { ...c, id, statusIndex, credential };
  });
  await yieldToEventLoop();
  const dataIntegrity = prepared.filter((p) => p.checked.proofFormat !== 'vc-jwt');
  const signedDocuments = new Map<string, Record<string, unknown>>();
  const signed = await signDataIntegrityBatch(
    dataIntegrity.map((p) => p.credential),
    keys.ed25519,
  );
  for (const [i, p] of dataIntegrity.entries()) signedDocuments.set(p.id, asProofList(signed[i]));
  const values = [];
  for (const p of prepared) {
    let document = signedDocuments.get(p.id);
    let jwt: string | null = null;
    if (!document) ({ document, jwt } = await signCredential(p.credential, 'vc-jwt', keys));
    values.push(
      credentialRow({
        id: p.id,
        organisationId: organisation.id,
        achievement: shared.achievement,
        checked: p.checked,
        document,
        jwt,
        statusIndex: p.statusIndex,
        input: p.input,
        issuedBy: bulk.created_by,
      }),
    );
  }
  await yieldToEventLoop();

  if (job.notify === false) {
    // No mails: one insert for the chunk. A credential another run stored meanwhile stands.
    const inserted = new Set<string>();
    for (let i = 0; i < values.length; i += 100) {
      const rowsIn = await ctx.db
        .insertInto('issued_credentials')
        .values(values.slice(i, i + 100))
        .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).doNothing())
        .returning('id')
        .execute();
      for (const r of rowsIn) inserted.add(r.id);
      await yieldToEventLoop();
    }
    const lost = prepared.filter((p) => !inserted.has(p.id));
    const theirs = lost.length
      ? await ctx.db
          .selectFrom('issued_credentials')
          .select(['id', 'idempotency_key'])
          .where('organisation_id', '=', organisation.id)
          .where(
            'idempotency_key',
            'in',
            lost.map((p) => p.input.idempotencyKey as string),
          )
          .execute()
      : [];
    const theirsByKey = new Map(theirs.map((t) => [t.idempotency_key, t.id]));
    for (const p of prepared) issued(p.line, inserted.has(p.id) ? p.id : (theirsByKey.get(p.input.idempotencyKey as string) as string));
    return finish();
  }

  // Each credential stored, then mailed, before the next: a run that dies loses at most the one
  // mail in flight. When they were mailed is noted once for the chunk (mailed_at is a record).
  const mailed: string[] = [];
  try {
    for (const [i, p] of prepared.entries()) {
      const row = await ctx.db
        .insertInto('issued_credentials')
        .values(values[i])
        .onConflict((oc) => oc.columns(['organisation_id', 'idempotency_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) {
        const theirs = await ctx.db
          .selectFrom('issued_credentials')
          .select('id')
          .where('organisation_id', '=', organisation.id)
          .where('idempotency_key', '=', p.input.idempotencyKey as string)
          .executeTakeFirstOrThrow();
        issued(p.line, theirs.id);
        continue;
      }
      const credential = {
        recipientEmail: p.checked.recipient.email,
        recipientName: p.checked.recipient.name,
        name: String(p.credential.name ?? ''),
        url: credentialUrl(ctx.config.baseUrl, p.id),
      };
      if (await sendRecipientMail(ctx, credential, organisation, job.lang ?? 'en')) mailed.push(p.id);
      issued(p.line, p.id);
      if (i % 10 === 9) await yieldToEventLoop();
    }
  } finally {
    if (mailed.length) await ctx.db.updateTable('issued_credentials').set({ mailed_at: new Date() }).where('id', 'in', mailed).execute();
  }
  return finish();
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
