import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/http/app.ts';
import { addMember, createOrganisation, createUser } from '../../src/accounts/service.ts';
import { createSession, SESSION_COOKIE } from '../../src/accounts/sessions.ts';
import { createApiToken } from '../../src/accounts/tokens.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser, bearer, expectProblem } from './support.ts';

/**
 * The accounts module throws coded errors: a Dutch page shows the reason in Dutch (next to the
 * field when there is one), and the API answers problem+json with the code and the field.
 */
describeEachDatabase('coded errors of the accounts module', (ctx, kind) => {
  let app: FastifyInstance;
  const slug = `coded-${kind}`;
  let owner: { id: string; token: string };
  let admin: { id: string; browser: Browser };
  let member: { id: string; token: string };

  async function account(name: string, lang: string) {
    const email = `${name.toLowerCase()}-${kind}-${Math.random().toString(36).slice(2, 8)}@example.org`;
    const { id } = await createUser(ctx().db, { email, name, password: 'correct horse battery', emailConfirmed: true });
    const browser = new Browser(app, lang);
    browser.cookies.set(SESSION_COOKIE, (await createSession(ctx().db, id)).token);
    await browser.get('/account');
    return { id, browser, token: (await createApiToken(ctx().db, id, 'test')).token };
  }

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    owner = await account('Olivia', 'nl');
    admin = await account('Adam', 'nl');
    member = await account('Mila', 'nl');
    const org = await createOrganisation(ctx().db, { slug, name: 'Coded', kind: 'school' }, owner.id);
    await addMember(ctx().db, org.id, admin.id, 'admin');
    await addMember(ctx().db, org.id, member.id, 'member');
  });
  afterAll(() => app.close());

  describe('pages in Dutch', () => {
    test('a form error reads in Dutch next to its field, with its parameters filled in', async () => {
      const browser = new Browser(app, 'nl');
      const signup = await browser.post('/signup', { name: 'x'.repeat(201), email: 'someone@example.org', password: 'short' });
      expect(signup.statusCode).toBe(400);
      expect(signup.body).toContain('<p class="error-message" id="name-error">Dit is te lang (hoogstens 200 tekens).</p>');
      expect(signup.body).toContain('<p class="error-message" id="password-error">Kies een wachtwoord van minstens 10 tekens.</p>');
      expect(signup.body).not.toContain('{{');

      const reserved = await admin.browser.post('/organisations', { slug: 'admin', name: 'Gereserveerd' });
      expect(reserved.statusCode).toBe(400);
      expect(reserved.body).toContain('<p class="error-message" id="slug-error">Dit webadres is al in gebruik. Kies een ander.</p>');
    });

    test('a refusal says its own reason in Dutch, not a general one', async () => {
      // An admin may not change an owner: the page names that rule.
      const refused = await admin.browser.post(`/organisations/${slug}/members/${owner.id}`, { role: 'member' });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('Alleen een eigenaar kan iemand eigenaar maken');
      expect(refused.body).toContain('<html lang="nl">');
    });

    test('a form without its CSRF token is explained in Dutch, and the API names the code and field', async () => {
      const page = await admin.browser.post('/account', { name: 'Adam', locale: '' }, { csrf: false });
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('Het formulier is verlopen of kwam niet van deze site.');
      const api = await app.inject({
        method: 'POST',
        url: '/api/v1/organisations',
        payload: { slug: 'x', name: 'X' },
        headers: { cookie: `${SESSION_COOKIE}=${admin.browser.session}` },
      });
      expect(expectProblem(api, 403)).toMatchObject({ code: 'platform:errors.csrf', field: '_csrf' });
    });
  });

  describe('the API', () => {
    test('a role that may not do this is a 403 with its code and the roles that may', async () => {
      const problem = expectProblem(
        await bearer(app, member.token, 'POST', `/api/v1/organisations/${slug}/invitations`, { email: 'a@example.org', role: 'member' }),
        403,
      );
      expect(problem).toMatchObject({ code: 'accounts:errors.roleNotAllowed', roles: ['owner', 'admin'] });
      expect(problem.detail).toBe('Your role in this organisation does not allow this.');
    });

    test('an unknown organisation, a token made with a token and a taken address each have their code', async () => {
      expect(expectProblem(await bearer(app, owner.token, 'GET', `/api/v1/organisations/nergens-${kind}`), 404)).toMatchObject({
        code: 'accounts:errors.organisationNotFound',
      });
      expect(expectProblem(await bearer(app, owner.token, 'POST', '/api/v1/tokens', { name: 'again' }), 403)).toMatchObject({
        code: 'accounts:errors.tokenNeedsSession',
      });
      const taken = expectProblem(await bearer(app, owner.token, 'POST', '/api/v1/organisations', { slug, name: 'Again' }), 409);
      expect(taken).toMatchObject({ code: 'accounts:errors.slugTaken', field: 'slug' });
      expect(taken.errors).toEqual([{ field: 'slug', code: 'accounts:errors.slugTaken', message: expect.stringContaining('taken') }]);
    });
  });
});
