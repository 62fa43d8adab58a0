/**
 * The crashes the fuzzer (test/fuzz) found, each kept as a plain test of the input it shrank to:
 * the module answers with its coded error (naming the field, texts in en and nl), never a bare
 * exception from a library underneath.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { verifyCredential } from '../../src/credentials/verification/verify.ts';
import { parseSitemap } from '../../src/labour-market/crawler/sitemaps.ts';
import { AppError } from '../../src/platform/errors.ts';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return `${error.code} ${error.field ?? ''}`.trim();
    return `uncoded ${(error as Error).name}: ${(error as Error).message}`;
  }
  return 'no error';
}

describe('sitemap', () => {
  test('a gzip that ends after its magic bytes is a coded error, not a zlib exception', () => {
    expect(codeOf(() => parseSitemap(Buffer.from([31, 139])))).toBe('labour-market:errors.sitemapUnreadable sitemap');
  });
  test('a gzip with a broken body is a coded error', () => {
    expect(codeOf(() => parseSitemap(Buffer.from([31, 139, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8])))).toBe(
      'labour-market:errors.sitemapUnreadable sitemap',
    );
  });
  test('a gzip bomb (51 MB of zeros in 50 kB) stops at 50 MB with a coded error', () => {
    const bomb = gzipSync(Buffer.alloc(51 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    expect(codeOf(() => parseSitemap(bomb))).toBe('labour-market:errors.sitemapUnreadable sitemap');
  });
});

/** What verifying an input ends in: a verdict's failed checks, or the coded error it was refused with. */
async function verdictOf(input: unknown): Promise<string> {
  try {
    const verdict = await verifyCredential(input);
    return `verdict ${verdict.valid ? 'valid' : 'invalid'}`;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    return `uncoded ${(error as Error).name}: ${(error as Error).message}`;
  }
}

describe('verifying', () => {
  test('a JWS whose payload is JSON null is not a credential (was a TypeError)', async () => {
    expect(await verdictOf('eyJhbGciOiJub25lIn0.bnVsbA.')).toBe('credentials:errors.jwsNotCredential');
  });
  test('a JWS whose payload is a JSON array or a number is not a credential', async () => {
    const jws = (payload: string) => `eyJhbGciOiJub25lIn0.${Buffer.from(payload).toString('base64url')}.`;
    expect(await verdictOf(jws('[1]'))).toBe('credentials:errors.jwsNotCredential');
    expect(await verdictOf(jws('7'))).toBe('credentials:errors.jwsNotCredential');
  });
  test('an SVG baking a JWS with a null payload is not a credential', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>eyJhbGciOiJub25lIn0.bnVsbA.</openbadges:credential></svg>`;
    expect(await verdictOf(Buffer.from(svg))).toBe('credentials:errors.jwsNotCredential');
  });
  test('a JWS whose protected header is JSON but no object cannot be decoded (was a TypeError from jose)', async () => {
    expect(await verdictOf('IiI.eyJ2ZXJpZnkiOiIgIiwicmVjaXBpZW50IjoiXSJ9.')).toBe('credentials:errors.jwsUndecodable');
  });
  test('a validUntil beyond the dates a Date holds fails the validity check (was a RangeError)', async () => {
    const credential = { '@context': 'https://www.w3.org/ns/credentials/v2', type: ['VerifiableCredential', 'OpenBadgeCredential'] };
    const verdict = await verifyCredential({ ...credential, validUntil: 1e308 });
    expect(verdict.checks.find((c) => c.check === 'validity')).toMatchObject({ status: 'failed' });
    expect(await verdictOf({ ...credential, validFrom: -1e300 })).toBe('verdict invalid');
    expect(await verdictOf({ ...credential, expirationDate: Object.create(null) })).toBe('verdict invalid');
  });
  test('an OB 2.0 assertion whose badge is null is an invalid credential (was a TypeError)', async () => {
    const assertion = {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: 'urn:uuid:1',
      recipient: '',
      badge: null,
      verification: { type: 'hosted' },
      issuedOn: '',
    };
    expect(await verdictOf(assertion)).toBe('verdict invalid');
    expect(await verdictOf({ ...assertion, badge: { issuer: null } })).toBe('verdict invalid');
  });
});
