import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createUser } from '../../src/accounts/api.ts';
import { importEsco } from '../../src/skills/esco/service.ts';
import { checkPage, launchBrowser, newPerson, pageLang, startTestServer, type TestServer, visit } from '../helpers/browser.ts';
import { escoFixturePaths } from '../helpers/esco-fixture.ts';

/**
 * The skills library in a real browser: find a skill by a Dutch word, create a collection, add
 * skills, publish it, export it; every page visited is checked with axe-core and for untranslated
 * text, in Dutch and in English.
 */

const ESCO_FIXTURE = escoFixturePaths();
const CURATOR = { email: 'curator@example.test', password: 'skills-e2e-password', name: 'Cora Curator' };

let server: TestServer;
let browser: Browser;
let organisationId: string;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  await importEsco(server.ctx, ESCO_FIXTURE);
  const user = await createUser(server.ctx.db, { ...CURATOR, emailConfirmed: true });
  organisationId = (await createOrganisation(server.ctx.db, { slug: 'bakkerij-de-korst', name: 'Bakkerij De Korst', kind: 'employer' })).id;
  await addMember(server.ctx.db, organisationId, user.id, 'owner');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page: Page): Promise<void> {
  await visit(page, '/signin');
  await page.fill('#email', CURATOR.email);
  await page.fill('#password', CURATOR.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/signin'), page.click('main button[type=submit]')]);
}

/** Clicks and waits for the page the click leads to, then checks it. */
async function clickThrough(page: Page, action: () => Promise<unknown>, label: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), action()]);
  await checkPage(page, label);
}

describe('skills library in the browser', () => {
  it('anonymous visitors browse the library, a skill, a group and an occupation, in Dutch and English', async () => {
    for (const locale of ['nl-NL', 'en-GB'] as const) {
      const context = await newPerson(browser, server.url, locale);
      const page = await context.newPage();
      await visit(page, '/skills');
      expect(await pageLang(page)).toBe(locale.slice(0, 2));
      const groupHref = await page.locator('main a[href^="/skills/groups/"]').first().getAttribute('href');
      expect(groupHref).toBeTruthy();
      await visit(page, groupHref as string);
      await visit(page, '/collections');

      // A skill with occupations, found by search.
      await visit(page, '/skills?q=haskell');
      const skillHref = await page.locator('main ol.result-list a').first().getAttribute('href');
      expect(skillHref).toMatch(/^\/skills\/[0-9a-f-]+$/);
      await visit(page, skillHref as string);
      expect(await page.locator('script[type="application/ld+json"]').count()).toBe(1);
      await expect(page.locator('.esco-attribution').textContent()).resolves.toContain('ESCO');
      const occupationHref = await page.locator('main a[href^="/occupations/"]').first().getAttribute('href');
      expect(occupationHref).toBeTruthy();
      await visit(page, occupationHref as string);
      await context.close();
    }
  });

  it('a curator finds a skill by a Dutch word, creates a collection, adds skills, publishes and exports it', async () => {
    const context = await newPerson(browser, server.url, 'nl-NL');
    const page = await context.newPage();
    await signIn(page);
    expect(await pageLang(page)).toBe('nl');

    // Find a skill by a Dutch word, typed without its accent, in the one search box.
    await visit(page, '/skills');
    expect(await page.inputValue('#lang')).toBe('nl');
    await page.fill('#q', 'cafebeheer');
    await clickThrough(page, () => page.click('main form[action="/skills"] button[type=submit]'), '/skills?q=cafebeheer');
    const hit = page.locator('main ol.result-list a', { hasText: 'cafébeheer' });
    await expect(hit.count()).resolves.toBe(1);
    await clickThrough(page, () => hit.click(), 'skill found by a Dutch word');
    expect(await page.textContent('h1')).toBe('cafébeheer');

    // A new collection.
    await visit(page, '/collections');
    await clickThrough(page, () => page.click('main a[href="/collections/new"]'), '/collections/new');
    // Invalid first: the form says what is wrong, next to the field.
    await clickThrough(page, () => page.click('main form button[type=submit]'), '/collections/new with errors');
    expect(await page.locator('#name_en-error').count()).toBe(1);
    await page.fill('#name_nl', 'Horeca voor starters');
    await page.fill('#name_en', 'Hospitality for starters');
    await page.fill('#description_nl', 'Wat een nieuwe medewerker in de horeca moet kunnen.');
    await clickThrough(page, () => page.click('main form button[type=submit]'), 'new collection');
    const collectionPath = new URL(page.url()).pathname;
    expect(collectionPath).toMatch(/^\/collections\/[0-9a-f-]+$/);

    // Add skills through the search box on the page (htmx when it runs, a plain form when not).
    for (const [query, name] of [
      ['horecabeheer', 'cafébeheer'],
      ['haskell', 'Haskell'],
    ] as const) {
      const before = page.url();
      await page.fill('#find', query);
      await page.click('#add button[type=submit]');
      const add = page.getByRole('button', { name: `${name} toevoegen` });
      await add.waitFor();
      // With JavaScript, htmx swapped the results in without leaving the page.
      expect(page.url(), 'htmx replaced the results in place').toBe(before);
      await checkPage(page, `${collectionPath} finding ${query}`);
      await clickThrough(page, () => add.click(), `${collectionPath} after adding ${name}`);
      await expect(page.locator('main table a', { hasText: name }).count()).resolves.toBe(1);
    }

    // Publish.
    await clickThrough(page, () => page.getByRole('button', { name: 'Collectie publiceren' }).click(), 'published collection');
    await expect(page.locator('main .tag.status-published').count()).resolves.toBe(1);

    // Export: the RSD JSON-LD download holds the collection with both skills.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'RSD JSON-LD' }).click()]);
    const rsd = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
    const rsdText = JSON.stringify(rsd);
    expect(rsdText).toContain('Hospitality for starters');
    expect(rsdText).toContain('Haskell');
    expect(rsdText).toContain('café management');
    expect(rsd).toMatchObject({ type: 'RichSkillCollection', status: 'published' });
    expect(rsd.skills).toHaveLength(2);
    const csvHref = (await page.getByRole('link', { name: 'CSV' }).getAttribute('href')) as string;
    const csv = await context.request.get(csvHref);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain('Haskell');

    // The published collection is public, in English too.
    const anonymous = await newPerson(browser, server.url, 'en-GB');
    const visitor = await anonymous.newPage();
    await visit(visitor, collectionPath);
    expect(await visitor.textContent('h1')).toBe('Hospitality for starters');
    await expect(visitor.locator('#add').count()).resolves.toBe(0);
    await anonymous.close();
    await context.close();
  });

  it('adding skills to a collection works without JavaScript too', async () => {
    const context = await browser.newContext({ baseURL: server.url, javaScriptEnabled: false, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto('/signin');
    await page.fill('#email', CURATOR.email);
    await page.fill('#password', CURATOR.password);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    await page.goto('/collections/new');
    await page.fill('#name_en', 'Without scripts');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const collectionPath = new URL(page.url()).pathname;
    await page.fill('#find', 'initiative');
    await page.selectOption('#findLang', 'en');
    await Promise.all([page.waitForNavigation(), page.click('#add button[type=submit]')]);
    expect(new URL(page.url()).searchParams.get('find')).toBe('initiative');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Add show initiative' }).click()]);
    expect(new URL(page.url()).pathname).toBe(collectionPath);
    await expect(page.locator('main table a', { hasText: 'show initiative' }).count()).resolves.toBe(1);
    await context.close();
  });

  it('a curator creates, edits and publishes an own skill; the forms are accessible in English and Dutch', async () => {
    const context = await newPerson(browser, server.url, 'en-GB');
    const page = await context.newPage();
    await signIn(page);
    await visit(page, '/skills/upload');
    await visit(page, '/skills/new');
    await clickThrough(page, () => page.click('main form button[type=submit]'), '/skills/new with errors');
    expect(await page.locator('.error-summary').count()).toBe(1);
    await page.fill('#name_en', 'Bake sourdough bread');
    await page.fill('#name_nl', 'Zuurdesembrood bakken');
    await page.fill('#statement_en', 'Bakes bread that rises with a sourdough starter.');
    await page.fill('#keywords_nl', 'brood\ndesem');
    await clickThrough(page, () => page.click('main form button[type=submit]'), 'new skill');
    const skillPath = new URL(page.url()).pathname;
    await clickThrough(page, () => page.getByRole('link', { name: 'Edit' }).click(), 'edit skill');
    await page.fill('#statement_nl', 'Bakt brood dat rijst met zuurdesem.');
    await clickThrough(page, () => page.click('main form button[type=submit]'), 'skill after edit');
    await clickThrough(page, () => page.getByRole('button', { name: 'Publish' }).click(), 'published skill');
    await visit(page, `/lang/nl?next=${encodeURIComponent(skillPath)}`);
    expect(await page.textContent('h1')).toBe('Zuurdesembrood bakken');
    // The new skill is found by a Dutch keyword.
    await visit(page, '/skills?q=desem&lang=nl');
    await expect(page.locator('main ol.result-list a', { hasText: 'Zuurdesembrood bakken' }).count()).resolves.toBe(1);
    await context.close();
  });
});
