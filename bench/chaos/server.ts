// A real Vaardig server in a process of its own (`bin/vaardig.js serve`), to be killed and started
// again: the chaos harness and the two-node test use it.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Node 24 from the `node` devDependency when it is there (the system's may be older). */
export function nodeBinary(): string {
  const local = join(ROOT, 'node_modules', '.bin', 'node');
  return existsSync(local) ? local : process.execPath;
}

/** The last lines of a server's log, for an error message (the log's folder may be removed after). */
function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerOptions {
  /** VAARDIG_HOME of this node (the embedded database lives here unless databaseUrl is given). */
  home: string;
  port: number;
  /** Public origin; nodes behind one load balancer share it. Default http://127.0.0.1:<port>. */
  baseUrl?: string;
  databaseUrl?: string;
  secret: string;
  /** VAARDIG_DATA_DIR (an empty folder: no ESCO import in the demo). */
  dataDir: string;
  /** Where the server's output goes (appended, every start). */
  logFile: string;
  /** Seed the demo network into an empty database (default true). */
  demo?: boolean;
  env?: Record<string, string>;
}

export class ServerProcess {
  private exited: Promise<void>;
  private constructor(
    readonly child: ChildProcess,
    readonly options: ServerOptions,
    /** performance.now() when the process was spawned. */
    readonly spawnedAt: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Spawns the server and waits until /health answers (or the process ends, or the time is up). */
  static async start(options: ServerOptions, timeoutMs = 120_000): Promise<ServerProcess> {
    mkdirSync(options.home, { recursive: true });
    const log = openSync(options.logFile, 'a');
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      VAARDIG_HOME: options.home,
      VAARDIG_SECRET: options.secret,
      VAARDIG_DATA_DIR: options.dataDir,
      BASE_URL: options.baseUrl ?? `http://127.0.0.1:${options.port}`,
      HOST: '127.0.0.1',
      PORT: String(options.port),
      LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
      VAARDIG_DEMO: options.demo === false ? 'false' : 'true',
      ...(options.env ?? {}),
    };
    delete env.DATABASE_URL;
    if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
    const spawnedAt = performance.now();
    const child = spawn(nodeBinary(), [join(ROOT, 'bin', 'vaardig.js'), 'serve', '--port', String(options.port)], {
      cwd: ROOT,
      env,
      stdio: ['ignore', log, log],
    });
    const server = new ServerProcess(child, options, spawnedAt);
    await server.waitHealthy(timeoutMs);
    return server;
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const until = performance.now() + timeoutMs;
    while (performance.now() < until) {
      if (!this.running)
        throw new Error(
          `the server stopped while starting (exit ${this.child.exitCode ?? this.child.signalCode}); the end of ${this.options.logFile}:\n${logTail(this.options.logFile)}`,
        );
      try {
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        if (response.ok) return;
      } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the server did not answer /health within ${timeoutMs / 1000} s; see ${this.options.logFile}`);
  }

  /** kill -9: no shutdown code runs, as when a machine or container dies. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM), killed after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
