import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, person } from './support.ts';

describeEachDatabase('communities: joining, people, invitations, calls for applications', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  const memberRow = (communityId: string, userId: string) =>
    ctx()
      .db.selectFrom('community_members')
      .selectAll()
      .where('community_id', '=', communityId)
      .where('user_id', '=', userId)
      .executeTakeFirst();

  test('open: join at once; by request: a facilitator accepts; by invitation: no join button, join refused', async () => {
    const fac = await person(ctx(), app);
    const open = await community(ctx(), fac.user, { name: 'Open one' });
    const byRequest = await community(ctx(), fac.user, { name: 'Asked one', visibility: 'request' });
    const closed = await community(ctx(), fac.user, { name: 'Closed one', visibility: 'invitation' });
    const joiner = await person(ctx(), app, 'Joiner');
    expect((await joiner.browser.post(`/communities/${open.slug}/join`)).statusCode).toBe(303);
    expect((await memberRow(open.id, joiner.user.id))?.status).toBe('active');
    expect((await joiner.browser.post(`/communities/${byRequest.slug}/join`)).statusCode).toBe(303);
    expect((await memberRow(byRequest.id, joiner.user.id))?.status).toBe('requested');
    // A request is no membership: the members list stays closed to them.
    expect((await joiner.browser.get(`/communities/${byRequest.slug}`)).body).not.toContain('<h2>Members</h2>');
    const membersPage = await fac.browser.get(`/communities/${byRequest.slug}/members`);
    expect(membersPage.body).toContain('Accept Joiner');
    expect((await fac.browser.post(`/communities/${byRequest.slug}/members/${joiner.user.id}`, { role: 'member' })).statusCode).toBe(303);
    expect((await memberRow(byRequest.id, joiner.user.id))?.status).toBe('active');
    expect((await joiner.browser.post(`/communities/${closed.slug}/join`)).statusCode).toBe(404);
    expect(await memberRow(closed.id, joiner.user.id)).toBeUndefined();
    // Leaving.
    expect((await joiner.browser.post(`/communities/${open.slug}/leave`)).statusCode).toBe(303);
    expect(await memberRow(open.id, joiner.user.id)).toBeUndefined();
  });

  test('the last facilitator cannot leave or be made a member (409, nothing changed)', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    expect((await fac.browser.post(`/communities/${c.slug}/leave`)).statusCode).toBe(409);
    const changed = await fac.browser.post(`/communities/${c.slug}/members/${fac.user.id}`, { role: 'member' });
    expect(changed.statusCode).toBe(409);
    expect((await memberRow(c.id, fac.user.id))?.role).toBe('facilitator');
  });

  test('a guest expert with an angle, invited by mail, accepts with the invited address only', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { visibility: 'invitation' });
    const expert = await person(ctx(), app, 'Dina Didactics');
    const bad = await fac.browser.post(`/communities/${c.slug}/members/invite`, { email: 'not-an-address', role: 'expert', angle: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="email-error"');
    expect(bad.body).toContain('value="x"');
    const sent = await fac.browser.post(`/communities/${c.slug}/members/invite`, {
      email: expert.email,
      role: 'expert',
      angle: 'Didactic',
    });
    expect(sent.statusCode).toBe(303);
    const mail = await ctx()
      .db.selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', expert.email)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const link = /https?:\/\/[^\s/]+(\/communities\/invitations\/[A-Za-z0-9_-]+)/.exec(mail.text_body)?.[1] as string;
    expect(link).toBeTruthy();
    const stranger = await person(ctx(), app);
    expect((await stranger.browser.post(link)).statusCode).toBe(403);
    expect((await new Browser(app).post(link)).statusCode).toBe(401);
    expect((await expert.browser.get(link)).statusCode).toBe(200);
    expect((await expert.browser.post(link)).statusCode).toBe(303);
    const row = await memberRow(c.id, expert.user.id);
    expect([row?.role, row?.angle, row?.status]).toEqual(['expert', 'Didactic', 'active']);
    expect((await expert.browser.post(link)).statusCode).toBe(404);
    const page = await expert.browser.get(`/communities/${c.slug}`);
    expect(page.body).toContain('Guest expert');
    expect(page.body).toContain('Didactic');
  });

  test('members page and member changes: facilitators only', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const otherFac = await person(ctx(), app);
    await community(ctx(), otherFac.user);
    for (const who of [member, otherFac]) {
      expect((await who.browser.get(`/communities/${c.slug}/members`)).statusCode).toBe(403);
      expect((await who.browser.post(`/communities/${c.slug}/members/${member.user.id}`, { role: 'facilitator' })).statusCode).toBe(403);
      expect((await who.browser.post(`/communities/${c.slug}/members/${fac.user.id}/remove`)).statusCode).toBe(403);
      expect((await who.browser.post(`/communities/${c.slug}/members/invite`, { email: 'x@example.org' })).statusCode).toBe(403);
    }
    expect((await new Browser(app).post(`/communities/${c.slug}/members/invite`, { email: 'x@example.org' })).statusCode).toBe(401);
    expect((await memberRow(c.id, member.user.id))?.role).toBe('member');
    const bad = await fac.browser.post(`/communities/${c.slug}/members/${member.user.id}`, { role: 'boss', angle: 'a'.repeat(201) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="role-error"');
    expect(bad.body).toContain('id="angle-error"');
    expect((await fac.browser.post(`/communities/${c.slug}/members/${member.user.id}`, { role: 'member', core: 'on' })).statusCode).toBe(
      303,
    );
    expect((await memberRow(c.id, member.user.id))?.core).toBe(true);
    expect((await fac.browser.post(`/communities/${c.slug}/members/${member.user.id}/remove`)).statusCode).toBe(303);
    expect(await memberRow(c.id, member.user.id)).toBeUndefined();
  });

  test('a call for applications: questions answered, facilitators select a core group, admit or decline', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { visibility: 'invitation' });
    const bad = await fac.browser.post(`/communities/${c.slug}/calls/new`, { title: '', questions: 'Q', closesOn: '31-12-2030' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="title-error"');
    expect(bad.body).toContain('id="closesOn-error"');
    const created = await fac.browser.post(`/communities/${c.slug}/calls/new`, {
      title: 'Core group 2027',
      description: 'Join us',
      questions: 'Why do you want to join?\nWhat project do you bring?',
      closesOn: '2099-12-31',
    });
    expect(created.statusCode).toBe(303);
    const callPath = created.headers.location as string;
    const [a, b, d] = [await person(ctx(), app, 'Ann'), await person(ctx(), app, 'Ben'), await person(ctx(), app, 'Dirk')];
    // Anyone with the link sees the call, even of a community by invitation.
    const form = await a.browser.get(callPath);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('What project do you bring?');
    const missing = await a.browser.post(`${callPath}/apply`, { answer0: 'Because', answer1: '' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="answer1-error"');
    expect(missing.body).toContain('Because');
    for (const p of [a, b, d])
      expect((await p.browser.post(`${callPath}/apply`, { answer0: 'Because', answer1: 'Mine' })).statusCode).toBe(303);
    // Only facilitators see and decide on the applications.
    expect((await a.browser.get(callPath)).body).not.toContain('Select for the core group');
    const review = await fac.browser.get(callPath);
    expect(review.body).toContain('Ben');
    const ids = [...review.body.matchAll(/\/communities\/applications\/([0-9a-f-]{36})\/decide/g)].map((m) => m[1]);
    expect(ids).toHaveLength(3);
    // An outsider of a community by invitation learns nothing of it: 404.
    expect((await a.browser.post(`/communities/applications/${ids[0]}/decide`, { decision: 'select' })).statusCode).toBe(404);
    expect((await fac.browser.post(`/communities/applications/${ids[0]}/decide`, { decision: 'crown' })).statusCode).toBe(400);
    expect((await fac.browser.post(`/communities/applications/${ids[0]}/decide`, { decision: 'select' })).statusCode).toBe(303);
    expect((await fac.browser.post(`/communities/applications/${ids[1]}/decide`, { decision: 'admit' })).statusCode).toBe(303);
    expect((await fac.browser.post(`/communities/applications/${ids[2]}/decide`, { decision: 'decline' })).statusCode).toBe(303);
    const rows = await ctx().db.selectFrom('community_members').selectAll().where('community_id', '=', c.id).execute();
    const byUser = new Map(rows.map((r) => [r.user_id, r]));
    expect(byUser.get(a.user.id)?.core).toBe(true);
    expect(byUser.get(b.user.id)?.core).toBe(false);
    expect(byUser.has(d.user.id)).toBe(false);
    expect((await a.browser.get(`/communities/${c.slug}`)).statusCode).toBe(200);
    // Closing: no more applications.
    expect((await a.browser.post(`${callPath}/close`)).statusCode).toBe(403);
    expect((await fac.browser.post(`${callPath}/close`)).statusCode).toBe(303);
    expect((await d.browser.post(`${callPath}/apply`, { answer0: 'x', answer1: 'y' })).statusCode).toBe(409);
    expect((await new Browser(app).post(`${callPath}/apply`, { answer0: 'x', answer1: 'y' })).statusCode).toBe(401);
  });
});
