/**
 * The filters every insight view takes (query string of the pages, the exports and the API), read
 * and checked in one place: a bad value is a coded 400 naming its field.
 */
import { canonicalProvince } from '../labour-market/api.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, invalidFields } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { findSkillId, getCollection, listSkills, occupationNames } from '../skills/api.ts';
import { E } from './errors.ts';

export type Interval = 'week' | 'month';
export const MAX_PERIOD_DAYS = 3660;
const DAY = 86_400_000;

/** The filters as a query string holds them (all optional). */
export interface FilterInput {
  from?: string;
  to?: string;
  interval?: string;
  skill?: string;
  group?: string;
  occupation?: string;
  province?: string;
  municipality?: string;
  limit?: string | number;
  min?: string | number;
  baselineFrom?: string;
  baselineTo?: string;
}

export interface Filters {
  /** First and last day of the period, inclusive, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  interval: Interval;
  /** The library skill chosen (its id), or null. */
  skill: string | null;
  /** The collection chosen as skill group (its id), or null. */
  group: string | null;
  /** The skills to count: the skill, the group's skills, or null for all. */
  skillIds: string[] | null;
  occupation: string | null;
  province: string | null;
  municipality: string | null;
  limit: number;
  /** Emerging skills: the least count in the period for a skill to be listed. */
  min: number;
  /** Emerging skills: the period compared against (by default the same length just before). */
  baselineFrom: string;
  baselineTo: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function day(value: string | undefined, field: string, fallback: string): string {
  const v = (value ?? '').trim();
  if (!v) return fallback;
  if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || isoDay(new Date(`${v}T00:00:00Z`)) !== v)
    throw E.badDate(field, { value: v.slice(0, 40) });
  return v;
}

function whole(value: string | number | undefined, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const v = String(value).trim();
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw E.badNumber(field, { min, max });
  return Number(v);
}

/** 'YYYY-MM' moved by n months. */
export function addMonths(month: string, n: number): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + n, 1));
  return isoDay(d).slice(0, 7);
}

/** The last day of a month 'YYYY-MM'. */
export function monthLast(month: string): string {
  return addDays(`${addMonths(month, 1)}-01`, -1);
}

/** How many whole months the period is (from the first day of one to the last of another), else 0. */
export function wholeMonths(from: string, to: string): number {
  if (!from.endsWith('-01') || monthLast(to.slice(0, 7)) !== to || from > to) return 0;
  const a = Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7));
  const b = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  return b - a + 1;
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
const addDays = (d: string, n: number) => isoDay(new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY));

/** Reads the filters; defaults: the twelve months up to `today`'s (whole months), by month, 20 rows, emerging from 5 vacancies. */
export async function readFilters(ctx: AppContext, viewer: CurrentUser | null, input: FilterInput, today = new Date()): Promise<Filters> {
  const errors: Error[] = [];
  const check = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch (error) {
      errors.push(error as Error);
      return fallback;
    }
  };
  const end = monthLast(isoDay(today).slice(0, 7));
  const to = check(() => day(input.to, 'to', end), end);
  const start = `${addMonths(to.slice(0, 7), -11)}-01`;
  const from = check(() => day(input.from, 'from', start), start);
  if (from > to || days(from, to) > MAX_PERIOD_DAYS) errors.push(E.badPeriod('from', { max: MAX_PERIOD_DAYS }));
  const interval = check(() => {
    const v = (input.interval ?? '').trim() || 'month';
    if (v !== 'week' && v !== 'month') throw E.badInterval('interval');
    return v as Interval;
  }, 'month' as Interval);
  const limit = check(() => whole(input.limit, 'limit', 20, 1, 200), 20);
  const min = check(() => whole(input.min, 'min', 5, 1, 1_000_000), 5);
  const length = Math.max(0, days(from, to));
  const months = wholeMonths(from, to);
  const baselineTo = check(() => day(input.baselineTo, 'baselineTo', addDays(from, -1)), addDays(from, -1));
  const baseStart = months ? `${addMonths(from.slice(0, 7), -months)}-01` : addDays(baselineTo, -length);
  const baselineFrom = check(() => day(input.baselineFrom, 'baselineFrom', baseStart), baseStart);
  if (baselineFrom > baselineTo) errors.push(E.badPeriod('baselineFrom', { max: MAX_PERIOD_DAYS }));
  const province = check(() => {
    const v = (input.province ?? '').trim();
    if (!v) return null;
    const p = canonicalProvince(v);
    if (!p) throw E.unknownProvince('province', { value: v.slice(0, 100) });
    return p;
  }, null);
  const municipality = check(() => {
    const v = (input.municipality ?? '').trim();
    if (!v) return null;
    if (v.length > 100) throw E.badMunicipality('municipality');
    return v;
  }, null);
  let skill: string | null = null;
  const skillRef = (input.skill ?? '').trim();
  if (skillRef) {
    skill = skillRef.length <= 500 ? await findSkillId(ctx, skillRef) : null;
    if (!skill) errors.push(E.unknownSkill('skill', { value: skillRef.slice(0, 100) }));
  }
  let group: string | null = null;
  let groupSkills: string[] | null = null;
  const groupRef = (input.group ?? '').trim();
  if (groupRef) {
    try {
      group = (await getCollection(ctx, groupRef, viewer)).id;
      groupSkills = (await listSkills(ctx, viewer, { collectionId: group, limit: 100_000 })).items.map((s) => s.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(E.unknownGroup('group', { value: groupRef.slice(0, 100) }));
    }
  }
  let occupation: string | null = null;
  const occupationRef = (input.occupation ?? '').trim();
  if (occupationRef) {
    const found = await occupationNames(ctx.db, [occupationRef]);
    if (found.length === 0) errors.push(E.unknownOccupation('occupation', { value: occupationRef.slice(0, 100) }));
    else occupation = found[0].id;
  }
  if (errors.length) {
    const unexpected = errors.find((e) => !(e instanceof AppError));
    throw unexpected ?? invalidFields(errors as AppError[]);
  }
  const skillIds = skill && groupSkills ? groupSkills.filter((s) => s === skill) : skill ? [skill] : groupSkills;
  return { from, to, interval, skill, group, skillIds, occupation, province, municipality, limit, min, baselineFrom, baselineTo };
}

/** The filters as a query string, for links between views and to the exports (defaults left out when `all` is false). */
export function filterQuery(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  q.set('from', f.from);
  q.set('to', f.to);
  q.set('interval', f.interval);
  if (f.skill) q.set('skill', f.skill);
  if (f.group) q.set('group', f.group);
  if (f.occupation) q.set('occupation', f.occupation);
  if (f.province) q.set('province', f.province);
  if (f.municipality) q.set('municipality', f.municipality);
  if (f.limit !== 20) q.set('limit', String(f.limit));
  if (f.min !== 5) q.set('min', String(f.min));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}
