import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { allItems, credentialItems, findItems, PAGE_SIZE } from '../../src/backpack/items.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import { changeCredentialStatus } from '../../src/credentials/issuing/issue.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { insertEscoSkills } from '../skills/library/helpers.ts';
import { ElsewhereIssuer } from './badges.ts';
import { earner, issuerFor } from './support.ts';

const itemIds = (html: string) => [...html.matchAll(/href="\/backpack\/items\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
let counter = 0;

/**
 * A backpack of many badges (bench/backpack has 1,000): the page is one page of PAGE_SIZE cards,
 * lists read the summary each row keeps (issued badges too) with the issuer's state read live,
 * rows made before summaries are filled when read, and the Open Badges API's page reads only its
 * own credentials.
 */
describeEachDatabase('a backpack of many badges', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  /** `count` badges of one achievement to the address, a minute apart (the first oldest). */
  async function issueMany(email: string, count: number, skills?: string[]) {
    const org = await issuerFor(ctx());
    const achievement = await createAchievement(ctx(), org.issuer, org.slug, {
      name: `Batch ${++counter}`,
      description: 'One of many',
      criteriaNarrative: 'Did it',
      skills,
      language: 'en',
    });
    const issued = [];
    const start = Date.now() - count * 60_000;
    for (let i = 0; i < count; i++)
      issued.push(
        await issueCredential(ctx(), org.issuer, org.slug, {
          achievementId: achievement.id,
          recipient: { email, name: 'Earner' },
          awardedAt: new Date(start + i * 60_000),
          notify: false,
        }),
      );
    return { org, achievement, issued };
  }

  test(`the backpack shows ${PAGE_SIZE} badges a page, newest first, with the counts of all; only the page shown is marked seen`, async () => {
    const me = await earner(ctx(), app);
    await issueMany(me.email, PAGE_SIZE + 2);
    const first = await me.browser.get('/backpack');
    expect(first.statusCode).toBe(200);
    const onFirst = itemIds(first.body);
    expect(onFirst).toHaveLength(PAGE_SIZE);
    expect(first.body).toContain('Page 1 of 2');
    expect(first.body).toContain('href="/backpack?page=2" rel="next"');
    expect(first.body).not.toContain('rel="prev"');
    expect(first.body).toContain(`Hidden (0)`);
    const second = await me.browser.get('/backpack?page=2');
    const onSecond = itemIds(second.body);
    expect(onSecond).toHaveLength(2);
    expect(second.body).toContain('Page 2 of 2');
    expect(second.body).toContain('href="/backpack" rel="prev"');
    expect(new Set([...onFirst, ...onSecond]).size).toBe(PAGE_SIZE + 2);
    // Newest first across pages: the API lists all, in the same order.
    const all = (await me.browser.api('GET', '/api/v1/backpack/items')).json().items as { id: string; awardedAt: string }[];
    expect(all.map((i) => i.id)).toEqual([...onFirst, ...onSecond]);
    const times = all.map((i) => new Date(i.awardedAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // A page past the end is the last one; nonsense is the first.
    expect(itemIds((await me.browser.get('/backpack?page=99')).body)).toEqual(onSecond);
    expect(itemIds((await me.browser.get('/backpack?page=x')).body)).toEqual(onFirst);

    // Hidden ones are paged apart; forms on page 2 come back to page 2.
    expect(second.body).toContain('name="back" value="/backpack?page=2"');
    await me.browser.post(`/backpack/items/${onSecond[0]}/state`, { state: 'hidden', back: '/backpack?page=2' });
    const after = await me.browser.get('/backpack?page=2');
    expect(itemIds(after.body)).toEqual([onSecond[1]]);
    expect(after.body).toContain('Hidden (1)');
    expect(itemIds((await me.browser.get('/backpack?show=hidden')).body)).toEqual([onSecond[0]]);
  });

  test('the home page counts all badges and the new ones; a page seen marks only its own badges seen', async () => {
    const me = await earner(ctx(), app);
    await issueMany(me.second, PAGE_SIZE + 3);
    expect((await me.browser.get('/')).body).toContain(`You have ${PAGE_SIZE + 3} new badges.`);
    await me.browser.get('/backpack');
    expect((await me.browser.get('/')).body).toContain('You have 3 new badges.');
    await me.browser.get('/backpack?page=2');
    expect((await me.browser.get('/')).body).toContain(`${PAGE_SIZE + 3} badges in your backpack.`);
  });

  test('issued badges keep a summary of their credential; rows made before that are filled when read; the issuer’s state stays live', async () => {
    const me = await earner(ctx(), app);
    const { org, issued } = await issueMany(me.email, 3);
    await me.browser.get('/backpack');
    const rows = await ctx().db.selectFrom('backpack_items').selectAll().where('user_id', '=', me.userId).execute();
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.source).toBe('issued');
      expect(row.name).toMatch(/^Batch \d+$/);
      expect(row.recipient_email).toBe(me.email);
      expect(row.issuer_name).toBe(`Org ${org.slug}`);
      expect(row.awarded_at).toBeInstanceOf(Date);
      expect(row.document).toBeNull();
    }
    // As rows were before they kept a summary.
    const bare = { name: null, description: null, issuer_name: null, image: null, awarded_at: null, recipient_email: null, skills: null };
    await ctx().db.updateTable('backpack_items').set(bare).where('user_id', '=', me.userId).execute();
    const found = await findItems(ctx(), me.userId, {});
    expect(found.map((i) => i.name)).toEqual(rows.map(() => expect.stringMatching(/^Batch \d+$/)));
    const refilled = await ctx()
      .db.selectFrom('backpack_items')
      .select(['name', 'recipient_email'])
      .where('user_id', '=', me.userId)
      .execute();
    expect(refilled.every((r) => r.name !== null && r.recipient_email === me.email)).toBe(true);

    // Revoked at the issuer: the backpack says so at once, from the summary plus the live state.
    await changeCredentialStatus(ctx(), org.issuer, org.slug, issued[0].id, 'revoke', 'Mistake');
    const page = await me.browser.get('/backpack');
    expect(page.body).toContain('<span class="tag">revoked</span>');
    expect((await findItems(ctx(), me.userId, {})).filter((i) => i.status === 'revoked')).toHaveLength(1);

    // An address removed from the account takes its badges out of every list.
    const other = await earner(ctx(), app);
    const moved = await issueMany(other.second, 1);
    await other.browser.get('/backpack');
    await ctx().db.deleteFrom('email_addresses').where('user_id', '=', other.userId).execute();
    expect(await findItems(ctx(), other.userId, {})).toEqual([]);
    expect(itemIds((await other.browser.get('/backpack')).body)).toEqual([]);
    expect(await allItems(ctx(), other.userId)).toEqual([]);
    // Confirmed again: back, with its summary.
    await ctx().db.insertInto('email_addresses').values({ user_id: other.userId, email: other.second, confirmed_at: new Date() }).execute();
    expect((await findItems(ctx(), other.userId, {})).map((i) => i.id)).toHaveLength(moved.issued.length);
  });

  test('an issued badge past its end date is listed as expired, from the issuer’s record, and proves no skill', async () => {
    const uri = `http://data.europa.eu/esco/skill/expired-${Math.random().toString(36).slice(2)}`;
    const esco = await insertEscoSkills(ctx(), [{ uri, name: { en: 'read drawings', nl: 'tekeningen lezen' } }]);
    const me = await earner(ctx(), app);
    const org = await issuerFor(ctx());
    const achievement = await createAchievement(ctx(), org.issuer, org.slug, {
      name: 'Lapsed',
      description: 'Valid for a day',
      criteriaNarrative: 'Did it',
      skills: [esco[uri]],
      language: 'en',
    });
    const day = 24 * 3600 * 1000;
    await issueCredential(ctx(), org.issuer, org.slug, {
      achievementId: achievement.id,
      recipient: { email: me.email },
      awardedAt: new Date(Date.now() - 3 * day),
      validFrom: new Date(Date.now() - 3 * day),
      validUntil: new Date(Date.now() - day),
      notify: false,
    });
    await me.browser.get('/backpack');
    await ctx().db.updateTable('backpack_items').set({ state: 'accepted' }).where('user_id', '=', me.userId).execute();
    const [item] = await findItems(ctx(), me.userId, {});
    expect(item.status).toBe('expired');
    expect((await me.browser.get('/backpack')).body).toContain('<span class="tag">expired</span>');
    const skills = await me.browser.get('/backpack/skills');
    expect(skills.body).not.toContain('read drawings');
  });

  test('credentialItems gives the OB API one page of OB 3.0 credentials, as the whole list filtered and sliced would', async () => {
    const me = await earner(ctx(), app);
    await issueMany(me.email, 4);
    const elsewhere = await ElsewhereIssuer.create();
    const { importBadge } = await import('../../src/backpack/imports.ts');
    await importBadge(ctx(), me.userId, { text: await elsewhere.jwt(me.email, 'A VC-JWT') });
    await importBadge(ctx(), me.userId, { text: JSON.stringify(await elsewhere.signed(me.second, 'A JSON-LD VC')) });
    // An OB 2.0 badge as JSON (no JWT): not an OB 3.0 credential, so not in the API's pages.
    await ctx()
      .db.insertInto('backpack_items')
      .values({
        user_id: me.userId,
        source: 'imported',
        document: JSON.stringify({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion' }) as never,
        format: 'ob2-json',
        name: 'Old hosted badge',
        content_hash: `ob2-${Math.random()}`,
        recipient_email: me.email,
        valid: true,
      })
      .execute();
    const items = await findItems(ctx(), me.userId, { sync: true });
    await me.browser.post(`/backpack/items/${items[1].id}/state`, { state: 'hidden' });

    const reference = (await allItems(ctx(), me.userId)).filter(
      (i) =>
        i.state !== 'hidden' && (i.jwt !== null || (Array.isArray(i.document.type) && i.document.type.includes('VerifiableCredential'))),
    );
    expect(reference).toHaveLength(5);
    for (let offset = 0; offset <= reference.length; offset++) {
      const page = await credentialItems(ctx(), me.userId, { offset, limit: 2 });
      expect(page.total).toBe(reference.length);
      expect(page.items.map((i) => i.id)).toEqual(reference.slice(offset, offset + 2).map((i) => i.id));
      for (const item of page.items)
        expect(item.jwt ?? item.document).toEqual(
          reference.find((r) => r.id === item.id)?.jwt ?? reference.find((r) => r.id === item.id)?.document,
        );
    }
    const since = reference[2].awardedAt ?? reference[2].createdAt;
    const newer = reference.filter((i) => (i.awardedAt ?? i.createdAt).getTime() > since.getTime());
    const page = await credentialItems(ctx(), me.userId, { offset: 0, limit: 100, since });
    expect(page.items.map((i) => i.id)).toEqual(newer.map((i) => i.id));
    expect(page.total).toBe(newer.length);
  });

  test('a skill proven by many badges links ten of them and counts the rest; all of them stay verifiable on the profile', async () => {
    const uri = `http://data.europa.eu/esco/skill/many-${Math.random().toString(36).slice(2)}`;
    const esco = await insertEscoSkills(ctx(), [{ uri, name: { en: 'operate a press brake', nl: 'kantbank bedienen' } }]);
    const me = await earner(ctx(), app);
    await issueMany(me.email, 12, [esco[uri]]);
    await ctx().db.updateTable('backpack_items').set({ state: 'accepted' }).where('user_id', '=', me.userId).execute();
    await me.browser.get('/backpack');
    await ctx().db.updateTable('backpack_items').set({ state: 'accepted' }).where('user_id', '=', me.userId).execute();
    const skills = await me.browser.get('/backpack/skills');
    expect(skills.body).toContain('operate a press brake');
    expect(skills.body).toContain('proven by 12 badges:');
    expect(itemIds(skills.body)).toHaveLength(10);
    expect(skills.body).toContain('and 2 more');
    const handle = `many-${Math.random().toString(36).slice(2, 8)}`;
    await me.browser.post('/backpack/profile', { handle, displayName: 'Many', published: 'on', showSkills: 'on' });
    const visitor = new Browser(app, 'nl');
    const profile = await visitor.get(`/p/${handle}`);
    const linked = [...profile.body.matchAll(new RegExp(`href="/p/${handle}/badges/([0-9a-f-]{36})"`, 'g'))].map((m) => m[1]);
    expect(linked).toHaveLength(10);
    expect(profile.body).toContain('en nog 2');
    const all = await findItems(ctx(), me.userId, {});
    const unlinked = all.filter((i) => !linked.includes(i.id));
    expect(unlinked).toHaveLength(2);
    for (const item of unlinked) expect((await visitor.get(`/p/${handle}/badges/${item.id}`)).statusCode).toBe(200);
  });
});
