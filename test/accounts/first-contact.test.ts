import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ATTEMPT_LIMIT } from '../../src/accounts/attempts.ts';
import { createUser } from '../../src/accounts/service.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import type { VaardigModule } from '../../src/platform/module.ts';
import { PostForm } from '../../src/platform/pages/forms.tsx';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser, count } from './support.ts';

/**
 * Defects a newcomer met in the first minutes: attempts on one account were limited per client
 * address and per form only; sign-up told whether an address had an account; the CSRF token of a
 * multipart form showed in the address bar after a failed submit.
 */
describeEachDatabase('first contact: attempts per account, sign-up that tells nothing, no token in the address', (ctx, kind) => {
  let app: FastifyInstance;
  const owner = `known-${kind}@example.org`;
  // A module of this test only: a page with a multipart form and the handler that reads it.
  const uploads: string[] = [];
  const uploadModule: VaardigModule = {
    name: 'upload-test',
    routes: (root) => {
      root.get('/test-upload', async (request, reply) =>
        reply.page(String(PostForm({ request, action: '/test-upload', multipart: true, children: '<input type="file" name="file">' }))),
      );
      root.post('/test-upload', async (request, reply) => {
        for await (const part of request.parts()) if (part.type === 'file') uploads.push((await part.toBuffer()).toString());
        return reply.status(400).send('not good: shown again');
      });
    },
  };

  beforeAll(async () => {
    // A high per-client-address limit: what is tested here is the limit per account.
    app = await buildApp({ ...ctx(), modules: [...ctx().modules, uploadModule] }, { logger: false, authRateLimit: 1000 });
    await createUser(ctx().db, { email: owner, name: 'Karin Known', password: 'the right password', emailConfirmed: true });
  });
  afterAll(() => app.close());

  const mailsTo = (to: string) =>
    ctx().db.selectFrom('mail_outbox').select(['subject', 'text_body']).where('to_address', '=', to).orderBy('created_at').execute();

  test('failed sign-ins on one account from many client addresses end in a 429 naming the reason, even with the right password', async () => {
    const email = `target-${kind}@example.org`;
    await createUser(ctx().db, { email, name: 'Tara Target', password: 'the right password', emailConfirmed: true });
    for (let i = 0; i < ATTEMPT_LIMIT; i++) {
      // Each guess from another client address, as a botnet would.
      const browser = new Browser(app);
      await browser.get('/signin');
      const failed = await app.inject({
        method: 'POST',
        url: '/signin',
        remoteAddress: `10.0.${i}.${i + 1}`,
        payload: new URLSearchParams({ _csrf: browser.csrf, email, password: `wrong guess ${i}` }).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: [...browser.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
        },
      });
      expect(failed.statusCode).toBe(400);
    }
    const browser = new Browser(app);
    const locked = await browser.post('/signin', { email: email.toUpperCase(), password: 'the right password' });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Too many attempts for this account');
    expect(locked.cookies.find((c) => c.name === 'vaardig_session')).toBeUndefined();
    const dutch = await new Browser(app, 'nl').post('/signin', { email, password: 'the right password' });
    expect(dutch.statusCode).toBe(429);
    expect(dutch.body).toContain('Te veel pogingen voor dit account');
  });

  test('sign-in, reset and resend share one count per account', async () => {
    const email = `shared-${kind}@example.org`;
    await createUser(ctx().db, { email, name: 'Sam Shared', password: 'the right password' });
    const forms = ['/reset', '/confirm/resend', '/signin'];
    for (let i = 0; i < ATTEMPT_LIMIT; i++) {
      const form = forms[i % forms.length];
      const response = await new Browser(app).post(form, form === '/signin' ? { email, password: 'wrong' } : { email });
      expect(response.statusCode, form).toBe(form === '/signin' ? 400 : 303);
    }
    for (const form of forms) {
      const response = await new Browser(app).post(form, form === '/signin' ? { email, password: 'the right password' } : { email });
      expect(response.statusCode, form).toBe(429);
    }
    // Another account is not affected.
    expect((await new Browser(app).post('/signin', { email: owner, password: 'the right password' })).statusCode).toBe(303);
  });

  test('sign-up answers the same for a known and an unknown address, and mails the owner of a known one', async () => {
    const fresh = `fresh-${kind}@example.org`;
    const users = await count(ctx(), 'users');
    const known = await new Browser(app).post('/signup', {
      name: 'Someone',
      email: owner.toUpperCase(),
      password: 'a long enough password',
    });
    const unknown = await new Browser(app).post('/signup', { name: 'Fresh Person', email: fresh, password: 'a long enough password' });
    for (const response of [known, unknown]) {
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/signin');
      expect(response.cookies.find((c) => c.name === 'vaardig_session')).toBeUndefined();
    }
    const flash = (response: typeof known, email: string) =>
      decodeURIComponent(response.cookies.find((c) => c.name === 'vaardig_flash')?.value ?? '')
        .replace(/\}[^}]*$/, '}')
        .replace(email, '<address>');
    expect(flash(known, owner)).toBe(flash(unknown, fresh));
    expect(flash(unknown, fresh)).toContain('<address>');
    expect(await count(ctx(), 'users')).toBe(users + 1);
    const toOwner = await mailsTo(owner);
    expect(toOwner.map((m) => m.subject)).toContain('Someone tried to create a Vaardig account with your address');
    const warning = toOwner.find((m) => m.subject.startsWith('Someone tried'));
    expect(warning?.text_body).toContain('http://vaardig.test/signin');
    expect(warning?.text_body).toContain('http://vaardig.test/reset');
    expect((await mailsTo(fresh)).map((m) => m.subject)).toEqual(['Confirm your email address for Vaardig']);
  });

  test('a multipart form never carries the CSRF token in its address; its token is checked in the body', async () => {
    const browser = new Browser(app);
    const form = await browser.get('/test-upload');
    expect(form.body).toContain('action="/test-upload"');
    expect(form.body).not.toContain('_csrf=');
    const post = (fields: [string, string][]) => {
      const boundary = '----vaardigtest';
      const body = `${fields
        .map(([name, value]) =>
          name === 'file'
            ? `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n${value}\r\n`
            : `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        )
        .join('')}--${boundary}--\r\n`;
      return app.inject({
        method: 'POST',
        url: '/test-upload',
        payload: body,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          cookie: [...browser.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
        },
      });
    };
    // As a browser sends the form: the token first, then the file. The failed submit answers at the form's own address.
    const sent = await post([
      ['_csrf', browser.csrf],
      ['file', 'contents'],
    ]);
    expect(sent.statusCode).toBe(400);
    expect(uploads).toEqual(['contents']);
    // Without the token, or with a wrong one, the handler sees no part of the body.
    expect((await post([['file', 'forged']])).statusCode).toBe(403);
    expect(
      (
        await post([
          ['_csrf', 'not the token'],
          ['file', 'forged'],
        ])
      ).statusCode,
    ).toBe(403);
    expect(uploads).toEqual(['contents']);
  });

  test('U+0000 in the next of sign-in and sign-up, and in an API token name, answers 4xx and writes nothing', async () => {
    const users = await count(ctx(), 'users');
    const signup = await new Browser(app).post('/signup?next=/%00', {
      name: 'Nul',
      email: `nul-${kind}@example.org`,
      password: 'a long enough password',
    });
    expect(signup.statusCode).toBe(400);
    expect((await new Browser(app).get('/signup?next=/%00')).statusCode).toBe(400);
    expect((await new Browser(app).get('/signin?next=/%00')).statusCode).toBe(400);
    const signin = await new Browser(app).post('/signin', { email: owner, password: 'the right password', next: '/\u0000' });
    expect(signin.statusCode).toBe(400);
    expect(await count(ctx(), 'users')).toBe(users);
    const browser = new Browser(app);
    await browser.post('/signin', { email: owner, password: 'the right password' });
    const tokens = await count(ctx(), 'api_tokens');
    expect((await browser.post('/account/tokens', { tokenName: 'script\u0000' })).statusCode).toBe(400);
    expect((await browser.api('POST', '/api/v1/tokens', { name: 'script\u0000' })).statusCode).toBe(400);
    expect(await count(ctx(), 'api_tokens')).toBe(tokens);
  });
});
