// `vaardig backup FILE` and `vaardig restore FILE` (issue 14, decision 021) on the embedded database
// and on PostgreSQL: credentials issued on one instance verify on an instance restored from its
// backup into a new home or database, public pages read the same, the backup holds the signing keys
// only sealed, and a restore refuses (changing nothing) a database that is not empty unless --force,
// a bad or cut-off file, and a backup made with another VAARDIG_SECRET.
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { issuerKeys } from '../../src/credentials/issuing/issuer.ts';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';
import { openDatabase, pgliteDataDir } from '../../src/platform/db/database.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { vaardig } from '../helpers/cli.ts';
import { createPostgresDatabase, POSTGRES_URL, TEST_SECRET } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';

const BASE_URL = 'http://badges.vaardig.test';
const RECIPIENTS = ['ada@example.org', 'bram@example.org', 'chris@example.org'];
const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

for (const kind of ['pglite', 'postgres'] as const) {
  const run = kind === 'postgres' && !POSTGRES_URL ? describe.skip : describe;
  run(`vaardig backup and restore [${kind}]`, { timeout: 180_000 }, () => {
    const dir = tempDir('backup');
    const databases: { url: string; drop: () => Promise<void> }[] = [];
    /** An instance: its own home, and on PostgreSQL its own database. */
    const instance = async (name: string, fresh = false): Promise<Record<string, string>> => {
      const env: Record<string, string> = { VAARDIG_HOME: join(dir, name), BASE_URL, DATABASE_URL: '' };
      if (kind === 'pglite' && !fresh) {
        // A home started once without demo data (migrated, empty): from the test run's migrated
        // template, as migrating a new embedded database costs most of a minute on a busy machine.
        // On PostgreSQL the databases are new, without any schema: a restore there migrates first.
        const template = await readFile(inject('pgliteTemplate'));
        const database = await openDatabase({ dataDir: pgliteDataDir(env.VAARDIG_HOME), loadDataDir: new Blob([template]) });
        await database.close();
      }
      if (kind === 'postgres') {
        const database = await createPostgresDatabase(`vaardig_backup_${name}`);
        databases.push(database);
        env.DATABASE_URL = database.url;
      }
      return env;
    };
    let original: Record<string, string>;
    let restored: Record<string, string>;
    const file = join(dir, 'vaardig.backup');
    const issued: { id: string; file: string; recipient: string }[] = [];

    /** GET `paths` from an instance (its own process's app on its database) as a signed-out visitor. */
    const pages = async (env: Record<string, string>, paths: string[]) => {
      const config = loadConfig({ ...process.env, ...env, VAARDIG_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', VAARDIG_DEMO: 'false' });
      const ctx = await createContext(config, modules, { holder: 'the backup test' });
      const app = await buildApp(ctx, { logger: false });
      try {
        const out: { status: number; body: string }[] = [];
        for (const url of paths) {
          const response = await app.inject({ method: 'GET', url });
          // The CSRF token and cookie are the visitor's own, nothing of the instance.
          out.push({
            status: response.statusCode,
            body: response.body.replace(/(name="(?:csrf-token|_csrf)" (?:content|value)=")[^"]+/g, '$1'),
          });
        }
        return out;
      } finally {
        await app.close();
        await ctx.close();
      }
    };

    beforeAll(async () => {
      original = await instance('original');
      restored = await instance('restored');
      expect((await vaardig(original, 'org', 'create', '--slug', 'werkplaats', '--name', 'De Werkplaats')).code).toBe(0);
      const achievement = await vaardig(
        original,
        ...['achievement', 'create', '--org', 'werkplaats', '--name', 'Draaibank', '--description', 'Bedient een draaibank'],
        ...['--criteria', 'Heeft het voorgedaan'],
      );
      expect(achievement.code, achievement.stderr).toBe(0);
      for (const [i, recipient] of RECIPIENTS.entries()) {
        const out = join(dir, `badge-${i}.${i === 2 ? 'jwt' : 'json'}`);
        const result = await vaardig(
          original,
          ...['issue', '--org', 'werkplaats', '--achievement', lastLine(achievement.stdout), '--recipient', recipient],
          ...['--format', i === 2 ? 'jwt' : 'json', '--out', out, '--no-mail'],
        );
        expect(result.code, result.stderr).toBe(0);
        issued.push({ id: lastLine(result.stdout), file: out, recipient });
      }
    }, 180_000);

    afterAll(async () => {
      for (const database of databases) await database.drop();
    });

    it('vaardig backup writes one file; the signing keys in it are sealed, never in plain text', async () => {
      const result = await vaardig(original, 'backup', file);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^backed up \d+ tables, \d+ rows \(schema: \d+ migrations\) to .+ \([\d.]+ MB\)\n$/);
      const text = gunzipSync(readFileSync(file)).toString('utf8');
      const header = JSON.parse(text.slice(0, text.indexOf('\n')));
      expect(header).toMatchObject({ format: 'vaardig-backup', version: 1, database: kind });
      expect(header.tables).toEqual(expect.arrayContaining(['issued_credentials', 'issuer_keys', 'users', 'organisations']));

      // The keys the original signs with, opened with its secret: none of them is in the file.
      const config = loadConfig({ ...process.env, ...original, VAARDIG_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', VAARDIG_DEMO: 'false' });
      const ctx = await createContext(config, modules, { holder: 'the backup test' });
      try {
        const organisation = await ctx.db
          .selectFrom('organisations')
          .select(['id', 'slug'])
          .where('slug', '=', 'werkplaats')
          .executeTakeFirstOrThrow();
        const keys = await issuerKeys(ctx, organisation);
        const secrets = [keys.ed25519.secret, keys.rsa.secret].map(String);
        expect(secrets.every((s) => s.length > 40)).toBe(true);
        const sealed = await ctx.db
          .selectFrom('issuer_keys')
          .select('private_key_encrypted')
          .where('organisation_id', '=', organisation.id)
          .execute();
        expect(sealed.length).toBeGreaterThanOrEqual(2);
        for (const secret of secrets) {
          expect(text.includes(secret)).toBe(false);
          // Nor a line of a PEM key's body, nor the multibase key without its prefix.
          for (const part of secret.split('\n').filter((l) => l.length > 40)) expect(text.includes(part)).toBe(false);
          expect(text.includes(secret.slice(1, 40))).toBe(false);
        }
        expect(text.includes(TEST_SECRET)).toBe(false);
        // What is there is the sealed form, as the database holds it.
        for (const row of sealed) expect(text).toContain(JSON.stringify(row.private_key_encrypted).slice(1, 41));
      } finally {
        await ctx.close();
      }
    });

    it('a bad or cut-off file is refused with a clear error and the database is left as it was', async () => {
      const untouched = await instance('untouched', true);
      const bad = join(dir, 'bad.backup');
      const cases: [string, Buffer, RegExp][] = [
        ['not gzip', Buffer.from('hello, I am not a backup'), /not a usable Vaardig backup/],
        ['another gzipped file', gzipSync('{"some":"json"}\n'), /not a Vaardig backup \(no "vaardig-backup" header\)/],
        ['cut off', readFileSync(file).subarray(0, Math.floor(readFileSync(file).length * 0.6)), /not a usable Vaardig backup/],
        [
          'one row less',
          gzipSync(dropARow(gunzipSync(readFileSync(file)).toString('utf8'))),
          /issued_credentials ends with \d+ rows .* but \d+ rows were read/,
        ],
      ];
      for (const [what, bytes, message] of cases) {
        writeFileSync(bad, bytes);
        const result = await vaardig(untouched, 'restore', bad);
        expect(result.code, what).toBe(1);
        expect(result.stderr, what).toMatch(message);
        expect(result.stderr.split('\n').length, what).toBeLessThanOrEqual(2);
      }
      const missing = await vaardig(untouched, 'restore', join(dir, 'no-such-file'));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('no file');
      // Another instance's secret cannot open the keys: refused before anything changes.
      const other = await vaardig({ ...untouched, VAARDIG_SECRET: 'another-secret-0123456789abcdefghijklmnopqrstuvwxyz' }, 'restore', file);
      expect(other.code).toBe(1);
      expect(other.stderr).toContain('another VAARDIG_SECRET');
      // Nothing was made: the database has no schema at all.
      const database = await openDatabase(
        kind === 'postgres' ? { url: untouched.DATABASE_URL } : { dataDir: pgliteDataDir(untouched.VAARDIG_HOME) },
      );
      try {
        const tables = await sql<{ n: string }>`select count(*) as n from pg_tables where schemaname = 'public'`.execute(database.db);
        expect(Number(tables.rows[0].n)).toBe(0);
      } finally {
        await database.close();
      }
    });

    it('vaardig restore into a new home or database: every credential the original issued verifies there', async () => {
      const result = await vaardig(restored, 'restore', file);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^restored \d+ tables, \d+ rows from /);
      for (const credential of issued) {
        const verified = await vaardig(restored, 'verify', '--recipient', credential.recipient, credential.file);
        const verdict = JSON.parse(verified.stdout);
        expect(
          verdict.checks.filter((c: { status: string }) => c.status === 'failed'),
          credential.file,
        ).toEqual([]);
        expect(verdict.valid).toBe(true);
        // Checked against the restored database (its DID document and status list), not the network.
        expect(verdict.checks.find((c: { check: string }) => c.check === 'status').status).toBe('ok');
      }
      // It issues too: the restored keys open with the secret.
      const more = join(dir, 'after-restore.json');
      const achievement = await vaardig(
        restored,
        'achievement',
        'create',
        '--org',
        'werkplaats',
        '--name',
        'Na herstel',
        '--description',
        'x',
        '--criteria',
        'y',
      );
      expect(achievement.code, achievement.stderr).toBe(0);
      const again = await vaardig(
        restored,
        ...['issue', '--org', 'werkplaats', '--achievement', lastLine(achievement.stdout), '--recipient', 'dana@example.org'],
        ...['--out', more, '--no-mail'],
      );
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse((await vaardig(restored, 'verify', more)).stdout).valid).toBe(true);
    });

    it('the restored instance serves the same public pages', async () => {
      const credential = JSON.parse(readFileSync(issued[0].file, 'utf8'));
      const paths = [new URL(credential.id).pathname, '/orgs/werkplaats/did.json', '/', '/verify'];
      const before = await pages(original, paths);
      const after = await pages(restored, paths);
      expect(before[0].status).toBe(200);
      expect(before[1].status).toBe(200);
      for (const [i, path] of paths.entries()) {
        expect(after[i].status, path).toBe(before[i].status);
        if (path !== '/') expect(after[i].body, path).toBe(before[i].body);
      }
    });

    it('a database that is not empty is refused unless --force, which replaces what it holds', async () => {
      const other = await instance('other');
      expect((await vaardig(other, 'org', 'create', '--slug', 'andere', '--name', 'Iets anders')).code).toBe(0);
      const refused = await vaardig(other, 'restore', file);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/The database is not empty .* add --force/);
      const forced = await vaardig(other, 'restore', '--force', file);
      expect(forced.stderr).toBe('');
      expect(forced.code).toBe(0);
      const verified = await vaardig(other, 'verify', '--recipient', issued[0].recipient, issued[0].file);
      expect(JSON.parse(verified.stdout).valid).toBe(true);
      const config = loadConfig({ ...process.env, ...other, VAARDIG_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', VAARDIG_DEMO: 'false' });
      const ctx = await createContext(config, modules, { holder: 'the backup test' });
      try {
        const slugs = await ctx.db.selectFrom('organisations').select('slug').execute();
        expect(slugs.map((s) => s.slug)).toContain('werkplaats');
        expect(slugs.map((s) => s.slug)).not.toContain('andere');
        const count = await sql<{ n: string }>`select count(*) as n from issued_credentials`.execute(ctx.db);
        expect(Number(count.rows[0].n)).toBe(RECIPIENTS.length);
      } finally {
        await ctx.close();
      }
    });
  });
}

/** The backup's text with the last row of issued_credentials taken out (its count no longer fits). */
function dropARow(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => l.startsWith('{"end":"issued_credentials"'));
  lines.splice(end - 1, 1);
  return lines.join('\n');
}
