import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/http/app.ts';
import { addMember, createOrganisation } from '../../src/accounts/service.ts';
import { createApiToken } from '../../src/accounts/tokens.ts';
import { requireOrgRole } from '../../src/accounts/api.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser, bearer, count, expectProblem, signedInBrowser } from './support.ts';

type Person = Awaited<ReturnType<typeof signedInBrowser>> & { token: string };

describeEachDatabase('organisation roles and authorisation', (ctx, kind) => {
  let app: FastifyInstance;
  let ownerA: Person;
  let memberA: Person;
  let adminA: Person;
  let ownerB: Person;
  let operator: Person;
  const A = `org-a-${kind}`;
  const B = `org-b-${kind}`;

  async function person(options: Parameters<typeof signedInBrowser>[2] = {}): Promise<Person> {
    const p = await signedInBrowser(ctx(), app, options);
    return { ...p, token: (await createApiToken(ctx().db, p.userId, 'test')).token };
  }

  async function snapshot() {
    return Promise.all((['organisations', 'memberships', 'invitations', 'api_tokens', 'users'] as const).map((t) => count(ctx(), t)));
  }

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    ownerA = await person({ name: 'Anna Owner' });
    memberA = await person({ name: 'Mark Member' });
    adminA = await person({ name: 'Ada Admin' });
    ownerB = await person({ name: 'Bert Owner' });
    operator = await person({ name: 'Olga Operator', operator: true });
    const a = await createOrganisation(ctx().db, { slug: A, name: 'Organisation A', kind: 'school' }, ownerA.userId);
    await addMember(ctx().db, a.id, memberA.userId, 'member');
    await addMember(ctx().db, a.id, adminA.userId, 'admin');
    await createOrganisation(ctx().db, { slug: B, name: 'Organisation B', kind: 'employer' }, ownerB.userId);
  });
  afterAll(() => app.close());

  describe('signed out', () => {
    test('every page redirects to the sign-in form', async () => {
      const browser = new Browser(app);
      for (const url of [
        '/account',
        '/organisations',
        '/organisations/new',
        `/organisations/${A}`,
        '/admin/organisations',
        '/admin/outbox',
      ]) {
        const response = await browser.get(url);
        expect([302, 303], url).toContain(response.statusCode);
        expect(response.headers.location, url).toMatch(/^\/signin/);
      }
    });

    test('every form post is refused and writes nothing', async () => {
      const before = await snapshot();
      const browser = new Browser(app);
      await browser.get('/signin');
      const posts: [string, Record<string, string>][] = [
        ['/account', { name: 'Hacked', locale: 'en' }],
        ['/account/tokens', { tokenName: 'x' }],
        [`/account/tokens/${crypto.randomUUID()}/revoke`, {}],
        ['/organisations', { slug: `anon-${kind}`, name: 'Anon' }],
        [`/organisations/${A}/invitations`, { email: 'x@example.org', role: 'owner' }],
        [`/organisations/${A}/members/${memberA.userId}`, { role: 'owner' }],
        [`/organisations/${A}/members/${memberA.userId}/remove`, {}],
        ['/invitations/some-token', {}],
      ];
      for (const [url, form] of posts) {
        const response = await browser.post(url, form);
        expect(response.statusCode, url).toBe(303);
        expect(response.headers.location, url).toMatch(/^\/signin/);
      }
      expect(await snapshot()).toEqual(before);
    });

    test('every API route answers 401 problem+json', async () => {
      const id = crypto.randomUUID();
      const calls: [string, string, unknown?][] = [
        ['GET', '/api/v1/me'],
        ['GET', '/api/v1/organisations'],
        ['POST', '/api/v1/organisations', { slug: `anon-${kind}`, name: 'Anon' }],
        ['GET', `/api/v1/organisations/${A}`],
        ['GET', `/api/v1/organisations/${A}/members`],
        ['POST', `/api/v1/organisations/${A}/invitations`, { email: 'x@example.org', role: 'member' }],
        ['PATCH', `/api/v1/organisations/${A}/members/${memberA.userId}`, { role: 'owner' }],
        ['DELETE', `/api/v1/organisations/${A}/members/${memberA.userId}`],
        ['GET', '/api/v1/tokens'],
        ['POST', '/api/v1/tokens', { name: 'x' }],
        ['DELETE', `/api/v1/tokens/${id}`],
      ];
      const before = await snapshot();
      for (const [method, url, payload] of calls) {
        const response = await app.inject({
          method: method as 'GET',
          url,
          payload: payload === undefined ? undefined : JSON.stringify(payload),
          headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        });
        expectProblem(response, 401);
      }
      // A wrong or revoked token is refused the same way.
      expectProblem(await bearer(app, 'vdg_not-a-token', 'GET', '/api/v1/me'), 401);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('a member of organisation A and organisation B', () => {
    test('cannot read B through pages', async () => {
      for (const p of [memberA, ownerA]) {
        const response = await p.browser.get(`/organisations/${B}`);
        expect(response.statusCode).toBe(403);
        expect(response.body).not.toContain('Bert Owner');
      }
      expect((await ownerB.browser.get(`/organisations/${A}`)).statusCode).toBe(403);
    });

    test('cannot read B through the API', async () => {
      for (const p of [memberA, ownerA]) {
        expectProblem(await bearer(app, p.token, 'GET', `/api/v1/organisations/${B}`), 403);
        expectProblem(await bearer(app, p.token, 'GET', `/api/v1/organisations/${B}/members`), 403);
        const list = await bearer(app, p.token, 'GET', '/api/v1/organisations');
        expect(list.json().items.map((o: { slug: string }) => o.slug)).toEqual([A]);
      }
    });

    test('cannot change anything of B through pages or the API', async () => {
      const before = await snapshot();
      const role = await ctx().db.selectFrom('memberships').select('role').where('user_id', '=', ownerB.userId).executeTakeFirstOrThrow();
      expect((await ownerA.browser.post(`/organisations/${B}/invitations`, { email: 'spy@example.org', role: 'owner' })).statusCode).toBe(
        403,
      );
      expect((await ownerA.browser.post(`/organisations/${B}/members/${ownerB.userId}`, { role: 'member' })).statusCode).toBe(403);
      expect((await ownerA.browser.post(`/organisations/${B}/members/${ownerB.userId}/remove`)).statusCode).toBe(403);
      expectProblem(
        await bearer(app, ownerA.token, 'POST', `/api/v1/organisations/${B}/invitations`, { email: 'spy@example.org', role: 'owner' }),
        403,
      );
      expectProblem(
        await bearer(app, ownerA.token, 'PATCH', `/api/v1/organisations/${B}/members/${ownerB.userId}`, { role: 'member' }),
        403,
      );
      expectProblem(await bearer(app, ownerA.token, 'DELETE', `/api/v1/organisations/${B}/members/${ownerB.userId}`), 403);
      // Nor through A's address: B's owner is not a member of A.
      expectProblem(
        await bearer(app, ownerA.token, 'PATCH', `/api/v1/organisations/${A}/members/${ownerB.userId}`, { role: 'member' }),
        404,
      );
      expectProblem(await bearer(app, ownerA.token, 'DELETE', `/api/v1/organisations/${A}/members/${ownerB.userId}`), 404);
      // Nor revoke someone else's token.
      const tokenB = await ctx().db.selectFrom('api_tokens').select('id').where('user_id', '=', ownerB.userId).executeTakeFirstOrThrow();
      expectProblem(await bearer(app, ownerA.token, 'DELETE', `/api/v1/tokens/${tokenB.id}`), 404);
      expect((await ownerA.browser.post(`/account/tokens/${tokenB.id}/revoke`)).statusCode).toBe(404);
      expect(await snapshot()).toEqual(before);
      expect(
        await ctx().db.selectFrom('memberships').select('role').where('user_id', '=', ownerB.userId).executeTakeFirstOrThrow(),
      ).toEqual(role);
    });

    test('an unknown organisation is 404', async () => {
      expectProblem(await bearer(app, ownerA.token, 'GET', '/api/v1/organisations/does-not-exist'), 404);
      expect((await ownerA.browser.get('/organisations/does-not-exist')).statusCode).toBe(404);
    });
  });

  describe('roles within an organisation', () => {
    test('a plain member reads the organisation and its members', async () => {
      const page = await memberA.browser.get(`/organisations/${A}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Anna Owner');
      expect(page.body).not.toContain(`/organisations/${A}/invitations`);
      const members = await bearer(app, memberA.token, 'GET', `/api/v1/organisations/${A}/members`);
      expect(members.statusCode).toBe(200);
      expect(
        members
          .json()
          .items.map((m: { role: string }) => m.role)
          .sort(),
      ).toEqual(['admin', 'member', 'owner']);
      const org = await bearer(app, memberA.token, 'GET', `/api/v1/organisations/${A}`);
      expect(org.json()).toMatchObject({ slug: A, role: 'member', memberCount: 3, kind: 'school' });
    });

    test('a plain member cannot invite, change roles or remove', async () => {
      const before = await snapshot();
      expect(
        (await memberA.browser.post(`/organisations/${A}/invitations`, { email: 'friend@example.org', role: 'member' })).statusCode,
      ).toBe(403);
      expect((await memberA.browser.post(`/organisations/${A}/members/${memberA.userId}`, { role: 'owner' })).statusCode).toBe(403);
      expect((await memberA.browser.post(`/organisations/${A}/members/${adminA.userId}/remove`)).statusCode).toBe(403);
      expectProblem(
        await bearer(app, memberA.token, 'POST', `/api/v1/organisations/${A}/invitations`, { email: 'friend@example.org', role: 'member' }),
        403,
      );
      expectProblem(
        await bearer(app, memberA.token, 'PATCH', `/api/v1/organisations/${A}/members/${memberA.userId}`, { role: 'owner' }),
        403,
      );
      expectProblem(await bearer(app, memberA.token, 'DELETE', `/api/v1/organisations/${A}/members/${adminA.userId}`), 403);
      expect(await snapshot()).toEqual(before);
      const role = await ctx().db.selectFrom('memberships').select('role').where('user_id', '=', memberA.userId).executeTakeFirstOrThrow();
      expect(role.role).toBe('member');
    });

    test('an admin invites and changes roles, but cannot make or touch an owner', async () => {
      const invited = await bearer(app, adminA.token, 'POST', `/api/v1/organisations/${A}/invitations`, {
        email: `New-${kind}@Example.org`,
        role: 'analyst',
      });
      expect(invited.statusCode).toBe(201);
      expect(invited.json()).toMatchObject({ email: `new-${kind}@example.org`, role: 'analyst' });
      expectProblem(
        await bearer(app, adminA.token, 'POST', `/api/v1/organisations/${A}/invitations`, { email: 'boss@example.org', role: 'owner' }),
        403,
      );
      const changed = await bearer(app, adminA.token, 'PATCH', `/api/v1/organisations/${A}/members/${memberA.userId}`, {
        role: 'facilitator',
      });
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ userId: memberA.userId, role: 'facilitator' });
      expectProblem(
        await bearer(app, adminA.token, 'PATCH', `/api/v1/organisations/${A}/members/${memberA.userId}`, { role: 'owner' }),
        403,
      );
      expectProblem(
        await bearer(app, adminA.token, 'PATCH', `/api/v1/organisations/${A}/members/${ownerA.userId}`, { role: 'member' }),
        403,
      );
      expectProblem(await bearer(app, adminA.token, 'DELETE', `/api/v1/organisations/${A}/members/${ownerA.userId}`), 403);
      // The page form changes a role too.
      const viaPage = await adminA.browser.post(`/organisations/${A}/members/${memberA.userId}`, { role: 'issuer' });
      expect(viaPage.statusCode).toBe(303);
      const role = await ctx().db.selectFrom('memberships').select('role').where('user_id', '=', memberA.userId).executeTakeFirstOrThrow();
      expect(role.role).toBe('issuer');
      // Inviting someone who is a member already is a form error on the email field.
      const dup = await adminA.browser.post(`/organisations/${A}/invitations`, { email: memberA.email, role: 'member' });
      expect(dup.statusCode).toBe(400);
      expect(dup.body).toContain('id="email-error"');
    });

    test('the last owner can neither be demoted nor removed', async () => {
      const conflict = expectProblem(
        await bearer(app, ownerA.token, 'PATCH', `/api/v1/organisations/${A}/members/${ownerA.userId}`, { role: 'admin' }),
        409,
      );
      expect(conflict).toMatchObject({ code: 'accounts:errors.lastOwner', field: 'role' });
      expect(conflict.detail).toContain('An organisation needs at least one owner');
      expectProblem(await bearer(app, ownerA.token, 'DELETE', `/api/v1/organisations/${A}/members/${ownerA.userId}`), 409);
      const page = await ownerA.browser.post(`/organisations/${A}/members/${ownerA.userId}/remove`);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('An organisation needs at least one owner');
      // With a second owner the first may step down, and a member can be removed.
      expect(
        (await bearer(app, ownerA.token, 'PATCH', `/api/v1/organisations/${A}/members/${adminA.userId}`, { role: 'owner' })).statusCode,
      ).toBe(200);
      expect(
        (await bearer(app, ownerA.token, 'PATCH', `/api/v1/organisations/${A}/members/${ownerA.userId}`, { role: 'admin' })).statusCode,
      ).toBe(200);
      const removed = await bearer(app, adminA.token, 'DELETE', `/api/v1/organisations/${A}/members/${memberA.userId}`);
      expect(removed.statusCode).toBe(204);
      expect((await memberA.browser.get(`/organisations/${A}`)).statusCode).toBe(403);
    });
  });

  describe('the network operator', () => {
    test('sees every organisation with member counts, and the outbox', async () => {
      const api = await bearer(app, operator.token, 'GET', '/api/v1/organisations');
      const slugs = api.json().items.map((o: { slug: string }) => o.slug);
      expect(slugs).toEqual(expect.arrayContaining([A, B]));
      expect((await bearer(app, operator.token, 'GET', `/api/v1/organisations/${B}`)).json()).toMatchObject({
        slug: B,
        role: null,
        memberCount: 1,
      });
      const page = await operator.browser.get('/admin/organisations');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Organisation A');
      expect(page.body).toContain('Organisation B');
      await ctx().mail.send({ to: 'first@example.org', subject: `First ${kind}`, text: 'first body' });
      await new Promise((r) => setTimeout(r, 5));
      await ctx().mail.send({ to: 'second@example.org', subject: `Second ${kind}`, text: 'second body\nwith a second line' });
      const outbox = await operator.browser.get('/admin/outbox');
      expect(outbox.statusCode).toBe(200);
      expect(outbox.body.indexOf(`Second ${kind}`)).toBeLessThan(outbox.body.indexOf(`First ${kind}`));
      expect(outbox.body).toContain('second body\nwith a second line');
    });

    test('nobody else reaches the operator pages', async () => {
      for (const p of [ownerA, memberA, ownerB]) {
        expect((await p.browser.get('/admin/organisations')).statusCode).toBe(403);
        expect((await p.browser.get('/admin/outbox')).statusCode).toBe(403);
      }
    });

    test('requireOrgRole lets the operator pass and refuses outsiders', async () => {
      const operatorUser = {
        id: operator.userId,
        email: operator.email,
        name: 'Olga',
        isOperator: true,
        emailConfirmed: true,
        locale: null,
      };
      await expect(requireOrgRole(ctx(), operatorUser, B, ['owner'])).resolves.toMatchObject({ organisation: { slug: B }, role: null });
      const outsider = { ...operatorUser, id: memberA.userId, isOperator: false };
      await expect(requireOrgRole(ctx(), outsider, B)).rejects.toMatchObject({ status: 403, code: 'accounts:errors.notMember' });
    });
  });
});
