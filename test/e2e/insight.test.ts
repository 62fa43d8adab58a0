import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createUser, type CurrentUser, getCurrentUser } from '../../src/accounts/api.ts';
import { allItems, setItemState } from '../../src/backpack/api.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import { refreshDemand, refreshSupply } from '../../src/insight/rollups.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { labelRowsFor, replaceLabels } from '../../src/skills/labels.ts';
import { checkPage, go, launchBrowser, newPerson, openMenu, signIn, startTestServer, submit, type TestServer } from '../helpers/browser.ts';

/**
 * Issue 12 acceptance, in Dutch on a phone (390 px): an analyst opens the demand for skills for a
 * region and a period, sees the chart and the table behind it, exports it as CSV, opens the gap view
 * and follows a gap to a badge that teaches it; a person turns matching on and sees the vacancies
 * that fit their verified skills and a badge to earn next, on the matching page and on their home
 * page. Every page is checked with axe-core, for untranslated keys and for sideways scrolling.
 *
 * The world, written as a harvest and the school would leave it: four current vacancies in Oss
 * (Noord-Brabant) and one in Utrecht, tagged with the library's skills; a school whose badges teach
 * welding, reading drawings and safe working; Jamila holds the welding badge.
 */

let server: TestServer;
let browser: Browser;
const password = 'correct horse battery';
const analyst = { name: 'Anouk Analist', email: 'anouk@observatorium.test', password };
const jamila = { name: 'Jamila Werkzoekende', email: 'jamila@example.test', password };
const skill: Record<'lassen' | 'tekening' | 'veilig' | 'rapport' | 'zorg', string> = {} as never;
const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function newSkill(ctx: AppContext, nl: string, en: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into skills (source, kind, name, status) values ('local', 'skill', ${JSON.stringify({ nl, en })}::jsonb, 'published')
    returning id`.execute(ctx.db);
  // Findable by name, as the library keeps its skills (the filters' skill picker searches them).
  await replaceLabels(ctx.db, [rows[0].id], labelRowsFor(rows[0].id, { name: { nl, en } }));
  return rows[0].id;
}

/** A current vacancy as the harvester leaves it: tagged, with its skills. */
async function vacancy(
  ctx: AppContext,
  organisationId: string,
  v: { title: string; employer: string; municipality: string; province: string; daysAgo: number; skills: string[] },
) {
  const posted = new Date(Date.now() - v.daysAgo * DAY);
  const row = await ctx.db
    .insertInto('vacancies')
    .values({
      organisation_id: organisationId,
      title: v.title,
      employer: v.employer,
      description: `${v.title} gezocht.`,
      language: 'nl',
      municipality: v.municipality,
      province: v.province,
      date_posted: posted,
      first_seen_at: posted,
      last_seen_at: new Date(),
      text_hash: `e2e-${v.title}`,
      tagged_at: new Date(),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [i, id] of v.skills.entries())
    await ctx.db
      .insertInto('vacancy_skills')
      .values({ vacancy_id: row.id, skill_id: id, label: 'x', score: 1 - i / 10, spans: '[]' } as never)
      .execute();
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const ctx = server.ctx;
  skill.lassen = await newSkill(ctx, 'Stalen constructies lassen', 'Weld steel structures');
  skill.tekening = await newSkill(ctx, 'Technische tekeningen lezen', 'Read technical drawings');
  skill.veilig = await newSkill(ctx, 'Veilig werken op de werkvloer', 'Work safely on the shop floor');
  skill.rapport = await newSkill(ctx, 'Rapporteren over werk', 'Report on work');
  skill.zorg = await newSkill(ctx, 'Persoonlijke verzorging', 'Personal care');

  const { id: analystId } = await createUser(ctx.db, { ...analyst, emailConfirmed: true, locale: 'nl' });
  const observatory = await createOrganisation(ctx.db, {
    slug: 'observatorium',
    name: 'Arbeidsmarktobservatorium Oss',
    kind: 'network',
    description: 'Volgt de vraag naar vaardigheden.',
  });
  await addMember(ctx.db, observatory.id, analystId, 'analyst');
  for (const v of [
    { title: 'Lasser MIG/MAG', skills: [skill.lassen, skill.tekening, skill.veilig], daysAgo: 5 },
    { title: 'Constructiebankwerker', skills: [skill.tekening, skill.veilig], daysAgo: 8 },
    { title: 'Pijpfitter', skills: [skill.lassen, skill.tekening], daysAgo: 12 },
    { title: 'Onderhoudsmonteur', skills: [skill.lassen, skill.rapport], daysAgo: 15 },
  ])
    await vacancy(ctx, observatory.id, { ...v, employer: 'Metaalbewerking Oss', municipality: 'Oss', province: 'Noord-Brabant' });
  await vacancy(ctx, observatory.id, {
    title: 'Verzorgende IG',
    employer: 'Zorggroep Utrecht',
    municipality: 'Utrecht',
    province: 'Utrecht',
    daysAgo: 6,
    skills: [skill.zorg],
  });

  // The school and its badges; Jamila holds (and accepted) the welding badge.
  const { id: issuerId } = await createUser(ctx.db, { name: 'Ilse Docent', email: 'ilse@vakschool.test', password, emailConfirmed: true });
  const school = await createOrganisation(ctx.db, { slug: 'vakschool', name: 'Brabantse Vakschool', kind: 'school', description: 'Mbo.' });
  await addMember(ctx.db, school.id, issuerId, 'owner');
  const issuer = (await getCurrentUser(ctx.db, issuerId)) as CurrentUser;
  const badge = async (name: string, skills: string[]) =>
    createAchievement(ctx, issuer, 'vakschool', {
      name,
      description: `${name}.`,
      criteriaNarrative: 'Praktijkopdracht.',
      skills,
      language: 'nl',
    });
  const welding = await badge('Lassen basis', [skill.lassen]);
  await badge('Tekening lezen', [skill.tekening]);
  await badge('Veilig werken VCA', [skill.veilig]);
  const { id: jamilaId } = await createUser(ctx.db, { ...jamila, emailConfirmed: true, locale: 'nl' });
  await issueCredential(ctx, issuer, 'vakschool', {
    achievementId: welding.id,
    recipient: { email: jamila.email, name: jamila.name },
    notify: false,
  });
  for (const item of await allItems(ctx, jamilaId)) await setItemState(ctx, jamilaId, item.id, 'accepted');

  // The rollups the views read, as the hourly job keeps them.
  await refreshDemand(ctx, { force: true });
  await refreshSupply(ctx);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('inzicht in de arbeidsmarkt (issue 12 acceptance)', () => {
  it('een analist opent de vraag voor een regio en periode, ziet grafiek en tabel, exporteert CSV en volgt een tekort naar een badge', async () => {
    const page = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await signIn(page, analyst);

    await openMenu(page);
    expect(await go(page, page.locator('header nav a', { hasText: 'Inzicht' }))).toBe(200);
    expect(await go(page, page.locator('main a', { hasText: 'Vraag naar vaardigheden' }).first())).toBe(200);

    // Region and period: Noord-Brabant, the last 30 days.
    // The filters are folded above the charts, the period in their summary: open them.
    const folded = page.locator('main details.filters');
    if ((await folded.getAttribute('open')) === null) await folded.locator('summary').click();
    const filters = folded.locator('form');
    const from = isoDay(new Date(Date.now() - 30 * DAY));
    const to = isoDay(new Date());
    await filters.locator('[name="from"]').fill(from);
    await filters.locator('[name="to"]').fill(to);
    const show = filters.locator('button[type="submit"]:not([name])');
    expect(await submit(page, filters, { province: 'Noord-Brabant' }, show)).toBe(200);
    expect(new URL(page.url()).searchParams.get('province')).toBe('Noord-Brabant');

    // The chart (an SVG on the server, with a title and a description) and the table behind it.
    const view = page.locator('main section.insight-view').first();
    await expect.poll(() => view.locator('figure svg').count()).toBeGreaterThan(0);
    expect((await view.locator('figure p').first().textContent())?.length).toBeGreaterThan(10);
    const table = view.locator('table');
    const rows = await table.locator('tbody tr').allTextContents();
    const row = (name: string) => rows.find((r) => r.includes(name)) ?? '';
    expect(row('Technische tekeningen lezen')).toMatch(/3/);
    expect(row('Stalen constructies lassen')).toMatch(/3/);
    // Utrecht is outside the region.
    expect(await table.textContent()).not.toContain('Persoonlijke verzorging');

    // Export as CSV: the same figures, for the same filters.
    const csvLink = view.locator('a[href*="/insight/export/"][href*=".csv"]');
    const href = (await csvLink.getAttribute('href')) ?? '';
    expect(href).toContain('province=Noord-Brabant');
    const csv = await page.request.get(href);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain('Technische tekeningen lezen');
    expect(body).not.toContain('Persoonlijke verzorging');

    // On a phone the narrow chart shows (labels above the bars), the wide one not.
    expect(await view.locator('figure .narrow svg').isVisible()).toBe(true);
    expect(await view.locator('figure .wide svg').isVisible()).toBe(false);

    // One skill, chosen by its name: type a few letters, search, choose from what is found, show.
    const again = page.locator('main details.filters');
    if ((await again.getAttribute('open')) === null) await again.locator('summary').click();
    await again.locator('[name="skillSearch"]').fill('tekening');
    expect(await go(page, again.locator('button[name="find"][value="skill"]'))).toBe(200);
    const matches = page.locator('main fieldset.picker-matches');
    expect(await matches.locator('legend').textContent()).toContain('Gevonden voor ‘tekening’');
    await matches.locator('label', { hasText: 'Technische tekeningen lezen' }).click();
    expect(await go(page, page.locator('main details.filters form button[type="submit"]:not([name])'))).toBe(200);
    expect(new URL(page.url()).searchParams.get('skill')).toBe(skill.tekening);
    expect(new URL(page.url()).searchParams.get('province')).toBe('Noord-Brabant');
    expect(await page.locator('main .picker-chosen strong').textContent()).toBe('Technische tekeningen lezen');
    expect(await page.locator('main details.filters summary').textContent()).toContain('vaardigheid Technische tekeningen lezen');
    const only = await page.locator('main section.insight-view').first().locator('table tbody tr').allTextContents();
    expect(only).toHaveLength(1);
    expect(only[0]).toContain('Technische tekeningen lezen');
    // Removed again (in the filters, folded: open them): every skill, the region kept.
    const chosen = page.locator('main details.filters');
    if ((await chosen.getAttribute('open')) === null) await chosen.locator('summary').click();
    expect(await go(page, chosen.locator('a.picker-remove'))).toBe(200);
    expect(new URL(page.url()).searchParams.get('skill')).toBeNull();
    expect(new URL(page.url()).searchParams.get('province')).toBe('Noord-Brabant');
    expect(await page.locator('main section.insight-view').first().locator('table tbody tr').count()).toBeGreaterThan(1);

    // With script the search box is a combobox: the matches as one types, Down and Enter choose one.
    const box = page.locator('main details.filters');
    if ((await box.getAttribute('open')) === null) await box.locator('summary').click();
    const combo = box.locator('input[role="combobox"][name="skillSearch"]');
    await combo.pressSequentially('lassen', { delay: 30 });
    const option = page.locator('#skill-listbox [role="option"]', { hasText: 'Stalen constructies lassen' });
    await option.waitFor();
    expect(await combo.getAttribute('aria-expanded')).toBe('true');
    await checkPage(page, 'the skill combobox open');
    await combo.press('ArrowDown');
    expect(await combo.getAttribute('aria-activedescendant')).toBe('skill-listbox-0');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('skill') === skill.lassen), combo.press('Enter')]);
    await checkPage(page, 'a skill chosen with the combobox');
    expect(await page.locator('main .picker-chosen strong').textContent()).toBe('Stalen constructies lassen');
    const chosenAgain = page.locator('main details.filters');
    if ((await chosenAgain.getAttribute('open')) === null) await chosenAgain.locator('summary').click();
    expect(await go(page, chosenAgain.locator('a.picker-remove'))).toBe(200);

    // The gap view, for the same filters: demand against proven skills, with what teaches each gap.
    expect(await go(page, page.locator('main nav a', { hasText: 'Tekorten' }))).toBe(200);
    expect(new URL(page.url()).searchParams.get('province')).toBe('Noord-Brabant');
    const gaps = page.locator('main section.insight-view table').first();
    const gapRow = gaps.locator('tbody tr', { hasText: 'Technische tekeningen lezen' });
    expect(await gapRow.count()).toBe(1);
    // Rapporteren is asked for but nothing in the network teaches it: "nog niets", a signal for issuers.
    expect(await gaps.locator('tbody tr', { hasText: 'Rapporteren over werk' }).textContent()).toContain('nog niets');
    expect(await go(page, gapRow.locator('a', { hasText: 'Tekening lezen' }))).toBe(200);
    // The badge: who awards it, the skill it proves and how many current vacancies ask for it, and its Open Badges description.
    expect(await page.locator('h1').textContent()).toBe('Tekening lezen');
    const badge = (await page.locator('main').textContent()) ?? '';
    expect(badge).toContain('Uitgereikt door Brabantse Vakschool');
    expect(badge).toContain('Technische tekeningen lezen');
    expect(badge).toContain('gevraagd in 3 actuele vacatures');
  });

  it('een werkzoekende zet matching aan en ziet passende vacatures en een badge om als volgende te halen', async () => {
    const page = await (await newPerson(browser, server.url, 'nl-NL')).newPage();
    await signIn(page, jamila);

    // The home page invites her: her badge proves a skill, matching is off.
    const panel = page.locator('main section[aria-labelledby="matching-panel"]');
    expect(await panel.textContent()).toContain('Je badges bewijzen 1 vaardigheid');
    expect(await go(page, panel.locator('a', { hasText: 'Matching aanzetten' }))).toBe(200);
    expect(await page.locator('main').textContent()).toContain('Matching staat uit');
    expect(await go(page, page.locator('main form button', { hasText: 'Matching aanzetten' }))).toBe(200);
    expect(await page.locator('main').textContent()).toContain('Matching staat aan');

    // The vacancies that ask for welding, ranked by how much of each she has, explained; Utrecht's care job not.
    const matches = page.locator('main section[aria-labelledby="matches"]');
    const titles = await matches.locator('li a').allTextContents();
    // Pijpfitter and Onderhoudsmonteur: half each (one of two essential skills), the newer first; the welder a third.
    expect(titles).toEqual(['Pijpfitter', 'Onderhoudsmonteur', 'Lasser MIG/MAG']);
    expect(await matches.textContent()).toContain('50 % match');
    expect(await matches.textContent()).not.toContain('Verzorgende IG');

    // A badge to earn next for the demand, explained.
    const next = page.locator('main section#next');
    expect(await next.locator('ol li').first().textContent()).toContain('Tekening lezen');
    expect(await next.textContent()).toContain('Voegt toe: Technische tekeningen lezen');

    // One vacancy, its explanation: what she has and with which badge, what she misses, essential or not.
    expect(await go(page, matches.locator('li a', { hasText: 'Lasser MIG/MAG' }))).toBe(200);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Je match: 33 %');
    expect(main).toContain('Bewezen met: Lassen basis');
    expect(main).toContain('Vaardigheden die je nog mist (2)');
    expect(main).toContain('essentieel');
    expect(await page.locator('main section[aria-labelledby="vacancy-next"] li').first().textContent()).toMatch(
      /Tekening lezen|Veilig werken VCA/,
    );

    // The suggested badge: what it proves, and for which vacancies it raises her match.
    expect(await go(page, page.locator('main section[aria-labelledby="vacancy-next"] li a', { hasText: 'Tekening lezen' }))).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Tekening lezen');
    const forYou = (await page.locator('main section[aria-labelledby="badge-for-you"]').textContent()) ?? '';
    expect(forYou).toContain('Pijpfitter');
    expect(forYou).toContain('50 % → 100 %');
    expect(forYou).toContain('33 % → 67 %');

    // Her home page now shows the matches and the next badge.
    await openMenu(page);
    expect(await go(page, page.locator('header nav a', { hasText: 'Home' }))).toBe(200);
    const home = page.locator('main section[aria-labelledby="matching-panel"]');
    expect(await home.locator('li a').first().textContent()).toBe('Pijpfitter');
    expect(await home.textContent()).toContain('Badge om als volgende te halen');
    expect(await home.textContent()).toContain('Tekening lezen');
    await checkPage(page, 'home with matches');
  });
});
