import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { E } from '../errors.ts';
import type { OAuthServer } from '../oauth/provider.ts';
import { type Scope, SCOPES } from '../scopes.ts';
import { authorize, BearerRefusal } from './bearer.ts';
import { credentialsPage, credentialText, parseQuery, upsert } from './credentials.ts';
import { API_PATH, serviceDescription } from './discovery.ts';
import { getProfile, putProfile } from './profile.ts';
import { sendStatusInfo, toStatusInfo } from './status.ts';

/** The methods each endpoint answers; any other is a 405 with Allow. */
const ENDPOINTS: Record<string, string[]> = {
  '/discovery': ['GET'],
  '/credentials': ['GET', 'POST'],
  '/profile': ['GET', 'PUT'],
};
const ALL_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** Forbidden rather than bad input: a credential issued to someone else. */
const FORBIDDEN_CODES = new Set(['backpack:errors.importNotYours']);

function linkHeader(ctx: AppContext, request: FastifyRequest, total: number, limit: number, offset: number): string {
  const since = (request.query as Record<string, unknown> | undefined)?.since;
  const url = (o: number) => {
    const params = new URLSearchParams({ limit: String(limit), offset: String(o) });
    if (typeof since === 'string' && since) params.set('since', since);
    return `<${ctx.config.baseUrl.replace(/\/$/, '')}${API_PATH}/credentials?${params}>`;
  };
  const last = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [`${url(0)}; rel="first"`];
  if (offset > 0) links.push(`${url(Math.max(0, offset - limit))}; rel="prev"`);
  if (offset + limit < total) links.push(`${url(offset + limit)}; rel="next"`);
  links.push(`${url(last)}; rel="last"`);
  return links.join(', ');
}

/**
 * The 1EdTech Open Badges 3.0 REST API at /ims/ob/v3p0 (OB 3.0 §6): discovery, getCredentials,
 * upsertCredential, getProfile, putProfile. Callers authenticate with an access token of our
 * OAuth server (never a session cookie, so no CSRF token; the platform's API-token check does not
 * run here); every error is the spec's Imsx_StatusInfo.
 */
export async function obApiRoutes(app: FastifyInstance, ctx: AppContext, server: OAuthServer): Promise<void> {
  const english = ctx.i18n.getFixedT('en');
  await app.register(
    async (api) => {
      api.setErrorHandler((error, request, reply) => {
        if (error instanceof BearerRefusal) {
          const { status, body } = toStatusInfo(error.error, english);
          return sendStatusInfo(reply, status, body, error.challenge);
        }
        const refined =
          error instanceof AppError && FORBIDDEN_CODES.has(error.code)
            ? new AppError(403, error.code, { field: error.field, params: error.params })
            : error;
        const { status, body } = toStatusInfo(refined, english);
        if (status >= 500) request.log.error({ err: error }, 'Open Badges API request failed');
        return sendStatusInfo(reply, status, body);
      });
      // Unknown addresses under the API are the API's own 404 (a route, so that the platform's
      // authentication does not answer a bearer token first).
      api.route({
        method: [...ALL_METHODS, 'OPTIONS'] as ('GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS')[],
        url: '/*',
        schema: { hide: true },
        config: { csrf: false, authenticate: false },
        handler: async () => {
          throw E.notFound();
        },
      });
      // Browser-based wallets call the API from their own origin with a bearer token (no cookies).
      api.addHook('onRequest', async (_request, reply) => {
        reply.header('access-control-allow-origin', '*');
        reply.header('access-control-expose-headers', 'X-Total-Count, Link, WWW-Authenticate');
        reply.header('cache-control', 'no-store');
      });

      const config = { csrf: false, authenticate: false, rateLimit: { max: 600, timeWindow: '1 minute' } };
      const opts = { schema: { hide: true }, config };
      const caller = (request: FastifyRequest, scope: Scope) => authorize(ctx, server, request, scope);

      api.get('/discovery', opts, async () => serviceDescription(ctx));

      api.get('/credentials', opts, async (request, reply) => {
        const { userId } = await caller(request, SCOPES.credentialRead);
        const query = parseQuery(request.query as Record<string, unknown>);
        const { total, page } = await credentialsPage(ctx, userId, query);
        reply.header('x-total-count', String(total));
        reply.header('link', linkHeader(ctx, request, total, query.limit, query.offset));
        return page;
      });

      api.post('/credentials', opts, async (request, reply) => {
        const { userId } = await caller(request, SCOPES.credentialUpsert);
        const type = String(request.headers['content-type'] ?? '')
          .split(';')[0]
          .trim()
          .toLowerCase();
        const jws = type === 'text/plain';
        if (!jws && type !== 'application/json') throw E.unsupportedType('body', { type: type || 'a body without Content-Type' });
        const stored = await upsert(ctx, userId, credentialText(request.body, jws ? 'jws' : 'json'));
        reply.status(stored.created ? 201 : 200);
        if (jws) return reply.type('text/plain; charset=utf-8').send(stored.jws ?? String(request.body).trim());
        return reply.type('application/json').send(stored.credential);
      });

      api.get('/profile', opts, async (request) => {
        const { userId } = await caller(request, SCOPES.profileRead);
        return getProfile(ctx, userId);
      });

      api.put('/profile', opts, async (request) => {
        const { userId } = await caller(request, SCOPES.profileUpdate);
        return putProfile(ctx, userId, request.body);
      });

      for (const [path, allowed] of Object.entries(ENDPOINTS)) {
        const others = ALL_METHODS.filter((m) => !allowed.includes(m));
        api.route({
          method: others as ('GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH')[],
          url: path,
          ...opts,
          handler: async (_request: FastifyRequest, reply: FastifyReply) => {
            reply.header('allow', allowed.join(', '));
            throw E.methodNotAllowed();
          },
        });
        api.options(path, opts, async (_request, reply) =>
          reply
            .header('allow', `${allowed.join(', ')}, OPTIONS`)
            .header('access-control-allow-methods', `${allowed.join(', ')}, OPTIONS`)
            .header('access-control-allow-headers', 'Authorization, Content-Type')
            .header('access-control-max-age', '3600')
            .status(204)
            .send(),
        );
      }
    },
    { prefix: API_PATH },
  );
}
