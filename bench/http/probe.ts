// Loaded into the server bench/http starts (`node --import tsx --import ./bench/http/probe.ts`):
// what the server's event loop did while autocannon ran one rate. The bench asks over the IPC
// channel: 'reset' at the start of a rate, 'report' at its end. It reports
//   - the event loop's delay (perf_hooks.monitorEventLoopDelay, sampled every millisecond): how
//     late a ready callback ran, i.e. how long something else held the loop;
//   - the event loop's utilisation (the share of the time it was busy);
//   - garbage collection pauses (PerformanceObserver 'gc'), minor and major;
//   - with BENCH_HTTP_TRACE=1, the embedded database's statements (PGlite runs its WASM on this
//     thread: a statement holds the loop for its whole time), the slowest first;
//   - the active handles (timers, sockets) at the report;
//   - how the requests arrived (node:diagnostics_channel): the most in flight at once and the most
//     that arrived within 10 ms — evenly spaced at 1,000/s that is 1 and ≈ 10; in bursts, far more.
import { subscribe } from 'node:diagnostics_channel';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';

export interface ProbeReport {
  loop: { p50: number; p99: number; max: number; mean: number };
  utilisation: number;
  gc: { minor: number; minorMs: number; major: number; majorMs: number; maxMs: number };
  /** The JavaScript heap in use at the report, MB. */
  heapMb: number;
  statements: { sql: string; count: number; totalMs: number; maxMs: number }[];
  /** Kept pages (platform/http/page-cache.ts) sent as kept and rendered, with BENCH_HTTP_TRACE=1. */
  kept: { hits: number; misses: number };
  resources: Record<string, number>;
  arrivals: { requests: number; maxInFlight: number; busiest10ms: number };
}

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let elu = performance.eventLoopUtilization();
const gc = { minor: 0, minorMs: 0, major: 0, majorMs: 0, maxMs: 0 };
const kept = { hits: 0, misses: 0 };
const arrivals = { requests: 0, inFlight: 0, maxInFlight: 0, busiest10ms: 0, bucket: -1, inBucket: 0 };
subscribe('http.server.request.start', (message) => {
  // 'close' comes once per response, also when the client went away before the end.
  (message as { response: import('node:http').ServerResponse }).response.once('close', () => {
    arrivals.inFlight = Math.max(0, arrivals.inFlight - 1);
  });
  arrivals.requests++;
  arrivals.inFlight++;
  arrivals.maxInFlight = Math.max(arrivals.maxInFlight, arrivals.inFlight);
  const bucket = Math.floor(performance.now() / 10);
  if (bucket !== arrivals.bucket) {
    arrivals.bucket = bucket;
    arrivals.inBucket = 0;
  }
  arrivals.busiest10ms = Math.max(arrivals.busiest10ms, ++arrivals.inBucket);
});
const statements = new Map<string, { count: number; totalMs: number; maxMs: number }>();

// Node's gc entry kinds: 1 minor (scavenge), 2 major (mark-sweep-compact), 4 incremental, 8 weak callbacks.
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
    if (kind === 1) {
      gc.minor++;
      gc.minorMs += entry.duration;
    } else {
      gc.major++;
      gc.majorMs += entry.duration;
    }
    gc.maxMs = Math.max(gc.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

if (process.env.BENCH_HTTP_TRACE === '1') {
  const { PGlite } = await import('@electric-sql/pglite');
  for (const method of ['query', 'exec'] as const) {
    let owner: object | null = PGlite.prototype;
    while (owner && !Object.hasOwn(owner, method)) owner = Object.getPrototypeOf(owner);
    if (!owner) continue;
    const original = (owner as Record<string, (...args: unknown[]) => Promise<unknown>>)[method];
    Object.defineProperty(owner, method, {
      configurable: true,
      writable: true,
      value: async function (this: unknown, text: string, ...rest: unknown[]) {
        const started = performance.now();
        try {
          return await original.call(this, text, ...rest);
        } finally {
          const ms = performance.now() - started;
          const key = String(text).replace(/\s+/g, ' ').trim().slice(0, 90);
          const s = statements.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
          s.count++;
          s.totalMs += ms;
          s.maxMs = Math.max(s.maxMs, ms);
          statements.set(key, s);
        }
      },
    });
  }
}

if (process.env.BENCH_HTTP_TRACE === '1') {
  // The same module the server loads (tsx resolves it to the same URL).
  const { PageCache } = await import('../../src/platform/http/page-cache.ts');
  const send = PageCache.prototype.send;
  PageCache.prototype.send = async function (this: InstanceType<typeof PageCache>, ...args: Parameters<typeof send>) {
    const misses = this.misses;
    const reply = await send.apply(this, args);
    if (this.misses === misses) kept.hits++;
    else kept.misses++;
    return reply;
  };
}

function report(): ProbeReport {
  const resources: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
  return {
    loop: {
      p50: delay.percentile(50) / 1e6,
      p99: delay.percentile(99) / 1e6,
      max: delay.max / 1e6,
      mean: delay.mean / 1e6,
    },
    utilisation: performance.eventLoopUtilization(elu).utilization,
    gc: { ...gc },
    heapMb: process.memoryUsage().heapUsed / 1048576,
    statements: [...statements.entries()]
      .map(([sql, s]) => ({ sql, ...s }))
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, 12),
    resources,
    kept: { ...kept },
    arrivals: { requests: arrivals.requests, maxInFlight: arrivals.maxInFlight, busiest10ms: arrivals.busiest10ms },
  };
}

process.on('message', (message) => {
  if (message === 'reset') {
    delay.reset();
    elu = performance.eventLoopUtilization();
    Object.assign(gc, { minor: 0, minorMs: 0, major: 0, majorMs: 0, maxMs: 0 });
    statements.clear();
    Object.assign(kept, { hits: 0, misses: 0 });
    Object.assign(arrivals, { requests: 0, maxInFlight: arrivals.inFlight, busiest10ms: 0, bucket: -1, inBucket: 0 });
    process.send?.('reset');
  } else if (message === 'report') {
    process.send?.(report());
  }
});
// The channel must not keep the server running on its own.
process.channel?.unref();
