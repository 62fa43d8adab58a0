import type { Kysely, Migration } from 'kysely';
import { runStatements } from '../../platform/db/statements.ts';

/**
 * A failed import run keeps its error as a code with parameters (file, line, …), so the import page
 * says it in the reader's language; `error` keeps the message as it was thrown.
 */
const errorCode: Migration = {
  async up(db: Kysely<any>) {
    await runStatements(
      db,
      `
      alter table skill_imports add column error_code text;
      alter table skill_imports add column error_params jsonb;
    `,
    );
  },
};

export const escoMigrations: Record<string, Migration> = {
  '10-skills-040-esco-error-code': errorCode,
};
