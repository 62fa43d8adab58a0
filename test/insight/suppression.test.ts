import { sql } from 'kysely';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Filters } from '../../src/insight/filters.ts';
import { peopleHolding, protectGroup, SMALL_CELL, supplyByProvince, supplyCounts } from '../../src/insight/supply.ts';
import { runView, toCsv } from '../../src/insight/views.ts';
import { describeEachDatabase } from '../helpers/db.ts';

/**
 * Small-cell suppression that subtraction cannot beat (issue 12): a hidden cell is never the only
 * hidden one of a group that adds up to a shown total, and the hidden ones of a group never add up
 * to fewer than 5. Known answers on a supply rollup written by hand.
 */

describe('protectGroup: complementary suppression of one group', () => {
  const run = (cells: [string, number][]) => Object.fromEntries(protectGroup(cells.map(([key, n]) => ({ key, n }))));

  test('nothing small: all shown', () => {
    expect(
      run([
        ['a', 12],
        ['b', 5],
      ]),
    ).toEqual({ a: 12, b: 5 });
  });
  test('one small cell: the next smallest is hidden too', () => {
    expect(
      run([
        ['a', 12],
        ['b', 4],
        ['c', 9],
      ]),
    ).toEqual({ a: 12, b: null, c: null });
  });
  test('two small cells that add up to fewer than 5: one more', () => {
    expect(
      run([
        ['a', 6],
        ['b', 1],
        ['c', 1],
        ['d', 30],
      ]),
    ).toEqual({ a: null, b: null, c: null, d: 30 });
  });
  test('two small cells that add up to 5 or more: enough', () => {
    expect(
      run([
        ['a', 6],
        ['b', 4],
        ['c', 2],
      ]),
    ).toEqual({ a: 6, b: null, c: null });
  });
  test('one small cell alone in its group: hidden (its total is then small too)', () => {
    expect(run([['a', 3]])).toEqual({ a: null });
  });
  test('property: no group ever has exactly one hidden cell, nor hidden cells adding up to fewer than 5', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let round = 0; round < 500; round++) {
      const cells = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({ key: i, n: 1 + Math.floor(random() * 15) }));
      const shown = protectGroup(cells);
      const hidden = cells.filter((c) => shown.get(c.key) === null);
      for (const c of cells) if (c.n < SMALL_CELL) expect(shown.get(c.key)).toBeNull();
      if (hidden.length === 0) continue;
      // The attacker knows the total and the shown cells: the hidden ones' sum, never one cell.
      // (All hidden and fewer than 5 in all: the total is hidden itself.)
      if (hidden.length === cells.length && cells.reduce((n, c) => n + c.n, 0) < SMALL_CELL) continue;
      expect(hidden.length).toBeGreaterThanOrEqual(2);
      expect(hidden.reduce((n, c) => n + c.n, 0)).toBeGreaterThanOrEqual(SMALL_CELL);
    }
  });
});

describeEachDatabase('supply: a hidden cell cannot be got back by subtraction', (ctx) => {
  const skill: Record<'a' | 'b' | 'c', string> = {} as never;
  const f = (over: Partial<Filters>): Filters => ({ province: null, municipality: null, skillIds: null, limit: 20, ...over }) as Filters;
  const people = async (over: Partial<Filters>, id: string) =>
    (await supplyCounts(ctx(), f({ ...over, skillIds: [id] }), null)).find((r) => r.skillId === id)?.people;

  beforeAll(async () => {
    for (const k of ['a', 'b', 'c'] as const) {
      const { rows } = await sql<{ id: string }>`insert into skills (source, kind, name, status)
        values ('local', 'skill', ${JSON.stringify({ nl: `Vaardigheid ${k}`, en: `Skill ${k}` })}::jsonb, 'published') returning id`.execute(
        ctx().db,
      );
      skill[k] = rows[0].id;
    }
    const cells: [string, string, string, number][] = [
      // a: 25 people — Utrecht 12, Noord-Brabant 4 (small), Gelderland 9 (all in Arnhem).
      [skill.a, 'Utrecht', 'Utrecht', 12],
      [skill.a, 'Oss', 'Noord-Brabant', 4],
      [skill.a, 'Arnhem', 'Gelderland', 9],
      // b: 8 people — Utrecht 6, Gelderland 1, Zeeland 1.
      [skill.b, 'Utrecht', 'Utrecht', 6],
      [skill.b, 'Arnhem', 'Gelderland', 1],
      [skill.b, 'Middelburg', 'Zeeland', 1],
      // c: 20 people in Utrecht — Utrecht 11, Amersfoort 6, Zeist 3.
      [skill.c, 'Utrecht', 'Utrecht', 11],
      [skill.c, 'Amersfoort', 'Utrecht', 6],
      [skill.c, 'Zeist', 'Utrecht', 3],
    ];
    for (const [id, municipality, province, n] of cells)
      await sql`insert into insight_supply (skill_id, municipality, province, people) values (${id}, ${municipality}, ${province}, ${n})`.execute(
        ctx().db,
      );
    // Any skill, per province: Utrecht 30, Noord-Brabant 3, no region given 7.
    for (const [province, n] of [
      ['Utrecht', 30],
      ['Noord-Brabant', 3],
      ['', 7],
    ] as const)
      await sql`insert into insight_supply_provinces (province, people) values (${province}, ${n})`.execute(ctx().db);
  });

  test('the subtraction attack: total minus the provinces shown no longer gives a hidden province', async () => {
    const total = await people({}, skill.a);
    expect(total).toBe(25);
    const regions = await supplyByProvince(ctx(), { skillIds: [skill.a] });
    // Without the second hidden cell, 25 − 12 − 9 = 4 would be Noord-Brabant's.
    expect(regions).toEqual([
      { province: 'Utrecht', people: 12 },
      { province: 'Gelderland', people: null },
      { province: 'Noord-Brabant', people: null },
    ]);
    const shown = regions.reduce((n, r) => n + (r.people ?? 0), 0);
    const hidden = regions.filter((r) => r.people === null);
    expect(hidden.length).toBe(2);
    expect((total as number) - shown).toBe(13); // the sum of two cells, not one
  });

  test('two ones and a six: all three hidden, the total still shown', async () => {
    expect(await people({}, skill.b)).toBe(8);
    expect(await supplyByProvince(ctx(), { skillIds: [skill.b] })).toEqual([
      { province: 'Gelderland', people: null },
      { province: 'Utrecht', people: null },
      { province: 'Zeeland', people: null },
    ]);
  });

  test('a cell hidden in one view is hidden in every view: a province filter, a municipality filter', async () => {
    // Gelderland's 9 for a, hidden to protect Noord-Brabant, is not shown by filtering on Gelderland or Arnhem.
    expect(await people({ province: 'Gelderland' }, skill.a)).toBeNull();
    expect(await people({ municipality: 'arnhem' }, skill.a)).toBeNull();
    expect(await people({ province: 'Utrecht' }, skill.a)).toBe(12);
    expect(await people({ province: 'Utrecht' }, skill.b)).toBeNull();
    expect(await peopleHolding(ctx(), f({ province: 'Gelderland', skillIds: [skill.a] }))).toBeNull();
    expect(await peopleHolding(ctx(), f({ skillIds: [skill.a] }))).toBeNull(); // no holders written: 0, hidden
  });

  test("a province's municipalities add up to its cell: Zeist's 3 protected by Amersfoort", async () => {
    expect(await people({ province: 'Utrecht' }, skill.c)).toBe(20);
    expect(await people({ municipality: 'Utrecht' }, skill.c)).toBe(11);
    expect(await people({ municipality: 'Amersfoort' }, skill.c)).toBeNull();
    expect(await people({ municipality: 'zeist', province: 'Utrecht' }, skill.c)).toBeNull();
    // A province filter lists its skills: shown counts first, hidden ones after.
    const inUtrecht = await supplyCounts(ctx(), f({ province: 'Utrecht' }), null);
    expect(inUtrecht.map((r) => [r.skillId, r.people])).toEqual([
      [skill.c, 20],
      [skill.a, 12],
      [skill.b, null],
    ]);
  });

  test('any skill by province: the small cell and the next smallest hidden', async () => {
    expect(await supplyByProvince(ctx(), { skillIds: null })).toEqual([
      { province: 'Utrecht', people: 30 },
      { province: '', people: null },
      { province: 'Noord-Brabant', people: null },
    ]);
  });

  test('the page, the CSV, the JSON and the chart read the same hidden cells', async () => {
    const regions = await runView(ctx(), null, 'regions', f({ skillIds: [skill.a], limit: 20 }), 'nl');
    expect(regions.rows).toEqual([
      { province: 'Utrecht', people: 12 },
      { province: 'Gelderland', people: null },
      { province: 'Noord-Brabant', people: null },
    ]);
    const csv = toCsv(regions);
    expect(csv).toContain('Gelderland,hidden');
    expect(csv).not.toContain('9');
    const supply = await runView(ctx(), null, 'supply', f({ province: 'Gelderland', limit: 20 }), 'nl');
    expect(supply.rows.map((r) => r.people)).toEqual([null, null]);
  });
});
