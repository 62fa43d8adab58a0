import { describe, expect, test } from 'vitest';
import {
  bandKeys,
  comparableText,
  minhash,
  NEAR_DUPLICATE_SIMILARITY,
  sameVacancy,
  shingles,
  similarity,
  TITLE_CONTAINMENT,
  titleContainment,
} from '../../src/labour-market/dedup.ts';
import { DIFFERENT, SAME } from './pairs.ts';

const signature = (ad: { title: string; employer: string; description: string }) => minhash(comparableText(ad));
const exactJaccard = (a: string, b: string) => {
  const x = shingles(a);
  const y = shingles(b);
  let common = 0;
  for (const s of x) if (y.has(s)) common++;
  return common / (x.size + y.size - common);
};

describe('near-duplicate detection (MinHash over word shingles, LSH)', () => {
  test.each(SAME.map((pair, i) => [i, pair] as const))('repost %i with small edits is the same vacancy', (_i, [a, b]) => {
    const verdict = sameVacancy({ title: a.title, signature: signature(a) }, { title: b.title, signature: signature(b) });
    expect(verdict.similarity).toBeGreaterThanOrEqual(NEAR_DUPLICATE_SIMILARITY);
    expect(verdict.same).toBe(true);
    // And LSH makes them candidates: they share a band key.
    const keys = new Set(bandKeys(signature(a)));
    expect(bandKeys(signature(b)).some((k) => keys.has(k))).toBe(true);
  });

  test.each(DIFFERENT.map((pair, i) => [i, pair] as const))('different job %i at the same employer is another vacancy', (_i, [a, b]) => {
    const verdict = sameVacancy({ title: a.title, signature: signature(a) }, { title: b.title, signature: signature(b) });
    expect(verdict.same).toBe(false);
  });

  test('the signature estimates the Jaccard similarity of the shingle sets (within 0.15 on these pairs)', () => {
    for (const [a, b] of [...SAME, ...DIFFERENT]) {
      const estimate = similarity(signature(a), signature(b));
      expect(Math.abs(estimate - exactJaccard(comparableText(a), comparableText(b)))).toBeLessThan(0.15);
    }
  });

  test('a shared boilerplate alone does not make a duplicate: the text differs enough, or the titles do', () => {
    // Senior vs. plain Java developer share the company text and offer: the titles agree, the text does not.
    const [a, b] = DIFFERENT[3];
    expect(titleContainment(a.title, b.title)).toBeGreaterThanOrEqual(TITLE_CONTAINMENT);
    expect(similarity(signature(a), signature(b))).toBeLessThan(NEAR_DUPLICATE_SIMILARITY);
  });

  test('titles: noise words (hours, m/v/x) do not count; containment of the shorter title', () => {
    expect(titleContainment('Verzorgende IG (24-32 uur)', 'Verzorgende IG 28-32 uur')).toBe(1);
    expect(titleContainment('Lasser MIG/MAG', 'Lasser MIG/MAG (m/v/x)')).toBe(1);
    expect(titleContainment('Verzorgende IG', 'Teamleider zorg')).toBe(0);
  });

  test('the same text gives the same signature; an empty text gives no shingles', () => {
    expect(minhash('een twee drie vier')).toEqual(minhash('Een, twee; drie — vier!'));
    expect(shingles('').size).toBe(0);
    expect(shingles('kort').size).toBe(1);
  });
});
