import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SESSION_COOKIE } from '../../src/accounts/api.ts';
import { saveProfile } from '../../src/backpack/profile.ts';
import { purgeExpired } from '../../src/openbadges-api/oauth/adapter.ts';
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
      // An updated version (same id, same issuer) replaces the stored copy: 200 with the new one.
      const updated = await elsewhere.signed(me.email, 'Upserted badge, updated', { id: credential.id });
      const replaced = await client.api(tokens.access_token, '/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(updated),
      });
      expect(replaced.status).toBe(200);
      expect(await replaced.json()).toEqual(updated);
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
      // Once the person publishes their public profile, its text and address are part of it.
      await saveProfile(ctx(), me.userId, {
        handle: `ob-${me.userId.slice(0, 8)}`,
        displayName: 'New Name',
        bio: 'Baker and welder.',
        published: true,
      });
      expect(await (await client.api(tokens.access_token, '/profile')).json()).toMatchObject({
        description: 'Baker and welder.',
        url: `${base}/p/ob-${me.userId.slice(0, 8)}`,
      });
    });

    /** The Imsx_StatusInfo of an error answer, checked for its shape. */
    async function imsx(response: Response, status: number, minor: string) {
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body).toMatchObject({
        imsx_codeMajor: 'failure',
        imsx_severity: 'error',
        imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: minor }] },
      });
      expect(typeof body.imsx_description).toBe('string');
      return body.imsx_description as string;
    }

    test('wrong scope, expired token, revoked token and another person’s data are refused with Imsx_StatusInfo', async () => {
      const me = await person();
      const other = await person();
      const org = await issuerFor(ctx(), 'Employer');
      await org.issue(other.email, { name: 'Someone else’s badge' });
      await org.issue(me.email, { name: 'My badge' });

      // Only reading credentials was asked for: the profile and upserting are refused (403, insufficient_scope).
      const { client, tokens } = await connect(me.jar, [`${OB}/credential.readonly`]);
      expect(tokens.scope).toBe(`${OB}/credential.readonly`);
      const profile = await client.api(tokens.access_token, '/profile');
      expect(profile.headers.get('www-authenticate')).toContain('insufficient_scope');
      expect(await imsx(profile, 403, 'forbidden')).toContain('profile.readonly');
      await imsx(
        await client.api(tokens.access_token, '/credentials', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
        403,
        'forbidden',
      );

      // Another person's credentials never show: the token reads the person who approved it.
      const mine = await (await client.api(tokens.access_token, '/credentials')).json();
      expect(JSON.stringify(mine)).toContain('My badge');
      expect(JSON.stringify(mine)).not.toContain('Someone else');

      // No token, a made-up one: 401 with a bearer challenge.
      const none = await client.api(null, '/credentials');
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
      await imsx(none, 401, 'unauthorizedrequest');
      await imsx(await client.api('made-up-token', '/credentials'), 401, 'unauthorizedrequest');
      // A Vaardig API token is no OAuth token here.
      await imsx(await client.api('vdg_notanoauthtoken', '/credentials'), 401, 'unauthorizedrequest');

      // Expired: the token's lifetime passed.
      const expiring = await connect(me.jar, [`${OB}/credential.readonly`], client);
      await ctx()
        .db.updateTable('oauth_models')
        .set({ payload: sql`jsonb_set(payload, '{exp}', to_jsonb(extract(epoch from now())::int - 10))` })
        .where('kind', '=', 'AccessToken')
        .where('id', '=', expiring.tokens.access_token)
        .execute();
      const expired = await client.api(expiring.tokens.access_token, '/credentials');
      expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
      await imsx(expired, 401, 'unauthorizedrequest');

      // Revoked (RFC 7009): the token stops working, and with it every token of this approval
      // (oidc-provider revokes by grant), the refresh token too; the approval itself stays.
      // More scopes than approved so far: the consent page asks again, for the new ones.
      const revoking = await connect(me.jar, ALL_SCOPES, client);
      expect(revoking.consentPages).toHaveLength(1);
      expect(revoking.consentPages[0]).toContain('Change your name');
      expect((await client.api(revoking.tokens.access_token, '/credentials')).status).toBe(200);
      expect((await client.revoke(revoking.tokens.access_token, 'access_token')).status).toBe(200);
      await imsx(await client.api(revoking.tokens.access_token, '/credentials'), 401, 'unauthorizedrequest');
      expect((await client.refresh(revoking.tokens.refresh_token as string)).status).toBe(400);
      // A refresh token revoked on its own: it gives no new tokens, and its access token stops.
      const again = await connect(me.jar, ALL_SCOPES, client);
      expect(again.consentPages).toHaveLength(0);
      expect((await client.revoke(again.tokens.refresh_token as string, 'refresh_token')).status).toBe(200);
      expect((await client.refresh(again.tokens.refresh_token as string)).status).toBe(400);
      await imsx(await client.api(again.tokens.access_token, '/credentials'), 401, 'unauthorizedrequest');
      // Another app cannot revoke this app's tokens (RFC 7009 answers 200 all the same).
      const last = await connect(me.jar, ALL_SCOPES, client);
      const stranger = new OAuthTestClient(base, 'Stranger');
      await stranger.register();
      expect((await stranger.revoke(last.tokens.access_token)).status).toBe(200);
      expect((await client.api(last.tokens.access_token, '/credentials')).status).toBe(200);

      // Upserting someone else's credential: 403, and it is not stored.
      const writer = await connect(me.jar, ALL_SCOPES, new OAuthTestClient(base, 'Writer'));
      const elsewhere = await ElsewhereIssuer.create();
      const theirs = await elsewhere.signed(other.email, 'Not mine');
      const refused = await writer.client.api(writer.tokens.access_token, '/credentials', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(theirs),
      });
      expect(await imsx(refused, 403, 'forbidden')).toContain('someone else');
      const after = await (await writer.client.api(writer.tokens.access_token, '/credentials')).json();
      expect(JSON.stringify(after)).not.toContain('Not mine');
    });

    test('a refresh token gives new tokens; withdrawing the app on /account/apps stops them all', async () => {
      const me = await person();
      const other = await person();
      const { client, tokens } = await connect(me.jar, ALL_SCOPES, new OAuthTestClient(base, 'Withdrawn Wallet'));
      const refreshed = await client.refresh(tokens.refresh_token as string);
      expect(refreshed.status).toBe(200);
      const second = await refreshed.json();
      expect(second.access_token).not.toBe(tokens.access_token);

      // A second authorization by the same person skips consent (approved already).
      const again = await connect(me.jar, ALL_SCOPES, client);
      expect(again.consentPages).toHaveLength(0);

      // The page lists the app with what it may do.
      const page = await me.browser.get('/account/apps');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Withdrawn Wallet');
      expect(page.body).toContain('Change your name');
      const clientId = client.registered.client_id;
      // Someone else cannot withdraw it (not their approval), nor see it.
      expect((await other.browser.get('/account/apps')).body).not.toContain('Withdrawn Wallet');
      expect((await other.browser.post(`/account/apps/${clientId}/withdraw`)).statusCode).toBe(404);
      expect((await client.api(second.access_token, '/profile')).status).toBe(200);

      const withdrawn = await me.browser.post(`/account/apps/${clientId}/withdraw`);
      expect(withdrawn.statusCode).toBe(303);
      expect((await me.browser.get('/account/apps')).body).toContain('no longer has access');
      for (const token of [tokens.access_token, second.access_token, again.tokens.access_token])
        await imsx(await client.api(token, '/profile'), 401, 'unauthorizedrequest');
      expect((await client.refresh(second.refresh_token)).status).toBe(400);
      // A new authorization asks for consent again.
      const renewed = await connect(me.jar, ALL_SCOPES, client);
      expect(renewed.consentPages).toHaveLength(1);
    });

    test('an app registration nobody used for 30 days is removed; an approved app keeps working', async () => {
      const me = await person();
      const forgotten = new OAuthTestClient(base, 'Forgotten Wallet');
      await forgotten.register();
      const { client, tokens } = await connect(me.jar, ALL_SCOPES, new OAuthTestClient(base, 'Kept Wallet'));
      // 31 days on, as the adapter's purge sees it.
      await purgeExpired(ctx().db, new Date(Date.now() + 31 * 24 * 60 * 60 * 1000));
      const refused = await me.jar.fetch(forgotten.authorizationRequest().url, { redirect: 'manual' });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('invalid_client');
      expect((await forgotten.tokenRequest({ grant_type: 'refresh_token', refresh_token: 'x' })).status).toBe(401);
      const refreshed = await client.refresh(tokens.refresh_token as string);
      expect(refreshed.status).toBe(200);
      expect((await client.api((await refreshed.json()).access_token, '/profile')).status).toBe(200);
    });

    test('the person declines: the app gets access_denied and no approval is kept', async () => {
      const me = await person();
      const client = new OAuthTestClient(base, 'Declined Wallet');
      await client.register();
      const request = client.authorizationRequest();
      const { location } = await browserAuthorizes(me.jar, base, request.url, { decline: true });
      expect(location.searchParams.get('error')).toBe('access_denied');
      expect(location.searchParams.get('code')).toBeNull();
      expect((await me.browser.get('/account/apps')).body).not.toContain('Declined Wallet');
    });
  },
  () => testConfig({ baseUrl: base }),
);
