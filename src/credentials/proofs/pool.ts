import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SerializedEd25519KeyPair } from './index.ts';
import type { WorkerReply, WorkerTask } from './worker.ts';

/**
 * Signing and verifying on worker threads, one per core by default, for batches: a bulk issue, a
 * night's re-verification, a benchmark. Each worker runs the fast lane (fast.ts) with its own
 * prepared shapes; batches go to whichever worker is free. A worker that dies fails the batches it
 * held and is replaced.
 */

type Task = WorkerTask extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

interface Pending {
  task: WorkerTask;
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
}

export class ProofPool {
  private readonly workers = new Set<Worker>();
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size = Math.max(1, availableParallelism())) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url));
    // An idle worker does not keep the process alive; one with a batch does.
    worker.unref();
    this.workers.add(worker);
    worker.on('message', (message: WorkerReply | { ready: true }) => {
      if ('ready' in message) {
        this.idle.push(worker);
        this.next();
        return;
      }
      const pending = this.running.get(worker);
      if (!pending || pending.task.id !== message.id) return;
      this.running.delete(worker);
      worker.unref();
      if ('error' in message) pending.reject(new Error(message.error));
      else pending.resolve(message.results);
      this.idle.push(worker);
      this.next();
    });
    worker.on('error', (error: Error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`proof worker exited with code ${code}`)));
  }

  private lost(worker: Worker, error: Error): void {
    if (!this.workers.delete(worker)) return;
    const index = this.idle.indexOf(worker);
    if (index >= 0) this.idle.splice(index, 1);
    const pending = this.running.get(worker);
    this.running.delete(worker);
    pending?.reject(error);
    if (!this.closed) this.spawn();
  }

  private next(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop() as Worker;
      const pending = this.queue.shift() as Pending;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.task);
    }
  }

  private submit(task: Task): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error('the proof pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task: { ...task, id: this.nextId++ } as WorkerTask, resolve, reject });
      this.next();
    });
  }

  /** Signs a batch with one key (eddsa-rdfc-2022, the reference's bytes); in order. */
  async sign<T extends object>(
    credentials: T[],
    options: { keyPair: SerializedEd25519KeyPair; verificationMethod: string; date?: Date | string },
  ): Promise<(T & { proof: Record<string, unknown> })[]> {
    const date = options.date instanceof Date ? options.date.toISOString() : options.date;
    return (await this.submit({
      kind: 'sign',
      credentials,
      keyPair: options.keyPair,
      verificationMethod: options.verificationMethod,
      date,
    })) as (T & { proof: Record<string, unknown> })[];
  }

  /**
   * Verifies a batch (verification/verify.ts verifyCredential, offline): `documents` are the DID
   * documents and status lists it may need, by URL; `knownIssuers` take the fast lane.
   */
  async verify(
    inputs: unknown[],
    options: { documents: Record<string, unknown>; knownIssuers: string[]; now?: Date; dataDir?: string },
  ): Promise<unknown[]> {
    const documents: Record<string, string> = {};
    for (const [url, doc] of Object.entries(options.documents)) documents[url] = typeof doc === 'string' ? doc : JSON.stringify(doc);
    return this.submit({
      kind: 'verify',
      inputs,
      documents,
      knownIssuers: options.knownIssuers,
      now: options.now?.toISOString(),
      dataDir: options.dataDir,
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the proof pool is closed'));
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }
}
