import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/api.ts';
import { ElsewhereIssuer } from '../backpack/badges.ts';
import { issuerFor } from '../backpack/support.ts';
import { checkPage, freePort, launchBrowser, PHONE_WIDTH, startTestServer, type TestServer } from '../helpers/browser.ts';
import { ALL_SCOPES, OAuthTestClient } from '../openbadges-api/client.ts';

/**
 * Issue 8's OAuth acceptance in a real browser: a wallet (an OAuth client started by this test,
 * with its own redirect endpoint on 127.0.0.1) registers, the person signs in and approves it on
 * the Dutch consent page in Chromium — with the app's real CSP, so the form's redirect to the
 * wallet is allowed by the page itself — and the wallet then reads and writes through the API.
 */

let server: TestServer;
let browser: Browser;
let wallet: Server;
let walletUrl: string;
const callbacks: URL[] = [];
const earner = { name: 'Eva Earner', email: 'eva@oss.test', password: 'correct horse battery' };
const AXE = readFileSync(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  const port = await freePort();
  walletUrl = `http://127.0.0.1:${port}`;
  wallet = createServer((req, res) => {
    // The browser also asks the wallet for /favicon.ico: only the redirect counts.
    const url = new URL(req.url ?? '/', walletUrl);
    if (url.pathname === '/callback') callbacks.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><head><title>Test wallet</title></head><body><main><h1>Connected</h1></main></body></html>');
  });
  await new Promise<void>((done) => wallet.listen(port, '127.0.0.1', done));
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  await createUser(server.ctx.db, { ...earner, emailConfirmed: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((done) => wallet?.close(done));
});

/** The page checks (translated, axe-core, fits 390 px) under the app's own CSP: axe goes in through the debugger, not a script tag. */
async function check(page: Page, label: string) {
  await page.evaluate(AXE);
  await checkPage(page, label);
}

describe('the Open Badges API with OAuth consent in a browser (issue 8)', () => {
  it('a wallet registers, the person approves it in Dutch, the wallet reads page by page, upserts and updates the profile; withdrawing stops it', async () => {
    const org = await issuerFor(server.ctx, 'School');
    for (let i = 1; i <= 3; i++) await org.issue(earner.email, { name: `Badge ${i}` });

    class Wallet extends OAuthTestClient {
      override readonly redirectUri = `${walletUrl}/callback`;
    }
    const client = new Wallet(server.url, 'Mijn Wallet');
    await client.register();
    const request = client.authorizationRequest(ALL_SCOPES);

    // No bypassCSP: the consent form's redirect to the wallet must be allowed by the page's own policy.
    const context = await browser.newContext({
      viewport: { width: PHONE_WIDTH, height: 844 },
      locale: 'nl-NL',
      extraHTTPHeaders: { 'accept-language': 'nl-NL,nl;q=0.9' },
    });
    const page = await context.newPage();
    await page.goto(request.url);
    // Not signed in: the sign-in page, which brings the person back.
    expect(new URL(page.url()).pathname).toBe('/signin');
    await check(page, '/signin (from the wallet)');
    await page.locator('main form[action^="/signin"] [name="email"]').fill(earner.email);
    await page.locator('main form[action^="/signin"] [name="password"]').fill(earner.password);
    await Promise.all([
      page.waitForURL(/\/oauth\/interaction\//),
      page.locator('main form[action^="/signin"] button[type="submit"]').click(),
    ]);

    // The consent page, in Dutch, naming the app and what it may do.
    expect(await page.locator('h1').textContent()).toBe('Een app toegang geven tot je badges');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Mijn Wallet vraagt toegang tot je Vaardig-account.');
    for (const line of [
      'De badges in je rugzak bekijken',
      'Badges aan je rugzak toevoegen',
      'Je naam en e-mailadres bekijken',
      'Je naam wijzigen',
    ])
      expect(text).toContain(line);
    await check(page, '/oauth/interaction (consent)');

    await Promise.all([page.waitForURL(`${walletUrl}/callback**`), page.getByRole('button', { name: 'Toestaan' }).click()]);
    const callback = callbacks.at(-1) as URL;
    expect(callback.searchParams.get('state')).toBe(request.state);
    const tokens = await client.exchange(callback.searchParams.get('code') as string, request.verifier);

    // Page by page.
    const names: string[] = [];
    for (let offset = 0; offset < 3; offset++) {
      const response = await client.api(tokens.access_token, `/credentials?limit=1&offset=${offset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-total-count')).toBe('3');
      names.push(...(await response.json()).credential.map((c: { name: string }) => c.name));
    }
    expect(names.sort()).toEqual(['Badge 1', 'Badge 2', 'Badge 3']);

    // Upsert a credential the test made.
    const elsewhere = await ElsewhereIssuer.create();
    const credential = await elsewhere.signed(earner.email, 'Van elders');
    const upserted = await client.api(tokens.access_token, '/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(credential),
    });
    expect(upserted.status).toBe(201);
    expect((await client.api(tokens.access_token, '/credentials')).headers.get('x-total-count')).toBe('4');

    // Profile.
    expect(await (await client.api(tokens.access_token, '/profile')).json()).toMatchObject({ name: earner.name, email: earner.email });
    const put = await client.api(tokens.access_token, '/profile', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: ['Profile'], name: 'Eva E.' }),
    });
    expect((await put.json()).name).toBe('Eva E.');

    // The person sees the app on /account/apps and withdraws it: the token stops working.
    const response = await page.goto(`${server.url}/account/apps`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('main').textContent()).toContain('Mijn Wallet');
    await check(page, '/account/apps');
    await Promise.all([
      page.waitForURL(/\/account\/apps$/),
      page.getByRole('button', { name: 'Toegang van Mijn Wallet intrekken' }).click(),
    ]);
    expect(await page.locator('main').textContent()).toContain('Mijn Wallet heeft geen toegang meer tot je account.');
    await check(page, '/account/apps (after withdrawing)');
    expect((await client.api(tokens.access_token, '/credentials')).status).toBe(401);
    await context.close();
  });
});
