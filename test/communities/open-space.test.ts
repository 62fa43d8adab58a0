import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { clashes, proposeSchedule, type TopicToPlace } from '../../src/communities/open-space/scheduler.ts';
import { scheduleTopics } from '../../src/communities/open-space/service.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { type Cast, cast, json, seeded, session } from './part-b-support.ts';

const ROOMS = ['big', 'middle', 'small'];
const SLOTS = ['10:00', '11:00', '12:00'];

/** 12 topics by `people` proposers (most in several topics), a co-host now and then, random votes. */
function randomTopics(random: () => number, people = 5): TopicToPlace[] {
  return Array.from({ length: 12 }, (_, i) => {
    const proposer = `p${Math.floor(random() * people)}`;
    const hosts = new Set([proposer]);
    if (random() < 0.3) hosts.add(`p${Math.floor(random() * people)}`);
    return { id: `t${i}`, votes: Math.floor(random() * 10), hosts: [...hosts], order: i };
  });
}

describe('open-space scheduler (property-based over random inputs)', () => {
  test('12 topics, 3 rooms, 3 slots: no proposer or room ever twice in a slot; most voted placed first', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const random = seeded(seed);
      const topics = randomTopics(random, 3 + Math.floor(random() * 5));
      const { placed, unplaced } = proposeSchedule(topics, ROOMS, SLOTS);
      expect(clashes(topics, placed), `seed ${seed}`).toEqual([]);
      // Every topic is either placed or listed as not fitting, never both, never lost.
      expect(placed.size + unplaced.length).toBe(12);
      expect(placed.size).toBeLessThanOrEqual(9);
      for (const at of placed.values()) {
        expect(ROOMS).toContain(at.room);
        expect(SLOTS).toContain(at.slot);
      }
      // Most voted first: an unplaced topic never has more votes than a placed topic that shares no
      // host with it... simpler and always true: the most voted topic is always placed, in the first slot.
      const top = [...topics].sort((a, b) => b.votes - a.votes || a.order - b.order)[0];
      expect(placed.get(top.id)).toEqual({ room: 'big', slot: '10:00' });
      // A topic is left out only when, in every slot, all rooms are taken or one of its hosts is busy.
      for (const id of unplaced) {
        const topic = topics.find((t) => t.id === id) as TopicToPlace;
        for (const slot of SLOTS) {
          const inSlot = topics.filter((t) => placed.get(t.id)?.slot === slot);
          const full = inSlot.length === ROOMS.length;
          const busy = inSlot.some((t) => t.hosts.some((h) => topic.hosts.includes(h)));
          expect(full || busy, `seed ${seed}: ${id} could go at ${slot}`).toBe(true);
        }
      }
    }
  });

  test('hand-placed topics keep their place; a clash among them is not repeated', () => {
    const topics: TopicToPlace[] = [
      { id: 'a', votes: 1, hosts: ['x'], order: 0, fixed: { room: 'small', slot: '12:00' } },
      { id: 'b', votes: 9, hosts: ['x'], order: 1 },
      { id: 'c', votes: 5, hosts: ['y'], order: 2, fixed: { room: 'small', slot: '12:00' } },
    ];
    const { placed } = proposeSchedule(topics, ROOMS, SLOTS);
    expect(placed.get('a')).toEqual({ room: 'small', slot: '12:00' });
    expect(placed.get('b')).toEqual({ room: 'big', slot: '10:00' });
    expect(placed.get('c')?.slot).not.toBeUndefined();
    expect(clashes(topics, placed)).toEqual([]);
  });
});

describeEachDatabase('communities part B: open space', (ctx) => {
  let app: FastifyInstance;
  let c: Cast;
  let base: string;
  let sid: string;
  let plainBase: string;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    c = await cast(ctx(), app);
    sid = await session(ctx(), c.a.id, { kind: 'open-space', title: 'Open space day' });
    base = `/communities/${c.a.slug}/sessions/${sid}/open-space`;
    plainBase = `/communities/${c.a.slug}/sessions/${await session(ctx(), c.a.id)}/open-space`;
  });
  afterAll(() => app.close());

  test('topics proposed and voted, rooms and slots, one click schedules 12 topics without a clash', async () => {
    const f = c.facilitator.browser;
    for (const room of ROOMS) expect((await f.post(`${base}/rooms`, { name: room })).statusCode).toBe(303);
    for (const slot of SLOTS) expect((await f.post(`${base}/slots`, { label: slot })).statusCode).toBe(303);
    const people = [c.facilitator, ...c.members];
    for (let i = 0; i < 12; i++) {
      const who = people[i % people.length];
      expect((await who.browser.post(`${base}/topics`, { title: `Topic ${i} <${who.user.name}>`, description: '' })).statusCode).toBe(303);
    }
    const topics = await ctx().db.selectFrom('community_topics').selectAll().where('session_id', '=', sid).orderBy('created_at').execute();
    expect(topics).toHaveLength(12);
    // Votes: topic 11 gets 3, one vote each however often sent.
    for (const m of c.members)
      for (let k = 0; k < 2; k++) expect((await m.browser.post(`${base}/topics/${topics[11].id}/vote`, {})).statusCode).toBe(303);
    const v = await json(c.facilitator.browser, 'POST', `${base}/topics/${topics[11].id}/vote`, { vote: 'on' });
    expect(v.json()).toEqual({ votes: 4, vote: true });
    // Noor co-hosts topic 0 (Fenna's).
    expect((await c.members[1].browser.post(`${base}/topics/${topics[0].id}/host`, { host: 'on' })).statusCode).toBe(303);

    const r = await json(f, 'POST', `${base}/schedule`, {});
    expect(r.statusCode).toBe(200);
    const { placed, unplaced } = r.json() as { placed: Record<string, { room: string; slot: string }>; unplaced: string[] };
    expect(Object.keys(placed)).toHaveLength(9);
    expect(unplaced).toHaveLength(3);
    const rooms = await ctx().db.selectFrom('community_os_rooms').selectAll().where('session_id', '=', sid).orderBy('position').execute();
    const slots = await ctx().db.selectFrom('community_os_slots').selectAll().where('session_id', '=', sid).orderBy('position').execute();
    // The most voted in the largest room at the first time.
    expect(placed[topics[11].id]).toEqual({ room: rooms[0].id, slot: slots[0].id });
    // No host twice in a slot, as saved.
    const saved = await ctx()
      .db.selectFrom('community_topics as t')
      .innerJoin('community_topic_hosts as h', 'h.topic_id', 't.id')
      .select(['h.user_id', 't.slot_id'])
      .where('t.session_id', '=', sid)
      .where('t.slot_id', 'is not', null)
      .execute();
    const keys = saved.map((s) => `${s.user_id}@${s.slot_id}`);
    expect(new Set(keys).size).toBe(keys.length);
    const page = await c.members[0].browser.get(base);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Topic 11 &lt;Otto Member>');
    expect(page.body).toContain('4 votes');
  });

  test('placing by hand: a taken room and a host clash are refused with 409; both empty unschedules', async () => {
    const f = c.facilitator.browser;
    const topics = await ctx().db.selectFrom('community_topics').selectAll().where('session_id', '=', sid).orderBy('created_at').execute();
    const placed = topics.filter((t) => t.room_id);
    const free = topics.find((t) => !t.room_id) as (typeof topics)[number];
    const taken = await f.post(`${base}/topics/${free.id}/place`, { room: placed[0].room_id as string, slot: placed[0].slot_id as string });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain('This room is taken');
    // A free room in a slot where the free topic's proposer already hosts something.
    const mine = placed.find((t) => t.proposed_by === free.proposed_by) as (typeof topics)[number];
    const rooms = await ctx().db.selectFrom('community_os_rooms').select('id').where('session_id', '=', sid).execute();
    await ctx()
      .db.updateTable('community_topics')
      .set({ room_id: null, slot_id: null })
      .where('slot_id', '=', mine.slot_id)
      .where('id', '<>', mine.id)
      .execute();
    const otherRoom = rooms.find((r) => r.id !== mine.room_id) as { id: string };
    const clash = await json(f, 'POST', `${base}/topics/${free.id}/place`, { room: otherRoom.id, slot: mine.slot_id });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('communities:errors.hostClash');
    const half = await f.post(`${base}/topics/${free.id}/place`, { room: otherRoom.id, slot: '' });
    expect(half.statusCode).toBe(400);
    const off = await f.post(`${base}/topics/${mine.id}/place`, { room: '', slot: '' });
    expect(off.statusCode).toBe(303);
    const ok = await f.post(`${base}/topics/${free.id}/place`, { room: otherRoom.id, slot: mine.slot_id as string });
    expect(ok.statusCode).toBe(303);
    // Keep: placed topics stay.
    const again = await scheduleTopics(ctx(), c.facilitator.user, c.a.slug, sid, { keep: true });
    expect(again.placed.get(free.id)).toEqual({ room: otherRoom.id, slot: mine.slot_id });
  });

  test('each topic has its notes; bad input is refused naming the field', async () => {
    const topic = await ctx().db.selectFrom('community_topics').selectAll().where('session_id', '=', sid).executeTakeFirstOrThrow();
    const page = await c.members[2].browser.get(`${base}/topics/${topic.id}`);
    expect(page.statusCode).toBe(200);
    const url = (page.body.match(/hx-get="([^"?]+)\?since=/) as RegExpMatchArray)[1];
    expect((await c.members[2].browser.post(url, { body: 'Decided: a pilot in May.' })).statusCode).toBe(303);
    expect((await c.members[0].browser.get(`${base}/topics/${topic.id}`)).body).toContain('Decided: a pilot in May.');
    const empty = await c.members[2].browser.post(url, { body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('error-summary');
    const noTitle = await c.members[0].browser.post(`${base}/topics`, { title: '' });
    expect(noTitle.statusCode).toBe(400);
    const notOpen = await c.members[0].browser.post(`${plainBase}/topics`, { title: 'x' });
    expect(notOpen.statusCode).toBe(409);
    const room = await c.facilitator.browser.post(`${base}/rooms`, { name: 'x'.repeat(201) });
    expect(room.statusCode).toBe(400);
    const badRoom = await c.facilitator.browser.post(`${base}/topics/${topic.id}/place`, { room: 'nope', slot: 'nope' });
    expect(badRoom.statusCode).toBe(400);
    expect((await c.members[0].browser.get(`${base}/topics/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });

  describe('authorisation', () => {
    test('signed out, stranger, another community, members do not facilitate', async () => {
      const topic = await ctx().db.selectFrom('community_topics').selectAll().where('session_id', '=', sid).executeTakeFirstOrThrow();
      const gets = [base, `${base}/topics/${topic.id}`];
      const posts: [string, Record<string, string>][] = [
        [`${base}/topics`, { title: 'x' }],
        [`${base}/topics/${topic.id}/vote`, {}],
        [`${base}/topics/${topic.id}/host`, {}],
        [`${base}/topics/${topic.id}/place`, { room: '', slot: '' }],
        [`${base}/rooms`, { name: 'x' }],
        [`${base}/slots`, { label: 'x' }],
        [`${base}/schedule`, {}],
      ];
      for (const url of gets) expect((await c.signedOut.get(url)).statusCode, url).toBe(302);
      for (const [url, form] of posts) expect((await c.signedOut.post(url, form)).statusCode, url).toBe(401);
      for (const who of [c.stranger, c.otherFacilitator]) {
        for (const url of gets) expect((await who.browser.get(url)).statusCode, url).toBe(404);
        for (const [url, form] of posts) expect((await who.browser.post(url, form)).statusCode, url).toBe(404);
        expect((await who.browser.post(`${base}/schedule`.replace(c.a.slug, c.b.slug), {})).statusCode).toBe(
          who === c.stranger ? 403 : 404,
        );
      }
      const m = c.members[0].browser;
      for (const [url, form] of posts.slice(3)) expect((await m.post(url, form)).statusCode, url).toBe(403);
    });

    test('Dutch pages', async () => {
      const m = c.members[0].browser;
      (m as { lang: string }).lang = 'nl';
      const page = await m.get(base);
      expect(page.body).toContain('Onderwerpen');
      expect(page.body).toContain('Schema');
      expect(page.body).not.toMatch(/openSpace\.[a-z]/);
      (m as { lang: string }).lang = 'en';
    });
  });
});
