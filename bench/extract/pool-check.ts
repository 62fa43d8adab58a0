// The pool's results on the bench's 2,000 vacancies against extract()'s in this thread: the same
// objects (deep equality, property order included through JSON).
//   node --import tsx bench/extract/pool-check.ts --vocabulary FILE [--transport binary]
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import type { LibraryVocabulary } from '../../src/skills/api.ts';
import { buildIndex } from '../../src/labour-market/extraction/build.ts';
import { extract } from '../../src/labour-market/extraction/match.ts';
import { ExtractionPool, type PoolOptions } from '../../src/labour-market/extraction/pool.ts';
import { dataDir, dutchAds, englishAds, readDutchSet, readSkillSpan } from './data.ts';

const { values } = parseArgs({
  options: { vocabulary: { type: 'string', default: '' }, transport: { type: 'string' }, depth: { type: 'string' } },
});
const dir = dataDir();
const index = buildIndex(JSON.parse(readFileSync(values.vocabulary, 'utf8')) as LibraryVocabulary);
const ads = [...englishAds([...readSkillSpan(dir, 'dev'), ...readSkillSpan(dir, 'train')], 1000), ...dutchAds(readDutchSet(), 1000)];
const pool = new ExtractionPool(index, 2, { transport: values.transport as PoolOptions['transport'], depth: Number(values.depth ?? 2) });
await pool.ready;
let differ = 0;
for (const options of [{ minScore: 0.4 }, { limit: 100 }, { lang: 'nl' as const, minScore: 0.2 }]) {
  const batches: string[][] = [];
  for (let i = 0; i < ads.length; i += 25) batches.push(ads.slice(i, i + 25));
  const pooled = (await Promise.all(batches.map((b) => pool.extract(b, options)))).flat();
  ads.forEach((ad, i) => {
    const r = extract(index, ad, options);
    const want = { lang: r.lang, skills: r.skills };
    if (!isDeepStrictEqual(pooled[i], want) || JSON.stringify(pooled[i]) !== JSON.stringify(want)) {
      if (differ++ < 3)
        console.log(`differs: ad ${i}\n  ${JSON.stringify(pooled[i]).slice(0, 300)}\n  ${JSON.stringify(want).slice(0, 300)}`);
    }
  });
}
await pool.close();
console.log(`${ads.length * 3} results compared: ${differ ? `${differ} differ` : 'all identical'}`);
process.exit(differ ? 1 : 0);
