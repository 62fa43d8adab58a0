import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import type { VaardigModule } from '../module.ts';
import type { DatabaseHandle } from './database.ts';
import { migrateToLatest, moduleMigrations } from './migrate.ts';

/**
 * `vaardig backup` and `vaardig restore` (decision 021): a logical copy of every table of the
 * platform's schema, the same on the embedded database and on PostgreSQL (and so from one to the
 * other), read and written through the database driver — no pg_dump needed.
 *
 * The file is gzipped JSON, one value a line: a header (format, version, the migrations the
 * database had, its tables and sequences, and a check of the instance secret), then per table a
 * line naming it and its columns, a line per row (the row as `to_jsonb` writes it), a line closing it
 * with its count, and a last line with the totals. Values are stored as the database stores them:
 * issuers' signing keys stay sealed with VAARDIG_SECRET, so the backup is worth no more than the
 * database to someone without the secret — and useless to its owner without it (the restore says so).
 *
 * A restore reads the whole file once before it changes anything (a cut-off or altered file is
 * refused with the line at fault), brings the schema to the backup's migrations, then in one
 * transaction empties the tables, inserts the rows with foreign keys and triggers set aside (the
 * foreign keys are added again at the end, which checks every row), sets the sequences, and
 * commits; then it applies the migrations the code has beyond the backup's. The job queue (pg-boss's
 * schema) is not in a backup.
 */

export const BACKUP_FORMAT = 'vaardig-backup';
export const BACKUP_VERSION = 1;

/** Kysely's own tables: the migrations are in the header and are re-applied, not copied. */
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);
/** Tables a fresh database's migrations fill already: rows there do not make it "not empty". */
const FILLED_BY_MIGRATIONS = new Set(['public_pages_version']);
/** Rows read (and inserted) at a time. */
const PAGE = 500;
/** Most bytes of row JSON inserted in one statement. */
const INSERT_BYTES = 4 * 1024 * 1024;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** 'pglite' or 'postgres': where it was made (it restores into either). */
  database: string;
  /** The migrations applied in the database, by name: its schema version. */
  migrations: string[];
  tables: string[];
  sequences: { name: string; value: string | null; called: boolean }[];
  /** HMAC of a fixed text under VAARDIG_SECRET: whether a restore has the secret that opens the keys. */
  secretCheck: string;
}

export interface BackupSummary {
  tables: number;
  rows: number;
  migrations: number;
  bytes: number;
}

/** A backup file that cannot be restored, or a database that cannot take it: nothing was changed. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export function secretCheck(secret: string): string {
  return createHmac('sha256', secret).update('vaardig-backup: the secret that seals the keys').digest('base64url');
}

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);
const table = (name: string) => sql.raw(`public."${name.replace(/"/g, '""')}"`);

async function appliedMigrations(db: Kysely<any>): Promise<string[] | null> {
  const exists = await sql<{ t: string | null }>`select to_regclass('public.kysely_migration')::text as t`.execute(db);
  if (!exists.rows[0]?.t) return null;
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function tablesOf(db: Kysely<any>): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
     order by c.relname`.execute(db);
  return rows.rows.map((r) => r.name).filter((name) => !BOOKKEEPING.has(name));
}

async function columnsOf(db: Kysely<any>, name: string): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select a.attname as name from pg_attribute a
     where a.attrelid = ${`public."${name.replace(/"/g, '""')}"`}::regclass and a.attnum > 0 and not a.attisdropped
       and a.attgenerated = ''
     order by a.attnum`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function sequencesOf(db: Kysely<any>): Promise<BackupHeader['sequences']> {
  const names = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'S' order by c.relname`.execute(db);
  const out: BackupHeader['sequences'] = [];
  for (const { name } of names.rows) {
    const state = await sql<{
      value: string;
      called: boolean;
    }>`select last_value::text as value, is_called as called from ${table(name)}`.execute(db);
    out.push({ name, value: state.rows[0]?.value ?? null, called: state.rows[0]?.called ?? false });
  }
  return out;
}

/**
 * Writes a backup of the database to `file` (gzipped; written beside it first and renamed when
 * complete, so a failed backup leaves no file that looks whole). On PostgreSQL it reads one
 * snapshot (a repeatable-read transaction), so it can run while the nodes serve.
 */
export async function backupDatabase(handle: DatabaseHandle, file: string, options: { secret: string }): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial, { mode: 0o600 });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    gzip.on('error', reject);
  });
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  let summary: Omit<BackupSummary, 'bytes'>;
  try {
    const builder = handle.db.transaction();
    summary = await (handle.kind === 'postgres'
      ? builder.setIsolationLevel('repeatable read').setAccessMode('read only')
      : builder
    ).execute(async (trx) => {
      const migrations = await appliedMigrations(trx);
      if (!migrations?.length) throw new BackupError('The database holds no Vaardig schema (no migrations applied): nothing to back up.');
      const tables = await tablesOf(trx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: new Date().toISOString(),
        database: handle.kind,
        migrations,
        tables,
        sequences: await sequencesOf(trx),
        secretCheck: secretCheck(options.secret),
      };
      await write(JSON.stringify(header));
      let total = 0;
      for (const name of tables) {
        await write(JSON.stringify({ table: name, columns: await columnsOf(trx, name) }));
        let count = 0;
        let after = '(0,0)';
        for (;;) {
          const page = await sql<{ c: string; r: string }>`
              select t.ctid::text as c, to_jsonb(t)::text as r from ${table(name)} t
               where t.ctid > ${after}::tid order by t.ctid limit ${PAGE}`.execute(trx);
          for (const row of page.rows) await write(row.r);
          count += page.rows.length;
          if (page.rows.length < PAGE) break;
          after = page.rows[page.rows.length - 1].c;
        }
        await write(JSON.stringify({ end: name, rows: count }));
        total += count;
      }
      await write(JSON.stringify({ complete: true, tables: tables.length, rows: total }));
      return { tables: tables.length, rows: total, migrations: migrations.length };
    });
    gzip.end();
    await done;
    renameSync(partial, file);
  } catch (error) {
    gzip.destroy();
    out.destroy();
    rmSync(partial, { force: true });
    throw error;
  }
  return { ...summary, bytes: statSync(file).size };
}

type Item =
  | { kind: 'table'; name: string; columns: string[] }
  | { kind: 'row'; json: string }
  | { kind: 'end'; name: string; rows: number }
  | { kind: 'complete'; tables: number; rows: number };

/** The backup's lines after the header, checked as they come: order, names and counts. */
async function* readBackup(file: string): AsyncGenerator<BackupHeader | Item> {
  try {
    statSync(file);
  } catch (error) {
    throw new BackupError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  // Errors of the file or of gzip (not gzip, cut off, altered) reach the lines as an error.
  const input = pipeline(createReadStream(file), createGunzip(), () => {});
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  let header: BackupHeader | undefined;
  let current: { name: string; columns: string[]; rows: number } | undefined;
  let tables = 0;
  let rows = 0;
  let complete = false;
  const fault = (what: string) => new BackupError(`${file} is not a usable Vaardig backup: line ${n}: ${what}`);
  try {
    for await (const line of lines) {
      n++;
      if (complete) throw fault('data after the end of the backup');
      if (!header) {
        let value: Partial<BackupHeader>;
        try {
          value = JSON.parse(line);
        } catch {
          throw fault('not a Vaardig backup (the first line is not its header)');
        }
        if (value?.format !== BACKUP_FORMAT) throw fault('not a Vaardig backup (no "vaardig-backup" header)');
        if (value.version !== BACKUP_VERSION)
          throw fault(`backup format version ${value.version}; this Vaardig reads version ${BACKUP_VERSION}`);
        if (!Array.isArray(value.migrations) || !Array.isArray(value.tables) || !Array.isArray(value.sequences) || !value.secretCheck)
          throw fault('the header lacks migrations, tables, sequences or the secret check');
        header = value as BackupHeader;
        yield header;
        continue;
      }
      if (current) {
        if (line.startsWith('{"end":')) {
          const end = JSON.parse(line) as { end: string; rows: number };
          if (end.end !== current.name || end.rows !== current.rows)
            throw fault(`table ${current.name} ends with ${end.rows} rows named "${end.end}", but ${current.rows} rows were read`);
          yield { kind: 'end', name: current.name, rows: current.rows };
          rows += current.rows;
          current = undefined;
          continue;
        }
        if (!line.startsWith('{')) throw fault(`a row of table ${current.name} is not a JSON object`);
        current.rows++;
        yield { kind: 'row', json: line };
        continue;
      }
      let value: { table?: string; columns?: string[]; complete?: boolean; tables?: number; rows?: number };
      try {
        value = JSON.parse(line);
      } catch {
        throw fault('not JSON');
      }
      if (typeof value.table === 'string' && Array.isArray(value.columns)) {
        if (header.tables[tables] !== value.table)
          throw fault(`table ${value.table} where the header lists ${header.tables[tables] ?? 'no more tables'}`);
        tables++;
        current = { name: value.table, columns: value.columns, rows: 0 };
        yield { kind: 'table', name: value.table, columns: value.columns };
        continue;
      }
      if (value.complete === true) {
        if (value.tables !== tables || value.rows !== rows || tables !== header.tables.length)
          throw fault(`the backup ends with ${value.tables} tables and ${value.rows} rows, but ${tables} and ${rows} were read`);
        complete = true;
        yield { kind: 'complete', tables, rows };
        continue;
      }
      throw fault('neither a table, a row nor the end');
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a usable Vaardig backup: ${(error as Error).message} (after line ${n})`);
  }
  if (!header) throw new BackupError(`${file} is not a usable Vaardig backup: it is empty`);
  if (!complete) throw new BackupError(`${file} is not a usable Vaardig backup: it ends early, after line ${n} (cut off?)`);
}

/** Reads the whole backup and answers its header and totals; throws a BackupError naming what is wrong. */
export async function checkBackup(file: string): Promise<BackupHeader & { rowCount: number }> {
  let header: BackupHeader | undefined;
  let rowCount = 0;
  for await (const item of readBackup(file)) {
    if ('format' in item) header = item;
    else if (item.kind === 'complete') rowCount = item.rows;
  }
  return { ...(header as BackupHeader), rowCount };
}

/** Tables that hold rows a fresh database would not (what makes a database "not empty"). */
async function tablesInUse(db: Kysely<any>): Promise<string[]> {
  const used: string[] = [];
  for (const name of await tablesOf(db)) {
    if (FILLED_BY_MIGRATIONS.has(name)) continue;
    const any = await sql`select 1 from ${table(name)} limit 1`.execute(db);
    if (any.rows.length) used.push(name);
  }
  return used;
}

export interface RestoreOptions {
  /** The instance secret of the restoring instance: must be the one the backup was made with. */
  secret: string;
  /** Replace what a database that is not empty holds. */
  force?: boolean;
}

/**
 * Restores a backup into the database (see the top of this file). Refuses, changing nothing: a bad
 * file; a backup made with another VAARDIG_SECRET; a backup of a newer Vaardig; a database whose
 * schema is newer than the backup's; a database that is not empty, unless `force`.
 */
export async function restoreDatabase(
  handle: DatabaseHandle,
  file: string,
  modules: VaardigModule[],
  options: RestoreOptions,
): Promise<BackupSummary> {
  const header = await checkBackup(file);
  if (header.secretCheck !== secretCheck(options.secret))
    throw new BackupError(
      'This backup was made with another VAARDIG_SECRET: the signing keys in it are sealed with that secret and could not be opened. Restore with the VAARDIG_SECRET of the instance that made it.',
    );
  const known = moduleMigrations(modules);
  const unknown = header.migrations.filter((name) => !Object.hasOwn(known, name));
  if (unknown.length)
    throw new BackupError(
      `This backup was made by a newer Vaardig (migrations this version does not know: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}). Restore it with that version or a later one.`,
    );
  const { db } = handle;
  const applied = (await appliedMigrations(db)) ?? [];
  const newer = applied.filter((name) => !header.migrations.includes(name));
  if (newer.length)
    throw new BackupError(
      `The database's schema is newer than the backup's (${newer.length} migrations the backup has not, e.g. ${newer[0]}). Restore into a new, empty database (a new VAARDIG_HOME, or a new PostgreSQL database), then start this version on it.`,
    );
  if (applied.length) {
    const used = await tablesInUse(db);
    if (used.length && !options.force)
      throw new BackupError(
        `The database is not empty (${used.length} tables hold rows, e.g. ${used.slice(0, 3).join(', ')}). Restore into a new, empty database, or add --force to replace everything in it with the backup.`,
      );
  }

  // The schema the backup was made on: the backup's migrations only (a fresh database gets them all).
  const theirs: Record<string, Migration> = Object.fromEntries(header.migrations.map((name) => [name, known[name]]));
  const migrated = await new Migrator({
    db,
    provider: { getMigrations: async () => theirs },
    allowUnorderedMigrations: true,
  }).migrateToLatest();
  if (migrated.error) throw new Error(`Bringing the database to the backup's schema failed: ${(migrated.error as Error).message}`);

  const summary = await db.transaction().execute(async (trx) => {
    const present = new Set(await tablesOf(trx));
    const missing = header.tables.filter((name) => !present.has(name));
    if (missing.length) throw new BackupError(`The backup has tables the schema has not: ${missing.join(', ')}`);
    // Foreign keys aside (added again at the end, which checks every row), triggers off (the tables
    // they keep are in the backup as they were), every table emptied.
    const keys = await sql<{ t: string; name: string; def: string }>`
      select c.relname as t, k.conname as name, pg_get_constraintdef(k.oid) as def
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
       where k.contype = 'f' and n.nspname = 'public' order by c.relname, k.conname`.execute(trx);
    for (const key of keys.rows) await sql`alter table ${table(key.t)} drop constraint ${ident(key.name)}`.execute(trx);
    const all = [...present];
    for (const name of all) await sql`alter table ${table(name)} disable trigger user`.execute(trx);
    if (all.length) await sql`truncate table ${sql.join(all.map(table))}`.execute(trx);

    let rows = 0;
    let target: { name: string; columns: string[] } | undefined;
    let batch: string[] = [];
    let bytes = 0;
    const flush = async () => {
      if (!target || batch.length === 0) return;
      const cols = sql.join(target.columns.map(ident));
      await sql`insert into ${table(target.name)} (${cols})
                select ${cols} from jsonb_populate_recordset(null::${table(target.name)}, ${`[${batch.join(',')}]`}::jsonb)`.execute(trx);
      rows += batch.length;
      batch = [];
      bytes = 0;
    };
    for await (const item of readBackup(file)) {
      if ('format' in item) continue;
      if (item.kind === 'table') {
        const have = new Set(await columnsOf(trx, item.name));
        const lacking = item.columns.filter((c) => !have.has(c));
        if (lacking.length) throw new BackupError(`Table ${item.name} of the backup has columns the schema has not: ${lacking.join(', ')}`);
        target = { name: item.name, columns: item.columns };
      } else if (item.kind === 'row') {
        batch.push(item.json);
        bytes += item.json.length;
        if (batch.length >= PAGE || bytes >= INSERT_BYTES) await flush();
      } else if (item.kind === 'end') {
        await flush();
        target = undefined;
      }
    }
    for (const s of header.sequences) {
      if (s.value !== null)
        await sql`select setval(${`public."${s.name.replace(/"/g, '""')}"`}::regclass, ${s.value}::bigint, ${s.called})`.execute(trx);
    }
    for (const name of all) await sql`alter table ${table(name)} enable trigger user`.execute(trx);
    for (const key of keys.rows) await sql`alter table ${table(key.t)} add constraint ${ident(key.name)} ${sql.raw(key.def)}`.execute(trx);
    // Jobs queued in a database that held other data refer to rows that are gone.
    const boss = await sql<{ t: string | null }>`select to_regclass('pgboss.job')::text as t`.execute(trx);
    if (boss.rows[0]?.t) await sql`delete from pgboss.job where state in ('created', 'retry', 'active')`.execute(trx);
    return { tables: header.tables.length, rows, migrations: header.migrations.length };
  });
  // Then this version's migrations beyond the backup's.
  await migrateToLatest(db, modules);
  return { ...summary, bytes: statSync(file).size };
}
