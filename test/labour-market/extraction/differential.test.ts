import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataDir, dutchAds, englishAds, readDecorte, readDutchSet, readSkillSpan } from '../../../bench/extract/data.ts';
import { loadVocabulary } from '../../../bench/extract/eval.ts';
import { buildIndex, type ExtractionIndex } from '../../../src/labour-market/extraction/build.ts';
import { type ExtractOptions, extract } from '../../../src/labour-market/extraction/match.ts';
import { edits1 } from '../../../src/labour-market/extraction/terms.ts';
import { typoCandidates } from '../../../src/labour-market/extraction/typos.ts';
import {
  detectLang,
  fastSegmentable,
  fastSentenceBreaks,
  type Lang,
  sentenceBreaks,
  splitText,
  TextTokens,
  tokenize,
  WordTable,
  wordSegments,
} from '../../../src/labour-market/extraction/text.ts';
import { fixtureVocabulary } from './fixture.ts';
import { referenceExtract } from './reference.ts';

/**
 * The fast extractor against the one it replaced (reference.ts, kept as it was), on the same words:
 * every skill, score (to the last bit), span, reason and occupation must be the same. Also the fast
 * paths of the text handling against what they stand for: word segmentation against Intl.Segmenter,
 * language detection against its regular expression, the words one typo away against trying every
 * edit.
 *
 * - The small fixture library, always: the Dutch test set's sentences and vacancies and English ads.
 * - The full ESCO library (English v1.1.1 and the Dutch files, ../shared/data; skipped without it):
 *   the Dutch set, the decorte validation sentences, SkillSpan dev sentences and bench vacancies of
 *   3 KB, a few hundred texts, with the options eval:extract and the bench use. The library is the
 *   bench's cached import (bench/skills-search/database.ts, in the machine's temp directory; imported
 *   on first use, ≈ 1 minute) or
 *   the vocabulary file VAARDIG_EXTRACTION_VOCABULARY (saved by `npm run eval:extract -- --save-vocabulary FILE`).
 */

const OPTIONS: ExtractOptions[] = [{ limit: 100 }, { minScore: 0.4 }, { minScore: 0.4, limit: 5 }];

function same(index: ExtractionIndex, text: string, options: ExtractOptions) {
  const fast = JSON.stringify(extract(index, text, options));
  const reference = JSON.stringify(referenceExtract(index, text, options));
  return fast === reference ? null : { text: text.slice(0, 200), options, fast: fast.slice(0, 600), reference: reference.slice(0, 600) };
}

function dutchTexts(): { text: string; lang?: 'nl' | 'en' }[] {
  const set = readDutchSet();
  const byVacancy = new Map<string, typeof set>();
  for (const s of set) byVacancy.set(s.vacancy!, [...(byVacancy.get(s.vacancy!) ?? []), s]);
  return [
    ...set.map((s) => ({ text: s.text, lang: 'nl' as const })),
    ...[...byVacancy.values()].map((list) => ({ text: `${list[0]!.title}\n${list.map((s) => s.text).join('\n')}` })),
  ];
}

/** A small seeded generator (the same strings every run). */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x80000000;
  };
}

describe('text handling: fast paths against what they stand for', () => {
  const alphabet = [
    ...'aBzQéÜßÿªµºÀ¸×÷09 5.,;:\'_-"()#+!?/@&%*=<>[]{}|~^`$\\\t\n\r\u00a0·²½©®°«»¿¡',
    ...'\u2013\u2014\u2018\u2019\u201c\u201d\u201e\u2022\u2026\u20ac\u2122\u2192\u2332\u25aa\u25cf\u261e\u2714\u27a2',
    // Control characters, C1 too (texts decoded as Latin-1 that were Windows-1252: "\u0092" for ’).
    ...'\u0000\u0001\u000b\u000c\u001a\u001f\u007f\u0080\u0085\u0091\u0092\u0093\u0094\u0095\u009f',
  ];

  it('segments words as Intl.Segmenter does, on 50,000 generated strings of letters, digits and punctuation', () => {
    const random = generator(20261207);
    const differ: string[] = [];
    for (let n = 0; n < 50_000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 24);
      // Half of the characters from the first twelve (letters and digits), so that words form.
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * (random() < 0.5 ? 12 : alphabet.length))];
      expect(fastSegmentable(text)).toBe(true);
      if (JSON.stringify(wordSegments(text, true)) !== JSON.stringify(wordSegments(text, false))) differ.push(text);
    }
    expect(differ).toEqual([]);
  });

  it('segments every character of the fast path between letters and digits as Intl.Segmenter does', () => {
    const differ: string[] = [];
    for (const c of alphabet)
      for (const text of [
        `a${c}b`,
        `1${c}2`,
        `${c}${c}`,
        c,
        `a${c}`,
        `${c}a`,
        `_${c}_`,
        `a${c}${c}b`,
        `é${c}1`,
        `x${c}y${c}z`,
        `3${c}4${c}5`,
      ])
        if (JSON.stringify(wordSegments(text, true)) !== JSON.stringify(wordSegments(text, false))) differ.push(text);
    expect(differ).toEqual([]);
    // Others take Intl.Segmenter's way.
    for (const text of ['emoji 😀', 'ka\u0301', 'soft\u00adhyphen', 'ゲーム', 'zero\u200bwidth']) expect(fastSegmentable(text)).toBe(false);
  });

  it('finds sentence boundaries as Intl.Segmenter does, on 50,000 generated strings', () => {
    const random = generator(20261208);
    // Sentence ends, closing quotes and brackets, spaces, breaks, continuations, upper and lower case.
    const sentence = [...'aBzé09.!?.?"\')]» \u00a0\t\n\r\u0085\u000b,;:-\u2013\u2014\u2019\u201d\u2026\u2022'];
    const differ: string[] = [];
    let fast = 0;
    for (let n = 0; n < 50_000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 24);
      for (let i = 0; i < length; i++)
        text += random() < 0.5 ? sentence[Math.floor(random() * sentence.length)] : alphabet[Math.floor(random() * alphabet.length)];
      const breaks: number[] = [];
      // (Symbols beyond the usual punctuation of ads take Intl.Segmenter's way.)
      if (!fastSentenceBreaks(text, breaks)) continue;
      fast++;
      if (JSON.stringify(breaks) !== JSON.stringify(sentenceBreaks(text, false))) differ.push(text);
    }
    expect(differ).toEqual([]);
    expect(fast).toBeGreaterThan(30_000);
    expect(() => sentenceBreaks('soft\u00adhyphen. Next', true)).toThrow();
  });

  it('splits a text into the same tokens in arrays (splitText) as tokenize does, on 50,000 generated strings and the Dutch set', () => {
    const random = generator(20261209);
    const sentence = [...'aBzé09.!?"\')]» \t\n\r,;:-()#+\u2019\u2022'];
    const table = new WordTable<unknown>();
    const out = new TextTokens();
    const differ: string[] = [];
    const texts: [string, Lang][] = dutchTexts().map(({ text }) => [text, 'nl']);
    for (let n = 0; n < 50_000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 40);
      for (let i = 0; i < length; i++)
        text += random() < 0.6 ? sentence[Math.floor(random() * sentence.length)] : alphabet[Math.floor(random() * alphabet.length)];
      texts.push([text, n % 2 ? 'nl' : 'en']);
    }
    for (const [text, lang] of texts) {
      splitText(text, lang, table, out);
      const arrays = Array.from({ length: out.count }, (_, k) => ({
        start: out.start[k],
        end: out.end[k],
        norm: out.norm[k],
        unit: out.unit[k],
        inParens: out.parens[k] === 1,
      }));
      if (JSON.stringify(arrays) !== JSON.stringify(tokenize(text, lang))) differ.push(text);
    }
    expect(differ).toEqual([]);
  });

  it('segments the Dutch set as Intl.Segmenter does, and detects its language as before', () => {
    for (const { text } of dutchTexts()) {
      const breaks: number[] = [];
      if (fastSentenceBreaks(text, breaks)) expect(breaks).toEqual(sentenceBreaks(text, false));
      if (fastSegmentable(text)) expect(wordSegments(text, true)).toEqual(wordSegments(text, false));
      expect(detectLang(text)).toBe(detectLang(text, false));
    }
  });

  it('detects the language as the regular expression does, on generated texts long and short', () => {
    const words = [
      'de',
      'the',
      'and',
      'en',
      'Het',
      'THE',
      'ervaring',
      'Ervaring',
      'experience',
      'wij',
      'you',
      'é',
      'deé',
      'µ',
      '1',
      '.',
      '\n',
      'ÀND',
      'ßkills',
    ];
    const random = generator(7);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = n % 100 === 0 ? 700 + Math.floor(random() * 500) : Math.floor(random() * 30);
      for (let i = 0; i < length; i++) text += words[Math.floor(random() * words.length)] + (random() < 0.7 ? ' ' : '');
      expect(detectLang(text), text.slice(0, 100)).toBe(detectLang(text, false));
    }
  });
});

/** The library's words one edit away, in edits1's order: what trying every edit finds. */
function typosByEveryEdit(index: ExtractionIndex, word: string, lang: Lang): string[] {
  const out: string[] = [];
  edits1(word, (c) => {
    if ((index.labelWords[lang].has(c) || (lang === 'nl' && index.lexicon.has(c))) && !out.includes(c)) out.push(c);
  });
  return out;
}

/** Words near the library's: its words with zero, one or two random edits, and random strings. */
function nearWords(index: ExtractionIndex, lang: Lang, count: number, seed: number): string[] {
  const random = generator(seed);
  const pool = [...index.labelWords[lang].keys(), ...(lang === 'nl' ? index.lexicon.keys() : [])].filter((w) => /^[a-z]{4,}$/.test(w));
  const letter = () => String.fromCharCode(97 + Math.floor(random() * 26));
  const edit = (w: string) => {
    const i = Math.floor(random() * w.length);
    switch (Math.floor(random() * 4)) {
      case 0:
        return w.slice(0, i) + w.slice(i + 1);
      case 1:
        return i + 1 < w.length ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w;
      case 2:
        return w.slice(0, i) + letter() + w.slice(i + 1);
      default:
        return w.slice(0, i) + letter() + w.slice(i);
    }
  };
  const out: string[] = [];
  while (out.length < count) {
    const kind = random();
    let w = pool[Math.floor(random() * pool.length)]!;
    if (kind < 0.45) w = edit(w);
    else if (kind < 0.75) w = edit(edit(w));
    else if (kind < 0.85) w = Array.from({ length: 5 + Math.floor(random() * 6) }, letter).join('');
    // Repeated letters, for transpositions of equal neighbours.
    else w = w.replace(/([a-z])/, '$1$1');
    if (/^[a-z]{5,}$/.test(w)) out.push(w);
  }
  return out;
}

describe('typos: the words of the library one edit away, as trying every edit finds them', () => {
  const index = buildIndex(fixtureVocabulary());
  it('on the fixture library, English and Dutch', () => {
    for (const lang of ['en', 'nl'] as const)
      for (const word of nearWords(index, lang, 2000, lang === 'en' ? 11 : 12))
        expect(typoCandidates(index, word, lang), word).toEqual(typosByEveryEdit(index, word, lang));
  });
});

describe('skill extraction against the reference, on the small fixture library', () => {
  const index = buildIndex(fixtureVocabulary());
  const english = [
    'In this role you will operate a forklift in our warehouse.',
    'Operating forklifts on a daily basis. Good knowledge of Pyhton is needed.',
    'You load cargo.\nLater you load the goods again.\nYou weld metal parts with welding equipment.\nTeamwork matters here.',
    'Python (computer programming), customer service; drive trucks, drive vans, stack pallets. You manage Kubernetes clusters.',
  ];

  it('gives the same on the Dutch set and on English text', () => {
    const differ = [];
    for (const { text, lang } of [...dutchTexts(), ...english.map((text) => ({ text, lang: undefined }))])
      for (const options of OPTIONS) {
        const d = same(index, text, { ...options, lang });
        if (d) differ.push(d);
      }
    expect(differ).toEqual([]);
  });
});

const data = dataDir();
const available = existsSync(join(data, 'esco', 'v1.1.1')) && existsSync(join(data, 'skill-extraction', 'decorte'));

describe.skipIf(!available)('skill extraction against the reference, on the full ESCO library', () => {
  let index: ExtractionIndex;
  beforeAll(async () => {
    const file = process.env.VAARDIG_EXTRACTION_VOCABULARY;
    if (file && existsSync(file)) {
      index = buildIndex(await loadVocabulary(file));
      return;
    }
    // The bench's cached import (VAARDIG_BENCH_CACHE_DIR, which the test run points at the machine's
    // temp directory, not at its own that must be empty at the end).
    index = buildIndex(await loadVocabulary());
  }, 600_000);

  it('finds the same words one typo away as trying every edit, on 3,000 words near those of the library in each language', () => {
    for (const lang of ['en', 'nl'] as const)
      for (const word of nearWords(index, lang, 3000, lang === 'en' ? 21 : 22))
        expect(typoCandidates(index, word, lang), word).toEqual(typosByEveryEdit(index, word, lang));
  });

  it('gives the same on the Dutch set, decorte, SkillSpan dev and 3 KB vacancies (≈ 600 texts)', () => {
    const texts: { text: string; lang?: 'nl' | 'en' }[] = [
      ...dutchTexts(),
      ...readDecorte(data, 'tech').map((s) => ({ text: s.text, lang: 'en' as const })),
      ...readDecorte(data, 'house').map((s) => ({ text: s.text, lang: 'en' as const })),
      ...readSkillSpan(data, 'dev')
        .filter((_, i) => i % 20 === 0)
        .map((s) => ({ text: s.text, lang: 'en' as const })),
    ];
    const ads = [...englishAds(readSkillSpan(data, 'dev'), 30), ...dutchAds(readDutchSet(), 30)];
    const differ = [];
    for (const { text, lang } of texts)
      for (const options of OPTIONS.slice(0, 2)) {
        const d = same(index, text, { ...options, lang });
        if (d) differ.push(d);
      }
    for (const text of ads)
      for (const options of OPTIONS) {
        const d = same(index, text, options);
        if (d) differ.push(d);
      }
    expect(texts.length + ads.length).toBeGreaterThan(500);
    expect(differ).toEqual([]);
  }, 300_000);
});
