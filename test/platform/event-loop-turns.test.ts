import { sql } from 'kysely';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { expect, test } from 'vitest';
import { describeEachDatabase } from '../helpers/db.ts';

// A job is a loop of queries. On PGlite a query runs on the main thread and its promise settles as
// a microtask, so without a turn of the event loop between queries a request that arrived meanwhile
// (even GET /health) waited for the whole loop: the 1.6 s stalls of issue 14.
describeEachDatabase('event loop turns between queries', (ctx) => {
  test('a loop of queries lets timers and I/O run between them', async () => {
    const { db, database } = ctx();
    let queries = 0;
    let queriesWhenTimerRan = -1;
    const timer = nextTurn().then(() => {
      queriesWhenTimerRan = queries;
    });
    for (let i = 0; i < 30; i++) {
      await sql`select 1`.execute(db);
      queries++;
    }
    // pg-boss's raw SQL takes its turns the same way.
    for (let i = 0; i < 10; i++) {
      await database.executeSql('select 1');
      queries++;
    }
    await timer;
    expect(queriesWhenTimerRan).toBeGreaterThanOrEqual(0);
    expect(queriesWhenTimerRan).toBeLessThanOrEqual(2);
  });
});
