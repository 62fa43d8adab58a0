import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/http/app.ts';
import { createUser } from '../../src/accounts/service.ts';
import { createSession, userForSession } from '../../src/accounts/sessions.ts';
import { sha256 } from '../../src/platform/crypto.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser, count, linkIn } from './support.ts';

describeEachDatabase('password reset, resend and the outbox without SMTP', (ctx, kind) => {
  let app: FastifyInstance;
  const email = `reset-${kind}@example.org`;
  let userId: string;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    userId = (await createUser(ctx().db, { email, name: 'Rita Reset', password: 'the old password', emailConfirmed: true })).id;
  });
  afterAll(() => app.close());

  async function lastMailTo(to: string) {
    return ctx()
      .db.selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', to)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
  }

  test('without SMTP the reset mail waits in mail_outbox with status outbox', async () => {
    expect(ctx().config.smtp).toBeUndefined();
    const browser = new Browser(app);
    const response = await browser.post('/reset', { email });
    expect(response.statusCode).toBe(303);
    const mail = await lastMailTo(email);
    expect(mail.status).toBe('outbox');
    expect(mail.subject).toBe('Reset your Vaardig password');
    expect(mail.text_body).toContain('http://vaardig.test/reset/');
  });

  test('an unknown address gets the same answer and no mail', async () => {
    const before = await count(ctx(), 'mail_outbox');
    const response = await new Browser(app).post('/reset', { email: `nobody-${kind}@example.org` });
    expect(response.statusCode).toBe(303);
    expect(await count(ctx(), 'mail_outbox')).toBe(before);
    const bad = await new Browser(app).post('/reset', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="email-error"');
  });

  test('the reset link works once, ends every session, and the new password works', async () => {
    const s1 = await createSession(ctx().db, userId);
    const s2 = await createSession(ctx().db, userId);
    const browser = new Browser(app);
    await browser.post('/reset', { email });
    const path = linkIn((await lastMailTo(email)).text_body, 'reset');
    const stored = await ctx()
      .db.selectFrom('email_tokens')
      .selectAll()
      .where('token_hash', '=', sha256(path.split('/').pop() as string))
      .executeTakeFirstOrThrow();
    expect(stored.purpose).toBe('reset');
    const minutes = (new Date(stored.expires_at).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(59);
    expect(minutes).toBeLessThanOrEqual(60);

    const form = await browser.get(path);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('autocomplete="new-password"');
    const short = await browser.post(path, { password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('Choose a password of at least 10 characters');

    const done = await browser.post(path, { password: 'the new password' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/signin');
    expect(await userForSession(ctx().db, s1.token)).toBeNull();
    expect(await userForSession(ctx().db, s2.token)).toBeNull();

    const again = await browser.post(path, { password: 'a third password' });
    expect(again.statusCode).toBe(404);
    expect((await browser.get(path)).statusCode).toBe(404);

    expect((await new Browser(app).post('/signin', { email, password: 'the old password' })).statusCode).toBe(400);
    expect((await new Browser(app).post('/signin', { email, password: 'a third password' })).statusCode).toBe(400);
    expect((await new Browser(app).post('/signin', { email, password: 'the new password' })).statusCode).toBe(303);
  });

  test('an expired reset link is refused', async () => {
    const browser = new Browser(app);
    await browser.post('/reset', { email });
    const path = linkIn((await lastMailTo(email)).text_body, 'reset');
    await ctx()
      .db.updateTable('email_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', sha256(path.split('/').pop() as string))
      .execute();
    expect((await browser.get(path)).statusCode).toBe(404);
    expect((await browser.post(path, { password: 'expired password' })).statusCode).toBe(404);
    expect((await new Browser(app).post('/signin', { email, password: 'expired password' })).statusCode).toBe(400);
  });

  test('an expired confirmation link is refused and the account stays unconfirmed', async () => {
    const browser = new Browser(app);
    const address = `late-${kind}@example.org`;
    await browser.post('/signup', { name: 'Laat', email: address, password: 'late password!' });
    const path = linkIn((await lastMailTo(address)).text_body, 'confirm');
    await ctx()
      .db.updateTable('email_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', sha256(path.split('/').pop() as string))
      .execute();
    expect((await browser.post(path)).statusCode).toBe(404);
    const user = await ctx().db.selectFrom('users').select('email_confirmed_at').where('email', '=', address).executeTakeFirstOrThrow();
    expect(user.email_confirmed_at).toBeNull();
  });

  test('sign-up with an address in use answers as for a new one and writes no account; a short password is a form error', async () => {
    const users = await count(ctx(), 'users');
    const taken = await new Browser(app).post('/signup', { name: 'Again', email: email.toUpperCase(), password: 'long enough pw' });
    expect(taken.statusCode).toBe(303);
    expect(taken.body).not.toContain('already exists');
    const short = await new Browser(app).post('/signup', { name: '', email: 'x@example.org', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('id="password-error"');
    expect(short.body).toContain('id="name-error"');
    expect(short.body).toContain('class="error-summary"');
    expect(await count(ctx(), 'users')).toBe(users);
  });

  test('sign-in is rate limited', async () => {
    const limited = await buildApp(ctx(), { logger: false, authRateLimit: 2 });
    const browser = new Browser(limited);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await browser.post('/signin', { email, password: 'wrong password' })).statusCode);
    expect(codes).toEqual([400, 400, 429]);
    await limited.close();
  });
});
