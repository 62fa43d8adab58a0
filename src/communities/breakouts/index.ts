import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { breakoutMigrations } from './migrations.ts';
import { breakoutRoutes } from './routes.ts';
import { breakoutsPolicies } from './policies.ts';

/**
 * During a session (issue 9 part B): guiding questions with their answers, and breakout groups made
 * at random, by interest, by skill or by hand, each with its question, note-taker and live notes.
 */
export const breakoutsPart: ModulePart = {
  migrations: breakoutMigrations,
  locales: { en, nl },
  routes: breakoutRoutes,
  routePolicies: breakoutsPolicies,
};
