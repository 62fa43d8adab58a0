/**
 * Making breakout groups, as plain functions over ids (no database), so they are tested directly.
 * Every method puts each participant in exactly one group and keeps groups within one of each other
 * in size where the method allows (by interest and by skill follow people's choice or skill first).
 */

export interface PlannedGroup {
  /** The guiding question's id (by interest) or null. */
  questionId: string | null;
  /** The skill the group is about (by skill) or null. */
  skillId: string | null;
  members: string[];
}

/** A random number in [0, 1); tests pass a seeded one. */
export type Random = () => number;

export function shuffle<T>(items: readonly T[], random: Random = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function smallest(groups: PlannedGroup[], among: number[] = groups.map((_, i) => i)): number {
  return among.reduce((best, i) => (groups[i].members.length < groups[best].members.length ? i : best), among[0]);
}

/** Random groups: the participants shuffled and dealt round the `count` groups (the questions in turn). */
export function randomGroups(
  people: readonly string[],
  count: number,
  questionIds: readonly string[],
  random: Random = Math.random,
): PlannedGroup[] {
  const n = Math.max(1, Math.min(count, people.length));
  const groups: PlannedGroup[] = Array.from({ length: n }, (_, i) => ({
    questionId: questionIds.length ? questionIds[i % questionIds.length] : null,
    skillId: null,
    members: [],
  }));
  for (const [i, person] of shuffle(people, random).entries()) groups[i % n].members.push(person);
  return groups;
}

/**
 * Groups by interest: one group for each guiding question someone chose, with the people who chose
 * it; those who chose none (or a question no longer there) join the smallest groups. When nobody
 * chose, every question gets a group and people are dealt round them at random.
 */
export function interestGroups(
  people: readonly string[],
  questionIds: readonly string[],
  interests: ReadonlyMap<string, string>,
  random: Random = Math.random,
): PlannedGroup[] {
  const chosen = questionIds.filter((q) => people.some((p) => interests.get(p) === q));
  if (!chosen.length) return randomGroups(people, questionIds.length, questionIds, random);
  const groups: PlannedGroup[] = chosen.map((q) => ({ questionId: q, skillId: null, members: [] }));
  const rest: string[] = [];
  for (const person of people) {
    const index = chosen.indexOf(interests.get(person) ?? '');
    if (index >= 0) groups[index].members.push(person);
    else rest.push(person);
  }
  for (const person of shuffle(rest, random)) groups[smallest(groups)].members.push(person);
  return groups;
}

/**
 * Groups by skill: one group for each of the theme's skills that some participant holds (verified
 * by a badge), each person in the smallest group of a skill they hold; people who hold none of them
 * join the smallest groups. When nobody holds any, the groups are random, one per skill.
 */
export function skillGroups(
  people: readonly string[],
  skillIds: readonly string[],
  holdings: ReadonlyMap<string, ReadonlySet<string>>,
  random: Random = Math.random,
): PlannedGroup[] {
  const held = skillIds.filter((s) => people.some((p) => holdings.get(p)?.has(s)));
  if (!held.length) return randomGroups(people, skillIds.length, [], random).map((g, i) => ({ ...g, skillId: skillIds[i] ?? null }));
  const groups: PlannedGroup[] = held.map((s) => ({ questionId: null, skillId: s, members: [] }));
  const rest: string[] = [];
  // People holding fewer of the skills choose first, so those with one option get it.
  const order = shuffle(people, random).sort(
    (a, b) => held.filter((s) => holdings.get(a)?.has(s)).length - held.filter((s) => holdings.get(b)?.has(s)).length,
  );
  for (const person of order) {
    const options = held.map((s, i) => (holdings.get(person)?.has(s) ? i : -1)).filter((i) => i >= 0);
    if (options.length) groups[smallest(groups, options)].members.push(person);
    else rest.push(person);
  }
  for (const person of rest) groups[smallest(groups)].members.push(person);
  return groups;
}
