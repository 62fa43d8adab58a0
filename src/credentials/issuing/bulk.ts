import { parse } from 'csv-parse/sync';
import { requireOrgRole } from '../../accounts/api.ts';
import { isEmail, normaliseEmail } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpProblem, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/module.ts';
import { findOrganisation } from '../../accounts/api.ts';
import { achievementRow, ISSUER_ROLES, isUuid, userRef } from './achievements.ts';
import { issueAs } from './issue.ts';

export const BULK_ISSUE_JOB = 'credentials.bulk-issue';
export const MAX_BULK_ROWS = 50_000;
const BATCH = 25;

export interface BulkIssueJob {
  bulkIssueId: string;
  lang?: Locale;
  notify?: boolean;
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
    throw new ValidationError({ file: `is not a CSV file we can read: ${(error as Error).message}` });
  }
}

/** Checks the header of a bulk CSV: an email column is required; returns the number of data rows. */
export function checkBulkCsv(text: string): number {
  if (!text.trim()) throw new ValidationError({ file: 'is empty' });
  const records = parseCsv(text);
  const headers = records[0] ?? [];
  if (columnOf(headers, COLUMNS.email) < 0)
    throw new ValidationError({
      file: 'needs a header row with an "email" column (and optionally name, issue date, evidence, result columns)',
    });
  const rows = records.slice(1).filter((r) => r.some((c) => c !== '')).length;
  if (rows === 0) throw new ValidationError({ file: 'has no rows under the header' });
  if (rows > MAX_BULK_ROWS) throw new ValidationError({ file: `has ${rows} rows; at most ${MAX_BULK_ROWS} at once` });
  return rows;
}

/** Stores the upload and queues the job; the page follows its progress. */
export async function startBulkIssue(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  achievementId: string,
  csv: string,
  options: { lang?: Locale; notify?: boolean } = {},
): Promise<string> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  const achievement = await achievementRow(ctx, organisation.id, achievementId);
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

async function refreshCounts(ctx: AppContext, bulkIssueId: string): Promise<void> {
  const counts = await ctx.db
    .selectFrom('bulk_issue_rows')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('bulk_issue_id', '=', bulkIssueId)
    .groupBy('status')
    .execute();
  const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  await ctx.db
    .updateTable('bulk_issues')
    .set({ issued: n('issued'), failed: n('failed'), done: n('issued') + n('failed') })
    .where('id', '=', bulkIssueId)
    .execute();
}

/**
 * The job: issues every pending row. Each credential carries the idempotency key
 * `bulk:<id>:<line>`, and a row is marked issued after its credential exists, so a job that is killed
 * and run again skips what is done, re-finds what was issued but not yet marked, and never issues twice.
 */
export async function runBulkIssue(ctx: AppContext, job: BulkIssueJob): Promise<void> {
  const bulk = await ctx.db.selectFrom('bulk_issues').selectAll().where('id', '=', job.bulkIssueId).executeTakeFirst();
  if (!bulk || bulk.status === 'done') return;
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
        .limit(BATCH)
        .execute();
      if (rows.length === 0) break;
      for (const row of rows) {
        let status: 'issued' | 'failed' = 'issued';
        let error: string | null = null;
        let credentialId: string | null = null;
        const email = normaliseEmail(row.email);
        if (!email) [status, error] = ['failed', 'the email address is missing'];
        else if (!isEmail(email)) [status, error] = ['failed', `"${row.email}" is not a valid email address`];
        else {
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
                idempotencyKey: `bulk:${bulk.id}:${row.line}`,
                bulkIssueId: bulk.id,
                notify: job.notify,
                lang: job.lang,
              },
              bulk.created_by,
            );
            credentialId = credential.id;
          } catch (e) {
            if (!(e instanceof HttpProblem)) throw e;
            status = 'failed';
            error = e.message;
          }
        }
        await ctx.db
          .updateTable('bulk_issue_rows')
          .set({ status, error, credential_id: credentialId })
          .where('bulk_issue_id', '=', bulk.id)
          .where('line', '=', row.line)
          .execute();
      }
      await refreshCounts(ctx, bulk.id);
    }
    await refreshCounts(ctx, bulk.id);
    await ctx.db.updateTable('bulk_issues').set({ status: 'done', finished_at: new Date() }).where('id', '=', bulk.id).execute();
  } catch (error) {
    await ctx.db
      .updateTable('bulk_issues')
      .set({ status: 'failed', error: (error as Error).message })
      .where('id', '=', bulk.id)
      .execute();
    throw error;
  }
}

export interface BulkProgress {
  id: string;
  achievementId: string;
  status: string;
  total: number;
  done: number;
  issued: number;
  failed: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** Rows that failed, with their CSV line number. */
  problems: { line: number; email: string; error: string }[];
}

export async function bulkProgress(ctx: AppContext, user: CurrentUser | null, orgSlug: string, bulkIssueId: string): Promise<BulkProgress> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  if (!isUuid(bulkIssueId)) throw new NotFoundError('The bulk issue');
  const bulk = await ctx.db
    .selectFrom('bulk_issues')
    .selectAll()
    .where('id', '=', bulkIssueId)
    .where('organisation_id', '=', organisation.id)
    .executeTakeFirst();
  if (!bulk) throw new NotFoundError('The bulk issue');
  const problems = await ctx.db
    .selectFrom('bulk_issue_rows')
    .select(['line', 'email', 'error'])
    .where('bulk_issue_id', '=', bulk.id)
    .where('status', '=', 'failed')
    .orderBy('line')
    .limit(1000)
    .execute();
  return {
    id: bulk.id,
    achievementId: bulk.achievement_id,
    status: bulk.status,
    total: bulk.total,
    done: bulk.done,
    issued: bulk.issued,
    failed: bulk.failed,
    error: bulk.error,
    createdAt: bulk.created_at as unknown as Date,
    finishedAt: bulk.finished_at,
    problems: problems.map((p) => ({ line: p.line, email: p.email, error: p.error ?? '' })),
  };
}
