import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('transactions', (ctx) => {
  test('a query from elsewhere never runs inside, or rolls back with, another transaction', async () => {
    const { db } = ctx();
    await sql`create table if not exists tx_probe (note text)`.execute(db);
    let inside!: () => void;
    const transactionStarted = new Promise<void>((resolve) => {
      inside = resolve;
    });
    const failing = db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into tx_probe values ('in the transaction')`.execute(trx);
        inside();
        await new Promise((resolve) => setTimeout(resolve, 200));
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    await transactionStarted;
    await sql`insert into tx_probe values ('outside')`.execute(db);
    expect(await failing).toBe('roll back');
    const rows = await sql<{ note: string }>`select note from tx_probe`.execute(db);
    expect(rows.rows.map((r) => r.note)).toEqual(['outside']);
  });

  test('work started inside a transaction on the plain db, or a job sent there, does not wait for the transaction forever', async () => {
    const { db, jobs } = ctx();
    await jobs.define('test.inside-transaction', async () => {});
    const outcome = await Promise.race([
      db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        // A service called with ctx inside a transaction reads through ctx.db: on PGlite it runs in
        // the transaction that holds the one connection, on PostgreSQL on a connection of its own.
        const nested = await sql<{ one: number }>`select 1 as one`.execute(db);
        await jobs.send('test.inside-transaction', { ok: true });
        return nested.rows[0].one;
      }),
      new Promise((resolve) => setTimeout(() => resolve('deadlock'), 10_000)),
    ]);
    expect(outcome).toBe(1);
  });

  test('deletes report how many rows they removed', async () => {
    const { db } = ctx();
    await sql`create table if not exists tx_count (n int)`.execute(db);
    await sql`insert into tx_count values (1), (2), (3)`.execute(db);
    const result = await db
      .deleteFrom('tx_count' as never)
      .where(sql`n`, '>', 1)
      .executeTakeFirst();
    expect(Number(result.numDeletedRows)).toBe(2);
  });
});
