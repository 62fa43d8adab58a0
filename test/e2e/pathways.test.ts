import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createUser, getCurrentUser } from '../../src/accounts/api.ts';
import { createAchievement } from '../../src/credentials/api.ts';
import { go, launchBrowser, newPerson, openMenu, signIn, startTestServer, submit, type TestServer, visit } from '../helpers/browser.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtp.ts';

/**
 * Issue 11's pathway acceptance in a real browser, in Dutch, on a phone-sized screen: a teacher
 * defines a pathway of three badges from two issuers (the school's and an employer's) in the
 * editor; the school and the employer issue the three badges to a learner from their badge pages;
 * the learner follows her progress on the pathway page, and the pathway badge — issued by the job,
 * with the three badges as evidence — appears in her backpack and verifies. Every page: axe-core
 * clean, translated, no sideways scrolling at 390 px (checkPage, in visit and go).
 */
let smtp: TestSmtpServer;
let server: TestServer;
let browser: Browser;
const ida = { name: 'Ida Docent', email: 'ida@brabant-college.test', password: 'correct horse battery' };
const erik = { name: 'Erik Werkmeester', email: 'erik@maasdal.test', password: 'correct horse battery' };
const lotte = { name: 'Lotte Leerling', email: 'lotte@oss.test', password: 'correct horse battery' };
const badges: Record<string, string> = {};

beforeAll(async () => {
  smtp = await startTestSmtp();
  [server, browser] = await Promise.all([startTestServer({ smtp }), launchBrowser()]);
  const db = server.ctx.db;
  const { id: idaId } = await createUser(db, { ...ida, emailConfirmed: true, locale: 'nl' });
  const { id: erikId } = await createUser(db, { ...erik, emailConfirmed: true, locale: 'nl' });
  await createUser(db, { ...lotte, emailConfirmed: true, locale: 'nl' });
  const school = await createOrganisation(db, {
    slug: 'brabant-college',
    name: 'Brabant College',
    kind: 'school',
    description: 'Mbo in Oss.',
  });
  const employer = await createOrganisation(db, {
    slug: 'maasdal',
    name: 'Maasdal Techniek',
    kind: 'employer',
    description: 'Metaalbedrijf.',
  });
  await addMember(db, school.id, idaId, 'issuer');
  await addMember(db, employer.id, erikId, 'issuer');
  const teacher = (await getCurrentUser(db, idaId))!;
  const boss = (await getCurrentUser(db, erikId))!;
  const make = async (who: typeof teacher, slug: string, name: string) =>
    (badges[name] = (
      await createAchievement(server.ctx, who, slug, {
        name,
        description: `${name}: beschreven.`,
        criteriaNarrative: 'Gedaan.',
        language: 'nl',
      })
    ).id);
  await make(teacher, 'brabant-college', 'Basis lassen');
  await make(teacher, 'brabant-college', 'Veilig werken');
  await make(teacher, 'brabant-college', 'Vakkracht metaal');
  await make(boss, 'maasdal', 'CNC-machine bedienen');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function issue(page: Page, slug: string, badge: string) {
  await visit(page, `/organisations/${slug}/achievements/${badges[badge]}`);
  const form = page.locator('main form[action$="/issue"]');
  expect(await submit(page, form, { email: lotte.email, name: lotte.name })).toBe(200);
  await smtp.waitForMail(lotte.email, (m) => m.text.includes(badge));
}

describe('pathways in Dutch (issue 11 acceptance)', () => {
  it('three step badges earned from two issuers: the pathway badge appears in the backpack and verifies', async () => {
    // The teacher defines the pathway in the editor.
    const teacher = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await signIn(teacher, ida);
    await visit(teacher, '/organisations/brabant-college/pathways');
    expect(await go(teacher, teacher.locator('main a', { hasText: 'Nieuwe leerroute' }))).toBe(200);
    const form = teacher.locator('main form[action$="/pathways/new"]');
    await form.locator('[name="steps.1.ordered"]').check();
    expect(
      await submit(teacher, form, {
        name: 'Vakkracht metaal',
        description: 'Lassen en veilig werken op school, een CNC-machine in het bedrijf.',
        achievementId: badges['Vakkracht metaal'],
        status: 'published',
        'steps.0.name': 'Lassen',
        'steps.0.achievements': badges['Basis lassen'],
        'steps.1.name': 'Veilig werken',
        'steps.1.achievements': badges['Veilig werken'],
        'steps.2.name': 'In het bedrijf',
        'steps.2.achievements': badges['CNC-machine bedienen'],
      }),
    ).toBe(200);
    expect(await teacher.locator('.flash').first().textContent()).toContain('De leerroute "Vakkracht metaal" is opgeslagen.');
    const pathwayPath = new URL(teacher.url()).pathname;
    expect(pathwayPath).toMatch(/^\/pathways\/[0-9a-f-]{36}$/);
    // On a phone the diagram drawn one step under the other shows, the wide one not.
    expect(await teacher.locator('main .pathway-diagram .narrow svg').isVisible()).toBe(true);
    expect(await teacher.locator('main .pathway-diagram .wide svg').isVisible()).toBe(false);
    expect(await teacher.locator('main').textContent()).toContain('na de stap ervoor');

    // The learner finds it under Leerroutes, nothing done yet.
    const learner = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await signIn(learner, lotte);
    await openMenu(learner);
    expect(await go(learner, learner.locator('header nav a', { hasText: 'Leerroutes' }))).toBe(200);
    expect(await learner.locator('main li.card', { hasText: 'Vakkracht metaal' }).textContent()).toContain('0 van 3 stappen gedaan');

    // The school issues two badges, the employer the third.
    await issue(teacher, 'brabant-college', 'Basis lassen');
    await issue(teacher, 'brabant-college', 'Veilig werken');
    await visit(learner, pathwayPath);
    expect(await learner.locator('main').textContent()).toContain('Je hebt 2 van de 3 stappen gedaan.');
    const employer = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await signIn(employer, erik);
    await issue(employer, 'maasdal', 'CNC-machine bedienen');

    // Complete: the page hands her to the award job; the badge arrives in her backpack.
    await visit(learner, pathwayPath);
    const main = learner.locator('main');
    expect(await main.textContent()).toMatch(/Je hebt alle stappen gedaan|Je hebt de badge van deze leerroute behaald/);
    let found = false;
    for (let i = 0; i < 30 && !found; i++) {
      await visit(learner, '/backpack');
      found = (await learner.locator('main li.card', { hasText: 'Vakkracht metaal' }).count()) === 1;
      if (!found) await learner.waitForTimeout(1000);
    }
    expect(found).toBe(true);
    const card = learner.locator('main li.card', { hasText: 'Vakkracht metaal' });
    expect(await card.textContent()).toContain('Uitgegeven door Brabant College');
    expect(await go(learner, card.locator('a').first())).toBe(200);
    expect(await main.textContent()).toContain('Deze badge is geldig.');

    // Its public page names the three badges as evidence, and the pathway page says she earned it.
    await visit(learner, pathwayPath);
    expect(await main.textContent()).toContain('Je hebt de badge van deze leerroute behaald');
    expect(await go(learner, learner.locator('main a', { hasText: 'Bekijk de badge' }))).toBe(200);
    const here = learner.url();
    const evidence = await learner
      .locator('main a[href*="/credentials/"]')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href).filter((href) => /\/credentials\/[0-9a-f-]{36}$/.test(href)));
    expect(new Set(evidence.filter((href) => href !== here)).size).toBe(3);
  });
});
