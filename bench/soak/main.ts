// npm run soak -- [--minutes M] [--rate R] [--database-url URL] [--warm-up-minutes W] [--max-growth P]
// The soak run (issue 14): starts the real server (bin/vaardig.js serve, demo network) in a
// temporary VAARDIG_HOME and drives a mix of public pages, skill search, verification, issuing and
// sign-ins at a fixed rate (R requests a second, default 10, sent on schedule whether or not earlier
// ones have answered) for M minutes (default 10). Every 10 s it prints the errors so far, each
// route's p99 over those 10 s and the server's resident memory (RSS). The last line is
// `errors E p99 <route>=<ms> … memory-growth G%`, the growth being the RSS at the end (median of
// the last three samples) against the RSS after the warm-up (median of the samples of the minute
// after it; default warm-up 2 minutes, less for short runs). Exit 1 when there were errors or the
// memory grew more than --max-growth percent (default 10).
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Api, Browser, DEMO_OPERATOR, DEMO_PASSWORD } from '../chaos/client.ts';
import { summarise } from '../chaos/latency.ts';
import { freePort, ServerProcess } from '../chaos/server.ts';
import { memoryMb } from '../proc.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '10' },
    'database-url': { type: 'string' },
    'warm-up-minutes': { type: 'string' },
    'max-growth': { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const number = (name: string, raw: string, min: number, max: number) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`soak: --${name} must be a number from ${min} to ${max}, got "${raw}"`);
    process.exit(2);
  }
  return n;
};
const minutes = number('minutes', values.minutes, 0.1, 24 * 60);
const rate = number('rate', values.rate, 0.1, 500);
const warmUpMinutes = number('warm-up-minutes', values['warm-up-minutes'] ?? String(Math.min(2, minutes / 5)), 0, minutes);
const maxGrowth = number('max-growth', values['max-growth'], 0, 1000);

/** The demo's people, all with the demo password: sign-ins spread over them (correct passwords only). */
const PEOPLE = ['operator@demo.vaardig.local', 'analyst@demo.vaardig.local', 'learner@demo.vaardig.local', 'jobseeker@demo.vaardig.local'];
const SEARCHES = ['samenwerken', 'communicatie', 'programming', 'klantgericht', 'lassen', 'data analyse', 'leadership', 'zorg'];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : 0;
};

const dir = mkdtempSync(join(tmpdir(), 'vaardig-soak-'));
const dataDir = join(dir, 'data');
mkdirSync(dataDir);
const server = await ServerProcess.start({
  home: join(dir, 'home'),
  port: await freePort(),
  databaseUrl: values['database-url'],
  secret: randomBytes(24).toString('base64url'),
  dataDir,
  logFile: join(dir, 'server.log'),
});
const origin = server.url;
let exitCode = 1;
try {
  // Set up as a person would: an API token, an issuer, a badge, one credential to verify and show.
  const operator = new Browser(origin);
  await operator.signIn(DEMO_OPERATOR, DEMO_PASSWORD);
  const api = new Api(origin, await operator.createToken('soak'));
  const slug = `soak-${randomBytes(3).toString('hex')}`;
  await api.call('POST', '/organisations', { slug, name: 'Soak Test', kind: 'school', description: 'Issues while the soak runs.' });
  const achievement = await api.call<{ id: string }>('POST', `/organisations/${slug}/achievements`, {
    name: 'Stayed the course',
    description: 'Issued during the soak run.',
    criteriaNarrative: 'Be issued.',
  });
  const sample = await api.call<{ url: string; credential: unknown }>('POST', `/organisations/${slug}/credentials`, {
    achievementId: achievement.id,
    recipient: { email: 'sample@example.org', name: 'Sample' },
    notify: false,
  });
  const badgePage = new URL(sample.url).pathname;
  const pages = ['/', '/skills', '/verify', badgePage, `/orgs/${slug}`];
  let issuedCount = 0;
  let signIns = 0;

  type Route = { name: string; weight: number; run: () => Promise<void> };
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(what);
  };
  const get = async (path: string, accept = 'text/html') => {
    const response = await fetch(`${origin}${path}`, { headers: { accept }, signal: AbortSignal.timeout(30_000) });
    await response.arrayBuffer();
    expect(response.status === 200, `GET ${path}: HTTP ${response.status}`);
  };
  const routes: Route[] = [
    ...pages.map((path) => ({
      name: `page ${path === badgePage ? '/credentials/:id' : path === `/orgs/${slug}` ? '/orgs/:slug' : path}`,
      weight: 8,
      run: () => get(path),
    })),
    {
      name: 'search',
      weight: 25,
      run: () => get(`/api/v1/skills?q=${encodeURIComponent(SEARCHES[Math.floor(Math.random() * SEARCHES.length)])}`, 'application/json'),
    },
    {
      // POST /api/v1/verify allows 60 a minute per address: 7 % of 10 a second is 42.
      name: 'verify',
      weight: 7,
      run: async () => {
        const response = await fetch(`${origin}/api/v1/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ credential: sample.credential }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        expect(response.status === 200, `POST /api/v1/verify: HTTP ${response.status} ${text.slice(0, 200)}`);
        expect((JSON.parse(text) as { valid: boolean }).valid, 'POST /api/v1/verify: not valid');
      },
    },
    {
      name: 'issue',
      weight: 12,
      run: async () => {
        const n = ++issuedCount;
        await api.call('POST', `/organisations/${slug}/credentials`, {
          achievementId: achievement.id,
          recipient: { email: `soak-${n}@example.org`, name: `Recipient ${n}` },
          notify: false,
        });
      },
    },
    {
      // The sign-in forms allow 30 a minute per address: 3 % of 10 a second is 18 (each sign-in is a GET and a POST).
      name: 'sign-in',
      weight: 3,
      run: async () => {
        const browser = new Browser(origin);
        await browser.signIn(PEOPLE[signIns++ % PEOPLE.length], DEMO_PASSWORD);
      },
    },
  ];
  const totalWeight = routes.reduce((sum, r) => sum + r.weight, 0);
  const pick = () => {
    let x = Math.random() * totalWeight;
    for (const r of routes) if ((x -= r.weight) < 0) return r;
    return routes[routes.length - 1];
  };

  const all = new Map<string, number[]>(routes.map((r) => [r.name, []]));
  let window = new Map<string, number[]>(routes.map((r) => [r.name, []]));
  let errors = 0;
  const errorSamples: string[] = [];
  let inFlight = 0;
  const memory: { at: number; rss: number }[] = [];
  const started = performance.now();
  const endAt = started + minutes * 60_000;
  const everyMs = 1000 / rate;
  console.log(
    `soak: ${minutes} min at ${rate} requests/s against ${origin} (${values['database-url'] ? 'PostgreSQL' : 'embedded PGlite'}), server pid ${server.pid}, warm-up ${warmUpMinutes} min; home ${dir}`,
  );
  const fire = (route: Route) => {
    inFlight++;
    const t0 = performance.now();
    route
      .run()
      .then(
        () => {
          const ms = performance.now() - t0;
          all.get(route.name)?.push(ms);
          window.get(route.name)?.push(ms);
        },
        (error: Error) => {
          errors++;
          if (errorSamples.length < 10) errorSamples.push(`${route.name}: ${error.message.slice(0, 300)}`);
        },
      )
      .finally(() => inFlight--);
  };
  const report = () => {
    const at = (performance.now() - started) / 1000;
    const rss = memoryMb(server.pid).rssMb;
    memory.push({ at, rss });
    const p99s = [...window].map(([name, xs]) => `${name}=${xs.length ? summarise(xs).p99.toFixed(0) : '-'}`).join(' ');
    const count = [...window.values()].reduce((s, xs) => s + xs.length, 0);
    console.log(
      `  ${at.toFixed(0).padStart(4)} s  rss ${rss.toFixed(0)} MB  ${count} ok  errors ${errors}  in flight ${inFlight}  p99 ms: ${p99s}`,
    );
    window = new Map(routes.map((r) => [r.name, []]));
  };
  let next = performance.now();
  let nextReport = started + 10_000;
  while (performance.now() < endAt) {
    const now = performance.now();
    while (next <= now) {
      fire(pick());
      next += everyMs;
    }
    if (now >= nextReport) {
      report();
      nextReport += 10_000;
    }
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(next, nextReport) - performance.now())));
  }
  // Let what was sent answer (each has its own timeout).
  for (let until = performance.now() + 35_000; inFlight > 0 && performance.now() < until; ) await new Promise((r) => setTimeout(r, 50));
  report();

  const warmUpEnd = warmUpMinutes * 60;
  const baselineSamples = memory.filter((m) => m.at >= warmUpEnd && m.at < warmUpEnd + 60).map((m) => m.rss);
  const baseline = median(baselineSamples.length ? baselineSamples : memory.slice(0, 3).map((m) => m.rss));
  const final = median(memory.slice(-3).map((m) => m.rss));
  const growth = ((final - baseline) / baseline) * 100;
  const sent = [...all.values()].reduce((s, xs) => s + xs.length, 0) + errors;
  console.log(`  ${sent} requests (${issuedCount} credentials issued, ${signIns} sign-ins); whole run:`);
  for (const [name, xs] of all) {
    const s = summarise(xs);
    console.log(
      `    ${name.padEnd(18)} ${String(s.samples).padStart(6)}  p50 ${s.p50.toFixed(0)} ms  p99 ${s.p99.toFixed(0)} ms  max ${s.max.toFixed(0)} ms`,
    );
  }
  console.log(
    `  memory: ${baseline.toFixed(0)} MB after the warm-up, ${final.toFixed(0)} MB at the end, peak ${Math.max(...memory.map((m) => m.rss)).toFixed(0)} MB`,
  );
  for (const e of errorSamples) console.log(`  error: ${e}`);
  const p99 = [...all].map(([name, xs]) => `${name.replace(/^page /, '').replace(/\s+/g, '')}=${summarise(xs).p99.toFixed(0)}`).join(' ');
  console.log(`errors ${errors} p99 ${p99} memory-growth ${growth.toFixed(1)}%`);
  exitCode = errors === 0 && growth <= maxGrowth ? 0 : 1;
} catch (error) {
  console.error(`soak: ${(error as Error).stack ?? error}`);
} finally {
  await server.stop();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);
