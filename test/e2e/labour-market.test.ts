import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createUser } from '../../src/accounts/api.ts';
import { skillTagger, useSkillTagger } from '../../src/labour-market/tagging.ts';
import { importEsco } from '../../src/skills/esco/service.ts';
import { checkPage, go, launchBrowser, newPerson, openMenu, startTestServer, type TestServer, visit } from '../helpers/browser.ts';
import { escoFixturePaths } from '../helpers/esco-fixture.ts';
import { serveSite, type TestSite, html, jsonLdPage, text, xml } from '../labour-market/sites.ts';
import { insertEscoSkills } from '../skills/library/helpers.ts';

/**
 * Issue 10 acceptance, in Dutch on a phone: an analyst adds a site (served by this test on
 * 127.0.0.1, allowed by VAARDIG_CRAWL_ALLOW_HOSTS), runs the crawl and watches its progress, opens a
 * vacancy with its skills marked in the text, and filters the vacancies by a skill. Every page is
 * checked with axe-core, for untranslated keys and for sideways scrolling at 390 px.
 */

let server: TestServer;
let browser: Browser;
let site: TestSite;
const analyst = { name: 'Anouk Analist', email: 'anouk@observatorium.test', password: 'correct horse battery' };
const restoreTagger = skillTagger();

const LASSER =
  'Metaalbewerking Oss maakt stalen constructies voor de bouw.\n\nAls lasser MIG/MAG ga je aan de slag met lassen van constructies volgens tekening. Je kunt technische tekeningen lezen en controleert je eigen werk.\n\nWij bieden een vast contract en een salaris volgens de cao Metaal en Techniek.';
const ZORG =
  'Zorggroep Maasland zoekt een verzorgende IG voor de afdeling De Linde.\n\nJe helpt cliënten bij de persoonlijke verzorging, je bent het aanspreekpunt voor familie en je rapporteert in het dossier.\n\nWij bieden een salaris volgens de cao VVT.';

beforeAll(async () => {
  site = await serveSite({
    '/robots.txt': text('User-agent: Vaardig\nDisallow: /intern/\nCrawl-delay: 1\n'),
    '/sitemap.xml': (req, res, s) =>
      xml(
        `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${[
          '/vacatures/lasser',
          '/vacatures/verzorgende',
          '/over-ons',
          '/intern/loon',
        ]
          .map((p) => `<url><loc>${s.origin}${p}</loc></url>`)
          .join('')}</urlset>`,
      )(req, res, s),
    '/vacatures/lasser': html(
      jsonLdPage({
        title: 'Lasser MIG/MAG',
        description: LASSER,
        hiringOrganization: { '@type': 'Organization', name: 'Metaalbewerking Oss' },
        jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Oss', postalCode: '5349 AA' } },
        datePosted: '2026-11-25',
        employmentType: 'FULL_TIME',
      }),
    ),
    '/vacatures/verzorgende': html(
      jsonLdPage({
        title: 'Verzorgende IG',
        description: ZORG,
        hiringOrganization: { '@type': 'Organization', name: 'Zorggroep Maasland' },
        jobLocation: { '@type': 'Place', address: { '@type': 'PostalAddress', addressLocality: 'Oss' } },
        datePosted: '2026-11-27',
      }),
    ),
    '/over-ons': html('<html><body><h1>Over ons</h1></body></html>'),
  });
  [server, browser] = await Promise.all([startTestServer({ env: { VAARDIG_CRAWL_ALLOW_HOSTS: '127.0.0.1' } }), launchBrowser()]);
  await importEsco(server.ctx, escoFixturePaths());
  const skills = await insertEscoSkills(server.ctx, [
    { uri: 'http://data.europa.eu/esco/skill/e2e-welding', name: { en: 'welding', nl: 'lassen' } },
    { uri: 'http://data.europa.eu/esco/skill/e2e-drawings', name: { en: 'read technical drawings', nl: 'technische tekeningen lezen' } },
    { uri: 'http://data.europa.eu/esco/skill/e2e-care', name: { en: 'personal care', nl: 'persoonlijke verzorging' } },
  ]);
  // Skill extraction (part B) tags the vacancies when it is plugged in; without it, a stand-in that
  // finds these three phrases does, so the pages can be checked either way.
  if (!restoreTagger)
    useSkillTagger(async (_ctx, text) =>
      [
        ['lassen', 'e2e-welding'],
        ['technische tekeningen lezen', 'e2e-drawings'],
        ['persoonlijke verzorging', 'e2e-care'],
      ].flatMap(([phrase, key]) => {
        const at = text.indexOf(phrase);
        const uri = `http://data.europa.eu/esco/skill/${key}`;
        return at < 0
          ? []
          : [{ skillId: skills[uri]!, escoUri: uri, label: phrase, score: 0.9, spans: [[at, at + phrase.length]] as [number, number][] }];
      }),
    );
  const { id: userId } = await createUser(server.ctx.db, { ...analyst, emailConfirmed: true, locale: 'nl' });
  const { id: orgId } = await createOrganisation(server.ctx.db, {
    slug: 'observatorium',
    name: 'Arbeidsmarktobservatorium Oss',
    kind: 'network',
    description: 'Volgt de vraag naar vaardigheden.',
  });
  await addMember(server.ctx.db, orgId, userId, 'analyst');
});

afterAll(async () => {
  useSkillTagger(restoreTagger);
  await browser?.close();
  await server?.stop();
  await site?.close();
});

describe('vacancies in Dutch (issue 10 acceptance)', () => {
  it('an analyst adds a site, runs the crawl and watches it, opens a vacancy with its skills marked, and filters by a skill', async () => {
    const page = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await visit(page, '/signin');
    const signin = page.locator('main form[action^="/signin"]');
    await signin.locator('[name="email"]').fill(analyst.email);
    await signin.locator('[name="password"]').fill(analyst.password);
    expect(await go(page, signin.locator('button[type="submit"]'))).toBe(200);

    // Vacatures in the menu; nothing yet, the way to the sources.
    await openMenu(page);
    expect(await go(page, page.locator('header nav a', { hasText: 'Vacatures' }))).toBe(200);
    await expect.poll(() => page.locator('main').textContent()).toContain('Nog geen vacatures');
    expect(await go(page, page.locator('main a', { hasText: 'Bronnen' }))).toBe(200);
    expect(await go(page, page.locator('main a', { hasText: 'Een bron toevoegen' }))).toBe(200);

    // A mistake first: the error is shown next to its field, in Dutch.
    const form = page.locator('main form');
    await form.locator('[name="name"]').fill('Banen in Oss');
    await form.locator('[name="sitemaps"]').fill('geen adres');
    expect(await go(page, form.locator('button[type="submit"]'))).toBe(400);
    await expect.poll(() => page.locator('#sitemaps-error').textContent()).toContain('is geen webadres');
    await form.locator('[name="sitemaps"]').fill(`${site.origin}/sitemap.xml`);
    await form.locator('[name="delaySeconds"]').fill('0,2');
    expect(await go(page, form.locator('button[type="submit"]'))).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Banen in Oss');
    await expect.poll(() => page.locator('main').textContent()).toContain('Nog niet gedraaid');

    // Run it and watch: the runs table refreshes itself while the run goes (robots.txt asks 1 s between requests).
    expect(await go(page, page.locator('main button', { hasText: 'Nu draaien' }))).toBe(200);
    await expect.poll(() => page.locator('#runs').getAttribute('data-active'), { timeout: 5000 }).toBe('true');
    const progress = page.locator('#runs progress').first();
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          seen.add((await progress.getAttribute('value')) ?? '');
          return page.locator('#runs tbody tr').first().textContent();
        },
        { timeout: 60_000, interval: 250 },
      )
      .toContain('Klaar');
    // Progress was shown on the way (not only at the end).
    expect([...seen].some((v) => v !== '100')).toBe(true);
    await checkPage(page, 'source page after the run');
    const log = await page.locator('#runs').textContent();
    expect(log).toContain('Niet opgehaald: robots.txt staat het niet toe.');
    expect(log).toContain('Geen vacature op deze pagina.');
    expect(log).toContain('2 nieuwe vacatures');

    // The vacancies, once their skills are tagged (a job after the run).
    await openMenu(page);
    expect(await go(page, page.locator('header nav a', { hasText: 'Vacatures' }))).toBe(200);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('#skill option').count();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBeGreaterThan(1);
    await checkPage(page, '/vacancies with tagged vacancies');
    expect(await page.locator('#results').textContent()).toBe('2 vacatures');

    expect(await go(page, page.locator('main table a', { hasText: 'Lasser MIG/MAG' }))).toBe(200);
    const marks = page.locator('.vacancy-text mark');
    expect(await marks.count()).toBeGreaterThan(0);
    expect(await page.locator('main').textContent()).toContain('Gevraagde vaardigheden');
    const marked = await marks.allTextContents();
    for (const m of marked) expect(LASSER).toContain(m);

    // Filter by a skill of this vacancy: only vacancies that ask for it remain.
    const skillName = ((await page.locator('ul.skill-list a').first().textContent()) ?? '').trim();
    await page.goBack();
    const options = await page
      .locator('#skill option')
      .evaluateAll((els) => els.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']));
    const option = options.find(([, label]) => label.startsWith(`${skillName} (`));
    expect(option, `the skill filter offers ${skillName}`).toBeDefined();
    await page.locator('#skill').selectOption(option![0]);
    expect(await go(page, page.locator('main form.filters button[type="submit"]'))).toBe(200);
    expect(await page.locator('#results').textContent()).toBe('1 vacature');
    expect(await page.locator('main table').textContent()).toContain('Lasser MIG/MAG');
    expect(await page.locator('main table').textContent()).not.toContain('Verzorgende IG');
  });
});
