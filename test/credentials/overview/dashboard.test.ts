import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, createUser, type CurrentUser, getCurrentUser } from '../../../src/accounts/api.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { startBulkIssue } from '../../../src/credentials/issuing/bulk.ts';
import { createClaimCode } from '../../../src/credentials/issuing/claims.ts';
import { issueCredential } from '../../../src/credentials/issuing/issue.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { formatDate, formatNumber } from '../../../src/platform/pages/format.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { organisationWith, person } from '../issuing/helpers.ts';

describe('formatDate and formatNumber', () => {
  it('format for the page language with Intl', () => {
    const date = new Date('2026-12-02T14:05:00Z');
    expect(formatDate({ lang: 'nl' }, date)).toBe('2 december 2026');
    expect(formatDate({ lang: 'en' }, date)).toBe('2 December 2026');
    expect(formatDate({ lang: 'nl' }, '2026-03-01')).toBe('1 maart 2026');
    expect(formatDate({ lang: 'en' }, null)).toBe('');
    expect(formatDate({ lang: 'en' }, 'not a date')).toBe('');
    expect(formatNumber({ lang: 'nl' }, 12345)).toBe('12.345');
    expect(formatNumber({ lang: 'en' }, 12345)).toBe('12,345');
    expect(formatNumber({ lang: 'nl' }, 0.5, { style: 'percent' })).toBe('50%');
  });
});

describeEachDatabase('the signed-in home page', (ctx) => {
  let app: FastifyInstance;
  let ida: CurrentUser;
  let otto: CurrentUser;
  let mia: CurrentUser;
  let operator: CurrentUser;
  const as = async (user: CurrentUser, lang = 'en') => {
    const { token } = await createSession(ctx().db, user.id);
    return { cookie: `vaardig_session=${token}; vaardig_lang=${lang}` };
  };

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    ida = await person(ctx(), 'Ida');
    otto = await person(ctx(), 'Otto');
    mia = await person(ctx(), 'Mia');
    const op = await person(ctx(), 'Oscar');
    await ctx().db.updateTable('users').set({ is_operator: true }).where('id', '=', op.id).execute();
    operator = (await getCurrentUser(ctx().db, op.id)) as CurrentUser;
    await organisationWith(ctx(), 'dash-a', [
      [ida, 'issuer'],
      [mia, 'member'],
    ]);
    await organisationWith(ctx(), 'dash-b', [[otto, 'owner']]);
    const a = await createAchievement(ctx(), ida, 'dash-a', {
      name: 'Lassen A',
      description: 'Welds',
      criteriaNarrative: 'Welded',
      language: 'nl',
    });
    const b = await createAchievement(ctx(), otto, 'dash-b', {
      name: 'Timmeren B',
      description: 'Builds',
      criteriaNarrative: 'Built',
      language: 'nl',
    });
    await issueCredential(ctx(), ida, 'dash-a', {
      achievementId: a.id,
      recipient: { email: 'ann@example.org', name: 'Ann Aalders' },
      notify: false,
    });
    await issueCredential(ctx(), otto, 'dash-b', {
      achievementId: b.id,
      recipient: { email: 'bob@example.org', name: 'Bob Bakker' },
      notify: false,
    });
    await createClaimCode(ctx(), ida, 'dash-a', a.id, { label: 'Open dag A', maxClaims: 1200 });
    await createClaimCode(ctx(), otto, 'dash-b', b.id, { label: 'Open dag B' });
    await startBulkIssue(ctx(), ida, 'dash-a', a.id, 'email,name\ncor@example.org,Cor\n', { notify: false });
    await startBulkIssue(ctx(), otto, 'dash-b', b.id, 'email,name\ndirk@example.org,Dirk\n', { notify: false });
  });
  afterAll(async () => app?.close());

  it('shows signed-out visitors the public home page', async () => {
    const page = await app.inject({ url: '/', headers: { cookie: 'vaardig_lang=en' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Create an account');
    expect(page.body).not.toContain('Lassen A');
    expect(page.body).not.toContain('class="dashboard"');
  });

  it("shows an issuer their organisation's badges, recent issues, open claim codes and running bulk issues, and nothing of another organisation", async () => {
    const page = await app.inject({ url: '/', headers: await as(ida) });
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('Welcome, Ida');
    expect(body).toContain('Badges of Org dash-a');
    expect(body).toContain('Lassen A');
    expect(body).toContain('Ann Aalders');
    expect(body).toContain('Open dag A');
    expect(body).toContain('0 of 1,200 claimed');
    expect(body).toContain('Bulk issues in progress');
    expect(body).toContain('href="/organisations/dash-a/achievements/new"');
    for (const other of ['Org dash-b', 'Timmeren B', 'Bob Bakker', 'bob@example.org', 'Open dag B', 'dash-b'])
      expect(body).not.toContain(other);
  });

  it('shows it in Dutch with Dutch numbers', async () => {
    const body = (await app.inject({ url: '/', headers: await as(ida, 'nl') })).body;
    expect(body).toContain('Welkom, Ida');
    expect(body).toContain('Badges van Org dash-a');
    expect(body).toContain('0 van 1.200 geclaimd');
    expect(body).toContain('Net uitgereikt');
  });

  it('shows a member who does not issue no issuer panel, but how to claim or check a badge', async () => {
    const body = (await app.inject({ url: '/', headers: await as(mia) })).body;
    expect(body).toContain('Welcome, Mia');
    expect(body).not.toContain('Lassen A');
    expect(body).not.toContain('Ann Aalders');
    expect(body).toContain('href="/claim"');
  });

  it("shows the operator the network's figures, not an organisation's recipients", async () => {
    const body = (await app.inject({ url: '/', headers: await as(operator) })).body;
    expect(body).toContain('Badges in the network');
    expect(body).toMatch(/Issued this month<\/dt>\s*<dd>2<\/dd>/);
    expect(body).not.toContain('Ann Aalders');
    expect(body).not.toContain('Bob Bakker');
  });

  it('shows a person the badges issued to their address once it is confirmed', async () => {
    const a = (await ctx().db.selectFrom('achievements').select('id').where('name', '=', 'Lassen A').executeTakeFirstOrThrow()).id;
    for (const [name, confirmed] of [
      ['Rita', true],
      ['Uwe', false],
    ] as const) {
      const { id } = await createUser(ctx().db, {
        email: `${name.toLowerCase()}-received@example.org`,
        name,
        password: 'correct horse battery',
        emailConfirmed: confirmed,
      });
      await issueCredential(ctx(), ida, 'dash-a', {
        achievementId: a,
        recipient: { email: `${name.toLowerCase()}-received@example.org` },
        notify: false,
      });
      const user = (await getCurrentUser(ctx().db, id)) as CurrentUser;
      const home = (await app.inject({ url: '/', headers: await as(user) })).body;
      const badges = (await app.inject({ url: '/badges', headers: await as(user) })).body;
      if (confirmed) {
        expect(badges).toContain('Your badges');
        expect(badges).toMatch(/<a href="\/credentials\/[0-9a-f-]+">Lassen A<\/a>/);
        expect(badges).toContain('Org dash-a');
        // On the home page the badge is in the backpack's panel, not in a second list of one's badges.
        expect(home).toMatch(/<a href="\/backpack\/items\/[0-9a-f-]+">Lassen A<\/a>/);
        expect(home).not.toContain('Your badges');
      } else {
        expect(home).not.toContain('Lassen A');
        expect(badges).not.toContain('Lassen A');
      }
    }
  });

  it('/badges lists the badges of the organisations the person issues for', async () => {
    const ours = await app.inject({ url: '/badges', headers: await as(otto) });
    expect(ours.statusCode).toBe(200);
    expect(ours.body).toContain('Timmeren B');
    expect(ours.body).not.toContain('Lassen A');
    const none = await app.inject({ url: '/badges', headers: await as(mia) });
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('You do not issue badges');
    const anonymous = await app.inject({ url: '/badges' });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toBe('/signin?next=%2Fbadges');
  });
});
