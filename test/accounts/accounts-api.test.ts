import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/http/app.ts';
import { sha256 } from '../../src/platform/crypto.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { bearer, count, expectProblem, signedInBrowser } from './support.ts';

describeEachDatabase('API tokens and the JSON API', (ctx, kind) => {
  let app: FastifyInstance;
  let person: Awaited<ReturnType<typeof signedInBrowser>>;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    person = await signedInBrowser(ctx(), app, { name: 'Tom Token' });
  });
  afterAll(() => app.close());

  test('a token is created with a session, shown once, stored as its sha256, and listed without it', async () => {
    const created = await person.browser.api('POST', '/api/v1/tokens', { name: 'import script' });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.token).toMatch(/^vdg_[A-Za-z0-9_-]{40,}$/);
    expect(body.token.startsWith(body.prefix)).toBe(true);
    const row = await ctx().db.selectFrom('api_tokens').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(body.token));
    expect(JSON.stringify(row)).not.toContain(body.token);

    const list = await person.browser.api('GET', '/api/v1/tokens');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      { id: body.id, name: 'import script', prefix: body.prefix, createdAt: expect.any(String), lastUsedAt: null },
    ]);
    expect(list.body).not.toContain(body.token);

    const me = await bearer(app, body.token, 'GET', '/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      id: person.userId,
      email: person.email,
      name: 'Tom Token',
      emailConfirmed: true,
      isOperator: false,
      locale: null,
    });
    const used = await ctx().db.selectFrom('api_tokens').select('last_used_at').where('id', '=', body.id).executeTakeFirstOrThrow();
    expect(used.last_used_at).not.toBeNull();

    // A token cannot mint tokens.
    const before = await count(ctx(), 'api_tokens');
    expectProblem(await bearer(app, body.token, 'POST', '/api/v1/tokens', { name: 'child' }), 403);
    expect(await count(ctx(), 'api_tokens')).toBe(before);

    // Revoked: refused from then on.
    const revoked = await bearer(app, body.token, 'DELETE', `/api/v1/tokens/${body.id}`);
    expect(revoked.statusCode).toBe(204);
    expectProblem(await bearer(app, body.token, 'GET', '/api/v1/me'), 401);
  });

  test('the account page creates a token shown once, lists it and revokes it', async () => {
    const page = await person.browser.post('/account/tokens', { tokenName: 'page token' });
    expect(page.statusCode).toBe(201);
    const token =
      /id="new-token"[^>]*value="(vdg_[^"]+)"/.exec(page.body)?.[1] ?? /value="(vdg_[^"]+)"[^>]*id="new-token"/.exec(page.body)?.[1];
    expect(token).toBeTruthy();
    expect((await bearer(app, token as string, 'GET', '/api/v1/me')).statusCode).toBe(200);
    const again = await person.browser.get('/account');
    expect(again.body).toContain('page token');
    expect(again.body).not.toContain(token as string);
    const id = (
      await ctx()
        .db.selectFrom('api_tokens')
        .select('id')
        .where('token_hash', '=', sha256(token as string))
        .executeTakeFirstOrThrow()
    ).id;
    expect((await person.browser.post(`/account/tokens/${id}/revoke`)).statusCode).toBe(303);
    expectProblem(await bearer(app, token as string, 'GET', '/api/v1/me'), 401);
    const empty = await person.browser.post('/account/tokens', { tokenName: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="tokenName-error"');
  });

  test('the profile form saves name and language', async () => {
    const saved = await person.browser.post('/account', { name: 'Tom Tokens', locale: 'nl' });
    expect(saved.statusCode).toBe(303);
    const page = await person.browser.get('/account');
    expect(page.body).toContain('<html lang="nl">');
    expect(page.body).toContain('Je profiel is opgeslagen.');
    const bad = await person.browser.post('/account', { name: '', locale: 'fr' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="name-error"');
    expect(bad.body).toContain('id="locale-error"');
    const user = await ctx().db.selectFrom('users').select(['name', 'locale']).where('id', '=', person.userId).executeTakeFirstOrThrow();
    expect(user).toEqual({ name: 'Tom Tokens', locale: 'nl' });
  });

  test('organisations through the API: create, read, invite; unconfirmed accounts cannot create', async () => {
    const created = await person.browser.api('POST', '/api/v1/organisations', {
      slug: `api-org-${kind}`,
      name: 'API Org',
      kind: 'training-provider',
      website: 'https://api.example',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      slug: `api-org-${kind}`,
      role: 'owner',
      memberCount: 1,
      kind: 'training-provider',
      website: 'https://api.example',
    });
    const taken = expectProblem(await person.browser.api('POST', '/api/v1/organisations', { slug: `api-org-${kind}`, name: 'Again' }), 409);
    expect(taken.field).toBe('slug');
    const invite = await person.browser.api('POST', `/api/v1/organisations/api-org-${kind}/invitations`, {
      email: 'colleague@example.org',
      role: 'issuer',
    });
    expect(invite.statusCode).toBe(201);
    const mail = await ctx()
      .db.selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', 'colleague@example.org')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain('http://vaardig.test/invitations/');

    const unconfirmed = await signedInBrowser(ctx(), app, { confirmed: false });
    const before = await count(ctx(), 'organisations');
    const refused = expectProblem(
      await unconfirmed.browser.api('POST', '/api/v1/organisations', { slug: `nope-${kind}`, name: 'Nope' }),
      403,
    );
    expect(refused.code).toBe('accounts:errors.emailNotConfirmed');
    expect(refused.detail).toMatch(/Confirm your email address/);
    expect(await count(ctx(), 'organisations')).toBe(before);
  });

  test('the API is described in the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const path of [
      '/api/v1/me',
      '/api/v1/organisations',
      '/api/v1/organisations/{slug}',
      '/api/v1/organisations/{slug}/members',
      '/api/v1/organisations/{slug}/invitations',
      '/api/v1/organisations/{slug}/members/{userId}',
      '/api/v1/tokens',
      '/api/v1/tokens/{id}',
    ]) {
      expect(paths).toContain(path);
    }
    expect(paths.some((p) => p.startsWith('/signin') || p.startsWith('/organisations'))).toBe(false);
  });
});
