import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bakePng } from '../../../src/credentials/baking/index.ts';
import {
  didKeyFor,
  generateEd25519KeyPair,
  generateJwtKeyPair,
  signDataIntegrity,
  signVcJwt,
} from '../../../src/credentials/proofs/index.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { Browser } from '../../accounts/support.ts';
import { tinyPng } from '../baking/png.ts';

function multipart(fields: Record<string, string | { filename: string; type: string; data: Buffer }>): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = '----vaardig-test-boundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') {
      parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      parts.push(
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="${value.filename}"\r\ncontent-type: ${value.type}\r\n\r\n`,
        ),
        value.data,
        Buffer.from('\r\n'),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describeEachDatabase('verify page and API', (ctx) => {
  let app: FastifyInstance;
  let signed: Record<string, any>;
  let jwt: string;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    const key = await generateEd25519KeyPair();
    const did = didKeyFor(key.publicKeyMultibase);
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:7d8e3c2a-1111-4222-8333-944455556666',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: did, type: ['Profile'], name: 'Gemeente Oss' },
      validFrom: '2025-01-01T00:00:00Z',
      name: 'Vrijwilliger van het jaar',
      credentialSubject: {
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://vaardig.test/achievements/2',
          type: ['Achievement'],
          name: 'Vrijwilliger',
          description: 'Zet zich in voor de stad.',
          criteria: { narrative: 'Een jaar vrijwilligerswerk.' },
          alignment: [
            {
              type: ['Alignment'],
              targetName: 'show commitment',
              targetUrl: 'http://data.europa.eu/esco/skill/3',
              targetFramework: 'ESCO',
            },
          ],
        },
      },
    };
    signed = await signDataIntegrity(credential, { keyPair: key, verificationMethod: `${did}#${key.publicKeyMultibase}` });
    const rsa = generateJwtKeyPair('EdDSA');
    jwt = await signVcJwt(
      { ...credential, issuer: { ...credential.issuer } },
      { privateKey: rsa.privateJwk, alg: 'EdDSA', kid: 'did:web:nowhere.test#k' },
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it('GET /verify shows the form in English and Dutch', async () => {
    const en = await new Browser(app, 'en').get('/verify');
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('Verify a badge');
    expect(en.body).toContain('name="file"');
    expect(en.body).toContain('name="allowNetwork"');
    const nl = await new Browser(app, 'nl').get('/verify');
    expect(nl.body).toContain('Een badge controleren');
  });

  it('POST /api/v1/verify returns the verdict for a credential, without cookies or CSRF token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: signed } });
    expect(res.statusCode).toBe(200);
    const verdict = res.json();
    expect(verdict.valid).toBe(true);
    expect(verdict.checks.map((c: { check: string }) => c.check)).toEqual([
      'context',
      'schema',
      'issuer-key',
      'proof',
      'validity',
      'status',
      'recipient',
    ]);
    expect(verdict).toMatchObject({
      name: 'Vrijwilliger van het jaar',
      issuer: { name: 'Gemeente Oss' },
      skills: [{ targetName: 'show commitment' }],
    });
    // also as JSON text, and with a recipient that does not match
    const text = await app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { credential: JSON.stringify(signed), recipientEmail: 'iemand@example.nl' },
    });
    expect(text.json().valid).toBe(false);
    expect(text.json().checks.find((c: { check: string }) => c.check === 'recipient').status).toBe('failed');
  });

  it('POST /api/v1/verify reports a VC-JWT whose key cannot be resolved offline as invalid, naming the key', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { jwt } });
    expect(res.statusCode).toBe(200);
    const key = res.json().checks.find((c: { check: string }) => c.check === 'issuer-key');
    expect(key).toMatchObject({ status: 'failed', message: expect.stringContaining('did:web:nowhere.test') });
  });

  it('answers bad input with a 4xx naming the field', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: {} });
    expect(none.statusCode).toBe(400);
    expect(none.json().detail).toContain('credential');
    const extra = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: signed, foo: 1 } });
    expect(extra.statusCode).toBe(400);
    const notCredential = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: { hello: 'world' } } });
    expect(notCredential.statusCode).toBe(422);
    expect(notCredential.json()).toMatchObject({
      field: 'credential',
      code: 'credentials:errors.notCredential',
      detail: expect.stringContaining('not a credential'),
    });
    const url = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: 'https://example.org/badge.json' } });
    expect(url.statusCode).toBe(422);
    expect(url.json()).toMatchObject({
      code: 'credentials:errors.urlNotAllowed',
      detail: expect.stringContaining('fetching is not allowed'),
    });
    const badEmail = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: signed, recipientEmail: 'nope' } });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().detail).toContain('recipientEmail');
  });

  it('never fetches private or loopback addresses, even when fetching is allowed', async () => {
    for (const target of [
      'https://127.0.0.1/badge.json',
      'https://10.1.2.3/badge.json',
      'https://[::1]/badge.json',
      'https://169.254.169.254/latest/meta-data',
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { url: target, allowNetwork: true } });
      expect(res.statusCode, target).toBe(422);
      expect(res.json().detail, target).toMatch(/private, loopback or reserved/);
    }
    const http = await app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { url: 'http://example.org/badge.json', allowNetwork: true },
    });
    expect(http.json().detail).toContain('only https');
  });

  it('the verify API takes no CSRF token, with or without cookies: it changes nothing', async () => {
    const browser = new Browser(app);
    await browser.get('/verify');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      payload: { credential: signed },
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().valid).toBe(true);
  });

  it('POST /api/v1/verify/upload verifies a baked PNG', async () => {
    const form = multipart({ file: { filename: 'badge.png', type: 'image/png', data: bakePng(tinyPng(), signed) } });
    const res = await app.inject({ method: 'POST', url: '/api/v1/verify/upload', ...form });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ valid: true, source: 'png' });
    const empty = await app.inject({
      method: 'POST',
      url: '/api/v1/verify/upload',
      ...multipart({ file: { filename: 'plain.png', type: 'image/png', data: tinyPng() } }),
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json()).toMatchObject({
      code: 'credentials:errors.nothingBaked',
      detail: expect.stringContaining('No credential is baked'),
    });
  });

  it('the page verifies a dropped file and shows the checks as a table', async () => {
    const browser = new Browser(app, 'nl');
    await browser.get('/verify');
    const form = multipart({ file: { filename: 'badge.png', type: 'image/png', data: bakePng(tinyPng(), signed) }, recipientEmail: '' });
    const res = await app.inject({
      method: 'POST',
      url: `/verify?_csrf=${encodeURIComponent(browser.csrf)}`,
      payload: form.payload,
      headers: { ...form.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'nl' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-valid="true"');
    expect(res.body).toContain('<table class="verdict-checks">');
    expect(res.body).toContain('Handtekening');
    expect(res.body).toContain('In orde');
    expect(res.body).toContain('Vrijwilliger van het jaar');
    expect(res.body).toContain('show commitment');
    // The check messages in Dutch, not the English of the API.
    for (const text of ['Handtekening klopt', 'De @context klopt', 'zonder einddatum', 'De credential heeft geen status'])
      expect(res.body).toContain(text);
    for (const text of ['Signature verified', 'The @context is right', 'no end date', 'carries no status'])
      expect(res.body).not.toContain(text);
    // The schema and issuer-key checks too (they had no code once, so their English showed).
    expect(res.body).toContain('de sleutel is de identificatie');
    for (const text of ['the key is the identifier', 'Valid against the OB 3.0']) expect(res.body).not.toContain(text);
    // The validity check's moment as a Dutch date, not the ISO form the API keeps.
    expect(res.body).toContain('Geldig vanaf 1 januari 2025 om 00:00 UTC, zonder einddatum');
    expect(res.body).not.toContain('2025-01-01T00:00:00.000Z');

    // A hashed recipient: its kind in Dutch, and a kind the credential makes up is shown as text, never as markup.
    const identified = (identityType: string) => ({
      ...signed,
      credentialSubject: {
        ...signed.credentialSubject,
        identifier: [{ type: 'IdentityObject', identityHash: 'sha256$00', identityType, hashed: true, salt: 'x' }],
      },
    });
    for (const [identityType, shown] of [
      ['emailAddress', 'e-mailadres (als sha256-hash)'],
      ['<b id="x">markup</b>', '&lt;b id=&#34;x&#34;>markup&lt;/b> (als sha256-hash)'],
    ]) {
      const form = multipart({ text: JSON.stringify(identified(identityType)) });
      const page = await app.inject({
        method: 'POST',
        url: `/verify?_csrf=${encodeURIComponent(browser.csrf)}`,
        payload: form.payload,
        headers: { ...form.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'nl' },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(shown);
      expect(page.body).not.toContain('<b id="x">');
    }
    // An issuer name holding markup (a pasted credential says what it likes) is shown as text.
    const named = { ...signed, issuer: { ...(signed.issuer as object), name: '<i id="y">issuer</i>' } };
    const namedForm = multipart({ text: JSON.stringify(named) });
    const namedPage = await app.inject({
      method: 'POST',
      url: `/verify?_csrf=${encodeURIComponent(browser.csrf)}`,
      payload: namedForm.payload,
      headers: { ...namedForm.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'accept-language': 'nl' },
    });
    expect(namedPage.statusCode).toBe(200);
    expect(namedPage.body).toContain('&lt;i id=&#34;y&#34;>issuer&lt;/i>');
    expect(namedPage.body).not.toContain('<i id="y">');

    const pasted = multipart({ text: 'dit is geen badge' });
    const bad = await app.inject({
      method: 'POST',
      url: `/verify?_csrf=${encodeURIComponent(browser.csrf)}`,
      payload: pasted.payload,
      headers: {
        ...pasted.headers,
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'accept-language': 'nl',
      },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('role="alert"');
    expect(bad.body).toContain('Dit is geen credential');
    const nothing = multipart({ text: '' });
    const empty = await app.inject({
      method: 'POST',
      url: `/verify?_csrf=${encodeURIComponent(browser.csrf)}`,
      payload: nothing.payload,
      headers: { ...nothing.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(empty.statusCode).toBe(400);
  });
});
