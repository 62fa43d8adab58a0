import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApiToken } from '../../src/accounts/api.ts';
import { currentCode } from '../../src/communities/attendance.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { bearer, expectProblem } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, DAY, organisation, person, sessionAt } from './support.ts';

describeEachDatabase('communities: the JSON API', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  const tokenOf = async (userId: string) => (await createApiToken(ctx().db, userId, 'test')).token;
  const FUTURE = `${new Date().getUTCFullYear() + 1}-03-10`;

  test('a facilitator builds a community through the API; a member registers, checks in and makes an action item', async () => {
    const fac = await person(ctx(), app);
    const org = await organisation(ctx(), [[fac.user, 'admin']]);
    const t = await tokenOf(fac.user.id);
    const created = await bearer(app, t, 'POST', '/api/v1/communities', { organisation: org, name: 'API network', visibility: 'open' });
    expect(created.statusCode, created.body).toBe(201);
    const { slug } = created.json();
    const theme = await bearer(app, t, 'POST', `/api/v1/communities/${slug}/themes`, {
      title: 'Theme',
      why: 'Why',
      what: 'What',
      how: 'How',
    });
    expect(theme.statusCode, theme.body).toBe(201);
    const session = await bearer(app, t, 'POST', `/api/v1/communities/${slug}/sessions`, {
      template: 'builtin:clinic',
      title: 'Clinic',
      theme: theme.json().id,
      date: FUTURE,
      startTime: '10:00',
      endTime: '12:00',
      capacity: 10,
      lang: 'nl',
    });
    expect(session.statusCode, session.body).toBe(201);
    expect(session.json()).toMatchObject({ kind: 'clinic', timeZone: 'Europe/Amsterdam', capacity: 10 });
    const id = session.json().id;
    const detail = await bearer(app, t, 'GET', `/api/v1/communities/${slug}/sessions/${id}`);
    expect(detail.json().agenda.map((a: { title: string }) => a.title)).toContain('De uitdaging: een lid presenteert een project');

    const member = await person(ctx(), app);
    const m = await tokenOf(member.user.id);
    const { id: communityId } = (await bearer(app, m, 'GET', `/api/v1/communities/${slug}`)).json();
    await addToCommunity(ctx(), communityId, member.user);
    expect((await bearer(app, m, 'POST', `/api/v1/communities/${slug}/sessions/${id}/registration`)).json()).toEqual({
      status: 'registered',
    });
    const action = await bearer(app, m, 'POST', `/api/v1/communities/${slug}/sessions/${id}/actions`, {
      title: 'Write it up',
      owner: member.user.id,
      dueOn: '2099-01-01',
    });
    expect(action.statusCode, action.body).toBe(201);
    const patched = await bearer(app, m, 'PATCH', `/api/v1/communities/${slug}/actions/${action.json().id}`, { status: 'done' });
    expect(patched.json()).toMatchObject({ status: 'done', ownerId: member.user.id });
    expect((await bearer(app, m, 'GET', '/api/v1/communities/my-actions')).json().items.map((a: { title: string }) => a.title)).toEqual([
      'Write it up',
    ]);

    // Check-in in a session going on now.
    const now = await sessionAt(ctx(), communityId, new Date(Date.now() - 10 * 60_000));
    const wrong = expectProblem(
      await bearer(app, m, 'POST', `/api/v1/communities/${slug}/sessions/${now}/check-in`, {
        code: '000000' === currentCode(ctx(), now).code ? '111111' : '000000',
      }),
      400,
    );
    expect(wrong.field).toBe('code');
    const checkedIn = await bearer(app, m, 'POST', `/api/v1/communities/${slug}/sessions/${now}/check-in`, {
      code: currentCode(ctx(), now).code,
    });
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    expect(checkedIn.json()).toEqual({ checkedIn: true, badges: [] });
    const attendance = await bearer(app, t, 'GET', `/api/v1/communities/${slug}/sessions/${now}/attendance`);
    expect(attendance.json().items.find((r: { userId: string }) => r.userId === member.user.id)).toMatchObject({
      present: true,
      method: 'code',
    });
    expect(
      (await bearer(app, t, 'POST', `/api/v1/communities/${slug}/sessions/${now}/attendance`, { userId: member.user.id, present: false }))
        .statusCode,
    ).toBe(204);
    expect((await bearer(app, m, 'DELETE', `/api/v1/communities/${slug}/sessions/${id}/registration`)).statusCode).toBe(204);
    const list = await bearer(app, m, 'GET', '/api/v1/communities');
    expect(list.json().items.find((c: { slug: string }) => c.slug === slug)).toMatchObject({ role: 'member', members: 2 });
  });

  test('bad input: 400 problem naming the field; nothing stored', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const t = await tokenOf(fac.user.id);
    expect(expectProblem(await bearer(app, t, 'POST', `/api/v1/communities/${c.slug}/themes`, { title: '' }), 400).field).toBe('title');
    expect(
      expectProblem(await bearer(app, t, 'POST', `/api/v1/communities/${c.slug}/themes`, { title: 'x', colour: 'red' }), 400).detail,
    ).toContain('colour');
    const s = expectProblem(
      await bearer(app, t, 'POST', `/api/v1/communities/${c.slug}/sessions`, {
        template: 'builtin:webinar',
        title: 'W',
        date: FUTURE,
        startTime: '9',
        endTime: '10:00',
      }),
      400,
    );
    expect(s.field).toBe('startTime');
    expect(expectProblem(await bearer(app, t, 'PATCH', `/api/v1/communities/${c.slug}`, { visibility: 'secret' }), 400).field).toBe(
      'visibility',
    );
    expect(await ctx().db.selectFrom('community_sessions').selectAll().where('community_id', '=', c.id).execute()).toEqual([]);
    expect(await ctx().db.selectFrom('community_themes').selectAll().where('community_id', '=', c.id).execute()).toEqual([]);
  });

  test("authorisation: signed out 401; members may not manage; another community's session is not found through this one", async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { visibility: 'invitation' });
    const s = await sessionAt(ctx(), c.id, new Date(Date.now() + DAY));
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const m = await tokenOf(member.user.id);
    const otherFac = await person(ctx(), app);
    const other = await community(ctx(), otherFac.user);
    const o = await tokenOf(otherFac.user.id);
    expect((await app.inject({ method: 'GET', url: '/api/v1/communities' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/v1/communities/${c.slug}` })).statusCode).toBe(401);
    expectProblem(await bearer(app, m, 'PATCH', `/api/v1/communities/${c.slug}`, { name: 'Mine now' }), 403);
    expectProblem(await bearer(app, m, 'POST', `/api/v1/communities/${c.slug}/themes`, { title: 'X' }), 403);
    expectProblem(
      await bearer(app, m, 'POST', `/api/v1/communities/${c.slug}/sessions`, {
        template: 'builtin:webinar',
        title: 'X',
        date: FUTURE,
        startTime: '09:00',
        endTime: '10:00',
      }),
      403,
    );
    expectProblem(
      await bearer(app, m, 'PATCH', `/api/v1/communities/${c.slug}/sessions/${s}`, {
        title: 'X',
        date: FUTURE,
        startTime: '09:00',
        endTime: '10:00',
      }),
      403,
    );
    expectProblem(
      await bearer(app, m, 'POST', `/api/v1/communities/${c.slug}/sessions/${s}/attendance`, { userId: member.user.id, present: true }),
      403,
    );
    expectProblem(await bearer(app, o, 'GET', `/api/v1/communities/${c.slug}`), 404);
    expectProblem(await bearer(app, o, 'GET', `/api/v1/communities/${c.slug}/sessions/${s}`), 404);
    // The other facilitator's own community does not reach this session.
    expectProblem(
      await bearer(app, o, 'PATCH', `/api/v1/communities/${other.slug}/sessions/${s}`, {
        title: 'X',
        date: FUTURE,
        startTime: '09:00',
        endTime: '10:00',
      }),
      404,
    );
    expectProblem(await bearer(app, o, 'GET', `/api/v1/communities/${other.slug}/sessions/${s}`), 404);
    expectProblem(await bearer(app, m, 'GET', `/api/v1/communities/${other.slug}/members`), 403);
    const row = await ctx().db.selectFrom('community_sessions').select('title').where('id', '=', s).executeTakeFirstOrThrow();
    expect(row.title).not.toBe('X');
  });

  test('the OpenAPI document lists the communities API', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of [
      '/api/v1/communities',
      '/api/v1/communities/{slug}',
      '/api/v1/communities/{slug}/themes',
      '/api/v1/communities/{slug}/sessions',
      '/api/v1/communities/{slug}/sessions/{id}/attendance',
      '/api/v1/communities/{slug}/sessions/{id}/check-in',
      '/api/v1/communities/{slug}/actions/{id}',
      '/api/v1/communities/my-actions',
    ])
      expect(Object.keys(spec.paths), path).toContain(path);
  });
});
