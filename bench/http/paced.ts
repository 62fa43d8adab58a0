// An open-loop load generator for bench/http: requests sent at evenly spaced moments (one every
// 1/rate s, whatever the answers do), each timed from the moment it was due, not from when it
// went out — so a late client or a stalled server shows in the latency, as it would for visitors
// (no coordinated omission). It stands beside autocannon because autocannon's fixed rate is not
// even: each connection sends its share of a second back to back at the start of that second and
// then waits (autocannon 8, lib/httpClient.js `reqsMadeThisSecond`), so "1,000 requests/s" over
// 50 connections arrives as one burst of 1,000 with 50 in flight, and its latency correction
// assumes a 1 ms interval per connection (`Math.ceil(1 / rate)` with the rate per second) instead
// of 1,000/rate ms, which adds a recorded sample for every millisecond of every answer over 1 ms.
// See docs/decisions/023-paced-load.md.
import http from 'node:http';

export interface PacedResult {
  /** Answers per second over the run (from the first due moment to the last answer). */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers that were not 2xx, and requests that failed. */
  bad: number;
  /** How late the client itself sent (ms after the due moment): p99 and max. Large means the client, not the server, was slow. */
  lateP99: number;
  lateMax: number;
  /** Connections the client needed at most (requests in flight at once). */
  connections: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sends `rate` requests a second for `seconds` seconds to `url`, evenly spaced, over keep-alive connections. */
export function paced(url: string, rate: number, seconds: number, headers: Record<string, string> = {}): Promise<PacedResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latency = new Float64Array(total);
  const late = new Float64Array(total);
  let sent = 0;
  let answered = 0;
  let bad = 0;
  let inFlight = 0;
  let connections = 0;
  const started = performance.now();
  let finished = started;

  return new Promise((resolve) => {
    const end = () => {
      agent.destroy();
      const sortedLatency = latency.slice(0, answered).sort();
      const sortedLate = late.slice(0, sent).sort();
      resolve({
        rps: (answered / (finished - started)) * 1000,
        p50: percentile(sortedLatency, 50),
        p99: percentile(sortedLatency, 99),
        max: sortedLatency.length ? sortedLatency[sortedLatency.length - 1]! : Number.NaN,
        bad,
        lateP99: percentile(sortedLate, 99),
        lateMax: sortedLate.length ? sortedLate[sortedLate.length - 1]! : Number.NaN,
        connections,
      });
    };
    const done = (due: number, ok: boolean) => {
      const now = performance.now();
      if (ok) latency[answered++] = now - due;
      else bad++;
      inFlight--;
      finished = now;
      if (answered + bad === total) end();
    };
    const send = (due: number) => {
      late[sent++] = performance.now() - due;
      inFlight++;
      connections = Math.max(connections, inFlight);
      const request = http.get(
        { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, headers },
        (response) => {
          const ok = response.statusCode !== undefined && response.statusCode >= 200 && response.statusCode < 300;
          response.resume();
          response.once('end', () => done(due, ok));
          response.once('error', () => done(due, false));
        },
      );
      request.once('error', () => done(due, false));
    };
    // Node's timers fire to the millisecond: each tick sends every request that has come due.
    const tick = () => {
      const now = performance.now();
      while (sent < total && started + sent * interval <= now) send(started + sent * interval);
      if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
    };
    tick();
  });
}
