import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { Mutex, PGliteDialect, trackTransactions } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
import { readTemplate } from './template.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** An open database: Kysely for the code, raw SQL for pg-boss, and the way to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Raw access in the shape pg-boss's `db` option wants (PGlite only; PostgreSQL gets a connection string). */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  pglite?: PGlite;
  /**
   * PGlite only: how many statements other than a select have run on it (see `Mutex.writes`); this
   * process is the only one that can write to it. Absent on PostgreSQL, which others share.
   */
  writes?: () => number;
  connectionString?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; absent means PGlite. */
  url?: string;
  /** PGlite data folder; absent means in memory. */
  dataDir?: string;
  /** PGlite: start from a dumped data folder (fast test databases). */
  loadDataDir?: Blob | File;
  /** Who opens the folder, for the message another process gets (e.g. "the server on port 3000"). */
  holder?: string;
}

/** Raised when another process already holds the embedded database folder. */
export class DatabaseBusyError extends Error {}

const LOCK_FILE = 'vaardig.lock';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Who a pid is, beyond its number: the boot and the process's start time (Linux `/proc`), so that a
 * lock left by a crash is not mistaken for a live holder when another process got the same pid
 * later (or after a reboot). null where `/proc` is not there.
 */
export function processIdentity(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)", which may itself hold spaces and parentheses; starttime is field 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return fields[19] ? `${boot}/${fields[19]}` : null;
  } catch {
    return null;
  }
}

/** Whether the process a lock file names still holds the folder. */
function holderAlive(owner: { pid?: number; start?: string }): boolean {
  if (!owner.pid || !pidAlive(owner.pid)) return false;
  // This very process opened the folder already (a second open would corrupt it too); a lock
  // without an identity that carries our pid was left by an earlier process that had it.
  if (owner.pid === process.pid) return owner.start !== undefined && owner.start === processIdentity(process.pid);
  if (!owner.start) return true; // a lock file from before identities: trust the pid
  const now = processIdentity(owner.pid);
  return now === null || now === owner.start;
}

/**
 * PGlite is single-process: two processes on one folder corrupt it. A lock file beside the data
 * names the holder so that a second process can say who to stop, and a stale lock (dead pid, or a
 * pid now used by another process) is taken over.
 */
function lockDataDir(dataDir: string, holder: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      const start = processIdentity(process.pid) ?? undefined;
      writeSync(fd, JSON.stringify({ pid: process.pid, start, holder, since: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: { pid?: number; start?: string; holder?: string } = {};
      try {
        owner = JSON.parse(readFileSync(file, 'utf8'));
      } catch {}
      if (holderAlive(owner)) {
        throw new DatabaseBusyError(
          `The embedded database in ${dataDir} is in use by ${owner.holder ?? 'another process'} (pid ${owner.pid}). ` +
            'Only one process can open it: stop that process first, use the running server (its web pages and API), ' +
            'or run Vaardig on PostgreSQL with DATABASE_URL.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseBusyError(`Could not lock ${file}`);
}

export function pgliteDataDir(home: string): string {
  return join(home, 'pgdata');
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url);
  return openPGlite(options);
}

async function openPGlite(options: OpenOptions): Promise<DatabaseHandle> {
  const release = options.dataDir ? lockDataDir(options.dataDir, options.holder ?? 'a vaardig command') : () => {};
  let pglite: PGlite;
  try {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const fresh = options.dataDir !== undefined && !existsSync(join(options.dataDir, 'PG_VERSION'));
    pglite = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir ?? (fresh ? readTemplate() : undefined),
      extensions: { pg_trgm, unaccent },
      // PGlite's default 128 MB of shared buffers is most of its resident memory; an embedded
      // instance serves one process, so a smaller cache keeps a small server small.
      postgresqlconf: 'shared_buffers = 32MB',
    });
  } catch (error) {
    release();
    throw error;
  }
  const mutex = new Mutex();
  const db = trackTransactions(new Kysely<Database>({ dialect: new PGliteDialect(pglite, mutex) }), mutex);
  return {
    db,
    kind: 'pglite',
    pglite,
    // pg-boss sends multi-statement SQL without parameters and wants the rows of every statement.
    writes: () => mutex.writes,
    executeSql(text, values) {
      return mutex.run(async () => {
        try {
          if (!values || values.length === 0) {
            const results = await pglite.exec(text);
            return { rows: results.flatMap((r) => r.rows) };
          }
          return { rows: (await pglite.query(text, values)).rows };
        } finally {
          mutex.writes++;
        }
      });
    },
    async close() {
      await db.destroy().catch(() => {});
      if (!pglite.closed) await pglite.close();
      release();
    },
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (restart, dropped database) must not crash the process;
  // the pool replaces it on the next query.
  pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
  // Fail at start with a clear message rather than at the first request.
  const client = await pool.connect().catch((error: Error) => {
    throw new Error(`Cannot connect to PostgreSQL at DATABASE_URL (${redact(url)}): ${error.message}`);
  });
  client.release();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    connectionString: url,
    async executeSql(text, values) {
      return { rows: (await pool.query(text, values as unknown[])).rows };
    },
    async close() {
      await db.destroy();
    },
  };
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}
