import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { allItems } from '../../src/backpack/api.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, librarySkill, organisation, person } from './support.ts';

describeEachDatabase('communities: the member directory (opted in, by verified skill and organisation)', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('lists only members who opted in; finds them by a skill of an accepted badge and by organisation', async () => {
    const fac = await person(ctx(), app, 'Facil');
    const c = await community(ctx(), fac.user);
    const [ada, bob, cas] = [await person(ctx(), app, 'Ada'), await person(ctx(), app, 'Bob'), await person(ctx(), app, 'Cas')];
    for (const p of [ada, bob, cas]) await addToCommunity(ctx(), c.id, p.user);
    const school = await organisation(ctx(), [
      [ada.user, 'member'],
      [fac.user, 'owner'],
    ]);
    await organisation(ctx(), [[bob.user, 'member']]);
    for (const p of [ada, bob]) {
      const saved = await p.browser.post('/backpack/profile', {
        findable: 'on',
        handle: `h-${p.user.id.slice(0, 8)}`,
        displayName: p.user.name,
      });
      expect(saved.statusCode, saved.body.match(/error-message[^<]*<[^<]*/g)?.join()).toBe(303);
    }
    // Ada holds an accepted badge aligned to a library skill.
    const skill = await librarySkill(ctx(), fac.user, 'Welding', 'Lassen');
    const achievement = await createAchievement(ctx(), fac.user, school, {
      name: 'Welder',
      description: 'Welds.',
      criteriaNarrative: 'Weld.',
      skills: [skill],
    });
    await issueCredential(ctx(), fac.user, school, { achievementId: achievement.id, recipient: { email: ada.email }, notify: false });
    const [item] = await allItems(ctx(), ada.user.id);
    expect((await ada.browser.post(`/backpack/items/${item.id}/state`, { state: 'accepted', back: '/backpack' })).statusCode).toBe(303);

    const all = await cas.browser.get(`/communities/${c.slug}/directory`);
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<td>Ada<br/>');
    expect(all.body).toContain('<td>Bob<br/>');
    expect(all.body).not.toContain('<td>Cas<br/>');
    expect(all.body).toContain('Welding');
    const bySkill = await cas.browser.get(`/communities/${c.slug}/directory?skill=weld`);
    expect(bySkill.body).toContain('<td>Ada<br/>');
    expect(bySkill.body).not.toContain('<td>Bob<br/>');
    const byOrg = await cas.browser.get(`/communities/${c.slug}/directory?organisation=${school}`);
    expect(byOrg.body).toContain('<td>Ada<br/>');
    expect(byOrg.body).not.toContain('<td>Bob<br/>');
    // Dutch: the skill's Dutch name.
    (cas.browser as { lang: string }).lang = 'nl';
    expect((await cas.browser.get(`/communities/${c.slug}/directory?skill=lassen`)).body).toContain('<td>Ada<br/>');
  });

  test('authorisation: members only; signed out is sent to sign in', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const other = await person(ctx(), app);
    expect((await other.browser.get(`/communities/${c.slug}/directory`)).statusCode).toBe(403);
    const closed = await community(ctx(), fac.user, { visibility: 'invitation' });
    expect((await other.browser.get(`/communities/${closed.slug}/directory`)).statusCode).toBe(404);
    expect((await new Browser(app).get(`/communities/${c.slug}/directory`)).statusCode).toBe(302);
    expect((await fac.browser.get(`/communities/${c.slug}/directory?skill=${'x'.repeat(5000)}`)).statusCode).toBe(200);
  });
});
