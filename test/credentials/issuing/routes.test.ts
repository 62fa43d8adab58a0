import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unbake } from '../../../src/credentials/baking/index.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { createClaimCode } from '../../../src/credentials/issuing/claims.ts';
import { issueCredential } from '../../../src/credentials/issuing/issue.ts';
import { createSession, type CurrentUser } from '../../../src/accounts/api.ts';
import { hmac } from '../../../src/platform/crypto.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase, TEST_SECRET } from '../../helpers/db.ts';
import { organisationWith, person } from './helpers.ts';

describeEachDatabase('issuing pages and public credential routes', (ctx) => {
  let app: FastifyInstance;
  let ida: CurrentUser;
  let otto: CurrentUser;
  const seed = 'csrf-seed-0123456789abcdef';
  const browser = async (user: CurrentUser) => {
    const { token } = await createSession(ctx().db, user.id);
    return { cookie: `vaardig_session=${token}; vaardig_csrf=${seed}`, 'content-type': 'application/x-www-form-urlencoded' };
  };
  const form = (values: Record<string, string>) => new URLSearchParams({ _csrf: hmac(TEST_SECRET, seed), ...values }).toString();

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    ida = await person(ctx(), 'Ida');
    otto = await person(ctx(), 'Otto');
    await organisationWith(ctx(), 'page-a', [[ida, 'owner']]);
    await organisationWith(ctx(), 'page-b', [[otto, 'owner']]);
  });
  afterAll(async () => app?.close());

  it('serves the issuer pages to its members and refuses members of another organisation', async () => {
    const headers = await browser(ida);
    for (const url of [
      '/organisations/page-a/achievements',
      '/organisations/page-a/achievements/new',
      '/organisations/page-a/credentials',
    ]) {
      const page = await app.inject({ url, headers });
      expect(page.statusCode, url).toBe(200);
    }
    expect((await app.inject({ url: '/organisations/page-b/achievements', headers })).statusCode).toBe(403);
    const created = await app.inject({
      method: 'POST',
      url: '/organisations/page-a/achievements/new',
      headers,
      payload: form({
        name: 'Forklift',
        description: 'Drives the forklift',
        criteriaNarrative: 'Passed the test',
        achievementType: 'Badge',
        language: 'en',
        proofFormat: 'eddsa-rdfc-2022',
      }),
    });
    expect(created.statusCode).toBe(303);
    const achievementPath = created.headers.location as string;
    expect((await app.inject({ url: achievementPath, headers })).body).toContain('Forklift');
    // Issue through the form; bad input re-renders with the field named.
    const bad = await app.inject({ method: 'POST', url: `${achievementPath}/issue`, headers, payload: form({ email: 'nope' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('not a valid email');
    const good = await app.inject({
      method: 'POST',
      url: `${achievementPath}/issue`,
      headers,
      payload: form({ email: 'kim@example.org', name: 'Kim' }),
    });
    expect(good.statusCode).toBe(303);
    // Otto (owner of B) cannot issue, and cannot revoke A's credentials through either organisation.
    const ottoHeaders = await browser(otto);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `${achievementPath}/issue`,
          headers: ottoHeaders,
          payload: form({ email: 'x@example.org' }),
        })
      ).statusCode,
    ).toBe(403);
    const credential = await ctx()
      .db.selectFrom('issued_credentials')
      .select('id')
      .where('recipient_email', '=', 'kim@example.org')
      .executeTakeFirstOrThrow();
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/organisations/page-a/credentials/${credential.id}/status`,
          headers: ottoHeaders,
          payload: form({ action: 'revoke', reason: 'x' }),
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/organisations/page-b/credentials/${credential.id}/status`,
          headers: ottoHeaders,
          payload: form({ action: 'revoke', reason: 'x' }),
        })
      ).statusCode,
    ).toBe(404);
    const still = await ctx().db.selectFrom('issued_credentials').select('state').where('id', '=', credential.id).executeTakeFirstOrThrow();
    expect(still.state).toBe('active');
  });

  it('shows the public page with a live verification, Open Graph tags, LinkedIn link and baked downloads', async () => {
    const a = await createAchievement(ctx(), ida, 'page-a', {
      name: 'Public badge',
      description: 'Shown in public',
      criteriaNarrative: 'c',
    });
    const c = await issueCredential(ctx(), ida, 'page-a', {
      achievementId: a.id,
      recipient: { email: 'pub@example.org', name: 'Pia' },
      notify: false,
    });
    const page = await app.inject({ url: `/credentials/${c.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<meta property="og:title" content="Public badge"');
    expect(page.body).toContain('https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME');
    expect(page.body).toContain('verdict-valid');
    for (const file of ['badge.png', 'badge.svg']) {
      const download = await app.inject({ url: `/credentials/${c.id}/${file}` });
      expect(download.statusCode).toBe(200);
      expect(JSON.parse(unbake(download.rawPayload)!.text).id).toBe(c.url);
    }
    expect((await app.inject({ url: `/credentials/${c.id}/credential.json` })).json().id).toBe(c.url);
    expect((await app.inject({ url: '/orgs/page-a/status/revocation' })).json().type).toContain('BitstringStatusListCredential');
    // Revoked: the page says so and the verdict turns.
    const headers = await browser(ida);
    await app.inject({
      method: 'POST',
      url: `/organisations/page-a/credentials/${c.id}/status`,
      headers,
      payload: form({ action: 'revoke', reason: 'mistake' }),
    });
    const after = await app.inject({ url: `/credentials/${c.id}` });
    expect(after.body).toContain('verdict-invalid');
    expect(after.body).toContain('mistake');
  });

  it('redeems a claim code by email, once per person, up to its limit', async () => {
    const a = await createAchievement(ctx(), ida, 'page-a', {
      name: 'Event badge',
      description: 'Was at the event',
      criteriaNarrative: 'c',
    });
    const claim = await createClaimCode(ctx(), ida, 'page-a', a.id, { label: 'Event', maxClaims: 2 });
    expect((await app.inject({ url: `/claim/${claim.code}` })).statusCode).toBe(200);
    expect((await app.inject({ url: `/claim/${claim.code}/qr.svg` })).headers['content-type']).toContain('image/svg+xml');
    const anon = { cookie: `vaardig_csrf=${seed}`, 'content-type': 'application/x-www-form-urlencoded' };
    const first = await app.inject({
      method: 'POST',
      url: `/claim/${claim.code}`,
      headers: anon,
      payload: form({ email: 'one@example.org', name: 'One' }),
    });
    expect(first.statusCode).toBe(303);
    const again = await app.inject({
      method: 'POST',
      url: `/claim/${claim.code}`,
      headers: anon,
      payload: form({ email: 'one@example.org' }),
    });
    expect(again.headers.location).toBe(first.headers.location);
    expect(
      (await app.inject({ method: 'POST', url: `/claim/${claim.code}`, headers: anon, payload: form({ email: 'two@example.org' }) }))
        .statusCode,
    ).toBe(303);
    expect(
      (await app.inject({ method: 'POST', url: `/claim/${claim.code}`, headers: anon, payload: form({ email: 'three@example.org' }) }))
        .statusCode,
    ).toBe(409);
    const count = await ctx().db.selectFrom('issued_credentials').select('id').where('claim_code_id', '=', claim.id).execute();
    expect(count).toHaveLength(2);
  });

  it('offers the JSON API with bearer tokens and names bad fields', async () => {
    const headers = await browser(ida);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/organisations/page-a/achievements',
      headers: { cookie: headers.cookie, 'x-csrf-token': hmac(TEST_SECRET, seed) },
      payload: { name: 'x', bogus: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('bogus');
  });
});
