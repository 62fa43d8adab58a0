import type { ExtractionIndex } from './build.ts';
import type { Lang } from './text.ts';

/**
 * The words of the library one typo away from a word, in the order in which trying every edit of it
 * would meet them (`edits1`: deletions, then transpositions, substitutions and insertions, each from
 * the first letter on, letters a–z) — without trying every edit. The words that can be met (the
 * label words of a language, and in Dutch the lexicon's words) are indexed by their deletions (a
 * hash of each word with one letter left out): a word one edit from `w` is `w` less a letter, or
 * has `w` or `w` less a letter among its deletions. Those candidates are checked and ranked.
 */

interface TypoIndex {
  words: string[];
  /** Sorted hashes of the words' deletions, and the word of each. */
  hashes: Uint32Array;
  owners: Int32Array;
  /** Word → its number. */
  ids: Map<string, number>;
}

const indexes = new WeakMap<ExtractionIndex, Partial<Record<Lang, TypoIndex>>>();

/** FNV-1a of a string without its i-th character (i = −1: the whole string). */
function hashWithout(word: string, i: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < word.length; k++) {
    if (k === i) continue;
    h ^= word.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function typoIndex(index: ExtractionIndex, lang: Lang): TypoIndex {
  let forIndex = indexes.get(index);
  if (!forIndex) indexes.set(index, (forIndex = {}));
  const cached = forIndex[lang];
  if (cached) return cached;
  const words = [...new Set([...index.labelWords[lang].keys(), ...(lang === 'nl' ? index.lexicon.keys() : [])])].filter((w) =>
    /^[a-z]+$/.test(w),
  );
  let count = 0;
  for (const w of words) count += w.length;
  // Hash · 2²⁰ + word, sorted, then split (hashes below 2³², words below 2²⁰).
  if (words.length >= 2 ** 20) throw new Error('too many words for the typo index');
  const keys = new Float64Array(count);
  let n = 0;
  words.forEach((w, id) => {
    for (let i = 0; i < w.length; i++) keys[n++] = hashWithout(w, i) * 2 ** 20 + id;
  });
  keys.sort();
  const hashes = new Uint32Array(count);
  const owners = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const hash = Math.floor(keys[k]! / 2 ** 20);
    hashes[k] = hash;
    owners[k] = keys[k]! - hash * 2 ** 20;
  }
  const made = { words, hashes, owners, ids: new Map(words.map((w, id) => [w, id])) };
  forIndex[lang] = made;
  return made;
}

const A = 97;

/**
 * Where `candidate` first comes in edits1(word)'s order, or −1 when it is not one edit away
 * (deletion, transposition of neighbours, substitution or insertion of a letter a–z).
 */
export function editRank(word: string, candidate: string): number {
  const n = word.length;
  const substitutions = 2 * n - 1;
  const insertions = substitutions + 26 * n;
  if (candidate.length === n - 1) {
    for (let i = 0; i < n; i++) if (word.slice(0, i) + word.slice(i + 1) === candidate) return i;
    return -1;
  }
  if (candidate.length === n + 1) {
    for (let i = 0; i <= n; i++)
      if (candidate.slice(0, i) + candidate.slice(i + 1) === word) return insertions + 26 * i + (candidate.charCodeAt(i) - A);
    return -1;
  }
  if (candidate.length !== n) return -1;
  let d = 0;
  while (d < n && candidate[d] === word[d]) d++;
  if (d === n) {
    // The word itself: a transposition of two equal neighbours.
    for (let i = 0; i < n - 1; i++) if (word[i] === word[i + 1]) return n + i;
    return -1;
  }
  if (candidate.slice(d + 1) === word.slice(d + 1)) return substitutions + 26 * d + (candidate.charCodeAt(d) - A);
  if (d + 1 < n && candidate[d] === word[d + 1] && candidate[d + 1] === word[d] && candidate.slice(d + 2) === word.slice(d + 2))
    return n + d;
  return -1;
}

/** The words of the library (label words; in Dutch also the lexicon's) one edit from `word` (letters a–z), in edits1's order. */
export function typoCandidates(index: ExtractionIndex, word: string, lang: Lang): string[] {
  const { words, hashes, owners, ids } = typoIndex(index, lang);
  const found = new Set<number>();
  // The word less a letter, as a word.
  for (let i = 0; i < word.length; i++) {
    const id = ids.get(word.slice(0, i) + word.slice(i + 1));
    if (id !== undefined) found.add(id);
  }
  // Words with the word, or the word less a letter, among their deletions.
  for (let i = -1; i < word.length; i++) {
    const h = hashWithout(word, i);
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hashes[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < hashes.length && hashes[k] === h; k++) found.add(owners[k]!);
  }
  const ranked: [number, string][] = [];
  for (const id of found) {
    const candidate = words[id]!;
    const rank = editRank(word, candidate);
    if (rank >= 0) ranked.push([rank, candidate]);
  }
  ranked.sort((a, b) => a[0] - b[0]);
  return ranked.map(([, c]) => c);
}
