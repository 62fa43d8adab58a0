// Skill-extraction throughput (issue 10): vacancies of about 3 KB (English from SkillSpan's job-ad
// sentences, Dutch from the project's Dutch set) against the full library (ESCO v1.1.1 English plus
// the Dutch files) in both languages. Prints vacancies per second on one thread and on a pool of
// worker threads (one per core; target >= 2,000/s on 2 cores), the index's build time and memory,
// and the ratio against a plain dictionary scan of every label with an Aho–Corasick automaton
// (modern-ahocorasick) over the lower-cased text, measured in the same run.
//   npm run bench -- extract                      (the full import, cached by bench/skills-search)
//   BENCH_EXTRACT_VOCABULARY=FILE npm run bench -- extract   (a vocabulary saved by eval:extract)
import { availableParallelism } from 'node:os';
import AhoCorasick from 'modern-ahocorasick';
import { buildIndex } from '../../src/labour-market/extraction/build.ts';
import { extract } from '../../src/labour-market/extraction/match.ts';
import { ExtractionPool } from '../../src/labour-market/extraction/pool.ts';
import { dataDir, dutchAds, englishAds, missingData, readDutchSet, readSkillSpan, SKILLSPAN } from './data.ts';
import { loadVocabulary } from './eval.ts';

const ADS_PER_LANGUAGE = Number(process.env.BENCH_EXTRACT_ADS ?? 1000);
const BATCH = 25;
const TARGET = 2000;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function gc() {
  (globalThis as { gc?: () => void }).gc?.();
}

function rate(count: number, ms: number) {
  return (count / ms) * 1000;
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
    `${ads.length} vacancies (${ADS_PER_LANGUAGE} English, ${ADS_PER_LANGUAGE} Dutch), ${(bytes / ads.length / 1024).toFixed(1)} KB on average`,
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

  // One thread, warm.
  for (const ad of ads.slice(0, 200)) extract(index, ad);
  started = performance.now();
  let cpu = process.cpuUsage();
  let found = 0;
  for (const ad of ads) found += extract(index, ad, { minScore: 0.4 }).skills.length;
  const single = rate(ads.length, performance.now() - started);
  cpu = process.cpuUsage(cpu);
  const cpuMs = (cpu.user + cpu.system) / 1000 / ads.length;
  console.log(
    `one thread: ${single.toFixed(0)} vacancies/s, ${cpuMs.toFixed(2)} ms of CPU per vacancy (≈ ${(1000 / cpuMs).toFixed(0)}/s per idle core); ${(found / ads.length).toFixed(1)} skills per vacancy shown`,
  );

  // The reference: every label (all languages) in one Aho–Corasick automaton over the lower-cased text.
  const labels = [...new Set(vocabulary.skills.flatMap((s) => s.labels.map(([, , label]) => label.toLowerCase())))];
  started = performance.now();
  const automaton = new AhoCorasick(labels);
  const acBuild = performance.now() - started;
  for (const ad of ads.slice(0, 200)) automaton.count(ad.toLowerCase());
  started = performance.now();
  let acCpu = process.cpuUsage();
  let hits = 0;
  for (const ad of ads) hits += automaton.search(ad.toLowerCase()).length;
  const reference = rate(ads.length, performance.now() - started);
  acCpu = process.cpuUsage(acCpu);
  const acCpuMs = (acCpu.user + acCpu.system) / 1000 / ads.length;
  console.log(
    `reference (modern-ahocorasick, ${labels.length} labels, built in ${(acBuild / 1000).toFixed(1)} s): ${reference.toFixed(0)} vacancies/s on one thread, ${acCpuMs.toFixed(2)} ms of CPU per vacancy (${(hits / ads.length).toFixed(1)} raw hits per vacancy); ratio ${(single / reference).toFixed(2)}× by wall clock, ${(acCpuMs / cpuMs).toFixed(2)}× by CPU`,
  );

  // Worker threads, one per core.
  const size = availableParallelism();
  started = performance.now();
  const pool = new ExtractionPool(index, size);
  await pool.ready;
  console.log(`pool: ${size} workers ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  try {
    const batches: string[][] = [];
    for (let i = 0; i < ads.length; i += BATCH) batches.push(ads.slice(i, i + BATCH));
    await Promise.all(batches.slice(0, 8).map((b) => pool.extract(b))); // warm
    const rounds = 3;
    started = performance.now();
    for (let r = 0; r < rounds; r++) await Promise.all(batches.map((b) => pool.extract(b, { minScore: 0.4 })));
    const pooled = rate(ads.length * rounds, performance.now() - started);
    console.log(
      `worker threads (${size}): ${pooled.toFixed(0)} vacancies/s (target ≥ ${TARGET} on 2 cores: ${pooled >= TARGET ? 'met' : 'missed'}); ${(pooled / single).toFixed(2)}× one thread; RSS ${mb(process.memoryUsage().rss)}`,
    );
  } finally {
    await pool.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
