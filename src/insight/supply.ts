/**
 * Supply read from the rollups: people holding each skill through a valid badge, by region where
 * they gave one. A cell of fewer than SMALL_CELL people is never shown: its count is null
 * ("fewer than 5"), in pages, exports and the API alike.
 */
import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import type { Filters } from './filters.ts';

export const SMALL_CELL = 5;

export interface SupplyCount {
  skillId: string;
  /** People holding it; null when fewer than SMALL_CELL (suppressed). */
  people: number | null;
}

/** A count as it may be shown: null below SMALL_CELL. */
export const suppress = (n: number): number | null => (n >= SMALL_CELL ? n : null);

function where(f: Pick<Filters, 'province' | 'municipality' | 'skillIds'>): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`];
  if (f.province) parts.push(sql`t.province = ${f.province}`);
  if (f.municipality) parts.push(sql`lower(t.municipality) = lower(${f.municipality})`);
  if (f.skillIds) parts.push(f.skillIds.length ? sql`t.skill_id in (${sql.join(f.skillIds)})` : sql`false`);
  return sql.join(parts, sql` and `);
}

/** People per skill (most held first), suppressed below SMALL_CELL; only `skillIds` when given. */
export async function supplyCounts(
  ctx: AppContext,
  f: Pick<Filters, 'province' | 'municipality' | 'skillIds'>,
  limit: number | null,
): Promise<SupplyCount[]> {
  const rows = await sql<{ skill_id: string; n: number }>`select t.skill_id, sum(t.people)::int as n from insight_supply t
    where ${where(f)} group by t.skill_id order by n desc, t.skill_id ${limit ? sql`limit ${limit}` : sql``}`.execute(ctx.db);
  return rows.rows.map((r) => ({ skillId: r.skill_id, people: suppress(Number(r.n)) }));
}

/** Distinct people holding at least one of the skills (a skill group, or all), suppressed below SMALL_CELL. */
export async function peopleHolding(ctx: AppContext, f: Pick<Filters, 'province' | 'municipality' | 'skillIds'>): Promise<number | null> {
  const r = await sql<{ n: number }>`select count(distinct t.holder)::int as n from insight_supply_holders t where ${where(f)}`.execute(
    ctx.db,
  );
  return suppress(Number(r.rows[0]?.n ?? 0));
}

export interface RegionSupply {
  province: string;
  people: number | null;
}

/** People holding the skills (or any skill) by province ('' = gave none), suppressed below SMALL_CELL. */
export async function supplyByProvince(ctx: AppContext, f: Pick<Filters, 'skillIds'>): Promise<RegionSupply[]> {
  // Any skill: counted at the refresh. One skill: its cells added up (a person has one region).
  if (!f.skillIds || f.skillIds.length === 1) {
    const counted = f.skillIds
      ? await sql<{ province: string; n: number }>`select t.province, sum(t.people)::int as n from insight_supply t
          where t.skill_id = ${f.skillIds[0]} group by 1 order by n desc, 1`.execute(ctx.db)
      : await sql<{ province: string; n: number }>`select province, people as n from insight_supply_provinces order by n desc, 1`.execute(
          ctx.db,
        );
    return counted.rows.map((r) => ({ province: r.province, people: suppress(Number(r.n)) }));
  }
  const rows = await sql<{
    province: string;
    n: number;
  }>`select t.province, count(distinct t.holder)::int as n from insight_supply_holders t
    where ${where({ province: null, municipality: null, skillIds: f.skillIds })} group by 1 order by n desc, 1`.execute(ctx.db);
  return rows.rows.map((r) => ({ province: r.province, people: suppress(Number(r.n)) }));
}
