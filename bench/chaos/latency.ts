// How long a cheap request waits while a job runs: GET /health every 200 ms. It does no database
// work, so its latency is (nearly all) the time the server's event loop took to get to it.

export interface LatencySummary {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarise(samples: number[]): LatencySummary {
  if (samples.length === 0) return { samples: 0, p50: 0, p99: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/**
 * Times GET <origin>/health every `everyMs` while `measuring` is on. Requests that fail (the
 * server was killed) are not samples; a request that is still waiting when the server dies is
 * dropped too.
 */
export class LatencyProbe {
  readonly samples: number[] = [];
  /** Samples by what the server was doing (set by the caller), to tell where the slow ones were. */
  readonly phases = new Map<string, number[]>();
  phase = 'running';
  measuring = false;
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    public origin: string,
    private readonly everyMs = 200,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        const next = performance.now() + this.everyMs;
        if (this.measuring) {
          const started = performance.now();
          try {
            const response = await fetch(`${this.origin}/health`, { signal: AbortSignal.timeout(10_000) });
            await response.arrayBuffer();
            if (response.ok && this.measuring) {
              const ms = performance.now() - started;
              this.samples.push(ms);
              const phase = this.phases.get(this.phase) ?? [];
              phase.push(ms);
              this.phases.set(this.phase, phase);
            }
          } catch {}
        }
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
      }
    })();
  }

  async stop(): Promise<LatencySummary> {
    this.stopped = true;
    await this.loop;
    return summarise(this.samples);
  }
}
