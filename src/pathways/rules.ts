/**
 * The rules of a pathway, as pure functions: which of a person's badges count for which step, when
 * each step was completed, and whether the pathway is. No database, no clock: the service feeds
 * it the steps and the person's badges (test/pathways/rules.test.ts holds it to a brute-force
 * reading of the same rules with random step structures and holdings).
 *
 * - A step lists options: an achievement (by its OB 3.0 id — this network's or any other issuer's,
 *   so an imported badge counts when its achievement id is the one named) or a skill (a badge
 *   aligned to it counts, by the skill's URL or its framework code such as an ESCO URI).
 * - `all`: every option must be met; `any`: at least `count` of them.
 * - `ordered`: the step counts only badges awarded at or after the moment the step before it was
 *   completed (an order where it matters); a step after an incomplete one cannot be completed.
 * - Only badges in good standing count (not revoked, suspended, expired or failing verification).
 * - One badge may meet options of more than one step (a badge aligned to two skills asked for);
 *   an achievement is named in at most one step (the editor refuses it twice).
 */

export type StepRule = 'all' | 'any';

export type StepOption =
  | { type: 'achievement'; uri: string; name: string }
  | { type: 'skill'; skillId: string; url: string; code?: string; name: string };

export interface StepRecord {
  /** Stable within the pathway (`s1`, `s2`, …), so progress and evidence can name it. */
  key: string;
  name: string;
  rule: StepRule;
  /** For `any`: how many options must be met (1 ≤ count ≤ options); for `all` the number of options. */
  count: number;
  /** Only badges awarded after the previous step was completed count. */
  ordered: boolean;
  options: StepOption[];
}

/** A badge the person holds, as the rules see it. */
export interface Holding {
  /** The badge in the backpack. */
  id: string;
  name: string;
  /** `credentialSubject.achievement.id`, when the credential names one. */
  achievementUri: string | null;
  /** Its alignments: skill URLs and framework codes. */
  skills: { url?: string; code?: string }[];
  awardedAt: Date;
  /** In good standing: not revoked, suspended, expired, nor failing verification. */
  active: boolean;
  /** A public address of the badge, for the pathway badge's evidence (null when it has none). */
  evidenceUrl: string | null;
}

export interface OptionProgress {
  option: StepOption;
  /** The badge that meets it (the earliest that counts), or null. */
  holding: Holding | null;
}

export interface StepProgress {
  step: StepRecord;
  options: OptionProgress[];
  /** Options met. */
  met: number;
  /** Options needed. */
  needed: number;
  complete: boolean;
  /** When the step was completed (the badge that completed it was awarded); null while incomplete. */
  completedAt: Date | null;
  /** Ordered after a step that is not complete yet. */
  waiting: boolean;
}

export interface PathwayProgress {
  steps: StepProgress[];
  complete: boolean;
  completedAt: Date | null;
  /** The badges that completed the steps, once each, in step order: the pathway badge's evidence. */
  evidence: Holding[];
  /** Steps complete, of all. */
  done: number;
}

/** How many options a step needs met. */
export function needed(step: Pick<StepRecord, 'rule' | 'count' | 'options'>): number {
  return step.rule === 'all' ? step.options.length : Math.min(step.count, step.options.length);
}

/** Whether a badge meets an option (by achievement id, or by an alignment to the skill). */
export function meets(option: StepOption, holding: Holding): boolean {
  if (option.type === 'achievement') return holding.achievementUri !== null && holding.achievementUri === option.uri;
  return holding.skills.some((s) => (s.url !== undefined && s.url === option.url) || (option.code !== undefined && s.code === option.code));
}

const earliest = (holdings: Holding[]) =>
  holdings.reduce<Holding | null>((best, h) => (best === null || h.awardedAt.getTime() < best.awardedAt.getTime() ? h : best), null);

/** A person's progress on a pathway's steps from the badges they hold. */
export function evaluate(steps: readonly StepRecord[], holdings: readonly Holding[]): PathwayProgress {
  const good = holdings.filter((h) => h.active);
  const out: StepProgress[] = [];
  for (const [index, step] of steps.entries()) {
    const before = index > 0 ? out[index - 1] : null;
    const waiting = step.ordered && before !== null && !before.complete;
    const from = step.ordered && before ? before.completedAt : null;
    const options = step.options.map((option) => ({
      option,
      holding: waiting
        ? null
        : earliest(good.filter((h) => meets(option, h) && (from === null || h.awardedAt.getTime() >= from.getTime()))),
    }));
    const need = needed(step);
    const times = options
      .filter((o) => o.holding)
      .map((o) => (o.holding as Holding).awardedAt.getTime())
      .sort((a, b) => a - b);
    // Every step names at least one option (the editor sees to it), so a complete step has a moment.
    const complete = !waiting && need > 0 && times.length >= need;
    const completedAt = complete ? new Date(times[need - 1]) : null;
    out.push({ step, options, met: times.length, needed: need, complete, completedAt, waiting });
  }
  const complete = out.every((s) => s.complete);
  const completed = out.map((s) => s.completedAt).filter((d): d is Date => d !== null);
  const evidence: Holding[] = [];
  if (complete)
    for (const s of out) {
      // The badges that completed it: the earliest `needed` of those that meet an option.
      const used = s.options
        .map((o) => o.holding)
        .filter((h): h is Holding => h !== null)
        .sort((a, b) => a.awardedAt.getTime() - b.awardedAt.getTime())
        .slice(0, s.needed);
      for (const h of used) if (!evidence.some((e) => e.id === h.id)) evidence.push(h);
    }
  return {
    steps: out,
    complete,
    completedAt: complete && completed.length ? new Date(Math.max(...completed.map((d) => d.getTime()))) : null,
    evidence,
    done: out.filter((s) => s.complete).length,
  };
}
