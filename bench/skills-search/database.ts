import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import pg from 'pg';
import { modules } from '../../src/modules.ts';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { defaultEscoPaths, importEsco } from '../../src/skills/esco/service.ts';
import { refreshSearchLexicon } from '../../src/skills/search/lexicon.ts';

const ESCO_EN_ZIP = 'esco/v1.1.1/ESCO dataset - v1.1.1 - classification - en - csv.zip';
const ESCO_NL_DIR = 'esco/v1.1.x-nl-partial';

/**
 * Imports the English ESCO files and the Dutch ones with the ESCO importer and builds the search's
 * lexicon, as the import job does; returns the number of skills.
 */
async function importAll(db: DatabaseHandle['db'], dataDir: string): Promise<number> {
  await importEsco({ db }, defaultEscoPaths(dataDir));
  await refreshSearchLexicon(db);
  const row = await db
    .selectFrom('skills')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('kind', '=', 'skill')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A database holding the full ESCO import (English plus the Dutch files), for the search bench.
 * PGlite: imported once, then dumped to a file under the system temp folder keyed by the sizes of the
 * data files and the migration names, and loaded from there on later runs. PostgreSQL: a database
 * `vaardig_bench_search_<key>` on the given server, created and imported once and reused after.
 */

function cacheKey(dataDir: string): string {
  const files = [join(dataDir, ESCO_EN_ZIP), ...readdirSync(join(dataDir, ESCO_NL_DIR)).map((f) => join(dataDir, ESCO_NL_DIR, f))];
  const hash = createHash('sha256');
  for (const f of files.sort()) hash.update(`${f}:${statSync(f).size}\n`);
  for (const m of modules) for (const name of Object.keys(m.migrations ?? {}).sort()) hash.update(`${name}\n`);
  hash.update(readFileSync(join(import.meta.dirname, '../../src/skills/search/migrations.ts')));
  hash.update(readFileSync(join(import.meta.dirname, '../../src/skills/search/lexicon.ts')));
  hash.update(readFileSync(join(import.meta.dirname, '../../src/skills/esco/service.ts')));
  return hash.digest('hex').slice(0, 12);
}

/** Kept between runs: VAARDIG_BENCH_CACHE_DIR (the test run sets it to the machine's temp directory, since its own is emptied and checked), else the temp directory. */
function benchCacheFile(dataDir: string): string {
  return join(process.env.VAARDIG_BENCH_CACHE_DIR ?? tmpdir(), `vaardig-bench-skills-search-${cacheKey(dataDir)}.tar`);
}

/**
 * Stores a PGlite that holds what `importAll` makes (the ESCO import and the search lexicon) as
 * the cached import, unless there is one: the search quality test, which imports the same files
 * anyway, leaves it for the extraction differential test and the bench (decision 015).
 */
export async function saveBenchPGlite(handle: DatabaseHandle, dataDir: string, analysed = false): Promise<void> {
  const file = benchCacheFile(dataDir);
  if (existsSync(file)) return;
  if (!analysed) await handle.pglite!.exec('vacuum analyze');
  const dump = await handle.pglite!.dumpDataDir('none');
  // A name of this process's own, then renamed: two writers at once each rename a whole file.
  await writeFile(`${file}.${process.pid}.part`, Buffer.from(await dump.arrayBuffer()));
  await rename(`${file}.${process.pid}.part`, file);
}

/**
 * Says that this process is making the cached import (the search quality test, from its start), so
 * that `openBenchPGlite` in another process waits for it instead of importing the files as well.
 * Returns the function that withdraws the note.
 */
export function announceBenchPGlite(dataDir: string): () => void {
  const note = `${benchCacheFile(dataDir)}.making-${process.pid}`;
  if (existsSync(benchCacheFile(dataDir))) return () => {};
  writeFileSync(note, '');
  return () => rmSync(note, { force: true });
}

function beingMade(file: string): boolean {
  const prefix = `${basename(file)}.making-`;
  return readdirSync(dirname(file)).some((name) => {
    if (!name.startsWith(prefix)) return false;
    const pid = Number(name.slice(prefix.length));
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  });
}

export async function openBenchPGlite(dataDir: string, log: (s: string) => void = () => {}): Promise<DatabaseHandle> {
  const file = benchCacheFile(dataDir);
  if (!existsSync(file) && beingMade(file)) {
    log('PGlite: waiting for the cached import another process is making ...');
    for (const until = Date.now() + 300_000; !existsSync(file) && beingMade(file) && Date.now() < until; )
      await new Promise((done) => setTimeout(done, 500));
  }
  if (existsSync(file)) {
    log(`PGlite: loading the cached import ${file}`);
    const handle = await openDatabase({ loadDataDir: new Blob([await readFile(file)]) });
    await migrateToLatest(handle.db, modules);
    return handle;
  }
  log('PGlite: importing ESCO (cached for later runs) ...');
  const started = performance.now();
  const handle = await openDatabase({});
  await migrateToLatest(handle.db, modules);
  const count = await importAll(handle.db, dataDir);
  await handle.pglite?.exec('vacuum analyze');
  log(`PGlite: imported ${count} skills in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await saveBenchPGlite(handle, dataDir, true);
  return handle;
}

export async function openBenchPostgres(serverUrl: string, dataDir: string, log: (s: string) => void = () => {}): Promise<DatabaseHandle> {
  const name = `vaardig_bench_search_${cacheKey(dataDir)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await admin.end();
  if (exists) {
    const handle = await openDatabase({ url: url.toString() });
    const done = await handle.db
      .selectFrom('skills')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirst()
      .catch(() => null);
    if (done && Number(done.n) > 0) {
      log(`PostgreSQL: reusing database ${name}`);
      await migrateToLatest(handle.db, modules);
      return handle;
    }
    await handle.close();
  }
  const again = new pg.Client({ connectionString: serverUrl });
  await again.connect();
  await again.query(`drop database if exists ${name} with (force)`);
  await again.query(`create database ${name}`);
  await again.end();
  log(`PostgreSQL: importing ESCO into ${name} (kept for later runs) ...`);
  const started = performance.now();
  const handle = await openDatabase({ url: url.toString() });
  await migrateToLatest(handle.db, modules);
  const count = await importAll(handle.db, dataDir);
  await handle.executeSql('vacuum analyze');
  log(`PostgreSQL: imported ${count} skills in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return handle;
}
