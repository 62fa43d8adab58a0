import { type Job, PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { DatabaseHandle } from './db/database.ts';

export type JobHandler<T> = (data: T, job: Job<T>) => Promise<void>;

export interface JobOptions {
  /**
   * Seconds between polls when the queue is empty, on PostgreSQL (1). On embedded PGlite a job sent
   * wakes its worker at once and workers poll only every PGLITE_IDLE_POLL_SECONDS (see `Jobs`).
   */
  pollingIntervalSeconds?: number;
  /** Attempts after the first failure (ignored for resumable jobs, see below). */
  retryLimit?: number;
  /**
   * The handler picks up where an earlier run stopped (every step idempotent), as a bulk issue or
   * an import does. Such a job is run again however often its process dies: a crash is not the
   * job's fault, so the queue's retry limit is practically unbounded, and the handler decides
   * itself when an error of its own means it has failed for good (and says so where people look).
   */
  resumable?: boolean;
}

/**
 * How often a worker tells the database it still runs a job (pg-boss refreshes every half of it);
 * a job whose heartbeat is older belongs to a process that is gone.
 */
export const HEARTBEAT_SECONDS = 10;
/** On PostgreSQL, how often pg-boss's supervisor looks for jobs whose heartbeat stopped (and retries them). */
export const SUPERVISE_SECONDS = 10;
/**
 * On PostgreSQL, how often a node that works looks for jobs whose heartbeat stopped (another node
 * died) and takes them over without spending a retry. pg-boss's supervisor would retry them too,
 * but only on its own round and after a retry delay: with this a job of a dead node runs again
 * within HEARTBEAT_SECONDS + TAKEOVER_SECONDS + a poll (decision 020).
 */
export const TAKEOVER_SECONDS = 5;
/**
 * On embedded PGlite, how often an idle worker looks for jobs that no send announced: a retry whose
 * delay ran out, a job sent to start later (decision 019). Sent jobs wake their worker at once.
 */
export const PGLITE_IDLE_POLL_SECONDS = 10;
/** On embedded PGlite, how often pg-boss's supervisor does its rounds (its default). */
export const PGLITE_SUPERVISE_SECONDS = 60;
/** Retry limit of resumable jobs: every restart of a crashed process may cost one. */
export const RESUMABLE_RETRY_LIMIT = 100_000;

/**
 * Background work on pg-boss in the platform's own database, so queued work survives restarts and
 * several app nodes share it. On PGlite pg-boss talks through the handle's raw SQL adapter.
 *
 * Jobs of a process that died are taken over (decision 009): every queue has a heartbeat, so on
 * PostgreSQL a job whose process stopped is retried by pg-boss's supervisor within
 * HEARTBEAT_SECONDS + SUPERVISE_SECONDS; and when a process starts its workers it first takes over
 * at once, without spending a retry, the jobs left active by a process that is gone — on PGlite
 * every active job (the data folder's lock guarantees that no other process runs), on PostgreSQL
 * those whose heartbeat has stopped, and every TAKEOVER_SECONDS while it runs (another node died).
 *
 * On embedded PGlite the database runs on this process's main thread, so every poll holds the event
 * loop (and every request) for its time: a dozen queues polled every second were a dozen such holds a
 * second while the server is idle (issue 13, decision 019). There the queues are created with
 * pg-boss's `notify`: a job sent (by this process, the only one that can open the folder) raises a
 * NOTIFY in the same transaction, PGlite delivers it in-process when that commits, and the queue's
 * worker fetches at once; idle workers poll only every PGLITE_IDLE_POLL_SECONDS, for what no send
 * announces (a retry's delay running out, a job sent to start later). On PostgreSQL, whose queries
 * do not hold the loop, workers poll every second as before.
 */
export class Jobs {
  readonly boss: PgBoss;
  private readonly handlers = new Map<string, { handler: JobHandler<any>; options: JobOptions }>();
  private readonly workers = new Set<string>();
  private started = false;
  private working = false;
  private takeover: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: DatabaseHandle,
    private readonly log: Logger,
  ) {
    this.boss =
      database.kind === 'postgres'
        ? new PgBoss({ connectionString: database.connectionString, superviseIntervalSeconds: SUPERVISE_SECONDS })
        : new PgBoss({
            db: pgliteAdapter(database),
            useListenNotify: true,
            // No other process can run jobs on this folder (a crashed one's are taken over at start):
            // nothing to supervise every few seconds, only the queues' upkeep, at pg-boss's own pace.
            superviseIntervalSeconds: PGLITE_SUPERVISE_SECONDS,
          });
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
    const queue = {
      retryLimit: options.resumable ? RESUMABLE_RETRY_LIMIT : (options.retryLimit ?? 2),
      heartbeatSeconds: HEARTBEAT_SECONDS,
      // PGlite: a job sent wakes the worker (see the class comment); PostgreSQL polls.
      notify: this.database.kind === 'pglite',
      // A resumable job that failed waits a moment before it runs again, a little longer each time.
      ...(options.resumable ? { retryDelay: 2, retryBackoff: true, retryDelayMax: 300 } : {}),
    };
    await this.boss.createQueue(name, queue);
    // A queue made by an older version keeps its options until told otherwise (jobs sent from now on get these).
    await this.boss.updateQueue(name, queue);
    if (this.working) await this.startWorker(name);
  }

  async send<T extends object>(name: string, data: T, options: { singletonKey?: string } = {}): Promise<string> {
    if (!this.handlers.has(name)) throw new Error(`No job handler is defined for queue ${name}`);
    const id = await this.boss.send(name, data, options);
    if (!id) throw new Error(`Job ${name} was not queued (a job with key ${options.singletonKey} is already queued)`);
    return id;
  }

  /** Takes over the jobs of processes that are gone, then starts a worker for every queue. */
  async work(): Promise<void> {
    this.working = true;
    await this.takeOverJobsOfDeadProcesses();
    for (const name of this.handlers.keys()) await this.startWorker(name);
    // Other nodes may die while this one runs: their jobs are taken over as soon as their heartbeat stops.
    if (this.database.kind === 'postgres' && !this.takeover) {
      this.takeover = setInterval(() => {
        this.takeOverJobsOfDeadProcesses().catch((error) => this.log.warn({ err: error }, 'looking for jobs of dead nodes failed'));
      }, TAKEOVER_SECONDS * 1000);
      this.takeover.unref();
    }
  }

  /**
   * Puts the jobs that a dead process left active back in the queue, at once and without counting
   * an attempt, so they resume as soon as a worker polls (instead of after their lease or heartbeat
   * runs out). On PGlite every active job is such a job when this process starts its workers: the
   * data folder is locked to one process, and this one has not run any yet. On PostgreSQL, where
   * other nodes may be running theirs, only jobs whose heartbeat has stopped are taken. Returns
   * the ids taken over.
   */
  async takeOverJobsOfDeadProcesses(): Promise<string[]> {
    const names = [...this.handlers.keys()];
    if (names.length === 0) return [];
    const own = this.database.kind === 'pglite' ? [...this.workers] : [];
    const stale =
      this.database.kind === 'pglite'
        ? 'true'
        : `heartbeat_seconds is not null and coalesce(heartbeat_on, started_on) + heartbeat_seconds * interval '1 second' < now()`;
    const { rows } = await this.database.executeSql(
      `update pgboss.job
          set state = 'retry', start_after = now(), started_on = null, heartbeat_on = null
        where name = any($1::text[]) and not (name = any($2::text[])) and state = 'active' and ${stale}
        returning id, name`,
      [names, own],
    );
    for (const row of rows) this.log.warn({ job: row.id, queue: row.name }, 'took over a job left active by a process that is gone');
    return rows.map((r) => String(r.id));
  }

  private async startWorker(name: string): Promise<void> {
    if (this.workers.has(name)) return;
    this.workers.add(name);
    const { handler, options } = this.handlers.get(name)!;
    const polling = {
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
      // Only while the queue is woken by its sends (PGlite, its listener running).
      notifyPollingIntervalSeconds: Math.max(options.pollingIntervalSeconds ?? 1, PGLITE_IDLE_POLL_SECONDS),
    };
    await this.boss.work(name, polling, async (jobs: Job<any>[]) => {
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
    clearInterval(this.takeover);
    this.takeover = undefined;
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, timeout: 5000, close: true });
  }
}

/**
 * pg-boss on embedded PGlite: its SQL through the handle (on the handle's lock, so it never runs
 * inside another request's transaction), and LISTEN for the NOTIFY that sending a job raises, which
 * PGlite delivers in this process once the sending transaction commits.
 */
function pgliteAdapter(database: DatabaseHandle) {
  return {
    executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values),
    async listen(channel: string, onNotification: (payload: string) => void, onReconnect: () => void) {
      const pglite = database.pglite;
      if (!pglite) throw new Error('LISTEN needs the PGlite instance');
      // LISTEN through the lock (not pglite.listen, which would run it beside a transaction that holds it).
      await database.executeSql(`LISTEN ${quoteIdentifier(channel)}`);
      const stop = pglite.onNotification((from, payload) => {
        if (from === channel) onNotification(payload);
      });
      // Jobs sent before the listener ran: every notify queue fetches once.
      onReconnect();
      return {
        async close() {
          stop();
          if (!pglite.closed) await database.executeSql(`UNLISTEN ${quoteIdentifier(channel)}`).catch(() => {});
        },
      };
    },
  };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
