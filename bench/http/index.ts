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
import { pacedOnWorker } from './paced.ts';
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

type Client = 'autocannon' | 'paced';

async function measure(
  client: Client,
  url: string,
  rate: number,
  seconds: number,
  headers: Record<string, string> = {},
  child?: ChildProcess,
) {
  if (child) await ask(child, 'reset');
  const cpuBefore = cpuMs(child?.pid);
  let result: { rps: number; p50: number; p99: number; bad: number; total: number; note: string };
  if (client === 'autocannon') {
    // On a worker thread of its own (workers: 1), like the paced client: away from this thread's heap.
    const r = await autocannon({ url, connections: 50, duration: seconds, overallRate: rate, pipelining: 1, headers, workers: 1 });
    result = {
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      bad: r.non2xx + r.errors + r.timeouts,
      total: r.requests.total,
      note: '',
    };
  } else {
    const r = await pacedOnWorker(url, rate, seconds, headers);
    result = {
      rps: r.rps,
      p50: r.p50,
      p99: r.p99,
      bad: r.bad,
      total: Math.round(rate * seconds),
      note: `max ${fmt(r.max, 1)} ms; the client sent late by p99 ${fmt(r.lateP99, 1)} / max ${fmt(r.lateMax, 1)} ms; ${r.connections} connections at most`,
    };
  }
  const cpuAfter = cpuMs(child?.pid);
  const probe = child ? await ask<ProbeReport>(child, 'report') : undefined;
  return {
    ...result,
    // The server's CPU per request: hardly moved by the machine's load, unlike the latencies.
    cpu: (cpuAfter - cpuBefore) / Math.max(1, result.total),
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
      `http: autocannon (50 connections) and an evenly paced open-loop client (paced.ts) against \`vaardig serve\` (${database.label}, demo network), ${seconds} s per rate and client; ${process.version}; load ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      "  loop p99/max: the server's event-loop delay (ms) during the rate; busy: its event-loop utilisation; gc: pauses, minor (scavenges) + major, the longest, and the heap in use at the end",
    );
    console.log(
      '  in flight / in 10 ms: the most requests the server had open at once, and the most that arrived within 10 ms (evenly spaced at 1,000/s: ≈ 1 and ≈ 10)',
    );
    console.log(
      `  ${'target'.padEnd(46)} ${'client'.padEnd(10)} ${'rate'.padStart(6)} ${'got/s'.padStart(6)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'non-2xx'.padStart(7)} ${'cpu ms/req'.padStart(10)} ${'loop p99'.padStart(8)} ${'loop max'.padStart(8)} ${'busy'.padStart(5)} ${'inflight'.padStart(8)} ${'in 10 ms'.padStart(9)}  gc`,
    );
    // e.g. BENCH_HTTP_TARGETS=static,signed out: only the targets whose label holds one of these.
    // BENCH_HTTP_CLIENTS=paced (or autocannon): one load generator only.
    const clients = (['autocannon', 'paced'] as const).filter(
      (c) => !process.env.BENCH_HTTP_CLIENTS || process.env.BENCH_HTTP_CLIENTS.includes(c),
    );
    const wanted = process.env.BENCH_HTTP_TARGETS?.split(',').map((t) => t.trim().toLowerCase());
    for (const target of targets) {
      if (wanted && !wanted.some((t) => target.label.toLowerCase().includes(t))) continue;
      const url = `${baseUrl}${target.path}`;
      await measure('autocannon', url, 200, 2, target.headers); // warm up
      for (const rate of rates) {
        for (const client of clients) {
          const m = await measure(client, url, rate, seconds, target.headers, child);
          const p = m.probe;
          const gc = p
            ? `${p.gc.minor}×${fmt(p.gc.minorMs)} ms + ${p.gc.major}×${fmt(p.gc.majorMs)} ms, max ${fmt(p.gc.maxMs)}; heap ${fmt(p.heapMb)} MB`
            : '-';
          const p50 = client === 'paced' ? fmt(m.p50, 1) : String(m.p50);
          const p99 = client === 'paced' ? fmt(m.p99, 1) : String(m.p99);
          const verdict =
            rate === 1000 && target.label.startsWith('public credential page (kept')
              ? m.p99 <= 25
                ? '  [p99 ≤ 25: met]'
                : '  [p99 ≤ 25: missed]'
              : '';
          console.log(
            `  ${target.label.padEnd(46)} ${client.padEnd(10)} ${String(rate).padStart(6)} ${m.rps.toFixed(0).padStart(6)} ${p50.padStart(7)} ${p99.padStart(7)} ${String(m.bad).padStart(7)} ${m.cpu.toFixed(2).padStart(10)} ${fmt(p?.loop.p99, 1).padStart(8)} ${fmt(p?.loop.max, 1).padStart(8)} ${fmt(p ? p.utilisation * 100 : undefined).padStart(4)}% ${String(p?.arrivals.maxInFlight ?? '-').padStart(8)} ${String(p?.arrivals.busiest10ms ?? '-').padStart(9)}  ${gc}${verdict}`,
          );
          if (m.note) console.log(`      ${m.note}`);
          if (p && p.kept.hits + p.kept.misses > 0) console.log(`      kept pages: ${p.kept.hits} sent as kept, ${p.kept.misses} rendered`);
          for (const s of p?.statements ?? []) {
            console.log(
              `      ${String(s.count).padStart(6)}× ${fmt(s.totalMs).padStart(6)} ms, max ${fmt(s.maxMs, 1).padStart(5)} ms  ${s.sql}`,
            );
          }
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
