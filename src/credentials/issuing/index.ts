import type { ModulePart } from '../../platform/module.ts';
import '../schema.ts';
import { issuingCli } from './cli.ts';
import { issuingJobs } from './jobs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { issuingMigrations } from './migrations.ts';
import { issuingRoutes } from './routes/index.ts';
import { seedIssuingDemo } from './demo.ts';
import { badgesForSkill } from './pages/skill-section.tsx';

/**
 * Issuing Open Badges 3.0: issuer identities (did:web, keys encrypted at rest), achievements aligned
 * to library skills, issuing (single, bulk CSV job, claim codes), status lists, public credential pages.
 * Services: issuer.ts, achievements.ts, issue.ts, status.ts, bulk.ts, claims.ts.
 */
export const issuingPart: ModulePart = {
  migrations: issuingMigrations,
  locales: { en, nl },
  routes: issuingRoutes,
  jobs: issuingJobs,
  cli: issuingCli,
  seedDemo: seedIssuingDemo,
  skillSections: badgesForSkill,
};
