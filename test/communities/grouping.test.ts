import { describe, expect, test } from 'vitest';
import { interestGroups, randomGroups, skillGroups } from '../../src/communities/breakouts/grouping.ts';
import { seeded } from './part-b-support.ts';

const people = Array.from({ length: 11 }, (_, i) => `p${i}`);
const everyoneOnce = (groups: { members: string[] }[]) => groups.flatMap((g) => g.members).sort();

describe('breakout grouping', () => {
  test('at random: everyone in exactly one group, sizes within one, questions in turn', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const groups = randomGroups(people, 3, ['q1', 'q2'], seeded(seed));
      expect(everyoneOnce(groups)).toEqual([...people].sort());
      const sizes = groups.map((g) => g.members.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(groups.map((g) => g.questionId)).toEqual(['q1', 'q2', 'q1']);
    }
    // Never more groups than people.
    expect(randomGroups(['a', 'b'], 5, [], seeded(1))).toHaveLength(2);
  });

  test('by interest: people with the question they chose; the others fill the smallest groups', () => {
    const interests = new Map([
      ['p0', 'q1'],
      ['p1', 'q1'],
      ['p2', 'q1'],
      ['p3', 'q2'],
      ['p4', 'gone'],
    ]);
    const groups = interestGroups(people, ['q1', 'q2', 'q3'], interests, seeded(7));
    // q3 was chosen by nobody: no group for it.
    expect(groups.map((g) => g.questionId)).toEqual(['q1', 'q2']);
    expect(everyoneOnce(groups)).toEqual([...people].sort());
    for (const [p, q] of interests) if (q !== 'gone') expect(groups.find((g) => g.questionId === q)?.members).toContain(p);
    const sizes = groups.map((g) => g.members.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    // Nobody chose: a group per question.
    expect(interestGroups(people, ['q1', 'q2', 'q3'], new Map(), seeded(3)).map((g) => g.questionId)).toEqual(['q1', 'q2', 'q3']);
  });

  test('by skill: each holder in a group of a skill they hold; others spread; nobody holding gives a group per skill', () => {
    const holdings = new Map<string, Set<string>>([
      ['p0', new Set(['s1'])],
      ['p1', new Set(['s1', 's2'])],
      ['p2', new Set(['s2'])],
      ['p3', new Set(['s1'])],
      ['p4', new Set(['x'])],
    ]);
    const groups = skillGroups(people, ['s1', 's2', 's3'], holdings, seeded(5));
    expect(groups.map((g) => g.skillId)).toEqual(['s1', 's2']);
    expect(everyoneOnce(groups)).toEqual([...people].sort());
    for (const p of ['p0', 'p1', 'p2', 'p3']) {
      const group = groups.find((g) => g.members.includes(p));
      expect(holdings.get(p)?.has(group?.skillId ?? '')).toBe(true);
    }
    const none = skillGroups(people, ['s1', 's2'], new Map(), seeded(5));
    expect(none.map((g) => g.skillId)).toEqual(['s1', 's2']);
    expect(everyoneOnce(none)).toEqual([...people].sort());
  });
});
