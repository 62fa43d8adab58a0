import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addMember } from '../../src/accounts/api.ts';
import { allItems } from '../../src/backpack/api.ts';
import { checkIn, currentCode } from '../../src/communities/attendance.ts';
import { evaluateRules } from '../../src/communities/badges.ts';
import { verifyInContext } from '../../src/credentials/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, DAY, librarySkill, person, sessionAt } from './support.ts';

describeEachDatabase('communities: participation badges issued once through the credentials module', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  const awards = (ruleId: string) => ctx().db.selectFrom('community_badge_awards').selectAll().where('rule_id', '=', ruleId).execute();

  test("attended 2 sessions of a theme: the badge, aligned to the theme's skills, is issued once (job run twice), verifies, and is in the backpack", async () => {
    const fac = await person(ctx(), app, 'Fenna');
    const c = await community(ctx(), fac.user);
    const skill = await librarySkill(ctx(), fac.user, 'Peer coaching', 'Intervisie');
    const theme = await fac.browser.post(`/communities/${c.slug}/themes/new`, { title: 'Coaching year', skill });
    const themeId = (theme.headers.location as string).split('/').pop() as string;
    const sessions = [
      await sessionAt(ctx(), c.id, new Date(Date.now() - 20 * DAY), { themeId }),
      await sessionAt(ctx(), c.id, new Date(Date.now() - 10 * DAY), { themeId }),
      await sessionAt(ctx(), c.id, new Date(Date.now() - 5 * DAY)),
    ];
    const [keen, once] = [await person(ctx(), app, 'Keen'), await person(ctx(), app, 'Once')];
    for (const p of [keen, once]) await addToCommunity(ctx(), c.id, p.user);
    for (const s of sessions) await fac.browser.post(`/communities/sessions/${s}/attendance`, { userId: keen.user.id, present: 'on' });
    // Once came to the theme's first session and to one outside the theme: not two of the theme.
    for (const s of [sessions[0], sessions[2]])
      await fac.browser.post(`/communities/sessions/${s}/attendance`, { userId: once.user.id, present: 'on' });
    const rule = await fac.browser.post(`/communities/${c.slug}/badges`, {
      kind: 'attended',
      threshold: '2',
      theme: themeId,
      name: 'Coaching year participant',
      description: 'Took part in the coaching year.',
    });
    expect(rule.statusCode, rule.body).toBe(303);
    const ruleRow = await ctx()
      .db.selectFrom('community_badge_rules')
      .selectAll()
      .where('community_id', '=', c.id)
      .executeTakeFirstOrThrow();
    // The first session's report is published: it is evidence too.
    const report = await ctx()
      .db.insertInto('community_reports')
      .values({
        community_id: c.id,
        session_id: sessions[0],
        theme_id: themeId,
        title: 'Report',
        body: 'What we learned.',
        skill_ids: '[]' as never,
        status: 'published',
        published_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const [a, b] = await Promise.all([evaluateRules(ctx(), { communityId: c.id }), evaluateRules(ctx(), { communityId: c.id })]);
    const again = await evaluateRules(ctx(), { communityId: c.id });
    expect(a.issued + b.issued + again.issued).toBe(1);
    const given = await awards(ruleRow.id);
    expect(given.map((g) => g.user_id)).toEqual([keen.user.id]);
    const issued = await ctx()
      .db.selectFrom('issued_credentials')
      .selectAll()
      .where('achievement_id', '=', ruleRow.achievement_id)
      .execute();
    expect(issued).toHaveLength(1);
    const document = issued[0].document as Record<string, any>;
    expect(document.evidence.map((e: { id: string }) => e.id).sort()).toEqual(
      [
        ...sessions.slice(0, 2).map((s) => `http://vaardig.test/communities/sessions/${s}`),
        `http://vaardig.test/communities/${c.slug}/reports/${report.id}`,
      ].sort(),
    );
    const alignment = document.credentialSubject.achievement.alignment ?? [];
    expect(alignment.map((x: { targetUrl: string }) => x.targetUrl)).toContain(`http://vaardig.test/skills/${skill}`);
    const verdict = await verifyInContext(ctx(), document);
    expect(verdict.valid, JSON.stringify(verdict.checks.filter((c) => c.status === 'failed'))).toBe(true);
    const backpack = await allItems(ctx(), keen.user.id);
    expect(backpack.map((i) => i.name)).toContain('Coaching year participant');
    expect((await allItems(ctx(), once.user.id)).map((i) => i.name)).not.toContain('Coaching year participant');
    const page = await fac.browser.get(`/communities/${c.slug}/badges`);
    expect(page.body).toContain('attended 2 sessions');
    expect(page.body).toContain(`/credentials/${issued[0].id}`);
  });

  test('attendance earns the badge at check-in: issued at once, never again by the job, also after a run stopped halfway', async () => {
    const fac = await person(ctx(), app, 'Fenna');
    const c = await community(ctx(), fac.user);
    const rule = await fac.browser.post(`/communities/${c.slug}/badges`, {
      kind: 'attended',
      threshold: '1',
      name: 'Was there',
      description: 'Came to a session.',
    });
    expect(rule.statusCode, rule.body).toBe(303);
    const ruleRow = await ctx()
      .db.selectFrom('community_badge_rules')
      .selectAll()
      .where('community_id', '=', c.id)
      .executeTakeFirstOrThrow();
    const credentials = () =>
      ctx()
        .db.selectFrom('issued_credentials')
        .select(['id', 'recipient_email'])
        .where('achievement_id', '=', ruleRow.achievement_id)
        .execute();
    const now = await sessionAt(ctx(), c.id, new Date(Date.now() - 10 * 60_000));
    const [mila, noor, otto] = [await person(ctx(), app, 'Mila'), await person(ctx(), app, 'Noor'), await person(ctx(), app, 'Otto')];
    for (const p of [mila, noor, otto]) await addToCommunity(ctx(), c.id, p.user);

    // Mila checks in on the page: the badge is issued in the same request and the page says so.
    const done = await mila.browser.post(`/communities/sessions/${now}/check-in`, { code: currentCode(ctx(), now).code });
    expect(done.statusCode, done.body).toBe(303);
    expect((await awards(ruleRow.id)).map((a) => a.user_id)).toEqual([mila.user.id]);
    expect(await credentials()).toHaveLength(1);
    expect((await mila.browser.get(`/communities/sessions/${now}`)).body).toContain(
      'You earned the badge “Was there”: it is in your backpack.',
    );
    expect((await allItems(ctx(), mila.user.id)).map((i) => i.name)).toContain('Was there');
    // Checking in again, and the quarter-hourly job (twice), issue nothing more.
    expect(await checkIn(ctx(), mila.user, now, currentCode(ctx(), now).code)).toEqual([]);
    expect((await evaluateRules(ctx(), { communityId: c.id })).issued + (await evaluateRules(ctx(), { communityId: c.id })).issued).toBe(0);
    expect(await credentials()).toHaveLength(1);

    // Noor checks in while the job runs: one credential between them.
    const [byCheckIn, byJob] = await Promise.all([
      checkIn(ctx(), noor.user, now, currentCode(ctx(), now).code),
      evaluateRules(ctx(), { communityId: c.id }),
    ]);
    expect(byCheckIn.length + byJob.awarded.filter((a) => a.userId === noor.user.id).length).toBe(1);
    expect((await credentials()).filter((r) => r.recipient_email === noor.email.toLowerCase())).toHaveLength(1);

    // A run stopped after issuing but before the award row (the row lost here): the next run finds the
    // same credential by its key, writes the row and counts nothing new.
    const before = await credentials();
    await ctx().db.deleteFrom('community_badge_awards').where('rule_id', '=', ruleRow.id).where('user_id', '=', noor.user.id).execute();
    const rerun = await evaluateRules(ctx(), { communityId: c.id });
    expect(rerun.issued).toBe(0);
    expect((await awards(ruleRow.id)).map((a) => a.user_id).sort()).toEqual([mila.user.id, noor.user.id].sort());
    expect((await credentials()).map((r) => r.id).sort()).toEqual(before.map((r) => r.id).sort());

    // The facilitator marks Otto present: issued at once too.
    await fac.browser.post(`/communities/sessions/${now}/attendance`, { userId: otto.user.id, present: 'on' });
    expect((await awards(ruleRow.id)).map((a) => a.user_id)).toContain(otto.user.id);
    expect(await credentials()).toHaveLength(3);
  });

  test('a badge that cannot be issued at check-in does not stop the check-in; the job issues it later', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    await fac.browser.post(`/communities/${c.slug}/badges`, { kind: 'attended', threshold: '1', name: 'Later', description: 'Later.' });
    const ruleRow = await ctx()
      .db.selectFrom('community_badge_rules')
      .selectAll()
      .where('community_id', '=', c.id)
      .executeTakeFirstOrThrow();
    // The rule's issuer is no longer an issuer of the organisation.
    await ctx().db.updateTable('memberships').set({ role: 'member' }).where('user_id', '=', fac.user.id).execute();
    const now = await sessionAt(ctx(), c.id, new Date(Date.now() - 5 * 60_000));
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const done = await member.browser.post(`/communities/sessions/${now}/check-in`, { code: currentCode(ctx(), now).code });
    expect(done.statusCode).toBe(303);
    expect(await ctx().db.selectFrom('community_attendance').select('user_id').where('session_id', '=', now).execute()).toEqual([
      { user_id: member.user.id },
    ]);
    expect(await awards(ruleRow.id)).toEqual([]);
    // Issuer again: the next run of the job issues it.
    const org = await ctx().db.selectFrom('communities').select('organisation_id').where('id', '=', c.id).executeTakeFirstOrThrow();
    await addMember(ctx().db, org.organisation_id, fac.user.id, 'issuer');
    expect((await evaluateRules(ctx(), { communityId: c.id })).issued).toBe(1);
    expect((await awards(ruleRow.id)).map((a) => a.user_id)).toEqual([member.user.id]);
  });

  test('presented and completed-year rules; a paused rule issues nothing', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const past = await ctx()
      .db.insertInto('community_themes')
      .values({
        community_id: c.id,
        title: 'Last year',
        why: '',
        what: '',
        how: '',
        skill_ids: '[]' as never,
        starts_on: '2020-01-01',
        ends_on: '2020-12-31',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const s = await sessionAt(ctx(), c.id, new Date('2020-06-01T12:00:00Z'), { themeId: past.id });
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    await fac.browser.post(`/communities/sessions/${s}/attendance`, { userId: member.user.id, present: 'on', contributions: 'presented' });
    expect(
      (
        await fac.browser.post(`/communities/${c.slug}/badges`, {
          kind: 'presented',
          threshold: '1',
          name: 'Presenter',
          description: 'Presented.',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await fac.browser.post(`/communities/${c.slug}/badges`, {
          kind: 'completed-year',
          threshold: '1',
          theme: past.id,
          name: 'Year done',
          description: 'Done.',
        })
      ).statusCode,
    ).toBe(303);
    const rules = await ctx()
      .db.selectFrom('community_badge_rules')
      .selectAll()
      .where('community_id', '=', c.id)
      .orderBy('created_at')
      .execute();
    expect((await fac.browser.post(`/communities/rules/${rules[1].id}/active`, { active: 'off' })).statusCode).toBe(303);
    expect((await fac.browser.post(`/communities/${c.slug}/badges/run`)).statusCode).toBe(303);
    expect((await awards(rules[0].id)).map((a) => a.user_id)).toEqual([member.user.id]);
    expect(await awards(rules[1].id)).toEqual([]);
    await fac.browser.post(`/communities/rules/${rules[1].id}/active`, { active: 'on' });
    await evaluateRules(ctx(), { communityId: c.id });
    expect((await awards(rules[1].id)).map((a) => a.user_id)).toEqual([member.user.id]);
  });

  test('bad input and rights: a 400 names the field; a facilitator who may not issue for the organisation is refused; others 403/404/401', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const bad = await fac.browser.post(`/communities/${c.slug}/badges`, {
      kind: 'bribery',
      threshold: '0',
      name: '',
      description: 'Kept text',
    });
    expect(bad.statusCode).toBe(400);
    for (const field of ['kind', 'threshold', 'name']) expect(bad.body).toContain(`id="${field}-error"`);
    expect(bad.body).toContain('Kept text');
    const year = await fac.browser.post(`/communities/${c.slug}/badges`, { kind: 'completed-year', name: 'Y', description: 'Y' });
    expect(year.statusCode).toBe(400);
    expect(year.body).toContain('id="theme-error"');
    // A co-facilitator who is no issuer of the organisation cannot make a badge in its name.
    const coFac = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, coFac.user, 'facilitator');
    expect((await coFac.browser.post(`/communities/${c.slug}/badges`, { kind: 'attended', name: 'X', description: 'X' })).statusCode).toBe(
      403,
    );
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const other = await person(ctx(), app);
    for (const [who, status] of [
      [member.browser, 403],
      [other.browser, 403],
      [new Browser(app), 401],
    ] as const) {
      expect((await who.post(`/communities/${c.slug}/badges`, { kind: 'attended', name: 'X', description: 'X' })).statusCode).toBe(status);
      expect((await who.post(`/communities/${c.slug}/badges/run`)).statusCode).toBe(status);
    }
    expect((await member.browser.get(`/communities/${c.slug}/badges`)).statusCode).toBe(403);
    expect(await ctx().db.selectFrom('community_badge_rules').selectAll().where('community_id', '=', c.id).execute()).toEqual([]);
  });
});
