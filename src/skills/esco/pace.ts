import { setTimeout as sleep } from 'node:timers/promises';

export interface PaceOptions {
  /** How long one batch may hold the database. */
  targetMs: number;
  /** Rows in the first batch of a phase, before the cost of a row is known. */
  initial: number;
  min: number;
  max: number;
  /** The pause after a batch, as a share of the time the batch took (at least `minPauseMs`). */
  pauseShare: number;
  minPauseMs: number;
}

const DEFAULTS: PaceOptions = { targetMs: 100, initial: 100, min: 25, max: 2000, pauseShare: 0.2, minPauseMs: 2 };

/**
 * Writes a long list in batches that each hold the database only briefly, and lets other work run
 * between them. On PGlite the database is one connection behind a lock and runs on this thread:
 * while a batch runs, no request is read and no other query runs, and a chain of batches that only
 * awaits promises never lets the event loop reach its timers or sockets at all (the first start
 * stalled every request for 15–27 s that way). So each batch is sized from the measured cost of a
 * row to take about `targetMs`, and is followed by a real pause (a timer, not a microtask), in which
 * waiting requests take the lock and run their queries. Each batch is its caller's own unit of
 * commit, so a killed import keeps what it committed and a rerun finishes the rest.
 */
export class Pacer {
  private readonly options: PaceOptions;

  constructor(options: Partial<PaceOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Calls `work` on consecutive batches of `items`, pausing after each. */
  async each<T>(items: readonly T[], work: (batch: T[]) => Promise<void>): Promise<void> {
    const { targetMs, initial, min, max } = this.options;
    let size = Math.min(initial, max);
    for (let i = 0; i < items.length; ) {
      const batch = items.slice(i, i + size);
      const ms = await this.timed(() => work(batch));
      i += batch.length;
      const perRow = ms / batch.length;
      // Grow at most fourfold at a time, so one cheap batch does not lead to one far too long.
      size = Math.max(min, Math.min(max, size * 4, Math.floor(targetMs / Math.max(perRow, 0.001))));
    }
  }

  /** Runs one unit of work that cannot be split (e.g. one statement), then pauses after it. */
  async one<T>(work: () => Promise<T>): Promise<T> {
    let result!: T;
    await this.timed(async () => {
      result = await work();
    });
    return result;
  }

  /** Lets timers, sockets and waiting queries run, for a share of the time the last batch took. */
  async pause(ms = 0): Promise<void> {
    await sleep(Math.max(this.options.minPauseMs, ms * this.options.pauseShare));
  }

  private async timed(work: () => Promise<void>): Promise<number> {
    const started = performance.now();
    await work();
    const ms = performance.now() - started;
    await this.pause(ms);
    return ms;
  }
}
