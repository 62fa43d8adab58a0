import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { changeCredentialStatus } from '../../src/credentials/issuing/issue.ts';
import { credentialsIssuedTo } from '../../src/credentials/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { cookieOf, earner, issuerFor } from './support.ts';

const itemIds = (html: string) => [...html.matchAll(/href="\/backpack\/items\/([0-9a-f-]{36})"/g)].map((m) => m[1]);

describeEachDatabase('the backpack', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('shows every badge issued to a confirmed address, new ones marked until seen', async () => {
    const me = await earner(ctx(), app);
    const school = await issuerFor(ctx(), 'School');
    const employer = await issuerFor(ctx(), 'Employer');
    await school.issue(me.email, { name: 'Badge to my primary address' });
    await employer.issue(me.second, { name: 'Badge to my second address' });
    await employer.issue(`unconfirmed-${me.email}`, { name: 'Badge to an address I did not confirm' });
    await ctx()
      .db.insertInto('email_addresses')
      .values({ user_id: me.userId, email: `unconfirmed-${me.email}` })
      .execute();

    // The home page shows the new badges.
    const home = await me.browser.get('/');
    expect(home.body).toContain('You have 2 new badges.');
    expect(home.body).toContain('Badge to my second address');

    const first = await me.browser.get('/backpack');
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Badge to my primary address');
    expect(first.body).toContain('Badge to my second address');
    expect(first.body).not.toContain('Badge to an address I did not confirm');
    expect(first.body.match(/<span class="tag">New<\/span>/g)).toHaveLength(2);
    expect(first.body).toContain('Backpack');
    // Seen once: not new any more.
    const second = await me.browser.get('/backpack');
    expect(second.body).not.toContain('<span class="tag">New</span>');
    expect((await me.browser.get('/')).body).toContain('2 badges in your backpack.');
  });

  test('accept, hide, show again and delete my copy; the issuer’s credential stays', async () => {
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    const credential = await org.issue(me.email, { name: 'Keep or not' });
    const [id] = itemIds((await me.browser.get('/backpack')).body);
    expect(id).toBeDefined();

    expect((await me.browser.post(`/backpack/items/${id}/state`, { state: 'accepted', back: '/backpack' })).statusCode).toBe(303);
    expect((await me.browser.get('/backpack')).body).toContain('>accepted<');
    const hidden = await me.browser.post(`/backpack/items/${id}/state`, { state: 'hidden', back: 'https://evil.example/' });
    expect(hidden.headers.location).toBe('/backpack');
    expect(itemIds((await me.browser.get('/backpack')).body)).toEqual([]);
    expect(itemIds((await me.browser.get('/backpack?show=hidden')).body)).toEqual([id]);
    await me.browser.post(`/backpack/items/${id}/state`, { state: 'pending' });
    expect(itemIds((await me.browser.get('/backpack')).body)).toEqual([id]);

    expect((await me.browser.post(`/backpack/items/${id}/delete`)).statusCode).toBe(303);
    expect(itemIds((await me.browser.get('/backpack')).body)).toEqual([]);
    // Not added again on the next visit; the issuer's record is untouched.
    expect(itemIds((await me.browser.get('/backpack')).body)).toEqual([]);
    expect((await me.browser.get(`/backpack/items/${id}`)).statusCode).toBe(404);
    expect((await credentialsIssuedTo(ctx(), [me.email])).map((c) => c.id)).toEqual([credential.id]);
  });

  test('a badge’s page shows its live verification, and the downloads work', async () => {
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    const credential = await org.issue(me.second, { name: 'Verified badge' });
    const [id] = itemIds((await me.browser.get('/backpack')).body);
    const page = await me.browser.get(`/backpack/items/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This badge is valid.');
    expect(page.body).toContain(credential.url);
    const json = await me.browser.get(`/backpack/items/${id}/credential.json`);
    expect(json.statusCode).toBe(200);
    expect(JSON.parse(json.body).id).toBe(credential.url);

    await changeCredentialStatus(ctx(), org.issuer, org.slug, credential.id, 'revoke', 'Issued by mistake');
    const revoked = await me.browser.get(`/backpack/items/${id}`);
    expect(revoked.body).toContain('>revoked<');
    expect(revoked.body).toContain('This badge does not verify.');
  });

  test('signed out: sent to sign in, nothing changes; another person can neither read nor change my badges', async () => {
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    await org.issue(me.email, { name: 'Mine alone' });
    const [id] = itemIds((await me.browser.get('/backpack')).body);

    const stranger = new Browser(app);
    expect((await stranger.get('/backpack')).headers.location).toMatch(/^\/signin\?next=/);
    expect((await stranger.get(`/backpack/items/${id}`)).headers.location).toMatch(/^\/signin/);
    expect((await stranger.post(`/backpack/items/${id}/state`, { state: 'hidden' })).statusCode).toBe(401);
    expect((await stranger.post(`/backpack/items/${id}/delete`)).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/backpack/items' })).statusCode).toBe(401);

    const other = await signedInBrowser(ctx(), app);
    expect((await other.browser.get(`/backpack/items/${id}`)).statusCode).toBe(404);
    expect((await other.browser.get(`/backpack/items/${id}/credential.json`)).statusCode).toBe(404);
    expect((await other.browser.post(`/backpack/items/${id}/state`, { state: 'hidden' })).statusCode).toBe(404);
    expect((await other.browser.post(`/backpack/items/${id}/delete`)).statusCode).toBe(404);
    expect((await other.browser.api('GET', `/api/v1/backpack/items/${id}`)).statusCode).toBe(404);
    expect((await other.browser.api('DELETE', `/api/v1/backpack/items/${id}`)).statusCode).toBe(404);
    expect((await other.browser.get('/backpack')).body).not.toContain('Mine alone');
    const row = await ctx().db.selectFrom('backpack_items').select(['state']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.state).toBe('pending');
  });

  test('bad input is refused naming the field; nothing changes', async () => {
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    await org.issue(me.email, { name: 'Steady' });
    const [id] = itemIds((await me.browser.get('/backpack')).body);
    const page = await me.browser.post(`/backpack/items/${id}/state`, { state: 'deleted' });
    expect(page.statusCode).toBe(400);
    const api = await me.browser.api('POST', `/api/v1/backpack/items/${id}/state`, { state: 'bogus' });
    expect(api.statusCode).toBe(400);
    expect(api.body).toContain('state');
    const form = await app.inject({
      method: 'POST',
      url: `/backpack/items/${id}/state`,
      headers: { cookie: cookieOf(me.browser), 'x-csrf-token': me.browser.csrf, accept: 'application/json' },
      payload: { state: 'nonsense' },
    });
    expect(form.statusCode).toBe(400);
    expect(form.json()).toMatchObject({ field: 'state', code: 'backpack:errors.itemState' });
    expect((await me.browser.post('/backpack/items/not-a-uuid/state', { state: 'accepted' })).statusCode).toBe(404);
    expect((await me.browser.get('/backpack/items/nope/credential.xml')).statusCode).toBe(404);
    const row = await ctx().db.selectFrom('backpack_items').select(['state']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.state).toBe('pending');
  });

  test('the API lists, reads, changes and deletes my badges', async () => {
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    await org.issue(me.email, { name: 'Through the API' });
    const list = await me.browser.api('GET', '/api/v1/backpack/items');
    expect(list.statusCode).toBe(200);
    const [item] = list.json().items;
    expect(item).toMatchObject({ name: 'Through the API', source: 'issued', state: 'pending', isNew: true, status: 'active' });
    const accepted = await me.browser.api('POST', `/api/v1/backpack/items/${item.id}/state`, { state: 'accepted' });
    expect(accepted.json()).toMatchObject({ state: 'accepted', isNew: false });
    expect((await me.browser.api('GET', `/api/v1/backpack/items/${item.id}`)).json().credential.type).toContain('OpenBadgeCredential');
    expect((await me.browser.api('DELETE', `/api/v1/backpack/items/${item.id}`)).statusCode).toBe(204);
    expect((await me.browser.api('GET', '/api/v1/backpack/items')).json().total).toBe(0);
  });

  test('the backpack reads in Dutch', async () => {
    const me = await earner(ctx(), app);
    const nl = new Browser(app, 'nl');
    nl.cookies = me.browser.cookies;
    const page = await nl.get('/backpack');
    expect(page.body).toContain('Je rugzak');
    expect(page.body).toContain('Nog geen badges');
  });
});
