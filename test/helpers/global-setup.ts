import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { modules } from '../../src/modules.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import { readTemplate } from '../../src/platform/db/template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** A migrated PostgreSQL database each test database is copied from (when VAARDIG_TEST_DATABASE_URL is set). */
    postgresTemplate: string | undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The folders of earlier runs that were killed before their teardown (their process is gone). */
function removeAbandonedRuns(systemTmp: string): void {
  for (const name of readdirSync(systemTmp)) {
    const pid = /^vaardig-(?:test-run|template)-(\d+)-/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !alive(Number(pid))) rmSync(join(systemTmp, name), { recursive: true, force: true });
  }
}

async function adminQuery(url: string, statement: string): Promise<{ datname: string }[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Migrating a PostgreSQL database takes a few hundred statements; copying a migrated one
 * (`create database … template …`) is one. So the run migrates one template database and every
 * PostgreSQL test database is a copy of it (test/helpers/db.ts). Nobody connects to the template
 * after this, as a copy requires. Templates of killed runs (their process gone) are dropped.
 */
async function createPostgresTemplate(url: string): Promise<string> {
  for (const { datname } of await adminQuery(url, `select datname from pg_database where datname like 'vaardig_template_%'`)) {
    const pid = /^vaardig_template_(\d+)_/.exec(datname)?.[1];
    if (pid && Number(pid) !== process.pid && !alive(Number(pid))) await adminQuery(url, `drop database if exists ${datname} with (force)`);
  }
  const name = `vaardig_template_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(url, `create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString() });
  try {
    await migrateToLatest(database.db, modules);
  } finally {
    await database.close();
  }
  return name;
}

/**
 * Creating a PGlite database runs initdb (seconds); loading a dumped one takes a fraction of that.
 * So the suite migrates one database once and every test starts from its dump.
 *
 * The run also gets a temp directory of its own: the test workers (and the processes they start)
 * inherit TMPDIR, so every folder a test makes lands there. Whatever is still in it when the run
 * ends is a test that did not clean up after itself, and the run fails naming it (several runs
 * may share the machine's temp directory, so only this run's folder is looked at).
 */
export default async function setup(project: TestProject) {
  const systemTmp = tmpdir();
  removeAbandonedRuns(systemTmp);
  const runTmp = mkdtempSync(join(systemTmp, `vaardig-test-run-${process.pid}-`));
  process.env.TMPDIR = runTmp;
  // Caches meant to outlive a run (the bench's ESCO import) stay where they were.
  process.env.VAARDIG_BENCH_CACHE_DIR ??= systemTmp;

  const postgresUrl = process.env.VAARDIG_TEST_DATABASE_URL;
  // Both templates at once: PostgreSQL migrates in its own processes while PGlite does here.
  const postgresTemplate = postgresUrl ? createPostgresTemplate(postgresUrl) : Promise.resolve(undefined);
  postgresTemplate.catch(() => {});
  // From the initdb dump `npm install` made (decision 004), as a server's first start does: no initdb here either.
  const database = await openDatabase({ loadDataDir: readTemplate() });
  await migrateToLatest(database.db, modules);
  // A checkpoint first: a dump taken without one has every test's PGlite replay the migrations' WAL
  // when it starts (≈ 810 against ≈ 620 ms of CPU per start, measured three times each).
  await database.pglite!.exec('checkpoint');
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const templateDir = mkdtempSync(join(systemTmp, `vaardig-template-${process.pid}-`));
  const file = join(templateDir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  const postgresTemplateName = await postgresTemplate;
  project.provide('postgresTemplate', postgresTemplateName);

  return async () => {
    rmSync(templateDir, { recursive: true, force: true });
    if (postgresUrl && postgresTemplateName)
      await adminQuery(postgresUrl, `drop database if exists ${postgresTemplateName} with (force)`).catch((error) =>
        console.error(`Could not drop the PostgreSQL template ${postgresTemplateName}: ${error}`),
      );
    const left = readdirSync(runTmp);
    rmSync(runTmp, { recursive: true, force: true });
    if (left.length > 0) {
      process.exitCode = 1;
      const message = `Tests left ${left.length} folder(s)/file(s) in the temp directory (each test removes what it creates; see test/helpers/temp.ts): ${left.sort().join(', ')}`;
      console.error(`\n${message}\n`);
      throw new Error(message);
    }
  };
}
