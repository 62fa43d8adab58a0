// Quality of skill extraction (issue 10): `npm run eval:extract`.
//  - decorte TECH and HOUSE validation splits: RP@5, RP@10 and MRR over the sentences with gold
//    ESCO skills (the method of ../shared/data/skill-extraction/decorte/readme.md: rank the skills,
//    RP@K = gold in the top K / min(K, gold));
//  - the project's Dutch test set (test/fixtures/extraction): the same figures, per sentence and per
//    whole vacancy, and how many skills the sentences without any get;
//  - SkillSpan dev: span precision and recall of the spans of the extracted skills against the
//    annotated skill and knowledge spans (exact, and overlapping).
// The library is the full ESCO import (English v1.1.1 and the Dutch files) in a PGlite database
// imported once and cached (bench/skills-search/database.ts), or a saved vocabulary:
//   npm run eval:extract [-- --vocabulary FILE] [--save-vocabulary FILE]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildIndex, type ExtractionIndex } from '../../src/labour-market/extraction/build.ts';
import { extract } from '../../src/labour-market/extraction/match.ts';
import { type LibraryVocabulary, libraryVocabulary } from '../../src/skills/api.ts';
import { openBenchPGlite } from '../skills-search/database.ts';
import {
  DECORTE,
  dataDir,
  type LabelledSentence,
  missingData,
  readDecorte,
  readDutchSet,
  readSkillSpan,
  SKILLSPAN,
  skillKeys,
} from './data.ts';

/** Candidates ranked per sentence (the metric ranks the whole candidate set; below these, all are misses). */
const RANKED = 50;
/** Score from which an extracted skill is shown (the API's default), for precision and spans. */
export const SHOWN = 0.4;

export async function loadVocabulary(file?: string, save?: string): Promise<LibraryVocabulary> {
  if (file) return JSON.parse(readFileSync(file, 'utf8')) as LibraryVocabulary;
  const handle = await openBenchPGlite(dataDir(), (s) => console.log(s));
  try {
    const vocabulary = await libraryVocabulary(handle.db);
    if (save) writeFileSync(save, JSON.stringify(vocabulary));
    return vocabulary;
  } finally {
    await handle.close();
  }
}

interface Ranking {
  rp5: number;
  rp10: number;
  mrr: number;
  n: number;
}

function rank(ranked: string[], gold: Set<string>): Omit<Ranking, 'n'> {
  const hits = (k: number) => ranked.slice(0, k).filter((x) => gold.has(x)).length / Math.min(k, gold.size);
  const first = ranked.findIndex((x) => gold.has(x));
  return { rp5: hits(5), rp10: hits(10), mrr: first >= 0 ? 1 / (first + 1) : 0 };
}

function average(list: Omit<Ranking, 'n'>[]): Ranking {
  const n = list.length || 1;
  return {
    rp5: (100 * list.reduce((a, r) => a + r.rp5, 0)) / n,
    rp10: (100 * list.reduce((a, r) => a + r.rp10, 0)) / n,
    mrr: (100 * list.reduce((a, r) => a + r.mrr, 0)) / n,
    n: list.length,
  };
}

const fmt = (r: Ranking) => `RP@5 ${r.rp5.toFixed(1)}  RP@10 ${r.rp10.toFixed(1)}  MRR ${r.mrr.toFixed(1)}  (${r.n} sentences)`;

/** Ranks every sentence's skills; `key` turns a skill index into the gold's key (label or URI). */
export function evaluateRanking(
  index: ExtractionIndex,
  sentences: LabelledSentence[],
  key: (skill: number) => string,
  lang?: 'nl' | 'en',
): Ranking {
  return average(
    sentences.map((s) => {
      const ranked = extract(index, s.text, { lang, limit: RANKED }).skills.map((m) => key(m.skill));
      return rank(ranked, new Set(s.gold));
    }),
  );
}

export function evaluateDecorte(index: ExtractionIndex, vocabulary: LibraryVocabulary, split: 'tech' | 'house') {
  const sentences = readDecorte(dataDir(), split);
  const { byLabel } = skillKeys(vocabulary);
  const unknown = new Set(sentences.flatMap((s) => s.gold).filter((g) => !byLabel.has(g.toLowerCase())));
  const key = (skill: number) => vocabulary.skills[skill]!.name.en?.trim().toLowerCase() ?? '';
  const lowered = sentences.map((s) => ({ ...s, gold: s.gold.map((g) => g.toLowerCase()) }));
  return { ranking: evaluateRanking(index, lowered, key, 'en'), unknown: unknown.size };
}

export function evaluateDutch(index: ExtractionIndex, vocabulary: LibraryVocabulary) {
  const set = readDutchSet();
  const key = (skill: number) => vocabulary.skills[skill]!.externalUri ?? '';
  const withSkills = set.filter((s) => s.gold.length);
  const sentences = evaluateRanking(index, withSkills, key, 'nl');
  // Whole vacancies: the title and every sentence, gold the union.
  const byVacancy = new Map<string, LabelledSentence[]>();
  for (const s of set) byVacancy.set(s.vacancy!, [...(byVacancy.get(s.vacancy!) ?? []), s]);
  const vacancies = [...byVacancy.values()].map((list) => {
    const text = `${list[0]!.title}\n${list.map((s) => s.text).join('\n')}`;
    const gold = new Set(list.flatMap((s) => s.gold));
    const found = extract(index, text, { lang: 'nl', limit: 100 }).skills;
    const ranked = found.map((m) => key(m.skill));
    const shown = found.filter((m) => m.score >= SHOWN).map((m) => key(m.skill));
    return {
      recall20: ranked.slice(0, 20).filter((x) => gold.has(x)).length / Math.min(20, gold.size),
      precisionShown: shown.length ? shown.filter((x) => gold.has(x)).length / shown.length : 1,
      recallShown: shown.filter((x) => gold.has(x)).length / gold.size,
    };
  });
  const mean = (f: (v: (typeof vacancies)[number]) => number) => (100 * vacancies.reduce((a, v) => a + f(v), 0)) / vacancies.length;
  const empty = set.filter((s) => !s.gold.length);
  const falseShown = empty.reduce((a, s) => a + extract(index, s.text, { lang: 'nl', minScore: SHOWN }).skills.length, 0);
  return {
    sentences,
    vacancies: {
      n: vacancies.length,
      recall20: mean((v) => v.recall20),
      precision: mean((v) => v.precisionShown),
      recall: mean((v) => v.recallShown),
    },
    empty: { n: empty.length, shown: falseShown },
  };
}

export function evaluateSpans(index: ExtractionIndex) {
  const sentences = readSkillSpan(dataDir(), 'dev');
  let gold = 0;
  let predicted = 0;
  let exact = 0;
  let goldOverlapped = 0;
  let predictedOverlapping = 0;
  for (const s of sentences) {
    const found = extract(index, s.text, { lang: 'en', minScore: SHOWN, limit: 100 }).skills;
    // Character spans → token ranges, merged where they overlap.
    const ranges: [number, number][] = [];
    for (const m of found) {
      for (const [a, b] of m.spans) {
        const first = s.offsets.findIndex(([x, y]) => y > a && x < b);
        let last = first;
        while (last + 1 < s.offsets.length && s.offsets[last + 1]![0] < b) last++;
        if (first >= 0) ranges.push([first, last]);
      }
    }
    ranges.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const merged: [number, number][] = [];
    for (const r of ranges) {
      const tail = merged[merged.length - 1];
      if (tail && r[0] <= tail[1]) tail[1] = Math.max(tail[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    gold += s.spans.length;
    predicted += merged.length;
    const overlaps = (a: [number, number], b: [number, number]) => a[0] <= b[1] && b[0] <= a[1];
    exact += merged.filter((p) => s.spans.some((g) => g[0] === p[0] && g[1] === p[1])).length;
    goldOverlapped += s.spans.filter((g) => merged.some((p) => overlaps(p, g))).length;
    predictedOverlapping += merged.filter((p) => s.spans.some((g) => overlaps(p, g))).length;
  }
  const pct = (a: number, b: number) => (b ? (100 * a) / b : 0);
  return {
    sentences: sentences.length,
    gold,
    predicted,
    exact: { precision: pct(exact, predicted), recall: pct(exact, gold) },
    overlap: { precision: pct(predictedOverlapping, predicted), recall: pct(goldOverlapped, gold) },
  };
}

async function main() {
  const { values } = parseArgs({ options: { vocabulary: { type: 'string' }, 'save-vocabulary': { type: 'string' } } });
  const dir = dataDir();
  const missing = missingData(dir, [
    `${DECORTE}/tech_validation_annotations.csv`,
    `${DECORTE}/house_validation_annotations.csv`,
    `${SKILLSPAN}/dev.json`,
    'esco/v1.1.1',
  ]);
  if (missing) {
    console.error(`eval:extract: the evaluation data is not there: ${missing}`);
    process.exit(2);
  }
  if (values.vocabulary && !existsSync(values.vocabulary)) {
    console.error(`eval:extract: no vocabulary file ${values.vocabulary}`);
    process.exit(2);
  }
  const vocabulary = await loadVocabulary(values.vocabulary, values['save-vocabulary']);
  let started = performance.now();
  const index = buildIndex(vocabulary);
  console.log(
    `library: ${vocabulary.skills.length} skills, ${index.entries.length} labels, ${vocabulary.lexicon.length} lexicon pairs; index built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  started = performance.now();
  for (const split of ['tech', 'house'] as const) {
    const { ranking, unknown } = evaluateDecorte(index, vocabulary, split);
    console.log(`decorte ${split.toUpperCase().padEnd(5)} ${fmt(ranking)}${unknown ? `; ${unknown} gold labels not in the library` : ''}`);
  }
  const dutch = evaluateDutch(index, vocabulary);
  console.log(`Dutch set   ${fmt(dutch.sentences)}`);
  console.log(
    `Dutch set, whole vacancies (${dutch.vacancies.n}): recall@20 ${dutch.vacancies.recall20.toFixed(1)}; shown (score ≥ ${SHOWN}): precision ${dutch.vacancies.precision.toFixed(1)}, recall ${dutch.vacancies.recall.toFixed(1)}`,
  );
  console.log(`Dutch set, ${dutch.empty.n} sentences without skills: ${dutch.empty.shown} skills shown`);
  const spans = evaluateSpans(index);
  console.log(
    `SkillSpan dev (${spans.sentences} sentences, ${spans.gold} gold spans, ${spans.predicted} predicted at score ≥ ${SHOWN}): exact P ${spans.exact.precision.toFixed(1)} R ${spans.exact.recall.toFixed(1)}; overlap P ${spans.overlap.precision.toFixed(1)} R ${spans.overlap.recall.toFixed(1)}`,
  );
  console.log(`evaluation took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
