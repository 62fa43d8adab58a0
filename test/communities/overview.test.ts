import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { facilitatorOverview, lastMonths } from '../../src/communities/overview/service.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Cast, cast, json, register, session } from './part-b-support.ts';

describe('months of the overview', () => {
  test('the last 12 months up to this one, oldest first, across a year', () => {
    const months = lastMonths(new Date('2026-02-15T12:00:00Z'), 12);
    expect(months[0]).toBe('2025-03');
    expect(months[11]).toBe('2026-02');
    expect(months).toHaveLength(12);
  });
});

describeEachDatabase('communities part B: facilitator overview', (ctx) => {
  let app: FastifyInstance;
  let c: Cast;
  const day = 86_400_000;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    c = await cast(ctx(), app);
    const [mila, noor, otto] = c.members;
    const s1 = await session(ctx(), c.a.id, { title: 'Kick-off <script>alert(1)</script>', startsAt: new Date(Date.now() - 60 * day) });
    const s2 = await session(ctx(), c.a.id, { title: 'Second', startsAt: new Date(Date.now() - 20 * day) });
    await session(ctx(), c.a.id, { title: 'Upcoming' });
    await register(ctx(), s1, [mila.user, noor.user, otto.user]);
    await register(ctx(), s2, [mila.user, noor.user]);
    for (const [sid, users] of [
      [s1, [mila, noor, otto]],
      [s2, [mila]],
    ] as const)
      for (const u of users)
        await ctx()
          .db.insertInto('community_attendance')
          .values({
            session_id: sid,
            user_id: u.user.id,
            method: 'code',
            recorded_by: null,
            checked_in_at: new Date(Date.now() - (sid === s1 ? 60 : 20) * day),
          })
          .execute();
    const action = (status: 'open' | 'done' | 'dropped', due: string | null) => ({
      community_id: c.a.id,
      session_id: s1,
      theme_id: null,
      title: `Action ${status}`,
      owner_user_id: mila.user.id,
      due_on: due,
      status,
      done_at: status === 'done' ? new Date() : null,
      overdue_mailed_at: null,
      created_by: null,
    });
    await ctx()
      .db.insertInto('community_actions')
      .values([action('open', '2020-01-01'), action('open', null), action('done', null), action('dropped', null)])
      .execute();
    const rule = await ctx()
      .db.insertInto('community_badge_rules')
      .values({
        community_id: c.a.id,
        theme_id: null,
        kind: 'attended',
        threshold: 1,
        achievement_id: crypto.randomUUID(),
        issuer_user_id: c.facilitator.user.id,
        active: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx()
      .db.insertInto('community_badge_awards')
      .values([
        { rule_id: rule.id, user_id: mila.user.id, credential_id: crypto.randomUUID(), issued_at: new Date() },
        { rule_id: rule.id, user_id: noor.user.id, credential_id: crypto.randomUUID(), issued_at: new Date() },
      ])
      .execute();
  });
  afterAll(() => app.close());

  test('the figures: attendance per past session, active members, actions, badges by month', async () => {
    const data = await facilitatorOverview(ctx(), c.a.id);
    expect(data.attendance.map((s) => [s.registered, s.attended])).toEqual([
      [3, 3],
      [2, 1],
    ]);
    expect(data.members).toBe(4);
    expect(data.activeRecently).toBe(3);
    expect(data.actions).toEqual({ open: 2, done: 1, dropped: 1, overdue: 1 });
    expect(data.badgesTotal).toBe(2);
    expect(data.badgesByMonth.at(-1)?.count).toBe(2);
    expect(data.activeByMonth.reduce((n, m) => n + m.count, 0)).toBeGreaterThanOrEqual(3);
  });

  test('the page: four SVG charts made on the server, each with its table; nothing of a title as markup', async () => {
    const page = await c.facilitator.browser.get(`/communities/${c.a.slug}/overview`);
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<svg /g)).toHaveLength(4);
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('Kick-off &lt;script>');
    expect(page.body).toContain('Action items: 2 open (1 overdue), 1 done');
    expect(page.body).toContain('2 participation badges issued');
    expect(page.body).toContain('role="img"');
    const community = await c.facilitator.browser.get(`/communities/${c.a.slug}`);
    expect(community.body).toContain(`/communities/${c.a.slug}/overview`);
    const data = await json(c.facilitator.browser, 'GET', `/communities/${c.a.slug}/overview`);
    expect(data.json().actions.open).toBe(2);
    const nl = c.facilitator.browser;
    (nl as { lang: string }).lang = 'nl';
    const dutch = await nl.get(`/communities/${c.a.slug}/overview`);
    expect(dutch.body).toContain('Overzicht voor facilitators');
    expect(dutch.body).toContain('Actiepunten: 2 open (1 over tijd), 1 klaar');
    expect(dutch.body).not.toMatch(/charts\.[a-z]/);
    (nl as { lang: string }).lang = 'en';
  });

  test('only facilitators: signed out, stranger, another community, member', async () => {
    const url = `/communities/${c.a.slug}/overview`;
    expect((await c.signedOut.get(url)).statusCode).toBe(302);
    expect((await c.stranger.browser.get(url)).statusCode).toBe(404);
    expect((await c.otherFacilitator.browser.get(url)).statusCode).toBe(404);
    expect((await c.members[0].browser.get(url)).statusCode).toBe(403);
    expect((await c.stranger.browser.get(`/communities/${c.b.slug}/overview`)).statusCode).toBe(403);
    expect((await c.members[0].browser.get(`/communities/${c.a.slug}`)).body).not.toContain(url);
  });
});
