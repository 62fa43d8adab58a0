import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addToCommunity } from './support.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Cast, cast, json, register, seeded, session } from './part-b-support.ts';
import { makeBreakouts } from '../../src/communities/breakouts/service.ts';

describeEachDatabase('communities part B: guiding questions, breakout groups, live notes', (ctx) => {
  let app: FastifyInstance;
  let c: Cast;
  let sid: string;
  let base: string;
  let otherSession: string;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    c = await cast(ctx(), app);
    sid = await session(ctx(), c.a.id, { title: 'June session' });
    otherSession = await session(ctx(), c.b.id, { title: 'B session' });
    base = `/communities/${c.a.slug}/sessions/${sid}`;
    await register(
      ctx(),
      sid,
      c.members.map((m) => m.user),
    );
  });
  afterAll(() => app.close());

  test('the facilitator adds guiding questions; members answer and choose one (append-only answers)', async () => {
    const f = c.facilitator.browser;
    expect((await f.post(`${base}/questions`, { text: 'What <works> for you?' })).statusCode).toBe(303);
    expect((await f.post(`${base}/questions`, { text: 'What is missing?' })).statusCode).toBe(303);
    const page = await c.members[0].browser.get(`${base}/questions`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('What &lt;works> for you?');
    const ids = [...page.body.matchAll(/questions\/([0-9a-f-]{36})\/answers/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect((await c.members[0].browser.post(`${base}/questions/${ids[0]}/answers`, { body: 'Peer review' })).statusCode).toBe(303);
    expect((await c.members[1].browser.post(`${base}/questions/${ids[0]}/answers`, { body: 'Short sprints' })).statusCode).toBe(303);
    for (const [i, m] of c.members.entries())
      expect((await m.browser.post(`${base}/interest`, { question: ids[i === 2 ? 1 : 0] })).statusCode).toBe(303);
    const after = await c.facilitator.browser.get(`${base}/questions`);
    expect(after.body).toContain('Peer review');
    expect(after.body).toContain('Short sprints');
    expect(after.body).toContain('2 people want to discuss this');
  });

  test('bad input: an empty question or answer, a question of another session, a bad method or count', async () => {
    const f = c.facilitator.browser;
    const empty = await f.post(`${base}/questions`, { text: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('error-summary');
    const q = await c.members[0].browser.post(`${base}/questions/${crypto.randomUUID()}/answers`, { body: 'x' });
    expect(q.statusCode).toBe(404);
    const method = await f.post(`${base}/breakouts/make`, { method: 'astrology' });
    expect(method.statusCode).toBe(400);
    const count = await f.post(`${base}/breakouts/make`, { method: 'random', groups: '0' });
    expect(count.statusCode).toBe(400);
    expect(count.body).toContain('from 1 to 30');
    const long = await f.post(`${base}/breakouts`, { name: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    const noPeople = await f.post(`/communities/${c.a.slug}/sessions/${await session(ctx(), c.a.id)}/breakouts/make`, {
      method: 'random',
      groups: '2',
    });
    expect(noPeople.statusCode).toBe(409);
    const api = await json(f, 'POST', `${base}/breakouts/make`, { method: 'skill' });
    expect(api.statusCode).toBe(409);
    expect(api.json().code).toBe('communities:errors.noThemeSkills');
  });

  test('groups by interest: people with their question, a note-taker each; making them again needs "replace"', async () => {
    const f = c.facilitator.browser;
    const made = await f.post(`${base}/breakouts/make`, { method: 'interest' });
    expect(made.statusCode, made.body).toBe(303);
    const page = await f.get(`${base}/breakouts`);
    expect(page.body).toContain('What &lt;works> for you?');
    expect(page.body).toContain('Mila Member');
    const again = await f.post(`${base}/breakouts/make`, { method: 'random', groups: '3' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Replace the groups');
    expect((await f.post(`${base}/breakouts/make`, { method: 'interest', replace: 'on' })).statusCode).toBe(303);
    const groups = await ctx().db.selectFrom('community_breakouts').selectAll().where('session_id', '=', sid).execute();
    expect(groups).toHaveLength(2);
    expect(groups.every((g) => g.note_taker_id)).toBe(true);
  });

  test('live notes: a block by one member appears for the other on the next poll; a stale save is a 409 that keeps both texts', async () => {
    const [mila, noor, otto] = c.members;
    const list = await mila.browser.get(`${base}/breakouts`);
    const mine = await ctx()
      .db.selectFrom('community_breakout_members')
      .select('breakout_id')
      .where('session_id', '=', sid)
      .where('user_id', '=', mila.user.id)
      .executeTakeFirstOrThrow();
    const groupUrl = `${base}/breakouts/${mine.breakout_id}`;
    expect(list.body).toContain(`href="${groupUrl}"`);
    // Noor joins Mila's group (by hand), Otto stays in the other.
    await ctx().db.deleteFrom('community_breakout_members').where('session_id', '=', sid).where('user_id', '=', noor.user.id).execute();
    await ctx()
      .db.insertInto('community_breakout_members')
      .values({ breakout_id: mine.breakout_id, session_id: sid, user_id: noor.user.id })
      .execute();
    await ctx().db.deleteFrom('community_breakout_members').where('session_id', '=', sid).where('user_id', '=', otto.user.id).execute();
    const group = await mila.browser.get(groupUrl);
    expect(group.statusCode).toBe(200);
    const notesUrl = group.body.match(/hx-get="([^"?]+)\?since=([^"]+)"/);
    expect(notesUrl).toBeTruthy();
    const [, url, stamp] = notesUrl as RegExpMatchArray;
    // Nothing changed: 204, htmx swaps nothing.
    expect((await noor.browser.get(`${url}?since=${stamp}`)).statusCode).toBe(204);
    expect((await mila.browser.post(url, { body: 'We <agree> on peer review.' })).statusCode).toBe(303);
    const poll = await noor.browser.get(`${url}?since=${stamp}`);
    expect(poll.statusCode).toBe(200);
    expect(poll.body).toContain('We &lt;agree> on peer review.');
    expect(poll.body).toContain('hx-trigger="every 2s"');
    // Otto is in the other group: he reads, he cannot write.
    expect((await otto.browser.get(`${url}?since=x`)).statusCode).toBe(200);
    const refused = await otto.browser.post(url, { body: 'Not my group' });
    expect(refused.statusCode).toBe(403);

    const block = await ctx()
      .db.selectFrom('community_note_blocks')
      .selectAll()
      .where('body', '=', 'We <agree> on peer review.')
      .executeTakeFirstOrThrow();
    const edit = `${url}/blocks/${block.id}`;
    expect((await noor.browser.get(`${edit}/edit`)).statusCode).toBe(200);
    expect(
      (await noor.browser.post(edit, { body: 'We agree on peer review, twice a month.', version: String(block.version) })).statusCode,
    ).toBe(303);
    const stale = await mila.browser.post(edit, { body: 'We agree on peer review, weekly.', version: String(block.version) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('twice a month');
    expect(stale.body).toContain('weekly');
    const api = await json(mila.browser, 'POST', edit, { body: 'weekly', version: block.version });
    expect(api.statusCode).toBe(409);
    expect(api.json().current.body).toContain('twice a month');
    const kept = await ctx()
      .db.selectFrom('community_note_blocks')
      .select(['body', 'version'])
      .where('id', '=', block.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ body: 'We agree on peer review, twice a month.', version: block.version + 1 });
    const bad = await noor.browser.post(edit, { body: 'x'.repeat(10_001), version: String(kept.version) });
    expect(bad.statusCode).toBe(400);
  });

  test('by hand: a group, a member put in it, the note-taker changed', async () => {
    const f = c.facilitator.browser;
    const created = await f.post(`${base}/breakouts`, { name: 'Extra', question: 'Funding?' });
    expect(created.statusCode).toBe(303);
    const groupUrl = created.headers.location as string;
    expect((await f.post(`${groupUrl}/members`, { user: c.members[2].user.id })).statusCode).toBe(303);
    expect((await f.post(groupUrl, { name: 'Extra', question: 'Funding?', noteTaker: c.members[2].user.id })).statusCode).toBe(303);
    const page = await c.members[2].browser.get(groupUrl);
    expect(page.body).toContain('Note-taker: Otto Member');
    const notMember = await f.post(`${groupUrl}/members`, { user: c.stranger.user.id });
    expect(notMember.statusCode).toBe(400);
  });

  test('grouping at random through the service with a seeded order', async () => {
    const s2 = await session(ctx(), c.a.id);
    await register(
      ctx(),
      s2,
      c.members.map((m) => m.user),
    );
    const groups = await makeBreakouts(ctx(), c.facilitator.user, c.a.slug, s2, { method: 'random', groups: '2' }, { random: seeded(1) });
    expect(groups).toHaveLength(2);
    const members = await ctx().db.selectFrom('community_breakout_members').selectAll().where('session_id', '=', s2).execute();
    expect(members).toHaveLength(3);
  });

  test("the session's page links members to its questions, breakouts and report", async () => {
    const page = await c.members[1].browser.get(`/communities/sessions/${sid}`);
    expect(page.statusCode).toBe(200);
    for (const part of ['questions', 'breakouts', 'report']) expect(page.body).toContain(`href="${base}/${part}"`);
  });

  describe('authorisation', () => {
    const pages = () => [`${base}/questions`, `${base}/breakouts`];
    test('every route: signed out, a stranger, another community; members do not manage; outside the group no writing', async () => {
      const mine = await ctx()
        .db.selectFrom('community_breakout_members')
        .select('breakout_id')
        .where('session_id', '=', sid)
        .where('user_id', '=', c.members[0].user.id)
        .executeTakeFirstOrThrow();
      const group = await ctx()
        .db.selectFrom('community_breakouts')
        .selectAll()
        .where('id', '=', mine.breakout_id)
        .executeTakeFirstOrThrow();
      const question = await ctx()
        .db.selectFrom('community_questions')
        .select('id')
        .where('session_id', '=', sid)
        .executeTakeFirstOrThrow();
      const block = await ctx()
        .db.selectFrom('community_note_blocks')
        .selectAll()
        .where('note_set_id', '=', group.note_set_id)
        .executeTakeFirst();
      const notes = `/communities/${c.a.slug}/notes/${group.note_set_id}`;
      const g = `${base}/breakouts/${group.id}`;
      const gets = [`${base}/questions`, `${base}/breakouts`, g, notes, ...(block ? [`${notes}/blocks/${block.id}/edit`] : [])];
      const managing: [string, Record<string, string>][] = [
        [`${base}/questions`, { text: 'x' }],
        [`${base}/questions/${question.id}/remove`, {}],
        [`${base}/breakouts/make`, { method: 'random', groups: '2', replace: 'on' }],
        [`${base}/breakouts`, { name: 'x' }],
        [g, { name: 'x' }],
        [`${g}/members`, { user: c.members[0].user.id }],
      ];
      const taking: [string, Record<string, string>][] = [
        [`${base}/questions/${question.id}/answers`, { body: 'x' }],
        [`${base}/interest`, { question: '' }],
        [`${g}/note-taker`, {}],
        [notes, { body: 'x' }],
        ...(block
          ? ([[`${notes}/blocks/${block.id}`, { body: 'x', version: String(block.version) }]] as [string, Record<string, string>][])
          : []),
      ];
      for (const url of gets) expect((await c.signedOut.get(url)).statusCode, url).toBe(302);
      for (const [url, form] of [...managing, ...taking]) expect((await c.signedOut.post(url, form)).statusCode, url).toBe(401);
      for (const who of [c.stranger, c.otherFacilitator]) {
        for (const url of gets) expect((await who.browser.get(url)).statusCode, url).toBe(404);
        for (const [url, form] of [...managing, ...taking]) expect((await who.browser.post(url, form)).statusCode, url).toBe(404);
      }
      for (const [url, form] of managing) expect((await c.members[0].browser.post(url, form)).statusCode, url).toBe(403);
      // Someone outside the group reads its notes but neither adds nor changes them.
      const inGroup = new Set(
        (await ctx().db.selectFrom('community_breakout_members').select('user_id').where('breakout_id', '=', group.id).execute()).map(
          (r) => r.user_id,
        ),
      );
      const stranger = c.members.find((m) => !inGroup.has(m.user.id) && m.user.id !== group.note_taker_id);
      expect(stranger).toBeTruthy();
      if (stranger) {
        expect((await stranger.browser.get(notes)).statusCode).toBe(200);
        expect((await stranger.browser.post(notes, { body: 'x' })).statusCode).toBe(403);
        if (block) {
          expect((await stranger.browser.get(`${notes}/blocks/${block.id}/edit`)).statusCode).toBe(403);
          expect(
            (await stranger.browser.post(`${notes}/blocks/${block.id}`, { body: 'x', version: String(block.version) })).statusCode,
          ).toBe(403);
        }
      }
      expect(await ctx().db.selectFrom('community_note_blocks').select('id').where('body', '=', 'x').execute()).toEqual([]);
      expect(await ctx().db.selectFrom('community_questions').select('id').where('text', '=', 'x').execute()).toEqual([]);
    });

    test('signed out: pages go to sign-in, posts too', async () => {
      for (const url of pages()) {
        const r = await c.signedOut.get(url);
        expect(r.statusCode, url).toBe(302);
        expect(r.headers.location).toMatch(/^\/signin/);
      }
      for (const url of [`${base}/questions`, `${base}/breakouts/make`, `${base}/interest`]) {
        const r = await c.signedOut.post(url, { text: 'x', method: 'random', groups: '2' });
        expect(r.statusCode, url).toBe(401);
      }
      const set = await ctx()
        .db.selectFrom('community_note_sets')
        .select('id')
        .where('community_id', '=', c.a.id)
        .executeTakeFirstOrThrow();
      const notes = `/communities/${c.a.slug}/notes/${set.id}`;
      expect((await c.signedOut.get(notes)).statusCode).toBe(302);
      expect((await c.signedOut.post(notes, { body: 'x' })).statusCode).toBe(401);
      expect((await c.signedOut.post(`${notes}/blocks/${crypto.randomUUID()}`, { body: 'x', version: '1' })).statusCode).toBe(401);
      expect(await ctx().db.selectFrom('community_note_blocks').select('id').where('body', '=', 'x').execute()).toEqual([]);
    });

    test('a stranger and a member of another community see nothing of a closed community (404) and write nothing', async () => {
      const set = await ctx()
        .db.selectFrom('community_note_sets')
        .select('id')
        .where('community_id', '=', c.a.id)
        .executeTakeFirstOrThrow();
      for (const who of [c.stranger, c.otherFacilitator]) {
        for (const url of [...pages(), `/communities/${c.a.slug}/notes/${set.id}`])
          expect((await who.browser.get(url)).statusCode, url).toBe(404);
        expect((await who.browser.post(`/communities/${c.a.slug}/notes/${set.id}`, { body: 'x' })).statusCode).toBe(404);
        expect((await who.browser.post(`${base}/questions`, { text: 'x' })).statusCode).toBe(404);
      }
      // Community B's facilitator cannot reach A's session or notes through B either.
      const b = c.otherFacilitator.browser;
      expect((await b.get(`/communities/${c.b.slug}/sessions/${sid}/breakouts`)).statusCode).toBe(404);
      expect((await b.post(`/communities/${c.b.slug}/sessions/${sid}/breakouts/make`, { method: 'random', groups: '2' })).statusCode).toBe(
        404,
      );
      expect((await b.get(`/communities/${c.b.slug}/notes/${set.id}`)).statusCode).toBe(404);
      // And A's facilitator cannot change B's session through A.
      expect(
        (await c.facilitator.browser.post(`/communities/${c.a.slug}/sessions/${otherSession}/questions`, { text: 'x' })).statusCode,
      ).toBe(404);
    });

    test('a non-member of an open community: 403; members do not manage', async () => {
      const bBase = `/communities/${c.b.slug}/sessions/${otherSession}`;
      expect((await c.stranger.browser.get(`${bBase}/questions`)).statusCode).toBe(403);
      expect((await c.stranger.browser.post(`${bBase}/interest`, { question: '' })).statusCode).toBe(403);
      const m = c.members[0].browser;
      expect((await m.post(`${base}/questions`, { text: 'mine' })).statusCode).toBe(403);
      expect((await m.post(`${base}/breakouts/make`, { method: 'random', groups: '2', replace: 'on' })).statusCode).toBe(403);
      expect((await m.post(`${base}/breakouts`, { name: 'mine' })).statusCode).toBe(403);
      const group = await ctx().db.selectFrom('community_breakouts').select('id').where('session_id', '=', sid).executeTakeFirstOrThrow();
      expect((await m.post(`${base}/breakouts/${group.id}`, { name: 'renamed' })).statusCode).toBe(403);
      expect((await m.post(`${base}/breakouts/${group.id}/members`, { user: c.members[0].user.id })).statusCode).toBe(403);
    });

    test('the pages in Dutch', async () => {
      await addToCommunity(ctx(), c.a.id, c.members[0].user);
      const nl = c.members[0].browser;
      (nl as { lang: string }).lang = 'nl';
      const page = await nl.get(`${base}/breakouts`);
      expect(page.body).toContain('Groepen');
      expect(page.body).not.toContain('breakouts.');
      const q = await nl.get(`${base}/questions`);
      expect(q.body).toContain('Richtvragen');
      (nl as { lang: string }).lang = 'en';
    });
  });
});
