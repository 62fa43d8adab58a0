import type { Kysely } from 'kysely';
import { type Migration, type MigrationResultSet, Migrator } from 'kysely';
import { mergeClaims, type VaardigModule } from '../module.ts';

export function moduleMigrations(modules: VaardigModule[]): Record<string, Migration> {
  return mergeClaims(
    'migration name',
    modules.map((m) => ({ owner: `module ${m.name}`, claims: m.migrations })),
  );
}

function migrator(db: Kysely<any>, modules: VaardigModule[]): Migrator {
  const migrations = moduleMigrations(modules);
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Modules add migrations independently; a later platform migration may sort before an applied module one.
    allowUnorderedMigrations: true,
  });
}

export async function migrateToLatest(db: Kysely<any>, modules: VaardigModule[]): Promise<MigrationResultSet> {
  const result = await migrator(db, modules).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const error = result.error as Error;
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${error.message}`, { cause: error });
  }
  return result;
}

export async function migrationStatus(db: Kysely<any>, modules: VaardigModule[]) {
  return migrator(db, modules).getMigrations();
}
