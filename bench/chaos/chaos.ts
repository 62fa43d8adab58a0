// The chaos run (issue 14): a real server, a bulk issue of N rows through the API, the server killed
// (SIGKILL) K times at random moments while the job runs and started again each time, then the
// checks: one credential per row, none doubled, every one verifies, the job's report matches what
// is stored, and every restart resumed the job within 30 s. See bench/chaos/main.ts for the command.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, Browser, DEMO_OPERATOR, DEMO_PASSWORD } from './client.ts';
import { type LatencySummary, LatencyProbe, summarise } from './latency.ts';
import { freePort, type ServerOptions, ServerProcess } from './server.ts';
import { storedFacts } from './stored.ts';
import { listCredentials, verifyAll } from './verify.ts';
import { seeded } from '../../test/helpers/seeded.ts';

export interface ChaosOptions {
  rows: number;
  kills: number;
  /** PostgreSQL (a database of the harness's own); absent: embedded PGlite in a temporary home. */
  databaseUrl?: string;
  seed?: number;
  /** Mail every recipient (to the outbox): the slower path, a credential stored then mailed per row. */
  notify?: boolean;
  /** A restart must resume the job within this (the acceptance: 30 s). */
  maxResumeSeconds?: number;
  /** The cheap request's p99 while the job runs must stay under this. */
  maxP99Ms?: number;
  /** Keep the temporary home (and the server's log) for a look afterwards. */
  keep?: boolean;
  /** More environment for the server processes (a test's TMPDIR, say). */
  serverEnv?: Record<string, string>;
  log?: (line: string) => void;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ChaosResult {
  rows: number;
  credentials: number;
  duplicates: number;
  unverified: number;
  /** Seconds from each restart to the job's first progress after it. */
  resumes: number[];
  maxResume: number;
  killsLanded: number;
  latency: LatencySummary;
  jobSeconds: number;
  checks: Check[];
  ok: boolean;
  /** `rows N credentials C duplicates D unverified U max-resume S` */
  line: string;
}

interface Progress {
  status: string;
  total: number;
  done: number;
  issued: number;
  failed: number;
  problems: unknown[];
}

export function csvOf(rows: number): { csv: string; emails: string[] } {
  const emails: string[] = [];
  const lines = ['email,name,score'];
  for (let i = 1; i <= rows; i++) {
    const email = `chaos-${i}@example.org`;
    emails.push(email);
    lines.push(`${email},Recipient ${i},${i % 10}`);
  }
  return { csv: lines.join('\n'), emails };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => Math.round(ms / 100) / 10;

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seeded(seed);
  const dir = mkdtempSync(join(tmpdir(), 'vaardig-chaos-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const serverOptions: ServerOptions = {
    home: join(dir, 'home'),
    port: await freePort(),
    databaseUrl: options.databaseUrl,
    secret: randomBytes(24).toString('base64url'),
    dataDir,
    logFile: join(dir, 'server.log'),
    env: options.serverEnv,
  };
  log(
    `chaos: ${options.rows} rows, ${options.kills} kills, seed ${seed}, ${options.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}, home ${dir}`,
  );
  let server = await ServerProcess.start(serverOptions);
  const probe = new LatencyProbe(server.url);
  let passed = false;
  try {
    // Set up as a person would: sign in (the demo operator), an API token, an organisation, a badge.
    const browser = new Browser(server.url);
    await browser.signIn(DEMO_OPERATOR, DEMO_PASSWORD);
    const api = new Api(server.url, await browser.createToken('chaos'));
    const slug = `chaos-${randomBytes(3).toString('hex')}`;
    await api.call('POST', '/organisations', { slug, name: 'Chaos Test', kind: 'school', description: 'Issues under fire.' });
    const achievement = await api.call<{ id: string }>('POST', `/organisations/${slug}/achievements`, {
      name: 'Survived the chaos',
      description: 'Issued while the server was killed again and again.',
      criteriaNarrative: 'Be a row of the chaos run.',
      resultDescriptions: [{ name: 'score' }],
    });
    const { csv, emails } = csvOf(options.rows);
    const started = performance.now();
    const bulk = await api.call<{ id: string }>('POST', `/organisations/${slug}/achievements/${achievement.id}/bulk`, {
      csv,
      notify: options.notify ?? false,
    });
    const progressOf = async (): Promise<Progress | null> => {
      try {
        return await api.call<Progress>('GET', `/organisations/${slug}/bulk/${bulk.id}`, undefined, 10_000);
      } catch {
        return null;
      }
    };
    const ended = (p: Progress | null) => p !== null && (p.status === 'done' || p.status === 'failed');

    probe.start();
    probe.measuring = true;
    const resumes: number[] = [];
    let landed = 0;
    let last: Progress | null = null;
    let rate = 0; // rows a second, as seen so far
    let restartedAt: number | undefined;
    for (;;) {
      let firstProgressAt = performance.now();
      let firstDone = last?.done ?? 0;
      if (restartedAt !== undefined) {
        // The job's first progress after the restart: the count moves past the first one the server answers.
        let baseline: Progress | null = null;
        const until = performance.now() + 120_000;
        for (;;) {
          const p = await progressOf();
          if (p && !baseline) baseline = p;
          if (p && baseline && (p.done > baseline.done || ended(p))) {
            last = p;
            break;
          }
          if (performance.now() > until)
            throw new Error(`no progress within 120 s of restart ${landed} (${baseline?.done ?? '?'} rows done)`);
          await sleep(100);
        }
        firstProgressAt = performance.now();
        firstDone = last.done;
        const resume = (firstProgressAt - restartedAt) / 1000;
        resumes.push(resume);
        log(`  restart ${landed}: resumed after ${resume.toFixed(1)} s at ${last.done}/${options.rows}`);
        probe.phase = 'running';
      }
      if (landed >= options.kills || ended(last)) break;
      // A random moment in the share of the remaining work that falls to this kill (the first kill
      // may come before any row is done: during the job's start, when it turns the CSV into rows).
      // Planned with a rate on the high side, so that every kill lands before the job ends.
      const remainingMs = ((options.rows - (last?.done ?? 0)) / Math.max(rate, 800)) * 1000;
      const delay = random() * (remainingMs / (options.kills - landed + 1));
      const killAt = performance.now() + delay;
      while (performance.now() < killAt && !ended(last)) {
        await sleep(Math.min(100, Math.max(0, killAt - performance.now())));
        const p = await progressOf();
        if (p) last = p;
      }
      if (ended(last)) break;
      const p = await progressOf();
      if (p) last = p;
      if (last && last.done > firstDone) rate = Math.max(rate, (last.done - firstDone) / ((performance.now() - firstProgressAt) / 1000));
      probe.measuring = false;
      await server.kill();
      landed++;
      log(`  kill ${landed}: after ${(delay / 1000).toFixed(2)} s, ${last?.done ?? 0}/${options.rows} done`);
      server = await ServerProcess.start(serverOptions);
      restartedAt = server.spawnedAt;
      // From the moment it answers: its start, taking the job over and the first chunk count too.
      probe.phase = 'resuming';
      probe.measuring = true;
      log(`  restart ${landed}: answering after ${((performance.now() - restartedAt) / 1000).toFixed(1)} s`);
    }
    // To the end of the job.
    const until = performance.now() + Math.max(300_000, options.rows * 50);
    while (!ended(last)) {
      if (performance.now() > until) throw new Error(`the job did not end in time (${last?.done}/${options.rows}, ${last?.status})`);
      await sleep(250);
      last = (await progressOf()) ?? last;
    }
    const jobSeconds = (performance.now() - started) / 1000;
    const latency = await probe.stop();
    const report = last as Progress;
    for (const [phase, samples] of probe.phases) {
      const s = summarise(samples);
      log(
        `  GET /health while ${phase}: ${s.samples} samples, p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, max ${s.max.toFixed(0)} ms`,
      );
    }
    log(`  job ${report.status} after ${jobSeconds.toFixed(1)} s: ${report.issued} issued, ${report.failed} failed of ${report.total}`);

    // What the API lists, and whether every credential verifies.
    const listed = await listCredentials(api, slug, achievement.id);
    const byEmail = new Map<string, number>();
    for (const c of listed) byEmail.set(c.recipientEmail ?? '', (byEmail.get(c.recipientEmail ?? '') ?? 0) + 1);
    const listedDuplicates = [...byEmail.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const listedMissing = emails.filter((e) => !byEmail.has(e)).length;
    const verified = await verifyAll(server.url, listed);
    log(
      `  verified ${listed.length} credentials in ${(verified.ms / 1000).toFixed(1)} s (${verified.fastLane} of an issuer on the fast lane): ${verified.unverified.length} did not verify`,
    );
    for (const u of verified.unverified.slice(0, 5)) log(`    ${u.id}: ${u.failed.join('; ')}`);

    // What the database holds, line by line (the server stopped: PGlite is one process's).
    await server.stop();
    const stored = await storedFacts({ home: serverOptions.home, databaseUrl: options.databaseUrl }, bulk.id);

    const maxResume = resumes.length ? Math.max(...resumes) : 0;
    const duplicates = Math.max(stored.duplicates, listedDuplicates);
    const unverified = verified.unverified.length + Math.max(0, stored.credentials - listed.length);
    const n = options.rows;
    const checks: Check[] = [
      { name: 'kills', ok: landed === options.kills, detail: `${landed} of ${options.kills} kills landed while the job ran` },
      {
        name: 'one credential per row',
        ok: stored.credentials === n && stored.missing === 0 && listed.length === n && listedMissing === 0,
        detail: `${stored.credentials} stored, ${listed.length} listed, ${stored.missing} lines and ${listedMissing} recipients without one`,
      },
      { name: 'no duplicates', ok: duplicates === 0, detail: `${duplicates} credentials beyond one per line or recipient` },
      { name: 'all verify', ok: unverified === 0, detail: `${unverified} of ${stored.credentials} did not verify` },
      {
        name: "the job's report",
        ok:
          report.status === 'done' &&
          report.total === n &&
          report.issued === stored.credentials &&
          report.failed === 0 &&
          report.done === n &&
          report.problems.length === 0 &&
          stored.rowsAstray === 0 &&
          stored.counters.status === 'done' &&
          stored.counters.issued === stored.credentials &&
          stored.counters.done === n &&
          stored.counters.failed === 0,
        detail: `API: ${report.status} ${report.issued} issued ${report.failed} failed ${report.done}/${report.total}; stored: ${stored.counters.status} ${stored.counters.issued} issued ${stored.counters.failed} failed ${stored.counters.done}/${stored.counters.total}; ${stored.rowsAstray} rows not pointing at their credential`,
      },
      {
        name: 'resume',
        ok: maxResume <= (options.maxResumeSeconds ?? 30),
        detail: `restarts resumed within ${resumes.map((r) => r.toFixed(1)).join(', ') || '-'} s (limit ${options.maxResumeSeconds ?? 30} s)`,
      },
      {
        name: 'event loop',
        ok: latency.p99 <= (options.maxP99Ms ?? 200),
        detail: `GET /health every 200 ms while the job ran: ${latency.samples} samples, p50 ${latency.p50.toFixed(0)} ms, p99 ${latency.p99.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms (limit p99 ${options.maxP99Ms ?? 200} ms)`,
      },
    ];
    for (const c of checks) log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    passed = checks.every((c) => c.ok);
    const line = `rows ${n} credentials ${stored.credentials} duplicates ${duplicates} unverified ${unverified} max-resume ${seconds(maxResume * 1000)}`;
    return {
      rows: n,
      credentials: stored.credentials,
      duplicates,
      unverified,
      resumes,
      maxResume,
      killsLanded: landed,
      latency,
      jobSeconds,
      checks,
      ok: checks.every((c) => c.ok),
      line,
    };
  } finally {
    await probe.stop();
    await server.stop();
    // A failed run keeps its home and the server's log for a look.
    if (!options.keep && passed) rmSync(dir, { recursive: true, force: true });
    else log(`  kept ${dir} (the server's log: ${serverOptions.logFile})`);
  }
}
