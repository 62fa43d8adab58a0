// Pages and API under load (issue 13): requests/s and p50/p99 latency at fixed rates, with
// autocannon, against a Vaardig server this bench starts in its own process (the demo network in a
// fresh VAARDIG_HOME), and against a static file served by the same server in the same run.
//   npm run bench -- http        BENCH_HTTP_RATES=100,500,1000 (req/s), BENCH_HTTP_SECONDS=5 per rate
// With two or more cores, autocannon (this process) runs on core 0 and the server on the others
// (taskset; BENCH_HTTP_PIN=0 leaves both free). Per rate it prints the server's event-loop delay,
// utilisation and GC pauses (probe.ts, loaded into the server); BENCH_HTTP_TRACE=1 adds its PGlite
// statements and the kept page's hits and renderings. VAARDIG_BENCH_DATABASE_URL (or
// VAARDIG_TEST_DATABASE_URL) names a PostgreSQL server: everything again on a server using it
// (database vaardig_bench_http, made afresh). BENCH_HTTP_TARGETS=static,signed out and
// BENCH_HTTP_DATABASES=postgres pick parts (label substrings).
// Targets (issue 13): p99 ≤ 25 ms at 1,000 requests/s for a public credential page.
// /api/v1/verify is not here: it allows 60 requests a minute per client (the public credential
// page runs the same verification of a known credential on every request, so it stands in for it).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { createSession, SESSION_COOKIE } from '../../src/accounts/sessions.ts';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { cpuMs } from '../proc.ts';
import type { ProbeReport } from './probe.ts';

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

/** Runs autocannon and the server on different cores when there are two or more (and taskset is there). */
function pinning(): { server: string[]; note: string } {
  const cores = availableParallelism();
  const taskset = ['/usr/bin/taskset', '/bin/taskset'].find((path) => existsSync(path));
  if (process.env.BENCH_HTTP_PIN === '0') return { server: [], note: 'not pinned (BENCH_HTTP_PIN=0)' };
  if (cores < 2 || !taskset) return { server: [], note: `not pinned (${cores} core(s)${taskset ? '' : ', no taskset'})` };
  // autocannon runs in this process: every thread of it on core 0, the server on the others.
  const pinned = spawnSync(taskset, ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' }).status === 0;
  if (!pinned) return { server: [], note: 'not pinned (taskset failed)' };
  const rest = cores === 2 ? '1' : `1-${cores - 1}`;
  return { server: [taskset, '-c', rest], note: `autocannon pinned to core 0, the server to core(s) ${rest} (taskset; ${cores} cores)` };
}

/** Asks the probe in the server (probe.ts) for something and waits for its answer. */
function ask<T>(child: ChildProcess, message: 'reset' | 'report'): Promise<T | undefined> {
  if (!child.connected) return Promise.resolve(undefined);
  return new Promise((done) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      done(undefined);
    }, 5000);
    const onMessage = (answer: unknown) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      done(answer as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

async function measure(url: string, rate: number, seconds: number, headers: Record<string, string> = {}, child?: ChildProcess) {
  if (child) await ask(child, 'reset');
  const cpuBefore = cpuMs(child?.pid);
  const result = await autocannon({ url, connections: 50, duration: seconds, overallRate: rate, pipelining: 1, headers });
  const cpuAfter = cpuMs(child?.pid);
  const probe = child ? await ask<ProbeReport>(child, 'report') : undefined;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
    // The server's CPU per request: hardly moved by the machine's load, unlike the latencies.
    cpu: (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
    probe,
  };
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));

interface Database {
  label: string;
  env: Record<string, string>;
}

/** A database of its own on the PostgreSQL server named, made afresh (dropped first). */
async function freshPostgres(server: string): Promise<string> {
  const name = 'vaardig_bench_http';
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function serveAndMeasure(database: Database, rates: number[], seconds: number, pin: string[]): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'vaardig-bench-http-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'vaardig-bench-http-data-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    VAARDIG_HOME: home,
    VAARDIG_SECRET: SECRET,
    BASE_URL: baseUrl,
    LOG_LEVEL: 'silent',
    VAARDIG_DATA_DIR: dataDir,
    ...database.env,
  };
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

    // The server with the probe (probe.ts) loaded, which the bench asks over the IPC channel.
    const node = [
      process.execPath,
      '--import',
      'tsx',
      '--import',
      join(import.meta.dirname, 'probe.ts'),
      join(root, 'bin/vaardig.js'),
      'serve',
      '--no-demo',
    ];
    const [command, ...args] = [...pin, ...node];
    child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
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
      `http: autocannon against \`vaardig serve\` (${database.label}, demo network), 50 connections, ${seconds} s per rate; ${process.version}; load ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      "  loop p99/max: the server's event-loop delay (ms) during the rate; busy: its event-loop utilisation; gc: pauses, minor (scavenges) + major, the longest, and the heap in use at the end",
    );
    console.log(
      `  ${'target'.padEnd(46)} ${'rate'.padStart(6)} ${'got/s'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(7)} ${'cpu ms/req'.padStart(10)} ${'loop p99'.padStart(8)} ${'loop max'.padStart(8)} ${'busy'.padStart(5)}  gc`,
    );
    // e.g. BENCH_HTTP_TARGETS=static,signed out: only the targets whose label holds one of these.
    const wanted = process.env.BENCH_HTTP_TARGETS?.split(',').map((t) => t.trim().toLowerCase());
    for (const target of targets) {
      if (wanted && !wanted.some((t) => target.label.toLowerCase().includes(t))) continue;
      const url = `${baseUrl}${target.path}`;
      await measure(url, 200, 2, target.headers); // warm up
      for (const rate of rates) {
        const m = await measure(url, rate, seconds, target.headers, child);
        const p = m.probe;
        const gc = p
          ? `${p.gc.minor}×${fmt(p.gc.minorMs)} ms + ${p.gc.major}×${fmt(p.gc.majorMs)} ms, max ${fmt(p.gc.maxMs)}; heap ${fmt(p.heapMb)} MB`
          : '-';
        console.log(
          `  ${target.label.padEnd(46)} ${String(rate).padStart(6)} ${m.rps.toFixed(0).padStart(6)} ${String(m.p50).padStart(7)} ${String(m.p99).padStart(7)} ${String(m.bad).padStart(7)} ${m.cpu.toFixed(2).padStart(10)} ${fmt(p?.loop.p99, 1).padStart(8)} ${fmt(p?.loop.max, 1).padStart(8)} ${fmt(p ? p.utilisation * 100 : undefined).padStart(4)}%  ${gc}`,
        );
        if (p && p.kept.hits + p.kept.misses > 0) console.log(`      kept pages: ${p.kept.hits} sent as kept, ${p.kept.misses} rendered`);
        for (const s of p?.statements ?? []) {
          console.log(
            `      ${String(s.count).padStart(6)}× ${fmt(s.totalMs).padStart(6)} ms, max ${fmt(s.maxMs, 1).padStart(5)} ms  ${s.sql}`,
          );
        }
      }
    }
    const last = await ask<ProbeReport>(child, 'report');
    if (last)
      console.log(
        `  the server's active handles at the end: ${Object.entries(last.resources)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
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

export async function run(): Promise<void> {
  const rates = (process.env.BENCH_HTTP_RATES ?? '100,500,1000').split(',').map(Number);
  const seconds = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
  const pin = pinning();
  console.log(`http: ${pin.note}`);
  const databases: Database[] = [{ label: 'embedded PGlite', env: {} }];
  const server = process.env.VAARDIG_BENCH_DATABASE_URL ?? process.env.VAARDIG_TEST_DATABASE_URL;
  if (server) databases.push({ label: 'PostgreSQL', env: { DATABASE_URL: await freshPostgres(server) } });
  else console.log('http: PostgreSQL skipped (set VAARDIG_BENCH_DATABASE_URL or VAARDIG_TEST_DATABASE_URL)');
  const only = process.env.BENCH_HTTP_DATABASES; // e.g. "PostgreSQL"
  for (const database of databases) {
    if (only && !only.split(',').some((name) => database.label.toLowerCase().includes(name.toLowerCase()))) continue;
    await serveAndMeasure(database, rates, seconds, pin.server);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
