import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Temporary folders that remove themselves: `tempDir('esco-bad')` makes `<tmp>/vaardig-esco-bad-XXXXXX`
 * and removes it when the test file ends (after the file's own afterAll hooks, so a database or
 * server living in it is closed first). The suite's global setup fails the run when any folder is
 * left behind (test/helpers/global-setup.ts).
 */
const made: string[] = [];

function removeAll(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Imported while a test file is collected, this registers on the file's root suite, so it runs
// after every describe block's afterAll. Outside a test file (a script) the process exit does it.
try {
  afterAll(removeAll);
} catch {}
process.once('exit', removeAll);

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `vaardig-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Removes a folder made by `tempDir` now (a test that wants it gone before the file ends). */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  const i = made.indexOf(dir);
  if (i >= 0) made.splice(i, 1);
}
