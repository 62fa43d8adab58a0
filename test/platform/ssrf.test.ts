/**
 * SSRF guards on every outbound fetch (issue 14): the verifier (a credential by URL, and the
 * documents it reads: a hosted OB 2.0 assertion, contexts), the backpack's import by link, the
 * crawler, and the URLs an OAuth client names (sector_identifier_uri, jwks_uri). Each is pointed at a
 * listener this test runs on 127.0.0.1, which must never be called (0 connections), directly, through
 * host names that resolve to private addresses (the one resolver of platform/net/public-address.ts,
 * replaced here: no DNS is asked), and through redirects to a private address.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { FetchRefusedError, safeFetch } from '../../src/credentials/contexts/fetch.ts';
import { executeRun } from '../../src/labour-market/harvest.ts';
import { queueRun } from '../../src/labour-market/runs.ts';
import { createSource } from '../../src/labour-market/sources.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { fetchPublic, PublicFetchRefused, useHostResolver } from '../../src/platform/net/public-address.ts';
import { signedInBrowser } from '../accounts/support.ts';
import { organisationWith, person } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase, testConfig } from '../helpers/db.ts';

/** A listener on 127.0.0.1 that counts every connection and request; `redirectTo` makes it answer 302. */
interface Listener {
  port: number;
  connections: number;
  requests: string[];
  redirectTo?: string;
  server: Server;
}

async function listen(): Promise<Listener> {
  const listener = { connections: 0, requests: [] as string[] } as Listener;
  listener.server = createServer((req, res) => {
    listener.requests.push(req.url ?? '');
    if (req.url === '/robots.txt') res.writeHead(404).end();
    else if (listener.redirectTo) res.writeHead(302, { location: listener.redirectTo }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"keys":[]}');
  });
  listener.server.on('connection', () => {
    listener.connections += 1;
  });
  await new Promise<void>((resolve) => listener.server.listen(0, '127.0.0.1', resolve));
  listener.port = (listener.server.address() as AddressInfo).port;
  return listener;
}

let target: Listener;
let redirector: Listener;
let restoreResolver: () => void;
const names: Record<string, string[]> = {
  'internal.test': ['127.0.0.1'],
  'intranet.test': ['10.20.30.40'],
  'metadata.test': ['169.254.169.254'],
  'v6-loopback.test': ['::1'],
  'mapped.test': ['::ffff:127.0.0.1'],
  // One public address and one private: any private one refuses the name.
  'mixed.test': ['93.184.216.34', '127.0.0.1'],
  // The redirector's name: allowed for the crawler by the operator's allow-list only.
  'site.test': ['127.0.0.1'],
  // A public address nothing here connects to (fetch is stubbed where it is used).
  'public.test': ['93.184.216.34'],
};
const resolved: string[] = [];

beforeAll(async () => {
  target = await listen();
  redirector = await listen();
  restoreResolver = useHostResolver(async (host) => {
    resolved.push(host);
    const addresses = names[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  });
});

afterAll(async () => {
  restoreResolver();
  await new Promise<void>((resolve) => target.server.close(() => resolve()));
  await new Promise<void>((resolve) => redirector.server.close(() => resolve()));
});

/** Every private way to the listener: the address itself and names that resolve to private addresses. */
function privateUrls(path: string): string[] {
  const p = target.port;
  return [
    `https://127.0.0.1:${p}${path}`,
    `https://[::1]:${p}${path}`,
    `https://internal.test:${p}${path}`,
    `https://mapped.test:${p}${path}`,
    `https://mixed.test:${p}${path}`,
    `https://v6-loopback.test:${p}${path}`,
    `https://intranet.test${path}`,
    `https://metadata.test/latest/meta-data`,
  ];
}

function expectUntouched() {
  expect(target.requests).toEqual([]);
  expect(target.connections).toBe(0);
}

describeEachDatabase(
  'SSRF: no outbound fetch reaches a private address',
  (ctx, kind) => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp(ctx(), { logger: false });
    });
    afterAll(() => app.close());

    test('the verifier: a credential by URL, and a hosted OB 2.0 assertion it would fetch, are refused naming the address', async () => {
      for (const url of privateUrls('/badge.json')) {
        const response = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url, allowNetwork: true } });
        expect(response.statusCode, url).toBe(422);
        expect(response.json().detail, url).toMatch(/private, loopback or reserved/);
      }
      for (const url of privateUrls('/assertion.json')) {
        const assertion = {
          '@context': 'https://w3id.org/openbadges/v2',
          type: 'Assertion',
          id: url,
          recipient: { type: 'email', hashed: false, identity: 'someone@example.org' },
          badge: url.replace('assertion', 'badge'),
          verification: { type: 'hosted' },
          issuedOn: '2024-01-01T00:00:00Z',
        };
        const response = await app.inject({
          method: 'POST',
          url: '/api/v1/verify',
          payload: { credential: assertion, allowNetwork: true },
        });
        expect(response.statusCode, url).toBeLessThan(500);
        if (response.statusCode === 200) {
          expect(response.json().valid, url).toBe(false);
          expect(JSON.stringify(response.json().checks), url).toMatch(/private, loopback or reserved|could not be fetched/);
        }
      }
      expectUntouched();
    });

    test('the backpack: an import by link, and a pasted assertion that would be fetched, are refused naming the field; nothing stored', async () => {
      const me = await signedInBrowser(ctx(), app);
      for (const url of privateUrls('/badge.json')) {
        const response = await me.browser.api('POST', '/api/v1/backpack/import', { url });
        expect(response.statusCode, url).toBe(422);
        expect(response.json(), url).toMatchObject({ field: 'url', code: 'backpack:errors.importPrivateAddress' });
      }
      const pasted = await me.browser.api('POST', '/api/v1/backpack/import', {
        credential: {
          '@context': 'https://w3id.org/openbadges/v2',
          type: 'Assertion',
          id: `https://internal.test:${target.port}/a.json`,
          recipient: { type: 'email', hashed: false, identity: me.email },
          badge: `https://internal.test:${target.port}/b.json`,
          verification: { type: 'hosted' },
          issuedOn: '2024-01-01T00:00:00Z',
        },
      });
      expect(pasted.statusCode).toBeGreaterThanOrEqual(400);
      expect(pasted.statusCode).toBeLessThan(500);
      expect(pasted.json().field).toBe('credential');
      const stored = await ctx().db.selectFrom('backpack_items').select('id').where('user_id', '=', me.userId).execute();
      expect(stored).toEqual([]);
      expectUntouched();
    });

    test('the verifier’s fetch follows no redirect to a private address, not even from a trusted origin (vaardig verify trusts its own BASE_URL)', async () => {
      const trusted = `http://site.test:${redirector.port}`;
      for (const to of [...privateUrls('/x'), `http://internal.test:${target.port}/x`]) {
        redirector.redirectTo = to;
        const seen = redirector.requests.length;
        await expect(safeFetch(`${trusted}/go`, { trustedOrigins: [trusted] }), to).rejects.toBeInstanceOf(FetchRefusedError);
        expect(redirector.requests.length, to).toBe(seen + 1);
      }
      redirector.redirectTo = undefined;
      expectUntouched();
    });

    test('the crawler: a site on a private address, by name or by a redirect, is never fetched; only the operator’s allow-list opens a host', async () => {
      const c = ctx();
      const analyst = await person(c, 'Analyst');
      const orgId = await organisationWith(c, `ssrf-${kind}-${Date.now()}`, [[analyst, 'analyst']]);
      const run = async (input: Parameters<typeof createSource>[3]) => {
        const source = await createSource(c, analyst, orgId, { kind: 'site', delaySeconds: 0.1, ...input });
        const queued = await queueRun(c, source, null);
        await executeRun(c, queued.id);
        const done = await c.db.selectFrom('vacancy_runs').selectAll().where('id', '=', queued.id).executeTakeFirstOrThrow();
        const log = await c.db.selectFrom('vacancy_run_log').select('code').where('run_id', '=', queued.id).execute();
        return { counts: done.counts as Record<string, number>, codes: log.map((l) => l.code) };
      };
      for (const [i, url] of [
        `http://127.0.0.1:${target.port}/jobs`,
        `http://internal.test:${target.port}/jobs`,
        `http://mixed.test:${target.port}/jobs`,
        'http://intranet.test/jobs',
        'http://metadata.test/latest/meta-data',
      ].entries()) {
        const { counts, codes } = await run({ name: `Private ${i}`, startUrls: url });
        expect(counts.private, url).toBeGreaterThanOrEqual(1);
        expect(codes, url).toContain('privateAddress');
      }
      // site.test is on the allow-list (a test's own site); its redirect to a private host that the
      // source allows is refused all the same, as that host is not on the allow-list.
      redirector.redirectTo = `http://internal.test:${target.port}/secret`;
      const { counts, codes } = await run({
        name: 'Redirects inward',
        startUrls: `http://site.test:${redirector.port}/start`,
        allowedHosts: `site.test:${redirector.port}\ninternal.test:${target.port}`,
      });
      redirector.redirectTo = undefined;
      expect(redirector.requests, JSON.stringify(codes)).toContain('/start');
      expect(counts.private).toBeGreaterThanOrEqual(1);
      expect(codes).toContain('privateAddress');
      expectUntouched();
    });

    test('OAuth clients: a sector_identifier_uri or jwks_uri on a private address is never fetched; the registration names the field', async () => {
      for (const url of privateUrls('/sector.json')) {
        const response = await app.inject({
          method: 'POST',
          url: '/oauth/reg',
          payload: {
            client_name: 'Sector',
            redirect_uris: ['https://wallet.example/callback'],
            sector_identifier_uri: url,
            token_endpoint_auth_method: 'client_secret_basic',
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        });
        expect(response.statusCode, url).toBe(400);
        expect(response.json(), url).toMatchObject({ error: 'invalid_client_metadata' });
        expect(response.json().error_description, url).toMatch(/sector_identifier_uri/);
      }
      // A client that authenticates with a signed assertion: its keys would be fetched from jwks_uri.
      const registered = await app.inject({
        method: 'POST',
        url: '/oauth/reg',
        payload: {
          client_name: 'Keys elsewhere',
          redirect_uris: ['https://wallet.example/callback'],
          jwks_uri: `https://internal.test:${target.port}/jwks`,
          token_endpoint_auth_method: 'private_key_jwt',
          token_endpoint_auth_signing_alg: 'ES256',
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      });
      expect(registered.statusCode, registered.body).toBe(201);
      {
        const clientId = registered.json().client_id as string;
        const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        const assertion = `${b64({ alg: 'ES256', kid: 'k1' })}.${b64({ iss: clientId, sub: clientId, aud: `${ctx().config.baseUrl}/oauth`, jti: `j${now}`, iat: now, exp: now + 60 })}.${Buffer.alloc(64).toString('base64url')}`;
        resolved.length = 0;
        const token = await app.inject({
          method: 'POST',
          url: '/oauth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            grant_type: 'authorization_code',
            code: 'nothing',
            redirect_uri: 'https://wallet.example/callback',
            client_id: clientId,
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: assertion,
          }).toString(),
        });
        // Refused as the client's keys could not be had: the guard looked the name up and stopped there.
        expect(token.statusCode).toBe(401);
        expect(token.json()).toMatchObject({ error: 'invalid_client' });
        expect(resolved).toContain('internal.test');
      }
      expectUntouched();
    });
  },
  () => testConfig({ crawlAllowHosts: ['site.test'] }),
);

test('fetchPublic (OAuth clients’ URLs) checks each redirect before it follows it', async () => {
  // The first hop is a public name; fetch is stubbed, so nothing leaves this machine.
  const calls: string[] = [];
  const stub = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    calls.push(String(input));
    expect(init?.redirect).toBe('manual');
    return new Response(null, { status: 302, headers: { location: `https://internal.test:${target.port}/jwks` } });
  });
  try {
    await expect(fetchPublic('https://public.test/jwks')).rejects.toBeInstanceOf(PublicFetchRefused);
    await expect(fetchPublic('https://public.test/jwks')).rejects.toThrow(/internal\.test resolves to 127\.0\.0\.1/);
    expect(calls).toEqual(['https://public.test/jwks', 'https://public.test/jwks']);
    await expect(fetchPublic(`https://127.0.0.1:${target.port}/`)).rejects.toThrow(/private, loopback or reserved/);
    await expect(fetchPublic('file:///etc/passwd')).rejects.toThrow(/file: URLs are not fetched/);
    expect(calls).toHaveLength(2);
  } finally {
    stub.mockRestore();
  }
  expectUntouched();
});
