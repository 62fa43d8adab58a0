import type { ExtractionIndex } from './build.ts';
import { classifyText, detectLang, type Lang, type Section, splitText, TextTokens, tokenSections } from './text.ts';
import { tokenTerms, type WordTerm, wordTable } from './terms.ts';
import { matchUnit, scratchOf, type Scratch } from './match-unit.ts';
import { TUNING } from './tuning.ts';

/**
 * Skill extraction proper: a pure function of the index and a text, fast enough for thousands of ads
 * a second (see bench/extract), safe to run in worker threads.
 *
 * 1. Words: each word token becomes terms with a weight and a way: its own stem (1), for Dutch text
 *    also the English stem of loanwords ("software", 0.9) and the lexicon's English terms (0.6–0.85),
 *    the parts of a Dutch compound ("heftruckchauffeur" → heftruck + chauffeur, ×0.9), or, for a word
 *    the library does not know, the label words one typo away (0.75).
 * 2. Labels: within each unit (sentence, line, list item), the labels sharing a rare term with it are
 *    candidates; a label's match is the idf-weighted share of its terms found (coverage), times how
 *    close together they are, times how specific the matched words are.
 * 3. Skills: the best label per skill and unit, weighed by the unit's section (requirements and tasks
 *    count more than the offer or the company), over the whole text.
 * 4. Context: the occupations the ad names (its title first) lift the skills they ask for, and skills
 *    that go together in ESCO's occupation–skill relations lift each other; a skill asked for by many
 *    occupations is a little more likely than a rare one.
 */

/** Labels (skills and occupations, Dutch and English) of the full ESCO import, that TUNING is for. */
const ESCO_LABELS = 135_000;

export interface MatchReason {
  /** The label that matched. */
  label: string;
  lang: Lang;
  kind: 'preferred' | 'alt' | 'hidden' | 'keyword';
  /** How its words were found: stem, loanword, cognate, lexicon (with the English stems), compound, typo. */
  via: string[];
  /** The section of the ad the best match is in. */
  section: string | null;
  /** The occupation of the ad that asks for the skill. */
  occupation: string | null;
  /** Other skills found that go together with it in ESCO's occupations. */
  related: number;
}

export interface SkillMatch {
  /** Index into `index.skills`. */
  skill: number;
  score: number;
  spans: [number, number][];
  reason: MatchReason;
}

export interface OccupationMatch {
  occupation: number;
  score: number;
  label: string;
}

export interface ExtractOptions {
  lang?: Lang;
  limit?: number;
  /** Least score returned (0–1). */
  minScore?: number;
  /** Occupation indexes known from elsewhere (a vacancy's classified occupation). */
  occupations?: number[];
}

export interface ExtractResult {
  lang: Lang;
  skills: SkillMatch[];
  occupations: OccupationMatch[];
}

const KIND_NAMES = ['preferred', 'alt', 'hidden', 'keyword'] as const;

/**
 * The spans of a pick and the ways its words were found: for each term of its label the occurrence
 * in its unit nearest the anchor (the first of those as near), as one span when they stand close
 * together, else word by word. Made only for the skills returned; added to `spanList` (pairs of
 * offsets), each pick's apart from those before it.
 */
function pickSpans(index: ExtractionIndex, s: Scratch, tokens: TextTokens, terms: WordTerm[][], pick: number, via: Set<string> | null) {
  const id = s.pickEntry[pick]!;
  const anchor = s.pickAnchor[pick]!;
  const from = s.pickFrom[pick]!;
  const to = s.pickTo[pick]!;
  const { start, terms: labelTerms } = index.labels;
  let positions = positionList;
  let n = 0;
  for (let k = start[id]!; k < start[id + 1]!; k++) {
    const t = labelTerms[k]!;
    let at = -1;
    let chosen: WordTerm | undefined;
    for (let p = from; p < to; p++) {
      const list = terms[p]!;
      for (let x = 0; x < list.length; x++) {
        const wt = list[x]!;
        if (wt.term !== t) continue;
        if (at < 0 || Math.abs(p - anchor) < Math.abs(at - anchor)) {
          at = p;
          chosen = wt;
        }
      }
    }
    if (at < 0) continue;
    if (n === positions.length) {
      const grown = new Int32Array(2 * n);
      grown.set(positions);
      positions = positionList = grown;
    }
    positions[n++] = at;
    via?.add(chosen!.en ? `lexicon:${chosen!.en}` : chosen!.via);
  }
  const first = s.pickFirst[pick]!;
  const last = s.pickLast[pick]!;
  const { start: tokenStart, end: tokenEnd } = tokens;
  if (last - first + 1 <= n + 3) {
    addSpan(tokenStart[first]!, tokenEnd[last]!);
    return;
  }
  // The positions in order (insertion: a label has few terms).
  for (let i = 1; i < n; i++) {
    const v = positions[i]!;
    let j = i - 1;
    while (j >= 0 && positions[j]! > v) {
      positions[j + 1] = positions[j]!;
      j--;
    }
    positions[j + 1] = v;
  }
  const begin = spanCount;
  for (let x = 0; x < n; x++) {
    const p = positions[x]!;
    const ps = tokenStart[p]!;
    if (spanCount > begin) {
      const tail = 2 * (spanCount - 1);
      if (spanList[tail + 1] === ps) {
        spanList[tail + 1] = tokenEnd[p]!;
        continue;
      }
      if (spanList[tail] === ps) continue;
    }
    addSpan(ps, tokenEnd[p]!);
  }
}

/** The positions of a pick's words (pickSpans), and the spans of a skill's picks as pairs of offsets. */
let positionList = new Int32Array(64);
let spanList = new Int32Array(256);
let spanCount = 0;

function addSpan(from: number, to: number): void {
  if (2 * spanCount + 2 > spanList.length) {
    const grown = new Int32Array(2 * spanList.length);
    grown.set(spanList);
    spanList = grown;
  }
  spanList[2 * spanCount] = from;
  spanList[2 * spanCount + 1] = to;
  spanCount++;
}

/** The spans of spanList in order and merged where they overlap or touch (as the results give them). */
function mergedSpans(): [number, number][] {
  const n = spanCount;
  const list = spanList;
  if (n <= 64) {
    // Insertion by (start, end): equal pairs are the same, so the order is the stable sort's.
    for (let i = 1; i < n; i++) {
      const a = list[2 * i]!;
      const b = list[2 * i + 1]!;
      let j = i - 1;
      while (j >= 0 && (list[2 * j]! > a || (list[2 * j] === a && list[2 * j + 1]! > b))) {
        list[2 * j + 2] = list[2 * j]!;
        list[2 * j + 3] = list[2 * j + 1]!;
        j--;
      }
      list[2 * j + 2] = a;
      list[2 * j + 3] = b;
    }
  } else {
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) pairs.push([list[2 * i]!, list[2 * i + 1]!]);
    pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    for (let i = 0; i < n; i++) {
      list[2 * i] = pairs[i]![0];
      list[2 * i + 1] = pairs[i]![1];
    }
  }
  const merged: [number, number][] = [];
  let tail: [number, number] | undefined;
  for (let i = 0; i < n; i++) {
    const a = list[2 * i]!;
    const b = list[2 * i + 1]!;
    if (tail && a <= tail[1]) tail[1] = Math.max(tail[1], b);
    else merged.push((tail = [a, b]));
  }
  return merged;
}

/** The skills found in the text, those with a base score, and the heap of them by bound (reused from text to text). */
let foundList = new Int32Array(1024);
let baseSkillList = new Int32Array(1024);
let baseScoreList = new Float64Array(1024);
let heapList = new Int32Array(1024);

function grownInt32(a: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(2 * a.length);
  grown.set(a);
  return grown;
}

/** Restores the max-heap of `heap[0, size)` by `key` below `i`. */
function siftDown(heap: Int32Array, size: number, key: Float64Array, i: number): void {
  const v = heap[i]!;
  const kv = key[v]!;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= size) break;
    if (c + 1 < size && key[heap[c + 1]!]! > key[heap[c]!]!) c++;
    if (!(key[heap[c]!]! > kv)) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = v;
}

/** The current text's tokens, their terms and the units' sections (reused from text to text: extraction is synchronous). */
const textTokens = new TextTokens();
let tokenTermList: WordTerm[][] = [];
let sectionList: Section[] = [];

/** Extracts the skills of a text, best first. */
export function extract(index: ExtractionIndex, text: string, options: ExtractOptions = {}): ExtractResult {
  if (typeof text !== 'string') throw new TypeError('extract: the text must be a string');
  const tokens = textTokens;
  tokens.release();
  const lang = options.lang ?? (classifyText(text, tokens, true) ? tokens.lang : detectLang(text));
  const table = wordTable(index, lang);
  if (table.size > 200_000) table.clear();
  splitText(text, lang, table, tokens);
  const count = tokens.count;
  if (tokenTermList.length > 4 * count + 1024) tokenTermList = [];
  if (sectionList.length > 4 * tokens.units + 1024) sectionList = [];
  const sections = tokenSections(text, tokens, sectionList);
  const terms = tokenTerms(index, text, tokens, lang, tokenTermList);

  // Context lifts a score by at most about half: labels below this cannot reach minScore.
  const least = Math.max(TUNING.floor, (options.minScore ?? 0) / 1.6);
  // idf grows with the library: the same share of the largest idf, whatever the library's size.
  const specificity = (TUNING.specificity * Math.log1p(index.entries.length)) / Math.log1p(ESCO_LABELS);
  const s = scratchOf(index);
  s.picks = 0;
  const textRound = ++s.textRound;
  const { skillStamp, skillFirst, skillLast, skillTop, skillUnits } = s;
  /** The skills found (`foundCount` of foundList), in the order they were first found. */
  let found = foundList;
  let foundCount = 0;
  /** The occupations found, in the order they were first found, with their best score and label (pickOf: the entry). */
  const foundOccupations: number[] = [];
  const { occupationPickStamp, occupationPickScore, occupationPickEntry } = s;
  const unitOf = tokens.unit;
  let from = 0;
  while (from < count) {
    const unit = unitOf[from]!;
    let to = from;
    while (to < count && unitOf[to] === unit) to++;
    const section: Section = sections[unit] ?? null;
    const factor = TUNING.section[section ?? 'none'] ?? 1;
    const firstPick = matchUnit(index, s, terms, from, to, unit, least, specificity);
    for (let pick = firstPick; pick < s.picks; pick++) {
      const owner = s.pickOwner[pick]!;
      if (owner < 0) {
        const occupation = -1 - owner;
        const score = s.pickScore[pick]! * (section === 'title' ? 1.25 : 1);
        if (occupationPickStamp[occupation] !== textRound) {
          occupationPickStamp[occupation] = textRound;
          foundOccupations.push(occupation);
        } else if (!(occupationPickScore[occupation]! < score)) continue;
        occupationPickScore[occupation] = score;
        occupationPickEntry[occupation] = s.pickEntry[pick]!;
        continue;
      }
      s.pickScore[pick] = s.pickScore[pick]! * factor;
      s.pickNext[pick] = -1;
      if (skillStamp[owner] !== textRound) {
        skillStamp[owner] = textRound;
        skillFirst[owner] = pick;
        skillLast[owner] = pick;
        skillTop[owner] = pick;
        skillUnits[owner] = 1;
        if (foundCount === found.length) found = foundList = grownInt32(found);
        found[foundCount++] = owner;
      } else {
        s.pickNext[skillLast[owner]!] = pick;
        skillLast[owner] = pick;
        skillUnits[owner]!++;
        if (s.pickScore[pick]! > s.pickScore[skillTop[owner]!]!) skillTop[owner] = pick;
      }
    }
    from = to;
  }

  // The ad's occupations: named in it (the title counts more), or given.
  // (The labels of the few kept only: the entries are objects all over the heap.)
  const occupations: OccupationMatch[] = foundOccupations
    .filter((o) => Math.min(1, occupationPickScore[o]!) >= TUNING.minOccupation)
    .map((occupation) => ({ occupation, score: Math.min(1, occupationPickScore[occupation]!), label: '' }))
    .sort((a, b) => b.score - a.score)
    .slice(0, TUNING.occupations);
  for (const o of occupations) o.label = index.entries[occupationPickEntry[o.occupation]!]!.label;
  for (const o of options.occupations ?? []) {
    if (!occupations.some((x) => x.occupation === o) && index.occupations[o])
      occupations.unshift({ occupation: o, score: 1, label: index.occupations[o]!.name[lang] ?? index.occupations[o]!.name.en ?? '' });
  }
  // What the ad's occupations ask of each skill: the weight (0 for the others) and which occupation.
  const { askStamp, askWeight, askBy } = s;
  for (let i = 0; i < occupations.length; i++) {
    const o = occupations[i]!;
    const occ = index.occupations[o.occupation]!;
    for (const k of occ.essential) {
      const w = TUNING.occupationEssential * o.score;
      if ((askStamp[k] === textRound ? askWeight[k]! : 0) < w) {
        askStamp[k] = textRound;
        askWeight[k] = w;
        askBy[k] = i;
      }
    }
    for (const k of occ.optional) {
      const w = TUNING.occupationOptional * o.score;
      if ((askStamp[k] === textRound ? askWeight[k]! : 0) < w) {
        askStamp[k] = textRound;
        askWeight[k] = w;
        askBy[k] = i;
      }
    }
  }

  // Base scores: the best unit, a little more for every other unit that asks for it too.
  if (baseSkillList.length < foundCount) {
    baseSkillList = new Int32Array(2 * foundCount);
    baseScoreList = new Float64Array(2 * foundCount);
    heapList = new Int32Array(2 * foundCount);
  }
  const baseSkill = baseSkillList;
  const baseScore = baseScoreList;
  let bases = 0;
  for (let f = 0; f < foundCount; f++) {
    const skill = found[f]!;
    const top = s.pickScore[skillTop[skill]!]!;
    const repeats = skillUnits[skill]! - 1;
    const score = top * (1 + TUNING.repeat * Math.min(3, repeats));
    if (score >= least) {
      baseSkill[bases] = skill;
      baseScore[bases] = score;
      bases++;
    }
  }

  // Skills that go together: the occupations of the confident skills, weighed by their scores.
  const { occupationStamp, occupationWeight } = s;
  const { skillOccupationStart, skillOccupationList } = index;
  let confident = 0;
  let totalWeight = 0;
  for (let b = 0; b < bases; b++) {
    const score = baseScore[b]!;
    if (!(score >= TUNING.confident)) continue;
    confident++;
    totalWeight += score;
    const skill = baseSkill[b]!;
    const last = skillOccupationStart[skill + 1]!;
    for (let x = skillOccupationStart[skill]!; x < last; x++) {
      const o = skillOccupationList[x]!;
      if (occupationStamp[o] !== textRound) {
        occupationStamp[o] = textRound;
        occupationWeight[o] = 0 + score;
      } else occupationWeight[o] = occupationWeight[o]! + score;
    }
  }

  const minScore = options.minScore ?? 0;
  const limit = options.limit ?? 20;
  // The most each skill can score (its support, below, is at most 1): those that cannot reach
  // minScore are left out, and the others are scored in the order of that bound until the next
  // bound is below the limit-th score.
  // (In a heap by that bound: the order among equal bounds changes nothing, as a score is at most
  // its bound, so all of them are scored or none.)
  if (s.upper.length < bases) s.upper = new Float64Array(bases * 2);
  const upper = s.upper;
  const heap = heapList;
  let heapSize = 0;
  for (let b = 0; b < bases; b++) {
    const skill = baseSkill[b]!;
    upper[b] = Math.min(
      1,
      baseScore[b]! * (1 + (askStamp[skill] === textRound ? askWeight[skill]! : 0) + TUNING.related) * s.prior[skill]!,
    );
    if (upper[b]! >= minScore) heap[heapSize++] = b;
  }
  for (let i = (heapSize >> 1) - 1; i >= 0; i--) siftDown(heap, heapSize, upper, i);
  const chosen: { b: number; score: number; related: number }[] = [];
  const kept: number[] = [];
  while (heapSize > 0) {
    const b = heap[0]!;
    heap[0] = heap[--heapSize]!;
    siftDown(heap, heapSize, upper, 0);
    if (kept.length >= limit && kept[limit - 1]! > upper[b]!) break;
    const skill = baseSkill[b]!;
    const own0 = baseScore[b]!;
    let related = 0;
    let support = 0;
    if (totalWeight > 0) {
      const own = own0 >= TUNING.confident ? own0 : 0;
      const others = totalWeight - own;
      if (others > 0) {
        const last = skillOccupationStart[skill + 1]!;
        for (let x = skillOccupationStart[skill]!; x < last; x++) {
          const o = skillOccupationList[x]!;
          const w = (occupationStamp[o] === textRound ? occupationWeight[o]! : 0) - own;
          if (w > support) support = w;
        }
        support /= others;
        related = support > 0 ? Math.round(support * confident) : 0;
      }
    }
    const score = Math.min(
      1,
      own0 * (1 + (askStamp[skill] === textRound ? askWeight[skill]! : 0) + TUNING.related * support) * s.prior[skill]!,
    );
    if (score < minScore) continue;
    chosen.push({ b, score, related });
    if (limit > 0) {
      // The best `limit` scores so far, best first.
      let at = kept.length;
      while (at > 0 && kept[at - 1]! < score) at--;
      if (at < limit) {
        kept.splice(at, 0, score);
        if (kept.length > limit) kept.pop();
      }
    }
  }
  chosen.sort((x, y) => y.score - x.score || baseSkill[x.b]! - baseSkill[y.b]!);

  // Spans and reasons, for the skills returned only.
  const results: SkillMatch[] = chosen.slice(0, limit).map(({ b, score, related }) => {
    const skill = baseSkill[b]!;
    const top = skillTop[skill]!;
    const via = new Set<string>();
    spanCount = 0;
    for (let pick = skillFirst[skill]!; pick >= 0; pick = s.pickNext[pick]!)
      pickSpans(index, s, tokens, terms, pick, pick === top ? via : null);
    const entry = index.entries[s.pickEntry[top]!]!;
    return {
      skill,
      score,
      spans: mergedSpans(),
      reason: {
        label: entry.label,
        lang: entry.lang,
        kind: KIND_NAMES[entry.kind]!,
        via: [...via],
        section: sections[s.pickUnit[top]!] ?? null,
        occupation: askStamp[skill] === textRound ? occupations[askBy[skill]!]!.label : null,
        related,
      },
    };
  });
  return { lang, skills: results, occupations };
}
