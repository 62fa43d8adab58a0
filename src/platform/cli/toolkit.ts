import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { TFunction } from 'i18next';
import pino from 'pino';
import { loadConfig } from '../config.ts';
import { type AppContext, createContext } from '../context.ts';
import { AppError, HttpProblem } from '../errors.ts';
import type { CliCommand, VaardigModule } from '../module.ts';

/**
 * The toolkit every module's `cli.ts` uses: option parsing, usage errors, a database context and
 * `commandGroup` for `vaardig <module> <sub>` commands. The platform imports no module: the entry
 * point (src/cli/main.ts) hands the module list over with `useModules` before it runs a command.
 */

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

let registered: VaardigModule[] | undefined;

/** Hands the modules to the CLI toolkit (the entry point does this once; a test may too). */
export function useModules(modules: VaardigModule[]): void {
  registered = modules;
}

/** The modules the entry point handed over. */
export function cliModules(): VaardigModule[] {
  if (!registered) throw new Error('No modules: the entry point calls useModules(modules) before running a command');
  return registered;
}

/**
 * Opens the database (migrated) with every module, as the command `command`. On the embedded
 * database this fails with a message naming the running server when one holds the folder (PGlite
 * allows one process). The caller closes the context.
 */
export function openContext(command: string): Promise<AppContext> {
  return createContext(loadConfig(), cliModules(), {
    holder: `the command "vaardig ${command}"`,
    log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)),
  });
}

/** Runs a command against the database and closes it afterwards. */
export async function withContext<T>(command: string, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openContext(command);
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

/**
 * A failed command's error as one line for the terminal. A coded error reads in English (`t` is
 * the English translator), each field at fault as `field: message`; anything else by its message.
 */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof AppError && !(error instanceof HttpProblem)) {
    const faults = error.errors.length ? error.errors : [{ field: error.field, code: error.code, params: error.params }];
    return faults
      .map((e) => {
        const text = t(e.code, { ...e.params, defaultValue: e.code });
        return e.field ? `${e.field}: ${text}` : text;
      })
      .join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** The usage text of a list of commands: one line each, the names aligned. */
export function commandList(commands: Record<string, CliCommand>): string[] {
  const names = Object.keys(commands).sort();
  const width = Math.max(0, ...names.map((n) => n.length));
  return names.map((n) => `  ${n.padEnd(width)}  ${commands[n]!.summary}`);
}

/**
 * `vaardig <word> <sub> [options]`: one command word that dispatches to subcommands, with
 * `vaardig <word> --help` listing them. A module's parts each bring their subcommands; the module's
 * `cli.ts` groups them under its word: `{ skills: commandGroup('skills', 'Skills library', {...}) }`.
 */
export function commandGroup(word: string, summary: string, subcommands: Record<string, CliCommand>): CliCommand {
  const usage = () => [`Usage: vaardig ${word} <subcommand> [options]`, '', 'Subcommands:', ...commandList(subcommands)].join('\n');
  return {
    summary: `${summary}: ${Object.keys(subcommands).sort().join(', ')} (vaardig ${word} --help)`,
    async run(args) {
      const [sub, ...rest] = args;
      if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
        console.log(usage());
        return 0;
      }
      const command = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
      if (!command) throw new UsageError(`unknown subcommand "${word} ${sub}"\n\n${usage()}`);
      return command.run(rest);
    },
  };
}
