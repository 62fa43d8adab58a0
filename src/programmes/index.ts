import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import type { VaardigModule } from '../platform/module.ts';
import { programmeJobs } from './jobs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { programmeMigrations } from './migrations.ts';
import { tables } from './schema.ts';

async function routes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}

/**
 * Certification programmes (issue 11, part B): cohorts, assessed work against rubrics, module
 * badges with results and evidence, the certificate as a pathway, playbooks, accreditation, and
 * reminders before badges expire.
 */
export const programmesModule: VaardigModule = {
  name: 'programmes',
  tables,
  migrations: programmeMigrations,
  locales: { en, nl },
  routes,
  jobs: programmeJobs,
  nav: [{ href: '/programmes', label: 'nav.programmes' }],
};
