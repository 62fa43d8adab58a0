import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, DAY, person, sessionAt } from './support.ts';

/**
 * The routes not covered route by route in the other files: for each, a person signed out, a
 * member where a facilitator is needed, and someone outside a community by invitation.
 */
describeEachDatabase('communities: authorisation of the remaining routes', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('signed out: every page sends to sign-in, every post is 401', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const s = await sessionAt(ctx(), c.id, new Date(Date.now() - 10 * 60_000));
    const anonymous = new Browser(app);
    for (const path of [
      '/communities/my-actions',
      '/communities/calendar',
      `/communities/${c.slug}/calendar`,
      `/communities/${c.slug}/members`,
      `/communities/${c.slug}/calls/new`,
      `/communities/${c.slug}/badges`,
      `/communities/${c.slug}/directory`,
      `/communities/${c.slug}/sessions/new`,
      `/communities/sessions/${s}`,
      `/communities/sessions/${s}/edit`,
      `/communities/sessions/${s}/check-in`,
      `/communities/sessions/${s}/code`,
      `/communities/sessions/${s}/code/live`,
      `/communities/invitations/whatever`,
    ]) {
      const res = await anonymous.get(path);
      expect(res.statusCode, path).toBe(302);
      expect(res.headers.location, path).toContain('/signin');
    }
    for (const path of [
      `/communities/${c.slug}/join`,
      `/communities/${c.slug}/leave`,
      `/communities/${c.slug}/calls/new`,
      `/communities/${c.slug}/badges/run`,
      '/communities/calendar/reset',
      `/communities/sessions/${s}/register`,
      `/communities/sessions/${s}/cancel-registration`,
      `/communities/sessions/${s}/attendance`,
    ])
      expect((await anonymous.post(path, {})).statusCode, path).toBe(401);
  });

  test('a member is refused what facilitators do (403); someone outside a community by invitation finds nothing (404)', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { visibility: 'invitation' });
    const s = await sessionAt(ctx(), c.id, new Date(Date.now() - 10 * 60_000));
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const outsider = await person(ctx(), app);
    await community(ctx(), outsider.user);
    const rule = await ctx()
      .db.insertInto('community_badge_rules')
      .values({
        community_id: c.id,
        theme_id: null,
        kind: 'attended',
        threshold: 1,
        achievement_id: crypto.randomUUID(),
        issuer_user_id: fac.user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const path of [`/communities/${c.slug}/calls/new`, `/communities/sessions/${s}/code/live`, `/communities/${c.slug}/badges`]) {
      expect((await member.browser.get(path)).statusCode, path).toBe(403);
      expect((await outsider.browser.get(path)).statusCode, path).toBe(404);
    }
    expect((await member.browser.post(`/communities/${c.slug}/calls/new`, { title: 'X' })).statusCode).toBe(403);
    expect((await member.browser.post(`/communities/rules/${rule.id}/active`, { active: 'off' })).statusCode).toBe(403);
    expect((await outsider.browser.post(`/communities/rules/${rule.id}/active`, { active: 'off' })).statusCode).toBe(404);
    expect(
      (await ctx().db.selectFrom('community_badge_rules').select('active').where('id', '=', rule.id).executeTakeFirstOrThrow()).active,
    ).toBe(true);
    // Outside the community: no session page, no check-in page, no leaving or registering.
    expect((await outsider.browser.get(`/communities/sessions/${s}/check-in`)).statusCode).toBe(404);
    expect((await outsider.browser.post(`/communities/sessions/${s}/cancel-registration`)).statusCode).toBe(404);
    expect((await outsider.browser.post(`/communities/${c.slug}/leave`)).statusCode).toBe(404);
    expect((await outsider.browser.get(`/communities/${c.slug}/calendar`)).statusCode).toBe(404);
    expect(await ctx().db.selectFrom('community_calls').selectAll().where('community_id', '=', c.id).execute()).toEqual([]);
  });

  test('a cancelled or finished session takes no registrations (409)', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const past = await sessionAt(ctx(), c.id, new Date(Date.now() - 3 * DAY));
    expect((await member.browser.post(`/communities/sessions/${past}/register`)).statusCode).toBe(409);
    const future = await sessionAt(ctx(), c.id, new Date(Date.now() + 3 * DAY));
    expect((await fac.browser.post(`/communities/sessions/${future}/cancel`)).statusCode).toBe(303);
    expect((await member.browser.post(`/communities/sessions/${future}/register`)).statusCode).toBe(409);
    expect(await ctx().db.selectFrom('community_registrations').selectAll().where('user_id', '=', member.user.id).execute()).toEqual([]);
  });
});

describeEachDatabase('communities: addresses that are the module’s own paths', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('a community named like a fixed path (goals, calls, rules, …) gets another address, so its pages stay reachable', async () => {
    const fixed = new Set<string>();
    for (const { url } of app.routeTable.values()) {
      const word = /^\/communities\/([a-z-]+)(\/|$)/.exec(url)?.[1];
      if (word) fixed.add(word);
    }
    expect(fixed.has('goals')).toBe(true);
    const fac = await person(ctx(), app);
    for (const word of fixed) {
      const c = await community(ctx(), fac.user, { name: word });
      expect(fixed.has(c.slug), `community named ${word} got the address ${c.slug}`).toBe(false);
    }
  });
});
