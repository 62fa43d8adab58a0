import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addMember, createOrganisation, createUser, getCurrentUser } from '../../src/accounts/api.ts';
import { bakePng } from '../../src/credentials/baking/index.ts';
import { createAchievement } from '../../src/credentials/api.ts';
import { ElsewhereIssuer, ob2Assertion } from '../backpack/badges.ts';
import { tinyPng } from '../credentials/baking/png.ts';
import {
  checkPage,
  freePort,
  go,
  launchBrowser,
  newPerson,
  openMenu,
  PHONE_WIDTH,
  signIn,
  startTestServer,
  type TestServer,
  visit,
} from '../helpers/browser.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtp.ts';
import { tempDir } from '../helpers/temp.ts';

/**
 * Issue 8's acceptance in a real browser, in Dutch, on a phone-sized screen: an issuer issues a
 * badge to a person's second address; the person adds and confirms that address from the mailed
 * link, finds the badge in the backpack, imports an OB 2.0 baked image and an OB 3.0 VC-JWT from
 * files, makes a collection, publishes a profile and copies its link; a signed-out visitor opens
 * the profile and verifies a badge there; another site shows one badge through the embed snippet
 * and cannot frame the profile itself. Every page: axe-core clean, translated, no sideways
 * scrolling at 390 px (checkPage).
 *
 * The OB 2.0 badge is signed by an issuer "elsewhere" whose key the verifier fetches from
 * https://old.example.org/key. Tests have no network: that one URL is answered here, in place of
 * the internet, by the fetch the verifier uses (every other URL goes to the real fetch and its
 * rules). Nothing else of the import is replaced.
 */
const internet = vi.hoisted(() => ({ documents: new Map<string, unknown>() }));
vi.mock('../../src/credentials/contexts/fetch.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/credentials/contexts/fetch.ts')>();
  return {
    ...actual,
    safeFetchText: async (url: string, options?: Parameters<typeof actual.safeFetchText>[1]) =>
      internet.documents.has(url)
        ? { url, body: JSON.stringify(internet.documents.get(url)), contentType: 'application/ld+json' }
        : actual.safeFetchText(url, options),
  };
});

const AXE = readFileSync(resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

let smtp: TestSmtpServer;
let server: TestServer;
let browser: Browser;
/** Another website (another origin): the person's blog, where the badge's snippet goes. */
let blog: Server;
let blogUrl: string;
let blogPage = '';
let achievementPath = '';
const issuer = { name: 'Ida Uitgever', email: 'ida@maasdal.test', password: 'correct horse battery' };
const eva = { name: 'Eva Verhoeven', email: 'eva@oss.test', password: 'correct horse battery' };
const second = 'eva.werk@oss.test';

beforeAll(async () => {
  smtp = await startTestSmtp();
  const port = await freePort();
  blogUrl = `http://127.0.0.1:${port}`;
  blog = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(blogPage);
  });
  await new Promise<void>((done) => blog.listen(port, '127.0.0.1', done));
  [server, browser] = await Promise.all([startTestServer({ smtp }), launchBrowser()]);
  const { id: issuerId } = await createUser(server.ctx.db, { ...issuer, emailConfirmed: true, locale: 'nl' });
  const { id: orgId } = await createOrganisation(server.ctx.db, {
    slug: 'maasdal',
    name: 'Maasdal Techniek',
    kind: 'employer',
    description: 'Technisch bedrijf in Oss.',
  });
  await addMember(server.ctx.db, orgId, issuerId, 'issuer');
  const achievement = await createAchievement(server.ctx, (await getCurrentUser(server.ctx.db, issuerId))!, 'maasdal', {
    name: 'MIG/MAG-lassen basis',
    description: 'Last stompe en hoeknaden met MIG/MAG.',
    criteriaNarrative: 'Heeft drie proefstukken gelast die de keuring doorstonden.',
    language: 'nl',
  });
  achievementPath = `/organisations/maasdal/achievements/${achievement.id}`;
  await createUser(server.ctx.db, { ...eva, emailConfirmed: true, locale: 'nl' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
  await new Promise((done) => blog?.close(done));
});

const flash = (page: Page) => page.locator('.flash').first().textContent();

describe('the backpack in Dutch (issue 8 acceptance)', () => {
  it('a badge sent to a second address, two imported from files, a collection, a published profile that a visitor verifies and another site embeds', async () => {
    // The issuer issues a badge to Eva's work address, which is not (yet) on her account.
    const ida = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await signIn(ida, issuer);
    await visit(ida, achievementPath);
    const issue = ida.locator('main form[action$="/issue"]');
    await issue.locator('[name="email"]').fill(second);
    await issue.locator('[name="name"]').fill(eva.name);
    expect(await go(ida, issue.locator('button[type="submit"]'))).toBe(200);
    await smtp.waitForMail(second);

    // Eva signs in; her backpack is empty: the badge went to an address she has not confirmed.
    const context = await newPerson(browser, server.url, 'nl-NL');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await context.newPage();
    await signIn(page, eva);
    await openMenu(page);
    expect(await go(page, page.locator('header nav a', { hasText: 'Rugzak' }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/backpack');
    expect(await page.locator('main').textContent()).toContain('Nog geen badges.');

    // She adds the address on her account page; the mailed link confirms it (with a button: opening the link alone does nothing).
    expect(await go(page, page.locator('main a', { hasText: 'E-mailadressen beheren' }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/account');
    const add = page.locator('main form[action="/account/addresses"]');
    await add.locator('[name="email"]').fill(second);
    expect(await go(page, add.locator('button[type="submit"]'))).toBe(200);
    expect(await flash(page)).toContain(`We hebben een link naar ${second} gestuurd.`);
    expect(await page.locator('main tr', { hasText: second }).textContent()).toContain('wacht op bevestiging');
    const mail = await smtp.waitForMail(second, (m) => m.subject === 'Bevestig je e-mailadres voor Vaardig');
    expect(mail.text).toContain('Hallo Eva Verhoeven');
    const link = mail.links.find((l) => l.includes('/account/addresses/confirm/'));
    expect(link).toBeDefined();
    await visit(page, new URL(link as string).pathname);
    expect(await page.locator('h1').textContent()).toBe('E-mailadres bevestigen');
    expect(await go(page, page.getByRole('button', { name: 'Adres bevestigen' }))).toBe(200);
    expect(await flash(page)).toContain(`${second} is bevestigd.`);
    expect(await page.locator('main tr', { hasText: second }).textContent()).toContain('bevestigd');

    // The badge is in the backpack now, marked new; she accepts it.
    await visit(page, '/backpack');
    const card = page.locator('main li.card', { hasText: 'MIG/MAG-lassen basis' });
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toContain('Nieuw');
    expect(await card.textContent()).toContain('Uitgegeven door Maasdal Techniek');
    expect(await go(page, card.getByRole('button', { name: 'MIG/MAG-lassen basis accepteren' }))).toBe(200);
    expect(await flash(page)).toContain('“MIG/MAG-lassen basis” is geaccepteerd');

    // Two badges from elsewhere, as files: an OB 2.0 baked PNG and an OB 3.0 VC-JWT.
    const files = tempDir('e2e-badges');
    const old = await ob2Assertion(eva.email, 'EHBO-diploma');
    for (const [url, document] of Object.entries(old.extraDocuments)) internet.documents.set(url, document);
    const pngFile = join(files, 'ehbo-diploma.png');
    writeFileSync(pngFile, bakePng(tinyPng(), old.jws));
    const elsewhere = await ElsewhereIssuer.create();
    const jwtFile = join(files, 'broodbakken.jwt');
    writeFileSync(jwtFile, await elsewhere.jwt(second, 'Broodbakken'));
    for (const [file, name] of [
      [pngFile, 'EHBO-diploma'],
      [jwtFile, 'Broodbakken'],
    ]) {
      await visit(page, '/backpack');
      expect(await go(page, page.locator('main nav.sub-nav a', { hasText: 'Een badge importeren' }))).toBe(200);
      const form = page.locator('main form[action="/backpack/import"]');
      await form.locator('input[type="file"][name="file"]').setInputFiles(file);
      expect(await go(page, form.locator('button[type="submit"]'))).toBe(200);
      expect(new URL(page.url()).pathname).toMatch(/^\/backpack\/items\/[0-9a-f-]{36}$/);
      expect(await flash(page)).toContain(`“${name}” is gecontroleerd en zit in je rugzak.`);
      expect(await page.locator('main').textContent()).toContain('Deze badge is geldig.');
    }
    await visit(page, '/backpack');
    for (const name of ['MIG/MAG-lassen basis', 'EHBO-diploma', 'Broodbakken'])
      expect(await page.locator('main li.card', { hasText: name }).count(), name).toBe(1);

    // A public collection with the weld badge and the bread badge.
    expect(await go(page, page.locator('main nav.sub-nav a', { hasText: 'Verzamelingen' }))).toBe(200);
    const create = page.locator('main form[action="/backpack/collections"]');
    await create.locator('[name="name"]').fill('Vakmanschap');
    await create.locator('[name="description"]').fill('Wat ik met mijn handen kan.');
    await create.locator('[name="isPublic"]').check();
    expect(await go(page, create.locator('button[type="submit"]'))).toBe(200);
    expect(await flash(page)).toContain('Verzameling “Vakmanschap” gemaakt.');
    for (const name of ['MIG/MAG-lassen basis', 'Broodbakken']) {
      const addItem = page.locator('main form[action$="/items"]');
      const select = addItem.locator('select[name="item"]');
      // Each badge is offered with its issuer: "Broodbakken (Bakery elsewhere)".
      await select.selectOption((await select.locator('option', { hasText: name }).getAttribute('value')) ?? '');
      expect(await go(page, addItem.locator('button[type="submit"]'))).toBe(200);
      expect(await flash(page)).toContain(`“${name}” is aan de verzameling toegevoegd.`);
    }

    // She publishes her profile and copies its link with the Copy button.
    await visit(page, '/backpack/profile');
    expect(await page.locator('main').textContent()).toContain('Je profiel is niet gepubliceerd');
    const settings = page.locator('main form[action="/backpack/profile"]');
    await settings.locator('[name="handle"]').fill('eva-verhoeven');
    await settings.locator('[name="displayName"]').fill(eva.name);
    await settings.locator('[name="bio"]').fill('Lasser in opleiding, op zoek naar een leerbaan.');
    await settings.locator('[name="published"]').check();
    expect(await go(page, settings.locator('button[type="submit"]'))).toBe(200);
    expect(await flash(page)).toContain('Profiel opgeslagen en gepubliceerd.');
    const profileUrl = `${server.url}/p/eva-verhoeven`;
    expect(await page.locator('#profile-link').inputValue()).toBe(profileUrl);
    const copy = page.getByRole('button', { name: 'Kopieer: Link naar je profiel' });
    await copy.click();
    await expect.poll(() => page.locator('[data-copy-status="profile-link"]').textContent()).toBe('Gekopieerd.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(profileUrl);
    await checkPage(page, '/backpack/profile (after copying)');

    // A visitor without an account opens the profile and verifies the weld badge there.
    const visitor = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await visit(visitor, '/p/eva-verhoeven');
    expect(await visitor.locator('h1').textContent()).toBe(eva.name);
    const text = (await visitor.locator('main').textContent()) ?? '';
    expect(text).toContain('Vakmanschap');
    expect(text).toContain('Broodbakken');
    expect(text).not.toContain('EHBO-diploma');
    expect(text).not.toContain(second);
    expect(text).not.toContain(eva.email);
    expect(await go(visitor, visitor.locator('main li.card h3 a', { hasText: 'MIG/MAG-lassen basis' }))).toBe(200);
    expect(new URL(visitor.url()).pathname).toMatch(/^\/p\/eva-verhoeven\/badges\/[0-9a-f-]{36}$/);
    const verification = visitor.locator('main section[aria-labelledby="verification"]');
    expect(await verification.textContent()).toContain('Zojuist gecontroleerd: Deze badge is geldig.');
    expect(await verification.textContent()).toContain('Uitgegeven aan de eigenaar van dit profiel');
    expect(await visitor.locator('main').textContent()).not.toContain(second);

    // The badge's embed code goes into her blog, another site: it shows the badge's card; the profile itself cannot be framed there.
    const snippet = await visitor.locator('#embed-code').inputValue();
    expect(snippet).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/p\/eva-verhoeven\/badges\/[0-9a-f-]{36}\/embed\?lang=nl" /);
    blogPage = `<!doctype html><html lang="nl"><head><title>Eva's blog</title></head><body><main><h1>Mijn badges</h1>${snippet}<iframe src="${profileUrl}" title="Profiel"></iframe></main></body></html>`;
    // The app's real headers decide here (no bypassCSP): frame-ancestors and X-Frame-Options.
    const reader = await browser.newContext({ viewport: { width: PHONE_WIDTH, height: 844 }, locale: 'nl-NL' });
    const blogTab = await reader.newPage();
    await blogTab.goto(blogUrl);
    const embedded = blogTab.frameLocator('iframe[src*="/embed"]');
    await expect.poll(() => embedded.locator('h1').textContent({ timeout: 10_000 })).toBe('MIG/MAG-lassen basis');
    expect(await embedded.locator('main').textContent()).toContain(`Behaald door ${eva.name}.`);
    expect(await embedded.locator('main').textContent()).toContain('geldig');
    expect(await embedded.locator('a', { hasText: 'Controleer deze badge op Vaardig' }).getAttribute('target')).toBe('_blank');
    const profileFrame = blogTab.frames().find((f) => f !== blogTab.mainFrame() && !f.url().includes('/embed'));
    expect(profileFrame).toBeDefined();
    // Chromium shows its own error page in place of a document that refuses to be framed.
    await expect.poll(() => profileFrame?.url()).toMatch(/^chrome-error:/);
    const framedProfile = await profileFrame?.evaluate(() => document.querySelector('h1')?.textContent ?? '').catch(() => '');
    expect(framedProfile).not.toBe(eva.name);
    // The card itself is accessible and fits the frame's width (checked in a tab of its own, under its own CSP).
    const card2 = await reader.newPage();
    await card2.goto(new URL(/src="([^"]+)"/.exec(snippet)?.[1] ?? '').toString());
    await card2.evaluate(AXE);
    await checkPage(card2, 'the embed card');
    await reader.close();
  });
});
