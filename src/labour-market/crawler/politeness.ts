/**
 * One request at a time per host, with a pause between them: every fetch of every run in this
 * process takes its turn here, so two sources on one site never hit it at once. The pause runs from
 * the end of one request to the start of the next.
 */
export class HostQueue {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly lastEnd = new Map<string, number>();

  /** Waits for the host's turn and its pause; call the returned function when the request is over. */
  async take(host: string, delayMs: number): Promise<() => void> {
    const previous = this.chains.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const chain = previous.then(() => mine);
    this.chains.set(host, chain);
    await previous;
    const wait = (this.lastEnd.get(host) ?? 0) + delayMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.lastEnd.set(host, Date.now());
      if (this.chains.get(host) === chain) this.chains.delete(host);
      release();
    };
  }
}

/** The process's queue: shared by every crawl and feed pull. */
export const hostQueue = new HostQueue();
