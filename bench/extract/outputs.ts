// The extractor's whole output on every text the evaluation and the benchmark use, written to a file
// or compared with one written before: the check that a change meant to make extraction faster
// changed nothing it returns (skills, scores to the last bit, spans, reasons, occupations).
//   node --import tsx bench/extract/outputs.ts --write FILE [--vocabulary FILE]
//   node --import tsx bench/extract/outputs.ts --compare FILE [--vocabulary FILE] [--only en|nl]
// Indexes of skills depend on the library's order, so both runs must use the same library: save it
// once (`npm run eval:extract -- --save-vocabulary FILE`) and pass it to both.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildIndex } from '../../src/labour-market/extraction/build.ts';
import { type ExtractOptions, extract } from '../../src/labour-market/extraction/match.ts';
import { dataDir, dutchAds, englishAds, readDecorte, readDutchSet, readSkillSpan } from './data.ts';
import { loadVocabulary } from './eval.ts';

export interface OutputCase {
  id: string;
  text: string;
  options: ExtractOptions;
}

/** Every text of eval:extract and bench/extract, with the options they are extracted with there (and a few more). */
export function outputCases(): OutputCase[] {
  const dir = dataDir();
  const cases: OutputCase[] = [];
  for (const split of ['tech', 'house'] as const)
    for (const s of readDecorte(dir, split)) cases.push({ id: s.id, text: s.text, options: { lang: 'en', limit: 50 } });
  const dutch = readDutchSet();
  for (const s of dutch) {
    cases.push({ id: s.id, text: s.text, options: { lang: 'nl', limit: 50 } });
    cases.push({ id: `${s.id}/shown`, text: s.text, options: { lang: 'nl', minScore: 0.4 } });
  }
  const byVacancy = new Map<string, typeof dutch>();
  for (const s of dutch) byVacancy.set(s.vacancy!, [...(byVacancy.get(s.vacancy!) ?? []), s]);
  for (const [v, list] of byVacancy)
    cases.push({
      id: `vacancy-${v}`,
      text: `${list[0]!.title}\n${list.map((s) => s.text).join('\n')}`,
      options: { lang: 'nl', limit: 100 },
    });
  readSkillSpan(dir, 'dev').forEach((s, i) => {
    cases.push({ id: `skillspan-${i}`, text: s.text, options: { lang: 'en', minScore: 0.4, limit: 100 } });
  });
  const ads = [...englishAds([...readSkillSpan(dir, 'dev'), ...readSkillSpan(dir, 'train')], 1000), ...dutchAds(dutch, 1000)];
  ads.forEach((text, i) => {
    cases.push({ id: `ad-${i}`, text, options: { minScore: 0.4 } });
    if (i % 10 === 0) cases.push({ id: `ad-${i}/all`, text, options: { limit: 100 } });
  });
  return cases;
}

async function main() {
  const { values } = parseArgs({
    options: { write: { type: 'string' }, compare: { type: 'string' }, vocabulary: { type: 'string' }, only: { type: 'string' } },
  });
  if (!values.write === !values.compare) {
    console.error('outputs: give --write FILE or --compare FILE');
    process.exit(2);
  }
  const vocabulary = await loadVocabulary(values.vocabulary);
  const index = buildIndex(vocabulary);
  const cases = outputCases();
  const started = performance.now();
  const lines = cases.map((c) => JSON.stringify({ id: c.id, result: extract(index, c.text, c.options) }));
  const ms = performance.now() - started;
  const digest = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
  console.log(`${cases.length} texts extracted in ${(ms / 1000).toFixed(1)} s; outputs ${digest}`);
  if (values.write) {
    writeFileSync(values.write, `${lines.join('\n')}\n`);
    console.log(`written to ${values.write}`);
    return;
  }
  const frozen = readFileSync(values.compare!, 'utf8').split('\n').filter(Boolean);
  const byId = new Map(frozen.map((line) => [(JSON.parse(line) as { id: string }).id, line]));
  let differ = 0;
  let compared = 0;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i]!;
    const lang = c.options.lang ?? (JSON.parse(lines[i]!) as { result: { lang: string } }).result.lang;
    if (values.only && lang !== values.only) continue;
    compared++;
    const old = byId.get(c.id);
    if (old === lines[i]) continue;
    differ++;
    if (differ <= 5) console.log(`differs: ${c.id}\n  was ${old?.slice(0, 400)}\n  now ${lines[i]!.slice(0, 400)}`);
  }
  console.log(`${compared} texts compared: ${differ ? `${differ} differ` : 'all identical'}`);
  process.exit(differ ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
