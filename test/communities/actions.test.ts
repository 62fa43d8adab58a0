import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sendOverdueReminders } from '../../src/communities/actions.ts';
import { createTheme } from '../../src/communities/themes.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, DAY, person, sessionAt } from './support.ts';

describeEachDatabase('communities: action items carried into the next agenda, my actions, overdue mails', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  const actionOf = (title: string) =>
    ctx().db.selectFrom('community_actions').selectAll().where('title', '=', title).executeTakeFirstOrThrow();

  test("an item made in a session shows on the next session's agenda until it is done; my actions lists it", async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const member = await person(ctx(), app, 'Mo Member');
    await addToCommunity(ctx(), c.id, member.user);
    const past = await sessionAt(ctx(), c.id, new Date(Date.now() - 7 * DAY), { title: 'Last week' });
    const next = await sessionAt(ctx(), c.id, new Date(Date.now() + 7 * DAY), { title: 'Next week' });
    const later = await sessionAt(ctx(), c.id, new Date(Date.now() + 14 * DAY), { title: 'In two weeks' });
    const made = await member.browser.post(`/communities/sessions/${past}/actions`, {
      actionTitle: 'Write the <use case>',
      owner: member.user.id,
      dueOn: '2099-01-01',
    });
    expect(made.statusCode, made.body).toBe(303);
    const pastPage = await member.browser.get(`/communities/sessions/${past}`);
    expect(pastPage.body).toContain('Write the &lt;use case>');
    for (const id of [next, later]) {
      const page = await member.browser.get(`/communities/sessions/${id}`);
      expect(page.body).toContain('Open action items carried over');
      expect(page.body).toContain('Write the &lt;use case>');
    }
    const mine = await member.browser.get('/communities/my-actions');
    expect(mine.body).toContain('Write the &lt;use case>');
    const action = await actionOf('Write the <use case>');
    expect((await member.browser.post(`/communities/actions/${action.id}`, { status: 'done' })).statusCode).toBe(303);
    expect((await actionOf('Write the <use case>')).status).toBe('done');
    expect((await member.browser.get(`/communities/sessions/${later}`)).body).not.toContain('Write the &lt;use case>');
  });

  test('bad input: 400 naming the field; an owner who is no member is refused', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const s = await sessionAt(ctx(), c.id, new Date(Date.now() + DAY));
    const stranger = await person(ctx(), app);
    const bad = await fac.browser.post(`/communities/sessions/${s}/actions`, { actionTitle: '', dueOn: 'tomorrow' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="actionTitle-error"');
    expect(bad.body).toContain('id="dueOn-error"');
    const owner = await fac.browser.post(`/communities/sessions/${s}/actions`, { actionTitle: 'X', owner: stranger.user.id });
    expect(owner.statusCode).toBe(404);
    await fac.browser.post(`/communities/sessions/${s}/actions`, { actionTitle: 'Fine' });
    const action = await actionOf('Fine');
    expect((await fac.browser.post(`/communities/actions/${action.id}`, { status: 'finished' })).statusCode).toBe(400);
    expect(await ctx().db.selectFrom('community_actions').select('title').where('session_id', '=', s).execute()).toEqual([
      { title: 'Fine' },
    ]);
  });

  test('authorisation: members make items; only owner, maker or facilitators change them; outsiders nothing', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { visibility: 'invitation' });
    const [owner, other] = [await person(ctx(), app), await person(ctx(), app)];
    for (const p of [owner, other]) await addToCommunity(ctx(), c.id, p.user);
    const s = await sessionAt(ctx(), c.id, new Date(Date.now() + DAY));
    await fac.browser.post(`/communities/sessions/${s}/actions`, { actionTitle: 'Owned', owner: owner.user.id });
    const action = await actionOf('Owned');
    expect((await other.browser.post(`/communities/actions/${action.id}`, { status: 'done' })).statusCode).toBe(403);
    const outsider = await person(ctx(), app);
    await community(ctx(), outsider.user);
    expect((await outsider.browser.post(`/communities/actions/${action.id}`, { status: 'done' })).statusCode).toBe(404);
    expect((await outsider.browser.post(`/communities/sessions/${s}/actions`, { actionTitle: 'X' })).statusCode).toBe(404);
    expect((await new Browser(app).post(`/communities/actions/${action.id}`, { status: 'done' })).statusCode).toBe(401);
    expect((await new Browser(app).get('/communities/my-actions')).statusCode).toBe(302);
    expect((await actionOf('Owned')).status).toBe('open');
    expect((await owner.browser.post(`/communities/actions/${action.id}`, { status: 'done' })).statusCode).toBe(303);
    // A member of an open community who is not a member cannot make items there.
    const open = await community(ctx(), fac.user);
    const openSession = await sessionAt(ctx(), open.id, new Date(Date.now() + DAY));
    expect((await outsider.browser.post(`/communities/sessions/${openSession}/actions`, { actionTitle: 'X' })).statusCode).toBe(403);
  });

  test("action items are the members' own: someone signed in who is no member sees none on an open community's session page (as in the API)", async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const owner = await person(ctx(), app, 'Olga Owner');
    await addToCommunity(ctx(), c.id, owner.user);
    const theme = await createTheme(ctx(), fac.user, c.id, { title: 'Works councils' });
    const past = await sessionAt(ctx(), c.id, new Date(Date.now() - 7 * DAY), { themeId: theme.id });
    const next = await sessionAt(ctx(), c.id, new Date(Date.now() + 7 * DAY));
    await owner.browser.post(`/communities/sessions/${past}/actions`, { actionTitle: 'Call the works council', owner: owner.user.id });
    const visitor = await person(ctx(), app);
    // Nor on the theme's timeline.
    expect((await owner.browser.get(`/communities/themes/${theme.id}`)).body).toContain('Call the works council');
    const themePage = await visitor.browser.get(`/communities/themes/${theme.id}`);
    expect(themePage.statusCode).toBe(200);
    expect(themePage.body).not.toContain('Call the works council');
    for (const id of [past, next]) {
      const member = await owner.browser.get(`/communities/sessions/${id}`);
      expect(member.body).toContain('Call the works council');
      const page = await visitor.browser.get(`/communities/sessions/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('Call the works council');
      expect(page.body).not.toContain('Olga Owner');
      const api = await visitor.browser.api('GET', `/api/v1/communities/${c.slug}/sessions/${id}`);
      expect(api.statusCode).toBe(200);
      expect(api.json()).toMatchObject({ actions: [], carriedActions: [] });
    }
  });

  test('overdue: the owner is mailed once, even when the job runs twice; a new due date may remind again', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const owner = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, owner.user);
    const s = await sessionAt(ctx(), c.id, new Date(Date.now() - 30 * DAY));
    await fac.browser.post(`/communities/sessions/${s}/actions`, { actionTitle: 'Late one', owner: owner.user.id, dueOn: '2020-01-01' });
    await fac.browser.post(`/communities/sessions/${s}/actions`, { actionTitle: 'On time', owner: owner.user.id, dueOn: '2099-01-01' });
    await Promise.all([sendOverdueReminders(ctx()), sendOverdueReminders(ctx())]);
    await sendOverdueReminders(ctx());
    const mails = async () =>
      (await ctx().db.selectFrom('mail_outbox').select('subject').where('to_address', '=', owner.email).execute()).map((m) => m.subject);
    expect(await mails()).toEqual(['Overdue: Late one']);
    const late = await actionOf('Late one');
    expect((await owner.browser.get('/communities/my-actions')).body).toContain('overdue');
    await owner.browser.post(`/communities/actions/${late.id}`, { dueOn: '2021-01-01' });
    await sendOverdueReminders(ctx());
    expect(await mails()).toEqual(['Overdue: Late one', 'Overdue: Late one']);
  });
});
