import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { openSpaceMigrations } from './migrations.ts';
import { openSpaceRoutes } from './routes.ts';
import { openSpacePolicies } from './policies.ts';

/**
 * Open space and hackathon sessions (issue 9 part B): participants propose topics and vote; the
 * facilitator places them in rooms and time slots by hand or in one click, never a host in two
 * topics at once; each topic has its live notes.
 */
export const openSpacePart: ModulePart = {
  migrations: openSpaceMigrations,
  locales: { en, nl },
  routes: openSpaceRoutes,
  routePolicies: openSpacePolicies,
};
