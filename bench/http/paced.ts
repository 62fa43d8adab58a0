// An open-loop load generator for bench/http: requests sent at evenly spaced moments (one every
// 1/rate s, whatever the answers do), each timed from the moment it was due, not from when it
// went out — so a late client or a stalled server shows in the latency, as it would for visitors
// (no coordinated omission). It stands beside autocannon because autocannon's fixed rate is not
// even: each connection sends its share of a second back to back at the start of that second and
// then waits (autocannon 8, lib/httpClient.js `reqsMadeThisSecond`), so "1,000 requests/s" over
// 50 connections arrives as one burst of 1,000 with 50 in flight, and its latency correction
// assumes a 1 ms interval per connection (`Math.ceil(1 / rate)` with the rate per second) instead
// of 1,000/rate ms, which adds a recorded sample for every millisecond of every answer over 1 ms.
// It speaks HTTP/1.1 over node:net itself (class Connection) rather than through node:http's client,
// which costs several times more per request and so makes the load generator's own pauses longer.
// See docs/decisions/023-paced-load.md.
import { connect, type Socket } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

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
  /** Connections the client had open at most (one request in flight on each). */
  connections: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * One keep-alive connection speaking just enough HTTP/1.1 for the bench: it writes a request made
 * once, and reads answers by their Content-Length (or chunks), one at a time. Much less work per
 * request than node:http's client, so the load generator's own pauses stay small.
 */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private status = 0;
  private bodyLeft = -1;
  private chunked = false;
  private waiting: ((ok: boolean) => void) | null = null;
  readonly socket: Socket;
  busy = false;

  constructor(host: string, port: number, onClose: () => void) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (data: Buffer) => this.read(data));
    const fail = () => {
      this.waiting?.(false);
      this.waiting = null;
      onClose();
    };
    this.socket.on('error', fail);
    this.socket.on('close', fail);
  }

  send(request: Buffer, done: (ok: boolean) => void): void {
    this.busy = true;
    this.waiting = done;
    this.socket.write(request);
  }

  private finish(): void {
    const ok = this.status >= 200 && this.status < 300;
    const done = this.waiting;
    this.waiting = null;
    this.busy = false;
    this.status = 0;
    this.bodyLeft = -1;
    this.chunked = false;
    done?.(ok);
  }

  private read(data: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, data]) : data;
    for (;;) {
      if (this.status === 0) {
        const end = this.buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = this.buffered.toString('latin1', 0, end);
        this.buffered = this.buffered.subarray(end + 4);
        this.status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        this.chunked = !length && /\r\ntransfer-encoding:\s*chunked/i.test(head);
        this.bodyLeft = length ? Number(length[1]) : 0;
      }
      if (this.chunked) {
        // Chunks: size line, data, CRLF; the last has size 0 (no trailers expected).
        const line = this.buffered.indexOf('\r\n');
        if (line < 0) return;
        const size = Number.parseInt(this.buffered.toString('latin1', 0, line), 16);
        if (this.buffered.length < line + 2 + size + 2) return;
        this.buffered = this.buffered.subarray(line + 2 + size + 2);
        if (size === 0) this.finish();
        else continue;
      } else {
        if (this.buffered.length < this.bodyLeft) return;
        this.buffered = this.buffered.subarray(this.bodyLeft);
        this.finish();
      }
      if (!this.buffered.length) return;
    }
  }
}

/** Past a server's capacity the requests would pile up without end: at most this many connections, then they wait in the client. */
const MAX_CONNECTIONS = 256;

/** Sends `rate` requests a second for `seconds` seconds to `url`, evenly spaced, over keep-alive connections. */
export function paced(url: string, rate: number, seconds: number, headers: Record<string, string> = {}): Promise<PacedResult> {
  const target = new URL(url);
  const port = Number(target.port || 80);
  const request = Buffer.from(
    `GET ${target.pathname}${target.search} HTTP/1.1\r\nhost: ${target.host}\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('')}\r\n`,
    'latin1',
  );
  const total = Math.max(1, Math.round(rate * seconds));
  const interval = 1000 / rate;
  const latency = new Float64Array(total);
  const late = new Float64Array(total);
  const idle: Connection[] = [];
  const open = new Set<Connection>();
  /** Requests due while every connection was busy and no more may be opened: sent as one frees up (still timed from when they were due). */
  const queued: number[] = [];
  let sent = 0;
  let answered = 0;
  let bad = 0;
  let connections = 0;
  const started = performance.now();
  let finished = started;

  return new Promise((resolve) => {
    const end = () => {
      for (const c of open) c.socket.destroy();
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
    const send = (due: number) => {
      late[sent++] = performance.now() - due;
      if (!idle.length && open.size >= MAX_CONNECTIONS) {
        queued.push(due);
        return;
      }
      start(due);
    };
    const start = (due: number) => {
      let connection = idle.pop();
      if (!connection) {
        const made: Connection = new Connection(target.hostname, port, () => {
          open.delete(made);
          const at = idle.indexOf(made);
          if (at >= 0) idle.splice(at, 1);
        });
        connection = made;
        open.add(made);
        connections = Math.max(connections, open.size);
      }
      const used = connection;
      used.send(request, (ok) => {
        const now = performance.now();
        if (ok) latency[answered++] = now - due;
        else bad++;
        finished = now;
        if (open.has(used) && !used.socket.destroyed) idle.push(used);
        if (answered + bad === total) end();
        else if (queued.length && (idle.length || open.size < MAX_CONNECTIONS)) start(queued.shift()!);
      });
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

/**
 * paced() on a worker thread of its own: its heap holds nothing but the run, so its garbage
 * collections are short, and nothing the bench's own thread does (its heap holds the demo network
 * it seeded) makes it late.
 */
export function pacedOnWorker(url: string, rate: number, seconds: number, headers: Record<string, string> = {}): Promise<PacedResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { paced: { url, rate, seconds, headers } } });
    worker.once('message', (result: PacedResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

if (!isMainThread && (workerData as { paced?: unknown })?.paced) {
  const { url, rate, seconds, headers } = (
    workerData as { paced: { url: string; rate: number; seconds: number; headers: Record<string, string> } }
  ).paced;
  parentPort!.postMessage(await paced(url, rate, seconds, headers));
}
