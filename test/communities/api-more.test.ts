import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApiToken } from '../../src/accounts/api.ts';
import { addQuestion, answerQuestion, makeBreakouts } from '../../src/communities/breakouts/service.ts';
import { applyToCall, createCall } from '../../src/communities/calls.ts';
import { addChallenge, linkReflection, suggestSolution } from '../../src/communities/clinics/service.ts';
import { addRoom, addSlot, proposeTopic, scheduleTopics } from '../../src/communities/open-space/service.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { bearer, expectProblem } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Cast, cast, register, session } from './part-b-support.ts';
import { DAY, sessionAt } from './support.ts';

/**
 * The rest of the communities JSON API: templates, a theme and its attendance, badge rules, the
 * directory, calls for applications, and what happens in a session (questions, breakouts, notes,
 * clinic, open space). Community A of the cast is by invitation (closed), B is open.
 */
describeEachDatabase('communities: templates, themes, badge rules, directory, calls and session work in the JSON API', (ctx) => {
  let app: FastifyInstance;
  let c: Cast;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    c = await cast(ctx(), app);
    for (const p of [c.facilitator, ...c.members, c.otherFacilitator, c.stranger])
      tokens.set(p.user.id, (await createApiToken(ctx().db, p.user.id, 'test')).token);
  });
  afterAll(() => app.close());

  const as = (p: { user: { id: string } }) => tokens.get(p.user.id) as string;
  /** Signed out, as a browser without a session sends it (with the CSRF token, so the answer is about signing in). */
  const signedOut = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => c.signedOut.api(method, url, payload);

  test('templates: the built-in ones in the language asked, then the community’s own; facilitators only', async () => {
    const base = `/api/v1/communities/${c.a.slug}/templates`;
    const nl = await bearer(app, as(c.facilitator), 'GET', `${base}?lang=nl`);
    expect(nl.statusCode, nl.body).toBe(200);
    const items = nl.json().items as { id: string; name: string; builtIn: boolean; items: { title: string; minutes: number }[] }[];
    expect(items.filter((t) => t.builtIn).map((t) => t.id)).toEqual([
      'builtin:community',
      'builtin:clinic',
      'builtin:reflection',
      'builtin:hackathon',
      'builtin:open-space',
      'builtin:network',
      'builtin:webinar',
    ]);
    expect(items.find((t) => t.id === 'builtin:community')?.items.map((i) => i.title)).toContain('Presentatie door een lid');
    const en = (await bearer(app, as(c.facilitator), 'GET', `${base}?lang=en`)).json();
    expect(en.items.find((t: { id: string }) => t.id === 'builtin:community').items.map((i: { title: string }) => i.title)).not.toContain(
      'Presentatie door een lid',
    );
    // A saved template follows the built-in ones.
    const s = await session(ctx(), c.a.id);
    await ctx()
      .db.insertInto('community_agenda_items')
      .values({ session_id: s, position: 1, title: 'Check-in round', minutes: 15 })
      .execute();
    const facBrowser = c.facilitator.browser;
    expect((await facBrowser.post(`/communities/sessions/${s}/save-template`, { name: 'Our own' })).statusCode).toBe(303);
    const own = (await bearer(app, as(c.facilitator), 'GET', base)).json().items.at(-1);
    expect(own).toMatchObject({ name: 'Our own', builtIn: false, items: [{ title: 'Check-in round', minutes: 15 }] });

    expect(expectProblem(await bearer(app, as(c.facilitator), 'GET', `${base}?lang=fr`), 400).detail).toContain('lang');
    expectProblem(await bearer(app, as(c.members[0]), 'GET', base), 403);
    expectProblem(await bearer(app, as(c.stranger), 'GET', base), 404);
    expectProblem(await bearer(app, as(c.otherFacilitator), 'GET', base), 404);
    expectProblem(await signedOut('GET', base), 401);
  });

  test('a theme with its goals and sessions, and its attendance list (members); another community’s theme is not found here', async () => {
    const theme = await ctx()
      .db.insertInto('community_themes')
      .values({ community_id: c.a.id, title: 'Mentoring year', why: 'W', what: 'X', how: 'H', skill_ids: '[]' as never })
      .returning('id')
      .executeTakeFirstOrThrow();
    const past = await sessionAt(ctx(), c.a.id, new Date(Date.now() - 3 * DAY), { themeId: theme.id, title: 'Kick-off' });
    const [mila] = c.members;
    await c.facilitator.browser.post(`/communities/sessions/${past}/attendance`, { userId: mila.user.id, present: 'on' });
    const base = `/api/v1/communities/${c.a.slug}/themes/${theme.id}`;
    const got = await bearer(app, as(mila), 'GET', base);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json()).toMatchObject({ title: 'Mentoring year', why: 'W', sessions: [{ id: past, title: 'Kick-off', cancelled: false }] });
    const attendance = (await bearer(app, as(mila), 'GET', `${base}/attendance`)).json();
    expect(attendance.sessions.map((s: { id: string }) => s.id)).toEqual([past]);
    expect(attendance.people).toEqual([{ userId: mila.user.id, name: mila.user.name, count: 1, sessionIds: [past] }]);

    expectProblem(await bearer(app, as(c.stranger), 'GET', base), 404);
    expectProblem(await bearer(app, as(c.stranger), 'GET', `${base}/attendance`), 404);
    expectProblem(await bearer(app, as(c.otherFacilitator), 'GET', `/api/v1/communities/${c.b.slug}/themes/${theme.id}`), 404);
    expectProblem(await bearer(app, as(mila), 'GET', `/api/v1/communities/${c.a.slug}/themes/not-an-id`), 404);
    expectProblem(await signedOut('GET', `${base}/attendance`), 401);
    // An open community's theme: anyone signed in sees it, only members its attendance.
    const open = await ctx()
      .db.insertInto('community_themes')
      .values({ community_id: c.b.id, title: 'Open theme', why: '', what: '', how: '', skill_ids: '[]' as never })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await bearer(app, as(c.stranger), 'GET', `/api/v1/communities/${c.b.slug}/themes/${open.id}`)).statusCode).toBe(200);
    expectProblem(await bearer(app, as(c.stranger), 'GET', `/api/v1/communities/${c.b.slug}/themes/${open.id}/attendance`), 403);
  });

  test('badge rules: added, listed with who earned them, paused, run; bad input names the field; facilitators only', async () => {
    const base = `/api/v1/communities/${c.a.slug}/badge-rules`;
    const past = await sessionAt(ctx(), c.a.id, new Date(Date.now() - 2 * DAY));
    const [mila, noor] = c.members;
    await c.facilitator.browser.post(`/communities/sessions/${past}/attendance`, { userId: noor.user.id, present: 'on' });

    for (const [body, field] of [
      [{ kind: 'bribery', name: 'X', description: 'X' }, 'kind'],
      [{ kind: 'attended', threshold: 0, name: 'X', description: 'X' }, 'threshold'],
      [{ kind: 'attended', name: '', description: 'X' }, 'name'],
      [{ kind: 'completed-year', name: 'Y', description: 'Y' }, 'theme'],
    ] as const)
      expect(expectProblem(await bearer(app, as(c.facilitator), 'POST', base, body), 400).field, JSON.stringify(body)).toBe(field);
    // A theme that is not this community's: not found, naming the field.
    const elsewhere = await ctx()
      .db.insertInto('community_themes')
      .values({ community_id: c.b.id, title: 'Elsewhere', why: '', what: '', how: '', skill_ids: '[]' as never })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(
      expectProblem(
        await bearer(app, as(c.facilitator), 'POST', base, { kind: 'attended', name: 'X', description: 'X', theme: elsewhere.id }),
        404,
      ).field,
    ).toBe('theme');
    expect(
      expectProblem(
        await bearer(app, as(c.facilitator), 'POST', base, { kind: 'attended', name: 'X', description: 'X', colour: 'red' }),
        400,
      ).detail,
    ).toContain('colour');
    expect(await ctx().db.selectFrom('community_badge_rules').selectAll().where('community_id', '=', c.a.id).execute()).toEqual([]);

    for (const [who, status] of [
      [mila, 403],
      [c.stranger, 404],
      [c.otherFacilitator, 404],
    ] as const) {
      expectProblem(await bearer(app, as(who), 'POST', base, { kind: 'attended', name: 'X', description: 'X' }), status);
      expectProblem(await bearer(app, as(who), 'GET', base), status);
      expectProblem(await bearer(app, as(who), 'POST', `${base}/run`), status);
    }
    expectProblem(await signedOut('POST', base, { kind: 'attended', name: 'X', description: 'X' }), 401);
    expectProblem(await signedOut('GET', base), 401);

    const made = await bearer(app, as(c.facilitator), 'POST', base, {
      kind: 'attended',
      threshold: 1,
      name: 'Came along',
      description: 'Came.',
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ kind: 'attended', threshold: 1, active: true, themeId: null });
    const ruleId = made.json().id;
    // Noor (and whoever else came to a session of this community) attended before the rule: the run issues theirs, once.
    const attended = await ctx()
      .db.selectFrom('community_attendance as a')
      .innerJoin('community_sessions as s', 's.id', 'a.session_id')
      .select('a.user_id')
      .distinct()
      .where('s.community_id', '=', c.a.id)
      .execute();
    const run = (await bearer(app, as(c.facilitator), 'POST', `${base}/run`)).json();
    expect(run).toMatchObject({ issued: attended.length, failed: 0 });
    expect(run.badges.map((b: { userId: string }) => b.userId).sort()).toEqual(attended.map((a) => a.user_id).sort());
    expect(run.badges).toContainEqual(expect.objectContaining({ ruleId, userId: noor.user.id, name: 'Came along' }));
    expect((await bearer(app, as(c.facilitator), 'POST', `${base}/run`)).json()).toMatchObject({ issued: 0, badges: [] });
    const listed = (await bearer(app, as(c.facilitator), 'GET', base)).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0].awards.map((a: { userId: string }) => a.userId)).toContain(noor.user.id);

    // Pausing: only this community's facilitators, only through this community.
    expectProblem(await bearer(app, as(mila), 'PATCH', `${base}/${ruleId}`, { active: false }), 403);
    expectProblem(
      await bearer(app, as(c.otherFacilitator), 'PATCH', `/api/v1/communities/${c.b.slug}/badge-rules/${ruleId}`, { active: false }),
      404,
    );
    expect(expectProblem(await bearer(app, as(c.facilitator), 'PATCH', `${base}/${ruleId}`, { active: 'no' }), 400).detail).toContain(
      'active',
    );
    expectProblem(await signedOut('PATCH', `${base}/${ruleId}`, { active: false }), 401);
    const paused = await bearer(app, as(c.facilitator), 'PATCH', `${base}/${ruleId}`, { active: false });
    expect(paused.json()).toMatchObject({ id: ruleId, active: false });
  });

  test('the directory: members who opted in, by organisation; members only', async () => {
    const [mila] = c.members;
    const saved = await mila.browser.post('/backpack/profile', {
      findable: 'on',
      handle: `m-${mila.user.id.slice(0, 8)}`,
      displayName: 'Mila',
    });
    expect(saved.statusCode).toBe(303);
    const base = `/api/v1/communities/${c.a.slug}/directory`;
    const got = await bearer(app, as(c.members[1]), 'GET', base);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.json().items.map((e: { userId: string }) => e.userId)).toEqual([mila.user.id]);
    expect(got.json().notListed).toBeGreaterThan(0);
    expect((await bearer(app, as(c.members[1]), 'GET', `${base}?organisation=nowhere`)).json().items).toEqual([]);
    expect((await bearer(app, as(c.members[1]), 'GET', `${base}?skill=${'x'.repeat(201)}`)).statusCode).toBe(400);
    expectProblem(await bearer(app, as(c.stranger), 'GET', base), 404);
    expectProblem(await bearer(app, as(c.stranger), 'GET', `/api/v1/communities/${c.b.slug}/directory`), 403);
    expectProblem(await signedOut('GET', base), 401);
  });

  test('calls: the open ones for everyone who sees the community, applications and decisions for facilitators', async () => {
    const call = await createCall(ctx(), c.otherFacilitator.user, c.b.slug, {
      title: 'Core group 2026',
      description: 'Apply.',
      questions: 'Why you?\nWhat do you bring?',
    });
    // An open community: anyone signed in lists its open calls, without counts.
    const base = `/api/v1/communities/${c.b.slug}/calls`;
    const seen = (await bearer(app, as(c.stranger), 'GET', base)).json();
    expect(seen.items).toEqual([expect.objectContaining({ id: call.id, open: true, applicationCount: null })]);
    const application = await applyToCall(ctx(), c.stranger.user, call.id, ['Because.', 'Energy.']);
    const counted = (await bearer(app, as(c.otherFacilitator), 'GET', base)).json();
    expect(counted.items[0]).toMatchObject({ id: call.id, applicationCount: 1, questions: ['Why you?', 'What do you bring?'] });
    const apps = await bearer(app, as(c.otherFacilitator), 'GET', `${base}/${call.id}/applications`);
    expect(apps.json().items).toEqual([
      expect.objectContaining({
        id: application.id,
        userId: c.stranger.user.id,
        status: 'submitted',
        answers: [
          { question: 'Why you?', answer: 'Because.' },
          { question: 'What do you bring?', answer: 'Energy.' },
        ],
      }),
    ]);
    const decide = `${base}/${call.id}/applications/${application.id}`;
    expect(expectProblem(await bearer(app, as(c.otherFacilitator), 'POST', decide, { decision: 'maybe' }), 400).field).toBe('decision');
    expectProblem(await bearer(app, as(c.stranger), 'POST', decide, { decision: 'select' }), 403);
    expectProblem(await bearer(app, as(c.stranger), 'GET', `${base}/${call.id}/applications`), 403);
    // Through another community, the call is not found; so is an application of another call.
    expectProblem(await bearer(app, as(c.facilitator), 'GET', `/api/v1/communities/${c.a.slug}/calls/${call.id}/applications`), 404);
    expectProblem(
      await bearer(app, as(c.otherFacilitator), 'POST', `${base}/${call.id}/applications/${call.id}`, { decision: 'select' }),
      404,
    );
    expectProblem(await signedOut('POST', decide, { decision: 'select' }), 401);
    const selected = await bearer(app, as(c.otherFacilitator), 'POST', decide, { decision: 'select' });
    expect(selected.json()).toMatchObject({ id: application.id, status: 'selected' });
    const member = await ctx()
      .db.selectFrom('community_members')
      .select(['core', 'status'])
      .where('community_id', '=', c.b.id)
      .where('user_id', '=', c.stranger.user.id)
      .executeTakeFirstOrThrow();
    expect(member).toEqual({ core: true, status: 'active' });
    // A closed community's calls are nothing to outsiders.
    expectProblem(await bearer(app, as(c.otherFacilitator), 'GET', `/api/v1/communities/${c.a.slug}/calls`), 404);
  });

  test('in a session: questions, breakouts with their notes, adding and changing notes (409 keeps both), clinic and open space', async () => {
    const [mila, noor, otto] = c.members;
    const sid = await session(ctx(), c.a.id, { title: 'Working session' });
    await register(ctx(), sid, [mila.user, noor.user]);
    const q = await addQuestion(ctx(), c.facilitator.user, c.a.slug, sid, { text: 'What works?' });
    await answerQuestion(ctx(), mila.user, c.a.slug, sid, q.id, { body: 'Buddies.' });
    const [group] = await makeBreakouts(ctx(), c.facilitator.user, c.a.slug, sid, { method: 'random', groups: '1' });
    const base = `/api/v1/communities/${c.a.slug}/sessions/${sid}`;

    const questions = (await bearer(app, as(otto), 'GET', `${base}/questions`)).json();
    expect(questions.items).toEqual([
      expect.objectContaining({ text: 'What works?', answers: [expect.objectContaining({ userId: mila.user.id, body: 'Buddies.' })] }),
    ]);
    const breakouts = (await bearer(app, as(otto), 'GET', `${base}/breakouts`)).json();
    expect(breakouts.items).toHaveLength(1);
    expect(breakouts.items[0].members.map((m: { userId: string }) => m.userId).sort()).toEqual([mila.user.id, noor.user.id].sort());
    const notes = `/api/v1/communities/${c.a.slug}/notes/${group.note_set_id}`;

    // Mila (in the group) adds a block; Otto (a member, not in the group) reads it but may not write.
    const added = await bearer(app, as(mila), 'POST', `${notes}/blocks`, { body: 'A buddy for every newcomer.' });
    expect(added.statusCode, added.body).toBe(201);
    const block = added.json();
    expect(block).toMatchObject({ body: 'A buddy for every newcomer.', version: 1, authorId: mila.user.id });
    const read = (await bearer(app, as(otto), 'GET', notes)).json();
    expect(read).toMatchObject({ canWrite: false, scope: 'breakout', blocks: [{ id: block.id, authorName: mila.user.name }] });
    expect((await bearer(app, as(otto), 'GET', `${base}/breakouts`)).json().items[0].notes.map((b: { id: string }) => b.id)).toEqual([
      block.id,
    ]);
    expectProblem(await bearer(app, as(otto), 'POST', `${notes}/blocks`, { body: 'Not mine to write.' }), 403);

    // Noor saves over version 1; Mila's later save from version 1 is a 409 carrying Noor's text.
    const noorSave = await bearer(app, as(noor), 'PATCH', `${notes}/blocks/${block.id}`, {
      body: 'A buddy for every newcomer, for a year.',
      version: 1,
    });
    expect(noorSave.json()).toMatchObject({ version: 2 });
    const conflict = expectProblem(
      await bearer(app, as(mila), 'PATCH', `${notes}/blocks/${block.id}`, { body: 'A buddy and a mentor.', version: 1 }),
      409,
    );
    expect(conflict.current).toMatchObject({ id: block.id, version: 2, body: 'A buddy for every newcomer, for a year.' });
    const stamp = (await bearer(app, as(otto), 'GET', notes)).json().stamp;
    // Bad input names the field and changes nothing.
    expect(expectProblem(await bearer(app, as(mila), 'POST', `${notes}/blocks`, { body: '  ' }), 400).field).toBe('body');
    expect(expectProblem(await bearer(app, as(mila), 'PATCH', `${notes}/blocks/${block.id}`, { body: 'x' }), 400).detail).toContain(
      'version',
    );
    expect(expectProblem(await bearer(app, as(mila), 'POST', `${notes}/blocks`, { body: 'x', colour: 1 }), 400).detail).toContain('colour');
    expect((await bearer(app, as(otto), 'GET', notes)).json().stamp).toBe(stamp);
    // Emptying removes it (204).
    expect((await bearer(app, as(noor), 'PATCH', `${notes}/blocks/${block.id}`, { body: '', version: 2 })).statusCode).toBe(204);
    expect((await bearer(app, as(otto), 'GET', notes)).json().blocks).toEqual([]);

    // Outsiders: a stranger and the other community's facilitator find nothing of a closed community; signed out 401.
    for (const who of [c.stranger, c.otherFacilitator]) {
      expectProblem(await bearer(app, as(who), 'GET', notes), 404);
      expectProblem(await bearer(app, as(who), 'POST', `${notes}/blocks`, { body: 'In.' }), 404);
      expectProblem(await bearer(app, as(who), 'GET', `${base}/breakouts`), 404);
      expectProblem(await bearer(app, as(who), 'GET', `${base}/questions`), 404);
    }
    // The same note set or session through the other community's slug: not found.
    expectProblem(await bearer(app, as(c.otherFacilitator), 'GET', `/api/v1/communities/${c.b.slug}/notes/${group.note_set_id}`), 404);
    expectProblem(await bearer(app, as(c.otherFacilitator), 'GET', `/api/v1/communities/${c.b.slug}/sessions/${sid}/breakouts`), 404);
    expectProblem(await signedOut('GET', notes), 401);
    expectProblem(await signedOut('POST', `${notes}/blocks`, { body: 'x' }), 401);
    expectProblem(await signedOut('GET', `${base}/questions`), 401);

    // A clinic with three solutions, gathered by a reflection.
    const clinic = await session(ctx(), c.a.id, { kind: 'clinic' });
    const reflection = await session(ctx(), c.a.id, { kind: 'reflection' });
    const challenge = await addChallenge(ctx(), mila.user, c.a.slug, clinic, { title: 'Mentors drop out', body: 'After two months.' });
    for (const [who, body] of [
      [noor, 'Buddies.'],
      [otto, 'A badge after six months.'],
      [c.facilitator, 'Shorter cycles.'],
    ] as const)
      await suggestSolution(ctx(), who.user, c.a.slug, clinic, challenge.id, { body });
    await linkReflection(ctx(), c.facilitator.user, c.a.slug, clinic, challenge.id, reflection);
    const clinicJson = (await bearer(app, as(otto), 'GET', `/api/v1/communities/${c.a.slug}/sessions/${clinic}/clinic`)).json();
    expect(clinicJson.items[0]).toMatchObject({
      title: 'Mentors drop out',
      presenter: { userId: mila.user.id },
      reflectionSessionId: reflection,
    });
    expect(clinicJson.items[0].solutions).toHaveLength(3);
    const gathered = (await bearer(app, as(otto), 'GET', `/api/v1/communities/${c.a.slug}/sessions/${reflection}/clinic`)).json();
    expect(gathered).toMatchObject({ kind: 'reflection', items: [{ id: challenge.id }] });
    expect(expectProblem(await bearer(app, as(otto), 'GET', `${base}/clinic`), 409).code).toBe('communities:errors.notAClinic');
    expectProblem(await bearer(app, as(c.stranger), 'GET', `/api/v1/communities/${c.a.slug}/sessions/${clinic}/clinic`), 404);

    // An open space: topics scheduled into rooms and slots.
    const os = await session(ctx(), c.a.id, { kind: 'open-space' });
    await addRoom(ctx(), c.facilitator.user, c.a.slug, os, { name: 'Hall' });
    await addSlot(ctx(), c.facilitator.user, c.a.slug, os, { label: '10:00' });
    await addSlot(ctx(), c.facilitator.user, c.a.slug, os, { label: '11:00' });
    for (const [who, title] of [
      [mila, 'Buddies'],
      [mila, 'Badges'],
    ] as const)
      await proposeTopic(ctx(), who.user, c.a.slug, os, { title, description: '' });
    await scheduleTopics(ctx(), c.facilitator.user, c.a.slug, os);
    const space = (await bearer(app, as(noor), 'GET', `/api/v1/communities/${c.a.slug}/sessions/${os}/open-space`)).json();
    expect(space.rooms.map((r: { name: string }) => r.name)).toEqual(['Hall']);
    expect(space.topics).toHaveLength(2);
    expect(space.unscheduled).toBe(0);
    // Mila hosts both: never in the same slot.
    expect(new Set(space.topics.map((t: { slotId: string }) => t.slotId)).size).toBe(2);
    expect(expectProblem(await bearer(app, as(noor), 'GET', `${base}/open-space`), 409).code).toBe('communities:errors.notOpenSpace');
    expectProblem(await signedOut('GET', `/api/v1/communities/${c.a.slug}/sessions/${os}/open-space`), 401);
  });

  test('the OpenAPI document lists these paths', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of [
      '/api/v1/communities/{slug}/templates',
      '/api/v1/communities/{slug}/themes/{id}',
      '/api/v1/communities/{slug}/themes/{id}/attendance',
      '/api/v1/communities/{slug}/badge-rules',
      '/api/v1/communities/{slug}/badge-rules/{id}',
      '/api/v1/communities/{slug}/badge-rules/run',
      '/api/v1/communities/{slug}/directory',
      '/api/v1/communities/{slug}/calls',
      '/api/v1/communities/{slug}/calls/{id}/applications',
      '/api/v1/communities/{slug}/calls/{id}/applications/{application}',
      '/api/v1/communities/{slug}/sessions/{id}/questions',
      '/api/v1/communities/{slug}/sessions/{id}/breakouts',
      '/api/v1/communities/{slug}/notes/{setId}',
      '/api/v1/communities/{slug}/notes/{setId}/blocks',
      '/api/v1/communities/{slug}/notes/{setId}/blocks/{blockId}',
      '/api/v1/communities/{slug}/sessions/{id}/clinic',
      '/api/v1/communities/{slug}/sessions/{id}/open-space',
    ])
      expect(Object.keys(spec.paths), path).toContain(path);
  });
});
