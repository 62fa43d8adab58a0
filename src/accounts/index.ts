import type { VaardigModule } from '../platform/module.ts';
import { accountsApi } from './api-routes.ts';
import { demoNetwork } from './demo.ts';
import { accountsDashboard } from './pages/dashboard.tsx';
import { accountsMigrations } from './migrations.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import addressesEn from './locales/addresses.en.ts';
import addressesNl from './locales/addresses.nl.ts';
import { accountPages } from './routes/index.ts';
import { accountsPersonalData } from './personal-data.ts';
import { tables } from './schema.ts';
import { saveLocale } from './service.ts';
import { authenticateRequest } from './sessions.ts';
import { accountsPolicies } from './policies.ts';

/**
 * Accounts, sessions, API tokens, organisations, roles and invitations. It fills the platform's
 * `authenticate` hook and makes the demo's people and organisations; other modules use its `api.ts`.
 */
export const accountsModule: VaardigModule = {
  name: 'accounts',
  routePolicies: accountsPolicies,
  tables,
  migrations: accountsMigrations,
  // The texts of extra addresses live in files of their own, merged in here.
  locales: {
    en: { ...en, ...addressesEn, errors: { ...en.errors, ...addressesEn.errors } },
    nl: { ...nl, ...addressesNl, errors: { ...nl.errors, ...addressesNl.errors } },
  },
  authenticate: authenticateRequest,
  demoNetwork,
  localeChosen: (ctx, user, locale) => saveLocale(ctx.db, user.id, locale),
  routes: async (app, ctx) => {
    await accountPages(app, ctx);
    await accountsApi(app, ctx);
  },
  // The home page: the person's organisations and a next step; the operator's network.
  dashboard: accountsDashboard,
  personalData: accountsPersonalData,
  nav: [
    { href: '/organisations', label: 'nav.organisations', signedIn: true },
    { href: '/admin/organisations', label: 'nav.admin', operator: true },
  ],
};
