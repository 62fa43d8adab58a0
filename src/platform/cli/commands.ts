import { loadConfig } from '../config.ts';
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

/**
 * Every `vaardig` command: the platform's (serve, db) and each module's. Two modules claiming the
 * same command word fail here, with a message naming both.
 */
export function allCommands(modules: VaardigModule[]): Record<string, CliCommand> {
  return mergeClaims('command word', [
    { owner: 'the platform', claims: { serve: serve(modules), db: db(modules) } },
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
