import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { modules } from '../../src/modules.ts';
import { runCli } from '../../src/platform/cli/commands.ts';
import { TEST_SECRET } from './db.ts';

/**
 * Running `vaardig` commands in tests. In this process through `runCli`, the function the entry
 * point calls (exit code and output as a shell sees them, without a fresh Node and tsx per command);
 * or, where a second process matters (a server holding the embedded database), as
 * `node bin/vaardig.js` whose temp files (tsx's cache) go to a folder the test removes.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const NODE = join(ROOT, 'node_modules/.bin/node');
export const CLI_BASE_ENV = { VAARDIG_DEMO: 'false', LOG_LEVEL: 'silent', VAARDIG_SECRET: TEST_SECRET };

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `vaardig <args>` in this process with `env` set (over CLI_BASE_ENV), capturing what it prints. */
export async function vaardig(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const vars = { ...CLI_BASE_ENV, ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { log, error } = console;
  Object.assign(process.env, vars);
  console.log = (...parts: unknown[]) => void stdout.push(`${format(...parts)}\n`);
  console.error = (...parts: unknown[]) => void stderr.push(`${format(...parts)}\n`);
  try {
    const code = await runCli(modules, args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    Object.assign(console, { log, error });
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** `node bin/vaardig.js <args>` as a process of its own; its temp files go to `tmp`. */
export function vaardigProcess(env: Record<string, string>, tmp: string, ...args: string[]): Promise<CliRun> {
  return new Promise((done) => {
    execFile(
      NODE,
      ['bin/vaardig.js', ...args],
      { cwd: ROOT, env: { ...process.env, ...CLI_BASE_ENV, TMPDIR: tmp, ...env } },
      (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A TCP port nothing listens on at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}
