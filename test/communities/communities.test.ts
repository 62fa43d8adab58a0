import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { community, organisation, person } from './support.ts';

describeEachDatabase('communities: starting one, its page, who sees it', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('an organisation admin starts a community and becomes its facilitator', async () => {
    const admin = await person(ctx(), app, 'Anna Admin');
    const org = await organisation(ctx(), [[admin.user, 'admin']]);
    const form = await admin.browser.get('/communities/new');
    expect(form.statusCode).toBe(200);
    const posted = await admin.browser.post('/communities/new', {
      organisation: org,
      name: 'Skills <network>',
      purpose: 'Together.',
      visibility: 'request',
    });
    expect(posted.statusCode, posted.body).toBe(303);
    const href = posted.headers.location as string;
    expect(href).toBe('/communities/skills-network');
    const page = await admin.browser.get(href);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Skills &lt;network></h1>');
    expect(page.body).toContain('Facilitator');
    const list = await admin.browser.get('/communities');
    expect(list.body).toContain('href="/communities/skills-network"');
  });

  test('the page in Dutch', async () => {
    const facilitator = await person(ctx(), app, 'Fee', 'nl');
    const c = await community(ctx(), facilitator.user, { name: 'Netwerk Oss' });
    const page = await facilitator.browser.get(`/communities/${c.slug}`);
    expect(page.body).toContain('Komende bijeenkomsten');
    expect(page.body).toContain('lang="nl"');
  });

  test('bad input: 400 naming each field, the form keeps what was typed, nothing stored', async () => {
    const admin = await person(ctx(), app);
    const org = await organisation(ctx(), [[admin.user, 'owner']]);
    const before = await ctx()
      .db.selectFrom('communities')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const posted = await admin.browser.post('/communities/new', {
      organisation: org,
      name: '',
      purpose: 'Kept purpose',
      visibility: 'secret',
    });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('id="name-error"');
    expect(posted.body).toContain('id="visibility-error"');
    expect(posted.body).toContain('Kept purpose');
    const long = await admin.browser.post('/communities/new', { organisation: org, name: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('id="name-error"');
    const after = await ctx()
      .db.selectFrom('communities')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test('authorisation: signed out 401; a plain member of the organisation may not start one; others may not change it', async () => {
    const owner = await person(ctx(), app);
    const plain = await person(ctx(), app);
    const org = await organisation(ctx(), [
      [owner.user, 'owner'],
      [plain.user, 'member'],
    ]);
    const c = await community(ctx(), owner.user);
    const anonymous = new Browser(app);
    for (const path of ['/communities', `/communities/${c.slug}`, '/communities/new']) {
      const page = await anonymous.get(path);
      expect(page.statusCode, path).toBe(302);
      expect(page.headers.location).toContain('/signin');
    }
    expect((await anonymous.post('/communities/new', { organisation: org, name: 'X' })).statusCode).toBe(401);
    expect((await plain.browser.post('/communities/new', { organisation: org, name: 'X' })).statusCode).toBe(403);
    const other = await person(ctx(), app);
    expect((await other.browser.get(`/communities/${c.slug}`)).statusCode).toBe(200);
    expect((await other.browser.get(`/communities/${c.slug}/edit`)).statusCode).toBe(403);
    expect((await other.browser.post(`/communities/${c.slug}/edit`, { name: 'Taken over' })).statusCode).toBe(403);
    const facilitatorElsewhere = await person(ctx(), app);
    await community(ctx(), facilitatorElsewhere.user);
    expect((await facilitatorElsewhere.browser.post(`/communities/${c.slug}/edit`, { name: 'Taken over' })).statusCode).toBe(403);
    const changed = await owner.browser.post(`/communities/${c.slug}/edit`, { name: 'Renamed', visibility: 'open' });
    expect(changed.statusCode).toBe(303);
  });

  test('a community by invitation is a 404 to anyone outside it, and missing from their list', async () => {
    const owner = await person(ctx(), app);
    const c = await community(ctx(), owner.user, { name: 'Closed circle', visibility: 'invitation' });
    const other = await person(ctx(), app);
    expect((await other.browser.get(`/communities/${c.slug}`)).statusCode).toBe(404);
    expect((await other.browser.get('/communities')).body).not.toContain(c.slug);
    expect((await owner.browser.get('/communities')).body).toContain(c.slug);
  });
});
