import { readFile } from 'node:fs/promises';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { modules } from '../../src/modules.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { type AppContext, createContext } from '../../src/platform/context.ts';
import { type DatabaseHandle, type DatabaseKind, openDatabase } from '../../src/platform/db/database.ts';
import { randomToken } from '../../src/platform/crypto.ts';
import { tempDir } from './temp.ts';

/** PostgreSQL server for the database tests; `.ci/run` starts a throwaway cluster and sets it. */
export const POSTGRES_URL = process.env.VAARDIG_TEST_DATABASE_URL;

export const TEST_SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuvwxyz';

export function testConfig(overrides: Partial<Config> = {}, env: Record<string, string> = {}): Config {
  // Removed when the test file ends (after its contexts are closed).
  const home = tempDir('test');
  return {
    ...loadConfig({ VAARDIG_HOME: home, VAARDIG_SECRET: TEST_SECRET, BASE_URL: 'http://vaardig.test', LOG_LEVEL: 'silent', ...env }),
    ...overrides,
  };
}

/**
 * An empty PostgreSQL database of its own on the test server (`<prefix>_<random>`), or a copy of
 * `template`: its URL, and `drop` to remove it (also while connections to it are open).
 */
export async function createPostgresDatabase(prefix: string, template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!POSTGRES_URL) throw new Error('VAARDIG_TEST_DATABASE_URL is not set');
  const admin = POSTGRES_URL;
  const name = `${prefix}_${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}`;
  const query = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => query(`drop database if exists ${name} with (force)`) };
}

/** A fresh, migrated database of the given kind, private to the caller. */
export async function openTestDatabase(kind: DatabaseKind): Promise<DatabaseHandle> {
  if (kind === 'pglite') {
    const template = await readFile(inject('pgliteTemplate'));
    return openDatabase({ loadDataDir: new Blob([template]) });
  }
  // A copy of the run's migrated template (test/helpers/global-setup.ts); migrating then finds nothing to do.
  const database = await createPostgresDatabase('vaardig_test', inject('postgresTemplate'));
  const handle = await openDatabase({ url: database.url });
  const close = handle.close;
  handle.close = async () => {
    await close();
    await database.drop();
  };
  return handle;
}

export async function createTestContext(kind: DatabaseKind, config: Config = testConfig()): Promise<AppContext> {
  const database = await openTestDatabase(kind);
  return createContext(config, modules, { database, log: pino({ level: 'silent' }) });
}

export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

/**
 * Runs a block of database tests once per backend: PGlite always, PostgreSQL when
 * VAARDIG_TEST_DATABASE_URL names a server (CI starts one; without it those runs show as skipped).
 * The block gets a function returning its context, which is fresh for the block and closed after it.
 */
export function describeEachDatabase(name: string, block: (ctx: () => AppContext, kind: DatabaseKind) => void, config?: () => Config) {
  for (const kind of DATABASE_KINDS) {
    const run = kind === 'postgres' && !POSTGRES_URL ? describe.skip : describe;
    run(`${name} [${kind}]`, () => {
      let ctx: AppContext | undefined;
      beforeAll(async () => {
        ctx = await createTestContext(kind, config?.());
      });
      afterAll(async () => {
        await ctx?.close();
      });
      block(() => {
        if (!ctx) throw new Error('test context is not ready');
        return ctx;
      }, kind);
    });
  }
}
