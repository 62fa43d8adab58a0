import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { importBadge } from '../../src/backpack/imports.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { insertEscoSkills } from '../skills/library/helpers.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { ElsewhereIssuer } from './badges.ts';
import { cookieOf, earner, issuerFor } from './support.ts';

const itemIds = (html: string) => [...html.matchAll(/href="\/backpack\/items\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
const collectionIds = (html: string) => [...html.matchAll(/href="\/backpack\/collections\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

describeEachDatabase('collections and the skills profile', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  async function withBadges(names: string[]) {
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    for (const name of names) await org.issue(me.email, { name });
    const ids = itemIds((await me.browser.get('/backpack')).body);
    return { me, org, ids };
  }

  test('a collection is made, filled, ordered, changed and deleted; a deleted badge leaves it', async () => {
    const { me, ids } = await withBadges(['First', 'Second', 'Third']);
    const created = await me.browser.post('/backpack/collections', { name: 'For my application', description: 'Welding work' });
    expect(created.statusCode).toBe(303);
    const id = /\/backpack\/collections\/([0-9a-f-]{36})/.exec(created.headers.location as string)?.[1] as string;
    for (const item of ids) expect((await me.browser.post(`/backpack/collections/${id}/items`, { item })).statusCode).toBe(303);
    // Twice is once.
    await me.browser.post(`/backpack/collections/${id}/items`, { item: ids[0] });
    let page = await me.browser.get(`/backpack/collections/${id}`);
    expect(itemIds(page.body.split('id="edit"')[0]).filter((x, i, a) => a.indexOf(x) === i)).toEqual(ids);
    expect(page.body).toContain('>private<');

    await me.browser.post(`/backpack/collections/${id}/items/move`, { item: ids[2], direction: 'up' });
    await me.browser.post(`/backpack/collections/${id}/items/move`, { item: ids[0], direction: 'up' }); // already first: stays
    page = await me.browser.get(`/backpack/collections/${id}`);
    const order = itemIds(page.body.split('id="edit"')[0]).filter((x, i, a) => a.indexOf(x) === i);
    expect(order).toEqual([ids[0], ids[2], ids[1]]);

    await me.browser.post(`/backpack/collections/${id}/items/remove`, { item: ids[2] });
    await me.browser.post(`/backpack/items/${ids[1]}/delete`);
    page = await me.browser.get(`/backpack/collections/${id}`);
    expect(itemIds(page.body.split('<select')[0])).toEqual([ids[0]]);

    expect((await me.browser.post(`/backpack/collections/${id}`, { name: 'Renamed', isPublic: 'on' })).statusCode).toBe(303);
    const list = await me.browser.get('/backpack/collections');
    expect(list.body).toContain('Renamed');
    expect(list.body).toContain('>public<');
    expect((await me.browser.post(`/backpack/collections/${id}/delete`)).statusCode).toBe(303);
    expect(collectionIds((await me.browser.get('/backpack/collections')).body)).toEqual([]);
    // The badges stay.
    expect(itemIds((await me.browser.get('/backpack')).body)).toEqual(expect.arrayContaining([ids[0], ids[2]]));
  });

  test('collections are ordered among themselves', async () => {
    const me = await earner(ctx(), app);
    for (const name of ['A', 'B', 'C']) await me.browser.post('/backpack/collections', { name });
    let ids = collectionIds((await me.browser.get('/backpack/collections')).body);
    await me.browser.post(`/backpack/collections/${ids[2]}/move`, { direction: 'up' });
    await me.browser.post(`/backpack/collections/${ids[2]}/move`, { direction: 'up' });
    const after = collectionIds((await me.browser.get('/backpack/collections')).body);
    expect(after).toEqual([ids[2], ids[0], ids[1]]);
    ids = after;
    expect((await me.browser.post(`/backpack/collections/${ids[0]}/move`, { direction: 'sideways' })).statusCode).toBe(400);
  });

  test('bad input names the field and stores nothing', async () => {
    const { me, ids } = await withBadges(['Only']);
    const empty = await me.browser.post('/backpack/collections', { name: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="name-error"');
    const long = await me.browser.post('/backpack/collections', { name: 'x'.repeat(101), description: 'y'.repeat(1001) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('id="description-error"');
    expect(collectionIds((await me.browser.get('/backpack/collections')).body)).toEqual([]);
    await me.browser.post('/backpack/collections', { name: 'Kept' });
    const [id] = collectionIds((await me.browser.get('/backpack/collections')).body);
    const json = await app.inject({
      method: 'POST',
      url: `/backpack/collections/${id}`,
      headers: { cookie: cookieOf(me.browser), 'x-csrf-token': me.browser.csrf, accept: 'application/json' },
      payload: { name: '' },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ field: 'name' });
    expect((await me.browser.get(`/backpack/collections/${id}`)).body).toContain('<h1>Kept</h1>');
    expect((await me.browser.post(`/backpack/collections/${id}/items`, { item: 'nope' })).statusCode).toBe(404);
    expect((await me.browser.post(`/backpack/collections/${id}/items/move`, { item: ids[0], direction: 'up' })).statusCode).toBe(404);
  });

  test('signed out or another person: nothing to read or change', async () => {
    const { me, ids } = await withBadges(['Private badge']);
    await me.browser.post('/backpack/collections', { name: 'Secret collection' });
    const [id] = collectionIds((await me.browser.get('/backpack/collections')).body);
    await me.browser.post(`/backpack/collections/${id}/items`, { item: ids[0] });

    const stranger = new Browser(app);
    expect((await stranger.get('/backpack/collections')).headers.location).toMatch(/^\/signin/);
    expect((await stranger.get(`/backpack/collections/${id}`)).headers.location).toMatch(/^\/signin/);
    expect((await stranger.get('/backpack/skills')).headers.location).toMatch(/^\/signin/);
    expect((await stranger.post(`/backpack/collections/${id}/delete`)).statusCode).toBe(401);
    expect((await stranger.post('/backpack/collections', { name: 'x' })).statusCode).toBe(401);

    const other = await signedInBrowser(ctx(), app);
    expect((await other.browser.get(`/backpack/collections/${id}`)).statusCode).toBe(404);
    expect((await other.browser.post(`/backpack/collections/${id}`, { name: 'Mine now' })).statusCode).toBe(404);
    expect((await other.browser.post(`/backpack/collections/${id}/delete`)).statusCode).toBe(404);
    expect((await other.browser.post(`/backpack/collections/${id}/move`, { direction: 'up' })).statusCode).toBe(404);
    expect((await other.browser.post(`/backpack/collections/${id}/items/remove`, { item: ids[0] })).statusCode).toBe(404);
    // Nor can they put my badge in a collection of theirs.
    await other.browser.post('/backpack/collections', { name: 'Theirs' });
    const [theirs] = collectionIds((await other.browser.get('/backpack/collections')).body);
    expect((await other.browser.post(`/backpack/collections/${theirs}/items`, { item: ids[0] })).statusCode).toBe(404);
    expect((await other.browser.get('/backpack/collections')).body).not.toContain('Secret collection');
    expect((await other.browser.api('GET', '/api/v1/backpack/collections')).json()).toEqual({
      collections: [expect.objectContaining({ name: 'Theirs' })],
    });
    const page = await me.browser.get(`/backpack/collections/${id}`);
    expect(page.body).toContain('<h1>Secret collection</h1>');
    expect(page.body).toContain('Private badge');
  });

  test('the skills profile groups the skills of accepted badges by the library’s hierarchy, each with its badges', async () => {
    const esco = await insertEscoSkills(ctx(), [
      { uri: 'http://data.europa.eu/esco/skill/weld-metal', name: { en: 'weld metal', nl: 'metaal lassen' } },
      { uri: 'http://data.europa.eu/esco/skill/bake-bread', name: { en: 'bake bread', nl: 'brood bakken' } },
    ]);
    const group = await ctx()
      .db.insertInto('skills')
      .values({
        source: 'esco',
        kind: 'group',
        external_uri: `http://data.europa.eu/esco/skill/group-${Math.random()}`,
        code: 'S6.1',
        skill_type: 'group',
        name: JSON.stringify({ en: 'working with metal', nl: 'werken met metaal' }),
        statement: '{}',
        scope_note: '{}',
        alt_labels: '{}',
        hidden_labels: '{}',
        keywords: '{}',
        categories: '[]',
        standards: '[]',
        certifications: '[]',
        employers: '[]',
        alignments: '[]',
        occupations: '[]',
        status: 'published',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx()
      .db.insertInto('skill_broader')
      .values({ skill_id: esco['http://data.europa.eu/esco/skill/weld-metal'], broader_id: group.id })
      .execute();
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    await org.issue(me.email, { name: 'Welding 1', skills: [esco['http://data.europa.eu/esco/skill/weld-metal']] });
    await org.issue(me.second, { name: 'Welding 2', skills: [esco['http://data.europa.eu/esco/skill/weld-metal']] });
    await org.issue(me.email, { name: 'Not accepted', skills: [esco['http://data.europa.eu/esco/skill/bake-bread']] });
    // An imported badge aligned to a skill by its ESCO URI (bake bread), and one unknown to the library.
    const elsewhere = await ElsewhereIssuer.create();
    const imported = await importBadge(ctx(), me.userId, { text: JSON.stringify(await elsewhere.signed(me.email, 'Bakery badge')) });

    const list = (await me.browser.api('GET', '/api/v1/backpack/items')).json().items as { id: string; name: string }[];
    for (const item of list.filter((i) => i.name !== 'Not accepted'))
      await me.browser.post(`/backpack/items/${item.id}/state`, { state: 'accepted' });

    const page = await me.browser.get('/backpack/skills');
    expect(page.statusCode).toBe(200);
    const metal = page.body.indexOf('<h2>working with metal</h2>');
    expect(metal).toBeGreaterThan(-1);
    const weld = page.body.slice(metal).split('</section>')[0];
    expect(weld).toContain(`/skills/${esco['http://data.europa.eu/esco/skill/weld-metal']}`);
    expect(weld).toContain('proven by 2 badges');
    expect(weld).toContain('Welding 1');
    expect(weld).toContain('Welding 2');
    const other = page.body.slice(page.body.indexOf('<h2>Other skills</h2>')).split('</section>')[0];
    expect(other).toContain('bake bread');
    expect(other).toContain(`/backpack/items/${imported.id}`);
    expect(page.body).not.toContain('Not accepted');

    const nl = new Browser(app, 'nl');
    nl.cookies = me.browser.cookies;
    const dutch = await nl.get('/backpack/skills');
    expect(dutch.body).toContain('werken met metaal');
    expect(dutch.body).toContain('metaal lassen');
    expect(dutch.body).toContain('bewezen door 2 badges');
    const api = await me.browser.api('GET', '/api/v1/backpack/skills');
    expect(api.json().groups[0]).toMatchObject({
      name: 'working with metal',
      skills: [{ name: 'weld metal', badges: [expect.any(Object), expect.any(Object)] }],
    });
  });
});
