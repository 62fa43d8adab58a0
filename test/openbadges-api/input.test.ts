import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SESSION_COOKIE } from '../../src/accounts/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';
import { ElsewhereIssuer } from '../backpack/badges.ts';
import { issuerFor } from '../backpack/support.ts';
import { describeEachDatabase, testConfig } from '../helpers/db.ts';
import { ALL_SCOPES, browserAuthorizes, CookieJar, freePort, OAuthTestClient } from './client.ts';

const port = await freePort();
const base = `http://127.0.0.1:${port}`;

describeEachDatabase(
  'the Open Badges 3.0 API: input, discovery and the OAuth pages',
  (ctx) => {
    let app: FastifyInstance;
    let token: string;
    let client: OAuthTestClient;
    let me: Awaited<ReturnType<typeof signedInBrowser>> & { jar: CookieJar };

    async function person(lang?: string) {
      const signed = await signedInBrowser(ctx(), app);
      const jar = new CookieJar({
        [SESSION_COOKIE]: signed.browser.cookies.get(SESSION_COOKIE) ?? '',
        ...(lang ? { vaardig_lang: lang } : {}),
      });
      return { ...signed, jar };
    }

    beforeAll(async () => {
      app = await buildApp(ctx(), { logger: false });
      await app.listen({ host: '127.0.0.1', port });
      me = await person();
      client = new OAuthTestClient(base);
      await client.register();
      const request = client.authorizationRequest();
      const { location } = await browserAuthorizes(me.jar, base, request.url);
      token = (await client.exchange(location.searchParams.get('code') as string, request.verifier)).access_token;
    });
    afterAll(() => app.close());

    async function imsx(response: Response, status: number, minor: string): Promise<string> {
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body.imsx_codeMajor).toBe('failure');
      expect(body.imsx_severity).toBe('error');
      expect(body.imsx_codeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe(minor);
      return body.imsx_description;
    }

    test('the service description names the OAuth endpoints, registration and scopes; the metadata agrees', async () => {
      const response = await fetch(`${base}/ims/ob/v3p0/discovery`);
      expect(response.status).toBe(200);
      const doc = await response.json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.servers[0].url).toBe(`${base}/ims/ob/v3p0`);
      expect(doc.info['x-imssf-privacyPolicyUrl']).toBeTruthy();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/credentials', '/profile', '/discovery']));
      const scheme = doc.components.securitySchemes.OAuth2ACG;
      expect(scheme.type).toBe('oauth2');
      expect(scheme['x-imssf-registrationUrl']).toBe(`${base}/oauth/reg`);
      expect(Object.keys(scheme.flows.authorizationCode.scopes).sort()).toEqual([...ALL_SCOPES].sort());
      const metadata = await (await fetch(`${base}/oauth/.well-known/oauth-authorization-server`)).json();
      expect(metadata.issuer).toBe(`${base}/oauth`);
      expect(metadata.authorization_endpoint).toBe(scheme.flows.authorizationCode.authorizationUrl);
      expect(metadata.token_endpoint).toBe(scheme.flows.authorizationCode.tokenUrl);
      expect(metadata.registration_endpoint).toBe(scheme['x-imssf-registrationUrl']);
      expect(metadata.revocation_endpoint).toBe(`${base}/oauth/token/revocation`);
      expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
      expect(metadata.scopes_supported).toEqual(expect.arrayContaining(ALL_SCOPES));
    });

    test('getCredentials: limit, offset and since are checked and named; since filters', async () => {
      for (const [query, field] of [
        ['limit=0', 'limit'],
        ['limit=abc', 'limit'],
        ['limit=1001', 'limit'],
        ['offset=-1', 'offset'],
        ['since=yesterday', 'since'],
        ['since=2026-13-45T00:00:00Z', 'since'],
      ]) {
        const description = await imsx(await client.api(token, `/credentials?${query}`), 400, 'invalid_query_parameter');
        expect(description.startsWith(`${field}:`), `${query}: ${description}`).toBe(true);
      }
      const org = await issuerFor(ctx(), 'School');
      await org.issue(me.email, { name: 'Recent badge' });
      const future = await client.api(token, '/credentials?since=2999-01-01T00:00:00Z');
      expect(future.headers.get('x-total-count')).toBe('0');
      expect((await future.json()).credential).toEqual([]);
      const past = await client.api(token, '/credentials?since=2000-01-01T00:00:00Z&limit=1');
      expect(past.headers.get('x-total-count')).toBe('1');
      expect(past.headers.get('link')).toContain('since=2000-01-01T00%3A00%3A00Z');
    });

    test('upsertCredential: the body must be an OB 3.0 credential as JSON or a compact JWS, untampered', async () => {
      const post = (body: string, type?: string) =>
        client.api(token, '/credentials', { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
      expect(await imsx(await post('<p>hi</p>', 'text/html'), 400, 'invalid_data')).toMatch(/^body: /);
      expect(await imsx(await post('{"name":"no credential"}', 'application/json'), 400, 'invalid_data')).toMatch(/^body: /);
      expect(await imsx(await post('{not json', 'application/json'), 400, 'invalid_data')).toMatch(/JSON/);
      expect(await imsx(await post('not.a.jws!', 'text/plain'), 400, 'invalid_data')).toMatch(/^body: /);
      expect(await imsx(await post('[]', 'application/json'), 400, 'invalid_data')).toMatch(/^body: /);
      const elsewhere = await ElsewhereIssuer.create();
      const tampered = await elsewhere.signed(me.email, 'Honest name');
      tampered.name = 'Changed after signing';
      expect(await imsx(await post(JSON.stringify(tampered), 'application/json'), 400, 'invalid_data')).toMatch(
        /changed after it was signed/,
      );
    });

    test('putProfile: the body is a Profile; the name is required, the email must be a confirmed address', async () => {
      const put = (body: string) => client.api(token, '/profile', { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
      expect(await imsx(await put('[]'), 400, 'invalid_data')).toMatch(/^body: /);
      expect(await imsx(await put('{"type":["Profile"]}'), 400, 'invalid_data')).toMatch(/^name: /);
      expect(await imsx(await put('{"name":"   "}'), 400, 'invalid_data')).toMatch(/^name: /);
      expect(await imsx(await put(JSON.stringify({ name: 'x'.repeat(500) })), 400, 'invalid_data')).toMatch(/^name: /);
      expect(await imsx(await put('{"name":"A","email":"someone@else.example"}'), 400, 'invalid_data')).toMatch(/^email: /);
      expect(await imsx(await put('{"name":"A","type":"Achievement"}'), 400, 'invalid_data')).toMatch(/^type: /);
      expect(await imsx(await put('{"name":"A","id":"urn:uuid:00000000-0000-0000-0000-000000000000"}'), 400, 'invalid_data')).toMatch(
        /^id: /,
      );
      expect((await put(JSON.stringify({ name: 'Same Person', email: me.email }))).status).toBe(200);
    });

    test('other methods are 405 with Allow, unknown paths 404, both as Imsx_StatusInfo', async () => {
      const deleted = await client.api(token, '/credentials', { method: 'DELETE' });
      expect(deleted.headers.get('allow')).toBe('GET, POST');
      await imsx(deleted, 405, 'not_allowed');
      await imsx(
        await client.api(token, '/profile', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
        405,
        'not_allowed',
      );
      await imsx(await client.api(token, '/discovery', { method: 'PUT' }), 405, 'not_allowed');
      await imsx(await client.api(token, '/nothing'), 404, 'not_found');
      const preflight = await fetch(`${base}/ims/ob/v3p0/credentials`, { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    });

    test('registration: unknown scopes and missing redirect URIs are refused (RFC 7591 errors)', async () => {
      const register = (body: Record<string, unknown>) =>
        fetch(`${base}/oauth/reg`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const badScope = await register({
        client_name: 'X',
        redirect_uris: ['http://127.0.0.1:9/cb'],
        scope: 'https://example.org/everything',
      });
      expect(badScope.status).toBe(400);
      expect((await badScope.json()).error).toBe('invalid_client_metadata');
      const noRedirect = await register({ client_name: 'X' });
      expect(noRedirect.status).toBe(400);
      expect((await noRedirect.json()).error_description).toMatch(/redirect_uris/);
      const implicit = await register({ client_name: 'X', redirect_uris: ['http://127.0.0.1:9/cb'], response_types: ['token'] });
      expect(implicit.status).toBe(400);
    });

    test('authorization: PKCE is required (S256), and a bad request shows our error page in the reader’s language', async () => {
      const request = client.authorizationRequest();
      const url = new URL(request.url);
      url.searchParams.delete('code_challenge');
      url.searchParams.delete('code_challenge_method');
      const noPkce = await me.jar.fetch(url.toString());
      const location = new URL(noPkce.headers.get('location') ?? '', base);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
      const plain = new URL(request.url);
      plain.searchParams.set('code_challenge_method', 'plain');
      const refusedPlain = new URL((await me.jar.fetch(plain.toString())).headers.get('location') ?? '', base);
      expect(refusedPlain.searchParams.get('error')).toBe('invalid_request');
      // A redirect URI the app did not register: no redirect, our page says it.
      const wrong = new URL(request.url);
      wrong.searchParams.set('redirect_uri', 'https://evil.example/cb');
      const page = await fetch(wrong.toString(), { headers: { cookie: 'vaardig_lang=nl' }, redirect: 'manual' });
      expect(page.status).toBe(400);
      const html = await page.text();
      expect(html).toContain('Het verzoek van de app kon niet worden afgehandeld');
      expect(html).toContain('redirect_uri');
      expect(html).toContain('<html lang="nl">');
    });

    test('the interaction pages: signed out goes to sign-in and back; another person and an unknown request are refused', async () => {
      const request = client.authorizationRequest();
      const stranger = new CookieJar();
      const start = await stranger.fetch(request.url);
      expect(start.status).toBe(303);
      const interaction = new URL(start.headers.get('location') ?? '', base);
      expect(interaction.pathname).toMatch(/^\/oauth\/interaction\//);
      const signin = await stranger.fetch(interaction.toString());
      expect(signin.status).toBe(302);
      expect(signin.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(interaction.pathname)}`);

      // No interaction cookie (another browser): the request is unknown to it.
      const other = await person();
      const unknown = await other.jar.fetch(interaction.toString());
      expect(unknown.status).toBe(400);
      expect(await unknown.text()).toContain('has expired or is unknown');

      // Consent begun for one person, then another signs in in that browser: refused.
      const fresh = await person();
      const started = client.authorizationRequest();
      let next = started.url;
      let consentUrl = '';
      for (let hop = 0; hop < 6 && !consentUrl; hop++) {
        const response = await fresh.jar.fetch(next);
        if (response.status === 200) consentUrl = next;
        else next = new URL(response.headers.get('location') ?? '', base).toString();
      }
      expect(consentUrl).toMatch(/\/oauth\/interaction\//);
      fresh.jar.cookies.set(SESSION_COOKIE, other.jar.cookies.get(SESSION_COOKIE) ?? '');
      const refused = await fresh.jar.fetch(consentUrl);
      expect(refused.status).toBe(403);
      const page = await refused.text();
      expect(page).toContain('someone else was signed in');
      // Nor can they approve it with the form's token.
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      const approve = await fresh.jar.fetch(`${consentUrl}/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf }).toString(),
      });
      expect(approve.status).toBe(403);
    });

    test('the consent page speaks Dutch (je), names the app and allows the app’s origin as form action', async () => {
      const dutch = await person('nl');
      const request = client.authorizationRequest();
      let next = request.url;
      for (let hop = 0; hop < 6; hop++) {
        const response = await dutch.jar.fetch(next);
        if (response.status === 200) {
          const html = await response.text();
          expect(html).toContain('Een app toegang geven tot je badges');
          expect(html).toContain('Test Wallet vraagt toegang tot je Vaardig-account.');
          expect(html).toContain('De badges in je rugzak bekijken');
          expect(html).toContain('Je naam wijzigen');
          expect(response.headers.get('content-security-policy')).toContain("form-action 'self' http://127.0.0.1:9");
          return;
        }
        next = new URL(response.headers.get('location') ?? '', base).toString();
      }
      throw new Error('no consent page');
    });

    test('/account/apps needs a signed-in person', async () => {
      const page = await fetch(`${base}/account/apps`, { redirect: 'manual' });
      expect(page.status).toBe(302);
      expect(page.headers.get('location')).toBe('/signin?next=%2Faccount%2Fapps');
      const dutch = await app.inject({
        method: 'GET',
        url: '/account/apps',
        cookies: { [SESSION_COOKIE]: me.jar.cookies.get(SESSION_COOKIE) ?? '', vaardig_lang: 'nl' },
      });
      expect(dutch.body).toContain('Apps met toegang');
      expect(dutch.body).toContain('Test Wallet');
      // Signed out, with a valid CSRF token: withdrawing and approving are refused (401), nothing changes.
      const anonymous = new Browser(app);
      expect((await anonymous.post(`/account/apps/${client.registered.client_id}/withdraw`)).statusCode).toBe(401);
      expect((await anonymous.post('/oauth/interaction/some-uid/confirm')).statusCode).toBe(401);
      expect((await anonymous.post('/oauth/interaction/some-uid/abort')).statusCode).toBe(401);
      // The home page shows the approved apps and the way to the list.
      const home = await app.inject({ method: 'GET', url: '/', cookies: { [SESSION_COOKIE]: me.jar.cookies.get(SESSION_COOKIE) ?? '' } });
      expect(home.body).toContain('1 app may use your badges.');
      expect(home.body).toContain('href="/account/apps"');
      const withdraw = await app.inject({
        method: 'POST',
        url: `/account/apps/${client.registered.client_id}/withdraw`,
        headers: { accept: 'application/json' },
      });
      expect(withdraw.statusCode).toBe(403);
      expect((await client.api(token, '/profile')).status).toBe(200);
    });
  },
  () => testConfig({ baseUrl: base }),
);
