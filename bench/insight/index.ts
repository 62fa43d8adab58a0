// Insight's dashboards over generated data (issue 12): N vacancies with skills and M issued badges,
// the time to refresh the rollups (all of them, then again with nothing changed), and p50/p95 of
// each dashboard query (the views of /insight and /api/v1/insight) against the same question asked
// of the raw tables — vacancies per skill over a year, counted from vacancies ⋈ vacancy_skills — in
// the same run. Target: p95 <= 200 ms per view.
//   npm run bench -- insight                              PGlite 100,000 vacancies; PostgreSQL 1,000,000 when a server is named
//   INSIGHT_PG_VACANCIES=300000 INSIGHT_PGLITE_VACANCIES=50000 INSIGHT_BADGES=100000 npm run bench -- insight
// PostgreSQL: VAARDIG_BENCH_DATABASE_URL or VAARDIG_TEST_DATABASE_URL names the server; the bench
// makes (and drops first) a database of its own, `vaardig_bench_insight`.
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { addMonths, monthLast, readFilters } from '../../src/insight/filters.ts';
import { refreshDemand, refreshSupply } from '../../src/insight/rollups.ts';
import { runView, type ViewName } from '../../src/insight/views.ts';
import { modules } from '../../src/modules.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.ts';
import { migrateToLatest } from '../../src/platform/db/migrate.ts';
import type { Database } from '../../src/platform/db/schema.ts';

const TARGET_P95_MS = 200;
const RUNS = Number(process.env.INSIGHT_RUNS ?? 30);
const ORGANISATIONS = 20;
const SKILLS = 2000;
const ACHIEVEMENTS = 300;
/** Occupations drawn with a skew (the first ≈ 7 % of vacancies); a fifth of the vacancies name none. */
const OCCUPATIONS = 200;
const PROVINCES = ['Utrecht', 'Noord-Brabant', 'Zuid-Holland', 'Noord-Holland', 'Gelderland', 'Limburg', 'Overijssel', 'Groningen'];
const MUNICIPALITIES = ['Utrecht', 'Oss', 'Rotterdam', 'Amsterdam', 'Arnhem', 'Venlo', 'Enschede', 'Groningen', 'Eindhoven', 'Den Haag'];

const log = (s: string) => console.log(`  ${s}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Generates the data with set-based SQL (the same on both databases): organisations, skills, vacancies with 1–6 skills (skewed), badges. */
async function generate(db: Kysely<Database>, vacancies: number, badges: number): Promise<void> {
  const started = performance.now();
  await sql`select setseed(0.42)`.execute(db);
  await sql`insert into organisations (slug, name, kind) select 'bench-' || i, 'Bench organisation ' || i, 'network' from generate_series(1, ${ORGANISATIONS}) i`.execute(
    db,
  );
  await sql`insert into skills (source, kind, name, status)
    select 'local', 'skill', jsonb_build_object('en', 'Skill ' || i, 'nl', 'Vaardigheid ' || i), 'published' from generate_series(1, ${SKILLS}) i`.execute(
    db,
  );
  await sql`create table bench_orgs as select row_number() over (order by slug) as n, id from organisations where slug like 'bench-%'`.execute(
    db,
  );
  await sql`create table bench_skills as select row_number() over (order by name->>'en') as n, id from skills where source = 'local' and name->>'en' like 'Skill %'`.execute(
    db,
  );
  await sql`insert into occupations (name) select jsonb_build_object('en', 'Occupation ' || i, 'nl', 'Beroep ' || i) from generate_series(1, ${OCCUPATIONS}) i`.execute(
    db,
  );
  await sql`create table bench_occupations as select row_number() over (order by name->>'en') as n, id from occupations where name->>'en' like 'Occupation %'`.execute(
    db,
  );
  const provinces = `{${PROVINCES.map((p) => `"${p}"`).join(',')}}`;
  const municipalities = `{${MUNICIPALITIES.map((p) => `"${p}"`).join(',')}}`;
  // In batches, so PGlite's memory stays small; dates over two years up to the end of this month.
  const batch = 50_000;
  for (let start = 0; start < vacancies; start += batch) {
    const end = Math.min(vacancies, start + batch);
    await sql`insert into vacancies (organisation_id, title, text_hash, date_posted, municipality, province, occupation_id, tagged_at)
      select o.id, 'Vacancy ' || g.i, 'bench-' || g.i,
             date_trunc('month', now()) + interval '1 month' - (1 + floor(random() * 730)) * interval '1 day',
             (${municipalities}::text[])[1 + (g.i % ${MUNICIPALITIES.length})],
             (${provinces}::text[])[1 + (g.i % ${PROVINCES.length})], oc.id, now()
      from (select i, case when random() < 0.2 then 0 else 1 + floor(${OCCUPATIONS} * power(random(), 2))::int end as occ
            from generate_series(${start + 1}::int, ${end}::int) i) g
        join bench_orgs o on o.n = 1 + (g.i % ${ORGANISATIONS})
        left join bench_occupations oc on oc.n = g.occ`.execute(db);
    log(`vacancies ${end.toLocaleString('en')} / ${vacancies.toLocaleString('en')} (${seconds(performance.now() - started)})`);
  }
  // 1–6 skills per vacancy; skill k drawn with a skew (a few skills are asked for often, most rarely).
  for (let start = 0; start < vacancies; start += batch) {
    await sql`insert into vacancy_skills (vacancy_id, skill_id, label, score)
      select v.id, s.id, 'bench', 1
      from vacancies v
        cross join lateral (
          select distinct 1 + floor(${SKILLS} * power(random(), 3))::int as n
          from generate_series(1, 1 + (abs(hashtext(v.text_hash)) % 6)) k where k > 0 * length(v.text_hash)
        ) pick
        join bench_skills s on s.n = pick.n
      where v.text_hash in (select 'bench-' || i from generate_series(${start + 1}::int, ${Math.min(vacancies, start + batch)}::int) i)`.execute(
      db,
    );
  }
  log(`vacancy skills written (${seconds(performance.now() - started)})`);
  // Badges: achievements aligned to one skill each, issued to recipients (some people hold several).
  const school = (await sql<{ id: string }>`select id from bench_orgs where n = 1`.execute(db)).rows[0].id;
  await sql`insert into achievements (organisation_id, name, description, alignments)
    select ${school}, 'Badge ' || s.n, 'Generated', jsonb_build_array(jsonb_build_object('skillId', s.id::text))
    from bench_skills s where s.n <= ${ACHIEVEMENTS}`.execute(db);
  await sql`create table bench_achievements as select id, row_number() over (order by name) as n from achievements where organisation_id = ${school}`.execute(
    db,
  );
  await sql`insert into issued_credentials (organisation_id, achievement_id, achievement_version, proof_format, document, status_index, awarded_at, valid_from, recipient_email)
    select ${school}, a.id, 1, 'eddsa-rdfc-2022', '{}'::jsonb, p.i, now() - interval '10 days', now() - interval '10 days',
           'person' || (p.i % ${Math.max(1, Math.floor(badges / 3))}) || '@bench.example'
    from (select i, 1 + floor(${ACHIEVEMENTS} * power(random(), 2))::int as n from generate_series(1, ${badges}::int) i) p
      join bench_achievements a on a.n = p.n`.execute(db);
  log(`badges written (${seconds(performance.now() - started)})`);
  await sql`analyze`.execute(db);
  log(`generated in ${seconds(performance.now() - started)}`);
}

interface Query {
  name: string;
  view: ViewName;
  input: Record<string, string>;
}

async function measure(ctx: AppContext, label: string): Promise<void> {
  const db = ctx.db;
  const skill = (await sql<{ id: string }>`select id from bench_skills where n = 3`.execute(db)).rows[0].id;
  // The most frequent occupation (the worst case of the occupation views).
  const occupation = (await sql<{ id: string }>`select id from bench_occupations where n = 1`.execute(db)).rows[0].id;
  const today = new Date();
  const month = today.toISOString().slice(0, 7);
  const year = Number(month.slice(0, 4));
  // Twelve whole months ending six months ago: not the default window (read by the threshold algorithm).
  const otherYear = { from: `${addMonths(month, -17)}-01`, to: monthLast(addMonths(month, -6)) };
  const queries: Query[] = [
    { name: 'demand per skill (12 months)', view: 'skills', input: {} },
    { name: 'demand per skill, one province', view: 'skills', input: { province: 'Utrecht' } },
    { name: 'demand per skill, one municipality', view: 'skills', input: { municipality: 'Oss' } },
    { name: 'demand per skill, days (not whole months)', view: 'skills', input: { from: `${month.slice(0, 4)}-01-10`, to: `${month}-05` } },
    { name: 'trend by month', view: 'trend', input: {} },
    { name: 'trend by week, one skill', view: 'trend', input: { interval: 'week', skill } },
    { name: 'emerging skills', view: 'emerging', input: {} },
    { name: 'skills that go together', view: 'cooccurrence', input: {} },
    { name: 'skills that go together, another year', view: 'cooccurrence', input: otherYear },
    {
      name: 'skills that go together, a quarter, a province',
      view: 'cooccurrence',
      input: { from: `${year}-02-10`, to: `${year}-05-05`, province: 'Utrecht' },
    },
    { name: 'skills that go together, one skill', view: 'cooccurrence', input: { skill } },
    { name: 'demand per skill, one occupation', view: 'skills', input: { occupation } },
    { name: 'demand per skill, occupation, days', view: 'skills', input: { occupation, from: `${year}-01-10`, to: `${month}-05` } },
    { name: 'demand per skill, occupation, municipality', view: 'skills', input: { occupation, municipality: 'Oss' } },
    { name: 'trend by week, one occupation', view: 'trend', input: { occupation, interval: 'week' } },
    { name: 'gaps, one occupation', view: 'gaps', input: { occupation } },
    { name: 'supply per skill', view: 'supply', input: {} },
    { name: 'supply per province', view: 'regions', input: {} },
    { name: 'gaps', view: 'gaps', input: {} },
  ];
  const rows: [string, number, number][] = [];
  for (const q of queries) {
    const f = await readFilters(ctx, null, q.input, today);
    await runView(ctx, null, q.view, f, 'en'); // warm-up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await runView(ctx, null, q.view, f, 'en');
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    rows.push([q.name, quantile(times, 0.5), quantile(times, 0.95)]);
  }
  // The reference: the same question as the first view, asked of the raw tables.
  const f = await readFilters(ctx, null, {}, today);
  const raw: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await sql`select s.skill_id, count(*) from vacancies v join vacancy_skills s on s.vacancy_id = v.id
      where coalesce(v.date_posted, v.first_seen_at) >= ${f.from}::date and coalesce(v.date_posted, v.first_seen_at) < ${f.to}::date + 1
      group by 1 order by 2 desc limit 20`.execute(db);
    raw.push(performance.now() - t0);
  }
  raw.sort((a, b) => a - b);
  const reference = raw[1];
  console.log(
    `\n  ${label}: per view, ${RUNS} runs each (ms); raw count over vacancies ⋈ vacancy_skills for the year: ${reference.toFixed(0)} ms (median of 3)`,
  );
  console.log(`  ${'view'.padEnd(44)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}  ratio p95/raw  target`);
  for (const [name, p50, p95] of rows)
    console.log(
      `  ${name.padEnd(44)} ${p50.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)}  ${(p95 / reference).toFixed(3).padStart(13)}  ${p95 <= TARGET_P95_MS ? 'ok' : 'OVER'}`,
    );
}

async function bench(handle: DatabaseHandle, label: string, vacancies: number, badges: number): Promise<void> {
  console.log(`\n  ${label}: ${vacancies.toLocaleString('en')} vacancies, ${badges.toLocaleString('en')} badges`);
  await migrateToLatest(handle.db, modules);
  await generate(handle.db, vacancies, badges);
  const ctx = { db: handle.db, config: { baseUrl: 'http://bench.invalid' } } as unknown as AppContext;
  let t0 = performance.now();
  const demand = await refreshDemand(ctx);
  const supply = await refreshSupply(ctx);
  const holders = (await sql<{ n: string }>`select count(*) as n from insight_supply_holders`.execute(handle.db)).rows[0].n;
  const skillRows = (await sql<{ n: string }>`select count(*) as n from vacancy_skills`.execute(handle.db)).rows[0].n;
  const monthly = (await sql<{ n: string }>`select count(*) as n from insight_demand_monthly`.execute(handle.db)).rows[0].n;
  const daily = (await sql<{ n: string }>`select count(*) as n from insight_demand_daily`.execute(handle.db)).rows[0].n;
  log(`refresh, everything: ${seconds(performance.now() - t0)} (${demand.rebuilt} partitions; ${supply >= 0 ? holders : 0} holder rows)`);
  log(
    `raw: ${Number(skillRows).toLocaleString('en')} vacancy skills; rollups: ${Number(daily).toLocaleString('en')} daily and ${Number(monthly).toLocaleString('en')} monthly demand rows`,
  );
  const occupationDaily = (await sql<{ n: string }>`select count(*) as n from insight_demand_occupation_daily`.execute(handle.db)).rows[0]
    .n;
  const occupationMonthly = (await sql<{ n: string }>`select count(*) as n from insight_demand_occupation_monthly`.execute(handle.db))
    .rows[0].n;
  const pairs = (await sql<{ n: string }>`select count(*) as n from insight_cooccurrence_network_monthly`.execute(handle.db)).rows[0].n;
  log(
    `network occupation tables: ${Number(occupationDaily).toLocaleString('en')} daily and ${Number(occupationMonthly).toLocaleString('en')} monthly rows; network monthly pairs: ${Number(pairs).toLocaleString('en')} rows`,
  );
  await sql`analyze`.execute(handle.db);
  t0 = performance.now();
  const again = await refreshDemand(ctx);
  log(`refresh again, nothing changed: ${seconds(performance.now() - t0)} (${again.rebuilt} partitions rebuilt)`);
  // One organisation's current month changes: only that partition is rebuilt.
  await sql`update vacancies set updated_at = now() where id = (select id from vacancies where text_hash = 'bench-1')`.execute(handle.db);
  t0 = performance.now();
  const one = await refreshDemand(ctx);
  log(`refresh after one vacancy changed: ${seconds(performance.now() - t0)} (${one.rebuilt} partition rebuilt)`);
  await measure(ctx, label);
}

export async function run(): Promise<void> {
  const badges = Number(process.env.INSIGHT_BADGES ?? 100_000);
  const pgliteN = Number(process.env.INSIGHT_PGLITE_VACANCIES ?? 100_000);
  if (pgliteN > 0) {
    const handle = await openDatabase({});
    try {
      await bench(handle, 'PGlite', pgliteN, Math.min(badges, pgliteN));
    } finally {
      await handle.close();
    }
  }
  const server = process.env.VAARDIG_BENCH_DATABASE_URL ?? process.env.VAARDIG_TEST_DATABASE_URL;
  const pgN = Number(process.env.INSIGHT_PG_VACANCIES ?? 1_000_000);
  if (!server || pgN <= 0) {
    console.log('  PostgreSQL: skipped (set VAARDIG_BENCH_DATABASE_URL or VAARDIG_TEST_DATABASE_URL)');
    return;
  }
  const name = 'vaardig_bench_insight';
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  try {
    await bench(handle, 'PostgreSQL', pgN, badges);
  } finally {
    await handle.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
