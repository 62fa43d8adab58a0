import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SESSION_COOKIE } from '../../src/accounts/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { signedInBrowser } from '../accounts/support.ts';
import { ElsewhereIssuer } from '../backpack/badges.ts';
import { issuerFor } from '../backpack/support.ts';
import { describeEachDatabase, testConfig } from '../helpers/db.ts';
import { ALL_SCOPES, browserAuthorizes, CookieJar, freePort, OAuthTestClient, OB } from './client.ts';

const port = await freePort();
const base = `http://127.0.0.1:${port}`;

describeEachDatabase(
  'the Open Badges 3.0 API with OAuth 2.0',
  (ctx) => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp(ctx(), { logger: false });
      await app.listen({ host: '127.0.0.1', port });
    });
    afterAll(() => app.close());

    /** A signed-in person (a browser cookie jar with their Vaardig session). */
    async function person() {
      const signed = await signedInBrowser(ctx(), app);
      const jar = new CookieJar({ [SESSION_COOKIE]: signed.browser.cookies.get(SESSION_COOKIE) ?? '' });
      return { ...signed, jar };
    }

    /** Registers a client and runs the whole authorization for the person: the tokens. */
    async function connect(jar: CookieJar, scopes = ALL_SCOPES, client = new OAuthTestClient(base)) {
      if (!client.registered) await client.register();
      const request = client.authorizationRequest(scopes);
      const { location, consentPages } = await browserAuthorizes(jar, base, request.url);
      expect(location.searchParams.get('state')).toBe(request.state);
      const code = location.searchParams.get('code');
      expect(code, location.toString()).toBeTruthy();
      const tokens = await client.exchange(code as string, request.verifier);
      return { client, tokens, consentPages };
    }

    test('a wallet registers, gets consent (code + PKCE), reads credentials page by page, upserts, reads and updates the profile', async () => {
      const me = await person();
      const org = await issuerFor(ctx(), 'School');
      for (let i = 1; i <= 5; i++) await org.issue(me.email, { name: `Network badge ${i}` });

      const { client, tokens, consentPages } = await connect(me.jar);
      expect(consentPages).toHaveLength(1);
      expect(consentPages[0]).toContain('Test Wallet');
      expect(consentPages[0]).toContain('See the badges in your backpack');
      expect(consentPages[0]).toContain('Add badges to your backpack');
      expect(tokens.token_type).toBe('Bearer');
      expect(tokens.refresh_token).toBeTruthy();

      // Page by page, with X-Total-Count and Link.
      const seen: string[] = [];
      let next: string | null = '/credentials?limit=2';
      let pages = 0;
      while (next) {
        const response = await client.api(tokens.access_token, next);
        expect(response.status).toBe(200);
        expect(response.headers.get('x-total-count')).toBe('5');
        const body = await response.json();
        for (const c of body.credential) seen.push(c.name ?? c.credentialSubject?.achievement?.name);
        const link = response.headers.get('link') ?? '';
        const found = /<([^>]+)>; rel="next"/.exec(link);
        next = found ? found[1].replace(`${base}/ims/ob/v3p0`, '') : null;
        pages++;
      }
      expect(pages).toBe(3);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);

      // Upsert a credential made by the test (JSON): 201, then 200 for the same one.
      const elsewhere = await ElsewhereIssuer.create();
      const credential = await elsewhere.signed(me.email, 'Upserted badge');
      const created = await client.api(tokens.access_token, '/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credential),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      expect((await created.json()).id).toBe(credential.id);
      const again = await client.api(tokens.access_token, '/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(credential),
      });
      expect(again.status).toBe(200);
      // And as a compact JWS.
      const jws = await elsewhere.jwt(me.email, 'Upserted JWT badge');
      const createdJws = await client.api(tokens.access_token, '/credentials', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: jws,
      });
      expect(createdJws.status, await createdJws.clone().text()).toBe(201);
      expect(await createdJws.text()).toBe(jws);
      const all = await (await client.api(tokens.access_token, '/credentials')).json();
      expect(all.credential.map((c: { id: string }) => c.id)).toContain(credential.id);
      expect(all.compactJwsString).toEqual([jws]);

      // Profile.
      const profile = await client.api(tokens.access_token, '/profile');
      expect(profile.status).toBe(200);
      expect(await profile.json()).toMatchObject({ type: ['Profile'], email: me.email });
      const put = await client.api(tokens.access_token, '/profile', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: ['Profile'], name: 'New Name' }),
      });
      expect(put.status).toBe(200);
      expect((await put.json()).name).toBe('New Name');
      expect((await (await client.api(tokens.access_token, '/profile')).json()).name).toBe('New Name');
    });
  },
  () => testConfig({ baseUrl: base }),
);
