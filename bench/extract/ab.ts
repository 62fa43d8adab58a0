// Extraction on one thread, this tree against another checkout of it (a git worktree of an earlier
// commit), in one process, for a shared and noisy machine: each builds its own index from the same
// saved library, both extract the bench's vacancies once to warm up, then take turns pass by pass
// (A B B A …), so that both meet the same load. Prints each one's CPU a vacancy per pass and the
// median of the per-pair ratios, the figure to trust.
//   git worktree add /tmp/base <rev> && ln -s "$PWD/node_modules" /tmp/base/node_modules
//   node --import tsx bench/extract/ab.ts --vocabulary FILE --base /tmp/base [--ads 500] [--pairs 6] [--lang en|nl]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LibraryVocabulary } from '../../src/skills/api.ts';
import * as current from '../../src/labour-market/extraction/match.ts';
import * as currentBuild from '../../src/labour-market/extraction/build.ts';
import { dataDir, dutchAds, englishAds, readDutchSet, readSkillSpan } from './data.ts';

const { values } = parseArgs({
  options: {
    vocabulary: { type: 'string', default: '' },
    base: { type: 'string', default: '' },
    ads: { type: 'string', default: '500' },
    pairs: { type: 'string', default: '6' },
    lang: { type: 'string' },
  },
});
if (!values.vocabulary || !values.base) {
  console.error('usage: bench/extract/ab.ts --vocabulary FILE --base DIR (a checkout of the code to compare with)');
  process.exit(2);
}
const extraction = join(resolve(values.base), 'src/labour-market/extraction');
const base = (await import(join(extraction, 'match.ts'))) as typeof current;
const baseBuild = (await import(join(extraction, 'build.ts'))) as typeof currentBuild;
const vocabulary = JSON.parse(readFileSync(values.vocabulary, 'utf8')) as LibraryVocabulary;
const n = Number(values.ads);
const dir = dataDir();
const ads = [
  ...(values.lang === 'nl' ? [] : englishAds([...readSkillSpan(dir, 'dev'), ...readSkillSpan(dir, 'train')], n)),
  ...(values.lang === 'en' ? [] : dutchAds(readDutchSet(), n)),
];

const variants = [
  { name: 'base', extract: base.extract, index: baseBuild.buildIndex(vocabulary), cpu: [] as number[] },
  { name: 'this tree', extract: current.extract, index: currentBuild.buildIndex(vocabulary), cpu: [] as number[] },
];
const pass = (v: (typeof variants)[number]) => {
  const before = process.cpuUsage();
  for (const ad of ads) v.extract(v.index as never, ad, { minScore: 0.4 });
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / ads.length;
};
for (const v of variants) pass(v);
const ratios: number[] = [];
for (let p = 0; p < Number(values.pairs); p++) {
  const order = p % 2 ? [1, 0] : [0, 1];
  const got: number[] = [];
  for (const i of order) {
    got[i] = pass(variants[i]!);
    variants[i]!.cpu.push(got[i]!);
  }
  ratios.push(got[1]! / got[0]!);
  console.log(
    `pair ${p + 1}: base ${got[0]!.toFixed(3)} ms, this tree ${got[1]!.toFixed(3)} ms of CPU a vacancy (${ratios.at(-1)!.toFixed(3)}×)`,
  );
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const v of variants)
  console.log(`${v.name}: least ${Math.min(...v.cpu).toFixed(3)} ms, median ${median(v.cpu).toFixed(3)} ms of CPU a vacancy`);
console.log(
  `this tree against base: ${median(ratios).toFixed(3)}× the CPU (median of ${ratios.length} pairs; ${ads.length} vacancies a pass)`,
);
