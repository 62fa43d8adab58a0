/**
 * The insight pages, exports and JSON API (issue 12) on the generated network of dataset.ts, on
 * both databases: what each view shows (chart as SVG with its description, the table behind it,
 * small cells hidden), Dutch and English, CSV and JSON exports, and who may call what (signed out
 * refused; the region one's own) and bad input (a 400 naming the field, nothing stored lost).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/platform/http/app.ts';
import { defaultWindow, refreshDemand, refreshSupply } from '../../src/insight/rollups.ts';
import { Browser, expectProblem, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Dataset, seedDataset } from './dataset.ts';

const PERIOD = 'from=2026-03-01&to=2026-05-31';

describeEachDatabase('insight pages, exports and API', (ctx) => {
  let app: FastifyInstance;
  let d: Dataset;
  let reader: Awaited<ReturnType<typeof signedInBrowser>>;
  let other: Awaited<ReturnType<typeof signedInBrowser>>;
  let anon: Browser;
  const name = (k: keyof Dataset['skills']) => k;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    d = await seedDataset(ctx());
    await refreshDemand(ctx());
    await refreshSupply(ctx());
    reader = await signedInBrowser(ctx(), app, { name: 'Reader' });
    other = await signedInBrowser(ctx(), app, { name: 'Other' });
    anon = new Browser(app);
  }, 120_000);
  afterAll(async () => app?.close());

  test('demand: the chart as SVG with its title and description, the table behind it, in English and Dutch', async () => {
    const en = await reader.browser.get(`/insight/demand?${PERIOD}`);
    expect(en.statusCode, en.body).toBe(200);
    expect(en.body).toContain('<svg');
    expect(en.body).toContain('Most asked skills');
    expect(en.body).toMatch(/4 skills; most asked: Data analysis [^,]+, in 10 of 21 vacancies\./);
    expect(en.body).toContain('<caption>Most asked skills: the figures</caption>');
    // Drawn wide and narrow (a phone: 340 px, the label above each bar), the stylesheet showing one.
    expect(en.body).toMatch(/<div class="wide"><svg[^>]*width="640"/);
    expect(en.body).toMatch(/<div class="narrow"><svg[^>]*width="340"/);
    expect(en.body.match(/<div class="narrow"><svg/g)?.length).toBe(2);
    expect(en.body).toContain('/insight/export/skills.csv?from=2026-03-01&to=2026-05-31');
    expect(en.body).toContain('Vacancies over time');
    const nl = new Browser(app, 'nl');
    nl.cookies = reader.browser.cookies;
    const page = await nl.get(`/insight/demand?${PERIOD}&lang=nl`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Meest gevraagde vaardigheden');
    expect(page.body).toMatch(/meest gevraagd: Data-analyse [^,]+, in 10 van de 21 vacatures/);
    expect(page.body).not.toContain('Most asked skills');
  });

  test('every page answers with a chart or says there is nothing; emerging, pairs, supply with small cells hidden, gaps with what teaches', async () => {
    const emerging = await reader.browser.get(`/insight/emerging?${PERIOD}`);
    expect(emerging.statusCode).toBe(200);
    expect(emerging.body).toMatch(/2 skills rising; first: Heat pumps/);
    const pairs = await reader.browser.get(`/insight/cooccurrence?${PERIOD}`);
    expect(pairs.body).toMatch(/Most often together: .+ and .+, in 4 vacancies\./);
    const supply = await reader.browser.get(`/insight/supply?${PERIOD}`);
    expect(supply.statusCode).toBe(200);
    expect(supply.body).toContain('not shown');
    expect(supply.body).toMatch(
      /Most held: Data analysis [^,]+, by 7 people; 1 not shown \(fewer than 5 people, or one that would give such a count away\)\./,
    );
    const gaps = await reader.browser.get(`/insight/gaps?${PERIOD}`);
    expect(gaps.statusCode).toBe(200);
    expect(gaps.body).toContain(`href="/insight/badges/${d.badges.y}"`);
    expect(gaps.body).toContain('none yet');
  });

  test('exports: CSV with ids beside names and hidden counts as hidden; JSON in the shape of the API', async () => {
    const csv = await reader.browser.get(`/insight/export/skills.csv?${PERIOD}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('insight-skills-2026-03-01-2026-05-31.csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('skill,skillId,skillUri,vacancies,share');
    expect(lines[1]).toContain(`${d.skills.s1},`);
    expect(lines[1]).toMatch(/,10,47\.6$/);
    const supply = await reader.browser.get(`/insight/export/supply.csv?${PERIOD}`);
    expect(supply.body).toContain(`${d.skills.s2},`);
    expect(supply.body).toMatch(/,hidden\n/);
    const json = await reader.browser.get(`/insight/export/gaps.json?${PERIOD}`);
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expect(body.columns).toEqual(['skill', 'demand', 'supply', 'gap', 'badges', 'pathways', 'themes']);
    expect(body.rows.map((r: { skillId: string; gap: number }) => [r.skillId, r.gap])).toEqual([
      [d.skills.s2, 6],
      [d.skills.s1, 3],
      [d.skills.s4, 3],
    ]);
    for (const view of ['skills', 'trend', 'emerging', 'cooccurrence', 'supply', 'regions', 'gaps'])
      for (const format of ['csv', 'json'])
        expect((await reader.browser.get(`/insight/export/${view}.${format}?${PERIOD}`)).statusCode).toBe(200);
  });

  test('the JSON API serves every view with the filters as read', async () => {
    const skills = await reader.browser.api('GET', `/api/v1/insight/skills?${PERIOD}&province=Utrecht`);
    expect(skills.statusCode, skills.body).toBe(200);
    const body = skills.json();
    expect(body.filters.province).toBe('Utrecht');
    expect(body.rows.map((r: { skillId: string; vacancies: number }) => r.vacancies)).toEqual([10, 4, 3]);
    const trend = (await reader.browser.api('GET', `/api/v1/insight/trend?${PERIOD}`)).json();
    expect(trend.rows.map((r: { vacancies: number }) => r.vacancies)).toEqual([5, 8, 8]);
    const regions = (await reader.browser.api('GET', `/api/v1/insight/regions?skill=${d.skills.s1}`)).json();
    // Utrecht's 5 hidden as well, or the total 7 minus it would tell the hidden 2.
    expect(regions.rows).toEqual([
      { province: '', people: null },
      { province: 'Utrecht', people: null },
    ]);
    for (const view of ['emerging', 'cooccurrence', 'supply', 'gaps'])
      expect((await reader.browser.api('GET', `/api/v1/insight/${view}?${PERIOD}`)).statusCode).toBe(200);
    // In the OpenAPI document, with their filters.
    const paths = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json().paths;
    for (const view of ['skills', 'trend', 'emerging', 'cooccurrence', 'supply', 'regions', 'gaps'])
      expect(paths[`/api/v1/insight/${view}`].get.parameters.map((p: { name: string }) => p.name)).toContain('province');
    for (const path of [
      '/api/v1/insight/region',
      '/api/v1/insight/reports',
      '/api/v1/insight/reports/{id}',
      '/api/v1/insight/organisations/{slug}/badges',
    ])
      expect(paths[path]).toBeDefined();
  });

  test('skills that go together over the default dates (added up at the refresh) answer as the same months asked otherwise', async () => {
    const { from, to } = defaultWindow(new Date());
    const fast = (await reader.browser.api('GET', '/api/v1/insight/cooccurrence')).json();
    expect([fast.filters.from, fast.filters.to]).toEqual([from, to]);
    // A day less is the same months (pairs are counted by month) but not the default dates: added up per request.
    const dayBefore = new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const slow = (await reader.browser.api('GET', `/api/v1/insight/cooccurrence?from=${from}&to=${dayBefore}`)).json();
    expect(fast.rows).toEqual(slow.rows);
    const utrecht = (await reader.browser.api('GET', '/api/v1/insight/cooccurrence?province=Utrecht')).json();
    expect(utrecht.rows).toEqual(
      (await reader.browser.api('GET', `/api/v1/insight/cooccurrence?province=Utrecht&from=${from}&to=${dayBefore}`)).json().rows,
    );
    if (from <= '2026-03-01' && to >= '2026-05-31') expect(fast.rows.map((r: { vacancies: number }) => r.vacancies)).toEqual([4]);
  });

  test('signed out: pages send to sign-in, exports and the API answer 401', async () => {
    for (const url of ['/insight', '/insight/demand', '/insight/gaps', '/insight/region']) {
      const r = await anon.get(url);
      expect([302, 303]).toContain(r.statusCode);
      expect(String(r.headers.location)).toMatch(/^\/signin/);
    }
    expectProblem(await anon.api('GET', '/api/v1/insight/skills'), 401);
    expectProblem(await anon.api('GET', '/api/v1/insight/region'), 401);
    const exported = await app.inject({ method: 'GET', url: '/insight/export/skills.csv', headers: { accept: 'application/json' } });
    expect(exported.statusCode).toBe(401);
    const refresh = await anon.post('/insight/refresh');
    expect([302, 303, 401, 403]).toContain(refresh.statusCode);
  });

  test('bad filters: a 400 naming the field on the page, the export and the API', async () => {
    const page = await reader.browser.get('/insight/demand?from=2026-13-01&province=Bavaria');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('Give the date as YYYY-MM-DD.');
    expect(page.body).toMatch(/Bavaria(&quot;|&#34;|")? is not a province of the Netherlands\./);
    expect(page.body).toMatch(/href="#(field-)?from"/);
    const api = expectProblem(await reader.browser.api('GET', '/api/v1/insight/gaps?interval=day'), 400);
    expect(JSON.stringify(api)).toContain('"field":"interval"');
    const limit = expectProblem(await reader.browser.api('GET', '/api/v1/insight/skills?limit=0'), 400);
    expect(JSON.stringify(limit)).toContain('"field":"limit"');
    const skill = expectProblem(await reader.browser.api('GET', '/api/v1/insight/skills?skill=nonsense'), 400);
    expect(JSON.stringify(skill)).toContain('"field":"skill"');
    const exp = await reader.browser.api('GET', '/insight/export/skills.xml');
    expect(exp.statusCode).toBe(400);
    expect(exp.body).toContain('format');
    const period = expectProblem(await reader.browser.api('GET', '/api/v1/insight/trend?from=2026-05-01&to=2026-04-01'), 400);
    expect(JSON.stringify(period)).toContain('"field":"from"');
    expect((await reader.browser.get('/insight/export/nothing.csv')).statusCode).toBe(404);
  });

  test('the skill and occupation pickers: type a few letters, choose by name (Dutch and English), remove; no script needed', async () => {
    const occupation = await ctx()
      .db.insertInto('occupations')
      .values({ name: JSON.stringify({ nl: 'Lasser', en: 'Welder' }), description: '{}', alt_labels: '{}' } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const nl = new Browser(app, 'nl');
    nl.cookies = reader.browser.cookies;
    // Typed, not chosen: the matches as radio buttons named as the filter, in the page's language.
    const found = await nl.get(`/insight/demand?${PERIOD}&skillSearch=lass&lang=nl`);
    expect(found.statusCode).toBe(200);
    expect(found.body).toMatch(/<input type="radio" name="skill" id="skill-[^"]+" value="([^"]+)"/);
    const value = found.body.match(/<input type="radio" name="skill" id="skill-[^"]+" value="([^"]+)"/)?.[1];
    expect(value).toBe(d.skills.s2);
    expect(found.body).toContain('Lassen');
    expect(found.body).toContain('Gevonden voor ‘lass’');
    expect(found.body).toMatch(/<details class="panel filters" open/);
    // Chosen: shown by its name with a link that removes it (the other filters kept), the figures for it.
    const chosen = await nl.get(`/insight/demand?${PERIOD}&skill=${d.skills.s2}&skillSearch=lass&lang=nl`);
    expect(chosen.statusCode).toBe(200);
    expect(chosen.body).toContain(`<input type="hidden" name="skill" value="${d.skills.s2}"/>`);
    expect(chosen.body).toMatch(/<strong>Lassen [^<]+<\/strong>/);
    expect(chosen.body).toContain('Weghalen<span class="visually-hidden">: vaardigheid ‘Lassen');
    const remove = chosen.body.match(/<a href="([^"]+)" class="picker-remove">/)?.[1]?.replaceAll('&amp;', '&') ?? '';
    expect(remove).toContain('from=2026-03-01');
    expect(remove).not.toContain('skill=');
    expect(chosen.body).not.toContain('type="radio"');
    // Nothing found: said so.
    const none = await reader.browser.get(`/insight/demand?${PERIOD}&skillSearch=zzzqqq`);
    expect(none.body).toContain('Nothing found for ‘zzzqqq’');
    // Occupations the same way, in English.
    const occ = await reader.browser.get(`/insight/demand?${PERIOD}&occupationSearch=weld`);
    expect(occ.body).toContain(`value="${occupation.id}"`);
    expect(occ.body).toContain('Welder');
    const occChosen = await reader.browser.get(`/insight/demand?${PERIOD}&occupation=${occupation.id}`);
    expect(occChosen.statusCode).toBe(200);
    expect(occChosen.body).toContain('<strong>Welder</strong>');
    expect(occChosen.body).toContain('Remove<span class="visually-hidden">: occupation ‘Welder’');
    // Signed out: to sign-in, nothing searched.
    const out = await anon.get('/insight/demand?skillSearch=lass');
    expect([302, 303]).toContain(out.statusCode);
  });

  test('the pickers refuse bad input with a 400 naming the field, keeping what was chosen', async () => {
    const long = await reader.browser.get(
      `/insight/demand?${PERIOD}&skill=${d.skills.s2}&skillSearch=x&occupationSearch=${'a'.repeat(201)}`,
    );
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Search with at most 200 characters.');
    expect(long.body).toMatch(/href="#(field-)?occupationSearch"/);
    // The skill chosen stays chosen.
    expect(long.body).toContain(`<input type="hidden" name="skill" value="${d.skills.s2}"/>`);
    const unknown = await reader.browser.get(`/insight/supply?${PERIOD}&skill=00000000-0000-4000-8000-000000000000&province=Utrecht`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatch(/is not a skill of the library/);
    expect(unknown.body).toContain('id="skillSearch"');
    const occupation = await reader.browser.get(`/insight/demand?occupation=nonsense`);
    expect(occupation.statusCode).toBe(400);
    expect(occupation.body).toContain('id="occupationSearch"');
    expect(occupation.body).toMatch(/aria-invalid="true"/);
  });

  test('one’s region: set, read back, not seen by another person, bad input refused with nothing lost', async () => {
    const saved = await reader.browser.post('/insight/region', { municipality: 'Oss', province: 'Noord-Brabant' });
    expect(saved.statusCode).toBe(303);
    expect((await reader.browser.api('GET', '/api/v1/insight/region')).json()).toEqual({ municipality: 'Oss', province: 'Noord-Brabant' });
    expect((await other.browser.api('GET', '/api/v1/insight/region')).json()).toEqual({ municipality: '', province: '' });
    const bad = await reader.browser.post('/insight/region', { municipality: 'Oss', province: 'Bavaria' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not a province of the Netherlands');
    const badApi = expectProblem(await reader.browser.api('PUT', '/api/v1/insight/region', { province: 'Bavaria' }), 400);
    expect(JSON.stringify(badApi)).toContain('"field":"province"');
    expect((await reader.browser.api('GET', '/api/v1/insight/region')).json()).toEqual({ municipality: 'Oss', province: 'Noord-Brabant' });
    const put = await reader.browser.api('PUT', '/api/v1/insight/region', { municipality: '', province: '' });
    expect(put.json()).toEqual({ municipality: '', province: '' });
    expect(name('s1')).toBe('s1');
  });

  test('only the operator may ask for a recount', async () => {
    const r = await reader.browser.post('/insight/refresh');
    expect(r.statusCode).toBe(403);
  });
});
