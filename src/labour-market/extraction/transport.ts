import type { MatchReason, SkillMatch } from './match.ts';
import type { Lang } from './text.ts';

/**
 * The pool's results between a worker and the calling thread, compactly: the numbers of a batch's
 * results in two typed arrays (transferred, not copied) and their strings once each in one string.
 * Structured clone writes every object's property names and reads them back into new shapes; this
 * costs the worker and the calling thread (which shares the cores with the workers) a fraction of
 * that. decodeResults gives back the same objects, properties in the same order, as extract's.
 */

export interface PoolResult {
  lang: Lang;
  skills: SkillMatch[];
}

export interface EncodedResults {
  ints: Int32Array;
  scores: Float64Array;
  /** The strings, each once. */
  strings: string[];
}

let ints = new Int32Array(1 << 14);
let scores = new Float64Array(1 << 12);

function grow(n: number): void {
  if (n <= ints.length) return;
  const next = new Int32Array(Math.max(n, 2 * ints.length));
  next.set(ints);
  ints = next;
}

export function encodeResults(results: PoolResult[]): EncodedResults {
  const table = new Map<string, number>();
  const strings: string[] = [];
  const str = (s: string | null): number => {
    if (s === null) return -1;
    let i = table.get(s);
    if (i === undefined) {
      i = strings.length;
      table.set(s, i);
      strings.push(s);
    }
    return i;
  };
  let n = 0;
  let f = 0;
  grow(2 * results.length + 1);
  ints[n++] = results.length;
  for (const r of results) {
    const skills = r.skills;
    let need = n + 2;
    for (const m of skills) need += 9 + 2 * m.spans.length + m.reason.via.length;
    grow(need);
    if (f + skills.length > scores.length) {
      const next = new Float64Array(Math.max(f + skills.length, 2 * scores.length));
      next.set(scores);
      scores = next;
    }
    ints[n++] = str(r.lang);
    ints[n++] = skills.length;
    for (const m of skills) {
      ints[n++] = m.skill;
      scores[f++] = m.score;
      ints[n++] = m.spans.length;
      for (const [a, b] of m.spans) {
        ints[n++] = a;
        ints[n++] = b;
      }
      const reason = m.reason;
      ints[n++] = str(reason.label);
      ints[n++] = str(reason.lang);
      ints[n++] = str(reason.kind);
      ints[n++] = reason.via.length;
      for (const v of reason.via) ints[n++] = str(v);
      ints[n++] = str(reason.section);
      ints[n++] = str(reason.occupation);
      ints[n++] = reason.related;
    }
  }
  return { ints: ints.slice(0, n), scores: scores.slice(0, f), strings };
}

export function decodeResults({ ints, scores, strings }: EncodedResults): PoolResult[] {
  const str = (i: number) => (i < 0 ? null : strings[i]!);
  let n = 0;
  let f = 0;
  const count = ints[n++]!;
  const results: PoolResult[] = [];
  for (let r = 0; r < count; r++) {
    const lang = strings[ints[n++]!] as Lang;
    const size = ints[n++]!;
    const skills: SkillMatch[] = [];
    for (let k = 0; k < size; k++) {
      const skill = ints[n++]!;
      const score = scores[f++]!;
      const spanCount = ints[n++]!;
      const spans: [number, number][] = [];
      for (let s = 0; s < spanCount; s++) {
        spans.push([ints[n]!, ints[n + 1]!]);
        n += 2;
      }
      const label = strings[ints[n++]!]!;
      const reasonLang = strings[ints[n++]!] as Lang;
      const kind = strings[ints[n++]!] as MatchReason['kind'];
      const viaCount = ints[n++]!;
      const via: string[] = [];
      for (let v = 0; v < viaCount; v++) via.push(strings[ints[n++]!]!);
      const section = str(ints[n++]!);
      const occupation = str(ints[n++]!);
      const related = ints[n++]!;
      skills.push({ skill, score, spans, reason: { label, lang: reasonLang, kind, via, section, occupation, related } });
    }
    results.push({ lang, skills });
  }
  return results;
}
