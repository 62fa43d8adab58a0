import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createUser } from '../../src/accounts/api.ts';
import { unbake } from '../../src/credentials/baking/index.ts';
import { svgToPng } from '../../src/credentials/issuing/images.ts';
import { importEsco } from '../../src/skills/esco/service.ts';
import { decodePng } from '../credentials/baking/png.ts';
import { checkPage, go, launchBrowser, newPerson, openMenu, startTestServer, type TestServer, visit } from '../helpers/browser.ts';
import { escoFixturePaths } from '../helpers/esco-fixture.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtp.ts';

let smtp: TestSmtpServer;
let server: TestServer;
let browser: Browser;
const issuer = { name: 'Ida Uitgever', email: 'ida@maasdal.test', password: 'correct horse battery' };
const owner = { name: 'Olaf Eigenaar', email: 'olaf@maasdal.test', password: 'correct horse battery' };

beforeAll(async () => {
  smtp = await startTestSmtp();
  [server, browser] = await Promise.all([startTestServer({ smtp }), launchBrowser()]);
  await importEsco(server.ctx, escoFixturePaths());
  const { id: userId } = await createUser(server.ctx.db, { ...issuer, emailConfirmed: true, locale: 'nl' });
  const { id: orgId } = await createOrganisation(server.ctx.db, {
    slug: 'maasdal',
    name: 'Maasdal Techniek',
    kind: 'employer',
    description: 'Technisch bedrijf.',
  });
  await addMember(server.ctx.db, orgId, userId, 'issuer');
  const { id: ownerId } = await createUser(server.ctx.db, { ...owner, emailConfirmed: true, locale: 'nl' });
  await addMember(server.ctx.db, orgId, ownerId, 'owner');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

/** Types into the skill picker, checks the page with the suggestions open, and picks the first suggestion with the keyboard. */
async function pickSkill(page: Page, query: string): Promise<string> {
  const search = page.locator('#skill-search');
  await search.fill('');
  await search.pressSequentially(query, { delay: 20 });
  const first = page.locator('#skill-suggestions button[data-pick-skill]').first();
  await first.waitFor();
  await checkPage(page, `badge form with suggestions for "${query}"`);
  const name = (await first.getAttribute('data-skill-name')) ?? '';
  await search.press('ArrowDown');
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-skill-name') ?? '')).toBe(name);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('#skill-chips .chip-text').allTextContents()).toContainEqual(expect.stringContaining(name));
  // The suggestions close and the search box has the focus again, ready for the next skill.
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('skill-search');
  return name;
}

describe('first contact in Dutch (issue 7 acceptance)', () => {
  it('an issuer signs in, lands on their page, makes a badge with the skill picker and the designer, issues it, sees the PNG with its text, revokes it after confirming, and the public page says so', async () => {
    const page = await (await newPerson(browser, server.url, 'nl-NL')).newPage();

    // Sign in: the issuer lands on their own page, not on a generic one.
    await visit(page, '/signin');
    const signin = page.locator('main form[action^="/signin"]');
    await signin.locator('[name="email"]').fill(issuer.email);
    await signin.locator('[name="password"]').fill(issuer.password);
    expect(await go(page, signin.locator('button[type="submit"]'))).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('h1').textContent()).toBe('Welkom, Ida Uitgever');
    const panel = page.locator('main section.panel', { hasText: 'Badges van Maasdal Techniek' });
    expect(await panel.count()).toBe(1);
    expect(await panel.textContent()).toContain('Nog geen badges.');

    // "Badges" in the navigation leads to the same place.
    await openMenu(page);
    expect(await go(page, page.locator('header nav a', { hasText: 'Badges' }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/badges');

    // The organisation page links to its badges, members and issuer settings.
    await visit(page, '/organisations/maasdal');
    for (const text of ['Leden', 'Badges', 'Instellingen als uitgever'])
      expect(await page.locator('main nav.sub-nav a', { hasText: text }).count(), text).toBeGreaterThan(0);

    // A new badge, from the home page's button.
    await visit(page, '/');
    expect(await go(page, page.locator('main a', { hasText: 'Nieuwe badge' }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/organisations/maasdal/achievements/new');
    const form = page.locator('main form[action$="/achievements/new"]');
    await form.locator('[name="name"]').fill('Cafébeheer basis');
    await form.locator('[name="description"]').fill('Runt een café: inkoop, personeel en kassa.');
    await form.locator('[name="criteriaNarrative"]').fill('Heeft een week lang zelfstandig het café gerund.');
    // Badge types in Dutch.
    expect(await form.locator('select[name="achievementType"] option[value="Course"]').textContent()).toBe('Cursus');
    await form.locator('select[name="achievementType"]').selectOption('Course');

    // The skill picker: a Dutch word and an English one; a chip removed again.
    expect(await pickSkill(page, 'cafébeheer')).toBe('cafébeheer');
    const english = await pickSkill(page, 'haskell');
    expect(english).toBe('Haskell');
    await page.locator('#skill-chips li', { hasText: 'Haskell' }).locator('button.chip-remove').click();
    expect(await page.locator('#skill-chips li').allTextContents()).toEqual([expect.stringContaining('cafébeheer')]);
    await checkPage(page, 'badge form with a chosen skill');

    expect(await go(page, form.locator('button[type="submit"]').last())).toBe(200);
    const achievementPath = new URL(page.url()).pathname;
    expect(achievementPath).toMatch(/^\/organisations\/maasdal\/achievements\/[0-9a-f-]{36}$/);
    expect(await page.locator('main a[href^="/skills/"]').allTextContents()).toEqual(['cafébeheer']);
    expect(await page.locator('main .badge-head').textContent()).toContain('Cursus');

    // Design its image: shape, colours, an icon and the text, with a live preview as SVG and PNG.
    expect(await go(page, page.locator(`main a[href="${achievementPath}/image"]`))).toBe(200);
    const designer = page.locator('main form[action$="/image"]');
    await designer.locator('select[name="shape"]').selectOption('shield');
    await designer.locator('input[name="background"]').fill('#1f4e79');
    await designer.locator('input[name="accent"]').fill('#f2a900');
    await designer.locator('select[name="icon"]').selectOption('award');
    await designer.locator('input[name="line1"]').fill('Cafébeheer');
    await designer.locator('input[name="line2"]').fill('Maasdal');
    await expect
      .poll(() => page.locator('#design-preview img').first().getAttribute('src'))
      .toMatch(/shape=shield.*line1=Caf%C3%A9beheer|line1=Caf%C3%A9beheer.*shape=shield/);
    await checkPage(page, 'designer with its live preview');
    const previewPng = await page.locator('#design-preview img[src*="preview.png"]').getAttribute('src');
    expect((await page.request.get(previewPng as string)).headers()['content-type']).toBe('image/png');
    expect(await go(page, designer.locator('button[value="save"]'))).toBe(200);
    expect(new URL(page.url()).pathname).toBe(achievementPath);

    // Issue it; the recipient's mail has the link to the public page.
    const issue = page.locator('main form[action$="/issue"]');
    await issue.locator('[name="email"]').fill('lena@example.test');
    await issue.locator('[name="name"]').fill('Lena Leerling');
    expect(await go(page, issue.locator('button[type="submit"]'))).toBe(200);
    const mail = await smtp.waitForMail('lena@example.test');
    const link = mail.links.find((l) => l.includes('/credentials/'));
    expect(link).toBeDefined();
    const credentialPath = new URL(link as string).pathname;

    // The home page now shows what was issued.
    await visit(page, '/');
    expect(await panel.textContent()).toContain('Lena Leerling');

    // The recipient's page: the badge image, and the PNG download shows the same picture as the SVG, with its text.
    const lena = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await visit(lena, credentialPath);
    expect(await lena.locator('main .badge-head img').count()).toBe(1);
    const png = Buffer.from(await (await lena.request.get(`${credentialPath}/badge.png`)).body());
    const svg = (await (await lena.request.get(`${credentialPath}/badge.svg`)).body()).toString('utf8');
    expect(unbake(png)).not.toBeNull();
    const { width, pixels } = decodePng(png);
    expect(decodePng(svgToPng(svg, width)).pixels.equals(pixels)).toBe(true);
    const withoutText = decodePng(svgToPng(svg.replace(/<text\b[\s\S]*?<\/text>/g, ''), width)).pixels;
    let textPixels = 0;
    for (let i = 0; i < pixels.length; i += 4)
      if (Math.abs(pixels[i] - withoutText[i]) + Math.abs(pixels[i + 1] - withoutText[i + 1]) > 60) textPixels++;
    expect(textPixels).toBeGreaterThan(500);
    expect(await lena.locator('main a', { hasText: 'LinkedIn' }).count()).toBeGreaterThan(0);

    // Revoke: the list asks first, on a page of its own; only the confirmation revokes.
    await visit(page, '/organisations/maasdal/credentials');
    const row = page.locator('main tr', { hasText: 'Lena Leerling' });
    expect(await go(page, row.locator('button[value="revoke"], a[href*="action=revoke"]').first())).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/organisations/maasdal/credentials/${credentialPath.split('/').pop()}/status`);
    const confirm = page.locator(`main form[action$="/status"]`);
    await confirm.locator('[name="reason"]').fill('Aan de verkeerde persoon uitgereikt');
    expect(await go(page, confirm.locator('button[type="submit"]'))).toBe(200);
    expect(await page.locator('main tr', { hasText: 'Lena Leerling' }).textContent()).toContain('Ingetrokken');

    // The public page shows the state in a banner, and no LinkedIn button.
    await visit(lena, credentialPath);
    const banner = lena.locator('main [role="alert"]');
    expect(await banner.count()).toBe(1);
    expect((await banner.textContent())?.toLowerCase()).toContain('ingetrokken');
    expect(await lena.locator('main a', { hasText: 'LinkedIn' }).count()).toBe(0);
  });

  it("an owner's organisation page (members with their roles and actions) fits a phone and links to the badges", async () => {
    const page = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await visit(page, '/signin');
    const signin = page.locator('main form[action^="/signin"]');
    await signin.locator('[name="email"]').fill(owner.email);
    await signin.locator('[name="password"]').fill(owner.password);
    expect(await go(page, signin.locator('button[type="submit"]'))).toBe(200);
    // visit() checks axe-core and that the page does not scroll sideways at 390 px.
    await visit(page, '/organisations/maasdal');
    expect(await page.locator('main select[name="role"]').count()).toBeGreaterThan(0);
    expect(await go(page, page.locator('main nav.sub-nav a', { hasText: 'Instellingen als uitgever' }))).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/organisations/maasdal/achievements');
  });
});
