import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unbake } from '../../../src/credentials/baking/index.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { createClaimCode, findClaim } from '../../../src/credentials/issuing/claims.ts';
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
    expect(bad.body).toContain('Enter an email address');
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
    // Revoking asks first: the list's button leads to a confirmation page (a GET, nothing changes),
    // and a POST that was not confirmed there shows that page too.
    const headers = await browser(ida);
    const list = await app.inject({ url: '/organisations/page-a/credentials', headers });
    expect(list.body).toContain(`<form method="get" action="/organisations/page-a/credentials/${c.id}/status"`);
    const ask = await app.inject({ url: `/organisations/page-a/credentials/${c.id}/status?action=revoke&reason=mistake`, headers });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Revoke this credential?');
    expect(ask.body).toContain('name="confirmed" value="yes"');
    const unconfirmed = await app.inject({
      method: 'POST',
      url: `/organisations/page-a/credentials/${c.id}/status`,
      headers,
      payload: form({ action: 'revoke', reason: 'mistake' }),
    });
    expect(unconfirmed.statusCode).toBe(200);
    expect(unconfirmed.body).toContain('Revoke this credential?');
    expect((await ctx().db.selectFrom('issued_credentials').select('state').where('id', '=', c.id).executeTakeFirstOrThrow()).state).toBe(
      'active',
    );
    const confirmed = await app.inject({
      method: 'POST',
      url: `/organisations/page-a/credentials/${c.id}/status`,
      headers,
      payload: form({ action: 'revoke', reason: 'mistake', confirmed: 'yes' }),
    });
    expect(confirmed.statusCode).toBe(303);
    // Revoked: a banner says so (in the reader's language), the verdict turns, no LinkedIn button.
    const after = await app.inject({ url: `/credentials/${c.id}` });
    expect(after.body).toContain('verdict-invalid');
    expect(after.body).toContain('mistake');
    expect(after.body).toMatch(/role="alert"[^>]*>\s*<p>\s*<strong>This credential has been revoked by its issuer/);
    expect(after.body).not.toContain('linkedin.com');
    const dutch = await app.inject({ url: `/credentials/${c.id}`, headers: { cookie: 'vaardig_lang=nl' } });
    expect(dutch.body).toContain('Dit credential is ingetrokken door de uitgever');
    // Expired: the same banner kind, with the date.
    const old = await issueCredential(ctx(), ida, 'page-a', {
      achievementId: a.id,
      recipient: { email: 'old@example.org' },
      validFrom: '2020-01-01',
      validUntil: '2021-01-01',
      notify: false,
    });
    const expired = await app.inject({ url: `/credentials/${old.id}` });
    expect(expired.body).toMatch(/role="alert"[^>]*>\s*<p>\s*<strong>This credential expired on 1 January 2021/);
    expect(expired.body).not.toContain('linkedin.com');
  });

  it('issues a claimed badge only to the owner of the address: by a mailed link, or to a signed-in confirmed account', async () => {
    const a = await createAchievement(ctx(), ida, 'page-a', {
      name: 'Event badge',
      description: 'Was at the event',
      criteriaNarrative: 'c',
    });
    const claim = await createClaimCode(ctx(), ida, 'page-a', a.id, { label: 'Event', maxClaims: 2 });
    // A label holding markup is shown as text on the achievement's page, as everything its staff types.
    await createClaimCode(ctx(), ida, 'page-a', a.id, { label: '<b id="z">Stand</b>' });
    const staffPage = await app.inject({ url: `/organisations/page-a/achievements/${a.id}`, headers: await browser(ida) });
    expect(staffPage.statusCode).toBe(200);
    expect(staffPage.body).toContain('&lt;b id=&#34;z&#34;>Stand&lt;/b>');
    expect(staffPage.body).not.toContain('<b id="z">');
    expect((await app.inject({ url: `/claim/${claim.code}` })).statusCode).toBe(200);
    expect((await app.inject({ url: `/claim/${claim.code}/qr.svg` })).headers['content-type']).toContain('image/svg+xml');
    const anon = { cookie: `vaardig_csrf=${seed}`, 'content-type': 'application/x-www-form-urlencoded' };
    const issued = async () =>
      (await ctx().db.selectFrom('issued_credentials').select('recipient_email').where('claim_code_id', '=', claim.id).execute()).map(
        (r) => r.recipient_email,
      );
    const linkTo = async (email: string) => {
      const mails = await ctx()
        .db.selectFrom('mail_outbox')
        .select('text_body')
        .where('to_address', '=', email)
        .orderBy('created_at', 'desc')
        .execute();
      const match = mails.map((m) => /\/claim\/confirm\/([A-Za-z0-9_-]+)/.exec(m.text_body)).find(Boolean);
      return match ? `/claim/confirm/${match[1]}` : null;
    };
    // Anyone may type any address: nothing is issued, a link goes to the address.
    const typed = await app.inject({
      method: 'POST',
      url: `/claim/${claim.code}`,
      headers: anon,
      payload: form({ email: 'one@example.org', name: 'One' }),
    });
    expect(typed.statusCode).toBe(200);
    expect(typed.body).toContain('Check your mail');
    expect(await issued()).toEqual([]);
    const link = (await linkTo('one@example.org')) as string;
    expect(link).toBeTruthy();
    // Opening the link changes nothing (mail scanners open links); its button does.
    const opened = await app.inject({ url: link });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('one@example.org');
    expect(await issued()).toEqual([]);
    const followed = await app.inject({ method: 'POST', url: link, headers: anon, payload: form({}) });
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toMatch(/^\/credentials\//);
    expect(await issued()).toEqual(['one@example.org']);
    // Single use.
    expect((await app.inject({ method: 'POST', url: link, headers: anon, payload: form({}) })).statusCode).toBe(400);
    expect((await app.inject({ url: link })).statusCode).toBe(400);
    // Asking again for the same address and following the new link gives the same credential (no second place taken).
    await app.inject({ method: 'POST', url: `/claim/${claim.code}`, headers: anon, payload: form({ email: 'one@example.org' }) });
    const again = await app.inject({ method: 'POST', url: (await linkTo('one@example.org')) as string, headers: anon, payload: form({}) });
    expect(again.headers.location).toBe(followed.headers.location);
    // Pending claims take no place: two addresses wait, the limit counts the badges issued.
    for (const email of ['two@example.org', 'three@example.org'])
      await app.inject({ method: 'POST', url: `/claim/${claim.code}`, headers: anon, payload: form({ email }) });
    expect((await findClaim(ctx(), claim.code))?.claimed).toBe(1);
    expect(
      (await app.inject({ method: 'POST', url: (await linkTo('two@example.org')) as string, headers: anon, payload: form({}) })).statusCode,
    ).toBe(303);
    const late = await app.inject({ method: 'POST', url: (await linkTo('three@example.org')) as string, headers: anon, payload: form({}) });
    expect(late.statusCode).toBe(409);
    expect(await issued()).toEqual(['one@example.org', 'two@example.org']);
    // An expired link does nothing.
    const open = await createClaimCode(ctx(), ida, 'page-a', a.id, {});
    await app.inject({ method: 'POST', url: `/claim/${open.code}`, headers: anon, payload: form({ email: 'slow@example.org' }) });
    await ctx()
      .db.updateTable('claim_requests')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('email', '=', 'slow@example.org')
      .execute();
    expect(
      (await app.inject({ method: 'POST', url: (await linkTo('slow@example.org')) as string, headers: anon, payload: form({}) }))
        .statusCode,
    ).toBe(400);
    // A person signed in with a confirmed address gets the badge at once, to that address.
    const signedIn = await app.inject({
      method: 'POST',
      url: `/claim/${open.code}`,
      headers: await browser(otto),
      payload: form({ email: 'someone-else@example.org' }),
    });
    expect(signedIn.statusCode).toBe(303);
    const mine = await ctx().db.selectFrom('issued_credentials').select('recipient_email').where('claim_code_id', '=', open.id).execute();
    expect(mine.map((r) => r.recipient_email)).toEqual([otto.email]);
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
