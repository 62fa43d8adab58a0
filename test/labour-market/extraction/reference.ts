import type { Entry, ExtractionIndex } from '../../../src/labour-market/extraction/build.ts';
import { MIN_COVERAGE, MIN_OCCUPATION_COVERAGE } from '../../../src/labour-market/extraction/build.ts';
import type { ExtractOptions, ExtractResult, OccupationMatch, SkillMatch } from '../../../src/labour-market/extraction/match.ts';
import { textTerms, type wordTerms } from '../../../src/labour-market/extraction/terms.ts';
import { TUNING } from '../../../src/labour-market/extraction/tuning.ts';
import { detectLang, type Section, type Token, tokenize, unitSections } from '../../../src/labour-market/extraction/text.ts';

/**
 * The extractor's matching and ranking as they were before they were made fast (commit fd3fbc5),
 * kept word for word as the reference of the differential test (differential.test.ts): the same
 * words (`textTerms`, `tokenize`) go in, and the fast matcher must give exactly what this gives.
 * Its candidate lists are made here from the index's entries, as buildIndex made them then.
 */

/** ESCO_LABELS of match.ts. */
const ESCO_LABELS = 135_000;

type WordTerm = ReturnType<typeof wordTerms>[number];

/** The anchor postings as buildIndex made them: per term, `id, owner, n, total, term₁, weight₁, …`. */
const anchorCache = new WeakMap<ExtractionIndex, Float32Array[]>();
function anchorsOf(index: ExtractionIndex): Float32Array[] {
  const cached = anchorCache.get(index);
  if (cached) return cached;
  const { entries } = index;
  const anchorLists: number[][] = index.termNames.map(() => []);
  entries.forEach((e, id) => {
    const order = e.terms.map((_, k) => k).sort((a, b) => e.weights[b]! - e.weights[a]!);
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
  const anchors = anchorLists.map((list) => {
    const out = new Float32Array(list.reduce((a, id) => a + 4 + 2 * entries[id]!.terms.length, 0));
    let p = 0;
    for (const id of list) {
      const e = entries[id]!;
      out[p++] = id;
      out[p++] = e.occupation ? -1 - e.owner : e.owner;
      out[p++] = e.terms.length;
      out[p++] = e.total;
      for (let k = 0; k < e.terms.length; k++) {
        out[p++] = e.terms[k]!;
        out[p++] = e.weights[k]!;
      }
    }
    return out;
  });
  anchorCache.set(index, anchors);
  return anchors;
}

interface UnitMatch {
  score: number;
  entry: Entry;
  spans: [number, number][];
  via: Set<string>;
  unit: number;
}

interface Scratch {
  stamp: Int32Array;
  /** Per term: whether it is in the current unit (the round), and its best weight there. */
  termStamp: Int32Array;
  termWeight: Float32Array;
  /** Per skill, then per occupation: the best bound of its labels in the current unit. */
  ownerStamp: Int32Array;
  ownerBound: Float32Array;
  round: number;
}
const scratches = new WeakMap<ExtractionIndex, Scratch>();

const KIND_NAMES = ['preferred', 'alt', 'hidden', 'keyword'] as const;

/** The per-index helper arrays: the share of each entry's weight in common terms, and scratch space. */
function scratchOf(index: ExtractionIndex): Scratch {
  let s = scratches.get(index);
  if (!s) {
    s = {
      stamp: new Int32Array(index.entries.length),
      termStamp: new Int32Array(index.termNames.length),
      termWeight: new Float32Array(index.termNames.length),
      ownerStamp: new Int32Array(index.skills.length + index.occupations.length),
      ownerBound: new Float32Array(index.skills.length + index.occupations.length),
      round: 0,
    };
    scratches.set(index, s);
  }
  return s;
}

interface Pick {
  score: number;
  entry: Entry;
  /** Token position of each matched term, and the word terms that matched. */
  positions: number[];
  words: WordTerm[];
  first: number;
  last: number;
}

/**
 * Matches the labels in one unit of tokens [from, to) and hands over the best label of each owner
 * (skill or occupation). Candidates come from the rarer terms' postings; a label is scored only
 * when the share of its weight it could reach is high enough, and its spans are made only for the
 * best label of an owner.
 */
function matchUnit(
  index: ExtractionIndex,
  tokens: Token[],
  terms: WordTerm[][],
  from: number,
  to: number,
  unit: number,
  least: number,
  found: (m: UnitMatch) => void,
) {
  const occ = new Map<number, { pos: number; w: WordTerm }[]>();
  for (let p = from; p < to; p++) {
    for (const wt of terms[p]!) {
      let list = occ.get(wt.term);
      if (!list) occ.set(wt.term, (list = []));
      list.push({ pos: p, w: wt });
    }
  }
  if (!occ.size) return;
  const scratch = scratchOf(index);
  const anchors = anchorsOf(index);
  const round = ++scratch.round;
  const { stamp, termStamp, termWeight, ownerStamp, ownerBound } = scratch;
  const skillCount = index.skills.length;
  const passed: number[] = [];
  const power = TUNING.coveragePower;
  // idf grows with the library: the same share of the largest idf, whatever the library's size.
  const specificity = (TUNING.specificity * Math.log1p(index.entries.length)) / Math.log1p(ESCO_LABELS);
  for (const [t, list] of occ) {
    let best = 0;
    for (const o of list) if (o.w.weight > best) best = o.w.weight;
    termStamp[t] = round;
    termWeight[t] = best;
  }
  for (const t of occ.keys()) {
    const data = anchors[t]!;
    for (let p = 0; p < data.length; ) {
      const id = data[p]!;
      const owner = data[p + 1]!;
      const n = data[p + 2]!;
      const total = data[p + 3]!;
      const end = p + 4 + 2 * n;
      if (stamp[id] === round) {
        p = end;
        continue;
      }
      stamp[id] = round;
      // The best this label could score: its terms found anywhere in the unit, as close as can be.
      let most = 0;
      for (let k = p + 4; k < end; k += 2) {
        const term = data[k]!;
        if (termStamp[term] === round) most += data[k + 1]! * termWeight[term]!;
      }
      p = end;
      const bound = most / total;
      if (bound <= (n === 1 ? 0 : TUNING.minCoverage * 0.999)) continue;
      const ub = bound ** power * (most / (most + specificity)) * 1.05;
      if (ub < least) continue;
      // Not better than this owner's best bound so far by enough to matter: skip.
      const slot = owner >= 0 ? owner : skillCount - 1 - owner;
      if (ownerStamp[slot] === round) {
        if (ub < ownerBound[slot]! * 0.8) continue;
        if (ub > ownerBound[slot]!) ownerBound[slot] = ub;
      } else {
        ownerStamp[slot] = round;
        ownerBound[slot] = ub;
      }
      passed.push(id);
    }
  }
  const best = new Map<number, Pick>();
  for (const id of passed) {
    const e = index.entries[id]!;
    const minCoverage = e.terms.length === 1 ? 0 : e.occupation ? MIN_OCCUPATION_COVERAGE : TUNING.minCoverage;
    const key = e.occupation ? -1 - e.owner : e.owner;
    const floor = Math.max(least, (best.get(key)?.score ?? 0) * 0.999);
    // Choose for each term the occurrence nearest the label's strongest matched term.
    let anchor = -1;
    let anchorWeight = 0;
    for (let k = 0; k < e.terms.length; k++) {
      const list = occ.get(e.terms[k]!);
      if (list && e.weights[k]! > anchorWeight) {
        anchorWeight = e.weights[k]!;
        anchor = list[0]!.pos;
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
    for (let k = 0; k < e.terms.length; k++) {
      const list = occ.get(e.terms[k]!);
      if (!list) continue;
      let pick = list[0]!;
      for (let i = 1; i < list.length; i++) {
        const o = list[i]!;
        const d = Math.abs(o.pos - anchor) - Math.abs(pick.pos - anchor);
        if (d < 0 || (d === 0 && o.w.weight > pick.w.weight)) pick = o;
      }
      matched += e.weights[k]! * pick.w.weight;
      count++;
      if (pick.pos < first) first = pick.pos;
      if (pick.pos > last) last = pick.pos;
      if (pick.pos < previous) inOrder = false;
      previous = pick.pos;
      if (pick.w.via !== 'lexicon') translatedOnly = false;
    }
    const coverage = matched / e.total;
    if (coverage <= minCoverage) continue;
    const spread = last - first + 1;
    const proximity = Math.min(1, (count + TUNING.slack) / spread);
    const score =
      coverage ** TUNING.coveragePower *
      Math.sqrt(proximity) *
      (matched / (matched + specificity)) *
      TUNING.kind[e.kind]! *
      (inOrder && count > 1 ? 1.05 : 1) *
      (translatedOnly && count === 1 ? TUNING.translatedWord : 1);
    if (score < floor) continue;
    best.set(key, { score, entry: e, positions: [anchor], words: [], first, last });
  }
  // Spans and the ways the words were found, for the best label of each owner only.
  for (const pick of best.values()) {
    const e = pick.entry;
    const positions: number[] = [];
    const via = new Set<string>();
    for (let k = 0; k < e.terms.length; k++) {
      const list = occ.get(e.terms[k]!);
      if (!list) continue;
      const anchor = pick.positions[0]!;
      let p = list[0]!;
      for (const o of list) if (Math.abs(o.pos - anchor) < Math.abs(p.pos - anchor)) p = o;
      positions.push(p.pos);
      via.add(p.w.en ? `lexicon:${p.w.en}` : p.w.via);
    }
    positions.sort((a, b) => a - b);
    const spans: [number, number][] = [];
    if (pick.last - pick.first + 1 <= positions.length + 3) spans.push([tokens[pick.first]!.start, tokens[pick.last]!.end]);
    else {
      for (const p of positions) {
        const tail = spans[spans.length - 1];
        if (tail && tail[1] === tokens[p]!.start) tail[1] = tokens[p]!.end;
        else if (!tail || tail[0] !== tokens[p]!.start) spans.push([tokens[p]!.start, tokens[p]!.end]);
      }
    }
    found({ score: pick.score, entry: e, spans, via, unit });
  }
}

/** Extracts the skills of a text, best first. */
export function referenceExtract(index: ExtractionIndex, text: string, options: ExtractOptions = {}): ExtractResult {
  const lang = options.lang ?? detectLang(text);
  const tokens = tokenize(text, lang);
  const sections = unitSections(text, tokens);
  const terms = textTerms(index, text, tokens, lang);

  // Context lifts a score by at most about half: labels below this cannot reach minScore.
  const least = Math.max(TUNING.floor, (options.minScore ?? 0) / 1.6);
  const bySkill = new Map<number, UnitMatch[]>();
  const byOccupation = new Map<number, { score: number; label: string }>();
  let from = 0;
  while (from < tokens.length) {
    const unit = tokens[from]!.unit;
    let to = from;
    while (to < tokens.length && tokens[to]!.unit === unit) to++;
    const section: Section = sections[unit] ?? null;
    const factor = TUNING.section[section ?? 'none'] ?? 1;
    const best = new Map<number, UnitMatch>();
    matchUnit(index, tokens, terms, from, to, unit, least, (m) => {
      if (m.entry.occupation) {
        const score = m.score * (section === 'title' ? 1.25 : 1);
        const old = byOccupation.get(m.entry.owner);
        if (!old || old.score < score) byOccupation.set(m.entry.owner, { score, label: m.entry.label });
        return;
      }
      m.score *= factor;
      const old = best.get(m.entry.owner);
      if (!old || old.score < m.score) best.set(m.entry.owner, m);
    });
    for (const [skill, m] of best) {
      const list = bySkill.get(skill);
      if (list) list.push(m);
      else bySkill.set(skill, [m]);
    }
    from = to;
  }

  // The ad's occupations: named in it (the title counts more), or given.
  const occupations: OccupationMatch[] = [...byOccupation]
    .map(([occupation, o]) => ({ occupation, score: Math.min(1, o.score), label: o.label }))
    .filter((o) => o.score >= TUNING.minOccupation)
    .sort((a, b) => b.score - a.score)
    .slice(0, TUNING.occupations);
  for (const o of options.occupations ?? []) {
    if (!occupations.some((x) => x.occupation === o) && index.occupations[o])
      occupations.unshift({ occupation: o, score: 1, label: index.occupations[o]!.name[lang] ?? index.occupations[o]!.name.en ?? '' });
  }
  const asks = new Map<number, { weight: number; label: string }>();
  for (const o of occupations) {
    const occ = index.occupations[o.occupation]!;
    for (const s of occ.essential) {
      const w = TUNING.occupationEssential * o.score;
      if ((asks.get(s)?.weight ?? 0) < w) asks.set(s, { weight: w, label: o.label });
    }
    for (const s of occ.optional) {
      const w = TUNING.occupationOptional * o.score;
      if ((asks.get(s)?.weight ?? 0) < w) asks.set(s, { weight: w, label: o.label });
    }
  }

  // Base scores: the best unit, a little more for every other unit that asks for it too.
  const base: { skill: number; score: number; matches: UnitMatch[] }[] = [];
  for (const [skill, matches] of bySkill) {
    matches.sort((a, b) => b.score - a.score);
    const top = matches[0]!.score;
    const repeats = matches.length - 1;
    const score = top * (1 + TUNING.repeat * Math.min(3, repeats));
    if (score >= least) base.push({ skill, score, matches });
  }

  // Skills that go together: the occupations of the confident skills, weighed by their scores.
  const confident = base.filter((b) => b.score >= TUNING.confident);
  const occWeight = new Map<number, number>();
  let totalWeight = 0;
  for (const b of confident) {
    totalWeight += b.score;
    for (const o of index.skillOccupations[b.skill]!) occWeight.set(o, (occWeight.get(o) ?? 0) + b.score);
  }

  const results: SkillMatch[] = [];
  for (const b of base) {
    let related = 0;
    let support = 0;
    if (totalWeight > 0) {
      const own = b.score >= TUNING.confident ? b.score : 0;
      const others = totalWeight - own;
      if (others > 0) {
        for (const o of index.skillOccupations[b.skill]!) {
          const w = (occWeight.get(o) ?? 0) - own;
          if (w > support) support = w;
        }
        support /= others;
        related = support > 0 ? Math.round(support * confident.length) : 0;
      }
    }
    const ask = asks.get(b.skill);
    const prior = 1 - TUNING.prior + TUNING.prior * (Math.log1p(index.popularity[b.skill]!) / Math.log1p(index.maxPopularity));
    const score = Math.min(1, b.score * (1 + (ask?.weight ?? 0) + TUNING.related * support) * prior);
    const top = b.matches[0]!;
    const spans: [number, number][] = [];
    for (const m of b.matches) for (const s of m.spans) spans.push(s);
    spans.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const merged: [number, number][] = [];
    for (const s of spans) {
      const tail = merged[merged.length - 1];
      if (tail && s[0] <= tail[1]) tail[1] = Math.max(tail[1], s[1]);
      else merged.push([s[0], s[1]]);
    }
    results.push({
      skill: b.skill,
      score,
      spans: merged,
      reason: {
        label: top.entry.label,
        lang: top.entry.lang,
        kind: KIND_NAMES[top.entry.kind]!,
        via: [...top.via],
        section: sections[top.unit] ?? null,
        occupation: ask?.label ?? null,
        related,
      },
    });
  }
  results.sort((a, b) => b.score - a.score || a.skill - b.skill);
  const minScore = options.minScore ?? 0;
  const limit = options.limit ?? 20;
  return { lang, skills: results.filter((r) => r.score >= minScore).slice(0, limit), occupations };
}
