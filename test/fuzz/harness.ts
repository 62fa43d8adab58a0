/**
 * Runs fuzz targets (targets.ts) with fast-check: each target gets its share of the cases; a case
 * that throws what the target does not accept is a crash, one that takes longer than the time limit
 * a hang. fast-check shrinks the first failing input of a target to a small one, which is written
 * out. A watchdog thread (when asked for) ends the process when one case blocks the event loop for
 * far longer than the limit, naming the target and the case, since a synchronous loop cannot be
 * interrupted from inside.
 */
import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import type { FuzzTarget } from './targets.ts';

export class HangError extends Error {
  override name = 'HangError';
}

export interface FuzzFailure {
  target: string;
  kind: 'crash' | 'hang';
  error: string;
  input: string;
  seed: number;
  path: number[] | string | undefined;
}

export interface FuzzReport {
  cases: number;
  crashes: number;
  hangs: number;
  failures: FuzzFailure[];
  /** Cases and time per target. */
  perTarget: { name: string; cases: number; ms: number }[];
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Longest one case may take (ms). */
  timeLimitMs?: number;
  /** Kill the process when one case blocks this long (ms); no watchdog when left out. */
  watchdogMs?: number;
  /** Called after each target. */
  progress?: (line: string) => void;
}

const WATCHDOG = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const state = new Int32Array(workerData.buffer);
let last = -1, since = Date.now();
setInterval(() => {
  const now = Atomics.load(state, 0);
  if (now !== last) { last = now; since = Date.now(); return; }
  if (state[1] === 1 && Date.now() - since > workerData.ms) {
    writeSync(2, '\\nfuzz: a case of "' + workerData.names[state[2]] + '" (case ' + now + ' of the run, seed ' + workerData.seed + ') blocked for more than ' + workerData.ms + ' ms: hang\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}, 250).unref();
`;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HangError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** The shares of `cases` for `count` targets (the first ones get the remainder). */
export function shares(cases: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.floor(cases / count) + (i < cases % count ? 1 : 0));
}

export async function runFuzz(targets: FuzzTarget[], options: FuzzOptions): Promise<FuzzReport> {
  const timeLimitMs = options.timeLimitMs ?? 2000;
  const state = new Int32Array(new SharedArrayBuffer(12));
  const watchdog = options.watchdogMs
    ? new Worker(WATCHDOG, {
        eval: true,
        workerData: { buffer: state.buffer, ms: options.watchdogMs, names: targets.map((t) => t.name), seed: options.seed },
      })
    : undefined;
  watchdog?.unref();
  const report: FuzzReport = { cases: 0, crashes: 0, hangs: 0, failures: [], perTarget: [] };
  const counts = shares(options.cases, targets.length);
  let counter = 0;
  try {
    for (const [index, target] of targets.entries()) {
      const numRuns = counts[index];
      if (numRuns === 0) continue;
      let ran = 0;
      const started = performance.now();
      const property = fc.asyncProperty(target.arbitrary, async (input) => {
        ran++;
        Atomics.store(state, 0, ++counter);
        Atomics.store(state, 1, 1);
        Atomics.store(state, 2, index);
        const start = performance.now();
        try {
          await within(
            Promise.resolve().then(() => target.run(input)),
            timeLimitMs,
            target.name,
          );
        } catch (error) {
          if (error instanceof HangError || !target.accepts(error)) throw error;
        } finally {
          Atomics.store(state, 1, 0);
        }
        const ms = performance.now() - start;
        if (ms > timeLimitMs) throw new HangError(`${target.name}: took ${Math.round(ms)} ms (limit ${timeLimitMs} ms)`);
      });
      const details = await fc.check(property, {
        numRuns,
        seed: options.seed + index,
        endOnFailure: false,
        interruptAfterTimeLimit: undefined,
      });
      // Shrinking runs the property again; the cases are those generated, not the shrink steps.
      const generated = details.failed ? details.numRuns : numRuns;
      report.cases += generated;
      report.perTarget.push({ name: target.name, cases: generated, ms: Math.round(performance.now() - started) });
      if (details.failed) {
        const error = details.errorInstance;
        const kind = error instanceof HangError ? 'hang' : 'crash';
        if (kind === 'hang') report.hangs++;
        else report.crashes++;
        report.failures.push({
          target: target.name,
          kind,
          error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error),
          input: fc.stringify(details.counterexample?.[0]),
          seed: details.seed,
          path: details.counterexamplePath ?? undefined,
        });
      }
      options.progress?.(
        `${target.name}: ${generated} cases in ${report.perTarget.at(-1)?.ms} ms${details.failed ? ` — ${report.failures.at(-1)?.kind}` : ''} (${ran} runs with shrinking)`,
      );
    }
  } finally {
    await watchdog?.terminate();
  }
  return report;
}

/** Writes the failing inputs (shrunk) with their errors and how to replay them. */
export function writeFailures(path: string, report: FuzzReport): void {
  const text = report.failures
    .map(
      (f) =>
        `== ${f.kind} in "${f.target}" (seed ${f.seed}, path ${JSON.stringify(f.path)})\n-- input (shrunk):\n${f.input}\n-- error:\n${f.error}\n`,
    )
    .join('\n');
  writeFileSync(path, text);
}
