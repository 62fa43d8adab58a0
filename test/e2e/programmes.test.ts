import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createUser } from '../../src/accounts/api.ts';
import { schemaErrors } from '../credentials/issuing/helpers.ts';
import { go, launchBrowser, newPerson, startTestServer, submit, type TestServer, visit } from '../helpers/browser.ts';
import { startTestSmtp, type TestSmtpServer } from '../helpers/smtp.ts';

/**
 * Issue 11's programme acceptance in a real browser, on a phone-sized screen: the organiser
 * (Dutch) starts a programme, a module with a rubric and two assignments (two assessors), a cohort
 * and its assessors; a participant (Dutch) applies, is accepted, and hands in a file, a link and a
 * text; two assessors (English) differ and a third moderates; the module badge carries the rubric
 * levels as results and points to the evidence, and the certificate follows through the pathway.
 * Every page: axe-core clean, translated, no sideways scrolling at 390 px (checkPage in visit/go).
 */
let smtp: TestSmtpServer;
let server: TestServer;
let browser: Browser;
const password = 'correct horse battery';
const mila = { name: 'Mila Manager', email: 'mila@oss-leert.test', password, locale: 'nl' };
const pim = { name: 'Pim Deelnemer', email: 'pim@oss.test', password, locale: 'nl' };
const aart = { name: 'Aart Assessor', email: 'aart@assess.test', password, locale: 'en' };
const bea = { name: 'Bea Beoordelaar', email: 'bea@assess.test', password, locale: 'en' };
const mo = { name: 'Mo Moderator', email: 'mo@assess.test', password, locale: 'en' };
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  smtp = await startTestSmtp();
  [server, browser] = await Promise.all([startTestServer({ smtp }), launchBrowser()]);
  const db = server.ctx.db;
  const ids: Record<string, string> = {};
  for (const who of [mila, pim, aart, bea, mo]) ids[who.email] = (await createUser(db, { ...who, emailConfirmed: true })).id;
  const org = await createOrganisation(db, {
    slug: 'oss-leert',
    name: 'Oss Leert',
    kind: 'training-provider',
    description: 'Leren in Oss.',
  });
  await addMember(db, org.id, ids[mila.email], 'admin');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.close();
});

async function person(who: { email: string; password: string; locale: string }): Promise<Page> {
  const page = await (await newPerson(browser, server.url, who.locale === 'nl' ? 'nl-NL' : 'en-GB')).newPage();
  await visit(page, '/signin');
  const form = page.locator('main form[action^="/signin"]');
  await form.locator('[name="email"]').fill(who.email);
  await form.locator('[name="password"]').fill(who.password);
  expect(await go(page, form.locator('button[type="submit"]'))).toBe(200);
  return page;
}

const flash = (page: Page) => page.locator('.flash').first().textContent();

describe('a certification programme end to end (issue 11 acceptance)', () => {
  it('application, cohort, submission, two assessors, moderation, a badge with results and evidence, the certificate by the pathway', async () => {
    // The organiser starts the programme.
    const manager = await person(mila);
    await visit(manager, '/organisations/oss-leert/programmes');
    expect(await go(manager, manager.locator('main a', { hasText: 'Nieuw programma' }))).toBe(200);
    expect(
      await submit(manager, manager.locator('main form[action$="/programmes/new"]'), {
        name: 'Leercoach',
        description: 'Leercoaches voeren coachgesprekken met werkenden.',
        enrolment: 'application',
        language: 'nl',
        status: 'published',
      }),
    ).toBe(200);
    expect(await flash(manager)).toContain('"Leercoach" is opgeslagen.');
    const programmePath = new URL(manager.url()).pathname;

    // A module: a rubric of two criteria, two assignments, a second assessor.
    expect(await go(manager, manager.locator('main a', { hasText: 'Module toevoegen' }))).toBe(200);
    const moduleForm = manager.locator('main form[action$="/modules/new"]');
    await moduleForm.locator('[id="assignments.0.evidence.text"]').uncheck();
    await moduleForm.locator('[id="assignments.1.evidence.file"]').uncheck();
    await moduleForm.locator('[id="assignments.1.evidence.link"]').uncheck();
    await moduleForm.locator('[name="secondAssessment"]').check();
    expect(
      await submit(manager, moduleForm, {
        name: 'Coachgesprekken',
        description: 'Een coachgesprek voeren dat de ander verder helpt.',
        'rubric.0.name': 'Luisteren',
        'rubric.0.levels': 'Beginnend: praat vooral zelf\nBekwaam: laat uitpraten\nSterk: hoort wat niet gezegd wordt',
        'rubric.0.passLevel': '2',
        'rubric.1.name': 'Doorvragen',
        'rubric.1.levels': 'Gesloten\nOpen\nOntdekkend',
        'rubric.1.passLevel': 'Open',
        'assignments.0.title': 'Opname van een gesprek',
        'assignments.0.instructions': 'Lever de opname in, of een link ernaar.',
        'assignments.1.title': 'Reflectie',
        'assignments.1.instructions': 'Wat ging goed?',
        validMonths: '24',
      }),
    ).toBe(200);
    expect(await flash(manager)).toContain('De module "Coachgesprekken" en de badge zijn opgeslagen.');
    expect(await manager.locator('main table').first().textContent()).toContain('laat uitpraten');

    // A cohort and its three assessors.
    expect(await go(manager, manager.locator('main a', { hasText: 'Groep toevoegen' }))).toBe(200);
    expect(
      await submit(manager, manager.locator('main form[action$="/cohorts/new"]'), {
        name: 'Voorjaar',
        startsOn: day(-1),
        endsOn: day(60),
        capacity: '8',
      }),
    ).toBe(200);
    const cohortPath = new URL(manager.url()).pathname;
    for (const who of [aart, bea, mo]) {
      expect(await submit(manager, manager.locator('main form[action$="/assessors"]'), { email: who.email })).toBe(200);
      expect(await flash(manager)).toContain(`${who.name} beoordeelt nu deze groep.`);
    }

    // The participant applies; the organiser accepts; she gets a mail.
    const participant = await person(pim);
    await visit(participant, '/programmes');
    expect(await go(participant, participant.locator('main a', { hasText: 'Leercoach' }).first())).toBe(200);
    expect(await go(participant, participant.locator('main a', { hasText: 'Aanmelden' }))).toBe(200);
    expect(await submit(participant, participant.locator('main form'), { motivation: 'Ik begeleid al jaren vrijwilligers.' })).toBe(200);
    expect(await flash(participant)).toContain('Je aanmelding voor Leercoach is verstuurd.');
    expect(await participant.locator('main').textContent()).toContain('Je aanmelding voor Voorjaar wacht op een besluit.');
    await visit(manager, cohortPath);
    expect(await manager.locator('main').textContent()).toContain('Ik begeleid al jaren vrijwilligers.');
    expect(await go(manager, manager.locator('main button', { hasText: 'Toelaten' }))).toBe(200);
    expect(await flash(manager)).toContain('Pim Deelnemer zit in de groep.');
    expect((await smtp.waitForMail(pim.email, (m) => m.subject.includes('Je doet mee'))).text).toContain(programmePath);

    // She hands in a file and a link, and a text.
    await visit(participant, `${programmePath}/work`);
    const assignments = participant.locator('main a[href*="/assignments/"]');
    expect(await go(participant, assignments.nth(0))).toBe(200);
    const upload = participant.locator('main form[enctype="multipart/form-data"]');
    await upload
      .locator('[name="file"]')
      .setInputFiles({ name: 'gesprek.txt', mimeType: 'text/plain', buffer: Buffer.from('Transcript van het gesprek') });
    expect(await submit(participant, upload, { link: 'https://video.example/gesprek-pim' })).toBe(200);
    expect(await flash(participant)).toContain('"Opname van een gesprek" is ingeleverd.');
    expect(await go(participant, participant.locator('main a[href*="/assignments/"]').nth(1))).toBe(200);
    expect(
      await submit(participant, participant.locator('main form[enctype="multipart/form-data"]'), { text: 'Ik liet de ander uitpraten.' }),
    ).toBe(200);
    expect(await flash(participant)).toContain('gaat naar de beoordelaars');

    // Two assessors judge independently and differ.
    const first = await person(aart);
    await visit(first, '/');
    expect(await go(first, first.locator('main a', { hasText: '1 piece of work to assess' }))).toBe(200);
    expect(await go(first, first.locator('main a', { hasText: 'Assess' }).first())).toBe(200);
    expect(await first.locator('main').textContent()).toContain('Ik liet de ander uitpraten.');
    expect(await first.locator('main a', { hasText: 'gesprek.txt' }).count()).toBe(1);
    await first.locator('[id="levels.c1.l3"]').check();
    await first.locator('[id="levels.c2.l2"]').check();
    expect(await submit(first, first.locator('main form[action$="/review"]'), { comment: 'Luistert sterk.' })).toBe(200);
    expect(await flash(first)).toContain('waits for the second assessor');

    const second = await person(bea);
    await visit(second, `${programmePath}/assess`);
    expect(await go(second, second.locator('main a', { hasText: 'Assess as second assessor' }))).toBe(200);
    expect(await second.locator('main').textContent()).not.toContain('Luistert sterk.');
    await second.locator('[id="levels.c1.l2"]').check();
    await second.locator('[id="levels.c2.l1"]').check();
    expect(await submit(second, second.locator('main form[action$="/review"]'), { comment: 'Doorvragen kan beter.' })).toBe(200);
    expect(await flash(second)).toContain('a moderator decides');

    // The moderator sees both judgements and decides.
    const moderator = await person(mo);
    await visit(moderator, `${programmePath}/assess`);
    expect(await go(moderator, moderator.locator('main a', { hasText: 'Moderate' }))).toBe(200);
    const judgements = await moderator.locator('main').textContent();
    expect(judgements).toContain('First assessor: Aart Assessor');
    expect(judgements).toContain('Second assessor: Bea Beoordelaar');
    await moderator.locator('[id="levels.c1.l3"]').check();
    await moderator.locator('[id="levels.c2.l2"]').check();
    expect(await submit(moderator, moderator.locator('main form[action$="/moderate"]'), { comment: 'Doorvragen is voldoende.' })).toBe(200);
    expect(await flash(moderator)).toContain('Decided: passed. The badge is issued.');

    // The badge: results with the rubric levels, evidence pointing to her work, valid against the OB 3.0 schema.
    await visit(participant, `${programmePath}/work`);
    expect(await participant.locator('main').textContent()).toContain('Je hebt de badge van deze module.');
    expect(await go(participant, participant.locator('main a', { hasText: 'Bekijk de badge' }))).toBe(200);
    const credentialUrl = participant.url();
    const credential = await (await participant.request.get(`${credentialUrl}/credential.json`)).json();
    expect(credential.credentialSubject.result.map((r: { value: string }) => r.value)).toEqual(['Sterk', 'Open']);
    const descriptions = credential.credentialSubject.achievement.resultDescription;
    expect(descriptions.map((d: { name: string; allowedValue: string[] }) => [d.name, d.allowedValue])).toEqual([
      ['Luisteren', ['Beginnend', 'Bekwaam', 'Sterk']],
      ['Doorvragen', ['Gesloten', 'Open', 'Ontdekkend']],
    ]);
    expect(credential.validUntil).toBeTruthy();
    expect(credential.evidence).toHaveLength(2);
    expect(schemaErrors(credential)).toEqual([]);
    const evidence = new URL(credential.evidence[0].id);
    const stranger = await (await newPerson(browser, server.url, 'en-GB')).newPage();
    await visit(stranger, evidence.pathname);
    const shown = await stranger.locator('main').textContent();
    expect(shown).toContain('Ik liet de ander uitpraten.');
    expect(shown).toContain('https://video.example/gesprek-pim');
    expect(await stranger.locator(`[id="${evidence.hash.slice(1)}"]`).count()).toBe(1);

    // In her backpack: the module badge and, through the pathway, the certificate; both valid.
    await visit(participant, '/backpack');
    for (const name of ['Coachgesprekken', 'Leercoach']) {
      await visit(participant, '/backpack');
      const card = participant.locator('main li.card', { hasText: name }).first();
      expect(await card.count(), name).toBe(1);
      expect(await go(participant, card.locator('a').first())).toBe(200);
      expect(await participant.locator('main').textContent()).toContain('Deze badge is geldig.');
    }
    await visit(participant, programmePath);
    expect(await participant.locator('main').textContent()).toContain('Je hebt het certificaat Leercoach behaald.');
  }, 300_000);
});
