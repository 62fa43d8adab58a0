/**
 * Web security on the real app (issue 14): the Content-Security-Policy of every page (no inline or
 * eval'd scripts, and no inline script in the markup that such a policy would block), frame-ancestors
 * (none, except the backpack's embed), HSTS only over https (directly or through a trusted proxy),
 * cookies HttpOnly and SameSite everywhere and Secure when they should be. Brute force on sign-in is
 * in sign-in-limits.test.ts, SSRF in ssrf.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppContext } from '../../src/platform/context.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { HSTS } from '../../src/platform/http/transport.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';

/** The directives of a Content-Security-Policy header: name → sources. */
function directives(header: unknown): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of String(header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

/** What is wrong with a page's policy and markup for scripts and framing, as readable lines (none: all right). */
function scriptAndFrameProblems(url: string, response: LightMyRequestResponse, embed: boolean): string[] {
  const problems: string[] = [];
  const csp = directives(response.headers['content-security-policy']);
  if (csp.size === 0) return [`${url}: no Content-Security-Policy`];
  const scripts = csp.get('script-src') ?? csp.get('default-src');
  if (!scripts) problems.push(`${url}: no script-src nor default-src`);
  for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'data:', 'http:', 'https:'])
    if (scripts?.includes(bad)) problems.push(`${url}: script-src allows ${bad}`);
  const attrs = csp.get('script-src-attr');
  if (attrs?.includes("'unsafe-inline'")) problems.push(`${url}: script-src-attr allows 'unsafe-inline'`);
  const ancestors = csp.get('frame-ancestors')?.join(' ');
  if (embed) {
    if (ancestors !== '*') problems.push(`${url}: the embed has frame-ancestors ${ancestors}`);
    if (response.headers['x-frame-options']) problems.push(`${url}: the embed sends X-Frame-Options`);
  } else {
    if (ancestors !== "'none'") problems.push(`${url}: frame-ancestors ${ancestors}`);
    if (String(response.headers['x-frame-options']).toUpperCase() !== 'DENY')
      problems.push(`${url}: X-Frame-Options ${response.headers['x-frame-options']}`);
  }
  // What the policy would block must not be in the page: an inline <script> or an on…= handler.
  if (String(response.headers['content-type']).includes('text/html')) {
    const allowed = new Set((scripts ?? []).filter((s) => s.startsWith("'sha") || s.startsWith("'nonce-")));
    for (const match of response.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      const [, attributes, body] = match;
      if (/\bsrc\s*=/.test(attributes) || /type\s*=\s*["']?application\/(ld\+)?json/i.test(attributes)) continue;
      if (body.trim() === '' || allowed.size > 0) continue;
      problems.push(`${url}: inline script ${body.trim().slice(0, 60)}`);
    }
    const handler = /<[a-z][^>]*\s(on[a-z]+)\s*=/i.exec(response.body);
    if (handler) problems.push(`${url}: inline event handler ${handler[1]}`);
    if (/href\s*=\s*["']\s*javascript:/i.test(response.body)) problems.push(`${url}: a javascript: link`);
  }
  return problems;
}

function cookie(response: LightMyRequestResponse, name: string): string | undefined {
  const raw = response.headers['set-cookie'];
  return (Array.isArray(raw) ? raw : raw ? [String(raw)] : []).find((c) => c.startsWith(`${name}=`));
}

describeEachDatabase('web security: CSP, framing, HSTS and cookies on the real app', (ctx, kind) => {
  let app: FastifyInstance;
  const extra: FastifyInstance[] = [];
  /** An app over the same database with other settings (public address, proxies). */
  async function appWith(config: Partial<AppContext['config']>): Promise<FastifyInstance> {
    const other = await buildApp({ ...ctx(), config: { ...ctx().config, ...config } }, { logger: false, authRateLimit: 1000 });
    extra.push(other);
    return other;
  }
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false, authRateLimit: 1000 });
  });
  afterAll(async () => {
    await app.close();
    for (const other of extra) await other.close();
  });

  test('every GET route, signed out and signed in: a CSP without inline or eval’d scripts, no inline script in the page, frame-ancestors none (the embed: any)', async () => {
    const me = await signedInBrowser(ctx(), app, { operator: true });
    const urls = [...app.routeTable.values()]
      .filter((r) => r.method === 'GET' && !r.url.includes('*'))
      .map((r) => r.url.replace(/:[A-Za-z]+/g, 'x'));
    expect(urls.length).toBeGreaterThan(50);
    const problems: string[] = [];
    let pages = 0;
    for (const url of [...new Set(urls)]) {
      for (const browser of [new Browser(app), me.browser]) {
        const response = await browser.get(url);
        if (response.statusCode >= 300 && response.statusCode < 400) continue;
        const html = String(response.headers['content-type']).includes('text/html');
        if (html) pages++;
        // Every answer carries the policy (JSON and images too: a browser may be sent to them).
        problems.push(...scriptAndFrameProblems(url, response, /\/embed$/.test(url)));
      }
    }
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(20);
  });

  test('the backpack embed may be framed by any site and sets no cookie; the page around it may not', async () => {
    const embed = await app.inject({ method: 'GET', url: '/p/nobody/badges/nothing/embed' });
    expect(embed.statusCode).toBe(404);
    expect(directives(embed.headers['content-security-policy']).get('frame-ancestors')).toEqual(['*']);
    expect(embed.headers['x-frame-options']).toBeUndefined();
    expect(embed.headers['set-cookie']).toBeUndefined();
    expect(directives(embed.headers['content-security-policy']).get('script-src')).not.toContain("'unsafe-inline'");
    const page = await app.inject({ method: 'GET', url: '/p/nobody/badges/nothing' });
    expect(directives(page.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  test('over plain http: no HSTS, cookies HttpOnly and SameSite=Lax but not Secure (a development server)', async () => {
    const browser = new Browser(app);
    const form = await browser.get('/signin');
    expect(form.headers['strict-transport-security']).toBeUndefined();
    const csrf = cookie(form, 'vaardig_csrf');
    expect(csrf).toMatch(/; HttpOnly/);
    expect(csrf).toMatch(/; SameSite=Lax/);
    expect(csrf).not.toMatch(/; Secure/i);
    const me = await signedInBrowser(ctx(), app);
    const signedIn = await me.browser.post('/signin', { email: me.email, password: 'correct horse battery' });
    expect(signedIn.statusCode).toBe(303);
    const session = cookie(signedIn, 'vaardig_session');
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).not.toMatch(/; Secure/i);
    expect(signedIn.headers['strict-transport-security']).toBeUndefined();
    // A client cannot claim https when no proxy is trusted.
    const claimed = await app.inject({ method: 'GET', url: '/', headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
  });

  test('with an https public address: every cookie is Secure, HttpOnly and SameSite=Lax; HSTS still only on a request that came over https', async () => {
    const secure = await appWith({ baseUrl: 'https://vaardig.test', secureCookies: true });
    const browser = new Browser(secure);
    const form = await browser.get('/signin');
    for (const name of ['vaardig_csrf']) {
      const set = cookie(form, name);
      expect(set, name).toMatch(/; HttpOnly/);
      expect(set, name).toMatch(/; SameSite=Lax/);
      expect(set, name).toMatch(/; Secure/);
    }
    const me = await signedInBrowser(ctx(), secure);
    const signedIn = await me.browser.post('/signin', { email: me.email, password: 'correct horse battery' });
    expect(signedIn.statusCode).toBe(303);
    for (const name of ['vaardig_session', 'vaardig_flash']) {
      const set = cookie(signedIn, name);
      expect(set, name).toMatch(/; HttpOnly/);
      expect(set, name).toMatch(/; SameSite=Lax/);
      expect(set, name).toMatch(/; Secure/);
    }
    // The request itself came over plain http (no trusted proxy says otherwise): a browser ignores HSTS there.
    expect(form.headers['strict-transport-security']).toBeUndefined();
  });

  test('behind a trusted proxy: HSTS and Secure cookies when X-Forwarded-Proto says https; not from an untrusted proxy; not over http', async () => {
    const trusted = await appWith({ trustProxy: true });
    const viaHttps = await trusted.inject({ method: 'GET', url: '/signin', headers: { 'x-forwarded-proto': 'https' } });
    expect(viaHttps.statusCode).toBe(200);
    expect(viaHttps.headers['strict-transport-security']).toBe(HSTS);
    expect(cookie(viaHttps, 'vaardig_csrf')).toMatch(/; Secure/);
    // Each cookie once (made Secure in place, not sent a second time).
    expect([viaHttps.headers['set-cookie']].flat().filter((c) => String(c).startsWith('vaardig_csrf='))).toHaveLength(1);
    const viaHttp = await trusted.inject({ method: 'GET', url: '/signin', headers: { 'x-forwarded-proto': 'http' } });
    expect(viaHttp.headers['strict-transport-security']).toBeUndefined();
    expect(cookie(viaHttp, 'vaardig_csrf')).not.toMatch(/; Secure/i);
    // Only the named proxy is believed: the request from 127.0.0.1 is not from it.
    const named = await appWith({ trustProxy: '10.9.9.9' });
    const notFromIt = await named.inject({ method: 'GET', url: '/signin', headers: { 'x-forwarded-proto': 'https' } });
    expect(notFromIt.headers['strict-transport-security']).toBeUndefined();
    const fromIt = await named.inject({
      method: 'GET',
      url: '/signin',
      remoteAddress: '10.9.9.9',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(fromIt.headers['strict-transport-security']).toBe(HSTS);
  });

  test(`over TLS straight to the server: HSTS [${kind}]`, async () => {
    const dir = tempDir('tls');
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      {
        stdio: 'ignore',
      },
    );
    await app.ready();
    const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => app.routing(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { request } = await import('node:https');
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/signin', rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.headers);
        });
        req.on('error', reject);
        req.end();
      });
      expect(headers['strict-transport-security']).toBe(HSTS);
      expect(String(headers['set-cookie'])).toMatch(/vaardig_csrf=[^,]*; Secure/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
