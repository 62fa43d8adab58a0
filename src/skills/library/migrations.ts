import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

/** Structured occupations on own skills (RSD `occupations`), see `OccupationReference`. */
const occupations: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      alter table skills add column occupations jsonb not null default '[]';
      create index skills_source_org_idx on skills (source, organisation_id, status);
      create index alignment_suggestions_skill_idx on alignment_suggestions (skill_id, status, score desc);
      create index collections_org_idx on collections (organisation_id, status);
    `,
    );
  },
};

export const libraryMigrations: Record<string, Migration> = {
  '10-skills-030-library-occupations': occupations,
};
