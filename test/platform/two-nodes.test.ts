// Several app nodes on one PostgreSQL database (issue 14): two real server processes
// (bin/vaardig.js serve) on different ports share DATABASE_URL and VAARDIG_SECRET, as they would
// behind a load balancer, and both run job workers. The node that picks up a bulk issue dies
// (SIGKILL) while it runs and the other finishes it, with exactly one credential per row; a session
// and CSRF token from one node work on the other. docs/operations.md says how to run Vaardig this
// way; decision 020 why nothing more is needed.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { csvOf } from '../../bench/chaos/chaos.ts';
import { Api, Browser, DEMO_OPERATOR, DEMO_PASSWORD } from '../../bench/chaos/client.ts';
import { freePort, type ServerOptions, ServerProcess } from '../../bench/chaos/server.ts';
import { storedFacts } from '../../bench/chaos/stored.ts';
import type { ListedCredential } from '../../bench/chaos/verify.ts';
import { listCredentials } from '../../bench/chaos/verify.ts';
import { cpuMs } from '../../bench/proc.ts';
import { createPostgresDatabase, POSTGRES_URL } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Rows of the bulk issue: enough that it still runs a moment after its first progress (the busy node
 * is found and killed then), few enough that the other node finishes it quickly.
 */
const ROWS = 2500;
/** Credentials verified on the surviving node (POST /api/v1/verify allows 60 a minute per address). */
const VERIFIED_SAMPLE = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Progress {
  status: string;
  total: number;
  done: number;
  issued: number;
  failed: number;
}

const title = POSTGRES_URL
  ? 'two app nodes on one PostgreSQL database'
  : 'two app nodes on one PostgreSQL database (skipped: VAARDIG_TEST_DATABASE_URL is not set; CI sets it)';

(POSTGRES_URL ? describe : describe.skip)(title, () => {
  let drop: () => Promise<void> = async () => {};
  let nodeOptions: (n: 1 | 2) => ServerOptions;
  const nodes: ServerProcess[] = [];

  beforeAll(async () => {
    const database = await createPostgresDatabase('vaardig_nodes');
    drop = database.drop;
    const dir = tempDir('two-nodes');
    mkdirSync(join(dir, 'data'));
    const secret = randomBytes(24).toString('base64url');
    const ports = [await freePort(), await freePort()];
    nodeOptions = (n) => ({
      home: join(dir, `node${n}`),
      port: ports[n - 1],
      // One public origin for both, as behind a load balancer: credentials and the DID are built on it.
      baseUrl: 'http://vaardig-nodes.test',
      databaseUrl: database.url,
      secret,
      dataDir: join(dir, 'data'),
      logFile: join(dir, `node${n}.log`),
      // tsx's cache of compiled sources outlives the run (the test run's own temp folder must end empty).
      env: { TMPDIR: process.env.VAARDIG_BENCH_CACHE_DIR ?? tmpdir() },
    });
  }, 60_000);

  afterAll(async () => {
    for (const node of nodes) await node.kill();
    await drop();
  });

  const start = async (n: 1 | 2) => {
    const node = await ServerProcess.start(nodeOptions(n));
    nodes.push(node);
    return node;
  };

  test('the node running a bulk issue is killed and the other finishes it, one credential per row', { timeout: 240_000 }, async () => {
    // Node 1 makes the schema and the demo network; node 2 starts on the database as it is then.
    const node1 = await start(1);
    const node2 = await start(2);
    const browser = new Browser(node1.url);
    await browser.signIn(DEMO_OPERATOR, DEMO_PASSWORD);
    const token = await browser.createToken('two nodes');
    const api1 = new Api(node1.url, token);
    await api1.call('POST', '/organisations', {
      slug: 'two-nodes',
      name: 'Two Nodes',
      kind: 'school',
      description: 'Issues from either node.',
    });
    const achievement = await api1.call<{ id: string }>('POST', '/organisations/two-nodes/achievements', {
      name: 'Outlived its node',
      description: 'Issued by a job that moved from one node to another.',
      criteriaNarrative: 'Be a row.',
      resultDescriptions: [{ name: 'score' }],
    });
    const { emails, csv } = csvOf(ROWS);
    const bulk = await api1.call<{ id: string }>('POST', `/organisations/two-nodes/achievements/${achievement.id}/bulk`, {
      csv,
      notify: false,
    });
    const progress = (api: Api) => api.call<Progress>('GET', `/organisations/two-nodes/bulk/${bulk.id}`);

    // Either node's worker may have taken the job: the one that works (signing uses its CPU) is killed.
    let seen = await progress(api1);
    for (let until = Date.now() + 60_000; seen.done === 0 && Date.now() < until; await sleep(50)) seen = await progress(api1);
    expect(seen.done, 'no progress within 60 s').toBeGreaterThan(0);
    const before = [cpuMs(node1.pid), cpuMs(node2.pid)];
    await sleep(500);
    const used = [cpuMs(node1.pid) - before[0], cpuMs(node2.pid) - before[1]];
    const [busy, idle] = used[0] >= used[1] ? [node1, node2] : [node2, node1];
    expect(Math.max(...used), `CPU ticks of the nodes: ${used}`).toBeGreaterThan(2 * Math.min(...used));
    await busy.kill();
    const apiLeft = new Api(idle.url, token);
    seen = await progress(apiLeft);
    expect(seen.status, 'the job ended before its node could be killed: make ROWS larger').toBe('running');
    const doneAtKill = seen.done;
    expect(doneAtKill).toBeLessThan(ROWS);

    // The other node takes the job over once the dead one's heartbeat has stopped (decision 009: ~20 s).
    const killedAt = Date.now();
    let resumedAfter: number | undefined;
    for (;;) {
      seen = await progress(apiLeft);
      if (resumedAfter === undefined && seen.done > doneAtKill) resumedAfter = (Date.now() - killedAt) / 1000;
      if (seen.status === 'done' || seen.status === 'failed') break;
      expect(Date.now() - killedAt, `no end within 120 s of the kill (${seen.done}/${ROWS})`).toBeLessThan(120_000);
      await sleep(250);
    }
    expect(resumedAfter, 'the surviving node never went on with the job').toBeDefined();
    // About 15 s (heartbeat 10 s + a takeover round of 5 s + a poll); the bound is loose for busy
    // machines and catches what matters: not the job's lease (15 min) nor pg-boss's retry rounds.
    expect(resumedAfter as number).toBeLessThanOrEqual(60);
    expect(seen).toMatchObject({ status: 'done', total: ROWS, done: ROWS, issued: ROWS, failed: 0 });

    // One credential per row, none doubled, in the API and in the database.
    const listed = await listCredentials(apiLeft, 'two-nodes', achievement.id);
    expect(listed).toHaveLength(ROWS);
    expect(new Set(listed.map((c) => c.recipientEmail))).toEqual(new Set(emails));
    const stored = await storedFacts({ home: nodeOptions(1).home, databaseUrl: nodeOptions(1).databaseUrl }, bulk.id);
    expect(stored).toMatchObject({ credentials: ROWS, duplicates: 0, missing: 0, rowsAstray: 0 });
    expect(stored.counters).toMatchObject({ status: 'done', total: ROWS, done: ROWS, issued: ROWS, failed: 0 });

    // Credentials signed by either node verify on the one left: a sample from before and after the kill.
    const step = Math.floor(ROWS / VERIFIED_SAMPLE);
    const sample: ListedCredential[] = listed.filter((_, i) => i % step === 0).slice(0, VERIFIED_SAMPLE);
    for (const item of sample) {
      const verdict = await apiLeft.call<{ valid: boolean; checks: { check: string; status: string }[] }>('POST', '/verify', {
        credential: item.credential,
      });
      expect(verdict.valid, `${item.id}: ${JSON.stringify(verdict.checks.filter((c) => c.status === 'failed'))}`).toBe(true);
    }
  });

  test('a session and CSRF token from one node work on the other: sign in on one, post a form on the other', {
    timeout: 180_000,
  }, async () => {
    const node1 = nodes.find((n) => n.running && n.options.port === nodeOptions(1).port) ?? (await start(1));
    const node2 = nodes.find((n) => n.running && n.options.port === nodeOptions(2).port) ?? (await start(2));
    const browser = new Browser(node1.url);
    await browser.signIn(DEMO_OPERATOR, DEMO_PASSWORD);
    await browser.page('/account'); // node 1's page: its CSRF token

    // The same cookies and token on node 2.
    browser.origin = node2.url;
    const name = `Olga ${randomBytes(3).toString('hex')}`;
    const posted = await browser.form('/account', { name, locale: 'en' });
    expect(posted.status, posted.html.slice(0, 500)).toBe(303);
    expect(posted.location).toBe('/account');

    // Back on node 1: the change is there, and so is the flash message node 2 set.
    browser.origin = node1.url;
    const account = await browser.page('/account');
    expect(account.status).toBe(200);
    expect(account.html).toContain(name);
    expect(account.html).toContain('Your profile is saved.');

    // A form without the token is refused on either node; an API token made on one works on the other.
    browser.origin = node2.url;
    const forged = await browser.form('/account', { name: 'Forged', locale: 'en', _csrf: 'not-the-token' });
    expect(forged.status).toBe(403);
    browser.origin = node1.url;
    const token = await browser.createToken('from node 1');
    const me = await new Api(node2.url, token).call<{ items: { slug: string }[] }>('GET', '/organisations');
    expect(me.items.length).toBeGreaterThan(0);

    // Signing out on node 2 ends the session on node 1 as well (its cookie, kept, no longer counts).
    const session = browser.cookies.get('vaardig_session') as string;
    browser.origin = node2.url;
    await browser.page('/account');
    const out = await browser.form('/signout', {});
    expect(out.status).toBe(303);
    browser.cookies.set('vaardig_session', session);
    browser.origin = node1.url;
    const after = await browser.request('GET', '/account');
    expect([302, 303]).toContain(after.status);
    expect(after.headers.get('location')).toBe('/signin?next=%2Faccount');
  });
});
