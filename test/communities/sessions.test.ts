import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sendSessionReminders } from '../../src/communities/reminders.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, person } from './support.ts';

/** A day some weeks ahead, as YYYY-MM-DD (a January day, so Amsterdam is UTC+1). */
const FUTURE_WINTER = `${new Date().getUTCFullYear() + 1}-01-14`;

describeEachDatabase('communities: sessions from templates, agenda, registration, reminders, iCalendar', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  const mails = (to: string) => ctx().db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).orderBy('created_at').execute();

  async function plan(browser: Browser, slug: string, form: Record<string, string> = {}) {
    const res = await browser.post(`/communities/${slug}/sessions/new`, {
      template: 'builtin:community',
      title: 'January session',
      date: FUTURE_WINTER,
      startTime: '14:00',
      endTime: '16:00',
      timeZone: 'Europe/Amsterdam',
      place: 'Library, room 2',
      ...form,
    });
    expect(res.statusCode, res.body).toBe(303);
    return (res.headers.location as string).split('/').pop() as string;
  }

  test('a session from the built-in template in Dutch: its agenda in Dutch, with times; items added and a template saved', async () => {
    const fac = await person(ctx(), app, 'Fien', 'nl');
    const c = await community(ctx(), fac.user);
    const form = await fac.browser.get(`/communities/${c.slug}/sessions/new`);
    expect(form.body).toContain('Communitybijeenkomst (ingebouwd)');
    expect(form.body).toContain('Clinic (ingebouwd)');
    const id = await plan(fac.browser, c.slug);
    const row = await ctx().db.selectFrom('community_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.kind).toBe('community');
    // 14:00 in Amsterdam in January is 13:00 UTC.
    expect(new Date(row.starts_at).toISOString()).toBe(`${FUTURE_WINTER}T13:00:00.000Z`);
    const page = await fac.browser.get(`/communities/sessions/${id}`);
    expect(page.body).toContain('Presentatie door een lid');
    expect(page.body).toContain('<td>14:10</td>');
    expect(
      (await fac.browser.post(`/communities/sessions/${id}/agenda`, { title: 'Borrel', minutes: '30', lead: fac.user.id })).statusCode,
    ).toBe(303);
    const items = await ctx()
      .db.selectFrom('community_agenda_items')
      .selectAll()
      .where('session_id', '=', id)
      .orderBy('position')
      .execute();
    expect(items.map((i) => i.title)).toEqual([
      'Welkom en kennismaking',
      'Presentatie door een lid',
      'Open gesprek aan de hand van de leidende vragen',
      'Deelgroepen',
      'Besluiten en actiepunten',
      'Borrel',
    ]);
    expect(items[5].lead_user_id).toBe(fac.user.id);
    expect((await fac.browser.post(`/communities/sessions/${id}/save-template`, { name: 'Onze opzet' })).statusCode).toBe(303);
    const again = await fac.browser.get(`/communities/${c.slug}/sessions/new`);
    const saved = /<option value="([0-9a-f-]{36})"[^>]*>Onze opzet<\/option>/.exec(again.body)?.[1] as string;
    expect(saved).toBeTruthy();
    const second = await plan(fac.browser, c.slug, { template: saved, title: 'Februari' });
    expect((await ctx().db.selectFrom('community_agenda_items').select('title').where('session_id', '=', second).execute()).length).toBe(6);
    expect((await fac.browser.post(`/communities/agenda/${items[5].id}/remove`)).statusCode).toBe(303);
  });

  test('bad input: 400 naming each field, nothing stored, the typed values kept', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const bad = await fac.browser.post(`/communities/${c.slug}/sessions/new`, {
      template: 'builtin:nonsense',
      title: '',
      date: '14-01-2027',
      startTime: '25:00',
      endTime: '',
      timeZone: 'Mars/Olympus',
      onlineUrl: 'javascript:alert(1)',
      capacity: '-3',
      place: 'Kept place',
    });
    expect(bad.statusCode).toBe(400);
    for (const field of ['template', 'title', 'date', 'startTime', 'endTime', 'timeZone', 'onlineUrl', 'capacity'])
      expect(bad.body, field).toContain(`id="${field}-error"`);
    expect(bad.body).toContain('Kept place');
    const template = await fac.browser.post(`/communities/${c.slug}/sessions/new`, {
      template: 'builtin:nonsense',
      title: 'T',
      date: FUTURE_WINTER,
      startTime: '10:00',
      endTime: '11:00',
    });
    expect(template.statusCode).toBe(400);
    expect(template.body).toContain('id="template-error"');
    expect(await ctx().db.selectFrom('community_sessions').selectAll().where('community_id', '=', c.id).execute()).toEqual([]);
    const id = await plan(fac.browser, c.slug);
    const item = await fac.browser.post(`/communities/sessions/${id}/agenda`, { title: '', minutes: '0' });
    expect(item.statusCode).toBe(400);
    expect(item.body).toContain('id="title-error"');
    expect(item.body).toContain('id="minutes-error"');
  });

  test('capacity and waiting list: the first waiting gets the place when someone cancels, with a mail', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const id = await plan(fac.browser, c.slug, { capacity: '2' });
    const people = [
      await person(ctx(), app, 'One'),
      await person(ctx(), app, 'Two'),
      await person(ctx(), app, 'Three'),
      await person(ctx(), app, 'Four'),
    ];
    for (const p of people) await addToCommunity(ctx(), c.id, p.user);
    for (const p of people) expect((await p.browser.post(`/communities/sessions/${id}/register`)).statusCode).toBe(303);
    const status = async () =>
      Object.fromEntries(
        (await ctx().db.selectFrom('community_registrations').select(['user_id', 'status']).where('session_id', '=', id).execute()).map(
          (r) => [r.user_id, r.status],
        ),
      );
    expect(Object.values(await status()).sort()).toEqual(['registered', 'registered', 'waiting', 'waiting']);
    expect((await status())[people[2].user.id]).toBe('waiting');
    // Registering twice changes nothing.
    await people[0].browser.post(`/communities/sessions/${id}/register`);
    expect((await status())[people[0].user.id]).toBe('registered');
    expect((await people[1].browser.post(`/communities/sessions/${id}/cancel-registration`)).statusCode).toBe(303);
    const after = await status();
    expect(after[people[1].user.id]).toBe('cancelled');
    expect(after[people[2].user.id]).toBe('registered');
    expect(after[people[3].user.id]).toBe('waiting');
    expect((await mails(people[2].email)).map((m) => m.subject)).toEqual(['A place for you: January session']);
    const page = await people[3].browser.get(`/communities/sessions/${id}`);
    expect(page.body).toContain('You are on the waiting list.');
    expect(page.body).toContain('2 of 2 taken, 1 waiting');
    // Raising the capacity lets the waiting list in.
    const edit = await fac.browser.post(`/communities/sessions/${id}/edit`, {
      title: 'January session',
      date: FUTURE_WINTER,
      startTime: '14:00',
      endTime: '16:00',
      timeZone: 'Europe/Amsterdam',
      capacity: '3',
    });
    expect(edit.statusCode).toBe(303);
    expect((await status())[people[3].user.id]).toBe('registered');
  });

  test('reminders: each registered person once, even when the job runs twice; the waiting list and the cancelled get none', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user);
    const soon = new Date(Date.now() + 3 * 3600_000);
    const day = soon.toISOString().slice(0, 10);
    const hhmm = soon.toISOString().slice(11, 16);
    const end = new Date(soon.getTime() + 3600_000).toISOString().slice(11, 16);
    const id = await plan(fac.browser, c.slug, { date: day, startTime: hhmm, endTime: end, timeZone: 'UTC', capacity: '1', title: 'Soon' });
    const [a, b] = [await person(ctx(), app), await person(ctx(), app)];
    for (const p of [a, b]) {
      await addToCommunity(ctx(), c.id, p.user);
      await p.browser.post(`/communities/sessions/${id}/register`);
    }
    await ctx().db.updateTable('users').set({ locale: 'nl' }).where('id', '=', a.user.id).execute();
    await Promise.all([sendSessionReminders(ctx()), sendSessionReminders(ctx())]);
    await sendSessionReminders(ctx());
    const reminders = (await mails(a.email)).filter((m) => m.subject === 'Herinnering: Soon');
    expect(reminders).toHaveLength(1);
    // In the person's language, the date too.
    const month = new Intl.DateTimeFormat('nl-NL', { month: 'long', timeZone: 'UTC' }).format(soon);
    expect(reminders[0].text_body).toContain(month);
    expect(reminders[0].text_body).toContain('Wanneer:');
    expect((await mails(b.email)).filter((m) => m.subject.includes('Soon'))).toHaveLength(0);
  });

  test('iCalendar: the session parses with ical.js at the right instant; the feeds by token; the personal feed lists registrations', async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { name: 'Calendar, community; test' });
    const id = await plan(fac.browser, c.slug, {
      title: 'Summer, session; with "quotes"',
      date: `${new Date().getUTCFullYear() + 1}-07-01`,
      place: 'Room 1, floor 2',
    });
    const res = await fac.browser.get(`/communities/sessions/${id}/calendar.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
    expect(event.summary).toBe('Summer, session; with "quotes"');
    expect(event.location).toBe('Room 1, floor 2');
    // 14:00 in Amsterdam in July is 12:00 UTC; shown in Amsterdam it is 14:00 again.
    expect(event.startDate.toJSDate().toISOString()).toBe(`${new Date().getUTCFullYear() + 1}-07-01T12:00:00.000Z`);
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(2 * 3600_000);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', timeStyle: 'short' }).format(event.startDate.toJSDate());
    expect(local).toBe('14:00');
    // The community feed needs no cookie but the token.
    const feed = await app.inject({ method: 'GET', url: `/communities/feed/community/${c.feed_token}.ics` });
    expect(feed.statusCode).toBe(200);
    expect(new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent')).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/communities/feed/community/wrong-token.ics' })).statusCode).toBe(404);
    // The personal feed.
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    await member.browser.post(`/communities/sessions/${id}/register`);
    const page = await member.browser.get('/communities/calendar');
    const url = /(\/communities\/feed\/person\/[A-Za-z0-9_-]+\.ics)/.exec(page.body)?.[1] as string;
    const mine = await app.inject({ method: 'GET', url });
    expect(mine.statusCode).toBe(200);
    expect(mine.body).toContain(`UID:${id}@`);
    await member.browser.post('/communities/calendar/reset');
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
    // A session's .ics is for those who may see the session.
    expect((await new Browser(app).get(`/communities/sessions/${id}/calendar.ics`)).statusCode).toBe(302);
  });

  test("authorisation: only this community's facilitators plan, change, cancel sessions and agendas; members register; closed ones are 404 outside", async () => {
    const fac = await person(ctx(), app);
    const c = await community(ctx(), fac.user, { visibility: 'invitation' });
    const id = await plan(fac.browser, c.slug);
    const item = (await ctx().db.selectFrom('community_agenda_items').select('id').where('session_id', '=', id).executeTakeFirstOrThrow())
      .id;
    const member = await person(ctx(), app);
    await addToCommunity(ctx(), c.id, member.user);
    const otherFac = await person(ctx(), app);
    await community(ctx(), otherFac.user);
    const anonymous = new Browser(app);
    const attempts: [string, Record<string, string>][] = [
      [
        `/communities/${c.slug}/sessions/new`,
        { template: 'builtin:clinic', title: 'X', date: FUTURE_WINTER, startTime: '10:00', endTime: '11:00' },
      ],
      [`/communities/sessions/${id}/edit`, { title: 'X', date: FUTURE_WINTER, startTime: '10:00', endTime: '11:00' }],
      [`/communities/sessions/${id}/cancel`, {}],
      [`/communities/sessions/${id}/agenda`, { title: 'X', minutes: '5' }],
      [`/communities/agenda/${item}/remove`, {}],
      [`/communities/sessions/${id}/save-template`, { name: 'X' }],
    ];
    for (const [url, form] of attempts) {
      expect((await member.browser.post(url, form)).statusCode, url).toBe(403);
      expect((await otherFac.browser.post(url, form)).statusCode, url).toBe(404);
      expect((await anonymous.post(url, form)).statusCode, url).toBe(401);
    }
    expect((await otherFac.browser.get(`/communities/sessions/${id}`)).statusCode).toBe(404);
    expect((await otherFac.browser.post(`/communities/sessions/${id}/register`)).statusCode).toBe(404);
    expect((await member.browser.post(`/communities/sessions/${id}/register`)).statusCode).toBe(303);
    const row = await ctx().db.selectFrom('community_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect([row.title, row.cancelled_at]).toEqual(['January session', null]);
    expect((await ctx().db.selectFrom('community_agenda_items').select('id').where('session_id', '=', id).execute()).length).toBe(5);
    // In an open community, a signed-in non-member sees the session but cannot register.
    const open = await community(ctx(), fac.user);
    const openId = await plan(fac.browser, open.slug);
    expect((await otherFac.browser.get(`/communities/sessions/${openId}`)).statusCode).toBe(200);
    expect((await otherFac.browser.post(`/communities/sessions/${openId}/register`)).statusCode).toBe(403);
  });
});
