import type { VaardigModule } from '../module.ts';
import { accountsApi } from './api.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { accountPages } from './routes.ts';

export { ANY_ROLE, hasOrgRole, MANAGER_ROLES, requireOrgRole } from './authorisation.ts';

/**
 * Accounts, sessions, API tokens, organisations, roles and invitations. Its tables are declared in
 * src/platform/schema.ts (they are the platform's own); other modules check roles with `requireOrgRole`.
 */
export const accountsModule: VaardigModule = {
  name: 'accounts',
  locales: { en, nl },
  routes: async (app, ctx) => {
    await accountPages(app, ctx);
    await accountsApi(app, ctx);
  },
  nav: [
    { href: '/organisations', label: 'nav.organisations', signedIn: true },
    { href: '/admin/organisations', label: 'nav.admin', operator: true },
  ],
};
