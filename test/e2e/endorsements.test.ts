import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createUser, getCurrentUser } from '../../src/accounts/api.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import { go, launchBrowser, newPerson, signIn, startTestServer, submit, type TestServer, visit } from '../helpers/browser.ts';

/**
 * Endorsements in a real browser, in English, on a phone-sized screen: an employer endorses a
 * school's badge from its endorsements page; the endorsement's page verifies it; the school sees it
 * on the badge's page, a credential of the badge shows it; revoked, every one of those pages says so
 * and the endorsement no longer verifies. Then in Dutch, an endorsement by a person: the operator
 * allows them, a person endorses a credential as themselves from its page, it verifies and shows as
 * personal, and she revokes it. Every page: axe-core clean, translated, 390 px wide.
 */
let server: TestServer;
let browser: Browser;
const erik = { name: 'Erik Werkgever', email: 'erik@maasdal.test', password: 'correct horse battery' };
const ida = { name: 'Ida Docent', email: 'ida@school.test', password: 'correct horse battery' };
const olga = { name: 'Olga Beheer', email: 'olga@netwerk.test', password: 'correct horse battery' };
const noor = { name: 'Noor de Vries', email: 'noor@oss.test', password: 'correct horse battery' };
let badgeId = '';
let credentialId = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const db = server.ctx.db;
  const { id: erikId } = await createUser(db, { ...erik, emailConfirmed: true, locale: 'en' });
  const { id: idaId } = await createUser(db, { ...ida, emailConfirmed: true, locale: 'en' });
  const employer = await createOrganisation(db, {
    slug: 'maasdal',
    name: 'Maasdal Techniek',
    kind: 'employer',
    description: 'Metalworks.',
  });
  const school = await createOrganisation(db, { slug: 'college', name: 'Brabant College', kind: 'school', description: 'A school.' });
  await createUser(db, { ...olga, emailConfirmed: true, locale: 'nl', isOperator: true });
  await createUser(db, { ...noor, emailConfirmed: true, locale: 'nl' });
  await addMember(db, employer.id, erikId, 'admin');
  await addMember(db, school.id, idaId, 'issuer');
  const teacher = (await getCurrentUser(db, idaId))!;
  badgeId = (
    await createAchievement(server.ctx, teacher, 'college', { name: 'Basic welding', description: 'Welds.', criteriaNarrative: 'Welded.' })
  ).id;
  credentialId = (
    await issueCredential(server.ctx, teacher, 'college', {
      achievementId: badgeId,
      recipient: { email: 'learner@oss.test' },
      notify: false,
    })
  ).id;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('endorsements in English', () => {
  it('an employer endorses a school’s badge; it verifies and shows where the badge is shown, and shows revoked once revoked', async () => {
    const employer = await (await newPerson(browser, server.url)).newPage();
    await signIn(employer, erik);
    await visit(employer, '/organisations/maasdal');
    expect(await go(employer, employer.locator('main a', { hasText: 'Endorsements' }))).toBe(200);
    const form = employer.locator('main form[action="/organisations/maasdal/endorsements"]');
    // A mistake first: no comment.
    expect(await submit(employer, form, { subjectType: 'achievement', achievementId: badgeId })).toBe(400);
    expect(await employer.locator('.error-summary').textContent()).toContain('This is required.');
    expect(
      await submit(employer, form, { subjectType: 'achievement', achievementId: badgeId, comment: 'Their welders start with us at once.' }),
    ).toBe(200);
    expect(await employer.locator('.flash').first().textContent()).toContain('Your endorsement of Basic welding is signed.');
    const main = employer.locator('main');
    expect(await main.textContent()).toContain('This endorsement verifies: signed by Maasdal Techniek and in force.');
    const endorsementPath = new URL(employer.url()).pathname;

    const school = await (await newPerson(browser, server.url)).newPage();
    await signIn(school, ida);
    await visit(school, `/organisations/college/achievements/${badgeId}`);
    expect(await school.locator('main .endorsements').textContent()).toContain('Their welders start with us at once.');
    const visitor = await (await newPerson(browser, server.url)).newPage();
    await visit(visitor, `/credentials/${credentialId}`);
    expect(await visitor.locator('main .endorsements').textContent()).toContain('Maasdal Techniek endorses the badge');

    // Revoked: a reason is asked, then every page says so.
    const revoke = employer.locator('main form[action$="/revoke"]');
    expect(await submit(employer, revoke, { reason: 'Given to the wrong badge' })).toBe(200);
    expect(await employer.locator('.flash').first().textContent()).toContain('The endorsement is revoked.');
    expect(await main.textContent()).toContain('This endorsement does not verify.');
    await visit(visitor, `/credentials/${credentialId}`);
    expect(await visitor.locator('main .endorsements').textContent()).toContain('Revoked on');
    await visit(school, `/organisations/college/achievements/${badgeId}`);
    expect(await school.locator('main .endorsements').textContent()).toContain('Given to the wrong badge');
    await visit(visitor, endorsementPath);
    expect(await visitor.locator('main h1').textContent()).toContain('Revoked');
  });
});

describe('endorsements by a person, in Dutch', () => {
  it('the operator allows them; a person endorses a credential as themselves, sees it verify and shown as personal, then revokes it', async () => {
    const visitor = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    const person = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await signIn(person, noor);
    // Off by default: no button on the credential's page.
    await visit(person, `/credentials/${credentialId}`);
    expect(await person.locator('main a', { hasText: 'Zelf onderschrijven' }).count()).toBe(0);

    // The operator turns it on from the home page's panel.
    const operator = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await signIn(operator, olga);
    await visit(operator, '/');
    expect(await operator.locator('#endorsements-panel').textContent()).toContain('Onderschrijvingen');
    expect(await go(operator, operator.locator('main a[href="/admin/endorsements"]'))).toBe(200);
    await operator.locator('main input[name="peopleMayEndorse"]').check();
    expect(await go(operator, operator.locator('main form[action="/admin/endorsements"] button[type="submit"]'))).toBe(200);
    expect(await operator.locator('.flash').first().textContent()).toContain('Personen mogen nu zelf onderschrijven.');

    // The person endorses the credential: the button fills in the form; a mistake first (no comment).
    await visit(person, `/credentials/${credentialId}`);
    expect(await go(person, person.locator('main a', { hasText: 'Zelf onderschrijven' }))).toBe(200);
    const form = person.locator('main form[action="/endorsements/personal"]');
    expect(await form.locator('select[name="subjectType"]').inputValue()).toBe('credential');
    expect(await submit(person, form, {})).toBe(400);
    expect(await person.locator('.error-summary').textContent()).toContain('Dit is verplicht.');
    expect(await submit(person, form, { comment: 'Ik zag Noor dit werk zelf doen: netjes gelast.' })).toBe(200);
    expect(await person.locator('.flash').first().textContent()).toContain('is ondertekend');
    const main = person.locator('main');
    expect(await main.textContent()).toContain('Persoonlijke onderschrijving');
    expect(await main.textContent()).toContain('did:key:z6Mk');
    expect(await main.textContent()).toContain('ondertekend door Noor de Vries');
    const endorsementPath = new URL(person.url()).pathname;

    // Shown on the credential's public page as a person's.
    await visit(visitor, `/credentials/${credentialId}`);
    const shown = await visitor.locator('main .endorsements').textContent();
    expect(shown).toContain('Noor de Vries onderschrijft deze credential');
    expect(shown).toContain('Persoonlijke onderschrijving');
    // Her own list.
    await visit(person, '/endorsements/personal');
    expect(await person.locator('main table').textContent()).toContain('Basic welding');

    // Revoked by her: every page says so.
    await visit(person, endorsementPath);
    const revoke = person.locator('main form[action$="/revoke"]');
    expect(await submit(person, revoke, { reason: 'Per ongeluk gegeven' })).toBe(200);
    expect(await person.locator('.flash').first().textContent()).toContain('ingetrokken');
    expect(await main.textContent()).toContain('komt niet door de controle');
    await visit(visitor, `/credentials/${credentialId}`);
    expect(await visitor.locator('main .endorsements').textContent()).toContain('Ingetrokken op');
  });
});
