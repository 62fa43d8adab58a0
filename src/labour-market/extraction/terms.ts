import { splitCompound } from '../../skills/api.ts';
import type { ExtractionIndex } from './build.ts';
import { termKey } from './build.ts';
import { dutchForms, englishCognates, PARTICLES, separableVerbs } from './dutch.ts';
import { FILLER_WORDS, isStopWord, type Lang, stem, type TextTokens, type Token, tokenArrays, WordTable } from './text.ts';
import { TUNING } from './tuning.ts';
import { typoCandidates } from './typos.ts';

// Step 1 of extraction (see match.ts): the terms each word of a text stands for.

export type Via = 'stem' | 'loanword' | 'cognate' | 'lexicon' | 'compound' | 'typo';

export interface WordTerm {
  term: number;
  weight: number;
  via: Via;
  /** The lexicon's English stem, for a translation. */
  en?: string;
}

const NO_TERMS: WordTerm[] = [];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Words one edit (deletion, transposition, substitution, insertion) away (typos.ts finds those of the library in this order; for the test). */
export function edits1(word: string, found: (candidate: string) => void): void {
  for (let i = 0; i < word.length; i++) found(word.slice(0, i) + word.slice(i + 1));
  for (let i = 0; i < word.length - 1; i++) found(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  for (let i = 0; i < word.length; i++) for (const c of LETTERS) if (c !== word[i]) found(word.slice(0, i) + c + word.slice(i + 1));
  for (let i = 0; i <= word.length; i++) for (const c of LETTERS) found(word.slice(0, i) + c + word.slice(i));
}

function direct(index: ExtractionIndex, word: string, lang: Lang, out: WordTerm[], factor: number, via: Via): boolean {
  if (lang === 'nl') {
    // Every form counts: the word as written, its root and its infinitive (the root's terms a little less).
    const forms = dutchForms(word);
    let found = false;
    for (let i = 0; i < forms.length; i++)
      if (directForm(index, forms[i]!, lang, out, i === 0 ? factor : factor * 0.95, via, i === 0)) found = true;
    return found;
  }
  return directForm(index, word, lang, out, factor, via, true);
}

function directForm(
  index: ExtractionIndex,
  word: string,
  lang: Lang,
  out: WordTerm[],
  factor: number,
  via: Via,
  asWritten: boolean,
): boolean {
  let found = false;
  const own = index.termIds.get(termKey(lang, stem(word, lang)));
  if (own !== undefined) {
    out.push({ term: own, weight: factor, via });
    found = true;
  }
  if (lang === 'nl') {
    if (asWritten && !isStopWord(word, 'en')) {
      const loan = index.termIds.get(termKey('en', stem(word, 'en')));
      if (loan !== undefined) {
        out.push({ term: loan, weight: factor * TUNING.weight.loanword, via: via === 'stem' ? 'loanword' : via });
        found = true;
      }
    }
    // English words of the same origin ("communicatie" → communication), when a label has them.
    for (const cognate of englishCognates(word)) {
      const term = index.termIds.get(termKey('en', stem(cognate, 'en')));
      if (term === undefined) continue;
      out.push({ term, weight: factor * TUNING.weight.cognate, via: via === 'stem' ? 'cognate' : via });
      found = true;
    }
    const translations = index.lexicon.get(word) ?? index.lexicon.get(`~${stem(word, 'nl')}`);
    if (translations) {
      for (const t of translations) out.push({ term: t.term, weight: t.weight * factor, via: via === 'stem' ? 'lexicon' : via, en: t.via });
      found = true;
    }
  }
  return found;
}

/** The terms a normalised word stands for in a text of language `lang` (cached per index). */
export function wordTerms(index: ExtractionIndex, word: string, lang: Lang): WordTerm[] {
  const cache = index.cache[lang] as Map<string, WordTerm[]>;
  const hit = cache.get(word);
  if (hit) return hit;
  let out: WordTerm[] = [];
  if (!isStopWord(word, lang) && !/^\d+$/.test(word) && word.length > 1) {
    const found = direct(index, word, lang, out, FILLER_WORDS[lang].has(word) ? TUNING.filler : 1, 'stem');
    const letters = /^[a-z]+$/.test(word);
    if (lang === 'nl' && letters && word.length >= 7 && (!found || word.length >= 9)) {
      const known = index.known.nl;
      // A part may be inflected ("pensioenregelingen": regeling + -en).
      const isKnown = (p: string) => known.has(p) || (p.length >= 6 && /(en|s)$/.test(p) && known.has(p.replace(/(en|s)$/, '')));
      const parts = splitCompound(word, (p) => p.length >= 4 && p !== word && isKnown(p) && !isStopWord(p, 'nl'));
      if (parts) for (const p of parts) direct(index, p, 'nl', out, found ? 0.8 : TUNING.weight.compound, 'compound');
    }
    if (!out.length && letters && word.length >= 5 && !index.known[lang].has(word)) {
      // The label words one typo away, the first three in the order of edits1 (typos.ts finds them
      // without trying every edit); in Dutch, before any of those, the lexicon's words too.
      const seen = new Set<number>();
      for (const c of typoCandidates(index, word, lang)) {
        if (seen.size >= 3) break;
        const t = index.labelWords[lang].get(c);
        if (t !== undefined && !seen.has(t)) {
          seen.add(t);
          out.push({ term: t, weight: TUNING.weight.typo, via: 'typo' });
        }
        if (lang === 'nl' && index.lexicon.has(c) && !seen.size) direct(index, c, 'nl', out, TUNING.weight.typo, 'typo');
      }
    }
    // One weight per term: the strongest way.
    if (out.length > 1) {
      const best = new Map<number, WordTerm>();
      for (const t of out) if ((best.get(t.term)?.weight ?? 0) < t.weight) best.set(t.term, t);
      out = [...best.values()];
    }
  }
  if (!out.length) out = NO_TERMS;
  if (cache.size > 200_000) cache.clear();
  cache.set(word, out);
  return out;
}

/**
 * The terms of each token of a text (wordTerms), and for Dutch the separable verbs: the verb of "je
 * houdt de voorraad bij" also stands for bijhouden, with its terms a little weaker.
 */
export function textTerms(index: ExtractionIndex, text: string, tokens: Token[], lang: Lang): WordTerm[][] {
  return tokenTerms(index, text, tokenArrays(tokens), lang, []);
}

/**
 * textTerms of a text's TextTokens, into `terms` (its first `tokens.count` entries). A token of the
 * fast path (its entry ≥ −1) seen before has its terms in the word table, a new one is put there.
 */
export function tokenTerms(index: ExtractionIndex, text: string, tokens: TextTokens, lang: Lang, terms: WordTerm[][]): WordTerm[][] {
  const { count, entry, norm, start, end, unit: unitOf } = tokens;
  const table = wordTable(index, lang);
  for (let i = 0; i < count; i++) {
    const e = entry[i]!;
    if (e >= 0) {
      terms[i] = table.values[e]!;
      continue;
    }
    const list = wordTerms(index, norm[i]!, lang);
    terms[i] = list;
    if (e === -1 && table.find(text, start[i]!, end[i]!) === -1) table.add(norm[i]!, list);
  }
  if (lang !== 'nl') return terms;
  let from = 0;
  while (from < count) {
    const unit = unitOf[from]!;
    let to = from;
    while (to < count && unitOf[to] === unit) to++;
    // (Only a unit with a particle after its first word can have one: most have none.)
    let particle = false;
    for (let k = from + 1; k < to && !particle; k++) particle = PARTICLES.has(norm[k]!);
    if (particle) separable(index, text, tokens, from, to, terms);
    from = to;
  }
  return terms;
}

/** Per index: whether a Dutch word is one the lexicon or a Dutch label knows (for separableVerbs). */
const dutchWords = new WeakMap<ExtractionIndex, (word: string) => boolean>();

/** The separable verbs of the unit of tokens [from, to): their terms added to the verb's. */
function separable(index: ExtractionIndex, text: string, tokens: TextTokens, from: number, to: number, terms: WordTerm[][]): void {
  const { norm, start, end } = tokens;
  let isWord = dutchWords.get(index);
  if (!isWord) {
    isWord = (w: string) => index.lexicon.has(w) || index.known.nl.has(w);
    dutchWords.set(index, isWord);
  }
  const words: string[] = [];
  const gaps: string[] = [];
  for (let k = from; k < to; k++) {
    words.push(norm[k]!);
    // (separableVerbs reads the gap after a particle only.)
    gaps.push(k + 1 < to && PARTICLES.has(norm[k]!) ? text.slice(end[k]!, start[k + 1]!) : '');
  }
  for (const verb of separableVerbs(words, gaps, isWord)) {
    const extra = wordTerms(index, verb.word, 'nl');
    if (!extra.length) continue;
    const at = from + verb.verb;
    const best = new Map<number, WordTerm>();
    for (const t of terms[at]!) best.set(t.term, t);
    for (const t of extra) {
      const weight = t.weight * TUNING.weight.separable;
      if ((best.get(t.term)?.weight ?? 0) < weight) best.set(t.term, { ...t, weight });
    }
    terms[at] = [...best.values()];
  }
}

const wordTables = new WeakMap<ExtractionIndex, Record<Lang, WordTable<WordTerm[]>>>();

/** The words seen before in texts of a language, with their terms (a bounded cache, like wordTerms'). */
export function wordTable(index: ExtractionIndex, lang: Lang): WordTable<WordTerm[]> {
  let tables = wordTables.get(index);
  if (!tables) wordTables.set(index, (tables = { nl: new WordTable(), en: new WordTable() }));
  return tables[lang];
}
