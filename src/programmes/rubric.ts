/**
 * Rubrics as pure functions: checking one, checking an assessor's levels against it, whether levels
 * pass, whether two assessors agree, and what the module badge's OB 3.0 result descriptions and a
 * credential's results say. A rubric is fixed once its module exists (its badge carries it), so
 * criteria and levels have positional keys (`c1`, `l2`) that never change.
 */
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { E } from './errors.ts';

export interface RubricLevel {
  key: string;
  name: string;
  description: string;
}

export interface RubricCriterion {
  key: string;
  name: string;
  description: string;
  /** From the lowest to the highest. */
  levels: RubricLevel[];
  /** The key of the lowest level that passes. */
  passLevel: string;
}

export type Rubric = RubricCriterion[];

export interface LevelInput {
  name?: string;
  description?: string;
}

export interface CriterionInput {
  name?: string;
  description?: string;
  levels?: LevelInput[];
  /** The lowest passing level: its number (1 = the lowest level) or its name. */
  passLevel?: number | string;
}

export const MAX_CRITERIA = 12;
export const MIN_LEVELS = 2;
export const MAX_LEVELS = 8;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** Checks a rubric; every problem is a field error (`rubric.<n>.<field>`), all thrown together. */
export function checkRubric(input: CriterionInput[] | undefined, field = 'rubric'): Rubric {
  const criteria = (input ?? []).filter((c) => text(c.name) || text(c.description) || (c.levels ?? []).some((l) => text(l.name)));
  if (criteria.length === 0) throw E.rubricEmpty(field);
  if (criteria.length > MAX_CRITERIA) throw E.rubricTooLarge(field, { max: MAX_CRITERIA });
  const errors: AppError[] = [];
  const names = new Set<string>();
  const rubric: Rubric = criteria.map((raw, i) => {
    const at = `${field}.${i}`;
    const name = text(raw.name);
    const description = text(raw.description);
    if (!name) errors.push(PlatformErrors.required(`${at}.name`));
    else if (name.length > 200) errors.push(PlatformErrors.tooLong(`${at}.name`, { max: 200 }));
    else if (names.has(name.toLowerCase())) errors.push(E.criterionTwice(`${at}.name`, { name }));
    names.add(name.toLowerCase());
    if (description.length > 2000) errors.push(PlatformErrors.tooLong(`${at}.description`, { max: 2000 }));
    const levels = (raw.levels ?? [])
      .map((l) => ({ name: text(l.name), description: text(l.description) }))
      .filter((l) => l.name || l.description)
      .map((l, k) => ({ key: `l${k + 1}`, ...l }));
    const levelNames = new Set<string>();
    let levelsOk = true;
    if (levels.length < MIN_LEVELS || levels.length > MAX_LEVELS) {
      errors.push(E.levelCount(`${at}.levels`, { min: MIN_LEVELS, max: MAX_LEVELS }));
      levelsOk = false;
    }
    for (const level of levels) {
      if (!level.name) {
        errors.push(E.levelName(`${at}.levels`));
        levelsOk = false;
      } else if (level.name.length > 100 || level.description.length > 1000) {
        errors.push(PlatformErrors.tooLong(`${at}.levels`, { max: level.name.length > 100 ? 100 : 1000 }));
        levelsOk = false;
      } else if (levelNames.has(level.name.toLowerCase())) {
        errors.push(E.levelTwice(`${at}.levels`, { name: level.name }));
        levelsOk = false;
      }
      levelNames.add(level.name.toLowerCase());
    }
    let passLevel = '';
    if (levelsOk) {
      const pass = raw.passLevel;
      const found =
        pass === undefined || pass === ''
          ? levels[levels.length - 1 > 0 ? 1 : 0]
          : typeof pass === 'number' || /^\d+$/.test(String(pass))
            ? levels[Number(pass) - 1]
            : levels.find((l) => l.name.toLowerCase() === String(pass).trim().toLowerCase());
      if (!found) errors.push(E.passLevel(`${at}.passLevel`, { max: levels.length }));
      else passLevel = found.key;
    }
    return { key: `c${i + 1}`, name, description, levels, passLevel };
  });
  if (errors.length) throw invalidFields(errors);
  return rubric;
}

/**
 * An assessor's levels, one per criterion, by criterion key (or name) → level key (or name),
 * checked against the rubric; answers them by keys.
 */
export function checkLevels(rubric: Rubric, input: Record<string, unknown> | undefined, field = 'levels'): Record<string, string> {
  const given = new Map<string, string>();
  for (const [k, v] of Object.entries(input ?? {})) given.set(k.trim().toLowerCase(), text(v));
  const errors: AppError[] = [];
  const out: Record<string, string> = {};
  for (const criterion of rubric) {
    const value = given.get(criterion.key) ?? given.get(criterion.name.toLowerCase()) ?? '';
    const at = `${field}.${criterion.key}`;
    if (!value) {
      errors.push(E.levelRequired(at, { criterion: criterion.name }));
      continue;
    }
    const level = criterion.levels.find((l) => l.key === value || l.name.toLowerCase() === value.toLowerCase());
    if (!level) errors.push(E.levelUnknown(at, { criterion: criterion.name, options: criterion.levels.map((l) => l.name).join(', ') }));
    else out[criterion.key] = level.key;
  }
  const known = new Set(rubric.flatMap((c) => [c.key, c.name.toLowerCase()]));
  for (const k of given.keys()) if (!known.has(k)) errors.push(E.criterionUnknown(`${field}.${k}`, { criterion: k.slice(0, 80) }));
  if (errors.length) throw invalidFields(errors);
  return out;
}

const rank = (criterion: RubricCriterion, key: string) => criterion.levels.findIndex((l) => l.key === key);

/** Passed when every criterion reaches its passing level. */
export function passes(rubric: Rubric, levels: Record<string, string>): boolean {
  return rubric.every((c) => {
    const at = rank(c, levels[c.key] ?? '');
    return at >= 0 && at >= rank(c, c.passLevel);
  });
}

/** Two assessments agree when they gave every criterion the same level. */
export function agree(rubric: Rubric, a: Record<string, string>, b: Record<string, string>): boolean {
  return rubric.every((c) => a[c.key] === b[c.key]);
}

/** The name of the level given to a criterion ('' when none). */
export function levelName(criterion: RubricCriterion, key: string | undefined): string {
  return criterion.levels.find((l) => l.key === key)?.name ?? '';
}

/** The module badge's OB 3.0 result descriptions: one per criterion, its levels as the allowed values. */
export function resultDescriptions(rubric: Rubric): { name: string; resultType: string; allowedValue: string[] }[] {
  return rubric.map((c) => ({ name: c.name, resultType: 'RubricCriterionLevel', allowedValue: c.levels.map((l) => l.name) }));
}

/** A credential's results: criterion name → the level's name, as the credentials module takes them. */
export function resultsOf(rubric: Rubric, levels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(rubric.map((c) => [c.name, levelName(c, levels[c.key])]));
}

/** The criteria text of the module badge: what it takes to pass, in the language the rubric was written in. */
export function criteriaNarrative(rubric: Rubric, intro: string): string {
  const lines = rubric.map((c) => `- ${c.name}: ${c.levels.map((l) => l.name).join(' / ')} (≥ ${levelName(c, c.passLevel)})`);
  return [intro, ...lines].join('\n');
}
