import { normaliseText } from './text.ts';

/**
 * Near-duplicate detection: MinHash over word shingles with LSH banding (Broder 1997; Leskovec,
 * Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3), the method job-feed vendors use.
 * The thresholds are documented and tested in docs/labour-market.md and test/labour-market/dedup.test.ts.
 */

/** Words per shingle. Three keeps word order without making one changed word cost too much. */
export const SHINGLE_WORDS = 3;
/** Hash functions in a signature: the similarity estimate's standard error is ≤ 1/(2·√128) ≈ 0.044. */
export const SIGNATURE_SIZE = 128;
/** LSH: 32 bands of 4 rows. Two texts become candidates with probability 1 − (1 − s⁴)³², ≈ 0.995 at s = 0.6. */
export const BANDS = 32;
export const ROWS = SIGNATURE_SIZE / BANDS;
/** Estimated Jaccard similarity of the shingle sets from which two ads are the same vacancy. */
export const NEAR_DUPLICATE_SIMILARITY = 0.7;
/** And their titles must share this much (containment of the smaller title's words, noise words left out). */
export const TITLE_CONTAINMENT = 0.6;

function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => fmix32(0x9e3779b9 + Math.imul(i + 1, 0x7f4a7c15)));

/** The set of word shingles of a text (as 32-bit hashes). A text shorter than a shingle is one shingle. */
export function shingles(text: string): Set<number> {
  const words = normaliseText(text).split(' ').filter(Boolean);
  const out = new Set<number>();
  if (words.length === 0) return out;
  if (words.length < SHINGLE_WORDS) {
    out.add(fnv1a(words.join(' ')));
    return out;
  }
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) out.add(fnv1a(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  return out;
}

/** The MinHash signature of a text: for each of the hash functions, the least hash of its shingles. */
export function minhash(text: string): number[] {
  const signature = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  for (const shingle of shingles(text)) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const h = fmix32(shingle ^ SEEDS[i]);
      if (h < signature[i]) signature[i] = h;
    }
  }
  return signature;
}

/** The share of positions where two signatures agree: an estimate of the shingle sets' Jaccard similarity. */
export function similarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** The LSH keys of a signature, one per band: vacancies that share one are compared. */
export function bandKeys(signature: readonly number[]): string[] {
  const keys: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    let h = band + 1;
    for (let r = 0; r < ROWS; r++) h = fmix32(h ^ signature[band * ROWS + r]) + r;
    keys.push(`${band}:${(h >>> 0).toString(36)}`);
  }
  return keys;
}

const TITLE_NOISE = new Set([
  'm',
  'v',
  'x',
  'mv',
  'mvx',
  'f',
  'd',
  'uur',
  'uren',
  'per',
  'week',
  'fte',
  'hours',
  'hrs',
  'vacature',
  'gezocht',
  'wanted',
  'job',
  'en',
  'and',
  'de',
  'het',
  'the',
  'a',
  'een',
  'in',
  'te',
  'bij',
  'at',
]);

function titleWords(title: string): Set<string> {
  return new Set(
    normaliseText(title)
      .split(' ')
      .filter((w) => w && !TITLE_NOISE.has(w) && !/^\d+$/.test(w)),
  );
}

/** How much two titles share: the words they have in common over the words of the shorter one. */
export function titleContainment(a: string, b: string): number {
  const x = titleWords(a);
  const y = titleWords(b);
  if (x.size === 0 || y.size === 0) return normaliseText(a) === normaliseText(b) ? 1 : 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return common / Math.min(x.size, y.size);
}

/** The text a vacancy is compared by: title, employer and description. */
export function comparableText(v: { title: string; employer?: string | null; description: string }): string {
  return [v.title, v.employer ?? '', v.description].join('\n');
}

/** Whether two ads are the same vacancy: similar enough text (by their signatures) and titles that agree. */
export function sameVacancy(
  a: { title: string; signature: readonly number[] },
  b: { title: string; signature: readonly number[] },
): { same: boolean; similarity: number } {
  const s = similarity(a.signature, b.signature);
  return { same: s >= NEAR_DUPLICATE_SIMILARITY && titleContainment(a.title, b.title) >= TITLE_CONTAINMENT, similarity: s };
}
