/**
 * The matching score and the next-badge choice as pure functions (src/insight/matching/score.ts,
 * docs/matching.md): hand-made requirements and people whose right order one can check by hand,
 * and properties over random ones (adding a held skill never lowers a score; the score stays in
 * [0, 1]; only the set of skills decides it).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type LearningOption,
  match,
  neighbourMap,
  occupationRequirements,
  rankMatches,
  suggestNext,
  vacancyRequirements,
  WEIGHTS,
} from '../../../src/insight/matching/score.ts';

const none = new Map<string, Set<string>>();

describe('requirements of a vacancy', () => {
  test('named skills are essential unless ESCO calls them optional; the occupation adds its essential skills at weight 1', () => {
    const reqs = vacancyRequirements(['weld', 'drawings', 'forklift'], { essential: ['weld', 'safety'], optional: ['drawings', 'cad'] });
    expect(reqs).toEqual([
      { skillId: 'weld', kind: 'essential', source: 'both', weight: WEIGHTS.namedEssential },
      { skillId: 'drawings', kind: 'optional', source: 'both', weight: WEIGHTS.namedOptional },
      { skillId: 'forklift', kind: 'essential', source: 'vacancy', weight: WEIGHTS.namedEssential },
      { skillId: 'safety', kind: 'essential', source: 'occupation', weight: WEIGHTS.occupationEssential },
    ]);
    // An optional skill of the occupation the vacancy does not name is left out.
    expect(reqs.some((r) => r.skillId === 'cad')).toBe(false);
  });

  test('without an occupation every named skill is essential, each once', () => {
    expect(vacancyRequirements(['a', 'b', 'a'], null).map((r) => [r.skillId, r.kind, r.weight])).toEqual([
      ['a', 'essential', 2],
      ['b', 'essential', 2],
    ]);
  });

  test('an occupation as a target: essential 2, optional 1', () => {
    expect(occupationRequirements({ essential: ['x'], optional: ['y', 'x'] }).map((r) => [r.skillId, r.kind, r.weight])).toEqual([
      ['x', 'essential', 2],
      ['y', 'optional', 1],
    ]);
  });
});

describe('the score, by hand', () => {
  // A welder's vacancy: welding and drawings named (essential, 2 each), safety essential for the occupation (1), CAD named but optional (1).
  const welder = vacancyRequirements(['weld', 'drawings', 'cad'], { essential: ['weld', 'safety'], optional: ['cad'] });
  // possible = 2 + 2 + 1 + 1 = 6

  test('Σ weight × credit / Σ weight, with the explanation of each requirement', () => {
    const ann = match(welder, new Set(['weld', 'cad']), none);
    expect(ann.possible).toBe(6);
    expect(ann.points).toBe(3);
    expect(ann.score).toBeCloseTo(0.5);
    expect(ann.essentialMet).toBe(1);
    expect(ann.essentialTotal).toBe(3);
    expect(ann.optionalMet).toBe(1);
    expect(ann.optionalTotal).toBe(1);
    // Essential first; held, then missing.
    expect(ann.requirements.map((r) => [r.skillId, r.credit])).toEqual([
      ['weld', 'held'],
      ['drawings', 'missing'],
      ['safety', 'missing'],
      ['cad', 'held'],
    ]);
  });

  test('a skill one step broader or narrower counts half, and the explanation names it', () => {
    // "TIG welding" is narrower than "weld".
    const neighbours = neighbourMap([['tig', 'weld']]);
    const bob = match(welder, new Set(['tig', 'drawings']), neighbours);
    expect(bob.points).toBe(2 * 0.5 + 2);
    expect(bob.requirements.find((r) => r.skillId === 'weld')).toMatchObject({ credit: 'related', via: 'tig' });
    expect(bob.essentialMet).toBe(1);
  });

  test('people rank by score, then by essential skills held, then by the tie-break', () => {
    const people = {
      cas: new Set(['weld', 'drawings', 'safety']), // 5/6
      dee: new Set(['weld', 'drawings', 'cad']), // 5/6, but only 2 essential
      eve: new Set(['weld']), // 2/6
      fay: new Set<string>(), // 0
      gus: new Set(['drawings', 'weld', 'safety']), // same as cas: tie-break
    };
    const ranked = rankMatches(
      Object.entries(people).map(([name, held]) => ({ name, tieBreak: name, result: match(welder, held, none) })),
    ).map((r) => r.name);
    expect(ranked).toEqual(['cas', 'gus', 'dee', 'eve', 'fay']);
  });

  test('no requirements: a score of 0, not a division by zero', () => {
    expect(match([], new Set(['a']), none).score).toBe(0);
  });
});

describe('the next badge, by hand', () => {
  const reqs = vacancyRequirements(['weld', 'drawings', 'report'], { essential: ['weld'], optional: ['report'] });
  // weld 2 (both), drawings 2 (vacancy), report 1 (optional): possible 5
  const options: LearningOption[] = [
    { kind: 'badge', id: 'b-report', name: 'Reporting', skills: ['report'], effort: 1 }, // +1/5
    { kind: 'badge', id: 'b-weld', name: 'Welding', skills: ['weld'], effort: 1 }, // +2/5
    { kind: 'pathway', id: 'p-all', name: 'Metal basics', skills: ['weld', 'drawings', 'report'], effort: 4 }, // +5/5 over 4: 0.25 each
    { kind: 'badge', id: 'b-cook', name: 'Cooking', skills: ['cook'], effort: 1 }, // nothing
    { kind: 'pathway', id: 'p-two', name: 'Drawing and welding', skills: ['weld', 'drawings'], effort: 2 }, // +4/5 over 2: 0.4 each
  ];

  test('most of the gap for the least effort first; what adds nothing is left out; the explanation names what it closes', () => {
    const out = suggestNext(reqs, new Set(), none, options, 10);
    expect(out.map((s) => s.option.id)).toEqual(['p-two', 'b-weld', 'p-all', 'b-report']);
    // p-two and b-weld both add 0.4 per badge: the larger gain first.
    expect(out[0].gain).toBeCloseTo(0.8);
    expect(out[1].gain).toBeCloseTo(0.4);
    expect(out[0].closes.map((r) => r.skillId)).toEqual(['drawings', 'weld']);
    expect(out[0].scoreAfter).toBeCloseTo(0.8);
  });

  test('skills already held count no more: a held skill’s badge is not suggested', () => {
    const out = suggestNext(reqs, new Set(['weld']), none, options, 10);
    expect(out.map((s) => s.option.id)).not.toContain('b-weld');
    // Both add 0.2 per badge now (drawings 2/5 over 2 badges, reporting 1/5 over 1): the larger gain first; the long pathway last.
    expect(out.map((s) => s.option.id)).toEqual(['p-two', 'b-report', 'p-all']);
  });

  test('a badge of a neighbouring skill helps by half', () => {
    const out = suggestNext(reqs, new Set(), neighbourMap([['tig', 'weld']]), [
      { kind: 'badge', id: 't', name: 'TIG', skills: ['tig'], effort: 1 },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0].gain).toBeCloseTo(0.2);
    expect(out[0].closes).toEqual([]);
  });
});

describe('properties', () => {
  const SKILLS = ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7'];
  const skill = fc.constantFrom(...SKILLS);
  const world = fc.record({
    named: fc.uniqueArray(skill, { maxLength: 6 }),
    occupation: fc.option(
      fc.record({ essential: fc.uniqueArray(skill, { maxLength: 5 }), optional: fc.uniqueArray(skill, { maxLength: 5 }) }),
      {
        nil: null,
      },
    ),
    links: fc.array(fc.tuple(skill, skill), { maxLength: 6 }),
    held: fc.uniqueArray(skill, { maxLength: 8 }),
    added: skill,
  });

  test('adding a held skill never lowers a person’s match for a vacancy', () => {
    fc.assert(
      fc.property(world, ({ named, occupation, links, held, added }) => {
        const reqs = vacancyRequirements(named, occupation);
        const neighbours = neighbourMap(links);
        const before = match(reqs, new Set(held), neighbours);
        const after = match(reqs, new Set([...held, added]), neighbours);
        expect(after.score).toBeGreaterThanOrEqual(before.score - 1e-12);
        expect(after.essentialMet).toBeGreaterThanOrEqual(before.essentialMet);
        expect(after.possible).toBe(before.possible);
      }),
      { numRuns: 2000 },
    );
  });

  test('the score is in [0, 1], 1 exactly when every requirement is held, and depends only on the set of skills', () => {
    fc.assert(
      fc.property(world, ({ named, occupation, links, held }) => {
        const reqs = vacancyRequirements(named, occupation);
        const neighbours = neighbourMap(links);
        const result = match(reqs, new Set(held), neighbours);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(1);
        const all = reqs.length > 0 && reqs.every((r) => held.includes(r.skillId));
        expect(Math.abs(result.score - 1) < 1e-12).toBe(all);
        // The same skills in another order: the same result.
        expect(match(reqs, new Set([...held].reverse()), neighbours)).toEqual(result);
      }),
      { numRuns: 1000 },
    );
  });

  test('a suggestion’s gain is the score it adds, and it is never negative', () => {
    fc.assert(
      fc.property(
        world,
        fc.array(fc.uniqueArray(skill, { minLength: 1, maxLength: 3 }), { maxLength: 5 }),
        ({ named, occupation, links, held }, bundles) => {
          const reqs = vacancyRequirements(named, occupation);
          const neighbours = neighbourMap(links);
          const options = bundles.map((skills, i) => ({ kind: 'badge' as const, id: `b${i}`, name: `B${i}`, skills, effort: 1 + (i % 3) }));
          const now = match(reqs, new Set(held), neighbours).score;
          for (const s of suggestNext(reqs, new Set(held), neighbours, options, 10)) {
            expect(s.gain).toBeGreaterThan(0);
            expect(s.scoreAfter).toBeCloseTo(match(reqs, new Set([...held, ...s.option.skills]), neighbours).score);
            expect(s.scoreAfter - now).toBeCloseTo(s.gain);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
