import type { FastifyRequest } from 'fastify';
import type { AccessToken } from 'oidc-provider';
import { getCurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { E } from '../errors.ts';
import type { OAuthServer } from '../oauth/provider.ts';
import type { Scope } from '../scopes.ts';

/** Who an OB API request acts for: the person who approved the app, the app, what it may do. */
export interface ApiCaller {
  userId: string;
  clientId: string;
  scopes: Set<string>;
}

/** A refusal that carries the RFC 6750 challenge for the WWW-Authenticate header. */
export class BearerRefusal extends Error {
  constructor(
    readonly error: AppError,
    readonly challenge: string,
  ) {
    super(error.code);
  }
}

const REALM = 'realm="Vaardig Open Badges API"';

function invalid(description: string): BearerRefusal {
  return new BearerRefusal(E.tokenInvalid('authorization'), `Bearer ${REALM}, error="invalid_token", error_description="${description}"`);
}

/**
 * Checks the request's bearer token (an access token of our OAuth server, RFC 6750 header only)
 * and that it was granted `scope`. Unknown, expired and revoked tokens, tokens of a withdrawn
 * approval and of a deleted person are refused as invalid_token (401); a missing scope is
 * insufficient_scope (403).
 */
export async function authorize(ctx: AppContext, server: OAuthServer, request: FastifyRequest, scope: Scope): Promise<ApiCaller> {
  const header = request.headers.authorization;
  if (!header) throw new BearerRefusal(E.tokenInvalid('authorization'), `Bearer ${REALM}, scope="${scope}"`);
  const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header);
  if (!match) throw invalid('the Authorization header is not a bearer token');
  let token: AccessToken | undefined;
  try {
    token = await server.provider.AccessToken.find(match[1]);
  } catch {
    token = undefined;
  }
  if (!token || token.isExpired || !token.accountId || !token.grantId) throw invalid('the access token is unknown, expired or revoked');
  const grant = await server.provider.Grant.find(token.grantId);
  if (!grant || grant.accountId !== token.accountId) throw invalid('the approval behind the access token was withdrawn');
  const user = await getCurrentUser(ctx.db, token.accountId);
  if (!user) throw invalid('the account behind the access token is gone');
  if (!token.scopes.has(scope))
    throw new BearerRefusal(
      E.scopeMissing('authorization', { scope }),
      `Bearer ${REALM}, error="insufficient_scope", error_description="the access token lacks the scope", scope="${scope}"`,
    );
  return { userId: user.id, clientId: token.clientId ?? '', scopes: token.scopes };
}
