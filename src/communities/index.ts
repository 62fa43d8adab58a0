import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { combineParts, type ModulePart } from '../platform/module.ts';
import { communitiesApi } from './api-routes.ts';
import { communitiesCli } from './cli.ts';
import { seedCommunitiesDemo } from './demo.ts';
import { communityJobs } from './jobs.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { breakoutsPart } from './breakouts/index.ts';
import { clinicsPart } from './clinics/index.ts';
import { communitiesMigrations } from './migrations.ts';
import { communityPolicies } from './policies.ts';
import { corePersonalData } from './personal-data.ts';
import { notesPart } from './notes/index.ts';
import { openSpacePart } from './open-space/index.ts';
import { overviewPart } from './overview/index.tsx';
import { reportsPart } from './reports/index.ts';
import { actionRoutes } from './routes/actions.ts';
import { agendaRoutes } from './routes/agenda.ts';
import { attendanceRoutes } from './routes/attendance.ts';
import { badgeRoutes } from './routes/badges.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { callRoutes } from './routes/calls.ts';
import { communityRoutes } from './routes/communities.ts';
import { directoryRoutes } from './routes/directory.ts';
import { memberRoutes } from './routes/members.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { themeRoutes } from './routes/themes.ts';
import { tables } from './schema.ts';

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  communityRoutes(app, ctx);
  memberRoutes(app, ctx);
  callRoutes(app, ctx);
  themeRoutes(app, ctx);
  sessionRoutes(app, ctx);
  agendaRoutes(app, ctx);
  calendarRoutes(app, ctx);
  actionRoutes(app, ctx);
  attendanceRoutes(app, ctx);
  badgeRoutes(app, ctx);
  directoryRoutes(app, ctx);
  await communitiesApi(app, ctx);
}

/**
 * Communities, themes, sessions, registrations, attendance, action items and participation badges
 * (issue 9 part A): the tables in schema.ts, pages and the JSON API.
 */
export const corePart: ModulePart = {
  tables,
  migrations: communitiesMigrations,
  locales: { en, nl },
  routes,
  routePolicies: communityPolicies,
  jobs: communityJobs,
  seedDemo: seedCommunitiesDemo,
  personalData: corePersonalData,
  cli: communitiesCli,
};

/**
 * Communities of practice (issue 9). Its parts: the core (this folder). A part of its own (e.g.
 * breakouts/, clinics/, open-space/, reports/) has an index.ts exporting a ModulePart with its own
 * tables, migrations (`40-communities-<part>-NNN-…`) and locales; add it to the list below.
 */
export const communitiesModule = combineParts(
  'communities',
  [{ href: '/communities', label: 'nav.communities', signedIn: true }],
  [
    corePart,
    // part B (committed by part B's session: keep these lines when committing this file)
    notesPart,
    breakoutsPart,
    clinicsPart,
    openSpacePart,
    reportsPart,
    overviewPart,
  ],
);
