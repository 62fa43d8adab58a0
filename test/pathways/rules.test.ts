import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluate, type Holding, meets, needed, type StepOption, type StepRecord } from '../../src/pathways/rules.ts';

/**
 * The pathway rules against a brute-force reading of them: a step of an ordered pathway is
 * complete at the first moment t (among the badges' dates) at which, counting only badges in good
 * standing awarded between the previous step's completion and t, enough options are met.
 */
function oracle(steps: StepRecord[], holdings: Holding[]): { complete: boolean; completedAt: (number | null)[] } {
  const times = [...new Set(holdings.map((h) => h.awardedAt.getTime()))].sort((a, b) => a - b);
  const completedAt: (number | null)[] = [];
  for (const [i, step] of steps.entries()) {
    const previous = i > 0 ? completedAt[i - 1] : null;
    if (step.ordered && i > 0 && previous === null) {
      completedAt.push(null);
      continue;
    }
    const from = step.ordered && i > 0 ? (previous as number) : Number.NEGATIVE_INFINITY;
    let found: number | null = null;
    for (const t of times) {
      const usable = holdings.filter((h) => h.active && h.awardedAt.getTime() >= from && h.awardedAt.getTime() <= t);
      const met = step.options.filter((o) => usable.some((h) => meets(o, h))).length;
      const need = step.rule === 'all' ? step.options.length : Math.min(step.count, step.options.length);
      if (met >= need && need > 0) {
        found = t;
        break;
      }
    }
    completedAt.push(found);
  }
  return { complete: completedAt.every((t) => t !== null), completedAt };
}

const ACHIEVEMENTS = ['urn:a:1', 'urn:a:2', 'urn:a:3', 'urn:a:4', 'urn:a:5', 'https://elsewhere.example/achievements/6'];
const SKILLS = ['https://vaardig.test/skills/s1', 'https://vaardig.test/skills/s2', 'https://vaardig.test/skills/s3'];
const CODES = ['http://data.europa.eu/esco/skill/x1', 'http://data.europa.eu/esco/skill/x2', 'http://data.europa.eu/esco/skill/x3'];

const option: fc.Arbitrary<StepOption> = fc.oneof(
  fc.constantFrom(...ACHIEVEMENTS).map((uri) => ({ type: 'achievement' as const, uri, name: uri })),
  fc
    .integer({ min: 0, max: 2 })
    .map((i) => ({ type: 'skill' as const, skillId: `s${i}`, url: SKILLS[i], code: CODES[i], name: `skill ${i}` })),
);

const steps: fc.Arbitrary<StepRecord[]> = fc
  .array(
    fc.record({
      name: fc.string({ maxLength: 5 }),
      rule: fc.constantFrom<'all' | 'any'>('all', 'any'),
      count: fc.integer({ min: 1, max: 4 }),
      ordered: fc.boolean(),
      options: fc.uniqueArray(option, { minLength: 1, maxLength: 4, selector: (o) => (o.type === 'achievement' ? o.uri : o.url) }),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((list) =>
    list.map((s, i) => ({
      key: `s${i + 1}`,
      name: s.name,
      rule: s.rule,
      count: s.rule === 'all' ? s.options.length : Math.min(s.count, s.options.length),
      ordered: s.ordered && i > 0,
      options: s.options,
    })),
  );

const holding: fc.Arbitrary<Omit<Holding, 'id'>> = fc.record({
  name: fc.constant('badge'),
  achievementUri: fc.option(fc.constantFrom(...ACHIEVEMENTS), { nil: null }),
  skills: fc.array(
    fc
      .integer({ min: 0, max: 2 })
      .chain((i) =>
        fc.constantFrom<{ url?: string; code?: string }>({ url: SKILLS[i] }, { code: CODES[i] }, { url: SKILLS[i], code: CODES[i] }),
      ),
    { maxLength: 2 },
  ),
  awardedAt: fc.integer({ min: 0, max: 20 }).map((d) => new Date(Date.UTC(2026, 0, 1 + d))),
  active: fc.boolean(),
  evidenceUrl: fc.constant(null),
});
const holdings = fc
  .array(holding, { maxLength: 10 })
  .map((list) => list.map((h, i) => ({ ...h, id: `h${i}`, evidenceUrl: `https://x/${i}` })));

describe('pathway rules (property-based)', () => {
  test('complete exactly when the brute-force reading says so, each step at the same moment', () => {
    fc.assert(
      fc.property(steps, holdings, (s, h) => {
        const result = evaluate(s, h);
        const expected = oracle(s, h);
        expect(result.complete).toBe(expected.complete);
        expect(result.steps.map((p) => p.completedAt?.getTime() ?? null)).toEqual(expected.completedAt);
        expect(result.done).toBe(expected.completedAt.filter((t) => t !== null).length);
      }),
      { numRuns: 2000 },
    );
  });

  test('more badges never undo progress; badges not in good standing never count', () => {
    fc.assert(
      fc.property(steps, holdings, holding, (s, h, extra) => {
        const before = evaluate(s, h);
        const after = evaluate(s, [...h, { ...extra, id: 'extra' }]);
        if (before.complete) expect(after.complete).toBe(true);
        for (const [i, step] of before.steps.entries()) if (step.complete) expect(after.steps[i].complete).toBe(true);
        const withoutInactive = evaluate(
          s,
          h.filter((x) => x.active),
        );
        expect(withoutInactive.complete).toBe(before.complete);
      }),
      { numRuns: 1000 },
    );
  });

  test('the evidence is badges in good standing that meet an option, each once, enough for every step', () => {
    fc.assert(
      fc.property(steps, holdings, (s, h) => {
        const result = evaluate(s, h);
        if (!result.complete) {
          expect(result.evidence).toEqual([]);
          return;
        }
        expect(new Set(result.evidence.map((e) => e.id)).size).toBe(result.evidence.length);
        for (const e of result.evidence) expect(e.active).toBe(true);
        for (const step of s) {
          const met = step.options.filter((o) => result.evidence.some((e) => meets(o, e))).length;
          expect(met).toBeGreaterThanOrEqual(needed(step));
        }
      }),
      { numRuns: 1000 },
    );
  });

  test('an ordered step counts only badges earned after the step before was completed', () => {
    const a = { type: 'achievement' as const, uri: 'urn:a:1', name: 'A' };
    const b = { type: 'achievement' as const, uri: 'urn:a:2', name: 'B' };
    const pathway: StepRecord[] = [
      { key: 's1', name: '', rule: 'all', count: 1, ordered: false, options: [a] },
      { key: 's2', name: '', rule: 'all', count: 1, ordered: true, options: [b] },
    ];
    const at = (day: number) => new Date(Date.UTC(2026, 0, day));
    const held = (uri: string, day: number, id: string): Holding => ({
      id,
      name: id,
      achievementUri: uri,
      skills: [],
      awardedAt: at(day),
      active: true,
      evidenceUrl: null,
    });
    expect(evaluate(pathway, [held('urn:a:2', 1, 'b'), held('urn:a:1', 5, 'a')]).complete).toBe(false);
    expect(evaluate(pathway, [held('urn:a:1', 1, 'a'), held('urn:a:2', 5, 'b')]).complete).toBe(true);
    const waiting = evaluate(pathway, [held('urn:a:2', 5, 'b')]);
    expect(waiting.steps[1].waiting).toBe(true);
    expect(
      evaluate([{ ...pathway[0] }, { ...pathway[1], ordered: false }], [held('urn:a:2', 1, 'b'), held('urn:a:1', 5, 'a')]).complete,
    ).toBe(true);
  });
});
