/**
 * Published reports and the joined-up views of insight (issue 12), on both databases:
 * - an analyst assembles charts (views with their filters) and text (nl + en) into a report, a
 *   draft seen only by the organisation's analysts, published to the network (signed in) or
 *   publicly; another organisation, a plain member and signed-out readers are refused; bad input
 *   names the field and loses nothing stored;
 * - on a community theme, the theme's skills rising in demand, and a facilitator puts one on the
 *   next session's agenda (a member may not);
 * - an issuer sees the demand for the skills of each of its badges (not another organisation).
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addMember, createOrganisation, getCurrentUser, type CurrentUser } from '../../src/accounts/api.ts';
import { createTheme } from '../../src/communities/themes.ts';
import { badgeDemand, risingForTheme } from '../../src/insight/joined.ts';
import { refreshDemand, refreshSupply } from '../../src/insight/rollups.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, expectProblem, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Dataset, insertVacancies, seedDataset } from './dataset.ts';

type Signed = Awaited<ReturnType<typeof signedInBrowser>>;

describeEachDatabase('insight reports and the joined-up views', (ctx) => {
  let app: FastifyInstance;
  let d: Dataset;
  let slug: string;
  let otherSlug: string;
  let analyst: Signed;
  let owner: Signed;
  let member: Signed;
  let stranger: Signed;
  let otherAnalyst: Signed;
  let anon: Browser;
  let facilitator: Signed;
  let communityMember: Signed;
  let communityId = '';
  let themeId: string;
  let sessionId: string;

  const monthsAgo = (n: number, day = 5) => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, day)).toISOString().slice(0, 10);
  };

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    d = await seedDataset(ctx());
    // Recent demand for the theme's skill s3: 6 vacancies this month and last, 1 in the three months before.
    await insertVacancies(ctx(), d.organisationId, [
      ...Array.from({ length: 6 }, () => ({ day: monthsAgo(0, 1), municipality: 'Oss', province: 'Noord-Brabant', skills: [d.skills.s3] })),
      { day: monthsAgo(4), municipality: 'Oss', province: 'Noord-Brabant', skills: [d.skills.s3] },
    ]);
    await refreshDemand(ctx());
    await refreshSupply(ctx());
    const tag = Math.random().toString(36).slice(2, 8);
    slug = `city-${tag}`;
    otherSlug = `elsewhere-${tag}`;
    const city = await createOrganisation(ctx().db, { slug, name: 'City', kind: 'network', description: 'x' });
    const elsewhere = await createOrganisation(ctx().db, { slug: otherSlug, name: 'Elsewhere', kind: 'network', description: 'x' });
    analyst = await signedInBrowser(ctx(), app, { name: 'Analyst' });
    owner = await signedInBrowser(ctx(), app, { name: 'Owner' });
    member = await signedInBrowser(ctx(), app, { name: 'Member' });
    stranger = await signedInBrowser(ctx(), app, { name: 'Stranger' });
    otherAnalyst = await signedInBrowser(ctx(), app, { name: 'Other analyst' });
    await addMember(ctx().db, city.id, analyst.userId, 'analyst');
    await addMember(ctx().db, city.id, owner.userId, 'owner');
    await addMember(ctx().db, city.id, member.userId, 'member');
    await addMember(ctx().db, elsewhere.id, otherAnalyst.userId, 'analyst');
    anon = new Browser(app);

    // A community of the city with a theme on s3 and s4, a facilitator, a member and a session next week.
    facilitator = await signedInBrowser(ctx(), app, { name: 'Facilitator' });
    communityMember = await signedInBrowser(ctx(), app, { name: 'Community member' });
    const community = await ctx()
      .db.insertInto('communities')
      .values({
        organisation_id: city.id,
        slug: `community-${tag}`,
        name: 'Heat pump installers',
        purpose: 'Learning together.',
        visibility: 'open',
        feed_token: `feed-token-${tag}-000000000000`,
        created_by: facilitator.userId,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [who, role] of [
      [facilitator, 'facilitator'],
      [communityMember, 'member'],
    ] as const)
      await ctx()
        .db.insertInto('community_members')
        .values({ community_id: community.id, user_id: who.userId, role, status: 'active', angle: null, joined_at: new Date() } as never)
        .execute();
    communityId = community.id;
    const fac = (await getCurrentUser(ctx().db, facilitator.userId)) as CurrentUser;
    const theme = await createTheme(ctx(), fac, community.id, { title: 'Heat pumps', skills: [d.skills.s3, d.skills.s4] });
    themeId = theme.id;
    sessionId = (
      await ctx()
        .db.insertInto('community_sessions')
        .values({
          community_id: community.id,
          theme_id: theme.id,
          kind: 'community',
          title: 'Next meet-up',
          description: '',
          template: null,
          starts_at: new Date(Date.now() + 7 * 86_400_000),
          ends_at: new Date(Date.now() + 7 * 86_400_000 + 7_200_000),
          time_zone: 'Europe/Amsterdam',
          place: null,
          online_url: null,
          capacity: null,
          cancelled_at: null,
          created_by: facilitator.userId,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }, 180_000);
  afterAll(async () => app?.close());

  const reportCount = async () => Number((await sql<{ n: string }>`select count(*) as n from insight_reports`.execute(ctx().db)).rows[0].n);

  test('an analyst assembles a report: a draft nobody else reads, then published to the network, then publicly', async () => {
    const created = await analyst.browser.post(`/organisations/${slug}/insight/reports`, {
      titleNl: 'Vraag in de regio',
      titleEn: 'Demand in the region',
    });
    expect(created.statusCode, created.body).toBe(303);
    const edit = String(created.headers.location);
    const id = /reports\/([0-9a-f-]{36})\/edit/.exec(edit)?.[1] as string;
    expect(id).toBeTruthy();
    const saved = await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/edit`, {
      titleNl: 'Vraag in de regio',
      titleEn: 'Demand in the region',
      bodyNl: 'Lassen wordt veel gevraagd.\n\nTweede alinea.',
      bodyEn: 'Welding is in demand.\n\nSecond paragraph.',
      visibility: 'draft',
    });
    expect(saved.statusCode).toBe(303);
    // A chart from the address of a view page, filters and all; the period stays as it was added.
    const chart = await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/charts`, {
      view: 'skills',
      filters: 'http://localhost/insight/demand?from=2026-03-01&to=2026-05-31&province=Utrecht',
      textNl: 'In Utrecht vooral data-analyse.',
      textEn: 'In Utrecht mostly data analysis.',
    });
    expect(chart.statusCode, chart.body).toBe(303);
    await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/charts`, {
      view: 'gaps',
      filters: '?from=2026-03-01&to=2026-05-31',
    });

    const mine = await analyst.browser.get(`/insight/reports/${id}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain('Demand in the region');
    expect(mine.body).toContain('<p>Welding is in demand.</p>');
    expect(mine.body).toContain('In Utrecht mostly data analysis.');
    expect(mine.body).toContain('<svg');
    expect(mine.body).toMatch(/3 skills; most asked: Data analysis [^,]+, in 10 of \d+ vacancies/);
    expect((await owner.browser.get(`/insight/reports/${id}`)).statusCode).toBe(200);
    // The draft: a 404 to a member, another organisation's analyst, a stranger, signed out; not listed.
    for (const who of [member, otherAnalyst, stranger]) expect((await who.browser.get(`/insight/reports/${id}`)).statusCode).toBe(404);
    expect((await anon.get(`/insight/reports/${id}`)).statusCode).toBe(404);
    expectProblem(await stranger.browser.api('GET', `/api/v1/insight/reports/${id}`), 404);
    expect((await stranger.browser.get('/insight/reports')).body).not.toContain(id);

    // Published to the network: signed-in readers, in Dutch too; signed out still not.
    await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/edit`, {
      titleNl: 'Vraag in de regio',
      titleEn: 'Demand in the region',
      bodyNl: 'Lassen wordt veel gevraagd.',
      bodyEn: 'Welding is in demand.',
      visibility: 'network',
    });
    expect((await stranger.browser.get(`/insight/reports/${id}`)).statusCode).toBe(200);
    expect((await stranger.browser.get('/insight/reports')).body).toContain(`/insight/reports/${id}`);
    const nl = new Browser(app, 'nl');
    nl.cookies = stranger.browser.cookies;
    const dutch = await nl.get(`/insight/reports/${id}?lang=nl`);
    expect(dutch.body).toContain('Vraag in de regio');
    expect(dutch.body).toContain('In Utrecht vooral data-analyse.');
    expect(dutch.body).toContain('Meest gevraagde vaardigheden');
    const signedOut = await anon.get(`/insight/reports/${id}`);
    expect([302, 303, 401]).toContain(signedOut.statusCode);
    expect((await anon.get('/insight/reports')).body).not.toContain(id);
    const json = (await stranger.browser.api('GET', `/api/v1/insight/reports/${id}`)).json();
    expect(json.title).toEqual({ en: 'Demand in the region', nl: 'Vraag in de regio' });
    expect(json.charts.map((c: { view: string }) => c.view)).toEqual(['skills', 'gaps']);
    expect(json.charts[0].filters).toContain('province=Utrecht');
    expect(json.charts[0].rows.map((r: { vacancies: number }) => r.vacancies)).toEqual([10, 4, 3]);

    // Publicly: signed out too, in the list and the API.
    await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/edit`, {
      titleNl: 'Vraag in de regio',
      titleEn: 'Demand in the region',
      visibility: 'public',
    });
    expect((await anon.get(`/insight/reports/${id}`)).statusCode).toBe(200);
    expect((await anon.get('/insight/reports')).body).toContain(`/insight/reports/${id}`);
    expect((await anon.api('GET', '/api/v1/insight/reports')).json().items.map((r: { id: string }) => r.id)).toContain(id);
  });

  test('only the organisation’s analysts, owners and admins write its reports', async () => {
    const before = await reportCount();
    for (const who of [member, otherAnalyst, stranger]) {
      expect((await who.browser.get(`/organisations/${slug}/insight/reports`)).statusCode).toBe(403);
      expect((await who.browser.post(`/organisations/${slug}/insight/reports`, { titleNl: 'Nee' })).statusCode).toBe(403);
    }
    const signedOut = await anon.post(`/organisations/${slug}/insight/reports`, { titleNl: 'Nee' });
    expect([302, 303, 401, 403]).toContain(signedOut.statusCode);
    expect(await reportCount()).toBe(before);
    // Another organisation's analyst cannot reach this one's report through their own organisation.
    const created = await analyst.browser.post(`/organisations/${slug}/insight/reports`, { titleNl: 'Alleen van ons' });
    const id = /reports\/([0-9a-f-]{36})\//.exec(String(created.headers.location))?.[1] as string;
    expect((await otherAnalyst.browser.get(`/organisations/${otherSlug}/insight/reports/${id}/edit`)).statusCode).toBe(404);
    const hijack = await otherAnalyst.browser.post(`/organisations/${otherSlug}/insight/reports/${id}/edit`, {
      titleNl: 'Van ons',
      visibility: 'public',
    });
    expect(hijack.statusCode).toBe(404);
    const added = await otherAnalyst.browser.post(`/organisations/${otherSlug}/insight/reports/${id}/charts`, { view: 'skills' });
    expect(added.statusCode).toBe(404);
    expect((await owner.browser.get(`/organisations/${slug}/insight/reports/${id}/edit`)).statusCode).toBe(200);
    // "Add to a report" under a chart lists the analyst's drafts, not to others.
    const add = await analyst.browser.get('/insight/reports/add?view=trend&from=2026-03-01&to=2026-05-31');
    expect(add.statusCode).toBe(200);
    expect(add.body).toContain(`/organisations/${slug}/insight/reports/${id}/charts`);
    expect((await stranger.browser.get('/insight/reports/add?view=trend')).body).not.toContain(id);
    expect((await analyst.browser.get(`/insight/demand?from=2026-03-01&to=2026-05-31`)).body).toContain('/insight/reports/add?view=skills');
    expect((await stranger.browser.get(`/insight/demand?from=2026-03-01&to=2026-05-31`)).body).not.toContain('/insight/reports/add');
  });

  test('bad input: a 400 naming the field, nothing stored lost', async () => {
    const noTitle = await analyst.browser.post(`/organisations/${slug}/insight/reports`, { titleNl: '  ', titleEn: '' });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.body).toMatch(/href="#titleNl"/);
    const created = await analyst.browser.post(`/organisations/${slug}/insight/reports`, { titleEn: 'Kept' });
    const id = /reports\/([0-9a-f-]{36})\//.exec(String(created.headers.location))?.[1] as string;
    const badVisibility = await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/edit`, {
      titleEn: 'Changed',
      visibility: 'everyone',
    });
    expect(badVisibility.statusCode).toBe(400);
    expect(badVisibility.body).toMatch(/href="#visibility"/);
    const tooLong = await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/edit`, {
      titleEn: 'x'.repeat(201),
      visibility: 'draft',
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toMatch(/href="#titleEn"/);
    const badView = await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/charts`, { view: 'pie' });
    expect(badView.statusCode).toBe(400);
    expect(badView.body).toMatch(/href="#view"/);
    const badFilters = await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/charts`, {
      view: 'skills',
      filters: '/insight/demand?from=2026-13-01',
    });
    expect(badFilters.statusCode).toBe(400);
    expect(badFilters.body).toMatch(/href="#filters"/);
    expect(badFilters.body).toContain('Give the date as YYYY-MM-DD.');
    const row = (
      await sql<{ title_en: string; visibility: string }>`select title_en, visibility from insight_reports where id = ${id}`.execute(
        ctx().db,
      )
    ).rows[0];
    expect(row).toEqual({ title_en: 'Kept', visibility: 'draft' });
    expect(
      Number(
        (await sql<{ n: string }>`select count(*) as n from insight_report_charts where report_id = ${id}`.execute(ctx().db)).rows[0].n,
      ),
    ).toBe(0);
    expect((await analyst.browser.get('/insight/reports/not-a-uuid')).statusCode).toBe(404);
    expect((await analyst.browser.post(`/organisations/${slug}/insight/reports/${id}/charts/not-a-uuid/remove`)).statusCode).toBe(404);
    expect((await analyst.browser.get('/insight/reports/add?view=pie')).statusCode).toBe(400);
  });

  test('a theme shows its skills rising in demand; its facilitator puts one on the next session’s agenda, a member may not', async () => {
    const rising = await risingForTheme(ctx(), [d.skills.s3, d.skills.s4], 'en');
    expect(rising.map((r) => [r.skillId, r.vacancies, r.before])).toEqual([[d.skills.s3, 6, 1]]);
    const page = await facilitator.browser.get(`/communities/themes/${themeId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rising in demand');
    // Neither the community nor its organisation has a region: the page says the figures are the network's.
    expect(page.body).toContain('The figures are for the vacancies of the whole network');
    expect(page.body).toMatch(/Heat pumps [^<]+<\/a><\/strong> 6 vacancies, against 1 before\./);
    expect(page.body).toContain(`/communities/themes/${themeId}/insight-agenda`);
    const asMember = await communityMember.browser.get(`/communities/themes/${themeId}`);
    expect(asMember.body).toContain('Rising in demand');
    expect(asMember.body).not.toContain('insight-agenda');

    const refused = await communityMember.browser.post(`/communities/themes/${themeId}/insight-agenda`, { skill: d.skills.s3 });
    expect([403, 404]).toContain(refused.statusCode);
    const outsider = await stranger.browser.post(`/communities/themes/${themeId}/insight-agenda`, { skill: d.skills.s3 });
    expect([403, 404]).toContain(outsider.statusCode);
    const notInTheme = await facilitator.browser.post(`/communities/themes/${themeId}/insight-agenda`, { skill: d.skills.s1 });
    expect(notInTheme.statusCode).toBe(303);
    expect(decodeURIComponent(String(notInTheme.headers['set-cookie']))).toContain('the theme’s skills');
    const agenda = async () =>
      (await sql<{ title: string }>`select title from community_agenda_items where session_id = ${sessionId}`.execute(ctx().db)).rows.map(
        (r) => r.title,
      );
    expect(await agenda()).toEqual([]);
    const added = await facilitator.browser.post(`/communities/themes/${themeId}/insight-agenda`, { skill: d.skills.s3 });
    expect(added.statusCode).toBe(303);
    expect(String(added.headers.location)).toBe(`/communities/themes/${themeId}#insight-rising`);
    expect(await agenda()).toEqual([expect.stringMatching(/^Rising in demand: Heat pumps/)]);

    // The community in a region (its form sets it): the figures are its region's, and the page says so.
    // All of s3's recent vacancies are in Oss (Noord-Brabant): rising there, not in Utrecht.
    const setRegion = (province: string | null, municipality: string | null) =>
      sql`update communities set province = ${province}, municipality = ${municipality} where id = ${communityId}`.execute(ctx().db);
    await setRegion('Noord-Brabant', 'Oss');
    const oss = await communityMember.browser.get(`/communities/themes/${themeId}`);
    expect(oss.body).toContain('The figures are for the vacancies in Oss, Noord-Brabant, this community’s region.');
    expect(oss.body).toMatch(/Heat pumps [^<]+<\/a><\/strong> 6 vacancies, against 1 before\./);
    await setRegion('Utrecht', null);
    const utrecht = await communityMember.browser.get(`/communities/themes/${themeId}`);
    expect(utrecht.body).toContain('The figures are for the vacancies in Utrecht, this community’s region.');
    expect(utrecht.body).toContain('None of this theme’s skills is rising in demand at the moment.');
    await setRegion(null, null);
  });

  test('an issuer sees the demand for the skills of each of its badges; nobody outside the organisation', async () => {
    const result = await badgeDemand(ctx(), d.issuer, d.issuerSlug, 'en', new Date('2026-06-15T12:00:00Z'));
    const bySkill = Object.fromEntries(result.badges.map((b) => [b.id, b.skills.map((s) => s.vacancies)]));
    // Last 12 months (July 2025 … June 2026): s1 12 (10 + 2 in the winter), s2 12, s3 5.
    expect(bySkill[d.badges.x]).toEqual([12]);
    expect(bySkill[d.badges.y]).toEqual([12]);
    expect(bySkill[d.badges.z]).toEqual([5]);
    const issuer = new Browser(app);
    const { createSession, SESSION_COOKIE } = await import('../../src/accounts/api.ts');
    issuer.cookies.set(SESSION_COOKIE, (await createSession(ctx().db, d.issuer.id)).token);
    const page = await issuer.get(`/organisations/${d.issuerSlug}/insight/badges`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/achievements/${d.badges.x}`);
    expect(page.body).toContain(`/insight/demand?skill=${d.skills.s1}`);
    const api = await issuer.api('GET', `/api/v1/insight/organisations/${d.issuerSlug}/badges`);
    expect(api.statusCode).toBe(200);
    expect(api.json().badges).toHaveLength(3);
    expect((await stranger.browser.get(`/organisations/${d.issuerSlug}/insight/badges`)).statusCode).toBe(403);
    expectProblem(await analyst.browser.api('GET', `/api/v1/insight/organisations/${d.issuerSlug}/badges`), 403);
    expectProblem(await anon.api('GET', `/api/v1/insight/organisations/${d.issuerSlug}/badges`), 401);
  });
});
