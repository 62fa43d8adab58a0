import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkPage,
  launchBrowser,
  messageKeys,
  newPerson,
  openMenu,
  pageLang,
  startTestServer,
  submit,
  type TestServer,
  visit,
} from '../helpers/browser.ts';
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
    await openMenu(page);
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
    await openMenu(page);
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

/**
 * Fills a form's fields by name (inputs, textareas, selects), submits it with its submit button and
 * waits for the page that follows (after the 303 redirect, or the form again with errors).
 * Returns the status of that page; the page has passed every page check.
 */
/** The form in <main> whose action starts with the given path. */
function formFor(page: Page, action: string): Locator {
  return page.locator(`main form[action^="${action}"]`);
}

const path = (page: Page) => new URL(page.url()).pathname;

describe('accounts and organisations (issue 2 acceptance)', () => {
  const owner = { name: 'Anna de Vries', email: 'anna@lerende-stad.test', password: 'correct horse battery' };
  const invitee = { name: 'Bram Jansen', email: 'bram@maasdal.test', password: 'another long password' };
  const org = {
    name: 'Maasdal Techniek',
    slug: 'maasdal-techniek',
    kind: 'employer',
    description: 'Engineering employer in Oss.',
    website: 'https://maasdal.test',
  };
  const visited = new Set<string>();

  it('signs up, confirms the email, creates an organisation, invites a colleague who signs up, confirms and accepts', async () => {
    // --- Anna, an English-speaking browser --------------------------------------------------------
    const anna = await newPerson(browser, server.url, 'en-GB');
    const a = await anna.newPage();
    await visit(a, '/');
    await openMenu(a);
    await a.getByRole('link', { name: 'Sign up' }).first().click();
    await a.waitForURL(/\/signup/);
    await checkPage(a);

    // A password that is too short: the form comes back with the message next to the field.
    expect(await submit(a, formFor(a, '/signup'), { name: owner.name, email: owner.email, password: 'short' })).toBe(400);
    await expect(a.locator('#password-error').textContent()).resolves.toBeTruthy();
    expect(await a.getAttribute('#password', 'aria-invalid')).toBe('true');
    expect(await submit(a, formFor(a, '/signup'), { name: owner.name, email: owner.email, password: owner.password })).toBe(200);
    visited.add(path(a));

    // The confirmation mail arrives over SMTP; its link confirms the address.
    const confirmMail = await smtp.waitForMail(owner.email, (m) => m.links.some((l) => l.includes('/confirm/')));
    const confirmLink = confirmMail.links.find((l) => l.includes('/confirm/'))!;
    expect(confirmLink.startsWith(`${server.url}/confirm/`), `link on BASE_URL: ${confirmLink}`).toBe(true);
    await visit(a, confirmLink);
    expect(await submit(a, formFor(a, '/confirm/'))).toBe(200);
    expect(path(a)).toBe('/account');
    visited.add('/account');

    // A second use of the link is refused.
    await visit(a, confirmLink, 404);

    // --- the organisation ---------------------------------------------------------------------------
    await visit(a, '/organisations');
    await visit(a, '/organisations/new');
    expect(await submit(a, formFor(a, '/organisations'), org)).toBe(200);
    expect(path(a)).toBe(`/organisations/${org.slug}`);
    expect(await a.textContent('main h1')).toContain(org.name);
    visited.add('/organisations').add('/organisations/new').add(path(a));

    // --- the invitation -----------------------------------------------------------------------------
    expect(await submit(a, formFor(a, `/organisations/${org.slug}/invitations`), { email: invitee.email, role: 'issuer' })).toBe(200);
    expect(await a.textContent('main')).toContain(invitee.email);

    // --- Bram, a Dutch-speaking browser, his own session ---------------------------------------------
    const bram = await newPerson(browser, server.url, 'nl-NL');
    const b = await bram.newPage();
    const invitationMail = await smtp.waitForMail(invitee.email, (m) => m.links.some((l) => l.includes('/invitations/')));
    const invitationLink = invitationMail.links.find((l) => l.includes('/invitations/'))!;
    expect(invitationLink.startsWith(`${server.url}/invitations/`), `link on BASE_URL: ${invitationLink}`).toBe(true);
    await visit(b, invitationLink);
    expect(await pageLang(b)).toBe('nl');
    expect(await b.textContent('main')).toContain(org.name);
    visited.add('/invitations/:token');

    // Not signed in: he follows the sign-up link, which brings him back to the invitation.
    await b.locator(`main a[href^="/signup"]`).click();
    await b.waitForURL(/\/signup\?next=/);
    await checkPage(b);
    expect(await submit(b, formFor(b, '/signup'), invitee)).toBe(200);
    // Sign-up answers alike for new and known addresses, so it never signs anyone in: Bram lands on
    // the sign-in page, told to check his mail, and signing in brings him back to the invitation.
    expect(path(b)).toBe('/signin');
    expect(new URL(b.url()).searchParams.get('next')).toMatch(/^\/invitations\//);
    await checkPage(b);
    expect(await submit(b, formFor(b, '/signin'), { email: invitee.email, password: invitee.password })).toBe(200);
    expect(path(b)).toMatch(/^\/invitations\//);

    const bramConfirm = await smtp.waitForMail(invitee.email, (m) => m.links.some((l) => l.includes('/confirm/')));
    await visit(b, bramConfirm.links.find((l) => l.includes('/confirm/'))!);
    expect(await submit(b, formFor(b, '/confirm/'))).toBe(200);

    await visit(b, invitationLink);
    expect(await submit(b, formFor(b, '/invitations/'))).toBe(200);
    expect(path(b)).toBe(`/organisations/${org.slug}`);
    expect(await b.textContent('main')).toContain(invitee.name);

    // Anna sees Bram as a member with the role she gave; the invitation is used up.
    await visit(a, `/organisations/${org.slug}`);
    const bramRow = a.locator('main tr', { hasText: invitee.email });
    expect(await bramRow.count()).toBe(1);
    expect(await bramRow.locator('select[name="role"]').inputValue()).toBe('issuer');
    // Bram, an issuer, sees the members but cannot change them.
    await visit(b, `/organisations/${org.slug}`);
    expect(await b.locator('main tr', { hasText: invitee.email }).textContent()).toContain('uitgever');
    expect(await b.locator('main select[name="role"]').count()).toBe(0);
    await visit(b, invitationLink, 404);

    // --- Bram switches to English: remembered on every page after it --------------------------------
    await b.goto(`/organisations/${org.slug}`);
    await openMenu(b);
    await b.getByRole('link', { name: 'English' }).click();
    await b.waitForURL(`${server.url}/organisations/${org.slug}`);
    expect(await pageLang(b)).toBe('en');
    await checkPage(b);
    for (const p of ['/account', '/organisations', '/']) {
      await visit(b, p);
      expect(await pageLang(b), p).toBe('en');
    }
    // And back to Dutch.
    await openMenu(b);
    await b.getByRole('link', { name: 'Nederlands' }).click();
    await b.waitForURL(`${server.url}/`);
    await visit(b, '/account');
    expect(await pageLang(b)).toBe('nl');

    await bram.close();
    await anna.close();
  });

  it('shows every page a signed-in person can reach in Dutch and in English, accessible and fully translated', async () => {
    const anna = await newPerson(browser, server.url, 'en-GB');
    const a = await anna.newPage();
    await visit(a, '/signin');
    expect(await submit(a, formFor(a, '/signin'), { email: owner.email, password: owner.password })).toBe(200);

    // Every same-site page linked from the pages of the flow, and from those (two levels), by GET.
    const skip = (href: string) =>
      /^\/(lang|assets|api)\//.test(href) || href === '/signout' || href.startsWith('/confirm/') || href.startsWith('/invitations/');
    const seen = new Set<string>([
      '/',
      '/account',
      '/organisations',
      '/organisations/new',
      `/organisations/${org.slug}`,
      '/signup',
      '/signin',
    ]);
    let frontier = [...seen];
    for (let depth = 0; depth < 2 && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const p of frontier) {
        const response = await a.goto(p);
        if (!response || response.status() >= 400) continue;
        const hrefs = await a.$$eval('a[href^="/"]', (links) => links.map((l) => l.getAttribute('href') ?? ''));
        for (const href of hrefs.map((h) => h.split('#')[0])) {
          if (!href || skip(href) || seen.has(href) || seen.size >= 40) continue;
          seen.add(href);
          next.push(href);
        }
      }
      frontier = next;
    }

    const failures: string[] = [];
    for (const p of seen) {
      for (const lang of ['nl', 'en'] as const) {
        const response = await a.goto(`/lang/${lang}?next=${encodeURIComponent(p)}`);
        if (!response) continue;
        // Linked documents that are not pages (DID documents, status lists) have no language to check.
        if (!(response.headers()['content-type'] ?? '').startsWith('text/html')) {
          seen.delete(p);
          break;
        }
        // Pages that send a signed-in person elsewhere (sign-in, sign-up) are checked where they land.
        if (response.status() >= 500) failures.push(`${p} [${lang}]: status ${response.status()}`);
        try {
          await checkPage(a, `${p} [${lang}]`);
          expect(await pageLang(a)).toBe(lang);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    }
    console.log(`checked in nl and en: ${[...seen].join(', ')}`);
    expect(seen.size).toBeGreaterThanOrEqual(7);
    expect(failures, `pages checked: ${[...seen].join(', ')}`).toEqual([]);
    await anna.close();
  });
});
