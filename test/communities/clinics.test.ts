import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gatheredChallenges } from '../../src/communities/clinics/service.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Cast, cast, json, session } from './part-b-support.ts';

describeEachDatabase('communities part B: clinic and reflection', (ctx) => {
  let app: FastifyInstance;
  let c: Cast;
  let clinic: string;
  let reflection: string;
  let plain: string;
  let challengeId: string;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    c = await cast(ctx(), app);
    clinic = `/communities/${c.a.slug}/sessions/${await session(ctx(), c.a.id, { kind: 'clinic', title: 'Clinic June' })}`;
    reflection = `/communities/${c.a.slug}/sessions/${await session(ctx(), c.a.id, { kind: 'reflection', title: 'Reflection July' })}`;
    plain = `/communities/${c.a.slug}/sessions/${await session(ctx(), c.a.id, { kind: 'community' })}`;
  });
  afterAll(() => app.close());

  test('a challenge, three suggested solutions with support, and the reflection that gathers them', async () => {
    const [mila, noor, otto] = c.members;
    const presented = await mila.browser.post(`${clinic}/clinic/challenges`, {
      title: 'Mentors <drop out>',
      body: 'Our mentors stop after two months.',
    });
    expect(presented.statusCode, presented.body).toBe(303);
    const challenge = await ctx()
      .db.selectFrom('community_challenges')
      .selectAll()
      .where('presenter_id', '=', mila.user.id)
      .executeTakeFirstOrThrow();
    challengeId = challenge.id;
    for (const [who, body] of [
      [noor, 'Pair mentors with a buddy.'],
      [otto, 'Give mentors a badge after six months.'],
      [c.facilitator, 'Shorter mentoring cycles.'],
    ] as const)
      expect((await who.browser.post(`${clinic}/clinic/challenges/${challengeId}/solutions`, { body })).statusCode).toBe(303);
    const solutions = await ctx().db.selectFrom('community_solutions').selectAll().where('challenge_id', '=', challengeId).execute();
    // For the badge rules: Mila presented, the three suggested a solution.
    const contributions = await ctx().db.selectFrom('community_contributions').select(['user_id', 'kind']).execute();
    expect(contributions).toContainEqual({ user_id: mila.user.id, kind: 'presented' });
    for (const who of [noor, otto, c.facilitator]) expect(contributions).toContainEqual({ user_id: who.user.id, kind: 'clinic-solution' });
    expect(solutions).toHaveLength(3);
    const badge = solutions.find((s) => s.body.includes('badge'));
    // One vote per member, however often it is sent.
    for (let i = 0; i < 3; i++)
      expect((await mila.browser.post(`${clinic}/clinic/solutions/${badge?.id}/support`, {})).statusCode).toBe(303);
    const noorVote = await json(noor.browser, 'POST', `${clinic}/clinic/solutions/${badge?.id}/support`, { support: 'on' });
    expect(noorVote.json()).toEqual({ votes: 2, support: true });
    // Not for your own solution.
    const own = await json(otto.browser, 'POST', `${clinic}/clinic/solutions/${badge?.id}/support`, {});
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('communities:errors.ownSolution');
    const back = await json(noor.browser, 'POST', `${clinic}/clinic/solutions/${badge?.id}/support`, { support: 'off' });
    expect(back.json()).toEqual({ votes: 1, support: false });

    const page = await noor.browser.get(`${clinic}/clinic`);
    expect(page.body).toContain('Mentors &lt;drop out>');
    // Most supported first.
    expect(page.body.indexOf('badge after six months')).toBeLessThan(page.body.indexOf('buddy'));

    const reflectionId = reflection.split('/').pop() as string;
    expect(
      (await c.facilitator.browser.post(`${clinic}/clinic/challenges/${challengeId}/reflection`, { reflection: reflectionId })).statusCode,
    ).toBe(303);
    const gathered = await gatheredChallenges(ctx(), reflectionId, mila.user.id);
    expect(gathered.map((g) => g.solutions.length)).toEqual([3]);
    // The reflection page gathers them; the facilitator writes what they come to; members can still add.
    const r = await mila.browser.get(`${reflection}/reflection`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Pair mentors with a buddy.');
    expect(
      (await c.facilitator.browser.post(`${reflection}/reflection/challenges/${challengeId}/summary`, { summary: 'Buddies and badges.' }))
        .statusCode,
    ).toBe(303);
    expect(
      (await noor.browser.post(`${reflection}/reflection/challenges/${challengeId}/solutions`, { body: 'Ask alumni.' })).statusCode,
    ).toBe(303);
    const after = await mila.browser.get(`${reflection}/reflection`);
    expect(after.body).toContain('Buddies and badges.');
    expect(after.body).toContain('Ask alumni.');
    // The reflection's report: its draft gathers the challenge, every suggested solution and what they came to.
    expect((await c.facilitator.browser.post(`${reflection}/report/draft`, {})).statusCode).toBe(303);
    const report = await ctx()
      .db.selectFrom('community_reports')
      .selectAll()
      .where('session_id', '=', reflectionId)
      .executeTakeFirstOrThrow();
    for (const text of [
      'Mentors <drop out>',
      'Pair mentors with a buddy.',
      'Give mentors a badge after six months.',
      'Shorter mentoring cycles.',
      'Ask alumni.',
      'Buddies and badges.',
    ])
      expect(report.body, text).toContain(text);
    expect((await c.facilitator.browser.post(`${reflection}/report/publish`, {})).statusCode).toBe(303);
    const published = await noor.browser.get(`/communities/${c.a.slug}/reports/${report.id}`);
    expect(published.statusCode).toBe(200);
    expect(published.body).toContain('Give mentors a badge after six months.');
  });

  test('bad input: empty fields, a challenge outside a clinic, a reflection link to a non-reflection session', async () => {
    const m = c.members[0].browser;
    const empty = await m.post(`${clinic}/clinic/challenges`, { title: '', body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('error-summary');
    const notClinic = await m.post(`${plain}/clinic/challenges`, { title: 'x', body: 'y' });
    expect(notClinic.statusCode).toBe(409);
    const noBody = await m.post(`${clinic}/clinic/challenges/${challengeId}/solutions`, { body: ' ' });
    expect(noBody.statusCode).toBe(400);
    const link = await c.facilitator.browser.post(`${clinic}/clinic/challenges/${challengeId}/reflection`, {
      reflection: plain.split('/').pop() as string,
    });
    expect(link.statusCode).toBe(400);
    const other = await c.facilitator.browser.post(`${clinic}/clinic/challenges/${crypto.randomUUID()}/solutions`, { body: 'x' });
    expect(other.statusCode).toBe(404);
    const summary = await c.facilitator.browser.post(`${reflection}/reflection/challenges/${challengeId}/summary`, {
      summary: 'x'.repeat(10_001),
    });
    expect(summary.statusCode).toBe(400);
  });

  describe('authorisation', () => {
    test('signed out, stranger, another community, member managing', async () => {
      const solution = await ctx()
        .db.selectFrom('community_solutions')
        .select('id')
        .where('challenge_id', '=', challengeId)
        .executeTakeFirstOrThrow();
      const gets = [`${clinic}/clinic`, `${reflection}/reflection`];
      const posts: [string, Record<string, string>][] = [
        [`${clinic}/clinic/challenges`, { title: 'x', body: 'y' }],
        [`${clinic}/clinic/challenges/${challengeId}/solutions`, { body: 'x' }],
        [`${clinic}/clinic/solutions/${solution.id}/support`, {}],
        [`${clinic}/clinic/challenges/${challengeId}/reflection`, { reflection: '' }],
        [`${reflection}/reflection/challenges/${challengeId}/solutions`, { body: 'x' }],
        [`${reflection}/reflection/solutions/${solution.id}/support`, {}],
        [`${reflection}/reflection/challenges/${challengeId}/summary`, { summary: 'x' }],
      ];
      for (const url of gets) expect((await c.signedOut.get(url)).statusCode, url).toBe(302);
      for (const [url, form] of posts) expect((await c.signedOut.post(url, form)).statusCode, url).toBe(401);
      for (const who of [c.stranger, c.otherFacilitator]) {
        for (const url of gets) expect((await who.browser.get(url)).statusCode, url).toBe(404);
        for (const [url, form] of posts) expect((await who.browser.post(url, form)).statusCode, url).toBe(404);
        // Through their own community's address: still not found.
        const via = `${clinic}/clinic`.replace(c.a.slug, c.b.slug);
        expect((await who.browser.get(via)).statusCode).toBe(who === c.stranger ? 403 : 404);
      }
      const m = c.members[1].browser;
      expect((await m.post(`${clinic}/clinic/challenges/${challengeId}/reflection`, { reflection: '' })).statusCode).toBe(403);
      expect((await m.post(`${reflection}/reflection/challenges/${challengeId}/summary`, { summary: 'x' })).statusCode).toBe(403);
      const unchanged = await ctx()
        .db.selectFrom('community_challenges')
        .select('reflection_summary')
        .where('id', '=', challengeId)
        .executeTakeFirstOrThrow();
      expect(unchanged.reflection_summary).toBe('Buddies and badges.');
    });

    test('Dutch pages', async () => {
      const m = c.members[0].browser;
      (m as { lang: string }).lang = 'nl';
      const page = await m.get(`${clinic}/clinic`);
      expect(page.body).toContain('Voorgestelde oplossingen');
      expect(page.body).not.toMatch(/clinic\.[a-z]/);
      const r = await m.get(`${reflection}/reflection`);
      expect(r.body).toContain('Wat de oplossingen opleveren');
      (m as { lang: string }).lang = 'en';
    });
  });
});
