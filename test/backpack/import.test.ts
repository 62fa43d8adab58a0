import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { bakePng, bakeSvg } from '../../src/credentials/baking/index.ts';
import { importBadge, reverifyImported } from '../../src/backpack/imports.ts';
import { changeCredentialStatus } from '../../src/credentials/issuing/issue.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';
import { tinyPng } from '../credentials/baking/png.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { ElsewhereIssuer, multipart, ob2Assertion } from './badges.ts';
import { cookieOf, earner, issuerFor } from './support.ts';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';

describeEachDatabase('importing badges into the backpack', (ctx) => {
  let app: FastifyInstance;
  let elsewhere: ElsewhereIssuer;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    elsewhere = await ElsewhereIssuer.create();
  });
  afterAll(() => app.close());

  async function upload(
    browser: Browser,
    fields: Record<string, string>,
    file?: { name: string; type: string; data: Buffer },
    lang = 'en',
  ) {
    const body = multipart({ _csrf: browser.csrf, ...fields }, file);
    return app.inject({
      method: 'POST',
      url: '/backpack/import',
      payload: body.payload,
      headers: { cookie: cookieOf(browser), 'content-type': body.contentType, 'accept-language': lang },
    });
  }

  const count = async (userId: string) =>
    Number(
      (
        await ctx()
          .db.selectFrom('backpack_items')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('user_id', '=', userId)
          .where('source', '=', 'imported')
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('an OB 3.0 badge as pasted JSON, a VC-JWT file, a baked PNG and a baked SVG are verified and imported', async () => {
    const me = await earner(ctx(), app);
    const json = await upload(me.browser, { text: JSON.stringify(await elsewhere.signed(me.email, 'Pasted JSON')) });
    expect(json.statusCode, json.body).toBe(303);
    const jwt = await upload(
      me.browser,
      {},
      { name: 'badge.jwt', type: 'application/jwt', data: Buffer.from(await elsewhere.jwt(me.second, 'JWT file')) },
    );
    expect(jwt.statusCode, jwt.body).toBe(303);
    const png = bakePng(tinyPng(), await elsewhere.jwt(me.email, 'Baked PNG'));
    expect((await upload(me.browser, {}, { name: 'badge.png', type: 'image/png', data: png })).statusCode).toBe(303);
    const svg = bakeSvg(SVG, await elsewhere.signed(me.email, 'Baked SVG'));
    expect((await upload(me.browser, {}, { name: 'badge.svg', type: 'image/svg+xml', data: Buffer.from(svg) })).statusCode).toBe(303);

    const page = await me.browser.get(json.headers.location as string);
    expect(page.body).toContain('Pasted JSON');
    expect(page.body).toContain('This badge is valid.');
    expect(page.body).toContain('Bakery elsewhere');
    const list = await me.browser.get('/backpack');
    for (const name of ['Pasted JSON', 'JWT file', 'Baked PNG', 'Baked SVG']) expect(list.body).toContain(name);
    const rows = await ctx().db.selectFrom('backpack_items').selectAll().where('user_id', '=', me.userId).execute();
    expect(rows.map((r) => r.original_type).sort()).toEqual(['json', 'jwt', 'png', 'svg']);
    expect(rows.find((r) => r.name === 'JWT file')?.recipient_email).toBe(me.second);
    expect(rows.every((r) => r.valid && r.verdict?.checks.some((c) => c.check === 'recipient' && c.status === 'ok'))).toBe(true);
    // The same badge twice is refused.
    const again = await upload(me.browser, { text: JSON.stringify(rows.find((r) => r.name === 'Pasted JSON')?.document) });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('in your backpack already');
  });

  test('an OB 2.0 signed assertion is imported (the issuer’s key given to the verifier)', async () => {
    const me = await earner(ctx(), app);
    const { jws, extraDocuments } = await ob2Assertion(me.email, 'Old badge');
    const png = bakePng(tinyPng(), jws);
    const item = await importBadge(ctx(), me.userId, { file: png }, { extraDocuments });
    expect(item).toMatchObject({ name: 'Old badge', issuerName: 'Old issuer', status: 'active', originalType: 'png' });
    expect(item.skills).toEqual([expect.objectContaining({ targetName: 'teamwork' })]);
  });

  test('refused with a clear reason, and nothing stored: tampered, someone else’s, revoked, not a badge, a private address', async () => {
    const me = await earner(ctx(), app);
    const tampered = await elsewhere.signed(me.email, 'Honest');
    tampered.credentialSubject.achievement.name = 'Changed afterwards';
    const cases: [string, Record<string, string>, number, string][] = [
      ['tampered', { text: JSON.stringify(tampered) }, 422, 'changed after it was signed'],
      ['someone else', { text: JSON.stringify(await elsewhere.signed('someone.else@example.org')) }, 422, 'issued to someone else'],
      ['not a badge', { text: '{"hello": "world"}' }, 422, 'This is not a badge Vaardig can read: '],
      ['not JSON', { text: '{broken' }, 422, 'not a badge Vaardig can read'],
      ['private address', { url: 'https://127.0.0.1/badge.json' }, 422, 'private or local network address'],
      ['private network', { url: 'https://10.1.2.3/badge.json' }, 422, 'private or local network address'],
      ['pasted private link', { text: 'https://192.168.1.1/b.json' }, 422, 'private or local network address'],
      ['not https', { url: 'http://example.org/badge.json' }, 422, 'starts with https://'],
      ['nothing', {}, 400, 'Choose a file, paste a badge or give a link'],
      ['two at once', { text: '{}', url: 'https://example.org/b.json' }, 400, 'one badge at a time'],
    ];
    for (const [why, fields, status, text] of cases) {
      const response = await upload(me.browser, fields);
      expect(response.statusCode, why).toBe(status);
      expect(response.body, why).toContain(text);
      expect(response.body, why).toContain('aria-invalid="true"');
    }
    // The verifier's reason is in the reader's language too.
    const nl = await upload(me.browser, { text: '{"hello": "world"}' }, undefined, 'nl');
    expect(nl.body).toContain('Dit is geen badge die Vaardig kan lezen: ');
    expect(nl.body).not.toContain('$t(');
    // A check made of parts (a schema error) gives its first part, in Dutch, not the English of the API.
    const badDate = await upload(
      me.browser,
      { text: JSON.stringify(await elsewhere.signed(me.email, 'Datum', { awardedDate: 'gisteren' })) },
      undefined,
      'nl',
    );
    expect(badDate.statusCode).toBe(422);
    expect(badDate.body).toContain('Deze badge is niet door de controle gekomen: /awardedDate voldoet niet aan de schemaregel “format”');
    expect(badDate.body).not.toContain('must match format');

    // Revoked by its issuer (a badge of this network, issued to an address of someone else's).
    const org = await issuerFor(ctx());
    const credential = await org.issue('revoked.recipient@example.org', { name: 'Revoked one' });
    await changeCredentialStatus(ctx(), org.issuer, org.slug, credential.id, 'revoke', 'Mistake');
    const revoked = await upload(me.browser, { text: JSON.stringify(credential.document) });
    expect(revoked.statusCode).toBe(422);
    expect(revoked.body).toContain('revoked or suspended');
    expect(await count(me.userId)).toBe(0);
  });

  test('signed out, nothing is imported; the API names the field', async () => {
    const stranger = new Browser(app);
    await stranger.get('/');
    expect((await stranger.get('/backpack/import')).headers.location).toMatch(/^\/signin/);
    const body = multipart({ _csrf: stranger.csrf, text: '{}' });
    const response = await app.inject({
      method: 'POST',
      url: '/backpack/import',
      payload: body.payload,
      headers: { cookie: cookieOf(stranger), 'content-type': body.contentType },
    });
    expect(response.statusCode).toBe(401);

    const me = await signedInBrowser(ctx(), app);
    const api = await me.browser.api('POST', '/api/v1/backpack/import', { url: 'https://127.0.0.1/x' });
    expect(api.statusCode).toBe(422);
    expect(api.json()).toMatchObject({ field: 'url', code: 'backpack:errors.importPrivateAddress' });
    const ok = await me.browser.api('POST', '/api/v1/backpack/import', { credential: await elsewhere.signed(me.email, 'Via API') });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: 'Via API', source: 'imported' });
    const none = await me.browser.api('POST', '/api/v1/backpack/import', {});
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ field: 'credential' });
    // Another person cannot see it.
    const other = await signedInBrowser(ctx(), app);
    expect((await other.browser.get(`/backpack/items/${ok.json().id}`)).statusCode).toBe(404);
  });

  test('the job verifies imported badges again (safe to run twice): an expiry shows up', async () => {
    const me = await earner(ctx(), app);
    const item = await importBadge(
      ctx(),
      me.userId,
      {
        text: JSON.stringify(await elsewhere.signed(me.email, 'Expires', { validUntil: '2027-06-01T00:00:00Z' })),
      },
      { now: new Date('2026-06-01T00:00:00Z') },
    );
    expect(item.status).toBe('active');
    const runs = [await reverifyImported(ctx()), await reverifyImported(ctx())];
    expect(runs[0]).toBeGreaterThanOrEqual(1);
    const later = new Date('2028-01-01T00:00:00Z');
    await reverifyImported(ctx(), { now: later, olderThan: new Date(Date.now() + 1000) });
    await reverifyImported(ctx(), { now: later, olderThan: new Date(Date.now() + 1000) });
    const page = await me.browser.get(`/backpack/items/${item.id}`);
    expect(page.body).toContain('>expired<');
  });
});
