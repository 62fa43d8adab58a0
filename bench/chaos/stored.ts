// What the database holds after a bulk issue, read with the server stopped (the embedded database
// is one process's at a time): per CSV line the credentials carrying its idempotency key, and the
// row's own record of its outcome.
import { sql } from 'kysely';
import { openDatabase, pgliteDataDir } from '../../src/platform/db/database.ts';

export interface StoredFacts {
  /** Credentials of the bulk issue's achievement. */
  credentials: number;
  /** Credentials beyond the first of a CSV line (by idempotency key) or of a recipient. */
  duplicates: number;
  /** Lines without a credential. */
  missing: number;
  /** Rows whose recorded outcome is not 'issued' with the credential that carries their key. */
  rowsAstray: number;
  /** The counters stored on the bulk issue (for lists and the API). */
  counters: { status: string; total: number; done: number; issued: number; failed: number };
}

export async function storedFacts(where: { home: string; databaseUrl?: string }, bulkIssueId: string): Promise<StoredFacts> {
  const handle = await openDatabase(
    where.databaseUrl ? { url: where.databaseUrl } : { dataDir: pgliteDataDir(where.home), holder: 'the chaos harness' },
  );
  try {
    const { db } = handle;
    const bulk = await db
      .selectFrom('bulk_issues')
      .select(['status', 'total', 'done', 'issued', 'failed', 'achievement_id', 'organisation_id'])
      .where('id', '=', bulkIssueId)
      .executeTakeFirstOrThrow();
    const credentials = await db
      .selectFrom('issued_credentials')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('achievement_id', '=', bulk.achievement_id)
      .executeTakeFirstOrThrow();
    const perLine = await sql<{ missing: string; extra: string; astray: string }>`
      select count(*) filter (where n = 0) as missing,
             coalesce(sum(greatest(n - 1, 0)), 0) as extra,
             count(*) filter (where r.status <> 'issued' or r.credential_id is distinct from c.first_id) as astray
        from bulk_issue_rows r
        cross join lateral (
          select count(*)::int as n, min(ic.id::text)::uuid as first_id
            from issued_credentials ic
           where ic.organisation_id = ${bulk.organisation_id}
             and ic.idempotency_key = 'bulk:' || r.bulk_issue_id || ':' || r.line
        ) c
       where r.bulk_issue_id = ${bulkIssueId}`.execute(db);
    const perRecipient = await sql<{ extra: string }>`
      select coalesce(sum(n - 1), 0) as extra from (
        select count(*) as n from issued_credentials
         where achievement_id = ${bulk.achievement_id}
         group by recipient_email having count(*) > 1) d`.execute(db);
    const line = perLine.rows[0];
    return {
      credentials: Number(credentials.n),
      duplicates: Math.max(Number(line.extra), Number(perRecipient.rows[0].extra)),
      missing: Number(line.missing),
      rowsAstray: Number(line.astray),
      counters: { status: bulk.status, total: bulk.total, done: bulk.done, issued: bulk.issued, failed: bulk.failed },
    };
  } finally {
    await handle.close();
  }
}
