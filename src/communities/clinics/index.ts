import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { clinicMigrations } from './migrations.ts';
import { clinicRoutes } from './routes.ts';
import { clinicsPolicies } from './policies.ts';

/**
 * Clinics (issue 9 part B): a member presents a challenge, members suggest solutions and support
 * them (one vote each), and a later reflection session gathers them into its report.
 */
export const clinicsPart: ModulePart = {
  migrations: clinicMigrations,
  locales: { en, nl },
  routes: clinicRoutes,
  routePolicies: clinicsPolicies,
};
