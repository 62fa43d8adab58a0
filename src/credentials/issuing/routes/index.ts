import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { registerIssuingApi } from '../api-routes.ts';
import { registerAchievementPages } from './achievements.tsx';
import { registerBulkPages } from './bulk.tsx';
import { registerClaimPages } from './claims.tsx';
import { registerIssuedCredentialPages } from './credentials.tsx';
import { registerIssuerPages } from './issuer.tsx';
import { registerCredentialPages, registerPublicDocuments } from './public.tsx';

/**
 * The issuing part's routes, one file per resource: public documents and credential pages,
 * the issuer's dashboard and settings, badges, issued credentials, bulk issues, claim codes;
 * and the JSON API (api-routes.ts).
 */
export async function issuingRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await registerIssuingApi(app, ctx);
  registerPublicDocuments(app, ctx);
  registerCredentialPages(app, ctx);
  registerIssuerPages(app, ctx);
  registerAchievementPages(app, ctx);
  registerIssuedCredentialPages(app, ctx);
  registerBulkPages(app, ctx);
  registerClaimPages(app, ctx);
}
