import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';

/** One year, the whole site and its subdomains: what browsers remember after one answer over https. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Whether this request reached the server over https: over TLS to the server itself, or through a
 * trusted proxy (TRUST_PROXY) that says so in X-Forwarded-Proto (Fastify believes that header only
 * from the proxies it trusts, so a client cannot claim it).
 */
export function overHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/**
 * Strict-Transport-Security on every answer to a request that came over https, and never over plain
 * http (RFC 6797 §7.2: a browser ignores it there, and a development server must not send it).
 * Every cookie the server sets is `Secure` when the public address is https (SECURE cookies, as each
 * module sets them) or the request came over https, in this one place for every module's cookies;
 * HttpOnly and SameSite each cookie states where it is set.
 */
export function registerTransportSecurity(app: FastifyInstance, ctx: Pick<AppContext, 'config'>): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const https = overHttps(request);
    if (https) reply.header('strict-transport-security', HSTS);
    if (!https && !ctx.config.secureCookies) return payload;
    const cookies = reply.getHeader('set-cookie');
    if (!cookies) return payload;
    const list = Array.isArray(cookies) ? cookies.map(String) : [String(cookies)];
    if (list.every((c) => /;\s*secure\s*(;|$)/i.test(c))) return payload;
    // reply.header() adds to Set-Cookie rather than replacing it: the old list goes first.
    reply.removeHeader('set-cookie');
    reply.header(
      'set-cookie',
      list.map((c) => (/;\s*secure\s*(;|$)/i.test(c) ? c : `${c}; Secure`)),
    );
    return payload;
  });
}
