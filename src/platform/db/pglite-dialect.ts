import { AsyncLocalStorage } from 'node:async_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';

/**
 * A FIFO lock: one holder at a time, in the order they asked. A transaction takes it inside a
 * `scope` of its own (see `trackTransactions`); work started from within that transaction's callback
 * — a query on the plain `db`, a job sent — finds the lock held by its own transaction and runs in it
 * instead of waiting for a lock that will never be released.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  /**
   * Statements other than a select that have finished (or failed) on this PGlite, counted after
   * each: what this process — the only one that can open the folder — may have changed. Kept
   * public pages read their version again only when it moved (platform/http/page-cache.ts).
   */
  writes = 0;
  private holder: object | undefined;
  readonly scope = new AsyncLocalStorage<object>();

  /** Whether the code running now belongs to the transaction that holds the lock. */
  heldHere(): boolean {
    const mine = this.scope.getStore();
    return mine !== undefined && mine === this.holder;
  }

  lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.tail;
    this.tail = before.then(() => held);
    const scope = this.scope.getStore();
    // PGlite answers on the main thread and its promises settle as microtasks, so a loop of queries
    // (a job's) would hold the event loop from one to the next: every turn starts with a macrotask
    // hop, and requests that arrived meanwhile are read before the next query runs.
    return before.then(yieldToEventLoop).then(() => {
      this.holder = scope;
      return () => {
        this.holder = undefined;
        release();
      };
    });
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.heldHere()) return work();
    const release = await this.lock();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/**
 * Runs every `db.transaction().execute(callback)` in a scope of its own, so that the mutex can tell
 * the transaction's own nested work from other requests' (which must wait).
 */
export function trackTransactions<DB>(db: Kysely<DB>, mutex: Mutex): Kysely<DB> {
  const wrapBuilder = (builder: object): object =>
    new Proxy(builder, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (typeof value !== 'function') return value;
        if (prop === 'execute') return (callback: unknown) => mutex.scope.run({}, () => value.call(target, callback));
        // setIsolationLevel, setAccessMode: builders that must stay tracked.
        return (...args: unknown[]) => {
          const result = value.apply(target, args);
          return result && typeof result === 'object' && 'execute' in result ? wrapBuilder(result) : result;
        };
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'transaction' && typeof value === 'function') return () => wrapBuilder(value.call(target));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Kysely on PGlite. PGlite is one connection: a transaction and another request's query must not
 * interleave, or the query runs inside (and rolls back with) someone else's transaction. So a
 * connection is a turn on a shared mutex, held from acquire to release, and everything else that
 * talks to the same PGlite (pg-boss) takes its turn on the same mutex.
 * (It replaces kysely-pglite, which shares the connection without a lock and loads its code
 * generator's dependencies at run time.)
 */
export class PGliteDialect implements Dialect {
  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: Mutex,
  ) {}

  createAdapter() {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.mutex);
  }

  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  constructor(
    private readonly pglite: PGlite,
    private readonly mutex: Mutex,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    // Nested work of the transaction that holds the lock runs in that transaction.
    if (this.mutex.heldHere()) return new PGliteConnection(this.pglite, () => {}, this.mutex);
    return new PGliteConnection(this.pglite, await this.mutex.lock(), this.mutex);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PGliteConnection).release();
  }

  /** The database handle closes PGlite; Kysely only lets go of it. */
  async destroy(): Promise<void> {}
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pglite: PGlite,
    readonly release: () => void,
    private readonly mutex: Mutex,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const result = await this.pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
      return {
        rows: result.rows,
        numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows),
      };
    } finally {
      // Raw SQL (sql`…`, begin, commit) counts as a write: only a select built by Kysely does not.
      if (compiledQuery.query.kind !== 'SelectQueryNode') this.mutex.writes++;
    }
  }

  // biome-ignore lint/correctness/useYield: PGlite has no cursors to stream from
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite does not stream query results');
  }
}
