import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type ExtractionIndex, shareIndex } from './build.ts';
import type { ExtractOptions, SkillMatch } from './match.ts';

/**
 * Skill extraction on worker threads, for batches (a crawl's vacancies, `bench/extract`): the index
 * is built once, in the calling thread; each worker takes a copy of it whose large arrays are shared
 * memory (see shareIndex), and takes batches of texts in turn. The workers load TypeScript the way
 * the process does (tsx's loader is in `execArgv`).
 */

export interface PoolResult {
  lang: 'nl' | 'en';
  skills: SkillMatch[];
}

interface Job {
  texts: string[];
  options: ExtractOptions;
  resolve: (results: PoolResult[]) => void;
  reject: (error: Error) => void;
}

export class ExtractionPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  readonly ready: Promise<void>;

  constructor(index: ExtractionIndex, size = Math.max(1, availableParallelism())) {
    const shared = shareIndex(index);
    const started: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: { index: shared } });
      this.workers.push(worker);
      started.push(
        new Promise((resolve, reject) => {
          worker.once('message', (m: { ready?: boolean }) => (m.ready ? resolve() : reject(new Error('worker did not start'))));
          worker.once('error', reject);
        }),
      );
      worker.on('message', (m: { results?: PoolResult[]; error?: string }) => {
        const job = this.running.get(worker);
        if (!job || (!m.results && !m.error)) return;
        this.running.delete(worker);
        if (m.results) job.resolve(m.results);
        else job.reject(new Error(m.error));
        this.idle.push(worker);
        this.next();
      });
    }
    this.ready = Promise.all(started).then(() => {
      this.idle.push(...this.workers);
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

  private next(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage({ texts: job.texts, options: job.options });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
