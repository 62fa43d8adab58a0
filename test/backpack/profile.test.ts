import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findablePeople, isFindable } from '../../src/backpack/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { insertEscoSkills } from '../skills/library/helpers.ts';
import { cookieOf, earner, issuerFor } from './support.ts';

const itemIds = (html: string) => [...html.matchAll(/href="\/backpack\/items\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
let counter = 0;

describeEachDatabase('the public profile', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  /** An earner with a public collection (one badge), a private one (another) and an accepted badge with no collection. */
  async function setUp() {
    counter++;
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx(), 'Maasdal');
    await org.issue(me.email, { name: 'Shown badge' });
    await org.issue(me.email, { name: 'Private badge' });
    const [privateId, shownId] = itemIds((await me.browser.get('/backpack')).body);
    await me.browser.post('/backpack/collections', { name: 'Public things', isPublic: 'on' });
    await me.browser.post('/backpack/collections', { name: 'Private things' });
    const collections = [
      ...(await me.browser.get('/backpack/collections')).body.matchAll(/href="\/backpack\/collections\/([0-9a-f-]{36})"/g),
    ].map((m) => m[1]);
    await me.browser.post(`/backpack/collections/${collections[0]}/items`, { item: shownId });
    await me.browser.post(`/backpack/collections/${collections[1]}/items`, { item: privateId });
    const handle = `earner-${counter}-${Math.random().toString(36).slice(2, 6)}`;
    return { me, handle, shownId, privateId };
  }

  test('nothing is public until published; then the page, its badges and the JSON-LD Profile are', async () => {
    const { me, handle, shownId, privateId } = await setUp();
    const visitor = new Browser(app);
    expect((await visitor.get(`/p/${handle}`)).statusCode).toBe(404);
    await me.browser.post('/backpack/profile', { handle, displayName: 'Eva Earner', bio: 'Welder in training', showSkills: 'on' });
    expect((await visitor.get(`/p/${handle}`)).statusCode).toBe(404);
    expect((await visitor.get(`/p/${handle}/profile.json`)).statusCode).toBe(404);
    expect((await visitor.get(`/p/${handle}/badges/${shownId}`)).statusCode).toBe(404);

    const published = await me.browser.post('/backpack/profile', {
      handle,
      displayName: 'Eva Earner',
      bio: 'Welder in training',
      published: 'on',
    });
    expect(published.statusCode).toBe(303);
    const settings = await me.browser.get('/backpack/profile');
    expect(settings.body).toContain(`value="http://vaardig.test/p/${handle}"`);

    const page = await visitor.get(`/p/${handle}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Eva Earner</h1>');
    expect(page.body).toContain('Welder in training');
    expect(page.body).toContain('<meta property="og:title" content="Eva Earner"');
    expect(page.body).toContain(`<meta property="og:url" content="http://vaardig.test/p/${handle}"`);
    expect(page.body).toContain('Public things');
    expect(page.body).toContain('Shown badge');
    expect(page.body).not.toContain('Private things');
    expect(page.body).not.toContain('Private badge');
    expect(page.body).not.toContain(me.email);
    expect(page.body).toMatch(/https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&(amp;)?name=Shown\+badge/);

    for (const response of [
      await app.inject({ method: 'GET', url: `/p/${handle}`, headers: { accept: 'application/ld+json' } }),
      await visitor.get(`/p/${handle}/profile.json`),
    ]) {
      expect(response.headers['content-type']).toContain('application/ld+json');
      const profile = response.json();
      expect(profile).toMatchObject({
        id: `http://vaardig.test/p/${handle}`,
        type: ['Profile'],
        name: 'Eva Earner',
        description: 'Welder in training',
      });
      expect(profile['@context']).toContain('https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json');
      expect(JSON.stringify(profile)).not.toContain(me.email);
    }

    // A badge of the profile is verified there, and its credential can be downloaded.
    const badge = await visitor.get(`/p/${handle}/badges/${shownId}`);
    expect(badge.statusCode).toBe(200);
    expect(badge.body).toContain('This badge is valid.');
    expect(badge.body).not.toContain(me.email);
    const file = await visitor.get(`/p/${handle}/badges/${shownId}/credential.json`);
    expect(file.statusCode).toBe(200);
    expect(JSON.parse(file.body).type).toContain('OpenBadgeCredential');
    // Not the private one.
    expect((await visitor.get(`/p/${handle}/badges/${privateId}`)).statusCode).toBe(404);
    expect((await visitor.get(`/p/${handle}/badges/${privateId}/credential.json`)).statusCode).toBe(404);

    // Unpublished: gone at once.
    await me.browser.post('/backpack/profile', { handle, displayName: 'Eva Earner' });
    expect((await visitor.get(`/p/${handle}`)).statusCode).toBe(404);
  });

  test('the skills profile shows when chosen; a badge proving a skill is verifiable from it, and only then', async () => {
    const uri = `http://data.europa.eu/esco/skill/profile-${Math.random().toString(36).slice(2)}`;
    const esco = await insertEscoSkills(ctx(), [{ uri, name: { en: 'operate a lathe', nl: 'draaibank bedienen' } }]);
    const { me, handle } = await setUp();
    const org = await issuerFor(ctx());
    await org.issue(me.email, { name: 'Lathe badge', skills: [esco[uri]] });
    const items = (await me.browser.api('GET', '/api/v1/backpack/items')).json().items as { id: string; name: string }[];
    const lathe = items.find((i) => i.name === 'Lathe badge')?.id as string;
    await me.browser.post(`/backpack/items/${lathe}/state`, { state: 'accepted' });
    await me.browser.post('/backpack/profile', { handle, displayName: 'Eva', published: 'on', showSkills: 'on' });
    const visitor = new Browser(app);
    const page = await visitor.get(`/p/${handle}`);
    expect(page.body).toContain('id="public-skills"');
    expect(page.body).toContain('operate a lathe');
    expect(page.body).toContain(`/p/${handle}/badges/${lathe}`);
    expect((await visitor.get(`/p/${handle}/badges/${lathe}`)).body).toContain('This badge is valid.');
    // Skills not shown: neither is the badge that only they showed.
    await me.browser.post('/backpack/profile', { handle, displayName: 'Eva', published: 'on' });
    expect((await visitor.get(`/p/${handle}`)).body).not.toContain('operate a lathe');
    expect((await visitor.get(`/p/${handle}/badges/${lathe}`)).statusCode).toBe(404);
  });

  test('bad input names the field and changes nothing; a handle is one person’s', async () => {
    const { me, handle } = await setUp();
    await me.browser.post('/backpack/profile', { handle, displayName: 'Eva', published: 'on' });
    const cases: [Record<string, string>, string, number][] = [
      [{ handle: 'A!', displayName: 'Eva' }, 'handle', 400],
      [{ handle: 'ab', displayName: 'Eva' }, 'handle', 400],
      [{ handle: 'backpack', displayName: 'Eva' }, 'handle', 409],
      [{ handle, displayName: '' }, 'displayName', 400],
      [{ handle, displayName: 'Eva', bio: 'x'.repeat(501) }, 'bio', 400],
    ];
    for (const [form, fieldName, status] of cases) {
      const response = await me.browser.post('/backpack/profile', form);
      expect(response.statusCode, JSON.stringify(form)).toBe(status);
      expect(response.body).toContain(`id="${fieldName}-error"`);
    }
    const json = await app.inject({
      method: 'POST',
      url: '/backpack/profile',
      headers: { cookie: cookieOf(me.browser), 'x-csrf-token': me.browser.csrf, accept: 'application/json' },
      payload: { handle: '-x-', displayName: 'Eva' },
    });
    expect(json.json()).toMatchObject({ field: 'handle', code: 'backpack:errors.handle' });
    // Still published under the old handle.
    expect((await new Browser(app).get(`/p/${handle}`)).statusCode).toBe(200);

    const other = await signedInBrowser(ctx(), app);
    const taken = await other.browser.post('/backpack/profile', { handle, displayName: 'Thief', published: 'on' });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('This address is taken');
    expect((await new Browser(app).get(`/p/${handle}`)).body).toContain('<h1>Eva</h1>');
  });

  test('signed out, the settings are not reachable; findable is off until chosen', async () => {
    const stranger = new Browser(app);
    expect((await stranger.get('/backpack/profile')).headers.location).toMatch(/^\/signin/);
    expect((await stranger.post('/backpack/profile', { handle: 'stranger-x', displayName: 'S', published: 'on' })).statusCode).toBe(401);
    expect((await stranger.get('/p/stranger-x')).statusCode).toBe(404);

    const { me, handle } = await setUp();
    await me.browser.post('/backpack/profile', { handle, displayName: 'Eva' });
    expect(await isFindable(ctx().db, me.userId)).toBe(false);
    expect(await findablePeople(ctx().db)).not.toContain(me.userId);
    await me.browser.post('/backpack/profile', { handle, displayName: 'Eva', findable: 'on' });
    expect(await isFindable(ctx().db, me.userId)).toBe(true);
    expect(await findablePeople(ctx().db)).toContain(me.userId);
    // Findable says nothing public: the profile is still unpublished.
    expect((await stranger.get(`/p/${handle}`)).statusCode).toBe(404);
  });

  test('the public profile reads in Dutch', async () => {
    const { me, handle } = await setUp();
    await me.browser.post('/backpack/profile', { handle, displayName: 'Eva', published: 'on' });
    const nl = new Browser(app, 'nl');
    const page = await nl.get(`/p/${handle}`);
    expect(page.body).toContain('Toevoegen aan LinkedIn');
    expect(page.body).toContain('Link naar dit profiel');
    const settings = new Browser(app, 'nl');
    settings.cookies = me.browser.cookies;
    expect((await settings.get('/backpack/profile')).body).toContain('Je openbare profiel');
  });
});
