import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addMember, createOrganisation } from '../../src/accounts/service.ts';
import { createApiToken } from '../../src/accounts/tokens.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { bearer, count, expectProblem, linkIn, signedInBrowser } from './support.ts';

type Person = Awaited<ReturnType<typeof signedInBrowser>> & { token: string };

describeEachDatabase('revoking and resending invitations', (ctx, kind) => {
  let app: FastifyInstance;
  let owner: Person;
  let admin: Person;
  let member: Person;
  let ownerB: Person;
  let operator: Person;
  const A = `inv-a-${kind}`;
  const B = `inv-b-${kind}`;
  let n = 0;

  async function person(options: Parameters<typeof signedInBrowser>[2] = {}): Promise<Person> {
    const p = await signedInBrowser(ctx(), app, options);
    return { ...p, token: (await createApiToken(ctx().db, p.userId, 'test')).token };
  }

  /** The path of the newest invitation link mailed to this address (mails go to the outbox here). */
  async function lastLink(email: string): Promise<string> {
    const mail = await ctx()
      .db.selectFrom('mail_outbox')
      .select('text_body')
      .where('to_address', '=', email)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    return linkIn(mail.text_body, 'invitations');
  }

  async function invite(by: Person, role = 'member'): Promise<{ id: string; email: string }> {
    n += 1;
    const email = `guest${n}-${kind}@example.org`;
    const response = await bearer(app, by.token, 'POST', `/api/v1/organisations/${A}/invitations`, { email, role });
    expect(response.statusCode, response.body).toBe(201);
    return { id: response.json().id, email };
  }

  async function invitationRow(id: string) {
    return ctx().db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    owner = await person({ name: 'Olive Owner' });
    admin = await person({ name: 'Adam Admin' });
    member = await person({ name: 'Mia Member' });
    ownerB = await person({ name: 'Ben Owner' });
    operator = await person({ name: 'Otto Operator', operator: true });
    const a = await createOrganisation(ctx().db, { slug: A, name: 'Org A', kind: 'school' }, owner.userId);
    await addMember(ctx().db, a.id, admin.userId, 'admin');
    await addMember(ctx().db, a.id, member.userId, 'member');
    await createOrganisation(ctx().db, { slug: B, name: 'Org B', kind: 'employer' }, ownerB.userId);
  });
  afterAll(() => app.close());

  test('the API revokes an invitation: its link is dead and it leaves the list', async () => {
    const { id, email } = await invite(admin);
    const link = await lastLink(email);
    expect((await owner.browser.get(link)).statusCode).toBe(200);
    const listed = await bearer(app, admin.token, 'GET', `/api/v1/organisations/${A}/invitations`);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toContain(id);

    const revoked = await bearer(app, admin.token, 'DELETE', `/api/v1/organisations/${A}/invitations/${id}`);
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect(await invitationRow(id)).toBeUndefined();
    expect((await owner.browser.get(link)).statusCode).toBe(404);
    const after = await bearer(app, admin.token, 'GET', `/api/v1/organisations/${A}/invitations`);
    expect(after.json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    // Twice is not found.
    expectProblem(await bearer(app, admin.token, 'DELETE', `/api/v1/organisations/${A}/invitations/${id}`), 404);
  });

  test('the API resends an invitation with a new link; the old link is dead, the new one accepts', async () => {
    const { id, email } = await invite(owner, 'issuer');
    const oldLink = await lastLink(email);
    // Let it nearly expire, to see the resend renew it.
    await ctx()
      .db.updateTable('invitations')
      .set({ expires_at: new Date(Date.now() + 60_000) })
      .where('id', '=', id)
      .execute();
    const resent = await bearer(app, admin.token, 'POST', `/api/v1/organisations/${A}/invitations/${id}/resend`);
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json()).toMatchObject({ id, email, role: 'issuer' });
    expect(new Date(resent.json().expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const newLink = await lastLink(email);
    expect(newLink).not.toBe(oldLink);

    const invitee = await signedInBrowser(ctx(), app);
    await ctx().db.updateTable('users').set({ email }).where('id', '=', invitee.userId).execute();
    expect((await invitee.browser.get(oldLink)).statusCode).toBe(404);
    expect((await invitee.browser.post(oldLink)).statusCode).toBe(404);
    expect((await invitee.browser.get(newLink)).statusCode).toBe(200);
    const accepted = await invitee.browser.post(newLink);
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/organisations/${A}`);
    // An accepted invitation can be neither resent nor revoked.
    expectProblem(await bearer(app, owner.token, 'POST', `/api/v1/organisations/${A}/invitations/${id}/resend`), 404);
    expectProblem(await bearer(app, owner.token, 'DELETE', `/api/v1/organisations/${A}/invitations/${id}`), 404);
  });

  test('the organisation page shows resend and revoke buttons that work', async () => {
    const { id, email } = await invite(owner);
    const oldLink = await lastLink(email);
    const page = await admin.browser.get(`/organisations/${A}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/organisations/${A}/invitations/${id}/resend"`);
    expect(page.body).toContain(`action="/organisations/${A}/invitations/${id}/revoke"`);

    const resent = await admin.browser.post(`/organisations/${A}/invitations/${id}/resend`);
    expect(resent.statusCode).toBe(303);
    expect(resent.headers.location).toBe(`/organisations/${A}#invite`);
    expect((await admin.browser.get(`/organisations/${A}`)).body).toContain('previous link no longer works');
    const newLink = await lastLink(email);
    expect(newLink).not.toBe(oldLink);
    expect((await admin.browser.get(oldLink)).statusCode).toBe(404);

    const revoked = await admin.browser.post(`/organisations/${A}/invitations/${id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect(await invitationRow(id)).toBeUndefined();
    expect((await admin.browser.get(newLink)).statusCode).toBe(404);

    // Dutch texts are there too.
    const other = await invite(owner);
    const nl = await signedInBrowser(ctx(), app);
    await addMember(
      ctx().db,
      (await ctx().db.selectFrom('organisations').select('id').where('slug', '=', A).executeTakeFirstOrThrow()).id,
      nl.userId,
      'admin',
    );
    nl.browser.cookies.set('vaardig_lang', 'nl');
    const dutch = await nl.browser.get(`/organisations/${A}`);
    expect(dutch.body).toContain('Opnieuw sturen');
    expect(dutch.body).toContain('Intrekken');
    expect(dutch.body).toContain(other.email);
  });

  test('members who do not manage, other organisations and signed-out callers are refused; nothing changes', async () => {
    const { id, email } = await invite(owner);
    const link = await lastLink(email);
    const before = await invitationRow(id);
    const mails = await count(ctx(), 'mail_outbox');
    const api = (p: Person, method: 'POST' | 'DELETE', action = '') =>
      bearer(app, p.token, method, `/api/v1/organisations/${A}/invitations/${id}${action}`);

    // A plain member of A.
    expectProblem(await api(member, 'DELETE'), 403);
    expectProblem(await api(member, 'POST', '/resend'), 403);
    expectProblem(await bearer(app, member.token, 'GET', `/api/v1/organisations/${A}/invitations`), 403);
    expect((await member.browser.post(`/organisations/${A}/invitations/${id}/revoke`)).statusCode).toBe(403);
    expect((await member.browser.post(`/organisations/${A}/invitations/${id}/resend`)).statusCode).toBe(403);
    expect((await member.browser.get(`/organisations/${A}`)).body).not.toContain(`/invitations/${id}/`);

    // The owner of B, through A's address and through B's.
    expectProblem(await api(ownerB, 'DELETE'), 403);
    expectProblem(await api(ownerB, 'POST', '/resend'), 403);
    expectProblem(await bearer(app, ownerB.token, 'DELETE', `/api/v1/organisations/${B}/invitations/${id}`), 404);
    expectProblem(await bearer(app, ownerB.token, 'POST', `/api/v1/organisations/${B}/invitations/${id}/resend`), 404);
    expect((await ownerB.browser.post(`/organisations/${A}/invitations/${id}/revoke`)).statusCode).toBe(403);
    expect((await ownerB.browser.post(`/organisations/${B}/invitations/${id}/revoke`)).statusCode).toBe(404);
    expect((await ownerB.browser.post(`/organisations/${B}/invitations/${id}/resend`)).statusCode).toBe(404);

    // Signed out.
    expectProblem(await app.inject({ method: 'DELETE', url: `/api/v1/organisations/${A}/invitations/${id}` }), 401);
    expectProblem(await app.inject({ method: 'POST', url: `/api/v1/organisations/${A}/invitations/${id}/resend` }), 401);

    // Without the CSRF token a browser's post is refused.
    expect((await owner.browser.post(`/organisations/${A}/invitations/${id}/revoke`, {}, { csrf: false })).statusCode).toBe(403);

    // Not a uuid.
    expectProblem(await bearer(app, owner.token, 'DELETE', `/api/v1/organisations/${A}/invitations/not-a-uuid`), 400);
    expect((await owner.browser.post(`/organisations/${A}/invitations/not-a-uuid/revoke`)).statusCode).toBe(404);

    expect(await invitationRow(id)).toEqual(before);
    expect(await count(ctx(), 'mail_outbox')).toBe(mails);
    expect((await owner.browser.get(link)).statusCode).toBe(200);
  });

  test('only owners and the operator touch an invitation to become owner', async () => {
    const { id } = await invite(owner, 'owner');
    expectProblem(await bearer(app, admin.token, 'DELETE', `/api/v1/organisations/${A}/invitations/${id}`), 403);
    expectProblem(await bearer(app, admin.token, 'POST', `/api/v1/organisations/${A}/invitations/${id}/resend`), 403);
    expect((await admin.browser.get(`/organisations/${A}`)).body).not.toContain(`/invitations/${id}/`);
    expect((await bearer(app, operator.token, 'POST', `/api/v1/organisations/${A}/invitations/${id}/resend`)).statusCode).toBe(200);
    expect((await bearer(app, owner.token, 'DELETE', `/api/v1/organisations/${A}/invitations/${id}`)).statusCode).toBe(204);
  });

  test('sending and resending invitations is rate limited', async () => {
    const limited = await buildApp(ctx(), { logger: false, authRateLimit: 2 });
    try {
      const invite = (i: number) =>
        bearer(limited, owner.token, 'POST', `/api/v1/organisations/${A}/invitations`, {
          email: `flood${i}-${kind}@example.org`,
          role: 'member',
        });
      expect((await invite(1)).statusCode).toBe(201);
      const { id } = (await invite(2)).json();
      const mails = await count(ctx(), 'mail_outbox');
      expectProblem(await invite(3), 429);
      expect(await count(ctx(), 'mail_outbox')).toBe(mails);
      // Resending has a limit of its own.
      const resend = () => bearer(limited, owner.token, 'POST', `/api/v1/organisations/${A}/invitations/${id}/resend`);
      expect((await resend()).statusCode).toBe(200);
      expect((await resend()).statusCode).toBe(200);
      expectProblem(await resend(), 429);
      expect(await count(ctx(), 'mail_outbox')).toBe(mails + 2);
    } finally {
      await limited.close();
    }
  });
});
