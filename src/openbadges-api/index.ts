import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../platform/context.ts';
import type { VaardigModule } from '../platform/module.ts';
import { noHtml, type SafeHtml, safeHtml } from '../platform/pages/safe-html.ts';
import { approvedApps, forgetPerson, personalRecords } from './apps.ts';
import en from './locales/en.ts';
import nl from './locales/nl.ts';
import { openBadgesApiMigrations } from './migrations.ts';
import { mountOAuth } from './oauth/mount.ts';
import { createOAuthServer, fastifyRequestOf } from './oauth/provider.ts';
import { obApiRoutes } from './ob/routes.ts';
import { AppsPanel } from './pages/apps.tsx';
import { OAuthErrorPage } from './pages/oauth-error.tsx';
import { appsRoutes } from './routes/apps.ts';
import { interactionRoutes } from './routes/interaction.ts';
import { tables } from './schema.ts';
import { openBadgesApiPolicies } from './policies.ts';

/** The OAuth server's error pages (a bad authorization request) in our layout and the reader's language. */
async function renderOAuthError(koa: KoaContextWithOIDC, out: { error: string; error_description?: string }): Promise<void> {
  const technical = out.error_description ? `${out.error}: ${out.error_description}` : out.error;
  const request = fastifyRequestOf(koa.req);
  koa.type = 'html';
  koa.body = request ? await OAuthErrorPage({ request, error: technical }) : technical;
}

async function routes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const server = createOAuthServer(ctx, renderOAuthError);
  await mountOAuth(app, server);
  interactionRoutes(app, ctx, server);
  appsRoutes(app, ctx);
  await obApiRoutes(app, ctx, server);
}

/** The home page: the apps that may use the person's badges, when there are any. */
async function dashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  if (!request.user) return noHtml;
  const count = (await approvedApps(ctx, request.user.id)).length;
  return count ? safeHtml(AppsPanel({ request, count })) : noHtml;
}

/**
 * The Open Badges 3.0 API (1EdTech) at /ims/ob/v3p0 over the person's backpack, with its OAuth 2.0
 * server at /oauth (oidc-provider: dynamic registration, authorization code with PKCE, refresh
 * tokens, revocation), the consent page and the person's list of approved apps (issue 8).
 */
export const openBadgesApiModule: VaardigModule = {
  name: 'openbadges-api',
  routePolicies: openBadgesApiPolicies,
  tables,
  migrations: openBadgesApiMigrations,
  locales: { en, nl },
  routes,
  dashboard,
  // The person's approvals, tokens and sessions at the OAuth server (token values left out); removed
  // with the account, before the accounts module removes the person (erase runs in reverse order).
  personalData: {
    tables: ['oauth_models'],
    export: async (ctx, subject) => ({ oauth_models: await personalRecords(ctx, subject.userId) }),
    erase: async (ctx, subject) => {
      await forgetPerson(ctx, subject.userId);
    },
  },
};
