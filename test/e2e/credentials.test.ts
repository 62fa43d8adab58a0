import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unbake } from '../../src/credentials/baking/index.ts';
import { addMember, createOrganisation, createUser } from '../../src/accounts/api.ts';
import { importEsco } from '../../src/skills/esco/service.ts';
import { checkPage, launchBrowser, newPerson, startTestServer, submit, type TestServer, visit } from '../helpers/browser.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtp.ts';
import { escoFixturePaths } from '../helpers/esco-fixture.ts';
import { tempDir } from '../helpers/temp.ts';

let smtp: TestSmtpServer;
let server: TestServer;
let browser: Browser;
const issuer = { name: 'Ida Issuer', email: 'ida@maasdal.test', password: 'correct horse battery' };

beforeAll(async () => {
  smtp = await startTestSmtp();
  [server, browser] = await Promise.all([startTestServer({ smtp }), launchBrowser()]);
  await importEsco(server.ctx, escoFixturePaths());
  const { id: userId } = await createUser(server.ctx.db, { ...issuer, emailConfirmed: true });
  const { id: orgId } = await createOrganisation(server.ctx.db, {
    slug: 'maasdal',
    name: 'Maasdal Techniek',
    kind: 'employer',
    description: 'Engineering employer.',
  });
  await addMember(server.ctx.db, orgId, userId, 'issuer');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function verifyFile(page: Page, file: string): Promise<string | null> {
  await visit(page, '/verify');
  const form = page.locator('main form[action^="/verify"]');
  await form.locator('input[name="file"]').setInputFiles(file);
  expect(await submit(page, form)).toBeLessThan(500);
  return page.locator('[data-valid]').first().getAttribute('data-valid');
}

describe('Open Badges issuing (issue 4 acceptance)', () => {
  it('creates an ESCO-aligned badge, issues it by mail, verifies the baked PNG, revokes, and redeems a claim code', async () => {
    const skills = await server.ctx.db
      .selectFrom('skills')
      .select('external_uri')
      .where('kind', '=', 'skill')
      .where('external_uri', 'is not', null)
      .orderBy('external_uri')
      .limit(2)
      .execute();
    const person = await newPerson(browser, server.url, 'en-GB');
    const page = await person.newPage();
    await visit(page, '/signin');
    expect(await submit(page, page.locator('main form[action^="/signin"]'), { email: issuer.email, password: issuer.password })).toBe(200);

    // Define the badge, aligned to two ESCO skills.
    await visit(page, '/organisations/maasdal/achievements');
    await visit(page, '/organisations/maasdal/achievements/new');
    // Skills by address: the text box under the skill picker, folded away once the picker runs.
    await page.locator('details.picker-fallback summary').click();
    expect(
      await submit(page, page.locator('main form[action^="/organisations/maasdal/achievements/new"]'), {
        name: 'Safe machine operation',
        description: 'Operates the CNC machine safely.',
        criteriaNarrative: 'Ran a full shift under supervision.',
        skills: skills.map((s) => s.external_uri).join('\n'),
      }),
    ).toBe(200);
    const achievementPath = new URL(page.url()).pathname;
    expect(achievementPath).toMatch(/^\/organisations\/maasdal\/achievements\/[0-9a-f-]{36}$/);
    expect(await page.locator('main').textContent()).toContain('Safe machine operation');

    // Issue it to a person; the mail arrives with the link.
    expect(await submit(page, page.locator(`main form[action$="/issue"]`), { email: 'lena@example.test', name: 'Lena Learner' })).toBe(200);
    const mail = await smtp.waitForMail('lena@example.test');
    expect(mail.subject).toContain('Safe machine operation');
    const link = mail.links.find((l) => l.includes('/credentials/'));
    expect(link).toBeDefined();

    // The recipient opens the public page: verified, skills linked to the library.
    const lena = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await visit(lena, new URL(link!).pathname);
    expect(await lena.locator('.verdict-valid').count()).toBe(1);
    expect(await lena.locator('main a[href^="/skills/"]').count()).toBe(2);
    expect(await lena.locator('meta[property="og:title"]').getAttribute('content')).toBe('Safe machine operation');

    // The issuer's name leads to its public page, which lists the badge; the badge's URL is a page in a browser.
    await lena.locator('main a[href="/orgs/maasdal"]').click();
    await lena.waitForURL(/\/orgs\/maasdal$/);
    await checkPage(lena, '/orgs/maasdal');
    await lena.locator('main a[href^="/achievements/"]', { hasText: 'Safe machine operation' }).click();
    await lena.waitForURL(/\/achievements\//);
    await checkPage(lena, 'the badge page');
    expect(await lena.locator('h1').textContent()).toBe('Safe machine operation');
    await visit(lena, new URL(link!).pathname);

    // Download the baked PNG and drop it on the verify page.
    const [download] = await Promise.all([lena.waitForEvent('download'), lena.locator('a[href$="/badge.png"]').click()]);
    const dir = tempDir('badge');
    const png = join(dir, 'badge.png');
    await download.saveAs(png);
    expect(JSON.parse(unbake(readFileSync(png))!.text).id).toBe(link);
    expect(await verifyFile(lena, png)).toBe('true');

    // The issuer revokes it; verifying the same file again says revoked.
    await visit(page, '/organisations/maasdal/credentials');
    const row = page.locator('main tr', { hasText: 'Lena Learner' });
    await row.locator('input[name="reason"]').fill('Issued to the wrong person');
    expect(await submit(page, row.locator('form'), {}, row.locator('button[value="revoke"]'))).toBe(200);
    // Revoking asks first, on a page of its own (the reason typed in the list comes along).
    const confirm = page.locator('main form[action$="/status"]');
    expect(await confirm.locator('[name="reason"]').inputValue()).toBe('Issued to the wrong person');
    expect(await verifyFile(lena, png)).toBe('true');
    expect(await submit(page, confirm, {}, confirm.locator('button[type="submit"]'))).toBe(200);
    expect(await verifyFile(lena, png)).toBe('false');
    expect((await lena.locator('main').textContent())?.toLowerCase()).toMatch(/revoked|ingetrokken/);

    // A claim code: made on the badge page, redeemed by someone giving an email.
    await visit(page, achievementPath);
    expect(await submit(page, page.locator('main form[action$="/claim-codes"]'), { label: 'Open day', maxClaims: '10' })).toBe(200);
    const claimLink = await page.locator('main a[href*="/claim/"]').first().getAttribute('href');
    expect(claimLink).toBeTruthy();
    const guest = await (await newPerson(browser, server.url, 'en-GB')).newPage();
    await visit(guest, new URL(claimLink!).pathname);
    expect(await submit(guest, guest.locator('main form[action^="/claim/"]'), { email: 'guest@example.test', name: 'Gus Guest' })).toBe(
      200,
    );
    // Not signed in: the badge is issued only after the guest follows the link mailed to the address.
    expect(new URL(guest.url()).pathname).toMatch(/^\/claim\//);
    expect(await guest.textContent('main')).toContain('guest@example.test');
    const claimMail = await smtp.waitForMail('guest@example.test', (m) => m.links.some((l) => l.includes('/claim/confirm/')));
    await visit(guest, new URL(claimMail.links.find((l) => l.includes('/claim/confirm/'))!).pathname);
    expect(await submit(guest, guest.locator('main form[action^="/claim/confirm/"]'))).toBe(200);
    expect(new URL(guest.url()).pathname).toMatch(/^\/credentials\//);
    expect(await guest.locator('.verdict-valid').count()).toBe(1);
    await smtp.waitForMail('guest@example.test', (m) => m.links.some((l) => l.includes('/credentials/')));

    // The skill page lists the badge aligned to it.
    const skill = await server.ctx.db
      .selectFrom('skills')
      .select('id')
      .where('external_uri', '=', skills[0].external_uri)
      .executeTakeFirstOrThrow();
    await visit(lena, `/skills/${skill.id}`);
    expect(await lena.locator('main').textContent()).toContain('Safe machine operation');
    writeFileSync(join(dir, 'done'), '');
  });
});
