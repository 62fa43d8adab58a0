import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/**
 * A new PGlite folder costs an initdb in WebAssembly (≈ 5 s here); loading a dump of a freshly
 * initialised folder costs ≈ 0.4 s. `npm install` therefore makes that dump once (postinstall), and
 * the first start of a new VAARDIG_HOME loads it. It is a cache: without it PGlite runs initdb.
 * See docs/decisions/004-pglite-template.md.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

function pgliteVersion(): string {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'));
  return pkg.version as string;
}

export function templatePath(): string {
  return join(root, 'node_modules/.cache/vaardig', `pglite-${pgliteVersion()}-initdb.tar.gz`);
}

export function readTemplate(): Blob | undefined {
  try {
    const file = templatePath();
    return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
  } catch {
    return undefined;
  }
}

export async function writeTemplate(): Promise<string> {
  const file = templatePath();
  if (existsSync(file)) return file;
  const pglite = await PGlite.create({ extensions: { pg_trgm, unaccent } });
  const dump = await pglite.dumpDataDir('gzip');
  await pglite.close();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
  renameSync(`${file}.tmp`, file);
  return file;
}
