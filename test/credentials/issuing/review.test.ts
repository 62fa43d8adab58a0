import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAchievement, setAchievementArchived } from '../../../src/credentials/issuing/achievements.ts';
import { bulkProgress, startBulkIssue } from '../../../src/credentials/issuing/bulk.ts';
import { closeClaimCode, createClaimCode, findClaim, listClaimCodes, issueClaimTo } from '../../../src/credentials/issuing/claims.ts';
import { changeCredentialStatus, issueCredential, listIssued } from '../../../src/credentials/issuing/issue.ts';
import { createApiToken } from '../../../src/accounts/api.ts';
import { findOrganisation } from '../../../src/accounts/api.ts';
import { ensureStatusLists } from '../../../src/credentials/issuing/status.ts';
import { createSession, type CurrentUser } from '../../../src/accounts/api.ts';
import { hmac } from '../../../src/platform/crypto.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase, TEST_SECRET } from '../../helpers/db.ts';
import { organisationWith, person } from './helpers.ts';

/** Findings of the review of issuing: cross-organisation reach, claim-code races, input that crashed routes. */
describeEachDatabase('issuing: organisation boundaries, claim races, bad input', (ctx) => {
  let app: FastifyInstance;
  let anna: CurrentUser; // issuer of rev-a
  let bert: CurrentUser; // issuer of rev-b
  let annaToken: string;
  const A = 'rev-a';
  const B = 'rev-b';
  const seed = 'csrf-seed-0123456789abcdef';
  const browser = async (user: CurrentUser) => {
    const { token } = await createSession(ctx().db, user.id);
    return { cookie: `vaardig_session=${token}; vaardig_csrf=${seed}`, 'content-type': 'application/x-www-form-urlencoded' };
  };
  const form = (values: Record<string, string>) => new URLSearchParams({ _csrf: hmac(TEST_SECRET, seed), ...values }).toString();

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    anna = await person(ctx(), 'Anna');
    bert = await person(ctx(), 'Bert');
    await organisationWith(ctx(), A, [[anna, 'issuer']]);
    await organisationWith(ctx(), B, [[bert, 'owner']]);
    annaToken = (await createApiToken(ctx().db, anna.id, 'review')).token;
  });
  afterAll(async () => app?.close());

  it('a member of A reaches none of B’s achievements, credentials, bulk jobs or claim codes through A', async () => {
    const theirs = await createAchievement(ctx(), bert, B, { name: 'B badge', description: 'd', criteriaNarrative: 'c' });
    const credential = await issueCredential(ctx(), bert, B, {
      achievementId: theirs.id,
      recipient: { email: 'b@example.org' },
      notify: false,
    });
    const bulk = await startBulkIssue(ctx(), bert, B, theirs.id, 'email,name\nc@example.org,C\n', { notify: false });
    const claim = await createClaimCode(ctx(), bert, B, theirs.id, { maxClaims: 5 });
    const api = { authorization: `Bearer ${annaToken}`, 'content-type': 'application/json' };
    for (const [method, url, payload] of [
      ['GET', `/api/v1/organisations/${A}/achievements/${theirs.id}`],
      ['PATCH', `/api/v1/organisations/${A}/achievements/${theirs.id}`, { name: 'Mine now' }],
      ['GET', `/api/v1/organisations/${A}/bulk/${bulk}`],
      ['POST', `/api/v1/organisations/${A}/credentials/${credential.id}/status`, { action: 'revoke', reason: 'x' }],
      ['POST', `/api/v1/organisations/${A}/achievements/${theirs.id}/claim-codes`, {}],
      ['POST', `/api/v1/organisations/${A}/achievements/${theirs.id}/bulk`, { csv: 'email\nd@example.org\n' }],
      ['POST', `/api/v1/organisations/${A}/credentials`, { achievementId: theirs.id, recipient: { email: 'e@example.org' } }],
    ] as const) {
      const response = await app.inject({
        method,
        url,
        headers: api,
        payload: payload === undefined ? undefined : JSON.stringify(payload),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    for (const url of [
      `/api/v1/organisations/${B}/achievements`,
      `/api/v1/organisations/${B}/credentials`,
      `/api/v1/organisations/${B}/bulk/${bulk}`,
    ]) {
      const response = await app.inject({ url, headers: api });
      expect(response.statusCode, url).toBe(403);
    }
    const listed = await app.inject({ url: `/api/v1/organisations/${A}/credentials`, headers: api });
    expect(listed.json().items.map((c: { id: string }) => c.id)).not.toContain(credential.id);
    await expect(bulkProgress(ctx(), anna, A, bulk)).rejects.toMatchObject({ status: 404 });
    await expect(closeClaimCode(ctx(), anna, A, claim.id)).rejects.toMatchObject({ status: 404 });
    await expect(listClaimCodes(ctx(), anna, A, theirs.id)).rejects.toMatchObject({ status: 404 });
    // Pages: closing B's code through A's URL, archiving B's badge through A's URL.
    const headers = await browser(anna);
    const close = await app.inject({
      method: 'POST',
      url: `/organisations/${A}/claim-codes/${claim.id}/close`,
      headers,
      payload: form({}),
    });
    expect(close.statusCode).toBe(404);
    const archive = await app.inject({
      method: 'POST',
      url: `/organisations/${A}/achievements/${theirs.id}/archive`,
      headers,
      payload: form({ archived: 'true' }),
    });
    expect(archive.statusCode).toBe(404);
    expect((await findClaim(ctx(), claim.code))?.open).toBe(true);
    const row = await ctx().db.selectFrom('issued_credentials').select('state').where('id', '=', credential.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('active');
  });

  it('an idempotency key is the organisation’s own: the same key in A neither returns nor blocks B’s credential', async () => {
    const mine = await createAchievement(ctx(), anna, A, { name: 'A badge', description: 'd', criteriaNarrative: 'c' });
    const theirs = await createAchievement(ctx(), bert, B, { name: 'B secret', description: 'd', criteriaNarrative: 'c' });
    const b = await issueCredential(ctx(), bert, B, {
      achievementId: theirs.id,
      recipient: { email: 'secret@example.org' },
      idempotencyKey: 'order-1',
      notify: false,
    });
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/organisations/${A}/credentials`,
      headers: { authorization: `Bearer ${annaToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        achievementId: mine.id,
        recipient: { email: 'mine@example.org' },
        idempotencyKey: 'order-1',
        notify: false,
      }),
    });
    expect(response.statusCode).toBe(201);
    const a = response.json();
    expect(a.id).not.toBe(b.id);
    expect(a.recipientEmail).toBe('mine@example.org');
    expect(JSON.stringify(a)).not.toContain('secret@example.org');
    // Within one organisation the key still makes a retry return the first credential.
    const again = await issueCredential(ctx(), anna, A, {
      achievementId: mine.id,
      recipient: { email: 'mine@example.org' },
      idempotencyKey: 'order-1',
      notify: false,
    });
    expect(again).toMatchObject({ id: a.id, created: false });
  });

  it('concurrent redemptions never exceed a claim code’s limit, and a refused one takes nothing', async () => {
    const badge = await createAchievement(ctx(), anna, A, { name: 'Event', description: 'd', criteriaNarrative: 'c' });
    const claim = await createClaimCode(ctx(), anna, A, badge.id, { maxClaims: 3 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => issueClaimTo(ctx(), claim.code, { email: `guest${i}@example.org` })),
    );
    const issued = outcomes.filter((o) => o.status === 'fulfilled');
    expect(issued).toHaveLength(3);
    for (const o of outcomes)
      if (o.status === 'rejected')
        expect(o.reason).toMatchObject({ status: 409, field: 'code', code: 'credentials:errors.claimFull', extra: { reason: 'full' } });
    const count = await ctx().db.selectFrom('issued_credentials').select('id').where('claim_code_id', '=', claim.id).execute();
    expect(count).toHaveLength(3);
    expect((await findClaim(ctx(), claim.code))?.claimed).toBe(3);
    // The same person several times at once: one credential, one count (the extra takes are given back).
    const twice = await createClaimCode(ctx(), anna, A, badge.id, { maxClaims: 10 });
    const same = await Promise.all([1, 2, 3].map(() => issueClaimTo(ctx(), twice.code, { email: 'same@example.org' })));
    expect(new Set(same.map((c) => c.id)).size).toBe(1);
    expect((await findClaim(ctx(), twice.code))?.claimed).toBe(1);
    // A code of an archived badge refuses, and its count does not creep up.
    const archivedBadge = await createAchievement(ctx(), anna, A, { name: 'Old', description: 'd', criteriaNarrative: 'c' });
    const old = await createClaimCode(ctx(), anna, A, archivedBadge.id, { maxClaims: 10 });
    await setAchievementArchived(ctx(), anna, A, archivedBadge.id, true);
    for (const i of [1, 2])
      await expect(issueClaimTo(ctx(), old.code, { email: `late${i}@example.org` })).rejects.toMatchObject({ status: 409 });
    expect((await findClaim(ctx(), old.code))?.claimed).toBe(0);
  });

  it('answers odd input with 4xx, not 500', async () => {
    const badge = await createAchievement(ctx(), anna, A, { name: 'Odd', description: 'd', criteriaNarrative: 'c' });
    const headers = await browser(anna);
    // A POST without a body (the CSRF token in the header instead).
    const bare = await app.inject({
      method: 'POST',
      url: `/organisations/${A}/achievements/${badge.id}/archive`,
      headers: { cookie: headers.cookie, 'x-csrf-token': hmac(TEST_SECRET, seed) },
    });
    expect(bare.statusCode).toBe(303);
    for (const offset of ['1e30', 'Infinity', '-5', 'abc', '99999999999999999999']) {
      const page = await app.inject({ url: `/organisations/${A}/credentials?offset=${offset}`, headers });
      expect(page.statusCode, offset).toBe(200);
    }
    const api = { authorization: `Bearer ${annaToken}` };
    for (const offset of ['1e30', '99999999999999999999', '-1']) {
      const response = await app.inject({ url: `/api/v1/organisations/${A}/credentials?offset=${offset}`, headers: api });
      expect(response.statusCode, offset).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    await expect(listIssued(ctx(), anna, A, { offset: 1e30 })).rejects.toMatchObject({ field: 'offset', status: 400 });
    await expect(changeCredentialStatus(ctx(), anna, A, 'not-a-uuid', 'revoke', 'x')).rejects.toMatchObject({ status: 404 });
  });

  it('redirects back only to pages of this instance (origin match, not a prefix)', async () => {
    const badge = await createAchievement(ctx(), anna, A, { name: 'Redirect', description: 'd', criteriaNarrative: 'c' });
    const credential = await issueCredential(ctx(), anna, A, {
      achievementId: badge.id,
      recipient: { email: 'r@example.org' },
      notify: false,
    });
    const headers = await browser(anna);
    const base = ctx().config.baseUrl;
    const evil = await app.inject({
      method: 'POST',
      url: `/organisations/${A}/credentials/${credential.id}/status`,
      headers: { ...headers, referer: `${base}.evil.example/phish` },
      payload: form({ action: 'revoke', reason: 'test', confirmed: 'yes' }),
    });
    expect(evil.statusCode).toBe(303);
    expect(evil.headers.location).toBe(`/organisations/${A}/credentials`);
    const claim = await createClaimCode(ctx(), anna, A, badge.id, {});
    const ours = await app.inject({
      method: 'POST',
      url: `/organisations/${A}/claim-codes/${claim.id}/close`,
      headers: { ...headers, referer: `${base}/organisations/${A}/achievements/${badge.id}?x=1` },
      payload: form({}),
    });
    expect(ours.headers.location).toBe(`/organisations/${A}/achievements/${badge.id}?x=1`);
  });

  it('the issuer dashboard names the status lists in the reader’s language', async () => {
    const headers = await browser(anna);
    const nl = await app.inject({ url: `/organisations/${A}/achievements`, headers: { ...headers, 'accept-language': 'nl' } });
    expect(nl.statusCode).toBe(200);
    expect(nl.body).toMatch(/status\/revocation">intrekking</);
    expect(nl.body).toMatch(/status\/suspension">schorsing</);
    const en = await app.inject({ url: `/organisations/${A}/achievements`, headers: { ...headers, 'accept-language': 'en' } });
    expect(en.body).toMatch(/status\/revocation">revocation</);
  });

  it('a full status list makes issuing fail with a 409 problem naming the reason, issuing nothing', async () => {
    const carl = await person(ctx(), 'Carl');
    const orgId = await organisationWith(ctx(), 'rev-full', [[carl, 'owner']]);
    const badge = await createAchievement(ctx(), carl, 'rev-full', { name: 'Few', description: 'd', criteriaNarrative: 'c' });
    const organisation = (await findOrganisation(ctx().db, orgId)) as NonNullable<Awaited<ReturnType<typeof findOrganisation>>>;
    await ensureStatusLists(ctx(), organisation, { length: 16 });
    for (let i = 0; i < 16; i++)
      await issueCredential(ctx(), carl, 'rev-full', { achievementId: badge.id, recipient: { email: `p${i}@example.org` }, notify: false });
    const token = (await createApiToken(ctx().db, carl.id, 'full')).token;
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/organisations/rev-full/credentials',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ achievementId: badge.id, recipient: { email: 'one-too-many@example.org' }, notify: false }),
    });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      status: 409,
      reason: 'status-list-full',
      code: 'credentials:errors.statusListFull',
      detail: expect.stringContaining('status lists of this issuer are full'),
    });
    await expect(
      issueCredential(ctx(), carl, 'rev-full', { achievementId: badge.id, recipient: { email: 'again@example.org' }, notify: false }),
    ).rejects.toMatchObject({ code: 'credentials:errors.statusListFull', status: 409 });
    const issued = await ctx().db.selectFrom('issued_credentials').select('status_index').where('organisation_id', '=', orgId).execute();
    expect(issued.map((r) => r.status_index).sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const profile = await ctx()
      .db.selectFrom('issuer_profiles')
      .select('next_status_index')
      .where('organisation_id', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(profile.next_status_index).toBe(16);
  });
});
