import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, librarySkill, person } from './support.ts';

describeEachDatabase('communities: themes with Why/What/How, goals, skills and a timeline', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('a facilitator adds a theme with library skills; goals with progress; the page shows it all', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const skill = await librarySkill(ctx(), fac.user, 'Coaching on the job', 'Coachen op de werkvloer');
    const form = await fac.browser.get(`/communities/${c.slug}/themes/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('data-skill-picker="skill"');
    const created = await fac.browser.post(`/communities/${c.slug}/themes/new`, {
      title: 'Learning at work',
      why: 'Because <learning> matters.',
      what: 'Ten coaches.',
      how: 'Monthly sessions.',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      skill,
    });
    expect(created.statusCode, created.body).toBe(303);
    const themePath = created.headers.location as string;
    const id = themePath.split('/').pop() as string;
    expect((await fac.browser.post(`${themePath}/goals`, { title: 'Ten coaches trained', progress: '30' })).statusCode).toBe(303);
    const page = await fac.browser.get(themePath);
    expect(page.body).toContain('Because &lt;learning> matters.');
    expect(page.body).toContain('Ten coaches trained');
    expect(page.body).toContain('value="30"');
    expect(page.body).toContain(`href="/skills/${skill}"`);
    expect(page.body).toContain('Coaching on the job');
    const goalId = /action="\/communities\/goals\/([0-9a-f-]{36})"/.exec(page.body)?.[1] as string;
    expect((await fac.browser.post(`/communities/goals/${goalId}`, { progress: '101' })).statusCode).toBe(400);
    expect((await fac.browser.post(`/communities/goals/${goalId}`, { progress: '60' })).statusCode).toBe(303);
    expect(
      (await ctx().db.selectFrom('community_goals').select('progress').where('id', '=', goalId).executeTakeFirstOrThrow()).progress,
    ).toBe(60);
    // In Dutch, the skill's Dutch name.
    (fac.browser as { lang: string }).lang = 'nl';
    const nl = await fac.browser.get(themePath);
    expect(nl.body).toContain('Coachen op de werkvloer');
    expect(nl.body).toContain('<h2>Waarom</h2>');
    expect(
      (await ctx().db.selectFrom('community_themes').select('skill_ids').where('id', '=', id).executeTakeFirstOrThrow()).skill_ids,
    ).toEqual([skill]);
    // The community page lists it.
    expect((await fac.browser.get(`/communities/${c.slug}`)).body).toContain(themePath);
  });

  test('bad input: 400 naming the fields, typed text kept, nothing stored', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const bad = await fac.browser.post(`/communities/${c.slug}/themes/new`, {
      title: '',
      why: 'Kept why',
      startsOn: '2027-12-31',
      endsOn: 'soon',
      skills: 'https://example.org/not-a-skill',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="title-error"');
    expect(bad.body).toContain('id="endsOn-error"');
    expect(bad.body).toContain('Kept why');
    const order = await fac.browser.post(`/communities/${c.slug}/themes/new`, { title: 'T', startsOn: '2027-12-31', endsOn: '2027-01-01' });
    expect(order.statusCode).toBe(400);
    expect(order.body).toContain('id="endsOn-error"');
    const skill = await fac.browser.post(`/communities/${c.slug}/themes/new`, { title: 'T', skills: 'https://example.org/not-a-skill' });
    expect(skill.statusCode).toBe(400);
    expect(skill.body).toContain('not a skill of the library');
    expect(await ctx().db.selectFrom('community_themes').selectAll().where('community_id', '=', c.id).execute()).toEqual([]);
  });

  test('authorisation: only facilitators of this community manage themes and goals; outsiders of a closed community see nothing', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { visibility: 'invitation' });
    const theme = await fac.browser.post(`/communities/${c.slug}/themes/new`, { title: 'Closed theme' });
    const themePath = theme.headers.location as string;
    await fac.browser.post(`${themePath}/goals`, { title: 'Goal' });
    const goalId = (
      await ctx()
        .db.selectFrom('community_goals')
        .select('id')
        .where('theme_id', '=', themePath.split('/').pop() as string)
        .executeTakeFirstOrThrow()
    ).id;
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const outsider = await person(ctx(), app);
    await community(ctx(), outsider.user);
    expect((await member.browser.get(themePath)).statusCode).toBe(200);
    expect((await outsider.browser.get(themePath)).statusCode).toBe(404);
    expect((await new Browser(app).get(themePath)).statusCode).toBe(302);
    for (const [who, status] of [
      [member, 403],
      [outsider, 404],
    ] as const) {
      expect((await who.browser.get(`/communities/${c.slug}/themes/new`)).statusCode).toBe(status);
      expect((await who.browser.post(`/communities/${c.slug}/themes/new`, { title: 'X' })).statusCode).toBe(status);
      expect((await who.browser.post(`${themePath}/edit`, { title: 'X' })).statusCode).toBe(status);
      expect((await who.browser.post(`${themePath}/goals`, { title: 'X' })).statusCode).toBe(status);
      expect((await who.browser.post(`/communities/goals/${goalId}`, { progress: '90' })).statusCode).toBe(status);
      expect((await who.browser.post(`/communities/goals/${goalId}/remove`)).statusCode).toBe(status);
    }
    expect((await new Browser(app).post(`/communities/goals/${goalId}`, { progress: '90' })).statusCode).toBe(401);
    expect(
      (await ctx().db.selectFrom('community_themes').select('title').where('community_id', '=', c.id).execute()).map((r) => r.title),
    ).toEqual(['Closed theme']);
    expect(
      (await ctx().db.selectFrom('community_goals').select('progress').where('id', '=', goalId).executeTakeFirstOrThrow()).progress,
    ).toBe(0);
    expect((await fac.browser.post(`/communities/goals/${goalId}/remove`)).statusCode).toBe(303);
  });
});
