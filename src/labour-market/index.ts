import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { combineParts, type ModulePart } from '../platform/module.ts';
import { labourMarketApi } from './api-routes.ts';
import { labourMarketCli } from './cli.ts';
import { extractionPart } from './extraction/index.ts';
import { seedLabourMarketDemo } from './demo.ts';
import { labourMarketJobs } from './jobs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { labourMarketMigrations } from './migrations.ts';
import { extractionPolicies, harvestPolicies } from './policies.ts';
import { vacanciesForSkill } from './pages/skill-section.tsx';
import { sourceRoutes } from './routes/sources.ts';
import { vacancyRoutes } from './routes/vacancies.ts';
import { tables } from './schema.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  vacancyRoutes(app, ctx);
  sourceRoutes(app, ctx);
  await labourMarketApi(app, ctx);
}

/**
 * Harvesting: sources (sites, feeds, the API), the polite crawler (crawler/), vacancies with
 * de-duplication (dedup.ts), runs and their logs, the tag step, pages and the skill-page section.
 */
export const harvestPart: ModulePart = {
  tables,
  migrations: labourMarketMigrations,
  locales: { en, nl },
  routes,
  routePolicies: harvestPolicies,
  jobs: labourMarketJobs,
  cli: labourMarketCli,
  seedDemo: seedLabourMarketDemo,
  skillSections: vacanciesForSkill,
};

/**
 * The labour market (issue 10): vacancies harvested politely from sites, feeds and the API,
 * de-duplicated, with the skills they ask for. Its parts: harvesting (this folder) and skill
 * extraction (extraction/). Add a part to the list below.
 */
export const labourMarketModule = combineParts(
  'labour-market',
  [{ href: '/vacancies', label: 'nav.vacancies', signedIn: true }],
  [harvestPart, { ...extractionPart, routePolicies: extractionPolicies }],
);
