import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from '../platform/config.ts';
import { type AppContext, createContext } from '../platform/context.ts';
import pino from 'pino';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** parseArgs that reports a bad option as a usage error naming it. */
export function parseOptions<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Runs a command against the database. On the embedded database this fails with a message naming
 * the running server when one holds the folder (PGlite allows one process).
 */
export async function withContext<T>(command: string, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Imported here: modules import their commands, which import this file.
  const { modules } = await import('../modules.ts');
  const ctx = await createContext(config, modules, {
    holder: `the command "vaardig ${command}"`,
    log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)),
  });
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}
