import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { modules } from '../../src/modules.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
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

  const database = await openDatabase({});
  await migrateToLatest(database.db, modules);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const templateDir = mkdtempSync(join(systemTmp, `vaardig-template-${process.pid}-`));
  const file = join(templateDir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);

  return () => {
    rmSync(templateDir, { recursive: true, force: true });
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
