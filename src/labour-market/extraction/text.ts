import snowball from 'snowball-stemmers';

/**
 * Text handling of skill extraction, the same for the library's labels and for the ads: word and
 * sentence segmentation with `Intl.Segmenter`, normalisation (accents off, lower case), Snowball
 * stems for Dutch and English, stop words, and the sections of an ad (requirements, tasks, offer,
 * company) found from their headings.
 */

export type Lang = 'nl' | 'en';
export const LANGS: readonly Lang[] = ['nl', 'en'];

export interface Token {
  /** UTF-16 offsets into the text. */
  start: number;
  end: number;
  /** Normalised: NFKD without marks, lower case. */
  norm: string;
  /** Index of the unit (sentence, list item, line) it belongs to. */
  unit: number;
  /** Inside parentheses (labels: "Java (computer programming)"). */
  inParens: boolean;
}

const wordSegmenters = new Map<string, Intl.Segmenter>();
const sentenceSegmenters = new Map<string, Intl.Segmenter>();

function segmenter(cache: Map<string, Intl.Segmenter>, lang: string, granularity: 'word' | 'sentence'): Intl.Segmenter {
  let s = cache.get(lang);
  if (!s) cache.set(lang, (s = new Intl.Segmenter(lang, { granularity })));
  return s;
}

const ascii = /^[\x20-\x7e]*$/;

export function normaliseWord(word: string): string {
  const lower = word.toLowerCase();
  if (ascii.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[’']/g, "'");
}

/** Unit breaks besides sentence ends: line breaks, bullets, semicolons, pipes, tabs. */
const BREAK = /[\n\r\t•·●▪◦■□➢►✓✔|;]/g;

/**
 * Word-break classes (Unicode's UAX #29, as ICU and so `Intl.Segmenter` apply them) of the characters
 * the fast path of `tokenize` reads: ASCII, Latin-1 and the punctuation of ads. A text with any other
 * character is segmented by `Intl.Segmenter` itself. The two agree on every text of the fast path
 * (test/labour-market/extraction/differential.test.ts checks it on generated and real texts).
 */
const NONE = 0;
const OTHER = 1;
const LETTER = 2;
const NUMERIC = 3;
/** MidLetter: ":" and "·" join letters. */
const MID_LETTER = 4;
/** MidNum: "," and ";" join digits. */
const MID_NUM = 5;
/** MidNumLet and Single_Quote: ".", "'", "‘" and "’" join letters and digits. */
const MID_NUM_LET = 6;
/** ExtendNumLet: "_". */
const EXTEND_NUM_LET = 7;

const WORD_CLASS = (() => {
  const table = new Uint8Array(0x100);
  // Control characters (C0, DEL, C1: "\u0092" is the ’ of Windows-1252 read as Latin-1) join nothing.
  for (let c = 0x00; c < 0x20; c++) table[c] = OTHER;
  for (let c = 0x20; c < 0x7f; c++) table[c] = OTHER;
  for (let c = 0x7f; c < 0xa0; c++) table[c] = OTHER;
  for (let c = 0x30; c <= 0x39; c++) table[c] = NUMERIC;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = table[c + 0x20] = LETTER;
  table[0x27] = table[0x2e] = MID_NUM_LET;
  table[0x2c] = table[0x3b] = MID_NUM;
  table[0x3a] = MID_LETTER;
  table[0x5f] = EXTEND_NUM_LET;
  for (let c = 0xa0; c < 0xc0; c++) table[c] = OTHER;
  table[0xaa] = table[0xb5] = table[0xb8] = table[0xba] = LETTER;
  table[0xb7] = MID_LETTER;
  table[0xad] = NONE; // the soft hyphen is a Format character: Intl.Segmenter's
  for (let c = 0xc0; c <= 0xff; c++) table[c] = LETTER;
  table[0xd7] = table[0xf7] = OTHER;
  return table;
})();
/**
 * Punctuation and symbols of ads beyond Latin-1: dashes, quotes, bullets, ellipsis, euro, trade mark;
 * arrows, technical symbols, shapes, symbols and dingbats (U+2190–U+21FF, U+2300–U+23FF,
 * U+25A0–U+27BF: none of them joins words).
 */
const WIDE_CLASS = new Map<number, number>([
  ...[0x2013, 0x2014, 0x201c, 0x201d, 0x201e, 0x2022, 0x2026, 0x20ac, 0x2122].map((c) => [c, OTHER] as [number, number]),
  [0x2018, MID_NUM_LET],
  [0x2019, MID_NUM_LET],
]);
const SYMBOLS: [number, number][] = [
  [0x2190, 0x21ff],
  [0x2300, 0x23ff],
  [0x25a0, 0x27bf],
];
for (const [from, to] of SYMBOLS) for (let c = from; c <= to; c++) WIDE_CLASS.set(c, OTHER);

/** The word-break class of each character of a text, or null when one is outside the fast path. */
export function wordClasses(text: string, into: Uint8Array | null = null): Uint8Array | null {
  // (`into`: an array to reuse when it is long enough; the classes are its first text.length.)
  const classes = into && into.length >= text.length ? into : new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = c < 0x100 ? WORD_CLASS[c]! : (WIDE_CLASS.get(c) ?? NONE);
    if (k === NONE) return null;
    classes[i] = k;
  }
  return classes;
}

/**
 * The end of the run of word characters that starts at `i` (a letter, digit or "_"), by the rules of
 * fastSegments; negated when the run is no word (a lone "_").
 */
function wordEnd(classes: Uint8Array, n: number, i: number): number {
  const c = classes[i]!;
  let j = i + 1;
  let prev = c;
  let lettered = c !== EXTEND_NUM_LET;
  while (j < n) {
    const d = classes[j]!;
    if (d === LETTER || d === NUMERIC) {
      prev = d;
      lettered = true;
      j++;
    } else if (d === EXTEND_NUM_LET) {
      prev = d;
      j++;
    } else if ((d === MID_LETTER || d === MID_NUM_LET) && prev === LETTER && j + 1 < n && classes[j + 1] === LETTER) j += 2;
    else if ((d === MID_NUM || d === MID_NUM_LET) && prev === NUMERIC && j + 1 < n && classes[j + 1] === NUMERIC) j += 2;
    else break;
  }
  return lettered || j - i >= 2 ? j : -j;
}

/**
 * The word segments of a text as `Intl.Segmenter` finds them (its `isWordLike` ones), for a text
 * whose characters all have a class: letters and digits join (WB5, WB8–WB10), ":", "·", ".", "'" and
 * "’" between two letters (WB6–WB7), ",", ";", ".", "'" between two digits (WB11–WB12), "_" with
 * either side (WB13a–b); a run of "_" alone is a word from two on, as ICU has it. Calls `word(start,
 * end)` for each word and `mark(at)` for each "(", ")", "#" and "+" (always segments of their own).
 */
function fastSegments(text: string, classes: Uint8Array, word: (start: number, end: number) => void, mark: (at: number) => void) {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = classes[i]!;
    if (c !== LETTER && c !== NUMERIC && c !== EXTEND_NUM_LET) {
      const code = text.charCodeAt(i);
      if (code === 0x28 || code === 0x29 || code === 0x23 || code === 0x2b) mark(i);
      i++;
      continue;
    }
    const end = wordEnd(classes, n, i);
    if (end > 0) word(i, end);
    i = Math.abs(end);
  }
}

/**
 * Sentence-break classes (UAX #29, as ICU applies them) of the characters of the fast path:
 * unknown (NONE: the text goes to `Intl.Segmenter`), Other, CR, LF, Sep, Sp, Lower, Upper, Numeric,
 * ATerm ("."), STerm ("!", "?"), SContinue, Close (brackets and quotation marks).
 */
const S_OTHER = 1;
const S_CR = 2;
const S_LF = 3;
const S_SEP = 4;
const S_SP = 5;
const S_LOWER = 6;
const S_UPPER = 7;
const S_NUMERIC = 8;
const S_ATERM = 9;
const S_STERM = 10;
const S_CONTINUE = 11;
const S_CLOSE = 12;
const SENTENCE_CLASS = (() => {
  const table = new Uint8Array(0x100).fill(S_OTHER);
  table[0x09] = table[0x0b] = table[0x0c] = table[0x20] = table[0xa0] = S_SP;
  table[0x0a] = S_LF;
  table[0x0d] = S_CR;
  table[0x85] = S_SEP;
  for (let c = 0x30; c <= 0x39; c++) table[c] = S_NUMERIC;
  for (let c = 0x41; c <= 0x5a; c++) table[c] = S_UPPER;
  for (let c = 0x61; c <= 0x7a; c++) table[c] = S_LOWER;
  for (let c = 0xc0; c <= 0xde; c++) table[c] = S_UPPER;
  for (let c = 0xdf; c <= 0xff; c++) table[c] = S_LOWER;
  table[0xd7] = table[0xf7] = S_OTHER;
  table[0xaa] = table[0xb5] = table[0xba] = S_LOWER;
  table[0x2e] = S_ATERM;
  table[0x21] = table[0x3f] = S_STERM;
  for (const c of ',-:;') table[c.charCodeAt(0)] = S_CONTINUE;
  for (const c of '"\'()[]{}\u00ab\u00bb') table[c.charCodeAt(0)] = S_CLOSE;
  table[0xad] = NONE; // the soft hyphen is Format: Intl.Segmenter's
  return table;
})();
const WIDE_SENTENCE_CLASS = new Map<number, number>([
  [0x2013, S_CONTINUE],
  [0x2014, S_CONTINUE],
  ...[0x2018, 0x2019, 0x201c, 0x201d, 0x201e].map((c) => [c, S_CLOSE] as [number, number]),
  ...[0x2022, 0x2026, 0x20ac, 0x2122].map((c) => [c, S_OTHER] as [number, number]),
]);

/**
 * The sentence boundaries of a text (the starts of its sentences but the first) as
 * `Intl.Segmenter` finds them, by the rules SB3–SB11 of UAX #29 for the characters of the fast path
 * (no Extend or Format among them); false, with nothing added, for a text with another character.
 */
export function fastSentenceBreaks(text: string, breaks: number[]): boolean {
  const n = text.length;
  const events: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = sentenceClass(text.charCodeAt(i));
    if (k === NONE) return false;
    if (k === S_ATERM || k === S_STERM || k === S_CR || k === S_LF || k === S_SEP) events.push(i);
  }
  const out = new Int32Array(n + 1);
  const count = sentenceBoundaries(text, n, Int32Array.from(events), events.length, out, out, 0);
  for (let i = 0; i < count; i++) breaks.push(out[i]!);
  return true;
}

const isCased = (k: number) => k === S_UPPER || k === S_LOWER;

/** The sentence-break class of a character (NONE outside the fast path). */
function sentenceClass(c: number): number {
  return c < 0x100 ? SENTENCE_CLASS[c]! : c >= 0x2000 && c < 0x2800 ? WIDE_SENTENCE[c - 0x2000]! : NONE;
}

/**
 * The rules of fastSentenceBreaks for a text of n characters of the sentences' fast path, given its
 * `events`: the places of its terminators (ATerm, STerm) and paragraph separators (CR, LF, Sep), in
 * order. A boundary can only follow a separator (SB4) or a terminator with Close* Sp* (SB11), so
 * only those places are looked at: after a separator, the next character; after a terminator, each
 * character until the state the rules carry (the terminator, and whether its Close* or Sp* is
 * being read) ends. The boundaries go to `out` (room for n + `extraCount`), merged in order with
 * the `extraCount` sorted positions of `extra` (unit breaks: a position in both is written twice);
 * their number.
 */
function sentenceBoundaries(
  text: string,
  n: number,
  events: Int32Array,
  eventCount: number,
  out: Int32Array,
  extra: Int32Array,
  extraCount: number,
): number {
  let count = 0;
  let x = 0;
  // The end of the characters a terminator's rules were followed to (a terminator before it was among them).
  let done = 0;
  for (let e = 0; e < eventCount; e++) {
    const p = events[e]!;
    const k = sentenceClass(text.charCodeAt(p));
    if (k === S_CR || k === S_LF || k === S_SEP) {
      // SB4, but SB3: CR × LF.
      const i = p + 1;
      if (i < n && !(k === S_CR && sentenceClass(text.charCodeAt(i)) === S_LF)) {
        while (x < extraCount && extra[x]! <= i) out[count++] = extra[x++]!;
        out[count++] = i;
      }
      continue;
    }
    if (p < done) continue;
    // The terminator (ATerm or STerm) the text before i ends with, followed by Close* Sp* (0: none),
    // and how far after it: 0 right after, 1 in its Close*, 2 in its Sp*.
    let term = k;
    let phase = 0;
    let i = p + 1;
    for (; i < n; i++) {
      const cur = sentenceClass(text.charCodeAt(i));
      const prev = sentenceClass(text.charCodeAt(i - 1));
      let brk = false;
      if (prev === S_CR && cur === S_LF)
        brk = false; // SB3
      else if (prev === S_CR || prev === S_LF || prev === S_SEP)
        brk = true; // SB4
      else {
        brk = true; // SB11, unless one of these holds
        if (term === S_ATERM && phase === 0 && cur === S_NUMERIC)
          brk = false; // SB6
        else if (term === S_ATERM && phase === 0 && cur === S_UPPER && i >= 2 && isCased(sentenceClass(text.charCodeAt(i - 2))))
          brk = false; // SB7
        else if (cur === S_CONTINUE || cur === S_ATERM || cur === S_STERM)
          brk = false; // SB8a
        else if (phase <= 1 && (cur === S_CLOSE || cur === S_SP || cur === S_CR || cur === S_LF || cur === S_SEP))
          brk = false; // SB9
        else if (cur === S_SP || cur === S_CR || cur === S_LF || cur === S_SEP)
          brk = false; // SB10
        else if (term === S_ATERM) {
          // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower
          let j = i;
          let d = NONE;
          for (; j < n; j++) {
            d = sentenceClass(text.charCodeAt(j));
            if (d === S_UPPER || d === S_LOWER || d === S_CR || d === S_LF || d === S_SEP || d === S_ATERM || d === S_STERM) break;
          }
          if (j < n && d === S_LOWER) brk = false;
        }
      }
      if (brk) {
        while (x < extraCount && extra[x]! <= i) out[count++] = extra[x++]!;
        out[count++] = i;
      }
      if (cur === S_ATERM || cur === S_STERM) {
        term = cur;
        phase = 0;
      } else if (cur === S_CLOSE && phase <= 1) phase = 1;
      else if (cur === S_SP) phase = 2;
      else break;
    }
    done = i + 1;
  }
  while (x < extraCount) out[count++] = extra[x++]!;
  return count;
}

/** The sentence boundaries `Intl.Segmenter` finds, or the fast path's when the text allows it (for the test). */
export function sentenceBreaks(text: string, fast: boolean): number[] {
  const out: number[] = [];
  if (fast && fastSentenceBreaks(text, out)) return out;
  if (fast) throw new Error('not a text for the fast path');
  for (const s of segmenter(sentenceSegmenters, 'en', 'sentence').segment(text)) if (s.index > 0) out.push(s.index);
  return out;
}

/**
 * Words seen before, as their normalised strings with a value each (match.ts: a word's terms in one
 * language), found straight from the text's characters: a word of ASCII characters is hashed
 * lower-cased as it stands in the text and compared in place, so a known word costs neither a
 * string (slice, lower case) nor a Map lookup (which hashes the new string again). Open addressing
 * over a power-of-two table; entries are numbered from 0 in the order they were added, and `clear`
 * (between texts only) forgets them all.
 */
export class WordTable<T> {
  words: string[] = [];
  values: T[] = [];
  private hashes: number[] = [];
  private slots = new Int32Array(1 << 12).fill(-1);
  private mask = (1 << 12) - 1;

  get size(): number {
    return this.words.length;
  }

  /** The entry of the text's characters [start, end) lower-cased, −1 when not there, −2 for a word not of ASCII characters. */
  find(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c >= 0x80) return -2;
      if (c >= 0x41 && c <= 0x5a) c += 0x20;
      h = Math.imul(h ^ c, 0x01000193);
    }
    return this.findHashed(text, start, end, h);
  }

  /** `find` with the hash of the lower-cased ASCII characters [start, end) already made. */
  findHashed(text: string, start: number, end: number, h: number): number {
    const { slots, mask, words } = this;
    const n = end - start;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const e = slots[at]!;
      if (e < 0) return -1;
      if (this.hashes[e] !== h) continue;
      const w = words[e]!;
      if (w.length !== n) continue;
      let k = 0;
      for (; k < n; k++) {
        let c = text.charCodeAt(start + k);
        if (c >= 0x41 && c <= 0x5a) c += 0x20;
        if (c !== w.charCodeAt(k)) break;
      }
      if (k === n) return e;
    }
  }

  /** Adds a normalised word (not there yet) with its value; its entry. */
  add(word: string, value: T): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
    const e = this.words.length;
    this.words.push(word);
    this.values.push(value);
    this.hashes.push(h);
    if (2 * this.words.length > this.slots.length) this.grow();
    else this.place(e, h);
    return e;
  }

  clear(): void {
    this.words = [];
    this.values = [];
    this.hashes = [];
    this.slots.fill(-1);
  }

  private place(e: number, h: number): void {
    const { slots, mask } = this;
    let at = h & mask;
    while (slots[at]! >= 0) at = (at + 1) & mask;
    slots[at] = e;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (let e = 0; e < this.words.length; e++) this.place(e, this.hashes[e]!);
  }
}

/**
 * The word tokens of a text with their unit (sentence, line or list item). "C#", "C++" and "F#"
 * stay one token, as ESCO labels them. With a WordTable, a word found there takes its normalised
 * string from it, and its entry is noted (`entries`, one per token, −1 for the others).
 */
export function tokenize(
  text: string,
  lang: Lang = 'en',
  units = true,
  classes = wordClasses(text),
  table: WordTable<unknown> | null = null,
  entries: number[] | null = null,
): Token[] {
  const breaks: number[] = [];
  if (units) {
    if (!classes || !fastSentenceBreaks(text, breaks))
      for (const s of segmenter(sentenceSegmenters, lang, 'sentence').segment(text)) if (s.index > 0) breaks.push(s.index);
    for (const m of text.matchAll(BREAK)) breaks.push(m.index);
    breaks.sort((a, b) => a - b);
  }
  const tokens: Token[] = [];
  let unit = 0;
  let b = 0;
  let parens = 0;
  let last: Token | null = null;
  const word = (start: number, end: number, s: string) => {
    while (b < breaks.length && breaks[b]! <= start) {
      b++;
      if (last && last.unit === unit) unit++;
    }
    last = { start, end, norm: normaliseWord(s), unit, inParens: parens > 0 };
    tokens.push(last);
  };
  const mark = (at: number, s: string) => {
    if (s === '(') parens++;
    else if (s === ')') parens = Math.max(0, parens - 1);
    else if ((s === '#' || s === '+') && last && last.end === at && last.norm.length <= 2 && /^[a-z]\+?$/.test(last.norm)) {
      // C#, C++, F#: the sign belongs to the word.
      last.norm += s;
      last.end = at + 1;
    }
  };
  if (classes && table && entries)
    fastSegments(
      text,
      classes,
      (start, end) => {
        const e = table.find(text, start, end);
        if (e >= 0) {
          while (b < breaks.length && breaks[b]! <= start) {
            b++;
            if (last && last.unit === unit) unit++;
          }
          last = { start, end, norm: table.words[e]!, unit, inParens: parens > 0 };
          tokens.push(last);
        } else word(start, end, text.slice(start, end));
        entries[tokens.length - 1] = e;
      },
      (at) => {
        const s = text[at]!;
        const before = last;
        mark(at, s);
        // C#, C++: the word is another now.
        if (before && before === last && (s === '#' || s === '+') && last.end === at + 1) entries[tokens.length - 1] = -1;
      },
    );
  else if (classes)
    fastSegments(
      text,
      classes,
      (start, end) => word(start, end, text.slice(start, end)),
      (at) => mark(at, text[at]!),
    );
  else
    for (const seg of segmenter(wordSegmenters, lang, 'word').segment(text)) {
      if (seg.isWordLike) word(seg.index, seg.index + seg.segment.length, seg.segment);
      else mark(seg.index, seg.segment);
    }
  return tokens;
}

/**
 * The tokens of a text as arrays (what `tokenize` gives, one entry per token), as extraction reads
 * them: `splitText` fills one in place from text to text, so that a text costs no object per word.
 * `entry`: the token's entry in the word table (−1 when not there, −2 for a word not of ASCII
 * characters or a text not of the fast path), as `tokenize` notes it.
 */
export class TextTokens {
  count = 0;
  /** The number of units (the last token's unit + 1). */
  units = 0;
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  unit = new Int32Array(1024);
  entry = new Int32Array(1024);
  /** 1 inside parentheses. */
  parens = new Uint8Array(1024);
  norm: string[] = [];
  /** The text classifyText last read (null once splitText took it), whether it is of the fast path, and of the sentences' fast path. */
  text: string | null = null;
  fast = false;
  /** The language classifyText detected, when asked to (detectLang's). */
  lang: Lang = 'en';
  sentenceFast = false;
  unitBreakCount = 0;
  /** Per character of the text: its word-break class; the places of its sentences' terminators and separators (sentenceBoundaries' events), and of its unit breaks, in order. */
  classes = new Uint8Array(8192);
  events = new Int32Array(8192);
  eventCount = 0;
  breaks = new Int32Array(2 * 8192 + 1);
  unitBreaks = new Int32Array(8192);

  /** Room for `n` tokens, keeping the first `count`. */
  room(n: number): void {
    if (n <= this.start.length) return;
    const size = Math.max(n, 2 * this.start.length);
    const grow = <A extends Int32Array | Uint8Array>(a: A, b: A) => {
      b.set(a.subarray(0, this.count));
      return b;
    };
    this.start = grow(this.start, new Int32Array(size));
    this.end = grow(this.end, new Int32Array(size));
    this.unit = grow(this.unit, new Int32Array(size));
    this.entry = grow(this.entry, new Int32Array(size));
    this.parens = grow(this.parens, new Uint8Array(size));
  }

  /** Room for a text of `n` characters (arrays of a text over 1 MB are not kept: `release`). */
  chars(n: number): void {
    if (n <= this.classes.length) return;
    this.classes = new Uint8Array(n);
    this.events = new Int32Array(n);
    this.breaks = new Int32Array(2 * n + 1);
    this.unitBreaks = new Int32Array(n);
  }

  /** Lets go of arrays grown for a very long text. */
  release(): void {
    if (this.classes.length > 1 << 20) {
      this.classes = new Uint8Array(8192);
      this.events = new Int32Array(8192);
      this.breaks = new Int32Array(2 * 8192 + 1);
      this.unitBreaks = new Int32Array(8192);
    }
    if (this.start.length > 1 << 18) {
      this.count = 0;
      this.start = new Int32Array(1024);
      this.end = new Int32Array(1024);
      this.unit = new Int32Array(1024);
      this.entry = new Int32Array(1024);
      this.parens = new Uint8Array(1024);
    }
    if (this.norm.length > 1 << 18) this.norm = [];
  }
}

/** The characters of BREAK below U+0100 (1), and their word and sentence classes from U+2000 to U+27FF. */
const UNIT_BREAK = (() => {
  const table = new Uint8Array(0x100);
  for (const c of '\n\r\t\u00b7|;') table[c.charCodeAt(0)] = 1;
  return table;
})();
const WIDE_WORD = new Uint8Array(0x800);
const WIDE_SENTENCE = new Uint8Array(0x800);
const WIDE_UNIT_BREAK = new Uint8Array(0x800);
for (const [c, k] of WIDE_CLASS) WIDE_WORD[c - 0x2000] = k;
for (const [c, k] of WIDE_SENTENCE_CLASS) WIDE_SENTENCE[c - 0x2000] = k;
for (const c of '•●▪◦■□➢►✓✔') WIDE_UNIT_BREAK[c.charCodeAt(0) - 0x2000] = 1;
/** Below U+0100: 1 for a unit break, 2 for a sentence terminator or separator (an event of sentenceBoundaries). */
const CHAR_FLAGS = (() => {
  const table = new Uint8Array(0x100);
  for (let c = 0; c < 0x100; c++) {
    const k = SENTENCE_CLASS[c]!;
    table[c] = UNIT_BREAK[c]! | (k === S_ATERM || k === S_STERM || k === S_CR || k === S_LF || k === S_SEP ? 2 : 0);
  }
  return table;
})();

/**
 * The first pass of splitText: the word and sentence classes of each character and the unit breaks
 * (BREAK) into `out`; whether the text is of the fast path (then `detectLang(text, true, true)`
 * need not look at its characters again).
 */
export function classifyText(text: string, out: TextTokens, detect = false): boolean {
  const n = text.length;
  out.chars(n);
  out.text = text;
  const { classes, events, unitBreaks } = out;
  let sentenceFast = true;
  let unitBreakCount = 0;
  let eventCount = 0;
  // detectLang's fast path as the characters are read: the first 4,000 characters' runs
  // of letters, each hashed as it is read, until 601 runs.
  let limit = detect ? Math.min(n, 4000) : 0;
  let nl = 0;
  let en = 0;
  let runs = 0;
  let run = -1;
  let ascii = true;
  let h = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let w: number;
    if (c < 0x100) {
      // (Below U+0100 a character without a sentence class has no word class either.)
      w = WORD_CLASS[c]!;
      const f = CHAR_FLAGS[c]!;
      if (f !== 0) {
        if (f & 1) unitBreaks[unitBreakCount++] = i;
        if (f & 2) events[eventCount++] = i;
      }
    } else if (c >= 0x2000 && c < 0x2800) {
      w = WIDE_WORD[c - 0x2000]!;
      if (WIDE_SENTENCE[c - 0x2000] === NONE) sentenceFast = false;
      if (WIDE_UNIT_BREAK[c - 0x2000] === 1) unitBreaks[unitBreakCount++] = i;
    } else w = NONE;
    if (w === NONE) {
      out.fast = false;
      return false;
    }
    classes[i] = w;
    if (i < limit) {
      const d = c < 0x100 ? DETECT_LETTER[c]! : 0;
      if (d !== 0) {
        if (run < 0) {
          run = i;
          ascii = true;
          h = 0x811c9dc5;
        }
        if (d === 1) ascii = false;
        else h = Math.imul(h ^ d, 0x01000193);
      } else if (run >= 0) {
        if (ascii && i - run <= HINT_LENGTH) {
          const which = hintOf(text, run, i, h);
          if (which & 1) nl++;
          if (which & 2) en++;
        }
        run = -1;
        if (++runs > 600) limit = 0;
      }
    }
  }
  if (run >= 0 && ascii && limit - run <= HINT_LENGTH) {
    const which = hintOf(text, run, limit, h);
    if (which & 1) nl++;
    if (which & 2) en++;
  }
  out.lang = nl > en ? 'nl' : 'en';
  out.fast = true;
  out.sentenceFast = sentenceFast;
  out.unitBreakCount = unitBreakCount;
  out.eventCount = eventCount;
  return true;
}

/** Which languages' hint the text's characters [start, end) are (1 Dutch, 2 English, 3 both, 0 none); `h` their hash. */
function hintOf(text: string, start: number, end: number, h: number): number {
  const e = HINTS.findHashed(text, start, end, h);
  return e >= 0 ? HINTS.values[e]! : 0;
}

/**
 * `tokenize(text, lang, true, wordClasses(text), table, entries)` into `out`: one pass over the text
 * for the word classes, sentence classes and unit breaks (classifyText, unless just done for this
 * text), the sentence boundaries merged with the unit breaks in order, and the words: the same
 * tokens, units and entries. A text with a character outside the fast path goes to `tokenize`
 * (Intl.Segmenter). Whether it took the fast path.
 */
export function splitText(text: string, lang: Lang, table: WordTable<unknown>, out: TextTokens): boolean {
  if (!(out.text === text ? out.fast : classifyText(text, out))) {
    out.text = null;
    return slowText(text, lang, out);
  }
  out.text = null;
  const n = text.length;
  const { classes, unitBreaks, breaks, unitBreakCount } = out;
  let breakCount: number;
  if (out.sentenceFast) breakCount = sentenceBoundaries(text, n, out.events, out.eventCount, breaks, unitBreaks, unitBreakCount);
  else {
    const all: number[] = [];
    for (const s of segmenter(sentenceSegmenters, lang, 'sentence').segment(text)) if (s.index > 0) all.push(s.index);
    for (let x = 0; x < unitBreakCount; x++) all.push(unitBreaks[x]!);
    all.sort((a, b) => a - b);
    for (let x = 0; x < all.length; x++) breaks[x] = all[x]!;
    breakCount = all.length;
  }

  // The words (fastSegments), their units and entries (tokenize).
  const norm = out.norm;
  let count = 0;
  let unit = 0;
  let b = 0;
  let parens = 0;
  let i = 0;
  while (i < n) {
    const c = classes[i]!;
    if (c !== LETTER && c !== NUMERIC && c !== EXTEND_NUM_LET) {
      const code = text.charCodeAt(i);
      if (code === 0x28) parens++;
      else if (code === 0x29) {
        if (parens > 0) parens--;
      } else if ((code === 0x23 || code === 0x2b) && count > 0 && out.end[count - 1] === i) {
        // C#, C++, F#: the sign belongs to the word, which is another now.
        const last = norm[count - 1]!;
        if (last.length <= 2 && /^[a-z]\+?$/.test(last)) {
          norm[count - 1] = last + (code === 0x23 ? '#' : '+');
          out.end[count - 1] = i + 1;
          out.entry[count - 1] = -1;
        }
      }
      i++;
      continue;
    }
    const end = wordEnd(classes, n, i);
    const j = Math.abs(end);
    if (end > 0) {
      if (b < breakCount && breaks[b]! <= i) {
        do b++;
        while (b < breakCount && breaks[b]! <= i);
        if (count > 0 && out.unit[count - 1] === unit) unit++;
      }
      if (count === out.start.length) {
        out.count = count;
        out.room(count + 1);
      }
      const e = table.find(text, i, j);
      out.start[count] = i;
      out.end[count] = j;
      out.unit[count] = unit;
      out.parens[count] = parens > 0 ? 1 : 0;
      out.entry[count] = e;
      norm[count] = e >= 0 ? table.words[e]! : normaliseWord(text.slice(i, j));
      count++;
    }
    i = j;
  }
  out.count = count;
  out.units = count > 0 ? out.unit[count - 1]! + 1 : 0;
  return true;
}

/** splitText for a text outside the fast path: `tokenize` with Intl.Segmenter, no word table. */
function slowText(text: string, lang: Lang, out: TextTokens): boolean {
  slowTokens(tokenize(text, lang, true, null), out);
  return false;
}

/** A text's tokens as TextTokens (for the functions that take them: textTerms, sections). */
export function tokenArrays(tokens: Token[]): TextTokens {
  const out = new TextTokens();
  slowTokens(tokens, out);
  return out;
}

function slowTokens(tokens: Token[], out: TextTokens): void {
  out.count = 0;
  out.room(tokens.length);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    out.start[k] = t.start;
    out.end[k] = t.end;
    out.unit[k] = t.unit;
    out.parens[k] = t.inParens ? 1 : 0;
    out.entry[k] = -2;
    out.norm[k] = t.norm;
  }
  out.count = tokens.length;
  out.units = tokens.length ? tokens[tokens.length - 1]!.unit + 1 : 0;
}

/** The word segments `Intl.Segmenter` finds, or the fast path when the text allows it (for the test). */
export function wordSegments(text: string, fast: boolean): [number, number][] {
  const out: [number, number][] = [];
  const classes = fast ? wordClasses(text) : null;
  if (fast && !classes) throw new Error('not a text for the fast path');
  if (classes)
    fastSegments(
      text,
      classes,
      (a, b) => out.push([a, b]),
      () => {},
    );
  else
    for (const seg of segmenter(wordSegmenters, 'en', 'word').segment(text))
      if (seg.isWordLike) out.push([seg.index, seg.index + seg.segment.length]);
  return out;
}

/** Whether a text takes the fast path of `tokenize` (for the test). */
export const fastSegmentable = (text: string) => wordClasses(text) !== null;

const stemmers = { nl: snowball.newStemmer('dutch'), en: snowball.newStemmer('english') };
const stemCache = { nl: new Map<string, string>(), en: new Map<string, string>() };

/** The Snowball stem of a normalised word (cached: the vocabulary of ads is small). */
export function stem(word: string, lang: Lang): string {
  const cache = stemCache[lang];
  let s = cache.get(word);
  if (s === undefined) {
    s = /^[a-z]+$/.test(word) && word.length > 2 ? stemmers[lang].stem(word) : word;
    if (cache.size > 500_000) cache.clear();
    cache.set(word, s);
  }
  return s;
}

export const STOP_WORDS: Record<Lang, Set<string>> = {
  en: new Set(
    (
      'a an and or of in on at for with by to from as is are be been being into about its it this that these those the ' +
      'you your yours we our us they their them he she his her i me my will would shall should can could may might must ' +
      'have has had do does did not no nor but if then than so such also other others any all each every some both ' +
      'who whom which what when where why how there here very more most less least own same too just only well ' +
      'etc eg ie per via within without across over under up out off again further once while during before after above below between through'
    ).split(' '),
  ),
  nl: new Set(
    (
      'de het een en of van in op aan voor met door bij naar om te tot uit over als die dat dit deze zijn is was waren ' +
      'worden wordt werd je jij jou jouw jullie u uw wij we ons onze hij zij ze zich hem haar hun ik mij mijn er niet ' +
      'geen wel ook nog al zo dan maar want dus heeft hebben heb hadden had kan kunnen kun kon zal zullen zou zouden ' +
      'wil willen moet moeten mag mogen waar wat wie hoe waarom wanneer daar hier binnen buiten tijdens na onder ' +
      'tussen zonder tegen sinds vanaf per via elk elke ieder iedere alle veel meer meest minder eigen zeer erg heel ' +
      'andere ander hetzelfde dezelfde omdat terwijl indien zodat waarbij waarin waarmee daarbij daarnaast bovendien ' +
      'ben bent zijnde doen doet deed gaat gaan ga komt komen kom'
    ).split(' '),
  ),
};

/**
 * Words every ad uses that say little about a skill by themselves ("experience", "ervaring",
 * "kennis"): they count for a third.
 */
export const FILLER_WORDS: Record<Lang, Set<string>> = {
  en: new Set(
    (
      'experience experienced knowledge strong good great excellent ability abilities able years year skills skill proven ' +
      'understanding familiarity familiar working plus preferred required requirements requirement degree new solid ' +
      'minimum least demonstrated desired ideal ideally candidate candidates role position opportunity job company'
    ).split(' '),
  ),
  nl: new Set(
    (
      'ervaring kennis goed goede uitstekend uitstekende jaar jaren vaardigheden vaardigheid minimaal minstens graag ' +
      'pre pluspunt vereist vereiste nieuwe nieuw diploma opleiding kandidaat functie vacature bedrijf organisatie ' +
      'bieden biedt salaris contract dagelijks aantal'
    ).split(' '),
  ),
};

/** Whether a word is a stop word of either language (labels use both lists for their own language). */
export const isStopWord = (word: string, lang: Lang) => STOP_WORDS[lang].has(word);

const DUTCH_HINTS = new Set(
  (
    'de het een en van je jij jouw wij we ons onze zijn voor met bij naar ook als dat die wat hebt heb werk werkt ' +
    'ervaring kennis graag bent ben heeft om te op aan uit niet wel'
  ).split(' '),
);
const ENGLISH_HINTS = new Set('the and of you your our are for with to will have experience knowledge skills work the a an be'.split(' '));

let detectTokens: TextTokens | undefined;

/** The hints of both languages, found in the text without a string per word: 1 Dutch, 2 English, 3 both. */
const HINTS = (() => {
  const table = new WordTable<number>();
  for (const w of new Set([...DUTCH_HINTS, ...ENGLISH_HINTS])) table.add(w, (DUTCH_HINTS.has(w) ? 1 : 0) | (ENGLISH_HINTS.has(w) ? 2 : 0));
  return table;
})();

const HINT_LENGTH = Math.max(...[...DUTCH_HINTS, ...ENGLISH_HINTS].map((w) => w.length));

/**
 * Dutch or English, by the share of each language's common words (in the first 4,000 characters, at
 * most 601 runs of letters); English when unsure. `fastPath`: false for the regular expression the
 * fast path (classifyText) stands for (for the test).
 */
export function detectLang(text: string, fastPath = true): Lang {
  const head = text.slice(0, 4000);
  if (fastPath) {
    // As classifyText finds it (extraction's way), when the characters it reads are of the fast path.
    const scratch = (detectTokens ??= new TextTokens());
    const classified = classifyText(head, scratch, true);
    scratch.text = null;
    scratch.release();
    if (classified) return scratch.lang;
  }
  let nl = 0;
  let en = 0;
  let n = 0;
  for (const m of head.toLowerCase().matchAll(/\p{L}+/gu)) {
    const w = m[0];
    if (DUTCH_HINTS.has(w)) nl++;
    if (ENGLISH_HINTS.has(w)) en++;
    if (++n > 600) break;
  }
  return nl > en ? 'nl' : 'en';
}

/**
 * Per character below U+0100, for detecting the language (classifyText): its lower case for an ASCII letter, 1 for another
 * letter (`\p{L}`: Latin-1's), 0 for the rest (no character from U+0100 on of the fast path is a letter).
 */
const DETECT_LETTER = (() => {
  const table = new Uint8Array(0x100);
  for (let c = 0x41; c <= 0x5a; c++) table[c] = table[c + 0x20] = c + 0x20;
  for (let c = 0xc0; c <= 0xff; c++) table[c] = 1;
  table[0xd7] = table[0xf7] = 0;
  table[0xaa] = table[0xb5] = table[0xba] = 1;
  return table;
})();

export type Section = 'requirements' | 'tasks' | 'offer' | 'company' | 'title' | null;

const SECTION_PATTERNS: [Exclude<Section, 'title' | null>, RegExp][] = [
  [
    'offer',
    /^(what we offer|we offer|our offer|benefits|perks|compensation|salary|what's in it for you|why join us|wat (wij|we) (je )?bieden|wat bieden (wij|we)|(wij|we) bieden|arbeidsvoorwaarden|ons aanbod|salaris|dit bieden (wij|we)|wat krijg je)/,
  ],
  [
    'requirements',
    /^(requirements?|qualifications?|what you bring|what (we|you) need|what we('re| are)? (ask|expect|look)|your profile|(candidate )?profile|who (you are|are you)|skills|must have|nice to have|you have|you are|wat (vragen|verwachten) (wij|we)|wat breng je mee|wat neem je mee|functie-?eisen|jouw profiel|profiel|wie ben (jij|je)|wie zoeken (wij|we)|(wij|we) vragen|vereisten|competenties|kennis en vaardigheden|dit vragen (wij|we)|je hebt|jij hebt)/,
  ],
  [
    'tasks',
    /^(responsibilities|key responsibilities|what you('ll| will) do|your role|the role|role|tasks|duties|job description|about the (job|role)|wat ga je doen|wat ga jij doen|taken|werkzaamheden|functieomschrijving|jouw rol|de functie|over de functie|verantwoordelijkheden|wat doe je)/,
  ],
  [
    'company',
    /^(about us|who we are|our company|the company|about the company|over ons|wie zijn (wij|we)|het bedrijf|de organisatie|over de organisatie|wij zijn)/,
  ],
];

/**
 * The section of each unit: a short unit that reads as a heading ("Wat vragen wij?", "Requirements:")
 * starts a section that lasts until the next heading. A short first unit is the title.
 */
export function unitSections(text: string, tokens: Token[]): Section[] {
  return tokenSections(text, tokenArrays(tokens), []);
}

/** unitSections of a text's TextTokens, into `sections` (its first `units` entries). */
export function tokenSections(text: string, tokens: TextTokens, sections: Section[]): Section[] {
  const count = tokens.units;
  const { unit: unitOf, start, end } = tokens;
  const total = tokens.count;
  let current: Section = null;
  let i = 0;
  for (let unit = 0; unit < count; unit++) {
    const first = i;
    while (i < total && unitOf[i] === unit) i++;
    const n = i - first;
    if (n === 0) {
      sections[unit] = null;
      continue;
    }
    if (n <= 7) {
      const head = normaliseWord(text.slice(start[first]!, end[i - 1]!));
      const found = SECTION_PATTERNS.find(([, re]) => re.test(head));
      if (found && (n <= 4 || /[:?]\s*$/.test(text.slice(end[i - 1]!, end[i - 1]! + 2)))) {
        current = found[0];
        sections[unit] = current;
        continue;
      }
    }
    sections[unit] = unit === 0 && n <= 10 && count > 1 ? 'title' : current;
  }
  return sections;
}
