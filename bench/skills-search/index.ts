// Skills search latency over the full ESCO import (English v1.1.1 plus the Dutch files), on PGlite
// and, when VAARDIG_BENCH_DATABASE_URL or VAARDIG_TEST_DATABASE_URL names a server, on PostgreSQL.
// 1,000 mixed queries (whole labels, words, prefixes, typos; Dutch and English; Dutch occupation
// words, which go through the lexicon and the occupations' essential skills) generated from the
// data with a seeded RNG; prints p50/p95/p99 per query (target p95 <= 25 ms) and the ratio against a
// naive reference measured in the same run: a substring scan `strpos(norm, q) > 0` over skill_labels.
//   node --import tsx bench/skills-search/index.ts        (alone)
//   npm run bench -- skills-search                        (through the shared runner)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { loadConfig } from '../../src/platform/config.ts';
import type { DatabaseHandle } from '../../src/platform/db/database.ts';
import type { Database } from '../../src/platform/db/schema.ts';
import { type SearchLang, searchSkills } from '../../src/skills/search/service.ts';
import { openBenchPGlite, openBenchPostgres } from './database.ts';
import { seeded as rng } from '../../test/helpers/seeded.ts';

const QUERIES = 1000;
const WARMUP = 100;
const REFERENCE_QUERIES = 200;
/** Was 10 ms before issue 7 added the lexicon, compound splitting and the occupation branch. */
const TARGET_P95_MS = 25;

export interface BenchQuery {
  q: string;
  lang: SearchLang;
  kind: 'label' | 'word' | 'prefix' | 'typo' | 'occupation';
}

function typo(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  switch (Math.floor(random() * 3)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1); // deletion
    case 1:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2); // transposition
    default:
      return word.slice(0, i) + letters[Math.floor(random() * 26)] + word.slice(i + 1); // substitution
  }
}

/** The bench's queries, generated from the labels in the database with a fixed seed. */
export async function generateQueries(db: Kysely<Database>, count = QUERIES, seed = 20240601): Promise<BenchQuery[]> {
  const { rows } = await sql<{ label: string; lang: string }>`
    select l.label, l.lang from skill_labels l join skills s on s.id = l.skill_id
    where l.lang in ('en', 'nl') and l.kind in ('preferred', 'alt') and s.kind = 'skill'
    order by s.external_uri, l.lang, l.kind, l.norm
  `.execute(db);
  const byLang = { en: rows.filter((r) => r.lang === 'en'), nl: rows.filter((r) => r.lang === 'nl') };
  // Dutch words of occupation labels: what a Dutch user types for a trade ("lasser", "timmerman").
  const { rows: occupationWords } = await sql<{ word: string }>`
    select distinct w as word from occupation_labels l, regexp_split_to_table(l.norm, '[[:space:][:punct:]]+') as w
    where l.lang = 'nl' and length(w) >= 5 order by w
  `.execute(db);
  const random = rng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    if (occupationWords.length && random() < 0.1) {
      queries.push({ q: pick(occupationWords).word, lang: 'nl', kind: 'occupation' });
      continue;
    }
    const lang: SearchLang = random() < 0.5 ? 'nl' : 'en';
    const label = pick(byLang[lang]).label;
    const words = label.split(/\s+/).filter((w) => /\p{L}{3,}/u.test(w));
    if (!words.length) continue;
    const r = random();
    if (r < 0.2) queries.push({ q: label, lang, kind: 'label' });
    else if (r < 0.45) {
      const start = Math.floor(random() * words.length);
      queries.push({ q: words.slice(start, start + 1 + Math.floor(random() * 2)).join(' '), lang, kind: 'word' });
    } else if (r < 0.7) {
      const word = pick(words);
      queries.push({ q: word.slice(0, Math.min(word.length, 3 + Math.floor(random() * 6))), lang, kind: 'prefix' });
    } else {
      const long = words.filter((w) => w.length >= 5);
      if (!long.length) continue;
      const word = pick(long);
      const other = words.filter((w) => w !== word);
      const extra = other.length && random() < 0.4 ? ` ${pick(other)}` : '';
      queries.push({ q: typo(word, random) + extra, lang, kind: 'typo' });
    }
  }
  return queries;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;

async function time<T>(work: () => Promise<T>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Measures one backend; returns its figures for the summary. */
async function measure(name: string, handle: DatabaseHandle) {
  const db = handle.db;
  const queries = await generateQueries(db);
  const search = (q: BenchQuery) => searchSkills(db, { q: q.q, lang: q.lang, limit: 20, baseUrl: 'http://bench.local' });
  for (const q of queries.slice(0, WARMUP)) await search(q);
  const times: number[] = [];
  const byKind = new Map<string, number[]>();
  let found = 0;
  for (const q of queries) {
    const started = performance.now();
    const result = await search(q);
    const elapsed = performance.now() - started;
    times.push(elapsed);
    if (result.total > 0) found++;
    if (!byKind.has(q.kind)) byKind.set(q.kind, []);
    byKind.get(q.kind)!.push(elapsed);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const p99 = percentile(sorted, 99);
  console.log(`${name}: ${queries.length} queries, ${found} with results`);
  console.log(
    `  search      p50 ${ms(p50)}  p95 ${ms(p95)}  p99 ${ms(p99)}  max ${ms(sorted.at(-1)!)}  (target p95 <= ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? 'met' : 'MISSED'})`,
  );
  for (const [kind, list] of byKind) {
    const s = list.sort((a, b) => a - b);
    console.log(`    ${kind.padEnd(6)} n=${String(s.length).padStart(4)}  p50 ${ms(percentile(s, 50))}  p95 ${ms(percentile(s, 95))}`);
  }
  // Reference: a naive substring scan over all labels, on the first REFERENCE_QUERIES queries.
  const subset = queries.slice(0, REFERENCE_QUERIES);
  const reference = async (q: BenchQuery) =>
    sql`select skill_id from skill_labels where strpos(norm, ${q.q.toLowerCase()}) > 0 group by skill_id limit 20`.execute(db);
  await reference(subset[0]!);
  const refTimes: number[] = [];
  const ourTimes: number[] = [];
  for (const q of subset) {
    refTimes.push(await time(() => reference(q)));
    ourTimes.push(await time(() => search(q)));
  }
  refTimes.sort((a, b) => a - b);
  ourTimes.sort((a, b) => a - b);
  const ratio50 = percentile(refTimes, 50) / percentile(ourTimes, 50);
  const ratio95 = percentile(refTimes, 95) / percentile(ourTimes, 95);
  console.log(
    `  reference   p50 ${ms(percentile(refTimes, 50))}  p95 ${ms(percentile(refTimes, 95))}  (naive substring scan, ${subset.length} queries)`,
  );
  console.log(
    `  ratio       search is ${ratio50.toFixed(1)}x faster at p50, ${ratio95.toFixed(1)}x at p95 than the naive scan (same ${subset.length} queries, same run)`,
  );
  return { p50, p95, p99, ratio50 };
}

export async function run(): Promise<void> {
  const config = loadConfig({
    VAARDIG_DATA_DIR: process.env.VAARDIG_DATA_DIR,
    VAARDIG_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz',
    VAARDIG_HOME: join(process.env.TMPDIR ?? '/tmp', 'vaardig-bench-home'),
  });
  if (!existsSync(join(config.dataDir, 'esco', 'v1.1.1')) || !existsSync(join(config.dataDir, 'esco', 'v1.1.x-nl-partial'))) {
    console.log(`skills-search: skipped, ${join(config.dataDir, 'esco')} is missing`);
    return;
  }
  const log = (s: string) => console.log(`  ${s}`);
  const pglite = await openBenchPGlite(config.dataDir, log);
  try {
    await measure('PGlite', pglite);
  } finally {
    await pglite.close();
  }
  const url = process.env.VAARDIG_BENCH_DATABASE_URL ?? process.env.VAARDIG_TEST_DATABASE_URL;
  if (!url) {
    console.log('PostgreSQL: skipped (set VAARDIG_BENCH_DATABASE_URL or VAARDIG_TEST_DATABASE_URL)');
    return;
  }
  const postgres = await openBenchPostgres(url, config.dataDir, log);
  try {
    await measure('PostgreSQL', postgres);
  } finally {
    await postgres.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
