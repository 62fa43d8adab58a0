import { englishStem, type LibraryVocabulary } from '../../skills/api.ts';
import { isStopWord, type Lang, stem, tokenize } from './text.ts';

/**
 * The in-memory index skill extraction matches against, built once from the library's vocabulary
 * (src/skills/search/vocabulary.ts via the skills api) and rebuilt when the library changes.
 *
 * Every label of every skill and occupation, in every language, becomes an entry: its content words
 * as Snowball stems ("term" ids, per language: `e:weld`, `n:lass`), each weighted by how rare it is
 * among all labels (idf). Postings list the entries of each term. The Dutch→English lexicon maps a
 * Dutch stem to English terms, so Dutch text reaches skills that have only an English label. The
 * index is plain data (arrays and maps), so a worker thread can build its own copy from the same
 * vocabulary.
 */

export const LABEL_KIND = { preferred: 0, alt: 1, hidden: 2, keyword: 3 } as const;
export type LabelKindCode = (typeof LABEL_KIND)[keyof typeof LABEL_KIND];

export interface Entry {
  /** Skill index, or occupation index when `occupation`. */
  owner: number;
  occupation: boolean;
  kind: LabelKindCode;
  lang: Lang;
  label: string;
  /** Its terms (empty in a worker's copy: see shareIndex; the matcher reads CompiledLabels). */
  terms: number[];
  /** idf of each term, lowered for words in parentheses ("(computer programming)"). */
  weights: number[];
  total: number;
}

export interface Translation {
  term: number;
  weight: number;
  /** The English stem of the lexicon, for the reason. */
  via: string;
}

/**
 * The entries compiled for the matcher (match.ts): typed arrays it reads in its hot loops, and that
 * worker threads can share. Entry `i`'s terms are `terms[start[i]] … terms[start[i + 1] − 1]` with
 * their `weights` (the same numbers as `Entry.weights`).
 *
 * The anchor postings make the candidates: each label under its anchor terms (see buildIndex), with
 * the label's terms inline so the hot loop reads memory in order. Term `t`'s postings are the 32-bit
 * slots `anchorStart[t] … anchorStart[t + 1] − 1` of one buffer, read through two views: per label
 * `n + two · 2⁹ + kind · 2¹⁰ + id · 2¹²` (int: at most 511 terms, 2²⁰ labels; `two`, below), `total` (float: rounded to 32
 * bits, for the bounds), `others` (two ints, below), `owner` (the skill, or −1 − the occupation),
 * then each of its n terms as `term · 4 + paren · 2 + anchor` (whether it is in parentheses,
 * whether the label is posted under it). A term's weight is `idf[t]`, times PAREN_WEIGHT in
 * parentheses (`weight32`: the same rounded to 32 bits, at `t · 2 + paren`), and a label's exact total
 * their sum in order, as buildIndex makes them.
 *
 * `others` (two slots) lets the matcher pass over most postings without reading them: five buckets of
 * 12 bits (the first two in bits 0–23 of the first slot, the third in its bits 24–31 and bits 0–3 of
 * the second, the last two in bits 4–27 of the second) and a level in bits 28–31 of the second (see
 * ANCHOR_LEVELS). When the term the label is posted under cannot reach MIN_COVERAGE alone (its share
 * of the 32-bit total, at most weight 1, is at most MIN_COVERAGE · 0.999) and the label has one to
 * five other terms, the buckets are theirs (`term % 4094`, then NEVER for the slots left) and the level
 * 15: a unit with none of those is no place for the label. When the anchor can make it alone with a
 * weight of 1 but not below a weight (a word found through the lexicon, a cognate, a filler word …),
 * the buckets are the other terms' too, with the level of that weight: a unit where the anchor weighs
 * less and none of the others is there is no place for it either. A label with more than five other
 * terms carries the buckets of its five heaviest others in the same two ways, when the anchor with
 * all the lighter others cannot make it (at any weight, or at a weight below the level's). Otherwise
 * the first bucket is ALWAYS and the level 0 (the matcher looks at the label whatever the unit has).
 * `two` (level 15 only, buckets all different): the anchor with the heaviest other (and all the
 * lighter ones beyond the five) cannot make the label either, so a unit with fewer than two of the
 * buckets is no place for it.
 */
export interface CompiledLabels {
  start: Int32Array;
  terms: Int32Array;
  weights: Float64Array;
  /** The skill, or −1 − the occupation. */
  owner: Int32Array;
  kind: Uint8Array;
  anchorStart: Int32Array;
  anchorInt: Int32Array;
  anchorFloat: Float32Array;
  /** idf per term. */
  idf: Float64Array;
  /** Per term and parenthesis (`t · 2 + paren`): the weight rounded to 32 bits. */
  weight32: Float32Array;
}

export interface ExtractionIndex {
  signature: string;
  skills: LibraryVocabulary['skills'];
  occupations: LibraryVocabulary['occupations'];
  entries: Entry[];
  /** `e:stem` / `n:stem` → term id. */
  termIds: Map<string, number>;
  termNames: string[];
  df: number[];
  idf: number[];
  /** The entries as flat arrays, for the matcher's hot loops (see CompiledLabels). */
  labels: CompiledLabels;
  /** Dutch word or Dutch stem → English terms (the lexicon). */
  lexicon: Map<string, Translation[]>;
  /** Normalised words that occur in the library per language (labels, descriptions), for compound and typo checks. */
  known: Record<Lang, Set<string>>;
  /** Words of the labels per language → their term (typo targets). */
  labelWords: Record<Lang, Map<string, number>>;
  /** Per skill: the occupations that ask for it (essential first), for the context. */
  skillOccupations: number[][];
  /** The same flat, for the matcher: skill `k`'s are `skillOccupationList[skillOccupationStart[k] … skillOccupationStart[k + 1] − 1]`. */
  skillOccupationStart: Int32Array;
  skillOccupationList: Int32Array;
  /** Per skill: how many occupations ask for it (0 for own skills not linked). */
  popularity: number[];
  maxPopularity: number;
  /** Analysis of words, cached per language (see match.ts). */
  cache: Record<Lang, Map<string, unknown>>;
}

export const PAREN_WEIGHT = 0.15;
/** Least share of a label's weight a text must show for the label (of two words or more) to count. */
export const MIN_COVERAGE = 0.5;
/** The same for an occupation's label: only its heaviest word makes it a candidate. */
export const MIN_OCCUPATION_COVERAGE = 0.7;
/** Endings that make another form of an English word (for the lexicon's stems). */
const SUFFIXES = new Set([
  's',
  'e',
  'es',
  'ed',
  'er',
  'ers',
  'ing',
  'ings',
  'y',
  'ies',
  'ion',
  'ions',
  'ation',
  'ations',
  'ment',
  'ments',
  'ry',
  'ly',
  'al',
  'or',
  'ors',
]);

/** The term key of a stem in a language. */
export const termKey = (lang: Lang, s: string) => (lang === 'nl' ? `n:${s}` : `e:${s}`);

function labelLang(lang: string): Lang | null {
  return lang === 'nl' || lang === 'en' ? lang : null;
}

/** Builds the index; a few seconds on the full ESCO library. */
export function buildIndex(vocabulary: LibraryVocabulary): ExtractionIndex {
  const termIds = new Map<string, number>();
  const termNames: string[] = [];
  const labelWords: Record<Lang, Map<string, number>> = { nl: new Map(), en: new Map() };
  const term = (key: string) => {
    let id = termIds.get(key);
    if (id === undefined) {
      id = termNames.length;
      termIds.set(key, id);
      termNames.push(key);
    }
    return id;
  };
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const addEntry = (owner: number, occupation: boolean, kind: LabelKindCode, rawLang: string, label: string) => {
    const lang = labelLang(rawLang);
    if (!lang) return;
    const terms: number[] = [];
    const parens: boolean[] = [];
    for (const t of tokenize(label, lang, false)) {
      if (isStopWord(t.norm, lang) || /^\d+$/.test(t.norm)) continue;
      const id = term(termKey(lang, stem(t.norm, lang)));
      if (!labelWords[lang].has(t.norm)) labelWords[lang].set(t.norm, id);
      const at = terms.indexOf(id);
      if (at >= 0) {
        parens[at] = parens[at]! && t.inParens;
        continue;
      }
      terms.push(id);
      parens.push(t.inParens);
    }
    // (A label of more words than a posting holds is no label a text could match: left out, rather
    // than failing the index of the whole network. The library's limits keep names far below it.)
    if (!terms.length || terms.length > MAX_LABEL_TERMS) return;
    const key = `${occupation ? 'o' : 's'}${owner}:${lang}:${terms.join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    entries.push({ owner, occupation, kind, lang, label, terms, weights: parens.map((p) => (p ? -1 : 1)), total: 0 });
  };
  vocabulary.skills.forEach((s, i) => {
    for (const [lang, kind, label] of s.labels) addEntry(i, false, LABEL_KIND[kind as keyof typeof LABEL_KIND] ?? 3, lang, label);
  });
  vocabulary.occupations.forEach((o, i) => {
    o.labels.forEach(([lang, label], k) => {
      addEntry(i, true, k === 0 ? 0 : 1, lang, label);
    });
  });

  const df = new Array<number>(termNames.length).fill(0);
  for (const e of entries) for (const t of e.terms) df[t]!++;
  const n = entries.length;
  const idf = df.map((d) => Math.log(1 + n / d));
  const inParens = entries.map((e) => e.weights.map((w) => w < 0));
  for (const e of entries) {
    e.weights = e.terms.map((t, k) => idf[t]! * (e.weights[k]! < 0 ? PAREN_WEIGHT : 1));
    e.total = e.weights.reduce((a, b) => a + b, 0);
  }
  // Anchors: a label's heaviest terms, until the rest weigh less than MIN_COVERAGE of it. A label
  // that reaches MIN_COVERAGE in a text has one of them there, so only their postings make candidates.
  const anchorLists: number[][] = termNames.map(() => []);
  entries.forEach((e, id) => {
    const order = e.terms.map((_, k) => k).sort((a, b) => e.weights[b]! - e.weights[a]!);
    // An occupation counts only when its label is mostly there: its heaviest word makes it a candidate.
    if (e.occupation) {
      anchorLists[e.terms[order[0]!]!]!.push(id);
      return;
    }
    let rest = e.total;
    for (const k of order) {
      anchorLists[e.terms[k]!]!.push(id);
      rest -= e.weights[k]!;
      if (rest <= MIN_COVERAGE * e.total + 1e-9) break;
    }
  });
  const labels = compileLabels(entries, anchorLists, inParens, idf);

  // The lexicon: Dutch word → English light stem (the search's) → the English terms of label words
  // with that light stem or starting with it.
  const englishWords = [...labelWords.en.keys()].sort();
  const byLight = new Map<string, Set<number>>();
  for (const [w, id] of labelWords.en) {
    const light = englishStem(w);
    if (!byLight.has(light)) byLight.set(light, new Set());
    byLight.get(light)!.add(id);
  }
  const englishTerms = (light: string): number[] => {
    const out = new Set(byLight.get(light) ?? []);
    const direct = termIds.get(termKey('en', stem(light, 'en')));
    if (direct !== undefined) out.add(direct);
    if (light.length >= 4) {
      let lo = 0;
      let hi = englishWords.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (englishWords[mid]! < light) lo = mid + 1;
        else hi = mid;
      }
      // Only the word's own forms: "carpent" → carpenter, carpentry; not "real" → realign.
      for (let i = lo; i < englishWords.length && englishWords[i]!.startsWith(light); i++) {
        if (SUFFIXES.has(englishWords[i]!.slice(light.length))) out.add(labelWords.en.get(englishWords[i]!)!);
      }
    }
    return [...out];
  };
  const raw = new Map<string, [string, number][]>();
  for (const [nl, en, weight] of vocabulary.lexicon) {
    if (!raw.has(nl)) raw.set(nl, []);
    raw.get(nl)!.push([en, weight]);
  }
  const lexicon = new Map<string, Translation[]>();
  const put = (key: string, list: Translation[]) => {
    const old = lexicon.get(key);
    if (!old) {
      lexicon.set(key, list);
      return;
    }
    for (const t of list) {
      const same = old.find((o) => o.term === t.term);
      if (!same) old.push(t);
      else if (same.weight < t.weight) same.weight = t.weight;
    }
  };
  for (const [nl, pairs] of raw) {
    const strongest = Math.max(...pairs.map(([, w]) => w));
    const list: Translation[] = [];
    for (const [en, w] of pairs) {
      // A word with a clear translation drops its weak ones (as the search does).
      if (w < 0.6 * strongest) continue;
      const weight = 0.6 + 0.25 * Math.min(1, w / 0.6);
      for (const t of englishTerms(en)) {
        const same = list.find((x) => x.term === t);
        if (!same) list.push({ term: t, weight, via: en });
        else if (same.weight < weight) same.weight = weight;
      }
    }
    if (!list.length) continue;
    put(nl, list);
    const s = stem(nl, 'nl');
    if (s !== nl)
      put(
        `~${s}`,
        list.map((t) => ({ ...t, weight: t.weight * 0.95 })),
      );
  }

  const known: Record<Lang, Set<string>> = { nl: new Set(vocabulary.words.nl ?? []), en: new Set(vocabulary.words.en ?? []) };
  for (const nl of raw.keys()) known.nl.add(nl);

  const skillOccupations: number[][] = vocabulary.skills.map(() => []);
  vocabulary.occupations.forEach((o, i) => {
    for (const s of o.essential) skillOccupations[s]!.push(i);
    for (const s of o.optional) skillOccupations[s]!.push(i);
  });
  const popularity = skillOccupations.map((list) => list.length);
  const skillOccupationStart = new Int32Array(buffer(4 * (skillOccupations.length + 1)));
  let relations = 0;
  skillOccupations.forEach((list, k) => {
    skillOccupationStart[k] = relations;
    relations += list.length;
  });
  skillOccupationStart[skillOccupations.length] = relations;
  const skillOccupationList = new Int32Array(buffer(4 * relations));
  skillOccupations.forEach((list, k) => {
    skillOccupationList.set(list, skillOccupationStart[k]!);
  });
  return {
    signature: vocabulary.signature,
    skills: vocabulary.skills,
    occupations: vocabulary.occupations,
    entries,
    termIds,
    termNames,
    df,
    idf,
    labels,
    lexicon,
    known,
    labelWords,
    skillOccupations,
    skillOccupationStart,
    skillOccupationList,
    popularity,
    maxPopularity: Math.max(1, ...popularity),
    cache: { nl: new Map(), en: new Map() },
  };
}

/** Buckets of `others` (see CompiledLabels): terms fall in 0 … 4093; ALWAYS is set in every unit, NEVER in none. */
export const OTHER_BUCKETS = 4094;
export const ALWAYS = 4094;
export const NEVER = 4095;

/**
 * The levels of `others` (see CompiledLabels): level `q` (1 … 14) says the label's anchor there
 * cannot make it alone when its weight in the unit is below ANCHOR_LEVELS[q]; 15 (the anchor cannot
 * make it alone at any weight) and 0 (it can, or the label has one word or more than six others).
 */
export const ANCHOR_LEVELS = (() => {
  const levels = [Number.NEGATIVE_INFINITY];
  for (let q = 1; q <= 14; q++) levels.push(0.5 + (q - 1) / 26);
  levels.push(Number.POSITIVE_INFINITY);
  return levels;
})();

/** The most distinct words a label's posting holds (9 bits of its header). */
export const MAX_LABEL_TERMS = 0x1ff;

/** Slots before a label's terms in a posting: n, kind and id, total, others (two), owner. */
export const POSTING_HEADER = 5;

/** Shared memory when the platform has it (worker threads can then use the arrays without a copy). */
function buffer(bytes: number): ArrayBuffer | SharedArrayBuffer {
  return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** The entries and their anchor postings as typed arrays (see CompiledLabels). */
function compileLabels(entries: Entry[], anchorLists: number[][], inParens: boolean[][], idf: number[]): CompiledLabels {
  const n = entries.length;
  if (n > 1 << 20) throw new Error(`${n} labels: postings hold 2²⁰`);
  const start = new Int32Array(buffer(4 * (n + 1)));
  let size = 0;
  entries.forEach((e, i) => {
    start[i] = size;
    size += e.terms.length;
  });
  start[n] = size;
  const terms = new Int32Array(buffer(4 * size));
  const weights = new Float64Array(buffer(8 * size));
  const owner = new Int32Array(buffer(4 * n));
  const kind = new Uint8Array(buffer(n));
  entries.forEach((e, i) => {
    if (e.terms.length > MAX_LABEL_TERMS) throw new Error(`label with ${e.terms.length} words`);
    terms.set(e.terms, start[i]!);
    weights.set(e.weights, start[i]!);
    owner[i] = e.occupation ? -1 - e.owner : e.owner;
    kind[i] = e.kind;
  });
  const anchorStart = new Int32Array(buffer(4 * (anchorLists.length + 1)));
  let slots = 0;
  anchorLists.forEach((list, t) => {
    anchorStart[t] = slots;
    for (const id of list) slots += POSTING_HEADER + entries[id]!.terms.length;
  });
  anchorStart[anchorLists.length] = slots;
  const data = buffer(4 * slots);
  const anchorInt = new Int32Array(data);
  const anchorFloat = new Float32Array(data);
  // Which terms of each label it is posted under.
  const anchored = entries.map(() => [] as number[]);
  anchorLists.forEach((list, t) => {
    for (const id of list) anchored[id]!.push(t);
  });
  const alone = MIN_COVERAGE * 0.999;
  let p = 0;
  anchorLists.forEach((list, anchor) => {
    for (const id of list) {
      const e = entries[id]!;
      anchorFloat[p + 1] = e.total;
      const total = anchorFloat[p + 1]!;
      const others = e.terms.filter((t) => t !== anchor);
      const anchorWeight = Math.fround(e.weights[e.terms.indexOf(anchor)]!);
      const share = anchorWeight / total;
      // The other terms, heaviest first (32-bit weights): the five heaviest go in the buckets.
      const byWeight = e.terms
        .map((t, k) => ({ t, w: Math.fround(e.weights[k]!) }))
        .filter((x) => x.t !== anchor)
        .sort((x, y) => y.w - x.w);
      let light = 0;
      for (const x of byWeight.slice(5)) light += x.w;
      let level = 0;
      let buckets = [ALWAYS];
      if (e.terms.length >= 2 && others.length <= 5) {
        if (share <= alone) {
          level = ANCHOR_LEVELS.length - 1;
          buckets = others.map((t) => t % OTHER_BUCKETS);
        } else {
          // The least weight the anchor needs in a unit to make it alone (all its places in the label).
          let weight = 0;
          for (let k = 0; k < e.terms.length; k++)
            if (e.terms[k] === anchor) weight += Math.fround(idf[anchor]! * (inParens[id]![k] ? PAREN_WEIGHT : 1));
          const needed = ((alone * total) / weight) * (1 - 1e-6);
          while (level + 1 < ANCHOR_LEVELS.length - 1 && ANCHOR_LEVELS[level + 1]! <= needed) level++;
          if (level > 0) buckets = others.map((t) => t % OTHER_BUCKETS);
        }
      } else if (others.length > 5) {
        // More others than buckets: the five heaviest in the buckets, when the anchor with all the
        // lighter ones cannot make the label (at any weight, or at a weight below the level's).
        const heavy = byWeight.slice(0, 5).map((x) => x.t % OTHER_BUCKETS);
        if ((anchorWeight + light) / total <= alone * (1 - 1e-9)) {
          level = ANCHOR_LEVELS.length - 1;
          buckets = heavy;
        } else if (light < alone * total) {
          const needed = ((alone * total - light) / anchorWeight) * (1 - 1e-6);
          while (level + 1 < ANCHOR_LEVELS.length - 1 && ANCHOR_LEVELS[level + 1]! <= needed) level++;
          if (level > 0) buckets = heavy;
        }
      }
      // Two of the buckets needed: the anchor with the heaviest other (and the lighter ones beyond
      // the five) cannot make the label, and no two of the buckets are the same.
      const two =
        level === ANCHOR_LEVELS.length - 1 &&
        new Set(buckets).size === buckets.length &&
        (anchorWeight + byWeight[0]!.w + light) / total <= alone * (1 - 1e-9);
      anchorInt[p] = e.terms.length | (two ? 1 << 9 : 0) | (e.kind << 10) | (id << 12);
      while (buckets.length < 5) buckets.push(NEVER);
      anchorInt[p + 2] = buckets[0]! | (buckets[1]! << 12) | ((buckets[2]! & 0xff) << 24);
      anchorInt[p + 3] = (buckets[2]! >> 8) | (buckets[3]! << 4) | (buckets[4]! << 16) | (level << 28);
      anchorInt[p + 4] = e.occupation ? -1 - e.owner : e.owner;
      p += POSTING_HEADER;
      for (let k = 0; k < e.terms.length; k++) {
        const t = e.terms[k]!;
        anchorInt[p++] = t * 4 + (inParens[id]![k] ? 2 : 0) + (anchored[id]!.includes(t) ? 1 : 0);
      }
    }
  });
  const idfs = new Float64Array(buffer(8 * idf.length));
  idfs.set(idf);
  const weight32 = new Float32Array(buffer(8 * idf.length));
  idf.forEach((w, t) => {
    weight32[2 * t] = w * 1;
    weight32[2 * t + 1] = w * PAREN_WEIGHT;
  });
  return { start, terms, weights, owner, kind, anchorStart, anchorInt, anchorFloat, idf: idfs, weight32 };
}

/**
 * The index as worker threads take it (`workerData`): the typed arrays are in shared memory when the
 * platform has it, so the workers use them without a copy; the rest is copied once, without what
 * only building needs (the labels' terms, the skills' labels).
 */
export function shareIndex(index: ExtractionIndex): ExtractionIndex {
  return {
    ...index,
    skills: index.skills.map((s) => ({ ...s, labels: [] })),
    occupations: index.occupations.map((o) => ({ ...o, labels: [] })),
    entries: index.entries.map((e) => ({ ...e, terms: [], weights: [] })),
    cache: { nl: new Map(), en: new Map() },
  };
}
