import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { type ExtractionIndex, shareIndex } from './build.ts';
import type { ExtractOptions } from './match.ts';
import { decodeResults, type EncodedResults, type PoolResult } from './transport.ts';

export type { PoolResult } from './transport.ts';

/**
 * Skill extraction on worker threads, for batches (a crawl's vacancies, `bench/extract`): the index
 * is built once, in the calling thread; each worker takes a copy of it whose large arrays are shared
 * memory (see shareIndex), and takes batches of texts in turn. The workers load TypeScript the way
 * the process does (tsx's loader is in `execArgv`).
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
}

interface Reply {
  ready?: boolean;
  encoded?: EncodedResults;
  results?: PoolResult[];
  error?: string;
  cpu?: number;
}

export class ExtractionPool {
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  /** Per worker, the batches it has been handed, oldest first (it answers them in order). */
  private readonly running = new Map<Worker, Job[]>();
  private readonly depth: number;
  private started = false;
  readonly ready: Promise<void>;

  constructor(index: ExtractionIndex, size = Math.max(1, availableParallelism()), options: PoolOptions = {}) {
    const shared = shareIndex(index);
    this.depth = Math.max(1, options.depth ?? 2);
    const started: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./worker.ts', import.meta.url), {
        ...options.worker,
        workerData: { index: shared, transport: options.transport ?? 'compact' },
      });
      this.workers.push(worker);
      this.running.set(worker, []);
      started.push(
        new Promise((resolve, reject) => {
          worker.once('message', (m: Reply) => (m.ready ? resolve() : reject(new Error('worker did not start'))));
          worker.once('error', reject);
        }),
      );
      worker.on('message', (m: Reply) => {
        if (!m.encoded && !m.results && m.error === undefined) return;
        const job = this.running.get(worker)!.shift();
        if (!job) return;
        // The next batch first: the worker has one waiting, and this gives it the one after.
        this.next();
        if (m.encoded) job.resolve(decodeResults(m.encoded));
        else if (m.results) job.resolve(m.results);
        else job.reject(new Error(m.error));
      });
    }
    this.ready = Promise.all(started).then(() => {
      this.started = true;
      this.next();
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Extracts the skills of a batch of texts on the next free worker. */
  extract(texts: string[], options: ExtractOptions = {}): Promise<PoolResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, options, resolve, reject });
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
    if (!this.started) return;
    for (let d = 0; d < this.depth && this.queue.length; d++)
      for (const worker of this.workers) {
        const running = this.running.get(worker)!;
        if (running.length > d || !this.queue.length || (d > 0 && this.queue.length < this.workers.length)) continue;
        const job = this.queue.shift()!;
        running.push(job);
        worker.postMessage({ texts: job.texts, options: job.options });
      }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
