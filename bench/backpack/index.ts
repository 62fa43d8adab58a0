// The backpack with 1,000 credentials (issue 8): the person's backpack page, their public profile
// and a page of the Open Badges 3.0 API's getCredentials, fetched over HTTP from a real listening
// server, against a static file of the same server in the same run (the ratio), on PGlite and on
// PostgreSQL (VAARDIG_BENCH_DATABASE_URL or VAARDIG_TEST_DATABASE_URL: a database of its own is made
// there and dropped after). Target: p95 <= 50 ms for each page. Also, in-process, the backpack's
// paged read of credentials (credentialItems) that the API's page is built on.
//   node --import tsx bench/backpack/index.ts          (alone)
//   npm run bench -- backpack                          (through the shared runner)
//   BENCH_BACKPACK_CREDENTIALS=1000  BENCH_BACKPACK_ROUNDS=100  (defaults)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { addConfirmedAddress, addMember, createOrganisation, createUser, getCurrentUser } from '../../src/accounts/api.ts';
import { credentialItems } from '../../src/backpack/api.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { type RunningServer, startServer } from '../../src/platform/server.ts';
import { createSkill } from '../../src/skills/library/service.ts';
import { ALL_SCOPES, browserAuthorizes, CookieJar, freePort, OAuthTestClient } from '../../test/openbadges-api/client.ts';

const CREDENTIALS = Number(process.env.BENCH_BACKPACK_CREDENTIALS ?? 1000);
const ROUNDS = Number(process.env.BENCH_BACKPACK_ROUNDS ?? 100);
const WARMUP = 10;
const TARGET_P95_MS = 50;
const ACHIEVEMENTS = 40;
const SKILLS = 12;
const PASSWORD = 'correct horse battery';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A person with CREDENTIALS badges from one organisation (to two confirmed addresses), all accepted, a public collection and a published profile. */
export async function seed(server: RunningServer): Promise<{ email: string; handle: string }> {
  const { ctx } = server;
  const started = performance.now();
  const issuerAccount = await createUser(ctx.db, { name: 'Ida Issuer', email: 'ida@bench.test', password: PASSWORD, emailConfirmed: true });
  const issuer = (await getCurrentUser(ctx.db, issuerAccount.id))!;
  const { id: orgId } = await createOrganisation(ctx.db, {
    slug: 'maasdal',
    name: 'Maasdal Techniek',
    kind: 'employer',
    description: 'Bench',
  });
  await addMember(ctx.db, orgId, issuer.id, 'owner');
  const skills: string[] = [];
  for (let i = 0; i < SKILLS; i++)
    skills.push(
      (
        await createSkill(ctx, issuer, {
          organisationId: orgId,
          name: { en: `Bench skill ${i}`, nl: `Benchvaardigheid ${i}` },
          statement: { en: `Can do bench task ${i}.`, nl: `Kan benchtaak ${i} uitvoeren.` },
          categories: [`Group ${i % 3}`],
          status: 'published',
        })
      ).id,
    );
  const achievements: string[] = [];
  for (let i = 0; i < ACHIEVEMENTS; i++)
    achievements.push(
      (
        await createAchievement(ctx, issuer, 'maasdal', {
          name: `Badge ${i + 1}`,
          description: `Bench badge number ${i + 1}.`,
          criteriaNarrative: 'Did the work.',
          skills: [skills[i % SKILLS], skills[(i * 7 + 3) % SKILLS]].filter((s, j, all) => all.indexOf(s) === j),
          language: 'nl',
        })
      ).id,
    );
  const email = 'eva@bench.test';
  const second = 'eva.werk@bench.test';
  const { id: userId } = await createUser(ctx.db, { name: 'Eva Earner', email, password: PASSWORD, emailConfirmed: true, locale: 'nl' });
  await addConfirmedAddress(ctx.db, userId, second);
  for (let i = 0; i < CREDENTIALS; i++)
    await issueCredential(ctx, issuer, 'maasdal', {
      achievementId: achievements[i % ACHIEVEMENTS],
      recipient: { email: i % 4 === 3 ? second : email, name: 'Eva Earner' },
      notify: false,
    });
  console.log(`  seeded ${CREDENTIALS} credentials in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { email, handle: 'eva-earner' };
}

/** Signs in over HTTP as a browser does; the jar then holds the session. */
export async function signIn(base: string, email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  csrf = '';
  const page = await (await jar.fetch(`${base}/signin`)).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const response = await jar.fetch(`${base}/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password: PASSWORD }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  return jar;
}

let csrf = '';

async function formPost(jar: CookieJar, base: string, path: string, form: Record<string, string>): Promise<Response> {
  if (!csrf) csrf = /name="csrf-token" content="([^"]+)"/.exec(await (await jar.fetch(`${base}/backpack/profile`)).text())?.[1] ?? '';
  const response = await jar.fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
  });
  if (response.status !== 303) throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response;
}

/** Through the person's own pages: accept every badge, a public collection of 12, publish the profile with skills. */
export async function arrange(server: RunningServer, jar: CookieJar, handle: string): Promise<void> {
  const base = server.url;
  // The first read of the backpack adds the issued credentials to it.
  const first = await jar.fetch(`${base}/backpack`);
  if (first.status !== 200) throw new Error(`/backpack answered ${first.status}`);
  await first.text();
  await server.ctx.db.updateTable('backpack_items').set({ state: 'accepted', seen_at: new Date() }).execute();
  const created = await formPost(jar, base, '/backpack/collections', { name: 'Lassen', description: 'Mijn lasbadges', isPublic: 'on' });
  const collection = new URL(created.headers.get('location') ?? '', base).pathname.split('/').pop() ?? '';
  const items = await server.ctx.db.selectFrom('backpack_items').select('id').orderBy('created_at').limit(12).execute();
  for (const item of items) await formPost(jar, base, `/backpack/collections/${collection}/items`, { item: item.id });
  await formPost(jar, base, '/backpack/profile', {
    handle,
    displayName: 'Eva Earner',
    bio: 'Lasser in opleiding.',
    published: 'on',
    showSkills: 'on',
  });
}

/** A wallet's access token, through registration and the person's consent over HTTP. */
async function walletToken(base: string, jar: CookieJar): Promise<{ client: OAuthTestClient; token: string }> {
  const client = new OAuthTestClient(base, 'Bench Wallet');
  await client.register();
  const request = client.authorizationRequest(ALL_SCOPES);
  const { location } = await browserAuthorizes(jar, base, request.url);
  const tokens = await client.exchange(location.searchParams.get('code') ?? '', request.verifier);
  return { client, token: tokens.access_token };
}

interface Target {
  name: string;
  fetch: () => Promise<Response>;
}

/** One backend: its own server, seeded; every target once per round, in turn, so load swings hit all alike. */
async function measure(label: string, env: Record<string, string>): Promise<void> {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'vaardig-bench-backpack-'));
  const config = loadConfig(
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      VAARDIG_HOME: home,
      VAARDIG_SECRET: 'bench-secret-0123456789abcdefghijklmnopqrstuvwxyz',
      LOG_LEVEL: 'warn',
      ...env,
    },
    { demo: false },
  );
  const server = await startServer(config, modules);
  try {
    console.log(`${label}:`);
    const { email, handle } = await seed(server);
    const jar = await signIn(server.url, email);
    await arrange(server, jar, handle);
    const { client, token } = await walletToken(server.url, jar);
    const { id: userId } = await server.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    const base = server.url;
    const targets: Target[] = [
      { name: 'static file (reference)', fetch: () => fetch(`${base}/assets/vaardig.css`) },
      { name: 'backpack page', fetch: () => jar.fetch(`${base}/backpack`) },
      { name: 'public profile', fetch: () => fetch(`${base}/p/${handle}`, { headers: { 'accept-language': 'nl' } }) },
      { name: 'getCredentials (limit 100)', fetch: () => client.api(token, '/credentials?limit=100&offset=0') },
      // In-process, no HTTP: the backpack's paged read the API's page could use (src/backpack/api.ts credentialItems).
      {
        name: 'credentialItems (limit 100)',
        fetch: async () => {
          const page = await credentialItems(server.ctx, userId, { offset: 0, limit: 100 });
          return new Response(JSON.stringify({ credential: page.items.map((i) => i.jwt ?? i.document) }), {
            headers: { 'x-total-count': String(page.total) },
          });
        },
      },
    ];
    const sizes = new Map<string, number>();
    for (const target of targets) {
      const response = await target.fetch();
      const body = await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${target.name} answered ${response.status}`);
      sizes.set(target.name, body.byteLength);
      if (target.name.startsWith('getCredentials') || target.name.startsWith('credentialItems'))
        console.log(`  ${target.name}: X-Total-Count ${response.headers.get('x-total-count')}`);
    }
    const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    // CPU time of this process per request (server, client and, on PGlite, the database): unlike
    // the wall time, it hardly grows when other processes load the machine.
    const cpu = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      for (const target of targets) {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        const response = await target.fetch();
        await response.arrayBuffer();
        const elapsed = performance.now() - started;
        const used = process.cpuUsage(cpuBefore);
        if (response.status !== 200) throw new Error(`${target.name} answered ${response.status}`);
        if (round >= WARMUP) {
          times.get(target.name)?.push(elapsed);
          cpu.get(target.name)?.push((used.user + used.system) / 1000);
        }
      }
    }
    const reference = [...(times.get(targets[0].name) ?? [])].sort((a, b) => a - b);
    const ref50 = percentile(reference, 50);
    for (const target of targets) {
      const sorted = [...(times.get(target.name) ?? [])].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p95 = percentile(sorted, 95);
      const cpu50 = percentile(
        [...(cpu.get(target.name) ?? [])].sort((a, b) => a - b),
        50,
      );
      const verdict =
        target === targets[0]
          ? ''
          : `  ${(p50 / ref50).toFixed(1)}x the reference at p50  (target p95 <= ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? 'met' : 'MISSED'})`;
      console.log(
        `  ${target.name.padEnd(27)} p50 ${ms(p50).padStart(9)}  p95 ${ms(p95).padStart(9)}  max ${ms(sorted.at(-1) ?? 0).padStart(9)}  cpu p50 ${ms(cpu50).padStart(8)}  ${String(Math.round((sizes.get(target.name) ?? 0) / 1024)).padStart(5)} kB${verdict}`,
      );
    }
  } finally {
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  console.log(`${CREDENTIALS} credentials, ${ROUNDS} rounds after ${WARMUP} to warm up; each round fetches every page once, in turn`);
  await measure('PGlite', {});
  const serverUrl = process.env.VAARDIG_BENCH_DATABASE_URL ?? process.env.VAARDIG_TEST_DATABASE_URL;
  if (!serverUrl) {
    console.log('PostgreSQL: skipped (set VAARDIG_BENCH_DATABASE_URL or VAARDIG_TEST_DATABASE_URL)');
    return;
  }
  const name = `vaardig_bench_backpack_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    await measure('PostgreSQL', { DATABASE_URL: url.toString() });
  } finally {
    // The job queue's last connection closes just after the server stops.
    await new Promise((done) => setTimeout(done, 1000));
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
