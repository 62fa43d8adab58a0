/**
 * Demand read from the rollups: skills asked for in a period, the trend by week or month, emerging
 * skills and skills that go together. The views read the network's tables (all organisations added
 * up at the refresh): whole months by province from the monthly ones, a municipality and the days of
 * a period that are not whole months from the daily ones; with an occupation, the network's
 * occupation tables the same way (insight_demand_occupation_monthly / _daily).
 */
import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { type Filters, wholeMonths } from './filters.ts';
import { pairsWindow } from './rollups.ts';

export interface SkillCount {
  skillId: string;
  vacancies: number;
}

const coarse = (f: Filters) => wholeMonths(f.from, f.to) > 0 && !f.municipality && !f.occupation;

/** The conditions of the filters on a daily table `t` (columns day, province, municipality, occupation_id, skill_id). */
function dailyWhere(f: Filters, from: string, to: string, withSkill: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`t.day >= ${from}::date`, sql`t.day <= ${to}::date`];
  if (f.province) parts.push(sql`t.province = ${f.province}`);
  if (f.municipality) parts.push(sql`lower(t.municipality) = lower(${f.municipality})`);
  if (f.occupation) parts.push(sql`t.occupation_id = ${f.occupation}`);
  if (withSkill && f.skillIds) parts.push(f.skillIds.length ? sql`t.skill_id in (${sql.join(f.skillIds)})` : sql`false`);
  return sql.join(parts, sql` and `);
}

/**
 * The conditions on the network's occupation daily tables (insight_demand_occupation_daily,
 * insight_vacancies_occupation_daily: municipality in lower case, no '*' rows).
 */
function occupationDailyWhere(f: Filters, from: string, to: string, withSkill: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`t.occupation_id = ${f.occupation}`, sql`t.day >= ${from}::date`, sql`t.day <= ${to}::date`];
  if (f.province) parts.push(sql`t.province = ${f.province}`);
  if (f.municipality) parts.push(sql`t.municipality = lower(${f.municipality})`);
  if (withSkill && f.skillIds) parts.push(f.skillIds.length ? sql`t.skill_id in (${sql.join(f.skillIds)})` : sql`false`);
  return sql.join(parts, sql` and `);
}

/** The conditions on insight_demand_occupation_monthly: the occupation, one province or '*'. */
function occupationMonthlyWhere(f: Filters, from: string, to: string): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`t.occupation_id = ${f.occupation}`,
    sql`t.province = ${f.province ?? '*'}`,
    sql`t.month >= ${from}::date`,
    sql`t.month <= ${to}::date`,
  ];
  if (f.skillIds) parts.push(f.skillIds.length ? sql`t.skill_id in (${sql.join(f.skillIds)})` : sql`false`);
  return sql.join(parts, sql` and `);
}

/** The conditions on the network's monthly table: one province, or '*' (all of them) — never both. */
function networkWhere(f: Filters, from: string, to: string): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`t.month >= ${from}::date`, sql`t.month <= ${to}::date`, sql`t.province = ${f.province ?? '*'}`];
  if (f.skillIds) parts.push(f.skillIds.length ? sql`t.skill_id in (${sql.join(f.skillIds)})` : sql`false`);
  return sql.join(parts, sql` and `);
}

/** The network's vacancies per day in one province or '*'. */
const networkDays = (f: Filters) => sql`t.day >= ${f.from}::date and t.day <= ${f.to}::date and t.province = ${f.province ?? '*'}`;

/**
 * The conditions on the network's daily tables: with a province or municipality its rows (never the
 * ('*', '*') rows); without, the ('*', '*') rows when `all` (insight_demand_network_daily has them).
 */
function networkDailyWhere(f: Filters, from: string, to: string, all: boolean): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`t.day >= ${from}::date`, sql`t.day <= ${to}::date`];
  if (f.province || f.municipality || !all) parts.push(sql`t.province <> '*'`);
  else parts.push(sql`t.province = '*'`);
  if (f.province) parts.push(sql`t.province = ${f.province}`);
  if (f.municipality) parts.push(sql`t.municipality = lower(${f.municipality})`);
  return sql.join(parts, sql` and `);
}

const skillIn = (f: Filters) => (f.skillIds ? (f.skillIds.length ? sql`t.skill_id in (${sql.join(f.skillIds)})` : sql`false`) : sql`true`);

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const firstOfMonth = (day: string, add: number) => {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + add);
  return isoDay(d);
};

/**
 * [from, to] as the whole months inside it ([monthsFrom, monthsEnd), null when none) and the days
 * at either end that are not a whole month.
 */
export function splitPeriod(from: string, to: string): { months: { from: string; end: string } | null; days: [string, string][] } {
  const monthsFrom = from.endsWith('-01') ? from : firstOfMonth(from, 1);
  const lastDay = isoDay(new Date(Date.parse(`${firstOfMonth(to, 1)}T00:00:00Z`) - 86_400_000));
  const monthsEnd = to === lastDay ? firstOfMonth(to, 1) : firstOfMonth(to, 0);
  if (monthsFrom >= monthsEnd) return { months: null, days: [[from, to]] };
  const before = isoDay(new Date(Date.parse(`${monthsFrom}T00:00:00Z`) - 86_400_000));
  const days: [string, string][] = [];
  if (from < monthsFrom) days.push([from, before]);
  if (monthsEnd <= to) days.push([monthsEnd, to]);
  return { months: { from: monthsFrom, end: monthsEnd }, days };
}

/**
 * Vacancies per skill in [from, to] under the filters, most asked first (all skills when `limit` is
 * null). A municipality reads the network's daily table; otherwise the network's months, with the
 * days at either end that are not a whole month from the network's daily table. An occupation the
 * same from the occupation tables.
 */
export async function skillCounts(
  ctx: AppContext,
  f: Filters,
  from = f.from,
  to = f.to,
  limit: number | null = f.limit,
): Promise<SkillCount[]> {
  const tail = sql`group by t.skill_id order by n desc, t.skill_id ${limit ? sql`limit ${limit}` : sql``}`;
  let query: RawBuilder<{ skill_id: string; n: number }>;
  if (f.occupation) {
    const { months, days } = f.municipality ? { months: null, days: [[from, to] as [string, string]] } : splitPeriod(from, to);
    const parts: RawBuilder<unknown>[] = days.map(
      ([a, b]) => sql`select t.skill_id, t.vacancies from insight_demand_occupation_daily t where ${occupationDailyWhere(f, a, b, true)}`,
    );
    if (months) {
      const last = firstOfMonth(months.end, -1);
      parts.push(
        sql`select t.skill_id, t.vacancies from insight_demand_occupation_monthly t where ${occupationMonthlyWhere(f, months.from, last)}`,
      );
    }
    query = sql`select t.skill_id, sum(t.vacancies)::int as n from (${sql.join(parts, sql` union all `)}) t ${tail}`;
  } else if (f.municipality) {
    query = sql`select t.skill_id, sum(t.vacancies)::int as n from insight_demand_network_daily t
      where ${networkDailyWhere(f, from, to, true)} and ${skillIn(f)} ${tail}`;
  } else if (coarse({ ...f, from, to })) {
    query = sql`select t.skill_id, sum(t.vacancies)::int as n from insight_demand_network_monthly t where ${networkWhere(f, from, to)} ${tail}`;
  } else {
    const { months, days } = splitPeriod(from, to);
    const parts: RawBuilder<unknown>[] = days.map(
      ([a, b]) =>
        sql`select t.skill_id, t.vacancies from insight_demand_network_daily t where ${networkDailyWhere(f, a, b, true)} and ${skillIn(f)}`,
    );
    if (months) {
      const last = firstOfMonth(months.end, -1);
      parts.push(sql`select t.skill_id, t.vacancies from insight_demand_network_monthly t where ${networkWhere(f, months.from, last)}`);
    }
    query = sql`select t.skill_id, sum(t.vacancies)::int as n from (${sql.join(parts, sql` union all `)}) t ${tail}`;
  }
  const rows = await query.execute(ctx.db);
  return rows.rows.map((r) => ({ skillId: r.skill_id, vacancies: Number(r.n) }));
}

/** The network's vacancies in the period under the filters (no occupation): by municipality, or per province/'*'. */
const networkVacancies = (f: Filters) =>
  f.municipality
    ? sql`from insight_vacancies_network_municipal_daily t where ${networkDailyWhere(f, f.from, f.to, false)}`
    : sql`from insight_vacancies_network_daily t where ${networkDays(f)}`;

/** All vacancies in the period under the filters (skills aside): the denominator of shares. */
export async function vacancyTotal(ctx: AppContext, f: Filters): Promise<number> {
  const q = !f.occupation
    ? sql<{ n: number }>`select coalesce(sum(t.vacancies), 0)::int as n ${networkVacancies(f)}`
    : sql<{
        n: number;
      }>`select coalesce(sum(t.vacancies), 0)::int as n from insight_vacancies_occupation_daily t where ${occupationDailyWhere(f, f.from, f.to, false)}`;
  return Number((await q.execute(ctx.db)).rows[0]?.n ?? 0);
}

export interface TrendPoint {
  /** The first day of the week (Monday) or month. */
  period: string;
  vacancies: number;
}

/**
 * Vacancies by week or month: with a skill or group, vacancies asking for it (a vacancy asking for
 * two skills of a group counts for each); without, all vacancies. Periods without any show as 0.
 */
export async function trend(ctx: AppContext, f: Filters): Promise<TrendPoint[]> {
  const unit = f.interval === 'week' ? sql.lit('week') : sql.lit('month');
  const bucket = sql`to_char(date_trunc(${unit}, t.day::timestamp), 'YYYY-MM-DD')`;
  const q = f.occupation
    ? f.skillIds
      ? sql<{ p: string; n: number }>`select ${bucket} as p, sum(t.vacancies)::int as n from insight_demand_occupation_daily t
          where ${occupationDailyWhere(f, f.from, f.to, true)} group by 1`
      : sql<{ p: string; n: number }>`select ${bucket} as p, sum(t.vacancies)::int as n from insight_vacancies_occupation_daily t
          where ${occupationDailyWhere(f, f.from, f.to, false)} group by 1`
    : f.skillIds
      ? sql<{ p: string; n: number }>`select ${bucket} as p, sum(t.vacancies)::int as n from insight_demand_daily t
          where ${dailyWhere(f, f.from, f.to, true)} group by 1`
      : sql<{ p: string; n: number }>`select ${bucket} as p, sum(t.vacancies)::int as n ${networkVacancies(f)} group by 1`;
  const found = new Map((await q.execute(ctx.db)).rows.map((r) => [r.p, Number(r.n)]));
  return periods(f.from, f.to, f.interval).map((period) => ({ period, vacancies: found.get(period) ?? 0 }));
}

/** The weeks (starting Monday) or months that overlap [from, to], by their first day. */
export function periods(from: string, to: string, interval: 'week' | 'month'): string[] {
  const out: string[] = [];
  const start = new Date(`${from}T00:00:00Z`);
  if (interval === 'month') start.setUTCDate(1);
  else start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  const end = new Date(`${to}T00:00:00Z`);
  for (const d = start; d <= end && out.length < 1000; ) {
    out.push(d.toISOString().slice(0, 10));
    if (interval === 'month') d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCDate(d.getUTCDate() + 7);
  }
  return out;
}

export interface EmergingSkill {
  skillId: string;
  vacancies: number;
  baseline: number;
  /** (period − baseline) / baseline; null when the skill was not asked for in the baseline (new). */
  growth: number | null;
}

/**
 * Skills asked for more in the period than in the baseline period, with at least `min` vacancies
 * in the period: new skills first (no baseline), then by growth, then by count.
 */
export async function emerging(ctx: AppContext, f: Filters): Promise<EmergingSkill[]> {
  const [now, before] = await Promise.all([
    skillCounts(ctx, f, f.from, f.to, null),
    skillCounts(ctx, f, f.baselineFrom, f.baselineTo, null),
  ]);
  const base = new Map(before.map((s) => [s.skillId, s.vacancies]));
  return now
    .filter((s) => s.vacancies >= f.min && s.vacancies > (base.get(s.skillId) ?? 0))
    .map((s) => {
      const b = base.get(s.skillId) ?? 0;
      return { skillId: s.skillId, vacancies: s.vacancies, baseline: b, growth: b === 0 ? null : (s.vacancies - b) / b };
    })
    .sort(
      (a, b) =>
        (a.growth === null ? 0 : 1) - (b.growth === null ? 0 : 1) ||
        (b.growth ?? 0) - (a.growth ?? 0) ||
        b.vacancies - a.vacancies ||
        a.skillId.localeCompare(b.skillId),
    )
    .slice(0, f.limit);
}

export interface SkillPair {
  skillA: string;
  skillB: string;
  vacancies: number;
}

/**
 * Skills asked for together by one vacancy, in the months the period touches (a period that is not
 * whole months counts its first and last month whole: the pairs are kept per month, not per day),
 * by province: with a skill chosen, the skills that go with it; else the most frequent pairs.
 */
export async function cooccurrence(ctx: AppContext, f: Filters): Promise<SkillPair[]> {
  const skill = f.skill;
  const province = f.province ?? '*';
  // The default dates: the pairs added up at the refresh (a year of pairs is too many rows per request).
  const window = skill ? null : await pairsWindow(ctx);
  if (window && window.from === f.from && window.to === f.to) {
    const rows = await sql<{ a: string; b: string; n: number }>`select t.skill_a as a, t.skill_b as b, t.vacancies as n
      from insight_cooccurrence_window t where t.province = ${province}
      order by t.vacancies desc, 1, 2 limit ${f.limit}`.execute(ctx.db);
    return rows.rows.map((r) => ({ skillA: r.a, skillB: r.b, vacancies: Number(r.n) }));
  }
  const months = monthsTouched(f.from, f.to);
  if (skill) {
    // The pairs of one skill: it is skill_a or skill_b (the smaller id first), each read by its index.
    const rows = await sql<{ a: string; b: string; n: number }>`select t.a, t.b, sum(t.n)::int as n from (
        select skill_a as a, skill_b as b, vacancies as n from insight_cooccurrence_network_monthly
        where province = ${province} and skill_a = ${skill} and month >= ${months[0]}::date and month <= ${months[months.length - 1]}::date
        union all
        select skill_a, skill_b, vacancies from insight_cooccurrence_network_monthly
        where province = ${province} and skill_b = ${skill} and month >= ${months[0]}::date and month <= ${months[months.length - 1]}::date
      ) t group by 1, 2 order by n desc, 1, 2 limit ${f.limit}`.execute(ctx.db);
    return rows.rows.map((r) => ({ skillA: r.a, skillB: r.b, vacancies: Number(r.n) }));
  }
  return topPairs(ctx, province, months, f.limit);
}

/** The first days of the months that [from, to] touches. */
function monthsTouched(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= to && out.length < 200; m = firstOfMonth(m, 1)) out.push(m);
  return out;
}

/** How deep the first round reads each month; below FULL_ROWS pairs in the months, they are simply added up. */
const FIRST_DEPTH = 64;
const FULL_ROWS = 40_000;
const MAX_CANDIDATES = 10_000;

/**
 * The most frequent pairs over several months, exactly, without adding up every pair of every month
 * (a year is millions of rows at a million vacancies): the threshold algorithm (Fagin et al.). Each
 * round reads each month's `depth` most frequent pairs (index insight_cooccurrence_network_top_idx),
 * adds up the pairs seen over all the months (their own rows, by key), and stops when the `limit`-th
 * of them outnumbers the sum of each month's least count read: a pair not seen in a month has at
 * most that count there, so an unseen pair ranks below. Else it reads four times deeper. Months that
 * hold few pairs in the province (counted up to FULL_ROWS; the refresh records how many all
 * provinces hold in insight_refreshes.rows), or counts so flat that the rounds would read about as
 * much, are added up whole instead.
 */
export async function topPairs(
  ctx: AppContext,
  province: string,
  months: string[],
  limit: number,
  options: { firstDepth?: number } = {},
): Promise<SkillPair[]> {
  // A first depth given (the tests): the rounds however small the months, never the whole sum.
  const rounds = options.firstDepth !== undefined;
  const monthList = sql.join(months.map((m) => sql`${m}::date`));
  const held = await sql<{ n: number | null }>`select sum(rows)::int as n from insight_refreshes
    where partition in (${sql.join(months.map((m) => `network:${m}`))})`.execute(ctx.db);
  const size = Number(held.rows[0]?.n ?? 0);
  const full = async () => {
    const rows = await sql<{ a: string; b: string; n: number }>`select t.skill_a as a, t.skill_b as b, sum(t.vacancies)::int as n
      from insight_cooccurrence_network_monthly t where t.province = ${province} and t.month in (${monthList})
      group by 1, 2 order by n desc, 1, 2 limit ${limit}`.execute(ctx.db);
    return rows.rows.map((r) => ({ skillA: r.a, skillB: r.b, vacancies: Number(r.n) }));
  };
  if (!rounds && size <= FULL_ROWS) return full();
  if (!rounds && province !== '*') {
    // `size` counts all provinces: how many pairs the months hold in this one, counted up to FULL_ROWS (an index range).
    const few = await sql<{ n: number }>`select count(*)::int as n from (select 1 from insight_cooccurrence_network_monthly t
      where t.province = ${province} and t.month in (${monthList}) limit ${FULL_ROWS + 1}) x`.execute(ctx.db);
    if (Number(few.rows[0]?.n ?? 0) <= FULL_ROWS) return full();
  }
  for (let depth = options.firstDepth ?? Math.max(FIRST_DEPTH, 2 * limit); ; depth *= 4) {
    const seen = await sql<{ month: string; a: string; b: string; n: number }>`select to_char(m.month, 'YYYY-MM-DD') as month,
        t.skill_a as a, t.skill_b as b, t.vacancies as n
      from (values ${sql.join(months.map((m) => sql`(${m}::date)`))}) m(month)
        cross join lateral (select p.skill_a, p.skill_b, p.vacancies from insight_cooccurrence_network_monthly p
          where p.province = ${province} and p.month = m.month order by p.vacancies desc limit ${depth}) t`.execute(ctx.db);
    const perMonth = new Map<string, { count: number; least: number }>();
    const candidates = new Map<string, [string, string]>();
    for (const r of seen.rows) {
      const m = perMonth.get(r.month) ?? { count: 0, least: Number.POSITIVE_INFINITY };
      m.count++;
      m.least = Math.min(m.least, Number(r.n));
      perMonth.set(r.month, m);
      candidates.set(`${r.a}|${r.b}`, [r.a, r.b]);
    }
    // A month that gave fewer than `depth` pairs gave them all: an unseen pair has none there.
    let threshold = 0;
    for (const m of perMonth.values()) if (m.count >= depth) threshold += m.least;
    if (candidates.size === 0) return [];
    // Flat counts (the rounds would read about as much as the sum), or more pairs than a statement's
    // parameters hold comfortably (two each; PostgreSQL takes 65,535): the whole sum.
    if (threshold > 0 && (candidates.size > MAX_CANDIDATES || (!rounds && candidates.size * months.length * 2 > size))) return full();
    const sums = await sql<{ a: string; b: string; n: number }>`select k.a, k.b, sum(t.vacancies)::int as n
      from (values ${sql.join([...candidates.values()].map(([a, b]) => sql`(${a}::uuid, ${b}::uuid)`))}) k(a, b)
        join insight_cooccurrence_network_monthly t on t.province = ${province} and t.skill_a = k.a and t.skill_b = k.b
          and t.month in (${monthList})
      group by 1, 2`.execute(ctx.db);
    const ranked = sums.rows
      .map((r) => ({ skillA: String(r.a), skillB: String(r.b), vacancies: Number(r.n) }))
      .sort(byCount)
      .slice(0, limit);
    if (threshold === 0 || (ranked.length === limit && ranked[limit - 1].vacancies > threshold)) return ranked;
  }
}

/** Most vacancies first, then by the ids (as the SQL orders them: uuids compare as their text). */
const byCount = (x: SkillPair, y: SkillPair) =>
  y.vacancies - x.vacancies ||
  (x.skillA < y.skillA ? -1 : x.skillA > y.skillA ? 1 : x.skillB < y.skillB ? -1 : x.skillB > y.skillB ? 1 : 0);
