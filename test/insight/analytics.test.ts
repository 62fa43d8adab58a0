import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import { cooccurrence, emerging, skillCounts, trend, vacancyTotal } from '../../src/insight/demand.ts';
import { readFilters } from '../../src/insight/filters.ts';
import { gaps } from '../../src/insight/gaps.ts';
import { refreshDemand, refreshSupply } from '../../src/insight/rollups.ts';
import { peopleHolding, supplyByProvince, supplyCounts } from '../../src/insight/supply.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Dataset, insertVacancies, seedDataset } from './dataset.ts';

const PERIOD = { from: '2026-03-01', to: '2026-05-31' };

describeEachDatabase('insight analytics on a generated network with known answers', (ctx) => {
  let d: Dataset;
  const filters = (input: Record<string, string> = {}) => readFilters(ctx(), null, { ...PERIOD, ...input });
  const counts = (rows: { skillId: string; vacancies: number }[]) => Object.fromEntries(rows.map((r) => [name(r.skillId), r.vacancies]));
  const name = (id: string) => Object.entries(d.skills).find(([, v]) => v === id)?.[0] ?? id;

  beforeAll(async () => {
    d = await seedDataset(ctx());
    const first = await refreshDemand(ctx());
    expect(first.rebuilt).toBe(first.partitions);
    await refreshSupply(ctx());
  });

  test('vacancies per skill in a period, whole months (monthly rollup) and by municipality (daily rollup)', async () => {
    expect(counts(await skillCounts(ctx(), await filters()))).toEqual({ s1: 10, s2: 6, s3: 5, s4: 3 });
    expect(await vacancyTotal(ctx(), await filters())).toBe(21);
    expect(counts(await skillCounts(ctx(), await filters({ province: 'Utrecht' })))).toEqual({ s1: 10, s2: 4, s4: 3 });
    expect(counts(await skillCounts(ctx(), await filters({ municipality: 'oss' })))).toEqual({ s3: 5, s2: 2 });
    // Days that are not whole months read the daily rollup: April 10 … May 20.
    expect(counts(await skillCounts(ctx(), await filters({ from: '2026-04-10', to: '2026-05-20' })))).toEqual({ s1: 6, s2: 2, s3: 5 });
    expect((await skillCounts(ctx(), await filters({ limit: '2' }))).map((r) => name(r.skillId))).toEqual(['s1', 's2']);
  });

  test('the network daily table: a municipality, and the days at either end of whole months', async () => {
    // January 5–31 by day, February–April by month, May 1–20 by day.
    expect(counts(await skillCounts(ctx(), await filters({ from: '2026-01-05', to: '2026-05-20' })))).toEqual({ s1: 12, s2: 12, s3: 5 });
    expect(counts(await skillCounts(ctx(), await filters({ from: '2026-02-01', to: '2026-05-30' })))).toEqual({ s1: 10, s2: 12, s3: 5 });
    expect(counts(await skillCounts(ctx(), await filters({ from: '2026-05-12', to: '2026-05-20' })))).toEqual({ s1: 3, s2: 2 });
    expect(counts(await skillCounts(ctx(), await filters({ from: '2026-02-10', to: '2026-04-15', province: 'Noord-Brabant' })))).toEqual({
      s2: 6,
      s3: 5,
    });
    expect(counts(await skillCounts(ctx(), await filters({ from: '2026-01-05', to: '2026-05-20', skill: d.skills.s1 })))).toEqual({
      s1: 12,
    });
    expect(counts(await skillCounts(ctx(), await filters({ municipality: 'OSS', province: 'Noord-Brabant' })))).toEqual({ s3: 5, s2: 2 });
    expect(await skillCounts(ctx(), await filters({ municipality: 'Oss', province: 'Utrecht' }))).toEqual([]);
    expect(await vacancyTotal(ctx(), await filters({ municipality: 'oss' }))).toBe(7);
    expect((await trend(ctx(), await filters({ municipality: 'Oss' }))).map((p) => p.vacancies)).toEqual([0, 5, 2]);
  });

  test('network months whose fingerprint is stale (a refresh killed between the two steps, or built before the daily tables) are caught up', async () => {
    const before = counts(await skillCounts(ctx(), await filters({ municipality: 'oss' })));
    const rows = async () =>
      Number(
        (
          await sql<{
            n: number;
          }>`select (select count(*) from insight_demand_network_daily) + (select count(*) from insight_vacancies_network_municipal_daily) as n`.execute(
            ctx().db,
          )
        ).rows[0].n,
      );
    const built = await rows();
    await sql`delete from insight_demand_network_daily`.execute(ctx().db);
    await sql`delete from insight_vacancies_network_municipal_daily`.execute(ctx().db);
    await sql`update insight_refreshes set fingerprint = 'stale' where partition like 'network:%'`.execute(ctx().db);
    expect(await skillCounts(ctx(), await filters({ municipality: 'oss' }))).toEqual([]);
    expect((await refreshDemand(ctx())).rebuilt).toBe(0);
    expect(counts(await skillCounts(ctx(), await filters({ municipality: 'oss' })))).toEqual(before);
    expect(await rows()).toBe(built);
    await refreshDemand(ctx());
    expect(await rows()).toBe(built);
  });

  test('trends by month and by week, with periods without vacancies as 0', async () => {
    expect(await trend(ctx(), await filters())).toEqual([
      { period: '2026-03-01', vacancies: 5 },
      { period: '2026-04-01', vacancies: 8 },
      { period: '2026-05-01', vacancies: 8 },
    ]);
    expect((await trend(ctx(), await filters({ skill: d.skills.s1 }))).map((p) => p.vacancies)).toEqual([4, 3, 3]);
    const weeks = await trend(ctx(), await filters({ interval: 'week' }));
    expect(weeks[0]).toEqual({ period: '2026-02-23', vacancies: 0 });
    expect(weeks.find((w) => w.period === '2026-03-02')?.vacancies).toBe(5);
    expect(weeks.reduce((n, w) => n + w.vacancies, 0)).toBe(21);
  });

  test('emerging skills: new ones first, then by growth against the baseline; at least the minimum count', async () => {
    const list = await emerging(ctx(), await filters());
    expect(list.map((s) => [name(s.skillId), s.vacancies, s.baseline, s.growth])).toEqual([
      ['s3', 5, 0, null],
      ['s1', 10, 2, 4],
    ]);
    expect((await emerging(ctx(), await filters({ min: '6' }))).map((s) => name(s.skillId))).toEqual(['s1']);
    expect((await emerging(ctx(), await filters({ min: '1' }))).map((s) => name(s.skillId))).toEqual(['s3', 's4', 's1']);
  });

  test('skills that go together', async () => {
    const pairs = await cooccurrence(ctx(), await filters());
    expect(pairs).toHaveLength(1);
    expect([pairs[0].skillA, pairs[0].skillB].sort()).toEqual([d.skills.s1, d.skills.s2].sort());
    expect(pairs[0].vacancies).toBe(4);
    expect(await cooccurrence(ctx(), await filters({ province: 'Noord-Brabant' }))).toEqual([]);
  });

  test('supply counts people with valid badges once each and never shows a cell of fewer than 5', async () => {
    const supply = Object.fromEntries(
      (await supplyCounts(ctx(), { province: null, municipality: null, skillIds: null }, null)).map((s) => [name(s.skillId), s.people]),
    );
    // X: 7 people (one under two addresses); revoked, suspended and expired left out. Y: 4 → hidden.
    expect(supply).toEqual({ s1: 7, s2: null, s3: 5 });
    const byProvince = await supplyByProvince(ctx(), { skillIds: [d.skills.s1] });
    // Utrecht's 5 is hidden too: else the total 7 minus Utrecht's 5 tells the hidden 2 (suppression.test.ts).
    expect(byProvince).toEqual([
      { province: '', people: null },
      { province: 'Utrecht', people: null },
    ]);
    expect(await peopleHolding(ctx(), { province: null, municipality: null, skillIds: [d.skills.s1, d.skills.s3] })).toBe(12);
    expect(await peopleHolding(ctx(), { province: 'Utrecht', municipality: null, skillIds: [d.skills.s2] })).toBeNull();
  });

  test('gaps ranked, a hidden supply counted as none, with what teaches each skill or nothing yet', async () => {
    const list = await gaps(ctx(), null, await filters());
    expect(list.map((g) => [name(g.skillId), g.demand, g.supply, g.gap])).toEqual([
      ['s2', 6, null, 6],
      ['s1', 10, 7, 3],
      ['s4', 3, null, 3],
    ]);
    expect(list[0].badges.map((b) => b.id)).toEqual([d.badges.y]);
    expect(list[1].badges.map((b) => b.id)).toEqual([d.badges.x]);
    expect(list[2].badges).toEqual([]);
    expect(list[2].pathways).toEqual([]);
    expect(list[2].themes).toEqual([]);
  });

  test('a second refresh rebuilds nothing; a changed month only that month; a killed refresh leaves the partition as it was', async () => {
    expect((await refreshDemand(ctx())).rebuilt).toBe(0);
    const [id] = await insertVacancies(ctx(), d.organisationId, [
      { day: '2026-04-11', municipality: 'Utrecht', province: 'Utrecht', skills: [d.skills.s4] },
    ]);
    expect((await refreshDemand(ctx())).rebuilt).toBe(1);
    expect(counts(await skillCounts(ctx(), await filters())).s4).toBe(4);
    // A refresh killed inside its transaction (here: a failing statement) rolls the partition back whole.
    await sql`delete from vacancies where id = ${id}`.execute(ctx().db);
    const before = counts(await skillCounts(ctx(), await filters()));
    await expect(
      ctx()
        .db.transaction()
        .execute(async (trx) => {
          await sql`delete from insight_demand_daily where organisation_id = ${d.organisationId}`.execute(trx);
          throw new Error('killed');
        }),
    ).rejects.toThrow('killed');
    expect(counts(await skillCounts(ctx(), await filters()))).toEqual(before);
    expect((await refreshDemand(ctx())).rebuilt).toBe(1);
    expect(counts(await skillCounts(ctx(), await filters())).s4).toBe(3);
    // Everything gone: the partitions are dropped.
    await sql`delete from vacancies where organisation_id = ${d.organisationId}`.execute(ctx().db);
    const report = await refreshDemand(ctx(), { organisationId: d.organisationId });
    expect(report.dropped).toBeGreaterThan(0);
    expect(await skillCounts(ctx(), await filters())).toEqual([]);
  });
});

describe('filters', () => {
  test('are checked with coded errors naming the field', async () => {
    const ctx = {} as never;
    await expect(readFilters(ctx, null, { from: '2026-13-01' })).rejects.toMatchObject({ code: 'insight:errors.badDate', field: 'from' });
    await expect(readFilters(ctx, null, { from: '2026-05-01', to: '2026-04-01' })).rejects.toMatchObject({
      code: 'insight:errors.badPeriod',
      field: 'from',
    });
    await expect(readFilters(ctx, null, { interval: 'day' })).rejects.toMatchObject({ field: 'interval' });
    await expect(readFilters(ctx, null, { province: 'Bavaria' })).rejects.toMatchObject({ field: 'province' });
    await expect(readFilters(ctx, null, { limit: '0' })).rejects.toMatchObject({ field: 'limit' });
  });
  test('default to the twelve whole months up to today, and the baseline to as many months before', async () => {
    const f = await readFilters({} as never, null, {}, new Date('2026-12-07T10:00:00Z'));
    expect([f.from, f.to, f.baselineFrom, f.baselineTo]).toEqual(['2026-01-01', '2026-12-31', '2025-01-01', '2025-12-31']);
    const g = await readFilters({} as never, null, PERIOD);
    expect([g.baselineFrom, g.baselineTo]).toEqual(['2025-12-01', '2026-02-28']);
  });
});
