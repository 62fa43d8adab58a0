import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { accountRoutes } from './account.ts';
import { addressRoutes } from './addresses.ts';
import { adminRoutes } from './admin.ts';
import { invitationRoutes } from './invitations.ts';
import { organisationRoutes } from './organisations.ts';
import { signInRoutes } from './sign-in.ts';
import { signUpRoutes } from './sign-up.ts';

/** The accounts module's pages, one file per resource. */
export async function accountPages(app: FastifyInstance, ctx: AppContext): Promise<void> {
  signUpRoutes(app, ctx);
  signInRoutes(app, ctx);
  accountRoutes(app, ctx);
  addressRoutes(app, ctx);
  organisationRoutes(app, ctx);
  invitationRoutes(app, ctx);
  adminRoutes(app, ctx);
}
