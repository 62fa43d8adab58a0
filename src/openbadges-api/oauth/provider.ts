import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { getCurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { fetchPublic } from '../../platform/net/public-address.ts';
import { OB_SCOPES } from '../scopes.ts';
import { kyselyAdapter } from './adapter.ts';
import { latestGrantId } from './grants.ts';
import { cookieKeys, signingJwk } from './keys.ts';

/**
 * The OAuth 2.0 authorization server of the Open Badges 3.0 API: oidc-provider, configured for
 * what the OB 3.0 specification asks (§6.2): dynamic client registration (RFC 7591) without an
 * initial access token, the authorization code grant with PKCE (S256, required of every client),
 * refresh tokens, token revocation (RFC 7009), and the four OB scopes. Its records are in our
 * database (adapter.ts), its keys derived from the instance secret (keys.ts), its sign-in and
 * consent are our own pages (routes/interaction.ts). Mounted at /oauth (mount.ts).
 */

export const OAUTH_PATH = '/oauth';

/** Lifetimes, in seconds. */
export const TTL = {
  accessToken: 60 * 60,
  authorizationCode: 60,
  refreshToken: 90 * 24 * 60 * 60,
  /** A person's approval of an app: until withdrawn, or a year unused. */
  grant: 365 * 24 * 60 * 60,
  interaction: 60 * 60,
  session: 24 * 60 * 60,
};

/** The Fastify request behind a raw request handed to the provider (mount.ts puts it there). */
export function fastifyRequestOf(req: IncomingMessage): FastifyRequest | undefined {
  return (req as IncomingMessage & { vaardig?: FastifyRequest }).vaardig;
}

export function issuerOf(ctx: AppContext): string {
  return `${ctx.config.baseUrl.replace(/\/$/, '')}${OAUTH_PATH}`;
}

export interface OAuthServer {
  provider: Provider;
}

/** Builds the provider; `renderError` draws the library's error pages (a bad authorization request) in our layout. */
export function createOAuthServer(
  ctx: AppContext,
  renderError: (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => void | Promise<void>,
): OAuthServer {
  const configuration: Configuration = {
    adapter: kyselyAdapter(ctx.db),
    clients: [],
    jwks: { keys: [signingJwk(ctx.config.secret) as never] },
    cookies: {
      keys: cookieKeys(ctx.config.secret),
      long: { httpOnly: true, sameSite: 'lax' },
      short: { httpOnly: true, sameSite: 'lax' },
    },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'EdDSA',
    },
    // Kept with a client registered dynamically, as RFC 7591 names them.
    extraClientMetadata: { properties: ['software_id', 'software_version'] },
    responseTypes: ['code'],
    scopes: [...OB_SCOPES],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: true },
      // An app revokes its own tokens only. Revoking one ends every token of the person's approval
      // (the library revokes by grant); the approval itself stays until the person withdraws it.
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      // No OpenID Connect: the tokens are for the Open Badges API only.
      userinfo: { enabled: false },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: false },
    },
    findAccount: async (_ctx, sub) => {
      const user = await getCurrentUser(ctx.db, sub);
      return user ? { accountId: user.id, claims: () => ({ sub: user.id }) } : undefined;
    },
    interactions: { url: (_ctx, interaction) => `${OAUTH_PATH}/interaction/${interaction.uid}` },
    // A person approves an app once; the approval is theirs until they withdraw it (/account/apps).
    loadExistingGrant: async (koa) => {
      const { oidc } = koa;
      const accountId = oidc.session?.accountId;
      const grantId =
        oidc.result?.consent?.grantId ||
        (oidc.client ? oidc.session?.grantIdFor(oidc.client.clientId) : undefined) ||
        (accountId && oidc.client ? await latestGrantId(ctx.db, accountId, oidc.client.clientId) : undefined);
      if (!grantId) return undefined;
      const grant = await oidc.provider.Grant.find(grantId);
      // A grant of someone else (another person signed in since) is not this person's approval.
      return grant && grant.accountId === accountId ? grant : undefined;
    },
    // OB 3.0: an app gets a refresh token with its access token (no offline_access scope there).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Tokens live by their own lifetime and the person's approval, not a browser session at the server.
    expiresWithSession: async () => false,
    ttl: {
      AccessToken: TTL.accessToken,
      AuthorizationCode: TTL.authorizationCode,
      RefreshToken: TTL.refreshToken,
      Grant: TTL.grant,
      Interaction: TTL.interaction,
      Session: TTL.session,
      IdToken: TTL.accessToken,
    },
    renderError: (koa, out) => renderError(koa, out as { error: string; error_description?: string }),
    // What a client names and the server then fetches (sector_identifier_uri, jwks_uri) is fetched only
    // from a public address, each redirect checked as well, as every outbound fetch
    // (platform/net/public-address.ts); the library's dispatcher (in `options`) also drops a
    // connection that lands on a special-use address, should the name resolve differently then.
    fetch: (url, options) => fetchPublic(url, options),
  };
  const provider = new Provider(issuerOf(ctx), configuration);
  // Behind a proxy that the platform trusts, the proxy's X-Forwarded-Proto and -Host make the URLs.
  provider.proxy = Boolean(ctx.config.trustProxy);
  // Failures on our side are logged (the client gets the library's server_error answer).
  provider.on('server_error', (_koa: unknown, error: Error) => ctx.log.error({ err: error }, 'oauth: server error'));
  return { provider };
}
