import { type Job, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './db/database.ts';

export type JobHandler<T> = (data: T, job: Job<T>) => Promise<void>;

export interface JobOptions {
  /** Seconds between polls when the queue is empty. */
  pollingIntervalSeconds?: number;
  /** Attempts after the first failure. */
  retryLimit?: number;
}

/**
 * Background work on pg-boss in the platform's own database, so queued work survives restarts and
 * several app nodes share it. On PGlite pg-boss talks through the handle's raw SQL adapter.
 */
export class Jobs {
  readonly boss: PgBoss;
  private readonly handlers = new Map<string, { handler: JobHandler<any>; options: JobOptions }>();
  private started = false;
  private working = false;

  constructor(
    database: DatabaseHandle,
    private readonly log: Logger,
  ) {
    this.boss =
      database.kind === 'postgres'
        ? new PgBoss({ connectionString: database.connectionString })
        : new PgBoss({ db: { executeSql: (text, values) => database.executeSql(text, values) } });
    this.boss.on('error', (error) => this.log.error({ err: error }, 'job queue error'));
  }

  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    this.started = true;
  }

  /** Declares a queue and its handler; workers run once `work()` is called (the server does, commands don't). */
  async define<T extends object>(name: string, handler: JobHandler<T>, options: JobOptions = {}): Promise<void> {
    this.handlers.set(name, { handler, options });
    await this.boss.createQueue(name, { retryLimit: options.retryLimit ?? 2 });
    if (this.working) await this.startWorker(name);
  }

  async send<T extends object>(name: string, data: T, options: { singletonKey?: string } = {}): Promise<string> {
    if (!this.handlers.has(name)) throw new Error(`No job handler is defined for queue ${name}`);
    const id = await this.boss.send(name, data, options);
    if (!id) throw new Error(`Job ${name} was not queued (a job with key ${options.singletonKey} is already queued)`);
    return id;
  }

  async work(): Promise<void> {
    this.working = true;
    for (const name of this.handlers.keys()) await this.startWorker(name);
  }

  private async startWorker(name: string): Promise<void> {
    const { handler, options } = this.handlers.get(name)!;
    await this.boss.work(name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 }, async (jobs: Job<any>[]) => {
      for (const job of jobs) {
        try {
          await handler(job.data, job);
        } catch (error) {
          this.log.error({ err: error, job: job.id, queue: name }, 'job failed');
          throw error;
        }
      }
    });
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 5000, close: true });
  }
}
