// Runs the benchmarks: every bench/<name>/index.ts that exports `run()`, or those named on the command line.
//   npm run bench                 all of them, one after the other
//   npm run bench -- startup      only bench/startup
// Benchmarks print their figures and a ratio against a reference measured in the same run, because
// the machines are shared and noisy: the ratio travels better than the absolute figure.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const here = import.meta.dirname;
const available = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'index.ts')))
  .map((entry) => entry.name)
  .sort();

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`bench: no benchmark named ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const name of wanted.length > 0 ? wanted : available) {
  const module = (await import(pathToFileURL(join(here, name, 'index.ts')).href)) as { run?: () => unknown };
  if (typeof module.run !== 'function') {
    console.log(`\n== ${name}: skipped (bench/${name}/index.ts exports no run())`);
    continue;
  }
  console.log(`\n== ${name}`);
  const started = performance.now();
  try {
    await module.run();
    console.log(`== ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed++;
    console.error(`== ${name} FAILED: ${(error as Error).stack ?? error}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
