import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unbake } from '../../../src/credentials/baking/index.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import { modules } from '../../../src/modules.ts';
import { type RunningServer, startServer } from '../../../src/platform/server.ts';
import { createPostgresDatabase, POSTGRES_URL, TEST_SECRET } from '../../helpers/db.ts';
import { freePort, vaardig, vaardigProcess } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';

/**
 * The `vaardig` commands of the credentials module as a script runs them, each with its own
 * VAARDIG_HOME (PGlite) or DATABASE_URL (PostgreSQL). They run in this process through the same
 * `runCli` the `vaardig` entry point uses (exit codes and stderr as a shell sees them), so no test
 * waits for a fresh Node and tsx per command; where another process matters (a server holding the
 * embedded database) `node bin/vaardig.js` runs as a subprocess whose temp files (tsx's cache)
 * land in a folder this file removes.
 */
function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const kind of ['pglite', 'postgres'] as const) {
  const run = kind === 'postgres' && !POSTGRES_URL ? describe.skip : describe;
  run(`vaardig org/achievement/issue/verify [${kind}]`, () => {
    const home = tempDir('cli');
    const env: Record<string, string> = { VAARDIG_HOME: home, BASE_URL: 'http://badges.vaardig.test' };
    let database: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
    let achievementId = '';

    beforeAll(async () => {
      if (kind === 'postgres' && POSTGRES_URL) {
        database = await createPostgresDatabase('vaardig_cli');
        env.DATABASE_URL = database.url;
      }
    });
    afterAll(async () => {
      rmSync(home, { recursive: true, force: true });
      await database?.drop();
    });

    it('org create makes an issuer and prints its id last', async () => {
      const result = await vaardig(env, 'org', 'create', '--slug', 'werkplaats', '--name', 'De Werkplaats');
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('did:web:badges.vaardig.test:orgs:werkplaats');
      expect(lastLine(result.stdout)).toMatch(UUID);
    });

    it('vaardig credentials groups the same commands under the module word', async () => {
      const help = await vaardig(env, 'credentials', '--help');
      expect(help.code).toBe(0);
      for (const sub of ['achievement', 'issue', 'org', 'verify']) expect(help.stdout).toMatch(new RegExp(`^  ${sub} `, 'm'));
      expect((await vaardig(env, '--help')).stdout).toMatch(/^ {2}credentials +Open Badges credentials/m);
      const created = await vaardig(
        env,
        ...['credentials', 'achievement', 'create', '--org', 'werkplaats', '--name', 'Via de groep'],
        ...['--description', 'Gemaakt met vaardig credentials', '--criteria', 'Gedaan'],
      );
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(lastLine(created.stdout)).toMatch(UUID);
      // Usage errors exit 2 and say what is expected, in the group as under the short word.
      const usage = await vaardig(env, 'credentials', 'issue', '--org', 'werkplaats');
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('Usage: vaardig issue --org SLUG');
      const unknown = await vaardig(env, 'credentials', 'revoke');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown subcommand "credentials revoke"');
      const option = await vaardig(env, 'issue', '--colour', 'red');
      expect(option.code).toBe(2);
      expect(option.stderr).toMatch(/--colour/);
    });

    it('achievement create prints the new id as its last line; bad input is named', async () => {
      const result = await vaardig(
        env,
        ...['achievement', 'create', '--org', 'werkplaats', '--name', 'Draaibank', '--description', 'Bedient een draaibank'],
        ...['--criteria', 'Heeft het voorgedaan'],
      );
      expect(result.code).toBe(0);
      achievementId = lastLine(result.stdout);
      expect(achievementId).toMatch(UUID);
      const bad = await vaardig(env, 'achievement', 'create', '--org', 'werkplaats', '--description', 'x', '--criteria', 'y');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toBe('vaardig achievement: name: This is required.\n');
    });

    it('issue --format json and png write a credential that vaardig verify accepts (exit 0)', async () => {
      for (const format of ['json', 'png'] as const) {
        const out = join(home, `badge.${format}`);
        const issued = await vaardig(
          env,
          ...['issue', '--org', 'werkplaats', '--achievement', achievementId, '--recipient', 'leerling@example.org'],
          ...['--name', 'Leerling', '--format', format, '--out', out, '--no-mail'],
        );
        expect(issued.stderr).toBe('');
        expect(issued.code).toBe(0);
        expect(lastLine(issued.stdout)).toMatch(UUID);
        const verified = await vaardig(env, 'verify', '--recipient', 'leerling@example.org', out);
        const verdict = JSON.parse(verified.stdout);
        expect(verdict.checks.filter((c: { status: string }) => c.status === 'failed')).toEqual([]);
        expect(verdict.valid).toBe(true);
        expect(verified.code).toBe(0);
        expect(verdict.checks.find((c: { check: string }) => c.check === 'status').status).toBe('ok');
        expect(verdict.checks.find((c: { check: string }) => c.check === 'recipient').status).toBe('ok');
      }
      const baked = unbake(readFileSync(join(home, 'badge.png')));
      expect(baked).toBeTruthy();
    });

    it('issue --format jwt works for an achievement made for Data Integrity: the proof format is a default', async () => {
      const out = join(home, 'badge.jwt');
      const issued = await vaardig(
        env,
        ...['issue', '--org', 'werkplaats', '--achievement', achievementId, '--recipient', 'jwt@example.org'],
        ...['--format', 'jwt', '--out', out, '--no-mail'],
      );
      expect(issued.stderr).toBe('');
      expect(issued.code).toBe(0);
      const jwt = readFileSync(out, 'utf8');
      expect(jwt).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'RS256' });
      const verified = await vaardig(env, 'verify', '--recipient', 'jwt@example.org', out);
      expect(JSON.parse(verified.stdout).valid, verified.stdout).toBe(true);
      // --proof picks the other format for any output file.
      const json = join(home, 'badge-jwt.json');
      const chosen = await vaardig(
        env,
        ...['issue', '--org', 'werkplaats', '--achievement', achievementId, '--recipient', 'jwt2@example.org'],
        ...['--proof', 'vc-jwt', '--out', json, '--no-mail'],
      );
      expect(chosen.code).toBe(0);
      expect(JSON.parse(readFileSync(json, 'utf8')).proof).toBeUndefined();
      const wrong = await vaardig(
        env,
        ...['issue', '--org', 'werkplaats', '--achievement', achievementId, '--recipient', 'x@example.org'],
        ...['--proof', 'rsa', '--out', json, '--no-mail'],
      );
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('proofFormat: Choose eddsa-rdfc-2022 or vc-jwt.');
    });

    it('vaardig verify: a tampered credential exits 1 with the reason, garbage exits 2', async () => {
      const credential = JSON.parse(readFileSync(join(home, 'badge.json'), 'utf8'));
      credential.credentialSubject.achievement.name = 'Iets anders';
      const tampered = join(home, 'tampered.json');
      writeFileSync(tampered, JSON.stringify(credential));
      const result = await vaardig(env, 'verify', tampered);
      expect(result.code).toBe(1);
      const verdict = JSON.parse(result.stdout);
      expect(verdict.valid).toBe(false);
      expect(verdict.checks.find((c: { check: string }) => c.check === 'proof').status).toBe('failed');

      const garbage = join(home, 'garbage.txt');
      writeFileSync(garbage, 'not a badge at all');
      const unusable = await vaardig(env, 'verify', garbage);
      expect(unusable.code).toBe(2);
      expect(JSON.parse(unusable.stdout)).toMatchObject({ valid: false, checks: [] });
      const missing = await vaardig(env, 'verify', join(home, 'no-such-file.json'));
      expect(missing.code).toBe(2);
    });
  });
}

describe('vaardig verify while a server holds the embedded database', () => {
  const home = tempDir('cli-server');
  // The subprocesses' own temp files (tsx's cache) go here, and leave with it.
  const tmp = tempDir('cli-server-tmp');
  let server: RunningServer | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    const port = await freePort();
    env = { VAARDIG_HOME: home, BASE_URL: `http://127.0.0.1:${port}` };
    // Set up the instance with the CLI first (the database is free), then start the server on it.
    expect((await vaardig(env, 'org', 'create', '--slug', 'atelier', '--name', 'Atelier')).code).toBe(0);
    const created = await vaardig(
      env,
      ...['achievement', 'create', '--org', 'atelier', '--name', 'Lassen'],
      ...['--description', 'Kan lassen', '--criteria', 'Gelast'],
    );
    expect(created.code).toBe(0);
    const issued = await vaardig(
      env,
      ...['issue', '--org', 'atelier', '--achievement', lastLine(created.stdout), '--recipient', 'lasser@example.org'],
      ...['--no-mail', '--out', join(home, 'badge.json')],
    );
    expect(issued.code).toBe(0);
    server = await startServer(
      {
        ...loadConfig({
          ...env,
          VAARDIG_SECRET: TEST_SECRET,
          LOG_LEVEL: 'silent',
          VAARDIG_DEMO: 'false',
          PORT: String(port),
          HOST: '127.0.0.1',
        }),
      },
      modules,
    );
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('reads the did:web document and status list through the server’s public URLs (exit 0), not failing on the lock', async () => {
    const result = await vaardigProcess(env, tmp, 'verify', join(home, 'badge.json'));
    expect(result.stderr).not.toMatch(/in use by/);
    const verdict = JSON.parse(result.stdout);
    expect(verdict.checks.filter((c: { status: string }) => c.status !== 'ok' && c.status !== 'skipped')).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(result.code).toBe(0);
    expect(verdict.checks.find((c: { check: string }) => c.check === 'status').message).toMatch(/Not revoked/);
    // And a command that needs the database itself names the server holding it.
    const blocked = await vaardigProcess(env, tmp, 'org', 'create', '--slug', 'tweede', '--name', 'Tweede');
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toMatch(/in use by the Vaardig server/);
  });
});
