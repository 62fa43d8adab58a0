import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiToken, createOrganisation } from '../../src/accounts/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { findNul } from '../../src/platform/http/nul-guard.ts';
import { Browser, bearer, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';

/**
 * U+0000 (`%00`) in any input was a 500 (PostgreSQL refuses it in text, Node refuses it in a
 * redirect header). The guard in src/platform/http/nul-guard.ts answers 400 naming the field before
 * any handler or the database sees it.
 */

const CODE = 'platform:errors.nulCharacter';
const MESSAGE = {
  en: 'This contains a character that is not allowed (U+0000).',
  nl: 'Hierin staat een teken dat niet is toegestaan (U+0000).',
};
const TABLES = [
  'users',
  'sessions',
  'api_tokens',
  'email_tokens',
  'organisations',
  'memberships',
  'invitations',
  'mail_outbox',
  'issuer_profiles',
  'issuer_keys',
  'achievements',
  'achievement_versions',
  'issued_credentials',
  'status_lists',
  'bulk_issues',
  'claim_codes',
  'skills',
  'collections',
];

const ID = '00000000-0000-4000-8000-000000000000';

/** Every route under /api/v1/organisations/:slug, with `%00` as the slug. */
const ORGANISATION_ROUTES: [method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown][] = [
  ['GET', ''],
  ['GET', '/members'],
  ['PATCH', `/members/${ID}`, { role: 'member' }],
  ['DELETE', `/members/${ID}`],
  ['GET', '/invitations'],
  ['POST', '/invitations', { email: 'someone@example.org', role: 'member' }],
  ['DELETE', `/invitations/${ID}`],
  ['POST', `/invitations/${ID}/resend`, {}],
  ['GET', '/achievements'],
  ['POST', '/achievements', { name: 'Lassen' }],
  ['GET', `/achievements/${ID}`],
  ['PATCH', `/achievements/${ID}`, { name: 'Lassen' }],
  ['POST', `/achievements/${ID}/bulk`, { csv: 'email\nx@example.org\n' }],
  ['POST', `/achievements/${ID}/claim-codes`, { label: 'Open day' }],
  ['GET', '/credentials'],
  ['POST', '/credentials', { achievementId: ID, recipient: { email: 'x@example.org' } }],
  ['POST', `/credentials/${ID}/status`, { action: 'revoke', reason: 'x' }],
  ['GET', `/bulk/${ID}`],
];

function expectNulProblem(response: LightMyRequestResponse, field: string): void {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status: 400, code: CODE, field, detail: `${field}: ${MESSAGE.en}` });
}

function expectNulPage(response: LightMyRequestResponse, lang: 'en' | 'nl'): void {
  expect(response.statusCode, response.body.slice(0, 500)).toBe(400);
  expect(response.headers['content-type']).toContain('text/html');
  expect(response.body).toContain(`lang="${lang}"`);
  expect(response.body).toContain(MESSAGE[lang]);
  // No other language's text, and never the raw character.
  expect(response.body).not.toContain(MESSAGE[lang === 'en' ? 'nl' : 'en']);
  expect(response.body).not.toContain('\u0000');
}

describeEachDatabase('U+0000 in any input is a 400 naming the field', (ctx, kind) => {
  let app: FastifyInstance;
  let token: string;
  const slug = `nul-${kind}`;

  async function snapshot(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(ctx().db);
      out[table] = Number(rows[0].n);
    }
    return out;
  }

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    const person = await signedInBrowser(ctx(), app);
    token = (await createApiToken(ctx().db, person.userId, 'nul tests')).token;
    await createOrganisation(ctx().db, { slug, name: 'Nul' }, person.userId);
  });
  afterAll(() => app.close());

  for (const lang of ['nl', 'en'] as const) {
    test(`public pages and the language switch [${lang}]`, async () => {
      const before = await snapshot();
      const browser = new Browser(app, lang);
      for (const url of ['/orgs/%00', '/orgs/%00/did.json', '/orgs/%00/status/revocation', '/orgs/x/status/%00', '/lang/nl?next=/%00']) {
        const response = await browser.get(url);
        expectNulPage(response, lang);
      }
      // A %00 where no parameter is, and a NUL in a query of a page that takes none.
      expectNulPage(await browser.get('/assets/%00'), lang);
      expectNulPage(await browser.get('/skills?q=a%00b'), lang);
      expect(await snapshot()).toEqual(before);
    });

    test(`sign-in and sign-up \`next\` [${lang}]`, async () => {
      const before = await snapshot();
      const browser = new Browser(app, lang);
      expectNulPage(await browser.get('/signin?next=/%00'), lang);
      expectNulPage(await browser.get('/signup?next=/%00'), lang);
      expectNulPage(await browser.post('/signin?next=/%00', { email: 'nobody@example.org', password: 'correct horse battery' }), lang);
      expectNulPage(
        await browser.post('/signin', { email: 'nobody@example.org', password: 'correct horse battery', next: '/\u0000' }),
        lang,
      );
      expectNulPage(
        await browser.post('/signup', {
          name: 'Nul',
          email: `nul-${lang}-${kind}@example.org`,
          password: 'correct horse battery',
          next: '/\u0000',
        }),
        lang,
      );
      expectNulPage(
        await browser.post('/signup', { name: 'N\u0000l', email: `nul2-${lang}-${kind}@example.org`, password: 'correct horse battery' }),
        lang,
      );
      expect(await snapshot()).toEqual(before);
    });
  }

  test('every /api/v1/organisations/%00/... route, signed in by token', async () => {
    const { browser } = await signedInBrowser(ctx(), app);
    const before = await snapshot();
    for (const [method, path, body] of ORGANISATION_ROUTES) {
      const response = await bearer(app, token, method, `/api/v1/organisations/%00${path}`, body);
      expectNulProblem(response, 'slug');
    }
    // The same routes by the browser's session and CSRF header.
    for (const [method, path, body] of ORGANISATION_ROUTES) {
      expectNulProblem(await browser.api(method, `/api/v1/organisations/%00${path}`, body), 'slug');
    }
    expect(await snapshot()).toEqual(before);
  });

  test("an API token's name, in the API and on the account page", async () => {
    const { browser } = await signedInBrowser(ctx(), app);
    const before = await snapshot();
    expectNulProblem(await bearer(app, token, 'POST', '/api/v1/tokens', { name: 'laptop\u0000' }), 'name');
    expectNulProblem(await browser.api('POST', '/api/v1/tokens', { name: '\u0000' }), 'name');
    const page = await browser.post('/account/tokens', { name: 'laptop\u0000' });
    expectNulPage(page, 'en');
    expect(await snapshot()).toEqual(before);
  });

  test('credential and badge fields in JSON bodies, nested ones named by their path', async () => {
    const before = await snapshot();
    const base = `/api/v1/organisations/${slug}`;
    expectNulProblem(await bearer(app, token, 'POST', `${base}/achievements`, { name: 'Las\u0000sen', description: 'x' }), 'name');
    expectNulProblem(await bearer(app, token, 'POST', `${base}/achievements`, { name: 'Lassen', tags: ['ok', 'n\u0000k'] }), 'tags.1');
    expectNulProblem(
      await bearer(app, token, 'POST', `${base}/credentials`, {
        achievementId: ID,
        recipient: { email: 'x@example.org', name: 'Ki\u0000m' },
      }),
      'recipient.name',
    );
    expectNulProblem(
      await bearer(app, token, 'POST', `${base}/credentials`, {
        achievementId: ID,
        recipient: { email: 'x@example.org' },
        results: { 'a\u0000': 'b' },
      }),
      'results.a\\u0000',
    );
    expectNulProblem(await bearer(app, token, 'POST', '/api/v1/verify', { text: '{"a":"\u0000"}' }), 'text');
    expectNulProblem(await bearer(app, token, 'GET', '/api/v1/skills?q=%00'), 'q');
    expect(await snapshot()).toEqual(before);
  });

  test('a multipart field holding U+0000 is refused when the handler reads it', async () => {
    const boundary = '----vaardig-nul';
    const payload = [`--${boundary}`, 'Content-Disposition: form-data; name="text"', '', 'a\u0000b', `--${boundary}--`, ''].join('\r\n');
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/verify/upload',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expectNulProblem(response, 'text');
  });
});

describe('findNul', () => {
  test('names the first string or key holding U+0000 by its path', () => {
    expect(findNul({ a: 'x', b: [{ c: 'y' }, { d: 'z\u0000' }] })).toBe('b.1.d');
    expect(findNul('\u0000')).toBe('');
    expect(findNul({ 'k\u0000': 1 })).toBe('k\\u0000');
    expect(findNul({ a: 'fine', b: [1, true, null, { c: 'also fine' }] })).toBeNull();
    expect(findNul(Buffer.from([0, 0, 0]))).toBeNull();
  });

  test('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findNul(deep)).toMatch(/^0(\.0)*$/);
  });
});
