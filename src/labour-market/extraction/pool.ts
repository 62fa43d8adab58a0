import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { type ExtractionIndex, shareIndex } from './build.ts';
import type { ExtractOptions } from './match.ts';
import { decodeResults, type EncodedResults, type PoolResult } from './transport.ts';

export type { PoolResult } from './transport.ts';

/**
 * Skill extraction on worker threads, for batches (`vaardig extract --workers`, `bench/extract`): the
 * index is built once, in the calling thread; each worker takes a copy of it whose large arrays are
 * shared memory (see shareIndex), and takes batches of texts in turn. A worker that stops (a crash,
 * out of memory) is replaced and its batches are tried once more on another; a batch on which a
 * second worker stops is refused, so one hostile text cannot stop the pool.
 *
 * Each worker has the next batch waiting while it works on one (`depth` 2), so it does not wait for
 * the calling thread between batches; results come back compactly encoded (transport.ts) rather than
 * by structured clone, which cost the worker and the calling thread (which shares the cores with
 * the workers) ≈ 40 µs a vacancy, against ≈ 9 (docs/skill-extraction.md).
 */

export interface PoolOptions {
  /** Batches handed to a worker at a time (2: the next one waits in its queue). */
  depth?: number;
  /** How results come back: `compact` (transport.ts) or `clone` (structured clone, for comparison). */
  transport?: 'compact' | 'clone';
  /** More for the workers: a young generation's size, Node options and environment (a test under vitest adds tsx's loader). */
  worker?: Pick<WorkerOptions, 'resourceLimits' | 'execArgv' | 'env'>;
}

interface Job {
  texts: string[];
  options: ExtractOptions;
  resolve: (results: PoolResult[]) => void;
  reject: (error: Error) => void;
  /** Workers that stopped while they held this batch. */
  crashes: number;
}

interface Reply {
  ready?: boolean;
  encoded?: EncodedResults;
  results?: PoolResult[];
  error?: string;
  cpu?: number;
}

/** A batch is tried again on a new worker once when its worker stops; the second time it is refused. */
const TRIES = 2;

/**
 * The workers load the TypeScript sources through tsx, as the process does: by its own option
 * (`node --import tsx`, inherited) or, when `vaardig` registered tsx in the process, by the loader
 * named here.
 */
function workerExecArgv(): string[] {
  if (process.execArgv.some((a) => a.includes('tsx'))) return process.execArgv;
  return [...process.execArgv, '--import', import.meta.resolve('tsx')];
}

export class ExtractionPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  /** Per worker, the batches it has been handed, oldest first (it answers them in order). */
  private readonly running = new Map<Worker, Job[]>();
  private readonly depth: number;
  private readonly shared: ExtractionIndex;
  private readonly options: PoolOptions;
  private started = false;
  private closed = false;
  /** Workers that stopped before a batch came back since the last one did: past a few, the pool gives up. */
  private stopsInARow = 0;
  readonly ready: Promise<void>;

  constructor(index: ExtractionIndex, size = Math.max(1, availableParallelism()), options: PoolOptions = {}) {
    this.shared = shareIndex(index);
    this.options = options;
    this.depth = Math.max(1, options.depth ?? 2);
    const started: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = this.spawn();
      started.push(
        new Promise((resolve, reject) => {
          worker.once('message', (m: Reply) => (m.ready ? resolve() : reject(new Error('worker did not start'))));
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`an extraction worker stopped as it started (exit code ${code})`)));
        }),
      );
    }
    this.ready = Promise.all(started).then(() => {
      this.started = true;
      this.next();
    });
    // (Whoever awaits `ready` sees why it failed; the batches waiting are refused with the same error.)
    this.ready.catch((error: Error) => this.refuseAll(error));
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./worker.ts', import.meta.url), {
      execArgv: workerExecArgv(),
      ...this.options.worker,
      workerData: { index: this.shared, transport: this.options.transport ?? 'compact' },
    });
    this.workers.push(worker);
    this.running.set(worker, []);
    let failure: Error | null = null;
    worker.on('message', (m: Reply) => {
      if (!m.encoded && !m.results && m.error === undefined) return;
      const job = this.running.get(worker)!.shift();
      if (!job) return;
      this.stopsInARow = 0;
      // The next batch first: the worker has one waiting, and this gives it the one after.
      this.next();
      if (m.encoded) job.resolve(decodeResults(m.encoded));
      else if (m.results) job.resolve(m.results);
      else job.reject(new Error(m.error));
    });
    worker.on('error', (error: Error) => {
      failure = error;
    });
    worker.on('exit', (code) => this.stopped(worker, code, failure));
    return worker;
  }

  /**
   * A worker stopped (it crashed, ran out of memory, or was terminated from outside): its batches go
   * back to the front of the queue for a new worker, or are refused when a worker stopped on them
   * before; a worker takes its place, unless workers keep stopping with no batch coming back.
   */
  private stopped(worker: Worker, code: number, failure: Error | null): void {
    const jobs = this.running.get(worker) ?? [];
    this.running.delete(worker);
    this.workers.splice(this.workers.indexOf(worker), 1);
    if (this.closed) return;
    const why = `an extraction worker stopped (exit code ${code}${failure ? `: ${failure.message}` : ''})`;
    const again: Job[] = [];
    for (const job of jobs) {
      job.crashes++;
      if (job.crashes >= TRIES) job.reject(new Error(`${why}, the second time on this batch of ${job.texts.length} texts`));
      else again.push(job);
    }
    this.queue.unshift(...again);
    if (!this.started) return;
    if (++this.stopsInARow > 2 * TRIES * Math.max(1, this.workers.length + 1)) {
      this.refuseAll(new Error(`${why}; workers keep stopping, so the pool has stopped`));
      return;
    }
    this.spawn();
    this.next();
  }

  private refuseAll(error: Error): void {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(error);
    for (const jobs of this.running.values()) for (const job of jobs.splice(0)) job.reject(error);
    void Promise.all(this.workers.map((w) => w.terminate()));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Extracts the skills of a batch of texts on the next free worker. */
  extract(texts: string[], options: ExtractOptions = {}): Promise<PoolResult[]> {
    if (this.closed) return Promise.reject(new Error('the extraction pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, options, resolve, reject, crashes: 0 });
      this.next();
    });
  }

  /** The CPU time (ms) each worker thread has used so far (for bench/extract). */
  workerCpu(): Promise<number[]> {
    return Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<number>((resolve) => {
            const on = (m: Reply) => {
              if (m.cpu === undefined) return;
              worker.off('message', on);
              resolve(m.cpu);
            };
            worker.on('message', on);
            worker.postMessage({ cpu: true });
          }),
      ),
    );
  }

  /** How busy each worker's event loop has been (`active` and `idle` ms, for bench/extract). */
  utilization(): { active: number; idle: number }[] {
    return this.workers.map((w) => w.performance.eventLoopUtilization());
  }

  /**
   * Hands out batches: first one to each worker with none, then one more to each with one, up to
   * `depth`; a batch waits in a worker's queue only while the pool's queue holds one for every
   * worker, so that at the end no worker sits idle while another has two to do.
   */
  private next(): void {
    if (!this.started || this.closed) return;
    for (let d = 0; d < this.depth && this.queue.length; d++)
      for (const worker of this.workers) {
        const running = this.running.get(worker)!;
        if (running.length > d || !this.queue.length || (d > 0 && this.queue.length < this.workers.length)) continue;
        const job = this.queue.shift()!;
        running.push(job);
        worker.postMessage({ texts: job.texts, options: job.options });
      }
  }

  /** Stops the workers; batches not done yet are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    const workers = [...this.workers];
    this.refuseAll(new Error('the extraction pool is closed'));
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
