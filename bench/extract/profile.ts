// A profile of extraction alone (no pool, no reference): least time a vacancy over passes, CPU per
// vacancy, for a profiler (`node --cpu-prof --import tsx bench/extract/profile.ts`).
//   node --import tsx bench/extract/profile.ts --vocabulary FILE (saved by eval:extract --save-vocabulary) [--ads N] [--passes N] [--lang en|nl]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { LibraryVocabulary } from '../../src/skills/api.ts';
import { buildIndex } from '../../src/labour-market/extraction/build.ts';
import { extract } from '../../src/labour-market/extraction/match.ts';
import { dataDir, dutchAds, englishAds, readDutchSet, readSkillSpan } from './data.ts';

const { values } = parseArgs({
  options: {
    vocabulary: { type: 'string', default: '' },
    ads: { type: 'string', default: '300' },
    passes: { type: 'string', default: '5' },
    lang: { type: 'string' },
  },
});
const n = Number(values.ads);
const dir = dataDir();
const vocabulary = JSON.parse(readFileSync(values.vocabulary, 'utf8')) as LibraryVocabulary;
let started = performance.now();
const index = buildIndex(vocabulary);
console.log(`index built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const ads = [
  ...(values.lang === 'nl' ? [] : englishAds([...readSkillSpan(dir, 'dev'), ...readSkillSpan(dir, 'train')], n)),
  ...(values.lang === 'en' ? [] : dutchAds(readDutchSet(), n)),
];
const least = ads.map(() => Number.POSITIVE_INFINITY);
for (let r = 0; r < Number(values.passes); r++) {
  const cpu = process.cpuUsage();
  started = performance.now();
  ads.forEach((ad, i) => {
    const t = performance.now();
    extract(index, ad, { minScore: 0.4 });
    least[i] = Math.min(least[i]!, performance.now() - t);
  });
  const used = process.cpuUsage(cpu);
  console.log(
    `pass ${r + 1}: ${((performance.now() - started) / ads.length).toFixed(3)} ms wall, ${((used.user + used.system) / 1000 / ads.length).toFixed(3)} ms CPU a vacancy`,
  );
}
console.log(`least time ${(least.reduce((a, b) => a + b, 0) / ads.length).toFixed(3)} ms a vacancy (${ads.length} vacancies)`);
