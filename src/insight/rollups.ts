/**
 * The rollup tables and how they are rebuilt (docs/decisions/017-insight-rollups.md). Every
 * partition — demand: one organisation's month; supply: the network — is recomputed from the
 * source in one transaction (delete its rows, insert them anew, record the fingerprint), so a run
 * that is killed halfway leaves each partition either as it was or rebuilt, and a second run finds
 * the fingerprints unchanged and does nothing.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { confirmedAddressesSql } from '../accounts/api.ts';
import { validSkillHoldingsSql } from '../credentials/api.ts';
import { type DemandPartition, demandBySkill, demandPartitions, skillPairs, vacanciesByDay } from '../labour-market/api.ts';
import type { AppContext } from '../platform/context.ts';

const partitionKey = (p: DemandPartition) => `demand:${p.organisationId}:${p.month}`;

function monthEnd(month: string): string {
  const d = new Date(`${month}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

/** Rebuilds one demand partition in one transaction; returns the number of skill rows written. */
export async function refreshDemandPartition(ctx: AppContext, p: DemandPartition, fingerprint: string): Promise<number> {
  const end = monthEnd(p.month);
  return ctx.db.transaction().execute(async (trx) => {
    const org = p.organisationId;
    await sql`delete from insight_demand_daily where organisation_id = ${org} and day >= ${p.month}::date and day < ${end}::date`.execute(
      trx,
    );
    await sql`delete from insight_vacancies_daily where organisation_id = ${org} and day >= ${p.month}::date and day < ${end}::date`.execute(
      trx,
    );
    await sql`delete from insight_cooccurrence_monthly where organisation_id = ${org} and month = ${p.month}::date`.execute(trx);
    await sql`delete from insight_demand_monthly where organisation_id = ${org} and month = ${p.month}::date`.execute(trx);
    await sql`delete from insight_vacancies_province_daily where organisation_id = ${org} and day >= ${p.month}::date and day < ${end}::date`.execute(
      trx,
    );
    const written =
      await sql`insert into insight_demand_daily (organisation_id, day, skill_id, municipality, province, occupation_id, vacancies)
      ${demandBySkill(p)}`.execute(trx);
    await sql`insert into insight_vacancies_daily (organisation_id, day, municipality, province, occupation_id, vacancies)
      ${vacanciesByDay(p)}`.execute(trx);
    await sql`insert into insight_cooccurrence_monthly (organisation_id, month, province, skill_a, skill_b, vacancies)
      ${skillPairs(p)}`.execute(trx);
    await sql`insert into insight_demand_monthly (organisation_id, month, skill_id, province, vacancies)
      select organisation_id, ${p.month}::date, skill_id, province, sum(vacancies)::int from insight_demand_daily
      where organisation_id = ${org} and day >= ${p.month}::date and day < ${end}::date group by organisation_id, skill_id, province`.execute(
      trx,
    );
    await sql`insert into insight_vacancies_province_daily (organisation_id, day, province, vacancies)
      select organisation_id, day, province, sum(vacancies)::int from insight_vacancies_daily
      where organisation_id = ${org} and day >= ${p.month}::date and day < ${end}::date group by organisation_id, day, province`.execute(
      trx,
    );
    const rows = Number(written.numAffectedRows ?? 0);
    await sql`insert into insight_refreshes (partition, fingerprint, rows, refreshed_at) values (${partitionKey(p)}, ${fingerprint}, ${rows}, now())
      on conflict (partition) do update set fingerprint = excluded.fingerprint, rows = excluded.rows, refreshed_at = excluded.refreshed_at`.execute(
      trx,
    );
    return rows;
  });
}

/** Removes the rows of a partition whose vacancies are gone (all of them deleted). */
async function dropDemandPartition(ctx: AppContext, key: string): Promise<void> {
  const [, org, month] = key.split(':');
  if (!org || !month) return;
  const end = monthEnd(month);
  await ctx.db.transaction().execute(async (trx) => {
    await sql`delete from insight_demand_daily where organisation_id = ${org} and day >= ${month}::date and day < ${end}::date`.execute(
      trx,
    );
    await sql`delete from insight_vacancies_daily where organisation_id = ${org} and day >= ${month}::date and day < ${end}::date`.execute(
      trx,
    );
    await sql`delete from insight_cooccurrence_monthly where organisation_id = ${org} and month = ${month}::date`.execute(trx);
    await sql`delete from insight_demand_monthly where organisation_id = ${org} and month = ${month}::date`.execute(trx);
    await sql`delete from insight_vacancies_province_daily where organisation_id = ${org} and day >= ${month}::date and day < ${end}::date`.execute(
      trx,
    );
    await sql`delete from insight_refreshes where partition = ${key}`.execute(trx);
  });
}

export interface RefreshReport {
  partitions: number;
  rebuilt: number;
  dropped: number;
}

/**
 * Brings demand up to date: rebuilds every (organisation, month) whose vacancies changed since it
 * was last built (or all with `force`), and drops partitions whose vacancies are gone.
 */
export async function refreshDemand(
  ctx: AppContext,
  options: { organisationId?: string; force?: boolean; today?: Date } = {},
): Promise<RefreshReport> {
  const partitions = await demandPartitions(ctx.db, options.organisationId);
  const known = new Map(
    (
      await sql<{
        partition: string;
        fingerprint: string;
      }>`select partition, fingerprint from insight_refreshes where partition like 'demand:%'`.execute(ctx.db)
    ).rows.map((r) => [r.partition, r.fingerprint]),
  );
  let rebuilt = 0;
  for (const p of partitions) {
    const key = partitionKey(p);
    if (!options.force && known.get(key) === p.fingerprint) continue;
    await refreshDemandPartition(ctx, p, p.fingerprint);
    rebuilt++;
  }
  const live = new Set(partitions.map(partitionKey));
  let dropped = 0;
  for (const key of known.keys()) {
    if (live.has(key)) continue;
    if (options.organisationId && !key.startsWith(`demand:${options.organisationId}:`)) continue;
    await dropDemandPartition(ctx, key);
    dropped++;
  }
  // The network's months: each added up again when the partitions it is made of changed (by
  // their fingerprints, so a run killed between the two steps is caught up by the next one).
  const all = options.organisationId ? await demandPartitions(ctx.db) : partitions;
  const months = new Map<string, string[]>();
  for (const p of all) months.set(p.month, [...(months.get(p.month) ?? []), `${p.organisationId}=${p.fingerprint}`]);
  const knownMonths = new Map(
    (
      await sql<{
        partition: string;
        fingerprint: string;
      }>`select partition, fingerprint from insight_refreshes where partition like 'network:%'`.execute(ctx.db)
    ).rows.map((r) => [r.partition, r.fingerprint]),
  );
  for (const [month, parts] of months) {
    // NETWORK_TABLES names which tables a network month holds: a database built before the daily
    // network tables (70-insight-007) sees every month as changed once and builds them.
    const fingerprint = createHash('sha256')
      .update(`${NETWORK_TABLES}\n${parts.sort().join('\n')}`)
      .digest('hex');
    if (!options.force && knownMonths.get(`network:${month}`) === fingerprint) continue;
    await refreshNetworkMonth(ctx, month, fingerprint);
  }
  for (const key of knownMonths.keys())
    if (!months.has(key.slice('network:'.length))) await refreshNetworkMonth(ctx, key.slice('network:'.length), null);
  await refreshPairsWindow(ctx, months, options.force ?? false, options.today ?? new Date());
  return { partitions: partitions.length, rebuilt, dropped };
}

/** The version of a network month's tables, part of its fingerprint (raise it when they change). */
const NETWORK_TABLES = 'network-v3: monthly, daily, municipal daily, occupation monthly and daily';

export const PAIRS_WINDOW = 'pairs-window';

/** The default window of the views: the first day of the month eleven months ago to the last day of this month. */
export function defaultWindow(today: Date): { from: string; to: string } {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(new Date(Date.UTC(y, m - 11, 1))), to: day(new Date(Date.UTC(y, m + 1, 0))) };
}

/**
 * Adds up the pairs of skills of the default window (in one transaction) when the window moved or
 * one of its months changed; the fingerprint names the window, so a reader knows which dates it holds.
 */
async function refreshPairsWindow(ctx: AppContext, months: Map<string, string[]>, force: boolean, today: Date): Promise<void> {
  const { from, to } = defaultWindow(today);
  const inside = [...months.entries()]
    .filter(([month]) => month >= from && month <= to)
    .map(([month, parts]) => `${month}:${[...parts].sort().join(',')}`)
    .sort();
  const fingerprint = `${from}|${to}|${createHash('sha256').update(inside.join('\n')).digest('hex')}`;
  const known = await sql<{ fingerprint: string }>`select fingerprint from insight_refreshes where partition = ${PAIRS_WINDOW}`.execute(
    ctx.db,
  );
  if (!force && known.rows[0]?.fingerprint === fingerprint) return;
  await ctx.db.transaction().execute(async (trx) => {
    await sql`delete from insight_cooccurrence_window`.execute(trx);
    await sql`insert into insight_cooccurrence_window (province, skill_a, skill_b, vacancies)
      select province, skill_a, skill_b, sum(vacancies)::int from insight_cooccurrence_network_monthly
      where month >= ${from}::date and month <= ${to}::date group by 1, 2, 3`.execute(trx);
    await sql`insert into insight_refreshes (partition, fingerprint, rows, refreshed_at) values (${PAIRS_WINDOW}, ${fingerprint}, 0, now())
      on conflict (partition) do update set fingerprint = excluded.fingerprint, refreshed_at = excluded.refreshed_at`.execute(trx);
  });
}

/** The dates the pairs window holds (null: not built yet). */
export async function pairsWindow(ctx: AppContext): Promise<{ from: string; to: string } | null> {
  const r = await sql<{ fingerprint: string }>`select fingerprint from insight_refreshes where partition = ${PAIRS_WINDOW}`.execute(ctx.db);
  const [from, to] = (r.rows[0]?.fingerprint ?? '').split('|');
  return from && to ? { from, to } : null;
}

/** Adds up one month of the organisations' demand for the whole network ('*': all provinces); null fingerprint: the month is gone. */
async function refreshNetworkMonth(ctx: AppContext, month: string, fingerprint: string | null): Promise<void> {
  const end = monthEnd(month);
  await ctx.db.transaction().execute(async (trx) => {
    await sql`delete from insight_demand_network_monthly where month = ${month}::date`.execute(trx);
    await sql`delete from insight_vacancies_network_daily where day >= ${month}::date and day < ${end}::date`.execute(trx);
    await sql`delete from insight_cooccurrence_network_monthly where month = ${month}::date`.execute(trx);
    await sql`delete from insight_demand_network_daily where day >= ${month}::date and day < ${end}::date`.execute(trx);
    await sql`delete from insight_vacancies_network_municipal_daily where day >= ${month}::date and day < ${end}::date`.execute(trx);
    await sql`delete from insight_demand_occupation_monthly where month = ${month}::date`.execute(trx);
    await sql`delete from insight_demand_occupation_daily where day >= ${month}::date and day < ${end}::date`.execute(trx);
    await sql`delete from insight_vacancies_occupation_daily where day >= ${month}::date and day < ${end}::date`.execute(trx);
    if (fingerprint === null) {
      await sql`delete from insight_refreshes where partition = ${`network:${month}`}`.execute(trx);
      return;
    }
    await sql`insert into insight_demand_network_monthly (month, province, skill_id, vacancies)
      select month, province, skill_id, sum(vacancies)::int from insight_demand_monthly where month = ${month}::date group by 1, 2, 3
      union all
      select month, '*', skill_id, sum(vacancies)::int from insight_demand_monthly where month = ${month}::date group by 1, 3`.execute(trx);
    await sql`insert into insight_vacancies_network_daily (day, province, vacancies)
      select day, province, sum(vacancies)::int from insight_vacancies_province_daily where day >= ${month}::date and day < ${end}::date group by 1, 2
      union all
      select day, '*', sum(vacancies)::int from insight_vacancies_province_daily where day >= ${month}::date and day < ${end}::date group by 1`.execute(
      trx,
    );
    await sql`insert into insight_cooccurrence_network_monthly (month, province, skill_a, skill_b, vacancies)
      select month, province, skill_a, skill_b, sum(vacancies)::int from insight_cooccurrence_monthly where month = ${month}::date group by 1, 2, 3, 4
      union all
      select month, '*', skill_a, skill_b, sum(vacancies)::int from insight_cooccurrence_monthly where month = ${month}::date group by 1, 3, 4`.execute(
      trx,
    );
    await sql`insert into insight_demand_network_daily (day, province, municipality, skill_id, vacancies)
      select day, province, lower(municipality), skill_id, sum(vacancies)::int from insight_demand_daily
      where day >= ${month}::date and day < ${end}::date group by 1, 2, 3, 4
      union all
      select day, '*', '*', skill_id, sum(vacancies)::int from insight_demand_daily where day >= ${month}::date and day < ${end}::date group by 1, 4`.execute(
      trx,
    );
    await sql`insert into insight_vacancies_network_municipal_daily (day, province, municipality, vacancies)
      select day, province, lower(municipality), sum(vacancies)::int from insight_vacancies_daily
      where day >= ${month}::date and day < ${end}::date group by 1, 2, 3`.execute(trx);
    // By occupation (vacancies that have one): the daily tables first, the month added up from them.
    await sql`insert into insight_demand_occupation_daily (day, occupation_id, province, municipality, skill_id, vacancies)
      select day, occupation_id, province, lower(municipality), skill_id, sum(vacancies)::int from insight_demand_daily
      where day >= ${month}::date and day < ${end}::date and occupation_id <> '' group by 1, 2, 3, 4, 5`.execute(trx);
    await sql`insert into insight_vacancies_occupation_daily (day, occupation_id, province, municipality, vacancies)
      select day, occupation_id, province, lower(municipality), sum(vacancies)::int from insight_vacancies_daily
      where day >= ${month}::date and day < ${end}::date and occupation_id <> '' group by 1, 2, 3, 4`.execute(trx);
    await sql`insert into insight_demand_occupation_monthly (month, occupation_id, province, skill_id, vacancies)
      select ${month}::date, occupation_id, province, skill_id, sum(vacancies)::int from insight_demand_occupation_daily
      where day >= ${month}::date and day < ${end}::date group by 2, 3, 4
      union all
      select ${month}::date, occupation_id, '*', skill_id, sum(vacancies)::int from insight_demand_occupation_daily
      where day >= ${month}::date and day < ${end}::date group by 2, 4`.execute(trx);
    // rows: the month's pairs of all provinces, which tells the readers of pairs how much a month holds (demand.ts).
    const pairs = await sql<{
      n: number;
    }>`select count(*)::int as n from insight_cooccurrence_network_monthly where month = ${month}::date and province = '*'`.execute(trx);
    await sql`insert into insight_refreshes (partition, fingerprint, rows, refreshed_at)
      values (${`network:${month}`}, ${fingerprint}, ${Number(pairs.rows[0]?.n ?? 0)}, now())
      on conflict (partition) do update set fingerprint = excluded.fingerprint, rows = excluded.rows, refreshed_at = excluded.refreshed_at`.execute(
      trx,
    );
  });
}

/**
 * Rebuilds supply in one transaction: who holds which skill through a valid badge at `now`, in the
 * region they gave. A holder is the account that confirmed the address (two addresses of one
 * person count once), else a hash of the address.
 */
export async function refreshSupply(ctx: AppContext, now = new Date()): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    await sql`delete from insight_supply_holders`.execute(trx);
    await sql`delete from insight_supply`.execute(trx);
    const written = await sql`insert into insight_supply_holders (skill_id, holder, municipality, province)
      select h.skill_id, coalesce(a.user_id::text, 'h:' || encode(sha256(convert_to(h.email, 'UTF8')), 'hex')) as holder,
             max(coalesce(r.municipality, '')), max(coalesce(r.province, ''))
      from (${validSkillHoldingsSql(now)}) h
        left join (${confirmedAddressesSql()}) a on a.email = h.email
        left join insight_person_regions r on r.user_id = a.user_id
      group by 1, 2`.execute(trx);
    await sql`insert into insight_supply (skill_id, municipality, province, people)
      select skill_id, municipality, province, count(*)::int from insight_supply_holders group by 1, 2, 3`.execute(trx);
    await sql`delete from insight_supply_provinces`.execute(trx);
    await sql`insert into insight_supply_provinces (province, people)
      select province, count(distinct holder)::int from insight_supply_holders group by 1`.execute(trx);
    const rows = Number(written.numAffectedRows ?? 0);
    await sql`insert into insight_refreshes (partition, fingerprint, rows, refreshed_at) values ('supply', ${now.toISOString()}, ${rows}, now())
      on conflict (partition) do update set fingerprint = excluded.fingerprint, rows = excluded.rows, refreshed_at = excluded.refreshed_at`.execute(
      trx,
    );
    return rows;
  });
}

/** When demand and supply were last rebuilt (null: never). */
export async function lastRefresh(ctx: AppContext): Promise<{ demand: Date | null; supply: Date | null }> {
  const r = await sql<{ demand: Date | null; supply: Date | null }>`select
      (select max(refreshed_at) from insight_refreshes where partition like 'demand:%') as demand,
      (select max(refreshed_at) from insight_refreshes where partition = 'supply') as supply`.execute(ctx.db);
  return { demand: r.rows[0]?.demand ?? null, supply: r.rows[0]?.supply ?? null };
}
