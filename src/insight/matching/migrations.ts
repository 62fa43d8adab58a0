import { type Kysely, type Migration, sql } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

/** Shares of verified skills with an organisation, and an organisation's target skills. */
const sharesAndTargets: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `create table insight_matching_shares (
         user_id uuid not null,
         organisation_id uuid not null,
         created_at timestamptz not null default now(),
         primary key (user_id, organisation_id)
       );
       create index insight_matching_shares_org_idx on insight_matching_shares (organisation_id);
       create table insight_matching_targets (
         organisation_id uuid not null,
         skill_id uuid not null,
         wanted integer not null check (wanted between 1 and 100000),
         updated_by uuid,
         created_at timestamptz not null default now(),
         updated_at timestamptz not null default now(),
         primary key (organisation_id, skill_id)
       )`,
    );
  },
  async down(db: Kysely<any>) {
    for (const t of ['insight_matching_targets', 'insight_matching_shares']) await sql`drop table if exists ${sql.table(t)}`.execute(db);
  },
};

/** The matching part's migrations (order 71, after insight's own 70). */
export const matchingMigrations: Record<string, Migration> = {
  '71-insight-001-matching': sharesAndTargets,
};
