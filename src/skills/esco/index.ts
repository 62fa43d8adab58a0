import type { ModulePart } from '../../platform/module.ts';
import { skillsCli } from '../cli.ts';
import { escoJobs } from './jobs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { escoRoutes } from './routes.tsx';

/**
 * The ESCO importer: `vaardig skills import-esco`, the `skills.import-esco` background job, the
 * operator's import page (/skills/import) and the progress API (/api/v1/skill-imports/:id).
 * The `skills` command word dispatches to the subcommands of every part (src/skills/cli-registry.ts).
 */
export const escoPart: ModulePart = {
  locales: { en, nl },
  cli: { skills: skillsCli },
  jobs: escoJobs,
  routes: escoRoutes,
};
