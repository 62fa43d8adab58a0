import type { ModulePart } from '../../platform/module.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { notesMigrations } from './migrations.ts';
import { partBPersonalData } from './personal-data.ts';
import { notesRoutes } from './routes.ts';
import { registerSessionSection } from './session-section.tsx';
import { notesPolicies } from './policies.ts';

registerSessionSection();

/**
 * Shared notes of breakout groups and open-space topics (issue 9 part B): blocks that are added
 * append-only and changed with a version check, a list that updates itself every 2 seconds.
 */
export const notesPart: ModulePart = {
  migrations: notesMigrations,
  locales: { en, nl },
  routes: notesRoutes,
  routePolicies: notesPolicies,
  // The person's rows of every part B table (one hook for all of part B: the parts share people's records).
  personalData: partBPersonalData,
};
