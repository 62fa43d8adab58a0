import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotPath } from '../../../src/labour-market/extraction/service.ts';
import { modules } from '../../../src/modules.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import { createContext } from '../../../src/platform/context.ts';
import { type RunningServer, startServer } from '../../../src/platform/server.ts';
import { CLI_BASE_ENV, freePort, vaardig, vaardigProcess } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/temp.ts';
import { makeUser } from '../../skills/library/helpers.ts';
import { FORKLIFT, seedLibrary } from './library.ts';

/**
 * `vaardig extract`: JSON lines in, JSON lines out in the same order, bad lines answered in place,
 * usage errors; and while a server holds the embedded database, a `vaardig extract` process of its
 * own works from the library the server wrote to VAARDIG_HOME/cache.
 */
const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

/** A VAARDIG_HOME with the small library in its embedded database; returns an API token. */
async function prepareHome(env: Record<string, string>): Promise<string> {
  const ctx = await createContext(loadConfig({ ...CLI_BASE_ENV, ...env }), modules, { log: pino({ level: 'silent' }) });
  try {
    await seedLibrary(ctx);
    return (await makeUser(ctx, 'Analyst')).token;
  } finally {
    await ctx.close();
  }
}

const INPUT = [
  JSON.stringify({ id: 1, text: 'Je rijdt dagelijks op de heftruck.' }),
  JSON.stringify({ id: 'b', text: 'You work in teams.' }),
  'not json',
  JSON.stringify({ id: 3 }),
  '',
  JSON.stringify({ id: 4, text: 'Nothing to see here.' }),
].join('\n');

describe('vaardig extract', () => {
  const home = tempDir('extract-cli');
  const env = { VAARDIG_HOME: home, BASE_URL: 'http://vaardig.test' };
  const input = join(home, 'input.jsonl');

  beforeAll(async () => {
    await prepareHome(env);
    writeFileSync(input, INPUT);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('prints one JSON line per input line, in order, best skills first; bad lines say why (exit 1)', async () => {
    // The small library gives modest scores: --min-score takes them in.
    const run = await vaardig(env, 'extract', '--min-score', '0.1', input);
    expect(run.code).toBe(1);
    const out = lines(run.stdout);
    expect(out.map((o) => o.id)).toEqual([1, 'b', null, 3, 4]);
    expect(out[0].skills[0]).toMatchObject({ esco: FORKLIFT, label: 'operate forklift' });
    expect(Object.keys(out[0].skills[0]).sort()).toEqual(['esco', 'label', 'score', 'spans', 'uri']);
    expect(out[0].skills[0].spans).toEqual([[25, 33]]);
    expect(out[1].skills.map((s: { label: string }) => s.label)).toContain('work in teams');
    expect(out[2].error).toBe('line 3: not JSON');
    expect(out[3].error).toBe('line 4: text is missing or not a string');
    expect(out[4].skills).toEqual([]);
    // A file with good lines only exits 0; --limit and --lang are honoured.
    writeFileSync(join(home, 'good.jsonl'), `${INPUT.split('\n')[0]}\n`);
    const good = await vaardig(env, 'extract', '--lang', 'nl', '--limit', '1', '--min-score', '0.1', join(home, 'good.jsonl'));
    expect(good.code).toBe(0);
    expect(lines(good.stdout)[0].skills).toHaveLength(1);
  });

  it('gives the same lines, in the same order, on worker threads (--workers)', async () => {
    // More lines than the workers take ahead, with bad lines among them.
    const many = Array.from({ length: 470 }, (_, i) => {
      const line = INPUT.split('\n')[i % 6]!;
      return line.startsWith('{') ? JSON.stringify({ ...JSON.parse(line), id: i }) : line;
    }).join('\n');
    writeFileSync(join(home, 'many.jsonl'), many);
    const one = await vaardig(env, 'extract', '--min-score', '0.1', join(home, 'many.jsonl'));
    // (The workers' tsx keeps its cache in a folder of the test's.)
    const two = await vaardig(
      { ...env, TMPDIR: tempDir('extract-workers') },
      'extract',
      '--min-score',
      '0.1',
      '--workers',
      '2',
      join(home, 'many.jsonl'),
    );
    expect(two.stderr).toBe('');
    expect(two.code).toBe(1);
    expect(lines(one.stdout)).toHaveLength(392);
    expect(two.stdout).toBe(one.stdout);
  }, 60_000);

  it('refuses bad usage with exit 2', async () => {
    for (const args of [
      [],
      ['--lang', 'fr', input],
      ['--limit', '0', input],
      ['--min-score', '2', input],
      ['--workers', '0', input],
      ['--workers', 'many', input],
      [join(home, 'missing.jsonl')],
    ]) {
      const run = await vaardig(env, 'extract', ...args);
      expect(run.code, args.join(' ')).toBe(2);
    }
  });
});

describe('vaardig extract while a server holds the embedded database', () => {
  const home = tempDir('extract-server');
  const tmp = tempDir('extract-server-tmp');
  let server: RunningServer | undefined;
  let env: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    const port = await freePort();
    env = { VAARDIG_HOME: home, BASE_URL: `http://127.0.0.1:${port}` };
    token = await prepareHome(env);
    writeFileSync(join(home, 'input.jsonl'), INPUT.split('\n')[0]!);
    server = await startServer({ ...loadConfig({ ...CLI_BASE_ENV, ...env, PORT: String(port), HOST: '127.0.0.1' }) }, modules);
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('works from the library the server wrote, not failing on the lock (on worker threads too)', async () => {
    // The server writes the library when it first extracts (and a little after it starts).
    const response = await fetch(`${env.BASE_URL}/api/v1/extract`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Heftruck rijden.' }),
    });
    expect(response.status).toBe(200);
    expect(existsSync(snapshotPath(home))).toBe(true);
    const run = await vaardigProcess(env, tmp, 'extract', '--min-score', '0.1', '--workers', '2', join(home, 'input.jsonl'));
    expect(run.stderr).not.toMatch(/in use by/);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]).toMatchObject({ id: 1, skills: [{ esco: FORKLIFT }] });
  });
});
