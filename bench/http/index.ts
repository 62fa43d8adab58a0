// Pages and API under load (issue 13): requests/s and p50/p99 latency at fixed rates, with
// autocannon, against a Vaardig server this bench starts in its own process (the demo network in a
// fresh VAARDIG_HOME), and against a static file served by the same server in the same run.
//   npm run bench -- http        BENCH_HTTP_RATES=100,500,1000 (req/s), BENCH_HTTP_SECONDS=5 per rate
// Targets (issue 13): p99 ≤ 25 ms at 1,000 requests/s for a public credential page.
// /api/v1/verify is not here: it allows 60 requests a minute per client (the public credential
// page runs the same verification of a known credential on every request, so it stands in for it).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pino from 'pino';
import { createSession, SESSION_COOKIE } from '../../src/accounts/sessions.ts';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { cpuMs } from '../proc.ts';

const root = resolve(import.meta.dirname, '../..');
const SECRET = 'bench-secret-0123456789abcdefghijklmnop';

function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(15_000).then(() => 'timeout')])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

interface Target {
  label: string;
  path: string;
  headers?: Record<string, string>;
}

async function measure(url: string, rate: number, seconds: number, headers: Record<string, string> = {}, pid?: number) {
  const cpuBefore = cpuMs(pid);
  const result = await autocannon({ url, connections: 50, duration: seconds, overallRate: rate, pipelining: 1, headers });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
    // The server's CPU per request: hardly moved by the machine's load, unlike the latencies.
    cpu: (cpuMs(pid) - cpuBefore) / Math.max(1, result.requests.total),
  };
}

export async function run(): Promise<void> {
  const rates = (process.env.BENCH_HTTP_RATES ?? '100,500,1000').split(',').map(Number);
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
  const home = mkdtempSync(join(tmpdir(), 'vaardig-bench-http-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'vaardig-bench-http-data-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { VAARDIG_HOME: home, VAARDIG_SECRET: SECRET, BASE_URL: baseUrl, LOG_LEVEL: 'silent', VAARDIG_DATA_DIR: dataDir };
  let child: ChildProcess | undefined;
  try {
    // The demo network (no ESCO data: nothing imports in the background), and what to ask for.
    const ctx = await createContext(loadConfig(env, { demo: true }), modules, { log: pino({ level: 'silent' }) });
    let credentialId: string;
    let word: string;
    let session: string;
    try {
      await seedDemoIfEmpty(ctx);
      // A signed-in visitor's page is rendered for them every time (not kept): the reference for what keeping saves.
      const someone = await ctx.db.selectFrom('users').select('id').orderBy('email').limit(1).executeTakeFirstOrThrow();
      session = (await createSession(ctx.db, someone.id)).token;
      credentialId = (
        await ctx.db
          .selectFrom('issued_credentials')
          .select('id')
          .where('proof_format', '=', 'eddsa-rdfc-2022')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).id;
      const skill = await ctx.db.selectFrom('skills').select('name').limit(1).executeTakeFirst();
      const name = skill ? (Object.values(skill.name as Record<string, string>)[0] ?? '') : '';
      word = (name || 'samenwerken').split(/\s+/)[0];
    } finally {
      await ctx.close();
    }

    child = spawn(process.execPath, [join(root, 'bin/vaardig.js'), 'serve', '--no-demo'], {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (let i = 0; ; i++) {
      const up = await fetch(`${baseUrl}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 600) throw new Error('the server did not answer /health within 60 s');
      await sleep(100);
    }

    const targets: Target[] = [
      { label: 'static file (reference)', path: '/assets/vaardig.css' },
      { label: 'home page', path: '/' },
      { label: 'public credential page (kept, signed out)', path: `/credentials/${credentialId}` },
      {
        label: 'public credential page (signed in: rendered)',
        path: `/credentials/${credentialId}`,
        headers: { cookie: `${SESSION_COOKIE}=${session}` },
      },
      { label: 'skills search API', path: `/api/v1/skills?q=${encodeURIComponent(word)}` },
    ];
    console.log(
      `http: autocannon against \`vaardig serve\` (embedded PGlite, demo network), 50 connections, ${seconds} s per rate; ${process.version}; load ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `  ${'target'.padEnd(46)} ${'rate'.padStart(6)} ${'got/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(8)} ${'cpu ms/req'.padStart(11)}`,
    );
    for (const target of targets) {
      const url = `${baseUrl}${target.path}`;
      await measure(url, 200, 2, target.headers); // warm up
      for (const rate of rates) {
        const m = await measure(url, rate, seconds, target.headers, child.pid);
        console.log(
          `  ${target.label.padEnd(46)} ${String(rate).padStart(6)} ${m.rps.toFixed(0).padStart(8)} ${String(m.p50).padStart(7)} ${String(m.p99).padStart(7)} ${String(m.bad).padStart(8)} ${m.cpu.toFixed(2).padStart(11)}`,
        );
      }
    }
    console.log(
      `  load at the end: ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    if (child) await stop(child);
    rmSync(home, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
