// Startup: how long from `vaardig serve` to /health answering, and how much memory the server holds.
// Target (issue 2): ≤ 3 s to answer and ≤ 250 MB resident.
//
// Measured, each in a child process with a fresh VAARDIG_HOME and a free port:
//   first start   --no-demo on an empty folder (creates the embedded database, runs migrations)
//   restart       --no-demo on the folder the first start left (the everyday case)
//   demo start    plain `vaardig serve` on an empty folder (also seeds the demo network)
// and the references, measured in the same run:
//   fastify       a bare Fastify hello-world: spawn to first 200 on /health
//   node          a bare `node -e` process: its resident memory
// Time is spawn → first 200 from /health. Memory is VmRSS of the server process one second after
// /health answered (and VmHWM, the peak while starting), from /proc/<pid>/status.
//
// Environment: BENCH_REPEAT (default 3) runs of each case; the median is reported.
// BENCH_SERVER_NODE_FLAGS: extra node/V8 flags for the Vaardig server processes only (e.g.
// "--liftoff-only" or "--max-old-space-size=128"), to try them without touching the references.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { memoryMb } from '../proc.ts';

const root = resolve(import.meta.dirname, '../..');
const TARGET_MS = 3000;
const TARGET_MB = 250;

interface Sample {
  ms: number;
  rssMb: number;
  peakMb: number;
}

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
  const timeout = sleep(15_000).then(() => 'timeout');
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Spawns a server and times it to the first 200 from /health; then reads its memory and stops it. */
async function timeToHealth(args: string[], env: Record<string, string>, port: number): Promise<Sample> {
  let output = '';
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering:\n${output}`);
      if (performance.now() - started > 120_000) throw new Error(`no answer from /health within 120 s:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) break;
      } catch {}
      await sleep(10);
    }
    const ms = performance.now() - started;
    await sleep(1000);
    if (!child.pid) throw new Error('no pid');
    return { ms, ...memoryMb(child.pid) };
  } finally {
    await stop(child);
  }
}

async function bareNodeRss(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'console.log("up"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((done) => child.stdout?.once('data', done));
  await sleep(500);
  const { rssMb } = memoryMb(child.pid!);
  await stop(child);
  return rssMb;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarise(samples: Sample[]): Sample {
  return { ms: median(samples.map((s) => s.ms)), rssMb: median(samples.map((s) => s.rssMb)), peakMb: median(samples.map((s) => s.peakMb)) };
}

function templateNote(): string {
  const cache = join(root, 'node_modules/.cache/vaardig');
  const templates = existsSync(cache) ? readdirSync(cache).filter((f) => f.startsWith('pglite-')) : [];
  return templates.length > 0 ? `PGlite template present (${templates.join(', ')})` : 'no PGlite template: a first start runs initdb';
}

export async function run(): Promise<void> {
  const repeat = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
  const vaardig = join(root, 'bin/vaardig.js');
  const fastify: Sample[] = [];
  const nodeRss: number[] = [];
  const first: Sample[] = [];
  const restart: Sample[] = [];
  const demo: Sample[] = [];
  const homes: string[] = [];
  const home = () => {
    const dir = mkdtempSync(join(tmpdir(), 'vaardig-bench-'));
    homes.push(dir);
    return dir;
  };
  const common: Record<string, string> = { LOG_LEVEL: 'warn', DATABASE_URL: '', VAARDIG_SECRET: '' };
  const flags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);

  console.log(`node ${process.version}, ${repeat} run(s) of each case; ${templateNote()}`);
  if (flags.length > 0) console.log(`Vaardig servers run with node ${flags.join(' ')}`);
  try {
    // Interleaved, so that a noisy moment on the machine hits every case alike.
    for (let i = 0; i < repeat; i++) {
      fastify.push(await timeToHealth([join(import.meta.dirname, 'reference-server.mjs')], {}, await freePort()));
      nodeRss.push(await bareNodeRss());
      const dir = home();
      first.push(await timeToHealth([...flags, vaardig, 'serve', '--no-demo'], { ...common, VAARDIG_HOME: dir }, await freePort()));
      restart.push(await timeToHealth([...flags, vaardig, 'serve', '--no-demo'], { ...common, VAARDIG_HOME: dir }, await freePort()));
      demo.push(await timeToHealth([...flags, vaardig, 'serve'], { ...common, VAARDIG_HOME: home() }, await freePort()));
      process.stdout.write(
        `  run ${i + 1}: first ${first[i].ms.toFixed(0)} ms, restart ${restart[i].ms.toFixed(0)} ms, demo ${demo[i].ms.toFixed(0)} ms, fastify ${fastify[i].ms.toFixed(0)} ms\n`,
      );
    }
  } finally {
    for (const dir of homes) rmSync(dir, { recursive: true, force: true });
  }

  const ref = summarise(fastify);
  const refRss = median(nodeRss);
  const rows: [string, Sample][] = [
    ['first start (--no-demo, new folder)', summarise(first)],
    ['restart (--no-demo, same folder)', summarise(restart)],
    ['demo start (new folder, seeds demo)', summarise(demo)],
  ];
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log('');
  console.log(
    `${pad('case', 38)} ${pad('to /health', 12)} ${pad('× fastify', 10)} ${pad('RSS', 9)} ${pad('× node', 8)} ${pad('peak RSS', 9)} target`,
  );
  for (const [name, s] of rows) {
    const ok = s.ms <= TARGET_MS && s.rssMb <= TARGET_MB ? 'met' : `MISSED (≤ ${TARGET_MS} ms, ≤ ${TARGET_MB} MB)`;
    console.log(
      `${pad(name, 38)} ${pad(`${s.ms.toFixed(0)} ms`, 12)} ${pad(`${(s.ms / ref.ms).toFixed(1)}×`, 10)} ${pad(`${s.rssMb.toFixed(0)} MB`, 9)} ${pad(`${(s.rssMb / refRss).toFixed(1)}×`, 8)} ${pad(`${s.peakMb.toFixed(0)} MB`, 9)} ${ok}`,
    );
  }
  console.log(
    `${pad('reference: bare Fastify hello-world', 38)} ${pad(`${ref.ms.toFixed(0)} ms`, 12)} ${pad('1.0×', 10)} ${pad(`${ref.rssMb.toFixed(0)} MB`, 9)}`,
  );
  console.log(`${pad('reference: bare node -e process', 38)} ${pad('', 12)} ${pad('', 10)} ${pad(`${refRss.toFixed(0)} MB`, 9)} 1.0×`);
}
