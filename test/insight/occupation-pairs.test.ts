/**
 * The network's occupation tables (70-insight-008) and skills that go together over any dates
 * (the threshold algorithm over the network's monthly pairs): known answers on both databases,
 * every figure also compared with the same question asked of the raw vacancies; and the occupation
 * tables' build run twice, caught up after a stale or killed run.
 */
import { sql } from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import { createOrganisation } from '../../src/accounts/api.ts';
import { cooccurrence, skillCounts, topPairs, trend, vacancyTotal } from '../../src/insight/demand.ts';
import { type FilterInput, readFilters } from '../../src/insight/filters.ts';
import { refreshDemand, refreshDemandPartition } from '../../src/insight/rollups.ts';
import { demandPartitions } from '../../src/labour-market/api.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { insertEscoSkills } from '../skills/library/helpers.ts';
import { insertVacancies, type VacancySpec } from './dataset.ts';

const U = { municipality: 'Utrecht', province: 'Utrecht' };
const O = { municipality: 'Oss', province: 'Noord-Brabant' };
const many = (n: number, spec: VacancySpec): VacancySpec[] => Array.from({ length: n }, () => ({ ...spec }));

describeEachDatabase('insight: the occupation tables and skills that go together over any dates', (ctx) => {
  let s: Record<'s1' | 's2' | 's3' | 's4' | 's5', string>;
  let welder: string;
  let nurse: string;
  let orgA: string;
  let orgB: string;
  const filters = (input: FilterInput) => readFilters(ctx(), null, input);
  const name = (id: string) => Object.entries(s).find(([, v]) => v === id)?.[0] ?? id;
  const counts = (rows: { skillId: string; vacancies: number }[]) => Object.fromEntries(rows.map((r) => [name(r.skillId), r.vacancies]));
  const day = sql`(coalesce(v.date_posted, v.first_seen_at) at time zone 'UTC')::date`;

  /** The same question asked of vacancies ⋈ vacancy_skills. */
  async function rawSkillCounts(input: { occupation: string; from: string; to: string; province?: string; municipality?: string }) {
    const rows = await sql<{ skill_id: string; n: number }>`select s.skill_id, count(*)::int as n
      from vacancies v join vacancy_skills s on s.vacancy_id = v.id
      where v.occupation_id = ${input.occupation} and ${day} >= ${input.from}::date and ${day} <= ${input.to}::date
        ${input.province ? sql`and v.province = ${input.province}` : sql``}
        ${input.municipality ? sql`and lower(v.municipality) = lower(${input.municipality})` : sql``}
      group by 1`.execute(ctx().db);
    return Object.fromEntries(rows.rows.map((r) => [name(r.skill_id), Number(r.n)]));
  }

  async function rawTotal(input: { occupation: string; from: string; to: string; municipality?: string }) {
    const rows = await sql<{ n: number }>`select count(*)::int as n from vacancies v
      where v.occupation_id = ${input.occupation} and ${day} >= ${input.from}::date and ${day} <= ${input.to}::date
        ${input.municipality ? sql`and lower(v.municipality) = lower(${input.municipality})` : sql``}`.execute(ctx().db);
    return Number(rows.rows[0].n);
  }

  /**
   * Pairs counted from the raw vacancies over the months [from, to] touches: the pairs are kept per
   * month, so a period that is not whole months counts its first and last month whole (documented).
   */
  async function rawPairs(input: { from: string; to: string; province?: string; skill?: string; limit: number }) {
    const rows = await sql<{ a: string; b: string; n: number }>`select a.skill_id as a, b.skill_id as b, count(*)::int as n
      from vacancies v
        join vacancy_skills a on a.vacancy_id = v.id
        join vacancy_skills b on b.vacancy_id = v.id and a.skill_id < b.skill_id
      where ${day} >= ${`${input.from.slice(0, 7)}-01`}::date
        and ${day} < (date_trunc('month', ${input.to}::date) + interval '1 month')::date
        ${input.province ? sql`and v.province = ${input.province}` : sql``}
        ${input.skill ? sql`and (a.skill_id = ${input.skill} or b.skill_id = ${input.skill})` : sql``}
      group by 1, 2 order by n desc, 1, 2 limit ${input.limit}`.execute(ctx().db);
    return rows.rows.map((r) => ({ skillA: r.a, skillB: r.b, vacancies: Number(r.n) }));
  }

  const occupationRows = async () =>
    Number(
      (
        await sql<{ n: number }>`select (select count(*) from insight_demand_occupation_monthly)
          + (select count(*) from insight_demand_occupation_daily) + (select count(*) from insight_vacancies_occupation_daily) as n`.execute(
          ctx().db,
        )
      ).rows[0].n,
    );

  beforeAll(async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const ids = await insertEscoSkills(
      ctx(),
      [1, 2, 3, 4, 5].map((i) => ({
        uri: `http://example.org/occ-s${i}-${tag}`,
        name: { en: `Skill ${i} ${tag}`, nl: `Vaardigheid ${i} ${tag}` },
      })),
    );
    const [s1, s2, s3, s4, s5] = Object.values(ids);
    s = { s1, s2, s3, s4, s5 };
    const occupation = async (en: string) =>
      (
        await sql<{ id: string }>`insert into occupations (name) values (${JSON.stringify({ en, nl: en })}::jsonb) returning id`.execute(
          ctx().db,
        )
      ).rows[0].id;
    welder = await occupation(`welder ${tag}`);
    nurse = await occupation(`nurse ${tag}`);
    orgA = (await createOrganisation(ctx().db, { slug: `occ-a-${tag}`, name: `A ${tag}`, kind: 'network', description: 'x' })).id;
    orgB = (await createOrganisation(ctx().db, { slug: `occ-b-${tag}`, name: `B ${tag}`, kind: 'network', description: 'x' })).id;
    // Welder: two organisations, March–May 2026, Utrecht and Oss; nurse: April; some without an occupation.
    await insertVacancies(ctx(), orgA, [
      ...many(3, { day: '2026-03-02', ...U, skills: [s1, s2], occupation: welder }),
      ...many(2, { day: '2026-03-20', ...O, skills: [s1, s3], occupation: welder }),
      ...many(4, { day: '2026-04-10', ...U, skills: [s1, s2, s3], occupation: welder }),
      { day: '2026-04-11', ...U, skills: [], occupation: welder },
      ...many(2, { day: '2026-05-12', ...O, skills: [s2, s4], occupation: welder }),
      ...many(3, { day: '2026-04-15', ...U, skills: [s4, s5], occupation: nurse }),
      ...many(5, { day: '2026-03-25', ...U, skills: [s4, s5] }),
    ]);
    await insertVacancies(ctx(), orgB, [
      ...many(2, { day: '2026-03-05', ...U, skills: [s1, s2], occupation: welder }),
      ...many(3, { day: '2026-05-28', ...O, skills: [s3, s5], occupation: welder }),
      ...many(2, { day: '2026-04-30', ...O, skills: [s2, s5], occupation: nurse }),
      ...many(6, { day: '2026-05-02', ...U, skills: [s1, s2] }),
    ]);
    const first = await refreshDemand(ctx());
    expect(first.rebuilt).toBe(first.partitions);
  });

  test('an occupation: vacancies per skill, the total and the trend, equal to the raw count (whole months, days, a province, a municipality)', async () => {
    const whole = { occupation: welder, from: '2026-03-01', to: '2026-05-31' };
    // Known: s1 3+2+4+2 = 11, s2 3+4+2+2 = 11, s3 2+4+3 = 9, s4 2, s5 3; 17 welder vacancies (one without skills).
    expect(counts(await skillCounts(ctx(), await filters(whole)))).toEqual({ s1: 11, s2: 11, s3: 9, s4: 2, s5: 3 });
    expect(await vacancyTotal(ctx(), await filters(whole))).toBe(17);
    expect(counts(await skillCounts(ctx(), await filters({ ...whole, occupation: nurse })))).toEqual({ s4: 3, s5: 5, s2: 2 });
    const cases: { from: string; to: string; province?: string; municipality?: string }[] = [
      { from: '2026-03-01', to: '2026-05-31' },
      { from: '2026-03-01', to: '2026-04-30', province: 'Utrecht' },
      { from: '2026-03-01', to: '2026-05-31', province: 'Noord-Brabant' },
      { from: '2026-03-03', to: '2026-05-27' },
      { from: '2026-03-20', to: '2026-04-10', province: 'Utrecht' },
      { from: '2026-04-11', to: '2026-05-12' },
      { from: '2026-02-01', to: '2026-05-31', municipality: 'OSS' },
      { from: '2026-03-05', to: '2026-04-30', municipality: 'utrecht', province: 'Utrecht' },
    ];
    for (const occupation of [welder, nurse])
      for (const c of cases) {
        const f = await filters({ ...c, occupation, limit: '200' });
        expect(counts(await skillCounts(ctx(), f)), JSON.stringify(c)).toEqual(await rawSkillCounts({ occupation, ...c }));
        if (!c.province) expect(await vacancyTotal(ctx(), f), JSON.stringify(c)).toBe(await rawTotal({ occupation, ...c }));
      }
    // A skill of the occupation, by month; all of its vacancies by week.
    expect((await trend(ctx(), await filters({ ...whole, skill: s.s3 }))).map((p) => p.vacancies)).toEqual([2, 4, 3]);
    expect((await trend(ctx(), await filters(whole))).map((p) => p.vacancies)).toEqual([7, 5, 5]);
    const weeks = await trend(ctx(), await filters({ ...whole, interval: 'week', municipality: 'Oss' }));
    expect(weeks.reduce((n, w) => n + w.vacancies, 0)).toBe(await rawTotal({ ...whole, municipality: 'Oss' }));
    expect(weeks.find((w) => w.period === '2026-05-25')?.vacancies).toBe(3);
    // An occupation nobody asked for: nothing.
    expect(await skillCounts(ctx(), await filters({ ...whole, occupation: welder, province: 'Limburg' }))).toEqual([]);
  });

  test('skills that go together over dates other than the default, equal to the pairs counted from the vacancies', async () => {
    // Known, March–April: s1+s2 3+4+2 = 9, s4+s5 3+5 = 8, s1+s3 2+4 = 6, s2+s3 4, s2+s5 2.
    const pairs = await cooccurrence(ctx(), await filters({ from: '2026-03-01', to: '2026-04-30' }));
    expect(pairs.map((p) => [[name(p.skillA), name(p.skillB)].sort().join('+'), p.vacancies])).toEqual([
      ['s1+s2', 9],
      ['s4+s5', 8],
      ['s1+s3', 6],
      ['s2+s3', 4],
      ['s2+s5', 2],
    ]);
    const cases: { from: string; to: string; province?: string; skill?: string; limit?: string }[] = [
      { from: '2026-03-01', to: '2026-05-31' },
      { from: '2026-03-15', to: '2026-05-10' },
      { from: '2026-04-02', to: '2026-04-20', province: 'Utrecht' },
      { from: '2026-03-01', to: '2026-05-31', province: 'Noord-Brabant', limit: '2' },
      { from: '2026-04-01', to: '2026-05-31', skill: s.s5 },
      { from: '2025-06-01', to: '2026-05-31', skill: s.s2, province: 'Utrecht' },
    ];
    for (const c of cases) {
      const f = await filters(c);
      expect(await cooccurrence(ctx(), f), JSON.stringify(c)).toEqual(
        await rawPairs({ from: f.from, to: f.to, province: c.province, skill: c.skill, limit: f.limit }),
      );
    }
  });

  test('the threshold algorithm stops early yet gives the exact top pairs (read one pair deep per month, then deeper)', async () => {
    const months = ['2026-03-01', '2026-04-01', '2026-05-01'];
    for (const limit of [1, 2, 3, 5, 50])
      for (const depth of [1, 2, 4])
        for (const province of ['*', 'Utrecht'])
          expect(await topPairs(ctx(), province, months, limit, { firstDepth: depth }), `${limit} ${depth} ${province}`).toEqual(
            await rawPairs({ from: months[0], to: '2026-05-31', province: province === '*' ? undefined : province, limit }),
          );
    expect(await topPairs(ctx(), '*', ['2020-01-01'], 5)).toEqual([]);
  });

  test('the occupation tables: a second refresh rebuilds nothing; stale or killed network months are caught up; a changed month only that month', async () => {
    const whole = { occupation: welder, from: '2026-03-01', to: '2026-05-31' };
    const built = await occupationRows();
    const before = counts(await skillCounts(ctx(), await filters(whole)));
    expect((await refreshDemand(ctx())).rebuilt).toBe(0);
    expect(await occupationRows()).toBe(built);

    // A database built before the occupation tables (or a run killed between its two steps): stale fingerprints.
    await sql`delete from insight_demand_occupation_monthly`.execute(ctx().db);
    await sql`delete from insight_demand_occupation_daily`.execute(ctx().db);
    await sql`delete from insight_vacancies_occupation_daily`.execute(ctx().db);
    await sql`update insight_refreshes set fingerprint = 'stale' where partition like 'network:%'`.execute(ctx().db);
    expect(await skillCounts(ctx(), await filters(whole))).toEqual([]);
    expect((await refreshDemand(ctx())).rebuilt).toBe(0);
    expect(await occupationRows()).toBe(built);
    expect(counts(await skillCounts(ctx(), await filters(whole)))).toEqual(before);

    // Killed inside a network month's transaction: the month stays as it was.
    await expect(
      ctx()
        .db.transaction()
        .execute(async (trx) => {
          await sql`delete from insight_demand_occupation_monthly where month = '2026-04-01'`.execute(trx);
          await sql`delete from insight_demand_occupation_daily where day >= '2026-04-01' and day < '2026-05-01'`.execute(trx);
          throw new Error('killed');
        }),
    ).rejects.toThrow('killed');
    expect(counts(await skillCounts(ctx(), await filters(whole)))).toEqual(before);

    // Killed after the organisation's month was rebuilt, before the network's: the next run adds it up.
    await insertVacancies(ctx(), orgA, [{ day: '2026-04-20', ...O, skills: [s.s4], occupation: welder }]);
    const changed = (await demandPartitions(ctx().db, orgA)).find((p) => p.month === '2026-04-01');
    if (!changed) throw new Error('no partition');
    await refreshDemandPartition(ctx(), changed, changed.fingerprint);
    expect(counts(await skillCounts(ctx(), await filters(whole))).s4).toBe(2);
    const report = await refreshDemand(ctx());
    expect(report.rebuilt).toBe(0);
    expect(counts(await skillCounts(ctx(), await filters(whole))).s4).toBe(3);
    expect(counts(await skillCounts(ctx(), await filters(whole)))).toEqual(await rawSkillCounts(whole));
    expect(await vacancyTotal(ctx(), await filters(whole))).toBe(18);
    const after = await occupationRows();
    expect((await refreshDemand(ctx())).rebuilt).toBe(0);
    expect(await occupationRows()).toBe(after);

    // Every vacancy of the occupation gone: its rows go with the months.
    await sql`delete from vacancies where occupation_id = ${welder}`.execute(ctx().db);
    expect((await refreshDemand(ctx())).rebuilt).toBeGreaterThan(0);
    expect(await skillCounts(ctx(), await filters(whole))).toEqual([]);
    expect(await vacancyTotal(ctx(), await filters(whole))).toBe(0);
    expect(await rawTotal(whole)).toBe(0);
  });
});
