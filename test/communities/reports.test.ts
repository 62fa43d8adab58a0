import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Markdown } from '../../src/communities/reports/markdown.tsx';
import { buildApp } from '../../src/platform/http/app.ts';
import { createSkill } from '../../src/skills/library/service.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Cast, cast, json, register, session } from './part-b-support.ts';

describe('report Markdown as HTML', () => {
  test('headings, lists, paragraphs and bold; nothing of the writer’s HTML', () => {
    const html = Markdown({ text: '## Decisions\n\n- one <b>\n- **two**\n\nA para\ncontinued.\n<script>alert(1)</script>' }) as string;
    expect(html).toContain('<h3>Decisions</h3>');
    expect(html).toContain('<li>one &lt;b></li>');
    expect(html).toContain('<li><strong>two</strong></li>');
    expect(html).toContain('<p>A para continued. &lt;script>alert(1)&lt;/script></p>');
    expect(html).not.toContain('<script>');
  });
});

describeEachDatabase('communities part B: synthesis, knowledge base, outputs', (ctx) => {
  let app: FastifyInstance;
  let c: Cast;
  let sid: string;
  let base: string;
  let themeId: string;
  let skillId: string;
  let reportUrl: string;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    c = await cast(ctx(), app);
    skillId = (
      await createSkill(ctx(), c.facilitator.user, {
        organisationId: c.a.organisation_id,
        name: { en: 'Peer mentoring', nl: 'Collegiaal begeleiden' },
        statement: { en: 'Mentors peers.' },
        status: 'published',
      })
    ).id;
    themeId = (
      await ctx()
        .db.insertInto('community_themes')
        .values({
          community_id: c.a.id,
          title: 'Mentoring',
          why: 'w',
          what: 'w',
          how: 'h',
          skill_ids: JSON.stringify([skillId]),
          starts_on: null,
          ends_on: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    sid = await session(ctx(), c.a.id, { title: 'September session', themeId });
    base = `/communities/${c.a.slug}/sessions/${sid}`;
    await register(
      ctx(),
      sid,
      c.members.map((m) => m.user),
    );
  });
  afterAll(() => app.close());

  test('the draft gathers presentation, answers, breakout notes, decisions and action items; edited, published, read, downloaded', async () => {
    const f = c.facilitator.browser;
    const [mila, noor] = c.members;
    await f.post(`${base}/questions`, { text: 'How do we keep mentors?' });
    const q = await ctx().db.selectFrom('community_questions').select('id').where('session_id', '=', sid).executeTakeFirstOrThrow();
    await mila.browser.post(`${base}/questions/${q.id}/answers`, { body: 'Give them a buddy' });
    await f.post(`${base}/breakouts/make`, { method: 'random', groups: '1' });
    const group = await ctx().db.selectFrom('community_breakouts').selectAll().where('session_id', '=', sid).executeTakeFirstOrThrow();
    await noor.browser.post(`/communities/${c.a.slug}/notes/${group.note_set_id}`, { body: 'Mentors want recognition.' });
    expect((await f.post(`${base}/report/record`, { summary: 'Mila presented the mentoring pilot.' })).statusCode).toBe(303);
    expect((await f.post(`${base}/report/decisions`, { decision: 'Start a buddy scheme in October.' })).statusCode).toBe(303);
    await ctx()
      .db.insertInto('community_actions')
      .values({
        community_id: c.a.id,
        session_id: sid,
        theme_id: themeId,
        title: 'Write the buddy guide',
        owner_user_id: mila.user.id,
        due_on: '2026-10-01',
        status: 'open',
        done_at: null,
        overdue_mailed_at: null,
        created_by: c.facilitator.user.id,
      })
      .execute();

    // Members see no draft.
    expect((await mila.browser.get(`${base}/report`)).body).toContain('no report of this session yet');
    expect((await f.post(`${base}/report/draft`, {})).statusCode).toBe(303);
    const report = await ctx().db.selectFrom('community_reports').selectAll().where('session_id', '=', sid).executeTakeFirstOrThrow();
    for (const part of [
      'Mila presented the mentoring pilot.',
      '### How do we keep mentors?',
      '- Give them a buddy (Mila Member)',
      'Mentors want recognition.',
      '- Start a buddy scheme in October.',
      '- Write the buddy guide (Mila Member, due 1 October 2026, open)',
    ])
      expect(report.body).toContain(part);
    expect(report.skill_ids).toEqual([skillId]);
    reportUrl = `/communities/${c.a.slug}/reports/${report.id}`;
    // A draft is for facilitators only.
    expect((await mila.browser.get(reportUrl)).statusCode).toBe(404);
    expect((await f.get(reportUrl)).statusCode).toBe(200);
    // Drafting again needs "replace".
    expect((await f.post(`${base}/report/draft`, {})).statusCode).toBe(409);

    const edited = `${report.body}\n## Next\n\n- Meet again in **November**.\n`;
    const saved = await f.post(`${base}/report`, {
      title: 'Keeping mentors',
      body: edited,
      version: String(report.version),
      skill: skillId,
    });
    expect(saved.statusCode, saved.body).toBe(303);
    const stale = await f.post(`${base}/report`, {
      title: 'Keeping mentors',
      body: 'my older edit',
      version: String(report.version),
      skill: skillId,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('Meet again in **November**.');
    expect(stale.body).toContain('my older edit');

    expect((await f.post(`${base}/report/publish`, {})).statusCode).toBe(303);
    const page = await mila.browser.get(reportUrl);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Keeping mentors</h1>');
    expect(page.body).toContain('<strong>November</strong>');
    expect(page.body).toContain('Peer mentoring');
    const md = await mila.browser.get(`${reportUrl}/markdown`);
    expect(md.headers['content-type']).toContain('text/markdown');
    expect(md.headers['content-disposition']).toMatch(/attachment; filename=".+\.md"/);
    expect(md.body.startsWith('# Keeping mentors\n\n')).toBe(true);
    expect(md.body).toContain('- Start a buddy scheme in October.');
    // Published: no new draft over it.
    expect((await f.post(`${base}/report/draft`, { replace: 'on' })).statusCode).toBe(409);
    // The community page lists it.
    expect((await mila.browser.get(`/communities/${c.a.slug}`)).body).toContain(reportUrl);
  });

  test('knowledge base: reports, practices and lessons found by words and by skill', async () => {
    const kb = `/communities/${c.a.slug}/knowledge`;
    const m = c.members[0].browser;
    expect(
      (
        await m.post(kb, {
          kind: 'lesson',
          title: 'Mentors leave in winter',
          body: 'Plan the intake in spring.',
          theme: themeId,
          skills: skillId,
        })
      ).statusCode,
    ).toBe(303);
    expect((await m.post(kb, { kind: 'practice', title: 'Café-style intake', body: 'Informal intake works.', theme: '' })).statusCode).toBe(
      303,
    );
    const bySkill = await m.get(`${kb}?skill=${skillId}`);
    expect(bySkill.body).toContain('Keeping mentors');
    expect(bySkill.body).toContain('Mentors leave in winter');
    expect(bySkill.body).not.toContain('Café-style intake');
    const byWord = await m.get(`${kb}?q=cafe`);
    expect(byWord.body).toContain('Café-style intake');
    expect(byWord.body).not.toContain('Keeping mentors');
    const reports = await m.get(`${kb}?kind=report&q=buddy`);
    expect(reports.body).toContain('Keeping mentors');
    expect(reports.body).toContain('1 result');
    const bad = await m.post(kb, { kind: 'gossip', title: '', body: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    const unknown = await m.post(kb, { kind: 'lesson', title: 'x', body: 'y', skills: 'https://example.org/not-a-skill' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('is not a skill of the library');
    const otherTheme = await m.post(kb, { kind: 'lesson', title: 'x', body: 'y', theme: crypto.randomUUID() });
    expect(otherTheme.statusCode).toBe(400);
  });

  test('outputs of a theme; on its timeline', async () => {
    const out = `/communities/${c.a.slug}/outputs`;
    const f = c.facilitator.browser;
    expect(
      (
        await f.post(out, {
          theme: themeId,
          kind: 'funding-application',
          title: 'Mentoring fund 2027',
          description: 'Joint bid.',
          url: 'https://example.org/bid',
        })
      ).statusCode,
    ).toBe(303);
    const page = await c.members[1].browser.get(out);
    expect(page.body).toContain('Mentoring fund 2027');
    expect(page.body).toContain('Funding application');
    const bad = await f.post(out, { theme: '', kind: 'poem', title: '', url: 'javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    expect(await ctx().db.selectFrom('community_outputs').select('id').where('title', '=', '').execute()).toEqual([]);
    const { themeTimeline } = await import('../../src/communities/themes.ts');
    const theme = await ctx().db.selectFrom('community_themes').selectAll().where('id', '=', themeId).executeTakeFirstOrThrow();
    const timeline = await themeTimeline(ctx(), theme, { community: c.a, membership: null, isFacilitator: true, isMember: true });
    const titles = timeline.map((e) => e.title);
    expect(titles).toContain('Keeping mentors');
    expect(titles).toContain('Mentoring fund 2027');
    expect(titles).toContain('Mentors leave in winter');
  });

  test('the JSON API: reports, one report with its Markdown, the knowledge base; refusals', async () => {
    const api = `/api/v1/communities/${c.a.slug}`;
    const list = await c.members[0].browser.api('GET', `${api}/reports`);
    expect(list.statusCode, list.body).toBe(200);
    const [item] = list.json().items;
    expect(item).toMatchObject({ title: 'Keeping mentors', status: 'published', skillIds: [skillId] });
    const one = await c.members[0].browser.api('GET', `${api}/reports/${item.id}`);
    expect(one.json().markdown.startsWith('# Keeping mentors')).toBe(true);
    const kb = await c.members[0].browser.api('GET', `${api}/knowledge?q=winter`);
    expect(kb.json().items.map((h: { title: string }) => h.title)).toEqual(['Mentors leave in winter']);
    expect((await c.members[0].browser.api('GET', `${api}/knowledge?skill=nope`)).statusCode).toBe(400);
    expect((await c.members[0].browser.api('GET', `${api}/reports/not-a-uuid`)).statusCode).toBe(400);
    expect((await c.signedOut.api('GET', `${api}/reports`)).statusCode).toBe(401);
    expect((await c.stranger.browser.api('GET', `${api}/reports`)).statusCode).toBe(404);
    expect((await c.otherFacilitator.browser.api('GET', `/api/v1/communities/${c.b.slug}/reports/${item.id}`)).statusCode).toBe(404);
    const openApi = await c.members[0].browser.get('/api/docs/json');
    expect(openApi.statusCode).toBe(200);
    expect(openApi.body).toContain('/api/v1/communities/{slug}/reports');
  });

  describe('authorisation', () => {
    test('signed out, stranger, another community; members neither draft nor publish', async () => {
      const kb = `/communities/${c.a.slug}/knowledge`;
      const out = `/communities/${c.a.slug}/outputs`;
      const gets = [`${base}/report`, reportUrl, `${reportUrl}/markdown`, kb, out];
      const posts: [string, Record<string, string>][] = [
        [`${base}/report/record`, { summary: 'x' }],
        [`${base}/report/decisions`, { decision: 'x' }],
        [`${base}/report/draft`, { replace: 'on' }],
        [`${base}/report`, { title: 'x', body: 'x', version: '99' }],
        [`${base}/report/publish`, {}],
        [kb, { kind: 'lesson', title: 'x', body: 'y' }],
        [out, { theme: themeId, kind: 'use-case', title: 'x' }],
      ];
      for (const url of gets) expect((await c.signedOut.get(url)).statusCode, url).toBe(302);
      for (const [url, form] of posts) expect((await c.signedOut.post(url, form)).statusCode, url).toBe(401);
      for (const who of [c.stranger, c.otherFacilitator]) {
        for (const url of gets) expect((await who.browser.get(url)).statusCode, url).toBe(404);
        for (const [url, form] of posts) expect((await who.browser.post(url, form)).statusCode, url).toBe(404);
        // A's report through B's address: not found.
        expect((await who.browser.get(reportUrl.replace(c.a.slug, c.b.slug))).statusCode).toBe(404);
      }
      const m = c.members[0].browser;
      for (const [url, form] of [...posts.slice(0, 5), posts[6]]) expect((await m.post(url, form)).statusCode, url).toBe(403);
      const api = await json(m, 'POST', `${base}/report/publish`, {});
      expect(api.json().code).toBe('communities:errors.notFacilitator');
    });

    test('Dutch pages', async () => {
      const m = c.members[0].browser;
      (m as { lang: string }).lang = 'nl';
      for (const [url, text] of [
        [reportUrl, 'Downloaden als Markdown'],
        [`/communities/${c.a.slug}/knowledge`, 'Kennisbank'],
        [`/communities/${c.a.slug}/outputs`, 'Subsidieaanvraag'],
        [`/communities/${c.a.slug}/outputs`, 'praktijkvoorbeelden'],
        [`${base}/report`, 'Het verslag lezen'],
      ]) {
        const page = await m.get(url);
        expect(page.body, url).toContain(text);
        expect(page.body, url).not.toMatch(/(synthesis|knowledge|outputs)\.[a-z]/);
        expect(page.body, url).not.toMatch(/use case/i);
      }
      (m as { lang: string }).lang = 'en';
    });
  });
});

describeEachDatabase('communities part B: the demo reports', (ctx) => {
  test('past sessions of the demo communities get a published Dutch report, once', async () => {
    const app = await buildApp(ctx(), { logger: false });
    try {
      const c = await cast(ctx(), app, { visibility: 'open' });
      const past = await session(ctx(), c.a.id, { title: 'Eerste bijeenkomst', startsAt: new Date(Date.now() - 30 * 86_400_000) });
      await session(ctx(), c.a.id, { title: 'Volgende' });
      const { seedReportsDemo } = await import('../../src/communities/reports/demo.ts');
      const network = { operatorUserId: c.facilitator.user.id, organisations: {} as never, people: {} };
      await seedReportsDemo(ctx(), network);
      await seedReportsDemo(ctx(), network);
      const reports = await ctx().db.selectFrom('community_reports').selectAll().where('community_id', '=', c.a.id).execute();
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ session_id: past, status: 'published', title: 'Eerste bijeenkomst' });
      expect(reports[0].body).toContain('## Richtvragen');
      expect(reports[0].body).toContain('We maken samen een inwerkkaart');
      const page = await c.members[0].browser.get(`/communities/${c.a.slug}/knowledge`);
      expect(page.body).toContain('Inwerken werkt beter met een maatje');
      expect(page.body).toContain('Eerste bijeenkomst');
    } finally {
      await app.close();
    }
  });
});
