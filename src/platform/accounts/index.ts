import type { VaardigModule } from '../module.ts';

/** Accounts, sessions, API tokens, organisations, roles and invitations. */
export const accountsModule: VaardigModule = {
  name: 'accounts',
};
