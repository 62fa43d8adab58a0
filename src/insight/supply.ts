/**
 * Supply read from the rollups: people holding each skill through a valid badge, by region where
 * they gave one. A cell of fewer than SMALL_CELL people is never shown: its count is null
 * ("fewer than 5"), in pages, exports and the API alike (primary suppression). And no hidden count
 * can be got back by subtraction: wherever cells add up to a total that is shown (a skill's
 * provinces to the skill's people, a province's municipalities to the province's cell), a group
 * with a hidden cell has at least two hidden, together at least SMALL_CELL people, the next
 * smallest cells hidden as well when needed (complementary suppression, `protectGroup`). Every
 * read of a cell goes through the same groups, so a cell hidden in one view is hidden in all.
 */
import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import type { Filters } from './filters.ts';

export const SMALL_CELL = 5;

export interface SupplyCount {
  skillId: string;
  /** People holding it; null when hidden (fewer than SMALL_CELL, or hidden to protect such a cell). */
  people: number | null;
}

/** A count as it may be shown on its own: null below SMALL_CELL. */
export const suppress = (n: number): number | null => (n >= SMALL_CELL ? n : null);

export interface Cell<K> {
  key: K;
  n: number;
}

/**
 * One group of cells that adds up to a total shown elsewhere: each cell's count as it may be shown.
 * Cells below SMALL_CELL are hidden; then, while any is hidden and fewer than two are, or the
 * hidden ones add up to fewer than SMALL_CELL (the total minus the shown cells tells their sum), the
 * smallest shown cell is hidden too (ties: the first in the order given). Cells of 0 are not
 * cells (a region nobody is in is not listed).
 */
export function protectGroup<K>(cells: readonly Cell<K>[]): Map<K, number | null> {
  const out = new Map<K, number | null>();
  const hidden = new Set<number>();
  cells.forEach((c, i) => {
    if (c.n < SMALL_CELL) hidden.add(i);
  });
  const sum = () => [...hidden].reduce((n, i) => n + cells[i].n, 0);
  while (hidden.size > 0 && (hidden.size < 2 || sum() < SMALL_CELL)) {
    let next = -1;
    cells.forEach((c, i) => {
      if (!hidden.has(i) && (next < 0 || c.n < cells[next].n)) next = i;
    });
    if (next < 0) break;
    hidden.add(next);
  }
  cells.forEach((c, i) => {
    out.set(c.key, hidden.has(i) ? null : c.n);
  });
  return out;
}

type Where = Pick<Filters, 'province' | 'municipality' | 'skillIds'>;

function where(f: Where): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.province) parts.push(sql`t.province = ${f.province}`);
  if (f.municipality) parts.push(sql`lower(t.municipality) = lower(${f.municipality})`);
  if (f.skillIds) parts.push(f.skillIds.length ? sql`t.skill_id in (${sql.join(f.skillIds)})` : sql`false`);
  return sql.join(parts, sql` and `);
}

const groupBy = <T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> => {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const list = out.get(key(r));
    if (list) list.push(r);
    else out.set(key(r), [r]);
  }
  return out;
};

/**
 * The cells (skill, province) of these skills as they may be shown: each skill's provinces are a
 * group adding up to the skill's people. Key: `${skill}\u0000${province}`.
 */
async function provinceCells(ctx: AppContext, skillIds: string[]): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (!skillIds.length) return out;
  const rows = await sql<{ skill_id: string; province: string; n: number }>`select t.skill_id, t.province, sum(t.people)::int as n
    from insight_supply t where t.skill_id in (${sql.join(skillIds)}) group by 1, 2 order by 1, 2`.execute(ctx.db);
  for (const [skill, cells] of groupBy(rows.rows, (r) => r.skill_id))
    for (const [province, shown] of protectGroup(cells.map((c) => ({ key: c.province, n: Number(c.n) }))))
      out.set(`${skill}\u0000${province}`, shown);
  return out;
}

/**
 * The cells (skill, municipality) of these skills in the provinces where the municipality lies, as
 * they may be shown: a province's municipalities are a group adding up to the province's cell; when
 * that cell is hidden, all of them are. A municipality in two provinces (the same name) is hidden
 * when any of its parts is.
 */
async function municipalityCells(
  ctx: AppContext,
  skillIds: string[],
  municipality: string,
  province: string | null,
): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  if (!skillIds.length) return out;
  const [rows, byProvince] = await Promise.all([
    sql<{ skill_id: string; province: string; m: string; n: number }>`select t.skill_id, t.province, lower(t.municipality) as m,
        sum(t.people)::int as n from insight_supply t
      where t.skill_id in (${sql.join(skillIds)}) and t.province in (
        select p.province from insight_supply p where lower(p.municipality) = lower(${municipality})
          and p.skill_id in (${sql.join(skillIds)}) ${province ? sql`and p.province = ${province}` : sql``})
      group by 1, 2, 3 order by 1, 2, 3`.execute(ctx.db),
    provinceCells(ctx, skillIds),
  ]);
  const wanted = municipality.toLowerCase();
  for (const [key, cells] of groupBy(rows.rows, (r) => `${r.skill_id}\u0000${r.province}`)) {
    if (!cells.some((c) => c.m === wanted)) continue;
    const [skill] = key.split('\u0000');
    const value =
      byProvince.get(key) === null ? null : (protectGroup(cells.map((c) => ({ key: c.m, n: Number(c.n) }))).get(wanted) ?? null);
    const before = out.get(skill);
    out.set(skill, before === null || value === null ? null : (before ?? 0) + value);
  }
  return out;
}

/** People per skill (most held first), hidden as above; only `skillIds` when given. */
export async function supplyCounts(ctx: AppContext, f: Where, limit: number | null): Promise<SupplyCount[]> {
  const rows = await sql<{ skill_id: string; n: number }>`select t.skill_id, sum(t.people)::int as n from insight_supply t
    where ${where(f)} group by t.skill_id order by n desc, t.skill_id ${limit ? sql`limit ${limit}` : sql``}`.execute(ctx.db);
  const ids = rows.rows.map((r) => r.skill_id);
  // A skill's whole network: a total of its own. A province or a municipality: a cell of a group.
  if (f.municipality) {
    const cells = await municipalityCells(ctx, ids, f.municipality, f.province);
    return shownFirst(
      ids.map((id) => ({ skillId: id, people: cells.get(id) ?? null })),
      (r) => r.skillId,
    );
  }
  if (f.province) {
    const cells = await provinceCells(ctx, ids);
    return shownFirst(
      ids.map((id) => ({ skillId: id, people: cells.get(`${id}\u0000${f.province}`) ?? null })),
      (r) => r.skillId,
    );
  }
  return rows.rows.map((r) => ({ skillId: r.skill_id, people: suppress(Number(r.n)) }));
}

/** Distinct people holding at least one of the skills (a skill group, or all), hidden as that cell is elsewhere. */
export async function peopleHolding(ctx: AppContext, f: Where): Promise<number | null> {
  const one = f.skillIds?.length === 1;
  if (f.municipality) return one ? ((await supplyCounts(ctx, f, null))[0]?.people ?? null) : null; // no group kept: hidden
  if (f.province) return (await supplyByProvince(ctx, f)).find((r) => r.province === f.province)?.people ?? null;
  const r = await sql<{ n: number }>`select count(distinct t.holder)::int as n from insight_supply_holders t where ${where(f)}`.execute(
    ctx.db,
  );
  return suppress(Number(r.rows[0]?.n ?? 0));
}

/** Shown counts first, most first; hidden ones after, in a fixed order (their place must not tell their size). */
function shownFirst<T extends { people: number | null }>(rows: T[], key: (r: T) => string): T[] {
  const shown = rows
    .filter((r) => r.people !== null)
    .sort((a, b) => (b.people as number) - (a.people as number) || key(a).localeCompare(key(b)));
  const hidden = rows.filter((r) => r.people === null).sort((a, b) => key(a).localeCompare(key(b)));
  return [...shown, ...hidden];
}

export interface RegionSupply {
  province: string;
  people: number | null;
}

/** People holding the skills (or any skill) by province ('' = gave none), the provinces a group as above. */
export async function supplyByProvince(ctx: AppContext, f: Pick<Filters, 'skillIds'>): Promise<RegionSupply[]> {
  // Any skill: counted at the refresh. One skill: its cells added up (a person has one region).
  const counted =
    !f.skillIds || f.skillIds.length === 1
      ? f.skillIds
        ? await sql<{ province: string; n: number }>`select t.province, sum(t.people)::int as n from insight_supply t
          where t.skill_id = ${f.skillIds[0]} group by 1 order by n desc, 1`.execute(ctx.db)
        : await sql<{ province: string; n: number }>`select province, people as n from insight_supply_provinces order by n desc, 1`.execute(
            ctx.db,
          )
      : await sql<{ province: string; n: number }>`select t.province, count(distinct t.holder)::int as n from insight_supply_holders t
    where ${where({ province: null, municipality: null, skillIds: f.skillIds })} group by 1 order by n desc, 1`.execute(ctx.db);
  const rows = counted.rows.map((r) => ({ province: r.province, n: Number(r.n) }));
  const shown = protectGroup(rows.map((r) => ({ key: r.province, n: r.n })));
  return shownFirst(
    rows.map((r) => ({ province: r.province, people: shown.get(r.province) ?? null })),
    (r) => r.province,
  );
}
