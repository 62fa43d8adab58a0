// The extraction pool's variants side by side (issue 10), for a shared machine: a pool per variant,
// the bench's batches (2,000 vacancies, 25 a batch), a warm pass each, then rounds of all batches
// with the variants taking turns round by round, so that each meets the same load. Per variant: the
// rate (wall clock over its rounds), the workers' and the calling thread's CPU a vacancy, and how
// busy the workers were (event-loop utilisation).
//   node --import tsx bench/extract/pool-ab.ts --vocabulary FILE (saved by eval:extract --save-vocabulary) [--variants compact:d2,clone:d1] [--rounds 8]
// A variant: transport (compact, clone), `:dN` batches handed to a worker at a time, `:yN` the workers' young generation (MB).
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { LibraryVocabulary } from '../../src/skills/api.ts';
import { buildIndex } from '../../src/labour-market/extraction/build.ts';
import { ExtractionPool, type PoolOptions } from '../../src/labour-market/extraction/pool.ts';
import { dataDir, dutchAds, englishAds, readDutchSet, readSkillSpan } from './data.ts';

const { values } = parseArgs({
  options: {
    vocabulary: { type: 'string', default: '' },
    variants: { type: 'string', default: 'compact:d2,clone:d1' },
    rounds: { type: 'string', default: '8' },
  },
});
const dir = dataDir();
const index = buildIndex(JSON.parse(readFileSync(values.vocabulary, 'utf8')) as LibraryVocabulary);
const ads = [...englishAds([...readSkillSpan(dir, 'dev'), ...readSkillSpan(dir, 'train')], 1000), ...dutchAds(readDutchSet(), 1000)];
const batches: string[][] = [];
for (let i = 0; i < ads.length; i += 25) batches.push(ads.slice(i, i + 25));
const round = (pool: ExtractionPool) => Promise.all(batches.map((b) => pool.extract(b, { minScore: 0.4 })));

const variants = values.variants.split(',').map((name) => {
  const [transport, ...rest] = name.split(':');
  const options: PoolOptions = { transport: transport as PoolOptions['transport'] };
  for (const r of rest) {
    if (r[0] === 'd') options.depth = Number(r.slice(1));
    if (r[0] === 'y') options.worker = { resourceLimits: { maxYoungGenerationSizeMb: Number(r.slice(1)) } };
  }
  return { name, pool: new ExtractionPool(index, availableParallelism(), options), ms: 0, worker: 0, main: 0, active: 0, idle: 0, n: 0 };
});
const loads: number[] = [];
try {
  for (const v of variants) {
    await v.pool.ready;
    await round(v.pool);
  }
  for (let r = 0; r < Number(values.rounds); r++)
    for (const v of variants) {
      const cpu0 = await v.pool.workerCpu();
      const elu0 = v.pool.utilization();
      const main0 = process.threadCpuUsage();
      const started = performance.now();
      await round(v.pool);
      v.ms += performance.now() - started;
      const main = process.threadCpuUsage(main0);
      v.pool.utilization().forEach((e, i) => {
        v.active += e.active - elu0[i]!.active;
        v.idle += e.idle - elu0[i]!.idle;
      });
      const cpu1 = await v.pool.workerCpu();
      v.worker += cpu1.reduce((a, c, i) => a + c - cpu0[i]!, 0);
      v.main += (main.user + main.system) / 1000;
      v.n += ads.length;
      loads.push(loadavg()[0]!);
    }
} finally {
  for (const v of variants) await v.pool.close();
}
console.log(`${values.rounds} rounds each, taking turns; load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
for (const v of variants)
  console.log(
    `${v.name.padEnd(16)} ${((v.n / v.ms) * 1000).toFixed(0).padStart(5)}/s  workers ${(v.worker / v.n).toFixed(3)} ms CPU a vacancy, calling thread ${(v.main / v.n).toFixed(3)} ms; workers busy ${((100 * v.active) / (v.active + v.idle)).toFixed(1)} %`,
  );
