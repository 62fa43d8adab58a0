import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { modules } from '../../src/modules.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { listSources, readCsv } from '../../src/skills/esco/reader.ts';
import { defaultEscoPaths, importEsco } from '../../src/skills/esco/service.ts';

/**
 * ESCO import (issue 3 target: full English ESCO plus the Dutch files in ≤ 2 minutes). The
 * reference, measured in the same run, is what any importer must do at least: stream and parse
 * every CSV row of the same files, writing nothing.
 */
async function parseOnly(paths: string[]): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const { sources, close } = await listSources(paths);
  let rows = 0;
  try {
    for (const source of sources) rows += await readCsv(source, () => {});
  } finally {
    close();
  }
  return { ms: performance.now() - started, rows };
}

async function importInto(url: string | undefined, paths: string[]): Promise<{ ms: number; skills: number; again: number }> {
  const database = await openDatabase({ url });
  try {
    await migrateToLatest(database.db, modules);
    let started = performance.now();
    const first = await importEsco({ db: database.db }, paths);
    const ms = performance.now() - started;
    started = performance.now();
    await importEsco({ db: database.db }, paths);
    const again = performance.now() - started;
    return { ms, skills: first.counts.skills ?? 0, again };
  } finally {
    await database.close();
  }
}

export async function run(): Promise<void> {
  const dataDir = resolve(process.env.VAARDIG_DATA_DIR ?? '../shared/data');
  const paths = defaultEscoPaths(dataDir);
  if (!paths.every((p) => existsSync(p))) {
    console.log(`esco-import: ESCO data not found in ${dataDir}/esco; skipped`);
    return;
  }
  const reference = await parseOnly(paths);
  console.log(`  reference  parse every CSV row, no writes: ${(reference.ms / 1000).toFixed(1)} s (${reference.rows} rows)`);
  const pglite = await importInto(undefined, paths);
  const line = (name: string, r: { ms: number; again: number }) =>
    `  ${name.padEnd(10)} import ${(r.ms / 1000).toFixed(1)} s (${(r.ms / reference.ms).toFixed(1)}× parsing)  second import ${(r.again / 1000).toFixed(1)} s  target ≤ 120 s: ${r.ms <= 120_000 ? 'met' : 'MISSED'}`;
  console.log(line('PGlite', pglite));
  const url = process.env.VAARDIG_BENCH_DATABASE_URL ?? process.env.VAARDIG_TEST_DATABASE_URL;
  if (!url) {
    console.log('  PostgreSQL: skipped (set VAARDIG_BENCH_DATABASE_URL or VAARDIG_TEST_DATABASE_URL)');
    return;
  }
  const { default: pg } = await import('pg');
  const name = `vaardig_bench_esco_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const target = new URL(url);
    target.pathname = `/${name}`;
    console.log(line('PostgreSQL', await importInto(target.toString(), paths)));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
