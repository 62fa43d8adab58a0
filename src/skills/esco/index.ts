import type { ModulePart } from '../../platform/module.ts';
import { skillsCli } from '../cli.ts';
import { escoDashboard } from './dashboard.tsx';
import { escoJobs, queueEscoImport } from './jobs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { escoMigrations } from './migrations.ts';
import { escoRoutes } from './routes.tsx';
import { defaultEscoPaths } from './service.ts';

/**
 * The ESCO importer: `vaardig skills import-esco`, the `skills.import-esco` background job, the
 * operator's import page (/skills/import) and the progress API (/api/v1/skill-imports/:id).
 * The `skills` command word dispatches to the subcommands of every part (src/skills/cli-registry.ts).
 */
export const escoPart: ModulePart = {
  migrations: escoMigrations,
  locales: { en, nl },
  cli: { skills: skillsCli },
  jobs: escoJobs,
  routes: escoRoutes,
  // The operator's home page shows the library's size and the state of the last import.
  dashboard: escoDashboard,
  // The demo is for trying the library out: when the ESCO downloads are in the data folder, the
  // demo network imports them in the background (≈ 15 s), with progress on /skills/import.
  seedDemo: async (ctx, demo) => {
    const paths = defaultEscoPaths(ctx.config.dataDir);
    if (paths.length > 0) await queueEscoImport(ctx, paths, demo.operatorUserId);
  },
};
