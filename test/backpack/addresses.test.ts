import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { confirmedAddresses, listAddresses } from '../../src/accounts/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('extra email addresses of an account', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  async function linkMailedTo(email: string): Promise<string> {
    const mails = await ctx()
      .db.selectFrom('mail_outbox')
      .select(['text_body', 'created_at'])
      .where('to_address', '=', email)
      .orderBy('created_at', 'desc')
      .execute();
    const match = /https?:\/\/[^\s/]+(\/account\/addresses\/confirm\/[A-Za-z0-9_-]+)/.exec(mails[0]?.text_body ?? '');
    if (!match) throw new Error(`no confirmation link mailed to ${email}`);
    return match[1];
  }

  async function rows(userId: string) {
    return ctx().db.selectFrom('email_addresses').selectAll().where('user_id', '=', userId).execute();
  }

  test('an added address counts once its mailed link is followed', async () => {
    const { browser, userId, email } = await signedInBrowser(ctx(), app);
    const added = await browser.post('/account/addresses', { email: ' Second@Example.org ' });
    expect(added.statusCode).toBe(303);
    expect(await confirmedAddresses(ctx().db, userId)).toEqual([email]);
    const page = await browser.get('/account');
    expect(page.body).toContain('second@example.org');
    expect(page.body).toContain('waiting for confirmation');

    const link = await linkMailedTo('second@example.org');
    // Opening the link confirms nothing (mail scanners open links); the button does.
    const opened = await browser.get(link);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Confirm address');
    expect(await confirmedAddresses(ctx().db, userId)).toEqual([email]);
    const confirmed = await browser.post(link);
    expect(confirmed.statusCode).toBe(303);
    expect(await confirmedAddresses(ctx().db, userId)).toEqual([email, 'second@example.org']);
    // The link works once.
    expect((await browser.post(link)).statusCode).toBe(404);
    expect((await browser.get(link)).statusCode).toBe(404);
    const addresses = await listAddresses(ctx().db, userId);
    expect(addresses.map((a) => [a.email, a.primary, a.confirmed])).toEqual([
      [email, true, true],
      ['second@example.org', false, true],
    ]);
  });

  test('resend replaces the link; remove takes the address away; the primary address stays', async () => {
    const { browser, userId } = await signedInBrowser(ctx(), app);
    await browser.post('/account/addresses', { email: 'resend@example.org' });
    const first = await linkMailedTo('resend@example.org');
    const [row] = await rows(userId);
    expect((await browser.post(`/account/addresses/${row.id}/resend`)).statusCode).toBe(303);
    const second = await linkMailedTo('resend@example.org');
    expect(second).not.toBe(first);
    expect((await browser.post(first)).statusCode).toBe(404);
    expect((await browser.post(second)).statusCode).toBe(303);
    // A confirmed address gets no new link.
    const again = await browser.post(`/account/addresses/${row.id}/resend`);
    expect(again.statusCode).toBe(409);
    expect((await browser.post(`/account/addresses/${row.id}/remove`)).statusCode).toBe(303);
    expect(await rows(userId)).toEqual([]);
    // The primary address has no remove button and no id to remove.
    const page = await browser.get('/account');
    expect(page.body).not.toContain('/remove"><input type="hidden" name="_csrf" value="">');
    expect((await browser.post('/account/addresses/primary/remove')).statusCode).toBe(404);
  });

  test('bad input is refused with a 4xx naming the field, and nothing is stored', async () => {
    const { browser, userId, email } = await signedInBrowser(ctx(), app);
    const empty = await browser.post('/account/addresses', { email: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="email-error"');
    const bad = await browser.post('/account/addresses', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('aria-invalid="true"');
    expect(bad.body).toContain('value="not an address"');
    const own = await browser.post('/account/addresses', { email: email.toUpperCase() });
    expect(own.statusCode).toBe(409);
    expect(own.body).toContain('already one of your addresses');
    const api = await app.inject({
      method: 'POST',
      url: '/account/addresses',
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '), accept: 'application/json' },
      payload: { _csrf: browser.csrf, email: 'x' },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({ field: 'email' });
    expect(await rows(userId)).toEqual([]);
    // A link that never was.
    expect((await browser.post('/account/addresses/confirm/nonsense')).statusCode).toBe(404);
  });

  test('signed out, nothing happens; another person can neither resend nor remove my address', async () => {
    const me = await signedInBrowser(ctx(), app);
    await me.browser.post('/account/addresses', { email: 'mine@example.org' });
    const [row] = await rows(me.userId);

    const stranger = new Browser(app);
    await stranger.get('/');
    expect((await stranger.post('/account/addresses', { email: 'sneaky@example.org' })).statusCode).toBe(401);
    expect((await stranger.post(`/account/addresses/${row.id}/remove`)).statusCode).toBe(401);
    expect((await stranger.get('/account')).headers.location).toMatch(/^\/signin/);

    const other = await signedInBrowser(ctx(), app);
    expect((await other.browser.post(`/account/addresses/${row.id}/remove`)).statusCode).toBe(404);
    expect((await other.browser.post(`/account/addresses/${row.id}/resend`)).statusCode).toBe(404);
    expect(await rows(me.userId)).toHaveLength(1);
    // The other person's account page does not show my address.
    expect((await other.browser.get('/account')).body).not.toContain('mine@example.org');
  });

  test('an address confirmed for one account cannot be confirmed for another', async () => {
    const first = await signedInBrowser(ctx(), app);
    await first.browser.post('/account/addresses', { email: 'shared@example.org' });
    await first.browser.post(await linkMailedTo('shared@example.org'));
    const second = await signedInBrowser(ctx(), app);
    // Adding tells nothing about the other account; confirming refuses.
    expect((await second.browser.post('/account/addresses', { email: 'shared@example.org' })).statusCode).toBe(303);
    const refused = await second.browser.post(await linkMailedTo('shared@example.org'));
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('already confirmed for another account');
    expect(await confirmedAddresses(ctx().db, second.userId)).toEqual([second.email]);
    // Someone's primary address neither.
    await second.browser.post('/account/addresses', { email: first.email });
    expect((await second.browser.post(await linkMailedTo(first.email))).statusCode).toBe(409);
  });

  test('the section reads in Dutch', async () => {
    const { browser } = await signedInBrowser(ctx(), app);
    const nl = new Browser(app, 'nl');
    nl.cookies = browser.cookies;
    const page = await nl.get('/account');
    expect(page.body).toContain('E-mailadressen');
    expect(page.body).toContain('hoofdadres');
    const bad = await nl.post('/account/addresses', { email: 'nope' });
    expect(bad.statusCode).toBe(400);
  });
});
