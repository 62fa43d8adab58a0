// Skill-extraction throughput (issue 10): vacancies of about 3 KB (English from SkillSpan's job-ad
// sentences, Dutch from the project's Dutch set) against the full library (ESCO v1.1.1 English plus
// the Dutch files) in both languages: vacancies per second on worker threads (one per core; target
// ≥ 2,000/s on 2 cores) and on one thread, the index's build time and memory. The reference, measured
// in the same run on the same vacancies, one thread and the same number of worker threads: a plain
// dictionary scan of every skill label with an Aho–Corasick automaton (modern-ahocorasick) over the
// lower-cased text.
//
// The machines are shared: next to the rates (wall clock) it prints the CPU time per vacancy and the
// least time per vacancy over five passes (what a core without other work would take, the
// vacancy's words already analysed), and the ratios of both against the reference's. The least time
// of each vacancy leaves out whatever happened to fall in its other passes (garbage collection,
// the other sessions), so the estimate from it is a bound; the last line adds the mean time of those
// passes, and where the pool's time went: its workers' CPU a vacancy, how busy they were, and the
// calling thread's CPU a vacancy (it shares the cores with them).
//   npm run bench -- extract                      (the full import, cached by bench/skills-search)
//   BENCH_EXTRACT_VOCABULARY=FILE npm run bench -- extract   (a vocabulary saved by eval:extract)
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import AhoCorasick from 'modern-ahocorasick';
import { buildIndex } from '../../src/labour-market/extraction/build.ts';
import { extract } from '../../src/labour-market/extraction/match.ts';
import { ExtractionPool } from '../../src/labour-market/extraction/pool.ts';
import { dataDir, dutchAds, englishAds, missingData, readDutchSet, readSkillSpan, SKILLSPAN } from './data.ts';
import { loadVocabulary } from './eval.ts';

const ADS_PER_LANGUAGE = Number(process.env.BENCH_EXTRACT_ADS ?? 1000);
const BATCH = 25;
const TARGET = 2000;
const PASSES = 5;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const load = () => loadavg()[0]!.toFixed(1);

function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

function rate(count: number, ms: number) {
  return (count / ms) * 1000;
}

/** One pass over the vacancies: rate (wall clock) and CPU ms per vacancy. */
function pass(ads: string[], run: (ad: string) => void): { rate: number; cpu: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const ad of ads) run(ad);
  const used = process.cpuUsage(cpu);
  return { rate: rate(ads.length, performance.now() - started), cpu: (used.user + used.system) / 1000 / ads.length };
}

/** The least time each vacancy took over PASSES passes, averaged (ms); and the mean time of all the passes (ms a vacancy). */
function leastTime(ads: string[], run: (ad: string) => void): { least: number; mean: number } {
  const least = ads.map(() => Number.POSITIVE_INFINITY);
  let sum = 0;
  for (let r = 0; r < PASSES; r++)
    ads.forEach((ad, i) => {
      const started = performance.now();
      run(ad);
      const ms = performance.now() - started;
      least[i] = Math.min(least[i]!, ms);
      sum += ms;
    });
  return { least: least.reduce((a, b) => a + b, 0) / ads.length, mean: sum / (PASSES * ads.length) };
}

/** The reference on worker threads: each builds its own automaton, and scans batches in turn. */
async function referenceOnWorkers(labels: string[], size: number, batches: string[][], rounds: number): Promise<number> {
  const workers = Array.from(
    { length: size },
    () => new Worker(new URL('./reference-worker.ts', import.meta.url), { workerData: { labels } }),
  );
  try {
    await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
    const run = async () => {
      const queue = [...batches];
      await Promise.all(
        workers.map(async (w) => {
          for (let batch = queue.shift(); batch; batch = queue.shift())
            await new Promise((resolve) => {
              w.once('message', resolve);
              w.postMessage(batch);
            });
        }),
      );
    };
    await run(); // warm
    const started = performance.now();
    for (let r = 0; r < rounds; r++) await run();
    return rate(batches.reduce((a, b) => a + b.length, 0) * rounds, performance.now() - started);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export async function run() {
  const dir = dataDir();
  const missing = missingData(dir, [`${SKILLSPAN}/dev.json`, `${SKILLSPAN}/train.json`, 'esco/v1.1.1']);
  if (missing) {
    console.log(`extract: skipped, the data is not there: ${missing}`);
    return;
  }
  const vocabulary = await loadVocabulary(process.env.BENCH_EXTRACT_VOCABULARY);
  const ads = [
    ...englishAds([...readSkillSpan(dir, 'dev'), ...readSkillSpan(dir, 'train')], ADS_PER_LANGUAGE),
    ...dutchAds(readDutchSet(), ADS_PER_LANGUAGE),
  ];
  const bytes = ads.reduce((a, t) => a + Buffer.byteLength(t), 0);
  console.log(
    `${ads.length} vacancies (${ADS_PER_LANGUAGE} English, ${ADS_PER_LANGUAGE} Dutch), ${(bytes / ads.length / 1024).toFixed(1)} KB on average; ${availableParallelism()} cores, load ${load()}`,
  );

  gc();
  const before = process.memoryUsage();
  let started = performance.now();
  const index = buildIndex(vocabulary);
  const buildMs = performance.now() - started;
  gc();
  const after = process.memoryUsage();
  console.log(
    `index: ${vocabulary.skills.length} skills, ${vocabulary.occupations.length} occupations, ${index.entries.length} labels, ${index.termNames.length} terms; built in ${(buildMs / 1000).toFixed(1)} s; heap +${mb(after.heapUsed - before.heapUsed)}, RSS ${mb(after.rss)}`,
  );

  // The reference: every skill label (all languages) in one Aho–Corasick automaton over the lower-cased text.
  const labels = [...new Set(vocabulary.skills.flatMap((s) => s.labels.map(([, , label]) => label.toLowerCase())))];
  started = performance.now();
  const automaton = new AhoCorasick(labels);
  const acBuild = performance.now() - started;
  let hits = 0;
  const scan = (ad: string) => {
    hits += automaton.search(ad.toLowerCase()).length;
  };

  // One thread: the first pass over vacancies not seen before (after 200 to warm up), then the least time.
  let found = 0;
  const extractOne = (ad: string) => {
    found += extract(index, ad, { minScore: 0.4 }).skills.length;
  };
  for (const ad of ads.slice(0, 200)) extractOne(ad);
  for (const ad of ads.slice(0, 200)) scan(ad);
  found = 0;
  hits = 0;
  const first = pass(ads, extractOne);
  const reference = pass(ads, scan);
  const shown = found / ads.length;
  const rawHits = hits / ads.length;
  const { least, mean } = leastTime(ads, extractOne);
  const referenceLeast = leastTime(ads, scan).least;
  console.log(
    `one thread: ${first.rate.toFixed(0)} vacancies/s, ${first.cpu.toFixed(2)} ms of CPU a vacancy; least time ${least.toFixed(2)} ms (≈ ${(1000 / least).toFixed(0)}/s a core); ${shown.toFixed(1)} skills a vacancy shown (score ≥ 0.4)`,
  );
  console.log(
    `reference (modern-ahocorasick, ${labels.length} labels, built in ${(acBuild / 1000).toFixed(1)} s), one thread: ${reference.rate.toFixed(0)} vacancies/s, ${reference.cpu.toFixed(2)} ms of CPU; least time ${referenceLeast.toFixed(2)} ms (${rawHits.toFixed(0)} raw hits a vacancy)`,
  );
  console.log(
    `ratio, extraction to reference: ${(first.rate / reference.rate).toFixed(2)}× by wall clock, ${(reference.cpu / first.cpu).toFixed(2)}× by CPU, ${(referenceLeast / least).toFixed(2)}× by least time`,
  );

  // Worker threads, one per core: extraction, then the reference, on the same batches.
  const size = availableParallelism();
  const batches: string[][] = [];
  for (let i = 0; i < ads.length; i += BATCH) batches.push(ads.slice(i, i + BATCH));
  const rounds = 3;
  started = performance.now();
  const pool = new ExtractionPool(index, size);
  await pool.ready;
  console.log(
    `pool: ${size} workers ready in ${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${mb(process.memoryUsage().rss)}`,
  );
  let pooled: number;
  let overhead = '';
  try {
    await Promise.all(batches.map((b) => pool.extract(b, { minScore: 0.4 }))); // warm
    const workerCpu = await pool.workerCpu();
    const utilization = pool.utilization();
    const cpu = process.threadCpuUsage();
    started = performance.now();
    for (let r = 0; r < rounds; r++) await Promise.all(batches.map((b) => pool.extract(b, { minScore: 0.4 })));
    pooled = rate(ads.length * rounds, performance.now() - started);
    // Where the pool's time went (not part of the rate: read after it).
    const used = process.threadCpuUsage(cpu);
    const busy = pool
      .utilization()
      .map((u, i) => (u.active - utilization[i]!.active) / (u.active + u.idle - utilization[i]!.active - utilization[i]!.idle));
    const workers = (await pool.workerCpu()).reduce((a, ms, i) => a + ms - workerCpu[i]!, 0) / (ads.length * rounds);
    overhead = `pool's rounds: the workers ${workers.toFixed(2)} ms of CPU a vacancy (busy ${busy.map((b) => `${(100 * b).toFixed(0)} %`).join(', ')}), the calling thread ${((used.user + used.system) / 1000 / (ads.length * rounds)).toFixed(3)} ms`;
  } finally {
    await pool.close();
  }
  const referencePooled = await referenceOnWorkers(labels, size, batches, rounds);
  console.log(
    `worker threads (${size}): ${pooled.toFixed(0)} vacancies/s (target ≥ ${TARGET}: ${pooled >= TARGET ? 'met' : 'missed'}; ${(pooled / first.rate).toFixed(2)}× one thread); reference on ${size} workers: ${referencePooled.toFixed(0)} vacancies/s; ratio ${(pooled / referencePooled).toFixed(2)}×; load ${load()}`,
  );
  console.log(
    `estimate for ${size} cores without other work (least time, vacancies seen before): ≈ ${((size * 1000) / least).toFixed(0)} vacancies/s`,
  );
  console.log(
    `${overhead}; one thread's mean time over the ${PASSES} passes ${mean.toFixed(2)} ms a vacancy (≈ ${((size * 1000) / mean).toFixed(0)} vacancies/s for ${size} cores)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
