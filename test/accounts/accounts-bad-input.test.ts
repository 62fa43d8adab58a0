import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/http/app.ts';
import { createOrganisation } from '../../src/accounts/service.ts';
import { createApiToken } from '../../src/accounts/tokens.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser, bearer, count, expectProblem, signedInBrowser } from './support.ts';

const TABLES = ['users', 'organisations', 'memberships', 'invitations', 'api_tokens', 'sessions', 'mail_outbox', 'email_tokens'] as const;

describeEachDatabase('bad input to the accounts routes', (ctx, kind) => {
  let app: FastifyInstance;
  let person: Awaited<ReturnType<typeof signedInBrowser>>;
  let token: string;
  const slug = `bad-input-${kind}`;

  async function snapshot() {
    return Promise.all(TABLES.map((t) => count(ctx(), t)));
  }

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    person = await signedInBrowser(ctx(), app);
    token = (await createApiToken(ctx().db, person.userId, 'bad input')).token;
    await createOrganisation(ctx().db, { slug, name: 'Bad Input' }, person.userId);
  });
  afterAll(() => app.close());

  test('malformed JSON is a 400 problem', async () => {
    const before = await snapshot();
    for (const url of ['/api/v1/organisations', `/api/v1/organisations/${slug}/invitations`, '/api/v1/tokens']) {
      const problem = expectProblem(await bearer(app, token, 'POST', url, '{"name": "x",'), 400);
      expect(String(problem.detail)).toMatch(/JSON/);
    }
    expect(await snapshot()).toEqual(before);
  });

  test('a body over 1 MB is a 413 problem', async () => {
    const before = await snapshot();
    const big = JSON.stringify({ slug: 'big', name: 'x'.repeat(1024 * 1024 + 10) });
    expectProblem(await bearer(app, token, 'POST', '/api/v1/organisations', big), 413);
    const form = await app.inject({
      method: 'POST',
      url: '/signup',
      payload: `name=${'x'.repeat(1024 * 1024 + 10)}&email=big@example.org&password=long+enough+pw`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.statusCode).toBe(413);
    expect(await snapshot()).toEqual(before);
  });

  test('unknown fields are named and refused', async () => {
    const before = await snapshot();
    const org = expectProblem(
      await bearer(app, token, 'POST', '/api/v1/organisations', { slug: `x-${kind}`, name: 'X', isDemo: true }),
      400,
    );
    expect(org.errors).toEqual([{ field: 'isDemo', message: 'is not a known field' }]);
    const invite = expectProblem(
      await bearer(app, token, 'POST', `/api/v1/organisations/${slug}/invitations`, {
        email: 'a@example.org',
        role: 'member',
        admin: true,
      }),
      400,
    );
    expect(invite.errors).toEqual([{ field: 'admin', message: 'is not a known field' }]);
    expectProblem(
      await bearer(app, token, 'PATCH', `/api/v1/organisations/${slug}/members/${person.userId}`, { role: 'owner', extra: 1 }),
      400,
    );
    expectProblem(await person.browser.api('POST', '/api/v1/tokens', { name: 'x', userId: person.userId }), 400);
    expect(await snapshot()).toEqual(before);
  });

  test('wrong types and values name the field', async () => {
    const before = await snapshot();
    const name = expectProblem(await bearer(app, token, 'POST', '/api/v1/organisations', { slug: `y-${kind}`, name: 42 }), 400);
    expect(name.errors).toEqual([{ field: 'name', message: expect.any(String) }]);
    const missing = expectProblem(await bearer(app, token, 'POST', '/api/v1/organisations', { name: 'No slug' }), 400);
    expect(missing.errors).toEqual([{ field: 'slug', message: 'is required' }]);
    const slugProblem = expectProblem(await bearer(app, token, 'POST', '/api/v1/organisations', { slug: 'Not Valid!', name: 'Z' }), 400);
    expect(slugProblem).toMatchObject({ code: 'accounts:errors.slug', field: 'slug' });
    expect(slugProblem.errors).toEqual([
      { field: 'slug', code: 'accounts:errors.slug', message: expect.stringContaining('lowercase letters') },
    ]);
    const kindProblem = expectProblem(
      await bearer(app, token, 'POST', '/api/v1/organisations', { slug: `z-${kind}`, name: 'Z', kind: 'castle' }),
      400,
    );
    expect(kindProblem.errors).toEqual([{ field: 'kind', message: expect.any(String) }]);
    const website = expectProblem(
      await bearer(app, token, 'POST', '/api/v1/organisations', { slug: `w-${kind}`, name: 'W', website: 'javascript:alert(1)' }),
      400,
    );
    expect(website.errors).toEqual([{ field: 'website', code: 'platform:errors.notUrl', message: expect.stringContaining('http') }]);
    const role = expectProblem(
      await bearer(app, token, 'POST', `/api/v1/organisations/${slug}/invitations`, { email: 'a@example.org', role: 'king' }),
      400,
    );
    expect(role.errors).toEqual([{ field: 'role', message: expect.any(String) }]);
    const email = expectProblem(
      await bearer(app, token, 'POST', `/api/v1/organisations/${slug}/invitations`, { email: 'nope', role: 'member' }),
      400,
    );
    expect(email.errors).toEqual([{ field: 'email', code: 'platform:errors.notEmail', message: expect.stringContaining('email address') }]);
    expectProblem(await bearer(app, token, 'PATCH', `/api/v1/organisations/${slug}/members/not-a-uuid`, { role: 'member' }), 400);
    expectProblem(await bearer(app, token, 'DELETE', '/api/v1/tokens/not-a-uuid'), 400);
    expectProblem(await person.browser.api('POST', '/api/v1/tokens', { name: ['array'] }), 400);
    expect(await snapshot()).toEqual(before);
  });

  test('a form without its CSRF token is refused and writes nothing', async () => {
    const before = await snapshot();
    const anonymous = new Browser(app);
    await anonymous.get('/signup');
    const forms: [Browser, string, Record<string, string>][] = [
      [anonymous, '/signup', { name: 'No Csrf', email: `nocsrf-${kind}@example.org`, password: 'long enough pw' }],
      [anonymous, '/signin', { email: person.email, password: 'correct horse battery' }],
      [anonymous, '/reset', { email: person.email }],
      [anonymous, '/confirm/resend', { email: person.email }],
      [person.browser, '/account', { name: 'Changed', locale: 'nl' }],
      [person.browser, '/account/tokens', { tokenName: 'sneaky' }],
      [person.browser, '/organisations', { slug: `csrf-${kind}`, name: 'CSRF' }],
      [person.browser, `/organisations/${slug}/invitations`, { email: 'csrf@example.org', role: 'owner' }],
      [person.browser, '/signout', {}],
    ];
    for (const [browser, url, form] of forms) {
      const response = await browser.post(url, form, { csrf: false });
      expect(response.statusCode, url).toBe(403);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.body, url).toContain('reload the page and try again');
    }
    // A session-authenticated API call needs the header too.
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      payload: { name: 'no header' },
      headers: { cookie: `vaardig_session=${person.browser.session}; vaardig_csrf=${person.browser.cookies.get('vaardig_csrf')}` },
    });
    expectProblem(api, 403);
    expect(await snapshot()).toEqual(before);
    const user = await ctx().db.selectFrom('users').select('name').where('id', '=', person.userId).executeTakeFirstOrThrow();
    expect(user.name).not.toBe('Changed');
  });

  test('form fields of the wrong shape are form errors, not crashes', async () => {
    const before = await snapshot();
    const browser = new Browser(app);
    await browser.get('/signup');
    // A repeated field arrives as an array: it counts as empty.
    const response = await app.inject({
      method: 'POST',
      url: '/signup',
      payload: `_csrf=${encodeURIComponent(browser.csrf)}&name=a&name=b&email=x%40example.org&password=long+enough+pw`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vaardig_csrf=${browser.cookies.get('vaardig_csrf')}` },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('id="name-error"');
    expect((await person.browser.post('/account/tokens/not-a-uuid/revoke')).statusCode).toBe(404);
    expect((await person.browser.post(`/organisations/${slug}/members/not-a-uuid`, { role: 'member' })).statusCode).toBe(404);
    const role = await person.browser.post(`/organisations/${slug}/members/${person.userId}`, { role: 'emperor' });
    expect(role.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });
});
