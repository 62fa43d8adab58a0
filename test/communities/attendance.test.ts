import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { checkInCode, codeValid, currentCode } from '../../src/communities/attendance.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, DAY, person, sessionAt } from './support.ts';

describeEachDatabase('communities: attendance with a code that changes every minute, or marked by a facilitator', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  const attended = async (sessionId: string) =>
    (await ctx().db.selectFrom('community_attendance').select(['user_id', 'method']).where('session_id', '=', sessionId).execute()).map(
      (r) => [r.user_id, r.method],
    );

  test("the code: this minute and the one before count; an expired code and another session's code do not", async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const now = new Date();
    const s = await sessionAt(ctx(), c.id, new Date(now.getTime() - 30 * 60_000));
    const other = await sessionAt(ctx(), c.id, new Date(now.getTime() - 30 * 60_000));
    const minute = Math.floor(now.getTime() / 60_000);
    const secret = ctx().config.secret;
    expect(codeValid(ctx(), s, checkInCode(secret, s, minute), now)).toBe(true);
    expect(codeValid(ctx(), s, checkInCode(secret, s, minute - 1), now)).toBe(true);
    expect(codeValid(ctx(), s, checkInCode(secret, s, minute - 2), now)).toBe(false);
    expect(codeValid(ctx(), s, checkInCode(secret, other, minute), now)).toBe(false);
    expect(checkInCode(secret, s, minute)).toMatch(/^\d{6}$/);
    expect(checkInCode(secret, s, minute)).not.toBe(checkInCode('another secret', s, minute));

    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const expired = await member.browser.post(`/communities/sessions/${s}/check-in`, { code: checkInCode(secret, s, minute - 3) });
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('id="code-error"');
    const wrongSession = await member.browser.post(`/communities/sessions/${s}/check-in`, { code: currentCode(ctx(), other).code });
    expect(wrongSession.statusCode).toBe(400);
    expect((await member.browser.post(`/communities/sessions/${s}/check-in`, { code: '' })).statusCode).toBe(400);
    expect(await attended(s)).toEqual([]);
    const ok = await member.browser.post(`/communities/sessions/${s}/check-in`, { code: currentCode(ctx(), s).code });
    expect(ok.statusCode).toBe(303);
    expect(await attended(s)).toEqual([[member.user.id, 'code']]);
    expect((await member.browser.get(`/communities/sessions/${s}`)).body).toContain('You are checked in.');
  });

  test('the room: facilitators see the code and its QR (refreshed by htmx); the QR opens check-in with the code filled in', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const s = await sessionAt(ctx(), c.id, new Date(Date.now() - 10 * 60_000));
    const page = await fac.browser.get(`/communities/sessions/${s}/code`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('hx-trigger="every 10s"');
    const code = currentCode(ctx(), s).code;
    expect(page.body).toContain(code);
    const svg = await fac.browser.get(`/communities/sessions/${s}/code.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    expect((await member.browser.get(`/communities/sessions/${s}/code`)).statusCode).toBe(403);
    expect((await member.browser.get(`/communities/sessions/${s}/code.svg`)).statusCode).toBe(403);
    const form = await member.browser.get(`/communities/sessions/${s}/check-in?code=${code}`);
    expect(form.body).toContain(`value="${code}"`);
    // Check-in closes an hour after the end.
    const old = await sessionAt(ctx(), c.id, new Date(Date.now() - 5 * DAY));
    expect((await member.browser.post(`/communities/sessions/${old}/check-in`, { code: currentCode(ctx(), old).code })).statusCode).toBe(
      409,
    );
    expect((await fac.browser.get(`/communities/sessions/${old}/code`)).statusCode).toBe(409);
  });

  test('a facilitator marks people present and who presented; lists per session and per theme', async () => {
    const fac = await person(ctx(), app, 'Fay');
    const c = await community(ctx(), fac.user);
    const theme = await ctx()
      .db.insertInto('community_themes')
      .values({ community_id: c.id, title: 'T', why: '', what: '', how: '', skill_ids: '[]' as never })
      .returning('id')
      .executeTakeFirstOrThrow();
    const s1 = await sessionAt(ctx(), c.id, new Date(Date.now() - 3 * DAY), { themeId: theme.id });
    const s2 = await sessionAt(ctx(), c.id, new Date(Date.now() - 2 * DAY), { themeId: theme.id });
    const member = await person(ctx(), app, 'Mia');
    await addToCommunity(ctx(), c.id, member.user);
    for (const s of [s1, s2])
      expect((await fac.browser.post(`/communities/sessions/${s}/attendance`, { userId: member.user.id, present: 'on' })).statusCode).toBe(
        303,
      );
    await fac.browser.post(`/communities/sessions/${s1}/attendance`, { userId: member.user.id, present: 'on', contributions: 'presented' });
    expect(await attended(s1)).toEqual([[member.user.id, 'facilitator']]);
    expect(
      (await ctx().db.selectFrom('community_contributions').select('kind').where('session_id', '=', s1).execute()).map((r) => r.kind),
    ).toEqual(['presented']);
    const list = await fac.browser.get(`/communities/sessions/${s1}`);
    expect(list.body).toContain('Mia was there');
    const themePage = await member.browser.get(`/communities/themes/${theme.id}`);
    expect(themePage.body).toContain('Attendance in this theme');
    expect(themePage.body).toMatch(/<td>Mia<\/td><td>yes<\/td><td>yes<\/td><td>2<\/td>/);
    // Unmarking removes the attendance.
    await fac.browser.post(`/communities/sessions/${s2}/attendance`, { userId: member.user.id });
    expect(await attended(s2)).toEqual([]);
  });

  test("authorisation: only this community's facilitators mark; outsiders cannot check in; signed out 401", async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { visibility: 'invitation' });
    const s = await sessionAt(ctx(), c.id, new Date(Date.now() - 10 * 60_000));
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const outsider = await person(ctx(), app);
    await community(ctx(), outsider.user);
    const code = currentCode(ctx(), s).code;
    expect((await member.browser.post(`/communities/sessions/${s}/attendance`, { userId: member.user.id, present: 'on' })).statusCode).toBe(
      403,
    );
    expect(
      (await outsider.browser.post(`/communities/sessions/${s}/attendance`, { userId: member.user.id, present: 'on' })).statusCode,
    ).toBe(404);
    expect((await outsider.browser.post(`/communities/sessions/${s}/check-in`, { code })).statusCode).toBe(404);
    expect((await outsider.browser.get(`/communities/sessions/${s}/code`)).statusCode).toBe(404);
    expect((await new Browser(app).post(`/communities/sessions/${s}/check-in`, { code })).statusCode).toBe(401);
    expect((await fac.browser.post(`/communities/sessions/${s}/attendance`, { userId: outsider.user.id, present: 'on' })).statusCode).toBe(
      404,
    );
    expect(
      (await fac.browser.post(`/communities/sessions/${s}/attendance`, { userId: member.user.id, present: 'on', contributions: 'bribed' }))
        .statusCode,
    ).toBe(400);
    expect(await attended(s)).toEqual([]);
  });
});
