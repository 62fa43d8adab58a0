import { type Kysely, sql } from 'kysely';

/**
 * Runs a script of SQL statements one by one: PGlite's extended protocol (what Kysely uses) takes
 * one statement per query. Statements end with a semicolon at the end of a line.
 */
export async function runStatements(db: Kysely<any>, script: string): Promise<void> {
  for (const statement of script.split(/;\s*(?:\n|$)/)) {
    if (statement.trim()) await sql.raw(statement).execute(db);
  }
}
