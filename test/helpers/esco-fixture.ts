import { cpSync, readdirSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from './temp.ts';

const SOURCE = resolve(import.meta.dirname, '../fixtures/esco');
let laidOut: string | undefined;

/**
 * The small hand-written ESCO fixture (test/fixtures/esco), laid out under the names ESCO ships
 * (skills_en.csv …) in a temporary folder, removed when the test file ends. In the repository those
 * files end in `.fixture.csv`, so that nothing there looks like a real ESCO download: the real data
 * stays in ../shared/data.
 */
export function escoFixtureDir(): string {
  if (laidOut) return laidOut;
  const dir = join(tempDir('esco-fixture'), 'esco');
  cpSync(SOURCE, dir, { recursive: true });
  for (const sub of ['en', 'nl', 'relations']) {
    for (const file of readdirSync(join(dir, sub))) {
      if (file.endsWith('.fixture.csv')) renameSync(join(dir, sub, file), join(dir, sub, file.replace('.fixture.csv', '.csv')));
    }
  }
  laidOut = dir;
  return dir;
}

/** The fixture's three folders, as importEsco takes them. */
export function escoFixturePaths(): string[] {
  return ['en', 'nl', 'relations'].map((sub) => join(escoFixtureDir(), sub));
}
