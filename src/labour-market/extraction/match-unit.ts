import type { ExtractionIndex } from './build.ts';
import { ALWAYS, ANCHOR_LEVELS, MIN_COVERAGE, MIN_OCCUPATION_COVERAGE, OTHER_BUCKETS, PAREN_WEIGHT, POSTING_HEADER } from './build.ts';
import type { WordTerm } from './terms.ts';
import { TUNING } from './tuning.ts';

// Step 2 of extraction (see match.ts): the labels one unit of a text matches, and the best of each
// owner, in the matcher's working memory.

/**
 * The matcher's working memory per index (and thread), reused from text to text so that matching
 * allocates next to nothing: marks per term and owner (skill or occupation) stamped with the
 * number of the current unit (`round`) or text (`textRound`), the current unit's occurrences of terms
 * as chains, and the best label match of each owner in each unit ("picks").
 */
export interface Scratch {
  round: number;
  /** (What the look-ahead read: kept so that it is not left out.) */
  touched: number;
  textRound: number;
  /**
   * Per term of the current unit: its best weight there (32-bit, as the bound reads it; 0 for the
   * other terms), its place among the unit's terms (ABSENT for the other terms), its occurrences.
   */
  termWeight: Float32Array;
  termOrder: Int32Array;
  /** The current unit's buckets of terms (see CompiledLabels' `others`): 1 when it has a term of it; ALWAYS is 1. */
  seen: Uint8Array;
  /**
   * The current unit's terms as a bit set (bit `t & 31` of word `t >> 5`): small enough to stay in
   * the first-level cache, so the terms of a label not in the unit (most of them) are passed over
   * without reading termOrder or contribution, arrays of every term.
   */
  present: Int32Array;
  /** Per term and parenthesis (`t · 2 + paren`): its share of the bounds in the current unit (0 for other terms). */
  contribution: Float64Array;
  termHead: Int32Array;
  termTail: Int32Array;
  /** The unit's distinct terms, in the order they first occur. */
  unitTerms: Int32Array;
  /** The unit's occurrences: token position, weight, whether found through the lexicon, next of the same term. */
  occPos: Int32Array;
  occWeight: Float64Array;
  occLexicon: Uint8Array;
  occNext: Int32Array;
  /** Labels whose bound passed, in the order they were met. */
  passed: Int32Array;
  /** Per owner slot (skills, then occupations): its best bound and its pick in the current unit. */
  ownerStamp: Int32Array;
  ownerBound: Float32Array;
  pickStamp: Int32Array;
  pickOf: Int32Array;
  /** Picks of the text: score, entry, the chosen anchor, first and last token, and the unit's tokens. */
  pickScore: Float64Array;
  pickEntry: Int32Array;
  pickAnchor: Int32Array;
  pickFirst: Int32Array;
  pickLast: Int32Array;
  pickFrom: Int32Array;
  pickTo: Int32Array;
  pickUnit: Int32Array;
  /** The pick's owner, as in the postings (the skill, or −1 − the occupation). */
  pickOwner: Int32Array;
  /** The next pick of the same skill (−1 at the end). */
  pickNext: Int32Array;
  picks: number;
  /** Per skill: the text it was last found in, its first, last and top pick and its number of units. */
  skillStamp: Int32Array;
  skillFirst: Int32Array;
  skillLast: Int32Array;
  skillTop: Int32Array;
  skillUnits: Int32Array;
  /** Per occupation: the text it was last found in, its best score and that label. */
  occupationPickStamp: Int32Array;
  occupationPickScore: Float64Array;
  occupationPickEntry: Int32Array;
  /** Per occupation: the text it was last weighed in, and the weight of the confident skills it asks for. */
  occupationStamp: Int32Array;
  occupationWeight: Float64Array;
  /** Per skill: the prior (how many occupations ask for it). */
  prior: Float64Array;
  /** Per skill: the text the ad's occupations last asked for it in, the weight, and which of them (its place in the list). */
  askStamp: Int32Array;
  askWeight: Float64Array;
  askBy: Int32Array;
  /** Per base skill of the text: the most it can score. */
  upper: Float64Array;
}
const scratches = new WeakMap<ExtractionIndex, Scratch>();

export function scratchOf(index: ExtractionIndex): Scratch {
  let s = scratches.get(index);
  if (!s) {
    const owners = index.skills.length + index.occupations.length;
    const skills = index.skills.length;
    const terms = index.termNames.length;
    const prior = new Float64Array(skills);
    for (let k = 0; k < skills; k++)
      prior[k] = 1 - TUNING.prior + TUNING.prior * (Math.log1p(index.popularity[k]!) / Math.log1p(index.maxPopularity));
    s = {
      round: 0,
      touched: 0,
      textRound: 0,
      termWeight: new Float32Array(terms),
      termOrder: new Int32Array(terms).fill(ABSENT),
      present: new Int32Array((terms >> 5) + 1),
      seen: (() => {
        const seen = new Uint8Array(4096);
        seen[ALWAYS] = 1;
        return seen;
      })(),
      contribution: new Float64Array(2 * terms),
      termHead: new Int32Array(terms),
      termTail: new Int32Array(terms),
      unitTerms: new Int32Array(256),
      occPos: new Int32Array(256),
      occWeight: new Float64Array(256),
      occLexicon: new Uint8Array(256),
      occNext: new Int32Array(256),
      passed: new Int32Array(1024),
      ownerStamp: new Int32Array(owners),
      ownerBound: new Float32Array(owners),
      pickStamp: new Int32Array(owners),
      pickOf: new Int32Array(owners),
      pickScore: new Float64Array(1024),
      pickEntry: new Int32Array(1024),
      pickAnchor: new Int32Array(1024),
      pickFirst: new Int32Array(1024),
      pickLast: new Int32Array(1024),
      pickFrom: new Int32Array(1024),
      pickTo: new Int32Array(1024),
      pickUnit: new Int32Array(1024),
      pickOwner: new Int32Array(1024),
      pickNext: new Int32Array(1024),
      picks: 0,
      skillStamp: new Int32Array(skills),
      skillFirst: new Int32Array(skills),
      skillLast: new Int32Array(skills),
      skillTop: new Int32Array(skills),
      skillUnits: new Int32Array(skills),
      occupationPickStamp: new Int32Array(index.occupations.length),
      occupationPickScore: new Float64Array(index.occupations.length),
      occupationPickEntry: new Int32Array(index.occupations.length),
      occupationStamp: new Int32Array(index.occupations.length),
      occupationWeight: new Float64Array(index.occupations.length),
      prior,
      askStamp: new Int32Array(skills),
      askWeight: new Float64Array(skills),
      askBy: new Int32Array(skills),
      upper: new Float64Array(1024),
    };
    scratches.set(index, s);
  }
  return s;
}

/** A typed array of at least `size` elements holding the first `keep` of `array`. */
function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number, keep: number): T {
  if (array.length >= size) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array.subarray(0, keep) as never);
  return next;
}

function growPicks(s: Scratch, size: number): void {
  if (s.pickScore.length >= size) return;
  const keep = s.picks;
  s.pickScore = grown(s.pickScore, size, keep);
  s.pickEntry = grown(s.pickEntry, size, keep);
  s.pickAnchor = grown(s.pickAnchor, size, keep);
  s.pickFirst = grown(s.pickFirst, size, keep);
  s.pickLast = grown(s.pickLast, size, keep);
  s.pickFrom = grown(s.pickFrom, size, keep);
  s.pickTo = grown(s.pickTo, size, keep);
  s.pickUnit = grown(s.pickUnit, size, keep);
  s.pickOwner = grown(s.pickOwner, size, keep);
  s.pickNext = grown(s.pickNext, size, keep);
}

/** termOrder of a term that is not in the current unit. */
const ABSENT = 0x7fffffff;

/**
 * Matches the labels in one unit of tokens [from, to) and adds the best label of each owner (skill
 * or occupation) to the text's picks, in the order the owners were first picked; returns the index
 * of the first pick it added. Candidates come from the anchor postings of the unit's terms; a label
 * is scored only when the share of its weight it could reach is high enough.
 */
export function matchUnit(
  index: ExtractionIndex,
  s: Scratch,
  terms: WordTerm[][],
  from: number,
  to: number,
  unit: number,
  least: number,
  specificity: number,
): number {
  const firstPick = s.picks;
  // The unit's occurrences of terms, chained per term in the order of the text.
  let occurrences = 0;
  for (let p = from; p < to; p++) occurrences += terms[p]!.length;
  if (!occurrences) return firstPick;
  if (s.occPos.length < occurrences) {
    s.occPos = grown(s.occPos, occurrences, 0);
    s.occWeight = grown(s.occWeight, occurrences, 0);
    s.occLexicon = grown(s.occLexicon, occurrences, 0);
    s.occNext = grown(s.occNext, occurrences, 0);
    s.unitTerms = grown(s.unitTerms, occurrences, 0);
  }
  const round = ++s.round;
  // termWeight is 0 and termOrder ABSENT for every term but the unit's, which are put back at the end.
  const { termWeight, termOrder, termHead, termTail, unitTerms, occPos, occWeight, occLexicon, occNext } = s;
  let distinct = 0;
  let o = 0;
  for (let p = from; p < to; p++) {
    const list = terms[p]!;
    for (let i = 0; i < list.length; i++) {
      const wt = list[i]!;
      const t = wt.term;
      if (termOrder[t] === ABSENT) {
        termOrder[t] = distinct;
        termHead[t] = o;
        unitTerms[distinct++] = t;
      } else occNext[termTail[t]!] = o;
      termTail[t] = o;
      occPos[o] = p;
      occWeight[o] = wt.weight;
      occLexicon[o] = wt.via === 'lexicon' ? 1 : 0;
      occNext[o] = -1;
      o++;
    }
  }
  const { seen, contribution, present } = s;
  // The postings' `others` hold for the weights words have (at most 1) and MIN_COVERAGE.
  let filter = TUNING.minCoverage === MIN_COVERAGE;
  const { weight32 } = index.labels;
  for (let i = 0; i < distinct; i++) {
    const t = unitTerms[i]!;
    let best = 0;
    for (let x = termHead[t]!; x >= 0; x = occNext[x]!) if (occWeight[x]! > best) best = occWeight[x]!;
    termWeight[t] = best;
    // Each term's share of a label's bound: its 32-bit weight (in parentheses or not) times its best weight here (32-bit).
    const weight = termWeight[t]!;
    contribution[2 * t] = weight32[2 * t]! * weight;
    contribution[2 * t + 1] = weight32[2 * t + 1]! * weight;
    if (best > 1) filter = false;
    seen[t % OTHER_BUCKETS] = 1;
    present[t >> 5]! |= 1 << (t & 31);
  }

  // Candidates: the labels under the anchors of the unit's terms whose bound is high enough, as
  // posting offsets.
  const { anchorStart, anchorInt, anchorFloat, idf } = index.labels;
  const { ownerStamp, ownerBound } = s;
  const skillCount = index.skills.length;
  const kindFactor = TUNING.kind;
  // (Room for the rounding, and for a tuning that would make a translated word count more.)
  const margin = 1.0001 * Math.max(1, TUNING.translatedWord);
  const power = TUNING.coveragePower;
  const minCoverage = TUNING.minCoverage * 0.999;
  let passed = s.passed;
  let passedCount = 0;
  // The first line of each term's postings asked for at once, before the walk needs them (the
  // processor then fetches them side by side instead of one list after another).
  let touched = 0;
  for (let i = 0; i < distinct; i++) {
    const t = unitTerms[i]!;
    if (anchorStart[t]! < anchorStart[t + 1]!) touched |= anchorInt[anchorStart[t]!]!;
  }
  s.touched = touched;
  for (let i = 0; i < distinct; i++) {
    const t = unitTerms[i]!;
    const end = anchorStart[t + 1]!;
    // The highest level of `others` this term's weight here reaches (see ANCHOR_LEVELS).
    const weight = termWeight[t]!;
    let reached = 0;
    while (reached < 14 && ANCHOR_LEVELS[reached + 1]! <= weight) reached++;
    postings: for (let p = anchorStart[t]!; p < end; ) {
      const header = anchorInt[p]!;
      const n = header & 0x1ff;
      const next = p + POSTING_HEADER + n;
      // A label whose anchor here cannot make it alone (at any weight, or at its weight here), and
      // none of whose other terms is in the unit (or only one, when it needs two: `two`).
      const a = anchorInt[p + 2]!;
      const b = anchorInt[p + 3]!;
      if (
        filter &&
        b >>> 28 > reached &&
        seen[a & 4095]! +
          seen[(a >>> 12) & 4095]! +
          seen[(a >>> 24) | ((b & 15) << 8)]! +
          seen[(b >>> 4) & 4095]! +
          seen[(b >>> 16) & 4095]! <=
          ((header >>> 9) & 1)
      ) {
        p = next;
        continue;
      }
      // The best this label could score: its terms found anywhere in the unit, as close as can be
      // (a term not in the unit adds 0). A label is looked at once per unit, under the first of its
      // anchors the unit has.
      let most = 0;
      for (let k = p + POSTING_HEADER; k < next; k++) {
        const code = anchorInt[k]!;
        const t = code >> 2;
        // Not in the unit: it adds 0, and is no anchor of the unit.
        if (!(present[t >> 5]! & (1 << (t & 31)))) continue;
        if (code & 1 && termOrder[t]! < i) {
          p = next;
          continue postings;
        }
        most += contribution[code >> 1]!;
      }
      const total = anchorFloat[p + 1]!;
      const at = p;
      p = next;
      const bound = most / total;
      if (bound <= (n === 1 ? 0 : minCoverage)) continue;
      // (x^1.5 as x·√x: a bound, and Math.pow costs several times more.)
      const ub = (power === 1.5 ? bound * Math.sqrt(bound) : bound ** power) * (most / (most + specificity)) * 1.05;
      if (ub < least) continue;
      // Not better than this owner's best bound so far by enough to matter: skip.
      const owner = anchorInt[at + 4]!;
      const slot = owner >= 0 ? owner : skillCount - 1 - owner;
      if (ownerStamp[slot] === round) {
        if (ub < ownerBound[slot]! * 0.8) continue;
        if (ub > ownerBound[slot]!) ownerBound[slot] = ub;
      } else {
        ownerStamp[slot] = round;
        ownerBound[slot] = ub;
      }
      // What scoring would rule out for sure, with no effect there (the owner's bound above is kept as
      // it was): an occupation's label below MIN_OCCUPATION_COVERAGE, and a label below the least
      // score once its kind is counted (and, of one word, without the bonus for words in order). With
      // room for the rounding of the 32-bit weights and total.
      if (n > 1 && owner < 0 && bound <= MIN_OCCUPATION_COVERAGE * 0.999) continue;
      if (ub * kindFactor[(header >>> 10) & 3]! * (n > 1 ? margin : margin / 1.05) < least) continue;
      if (passedCount === passed.length) s.passed = passed = grown(passed, passedCount + 1, passedCount);
      passed[passedCount++] = at;
    }
  }

  // Each candidate scored: coverage, proximity, specificity, kind; the best of each owner kept. The
  // exact weights: idf, less in parentheses; the total their sum in order.
  const { pickStamp, pickOf } = s;
  for (let j = 0; j < passedCount; j++) {
    const p = passed[j]!;
    const header = anchorInt[p]!;
    const n = header & 0x1ff;
    const id = header >>> 12;
    const first0 = p + POSTING_HEADER;
    const end = first0 + n;
    const owner = anchorInt[p + 4]!;
    const minCoverageOf = n === 1 ? 0 : owner < 0 ? MIN_OCCUPATION_COVERAGE : TUNING.minCoverage;
    const slot = owner >= 0 ? owner : skillCount - 1 - owner;
    // Choose for each term the occurrence nearest the label's strongest matched term.
    let anchor = -1;
    let anchorWeight = 0;
    for (let k = first0; k < end; k++) {
      const code = anchorInt[k]!;
      const t = code >> 2;
      if (!(present[t >> 5]! & (1 << (t & 31)))) continue;
      const weight = code & 2 ? idf[t]! * PAREN_WEIGHT : idf[t]!;
      if (weight > anchorWeight) {
        anchorWeight = weight;
        anchor = occPos[termHead[t]!]!;
      }
    }
    if (anchor < 0) continue;
    let matched = 0;
    let count = 0;
    let first = anchor;
    let last = anchor;
    let inOrder = true;
    let previous = -1;
    let translatedOnly = true;
    for (let k = first0; k < end; k++) {
      const code = anchorInt[k]!;
      const t = code >> 2;
      if (!(present[t >> 5]! & (1 << (t & 31)))) continue;
      let pick = termHead[t]!;
      for (let x = occNext[pick]!; x >= 0; x = occNext[x]!) {
        const d = Math.abs(occPos[x]! - anchor) - Math.abs(occPos[pick]! - anchor);
        if (d < 0 || (d === 0 && occWeight[x]! > occWeight[pick]!)) pick = x;
      }
      const pos = occPos[pick]!;
      matched += (code & 2 ? idf[t]! * PAREN_WEIGHT : idf[t]!) * occWeight[pick]!;
      count++;
      if (pos < first) first = pos;
      if (pos > last) last = pos;
      if (pos < previous) inOrder = false;
      previous = pos;
      if (!occLexicon[pick]) translatedOnly = false;
    }
    // First with the label's total rounded to 32 bits (in the posting) and the least floor: what
    // these rule out, with room for the rounding, the exact total and the owner's floor rule out too
    // (and the exact total and the owner's pick are not worked out for it).
    const coverage32 = matched / anchorFloat[p + 1]!;
    if (coverage32 <= minCoverageOf * 0.999999) continue;
    const spread = last - first + 1;
    const proximity = Math.min(1, (count + TUNING.slack) / spread);
    const rest =
      Math.sqrt(proximity) *
      (matched / (matched + specificity)) *
      kindFactor[(header >>> 10) & 3]! *
      (inOrder && count > 1 ? 1.05 : 1) *
      (translatedOnly && count === 1 ? TUNING.translatedWord : 1);
    if (TUNING.coveragePower === 1.5 && coverage32 * Math.sqrt(coverage32) * rest < least * 0.999) continue;
    // The label's exact total: the sum of its terms' weights in order, as buildIndex made it (from
    // the posting and idf, both in the cache, rather than an array by label, which is not).
    let total = 0;
    for (let k = first0; k < end; k++) {
      const code = anchorInt[k]!;
      total += code & 2 ? idf[code >> 2]! * PAREN_WEIGHT : idf[code >> 2]!;
    }
    const coverage = matched / total;
    if (coverage <= minCoverageOf) continue;
    const picked = pickStamp[slot] === round;
    const floor = Math.max(least, (picked ? s.pickScore[pickOf[slot]!]! : 0) * 0.999);
    // Most candidates fall below the floor: told apart first with x·√x for x^1.5 (within a few units
    // of the last place), and Math.pow, several times dearer, only for those that may pass.
    if (TUNING.coveragePower === 1.5 && coverage * Math.sqrt(coverage) * rest < floor * 0.999999) continue;
    const score =
      coverage ** TUNING.coveragePower *
      Math.sqrt(proximity) *
      (matched / (matched + specificity)) *
      kindFactor[(header >>> 10) & 3]! *
      (inOrder && count > 1 ? 1.05 : 1) *
      (translatedOnly && count === 1 ? TUNING.translatedWord : 1);
    if (score < floor) continue;
    let at: number;
    if (picked) at = pickOf[slot]!;
    else {
      at = s.picks++;
      growPicks(s, s.picks);
      pickStamp[slot] = round;
      pickOf[slot] = at;
      s.pickOwner[at] = owner;
    }
    s.pickScore[at] = score;
    s.pickEntry[at] = id;
    s.pickAnchor[at] = anchor;
    s.pickFirst[at] = first;
    s.pickLast[at] = last;
    s.pickFrom[at] = from;
    s.pickTo[at] = to;
    s.pickUnit[at] = unit;
  }
  for (let i = 0; i < distinct; i++) {
    const t = unitTerms[i]!;
    termWeight[t] = 0;
    termOrder[t] = ABSENT;
    contribution[2 * t] = 0;
    contribution[2 * t + 1] = 0;
  }
  for (let i = 0; i < distinct; i++) {
    seen[unitTerms[i]! % OTHER_BUCKETS] = 0;
    present[unitTerms[i]! >> 5] = 0;
  }
  return firstPick;
}
