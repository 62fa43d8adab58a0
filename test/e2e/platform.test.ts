import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchBrowser, messageKeys, newPerson, startTestServer, type TestServer, visit } from '../helpers/browser.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtp.ts';

let smtp: TestSmtpServer;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  smtp = await startTestSmtp();
  [server, browser] = await Promise.all([startTestServer({ smtp }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

describe('platform shell', () => {
  it('has every message key in both languages', () => {
    const en = new Set(messageKeys('en'));
    const nl = new Set(messageKeys('nl'));
    expect(
      [...en].filter((k) => !nl.has(k)),
      'keys missing in Dutch',
    ).toEqual([]);
    expect(
      [...nl].filter((k) => !en.has(k)),
      'keys missing in English',
    ).toEqual([]);
  });

  it('shows the home page in the browser language and switches language, remembered across pages', async () => {
    const context = await newPerson(browser, server.url, 'nl-NL');
    const page = await context.newPage();
    await visit(page, '/');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    const dutchHeading = await page.textContent('h1');

    // The switch is a plain link in the header, named in the language it switches to.
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${server.url}/`);
    await checkPage(page, '/ after switching to English');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).not.toBe(dutchHeading);

    // Remembered: another page, and a fresh visit, stay English although the browser asks for Dutch.
    await visit(page, '/does-not-exist', 404);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await visit(page, '/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    // And back to Dutch, from a page other than the home page: the switch returns to that page.
    await page.goto('/does-not-exist');
    await page.getByRole('link', { name: 'Nederlands' }).click();
    await page.waitForURL(`${server.url}/does-not-exist`);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await checkPage(page, '/does-not-exist after switching to Dutch');
    await visit(page, '/');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await context.close();
  });

  it('answers unknown pages with an accessible 404 page in both languages', async () => {
    for (const locale of ['en-GB', 'nl-NL'] as const) {
      const context = await newPerson(browser, server.url, locale);
      const page = await context.newPage();
      await visit(page, '/no/such/page', 404);
      expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2));
      expect(await page.locator('main a[href="/"]').count(), 'a way back to the home page').toBeGreaterThan(0);
      await context.close();
    }
  });

  it('serves the OpenAPI description at /api/docs', async () => {
    const context = await newPerson(browser, server.url);
    const page = await context.newPage();
    const response = await page.goto('/api/docs');
    expect(response?.status()).toBe(200);
    // Swagger UI renders the document with its own scripts (the page's CSP allows them).
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 30_000 });
    expect(await page.textContent('.swagger-ui .info .title')).toContain('Vaardig API');
    const spec = await (await page.request.get('/api/docs/json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.info.title).toBe('Vaardig API');
    // Pages are not part of the API contract; every documented path is under /api/.
    expect(Object.keys(spec.paths ?? {}).filter((p) => !p.startsWith('/api/'))).toEqual([]);
    await context.close();
  });

  it('answers /health', async () => {
    const context = await newPerson(browser, server.url);
    const response = await context.request.get('/health');
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    await context.close();
  });
});
