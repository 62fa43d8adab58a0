import type { i18n } from 'i18next';
import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import { type DatabaseHandle, openDatabase, pgliteDataDir } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { Database } from './db/schema.ts';
import { createI18n } from './i18n.ts';
import { Jobs } from './jobs.ts';
import { Mailer } from './mail.ts';
import { checkModules, type VaardigModule } from './module.ts';

/** What services need to do their work; built once per process and handed to every module. */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  database: DatabaseHandle;
  jobs: Jobs;
  mail: Mailer;
  log: Logger;
  i18n: i18n;
  modules: VaardigModule[];
  close(): Promise<void>;
}

export interface ContextOptions {
  /** An already open database (tests); otherwise opened from the config. */
  database?: DatabaseHandle;
  /** Who opens the embedded database, for the message a second process gets. */
  holder?: string;
  log?: Logger;
}

export async function createContext(config: Config, modules: VaardigModule[], options: ContextOptions = {}): Promise<AppContext> {
  checkModules(modules);
  const log = options.log ?? pino({ level: config.logLevel });
  const database =
    options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: pgliteDataDir(config.home), holder: options.holder }));
  try {
    await migrateToLatest(database.db, modules);
    const jobs = new Jobs(database, log);
    await jobs.start();
    const ctx: AppContext = {
      config,
      db: database.db,
      database,
      jobs,
      mail: new Mailer(database.db, config, log),
      log,
      i18n: createI18n(modules),
      modules,
      async close() {
        await jobs.stop().catch((error) => log.warn({ err: error }, 'job queue did not stop cleanly'));
        ctx.mail.close();
        await database.close();
      },
    };
    for (const module of modules) await module.jobs?.(ctx);
    return ctx;
  } catch (error) {
    await database.close();
    throw error;
  }
}
