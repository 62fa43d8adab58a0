import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.ts';
import { backupDatabase, restoreDatabase } from '../db/backup.ts';
import { openDatabase, pgliteDataDir } from '../db/database.ts';
import { migrateToLatest, migrationStatus } from '../db/migrate.ts';
import { createI18n } from '../i18n.ts';
import { type CliCommand, mergeClaims, type VaardigModule } from '../module.ts';
import { startServer } from '../server.ts';
import { commandList, errorText, parseOptions, UsageError, useModules, withContext } from './toolkit.ts';

/** `vaardig serve`: the web server with every module. */
function serve(modules: VaardigModule[]): CliCommand {
  return {
    summary: 'Start the web server (embedded database and demo data unless configured otherwise)',
    async run(args) {
      const { values } = parseOptions(args, {
        port: { type: 'string' },
        'no-demo': { type: 'boolean' },
        help: { type: 'boolean' },
      });
      if (values.help) {
        console.log('Usage: vaardig serve [--port N] [--no-demo]');
        return 0;
      }
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !Number.isInteger(port)) throw new UsageError(`--port must be a number, got "${values.port}"`);
      const server = await startServer(loadConfig(process.env, { port, demo: values['no-demo'] ? false : undefined }), modules);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          server.stop().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        });
      }
      return -1;
    },
  };
}

/** `vaardig db migrate|status`. */
function db(modules: VaardigModule[]): CliCommand {
  return {
    summary: 'Database: `db migrate` applies migrations, `db status` lists them',
    async run(args) {
      const [action] = args;
      if (action !== 'migrate' && action !== 'status') throw new UsageError('Usage: vaardig db migrate|status');
      return withContext(`db ${action}`, async (ctx) => {
        // Opening the context already migrated; run again to report what is current.
        if (action === 'migrate') await migrateToLatest(ctx.db, modules);
        const all = await migrationStatus(ctx.db, modules);
        for (const m of all) console.log(`${m.executedAt ? 'applied' : 'pending'}  ${m.name}`);
        console.log(`${all.filter((m) => m.executedAt).length} of ${all.length} migrations applied (${ctx.database.kind})`);
        return 0;
      });
    },
  };
}

/** The database of the configuration as it is (not migrated), for backup and restore. */
async function withDatabase<T>(command: string, work: (database: Awaited<ReturnType<typeof openDatabase>>, secret: string) => Promise<T>) {
  const config = loadConfig();
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: pgliteDataDir(config.home),
    holder: `the command "vaardig ${command}"`,
  });
  try {
    return await work(database, config.secret);
  } finally {
    await database.close();
  }
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `vaardig backup FILE` (docs/operations.md, decision 021). */
function backup(): CliCommand {
  return {
    summary: 'Back up the database (embedded or PostgreSQL) to one file; keys stay sealed with VAARDIG_SECRET',
    async run(args) {
      const { values, positionals } = parseOptions(args, { help: { type: 'boolean' } }, true);
      if (values.help || positionals.length !== 1) {
        if (!values.help) throw new UsageError('Usage: vaardig backup FILE');
        console.log('Usage: vaardig backup FILE\nWrites every table of the database (gzipped JSON lines) to FILE. See docs/operations.md.');
        return 0;
      }
      const file = resolve(positionals[0]);
      const summary = await withDatabase('backup', (database, secret) => backupDatabase(database, file, { secret }));
      console.log(
        `backed up ${summary.tables} tables, ${summary.rows} rows (schema: ${summary.migrations} migrations) to ${file} (${megabytes(summary.bytes)})`,
      );
      return 0;
    },
  };
}

/** `vaardig restore FILE [--force]`. */
function restore(modules: VaardigModule[]): CliCommand {
  return {
    summary: 'Restore a backup into an empty database (--force replaces what a database holds)',
    async run(args) {
      const { values, positionals } = parseOptions(args, { force: { type: 'boolean' }, help: { type: 'boolean' } }, true);
      if (values.help || positionals.length !== 1) {
        if (!values.help) throw new UsageError('Usage: vaardig restore FILE [--force]');
        console.log(
          'Usage: vaardig restore FILE [--force]\nRestores a backup made by `vaardig backup` into the configured database, which must be empty unless --force is given (then everything in it is replaced). Stop the server first. See docs/operations.md.',
        );
        return 0;
      }
      const file = resolve(positionals[0]);
      try {
        statSync(file);
      } catch {
        throw new UsageError(`restore: no file ${file}`);
      }
      const summary = await withDatabase('restore', (database, secret) =>
        restoreDatabase(database, file, modules, { secret, force: values.force }),
      );
      console.log(`restored ${summary.tables} tables, ${summary.rows} rows from ${file}`);
      return 0;
    },
  };
}

/**
 * Every `vaardig` command: the platform's (serve, db) and each module's. Two modules claiming the
 * same command word fail here, with a message naming both.
 */
export function allCommands(modules: VaardigModule[]): Record<string, CliCommand> {
  return mergeClaims('command word', [
    { owner: 'the platform', claims: { serve: serve(modules), db: db(modules), backup: backup(), restore: restore(modules) } },
    ...modules.map((m) => ({ owner: `module ${m.name}`, claims: m.cli })),
  ]);
}

/**
 * Runs `vaardig <argv>` with the modules and answers the exit code: the command's own, -1 for one
 * that keeps running (`serve`), 2 for a usage error, 1 for any other failure. A failure is printed
 * on stderr as `vaardig <command>: <message>`, a coded error in English with the fields at fault.
 * The entry point (src/cli/main.ts) exits with the code; a test may run commands in its own process.
 */
export async function runCli(modules: VaardigModule[], argv: string[]): Promise<number> {
  const [name = 'serve', ...args] = argv;
  useModules(modules);
  const commands = allCommands(modules);
  const usage = () =>
    [
      'Usage: vaardig <command> [options]',
      '',
      'Commands:',
      ...commandList(commands),
      '',
      "Run `vaardig <command> --help` for a command's options.",
    ].join('\n');
  if (name === '--help' || name === 'help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`vaardig: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    console.error(`vaardig ${name}: ${errorText(createI18n(modules).getFixedT('en'), error)}`);
    return error instanceof UsageError ? 2 : 1;
  }
}
