/**
 * The matching score and the next-badge choice, as pure functions (docs/matching.md): no database,
 * no clock, no person other than their set of verified skills. The service feeds them the
 * requirements of a vacancy (or an occupation, or the region's demand), the person's skills and the
 * skill hierarchy's neighbours; test/insight/matching/score.test.ts holds them to hand-made cases
 * and fast-check properties (adding a held skill never lowers a score).
 *
 * Nothing about a person but their skills goes in: no age, gender, origin, address, name or any
 * other field. Two people with the same verified skills get the same score for the same vacancy.
 */

/** essential: ESCO says the occupation needs it, or the vacancy asks for it; optional: ESCO lists it as optional. */
export type RequirementKind = 'essential' | 'optional';
/** Where a requirement comes from: the vacancy's text, the occupation's ESCO relations, or both. */
export type RequirementSource = 'vacancy' | 'occupation' | 'both' | 'demand';

export interface Requirement {
  skillId: string;
  kind: RequirementKind;
  source: RequirementSource;
  /** Its weight in the score (WEIGHTS). */
  weight: number;
}

/**
 * Weights of a requirement: a skill the vacancy names counts in full (2 when essential, 1 when
 * ESCO calls it optional for the occupation); an essential skill of the occupation the vacancy
 * does not name counts 1; an optional skill of the occupation the vacancy does not name is left
 * out (it describes the occupation broadly, not this job). A skill of the region's demand counts 1.
 */
export const WEIGHTS = { namedEssential: 2, namedOptional: 1, occupationEssential: 1, demand: 1 } as const;

/** Credit for a requirement met through a neighbouring skill of the hierarchy (one step broader or narrower). */
export const RELATED_CREDIT = 0.5;

/**
 * A vacancy's requirements: the skills it names, and its occupation's essential skills (ESCO);
 * a named skill ESCO calls optional for the occupation is optional, every other named skill essential.
 */
export function vacancyRequirements(
  named: readonly string[],
  occupation: { essential: readonly string[]; optional: readonly string[] } | null,
): Requirement[] {
  const essential = new Set(occupation?.essential ?? []);
  const optional = new Set(occupation?.optional ?? []);
  const out = new Map<string, Requirement>();
  for (const skillId of named) {
    if (out.has(skillId)) continue;
    const isOptional = optional.has(skillId) && !essential.has(skillId);
    out.set(skillId, {
      skillId,
      kind: isOptional ? 'optional' : 'essential',
      source: essential.has(skillId) || optional.has(skillId) ? 'both' : 'vacancy',
      weight: isOptional ? WEIGHTS.namedOptional : WEIGHTS.namedEssential,
    });
  }
  for (const skillId of occupation?.essential ?? [])
    if (!out.has(skillId)) out.set(skillId, { skillId, kind: 'essential', source: 'occupation', weight: WEIGHTS.occupationEssential });
  return [...out.values()];
}

/** An occupation as a target: its essential skills (2) and optional skills (1), as ESCO relates them. */
export function occupationRequirements(occupation: { essential: readonly string[]; optional: readonly string[] }): Requirement[] {
  const out = new Map<string, Requirement>();
  for (const skillId of occupation.essential)
    if (!out.has(skillId)) out.set(skillId, { skillId, kind: 'essential', source: 'occupation', weight: WEIGHTS.namedEssential });
  for (const skillId of occupation.optional)
    if (!out.has(skillId)) out.set(skillId, { skillId, kind: 'optional', source: 'occupation', weight: WEIGHTS.namedOptional });
  return [...out.values()];
}

/** The region's most demanded skills as a target: each counts the same. */
export function demandRequirements(skillIds: readonly string[]): Requirement[] {
  return [...new Set(skillIds)].map((skillId) => ({
    skillId,
    kind: 'essential' as const,
    source: 'demand' as const,
    weight: WEIGHTS.demand,
  }));
}

/** The hierarchy's skill-to-skill links as neighbour sets: `[skill, broader]` both ways. */
export function neighbourMap(links: readonly (readonly [string, string])[]): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    let set = map.get(a);
    if (!set) map.set(a, (set = new Set()));
    set.add(b);
  };
  for (const [skill, broader] of links) {
    if (skill === broader) continue;
    add(skill, broader);
    add(broader, skill);
  }
  return map;
}

export type Credit = 'held' | 'related' | 'missing';

export interface RequirementResult extends Requirement {
  credit: Credit;
  /** For `related`: the held skill one step broader or narrower that counted. */
  via: string | null;
}

export interface MatchResult {
  /** 0–1: the weighted share of the requirements met (related skills at half). */
  score: number;
  /** Σ weight × credit, and Σ weight. */
  points: number;
  possible: number;
  requirements: RequirementResult[];
  /** Counts for the explanation. */
  essentialMet: number;
  essentialTotal: number;
  optionalMet: number;
  optionalTotal: number;
}

/** Compares two sums of weights without the noise of floating point (1/3 + 1/3 against 2/3). */
const compare = (x: number, y: number) => (Math.abs(x - y) < 1e-9 ? 0 : x - y);

const creditValue = (c: Credit) => (c === 'held' ? 1 : c === 'related' ? RELATED_CREDIT : 0);

/**
 * How a person's verified skills meet the requirements: each requirement is held (1), met through
 * a held neighbour of the hierarchy (0.5) or missing (0); the score is Σ weight × credit / Σ weight.
 * Adding a held skill can only raise a credit and never changes the weights: the score never drops.
 */
export function match(
  requirements: readonly Requirement[],
  held: ReadonlySet<string>,
  neighbours: ReadonlyMap<string, ReadonlySet<string>>,
): MatchResult {
  let points = 0;
  let possible = 0;
  const counts = { essentialMet: 0, essentialTotal: 0, optionalMet: 0, optionalTotal: 0 };
  const results: RequirementResult[] = [];
  for (const r of requirements) {
    let credit: Credit = 'missing';
    let via: string | null = null;
    if (held.has(r.skillId)) credit = 'held';
    else {
      const near = neighbours.get(r.skillId);
      if (near) {
        // The first held neighbour in a stable order, so the explanation does not change between calls.
        const found = [...near].filter((n) => held.has(n)).sort()[0];
        if (found !== undefined) {
          credit = 'related';
          via = found;
        }
      }
    }
    points += r.weight * creditValue(credit);
    possible += r.weight;
    if (r.kind === 'essential') {
      counts.essentialTotal++;
      if (credit === 'held') counts.essentialMet++;
    } else {
      counts.optionalTotal++;
      if (credit === 'held') counts.optionalMet++;
    }
    results.push({ ...r, credit, via });
  }
  // Essential first, then held before related before missing, then by id: a stable explanation.
  const order = { held: 0, related: 1, missing: 2 };
  results.sort(
    (a, b) =>
      (a.kind === b.kind ? 0 : a.kind === 'essential' ? -1 : 1) ||
      order[a.credit] - order[b.credit] ||
      b.weight - a.weight ||
      a.skillId.localeCompare(b.skillId),
  );
  return { score: possible > 0 ? points / possible : 0, points, possible, requirements: results, ...counts };
}

/** A ranked item: the higher score first, then more essential skills held, then the tie-break key given. */
export function rankMatches<T extends { result: MatchResult; tieBreak: string }>(items: T[]): T[] {
  return [...items].sort(
    (a, b) =>
      compare(b.result.score, a.result.score) || b.result.essentialMet - a.result.essentialMet || a.tieBreak.localeCompare(b.tieBreak),
  );
}

// ----------------------------------------------------------------- next badge

/** Something to earn: a badge of the network, or a pathway (its steps' badges and skills). */
export interface LearningOption {
  kind: 'badge' | 'pathway';
  id: string;
  name: string;
  /** The library skills it proves (a pathway: its steps' and its own badge's). */
  skills: readonly string[];
  /** Effort in badges to earn: 1 for a badge, the badges a pathway still needs for the person. */
  effort: number;
}

export interface Suggestion {
  option: LearningOption;
  /** The score with the option's skills added, minus the score now (0–1). */
  gain: number;
  scoreAfter: number;
  /** Requirements it would meet in full that are not met in full now, essential first. */
  closes: Requirement[];
}

/**
 * The options that close most of the gap for the least effort: each option's gain (the score with
 * its skills added, less the score now) per unit of effort, highest first; then the larger gain,
 * the smaller effort, the name. Options that add nothing to the target are left out.
 */
export function suggestNext(
  requirements: readonly Requirement[],
  held: ReadonlySet<string>,
  neighbours: ReadonlyMap<string, ReadonlySet<string>>,
  options: readonly LearningOption[],
  limit = 5,
): Suggestion[] {
  const now = match(requirements, held, neighbours);
  const notHeld = now.requirements.filter((r) => r.credit !== 'held');
  const out: Suggestion[] = [];
  for (const option of options) {
    const skills = new Set(option.skills);
    const closes = notHeld.filter((r) => skills.has(r.skillId));
    // Only a requirement's own skill or a neighbour can raise it: skip options that touch none.
    const touches =
      closes.length > 0 || notHeld.some((r) => r.credit === 'missing' && [...(neighbours.get(r.skillId) ?? [])].some((n) => skills.has(n)));
    if (!touches) continue;
    const after = match(requirements, new Set([...held, ...skills]), neighbours);
    const gain = after.score - now.score;
    if (gain <= 1e-12) continue;
    out.push({
      option,
      gain,
      scoreAfter: after.score,
      closes: closes.map(({ skillId, kind, source, weight }) => ({ skillId, kind, source, weight })),
    });
  }
  const effort = (s: Suggestion) => Math.max(1, s.option.effort);
  out.sort(
    (a, b) =>
      compare(b.gain / effort(b), a.gain / effort(a)) ||
      compare(b.gain, a.gain) ||
      effort(a) - effort(b) ||
      a.option.name.localeCompare(b.option.name) ||
      a.option.id.localeCompare(b.option.id),
  );
  return out.slice(0, limit);
}
