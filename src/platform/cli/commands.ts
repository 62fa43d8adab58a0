import { loadConfig } from '../config.ts';
import { migrateToLatest, migrationStatus } from '../db/migrate.ts';
import { type CliCommand, mergeClaims, type VaardigModule } from '../module.ts';
import { startServer } from '../server.ts';
import { parseOptions, UsageError, withContext } from './toolkit.ts';

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
