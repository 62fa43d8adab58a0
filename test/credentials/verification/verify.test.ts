import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createList, createCredential as createStatusListCredential } from '@digitalbazaar/vc-bitstring-status-list';
import { CompactSign } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bakePng, bakeSvg } from '../../../src/credentials/baking/index.ts';
import { tinyPng } from '../baking/png.ts';
import {
  didKeyFor,
  ed25519PublicJwk,
  generateEd25519KeyPair,
  generateJwtKeyPair,
  type SerializedEd25519KeyPair,
  signDataIntegrity,
  signVcJwt,
} from '../../../src/credentials/proofs/index.ts';
import { type Verdict, UnusableInputError, verifyCredential } from '../../../src/credentials/verification/verify.ts';

const dataDir = process.env.VAARDIG_DATA_DIR ?? join(process.cwd(), '../shared/data');
const haveSchema = existsSync(join(dataDir, 'ob3/schema/ob_v3p0_achievementcredential_schema.json'));

function check(verdict: Verdict, name: string) {
  const found = verdict.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(verdict.checks)}`);
  return found;
}

const EMAIL = 'Anna.de.Vries@example.nl';
const SALT = 'zout-123';

function credentialFor(issuerId: string, extra: Record<string, unknown> = {}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:3f0c2a4e-6a54-4b8e-9c61-1d1c9d0f5a11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuerId, type: ['Profile'], name: 'Bakkerij Oss', url: 'https://bakkerij.example.nl' },
    validFrom: '2025-01-01T00:00:00Z',
    name: 'Broodbakken niveau 1',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: `sha256$${createHash('sha256')
            .update(EMAIL.toLowerCase() + SALT)
            .digest('hex')}`,
          identityType: 'emailAddress',
          hashed: true,
          salt: SALT,
        },
      ],
      achievement: {
        id: 'https://vaardig.test/achievements/1',
        type: ['Achievement'],
        name: 'Broodbakken',
        description: 'Kan zelfstandig brood bakken.',
        criteria: { narrative: 'Heeft drie broden gebakken onder toezicht.' },
        alignment: [
          {
            type: ['Alignment'],
            targetName: 'bake bread',
            targetUrl: 'http://data.europa.eu/esco/skill/1',
            targetCode: 'http://data.europa.eu/esco/skill/1',
            targetFramework: 'ESCO',
            targetType: 'ceasn:Competency',
          },
        ],
      },
    },
    ...extra,
  };
}

describe('verifyCredential with credentials Vaardig signs', () => {
  let key: SerializedEd25519KeyPair;
  let did: string;
  let vm: string;
  const now = new Date('2026-06-01T00:00:00Z');

  beforeAll(async () => {
    key = await generateEd25519KeyPair();
    did = didKeyFor(key.publicKeyMultibase);
    vm = `${did}#${key.publicKeyMultibase}`;
  });

  const sign = (credential: object, k = key, method = vm) => signDataIntegrity(credential, { keyPair: k, verificationMethod: method });

  it('a did:key credential verifies with every check ok (schema warns about the single proof object)', async () => {
    const signed = await sign(credentialFor(did));
    const verdict = await verifyCredential(signed, { dataDir, now, recipientEmail: EMAIL });
    expect(verdict.valid).toBe(true);
    expect(check(verdict, 'proof')).toMatchObject({ status: 'ok', message: expect.stringContaining('eddsa-rdfc-2022') });
    expect(check(verdict, 'issuer-key').status).toBe('ok');
    expect(check(verdict, 'validity').status).toBe('ok');
    expect(check(verdict, 'status').status).toBe('ok');
    expect(check(verdict, 'recipient')).toMatchObject({ status: 'ok', message: expect.stringContaining('salted sha256') });
    if (haveSchema)
      expect(check(verdict, 'schema')).toMatchObject({ status: 'warning', message: expect.stringContaining('single object') });
    expect(verdict).toMatchObject({
      format: 'json-ld',
      name: 'Broodbakken niveau 1',
      issuer: { id: did, name: 'Bakkerij Oss' },
      achievement: { name: 'Broodbakken' },
    });
    expect(verdict.skills).toEqual([expect.objectContaining({ targetName: 'bake bread', targetFramework: 'ESCO' })]);
  });

  it('the recipient check fails for another email and is skipped without one', async () => {
    const signed = await sign(credentialFor(did));
    const other = await verifyCredential(signed, { now, recipientEmail: 'jan@example.nl' });
    expect(check(other, 'recipient')).toMatchObject({ status: 'failed', message: expect.stringContaining('jan@example.nl') });
    expect(other.valid).toBe(false);
    expect(check(await verifyCredential(signed, { now }), 'recipient').status).toBe('skipped');
  });

  it('tampering any field fails the proof, with the reason', async () => {
    const signed = await sign(credentialFor(did));
    const edits: ((c: any) => void)[] = [
      (c) => (c.name = 'Broodbakken niveau 3'),
      (c) => (c.credentialSubject.achievement.name = 'Taarten'),
      (c) => (c.credentialSubject.achievement.alignment[0].targetName = 'bake cake'),
      (c) => (c.validFrom = '2024-01-01T00:00:00Z'),
      (c) => (c.issuer.name = 'Andere Bakkerij'),
      (c) => (c.credentialSubject.identifier[0].salt = 'x'),
      (c) => (c.id = 'urn:uuid:00000000-0000-0000-0000-000000000000'),
    ];
    for (const edit of edits) {
      const copy = structuredClone(signed);
      edit(copy);
      const verdict = await verifyCredential(copy, { now });
      expect(verdict.valid, edit.toString()).toBe(false);
      expect(check(verdict, 'proof')).toMatchObject({ status: 'failed', message: expect.stringMatching(/signature does not match/) });
    }
  });

  it('a wrong key fails: signed by another key than the verification method names', async () => {
    const other = await generateEd25519KeyPair();
    const signed = await sign(credentialFor(did), other, vm);
    const verdict = await verifyCredential(signed, { now });
    expect(verdict.valid).toBe(false);
    expect(check(verdict, 'proof')).toMatchObject({ status: 'failed', message: expect.stringMatching(/signature does not match/) });
  });

  it('a key that is not the issuer’s fails the issuer-key check', async () => {
    const other = await generateEd25519KeyPair();
    const otherDid = didKeyFor(other.publicKeyMultibase);
    const signed = await sign(credentialFor(did), other, `${otherDid}#${other.publicKeyMultibase}`);
    const verdict = await verifyCredential(signed, { now });
    expect(verdict.valid).toBe(false);
    expect(check(verdict, 'issuer-key')).toMatchObject({ status: 'failed', message: expect.stringContaining('not by the issuer') });
  });

  it('expired and not-yet-valid fail validity with the dates', async () => {
    const expired = await verifyCredential(await sign(credentialFor(did, { validUntil: '2026-01-01T00:00:00Z' })), { now });
    expect(expired.valid).toBe(false);
    expect(check(expired, 'validity')).toMatchObject({
      status: 'failed',
      message: 'Expired: valid until 2026-01-01T00:00:00.000Z (now 2026-06-01T00:00:00.000Z)',
    });
    expect(check(expired, 'proof').status).toBe('ok');
    const early = await verifyCredential(await sign(credentialFor(did, { validFrom: '2027-01-01T00:00:00Z' })), { now });
    expect(early.valid).toBe(false);
    expect(check(early, 'validity')).toMatchObject({
      status: 'failed',
      message: 'Not yet valid: valid from 2027-01-01T00:00:00.000Z (now 2026-06-01T00:00:00.000Z)',
    });
  });

  describe('status lists', () => {
    const base = 'https://vaardig.test/status/bakkerij';
    async function statusList(purpose: 'revocation' | 'suspension', setIndex?: number) {
      const list = await createList({ length: 131072 });
      if (setIndex !== undefined) list.setStatus(setIndex, true);
      const unsigned = await createStatusListCredential({ id: `${base}/${purpose}`, list, statusPurpose: purpose });
      return sign({ ...unsigned, issuer: did, validFrom: '2025-01-01T00:00:00Z' });
    }
    const entry = (purpose: string, index: number) => ({
      id: `${base}/${purpose}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: `${base}/${purpose}`,
    });

    it('revoked and suspended fail the status check with the reason; others pass', async () => {
      const revocation = await statusList('revocation', 7);
      const suspension = await statusList('suspension', 9);
      const resolveLocal = (url: string) => ({ [`${base}/revocation`]: revocation, [`${base}/suspension`]: suspension })[url];
      const options = { now, documentLoaderOptions: { resolveLocal } };

      const revoked = await verifyCredential(
        await sign(credentialFor(did, { credentialStatus: [entry('revocation', 7), entry('suspension', 7)] })),
        options,
      );
      expect(revoked.valid).toBe(false);
      expect(check(revoked, 'status')).toMatchObject({ status: 'failed', message: expect.stringContaining('Revoked by the issuer') });

      const suspended = await verifyCredential(
        await sign(credentialFor(did, { credentialStatus: [entry('revocation', 9), entry('suspension', 9)] })),
        options,
      );
      expect(suspended.valid).toBe(false);
      expect(check(suspended, 'status')).toMatchObject({ status: 'failed', message: expect.stringContaining('Suspended by the issuer') });

      const fine = await verifyCredential(
        await sign(credentialFor(did, { credentialStatus: [entry('revocation', 3), entry('suspension', 3)] })),
        options,
      );
      expect(fine.valid).toBe(true);
      expect(check(fine, 'status')).toMatchObject({ status: 'ok', message: expect.stringContaining('Not revoked') });
    });

    it('a status list that is not available offline is a warning, never a fetch', async () => {
      const fetchSpy = vi.spyOn(globalThis, 'fetch');
      const verdict = await verifyCredential(await sign(credentialFor(did, { credentialStatus: entry('revocation', 1) })), { now });
      expect(check(verdict, 'status')).toMatchObject({ status: 'warning', message: expect.stringContaining('fetching is not allowed') });
      expect(fetchSpy).not.toHaveBeenCalled();
      fetchSpy.mockRestore();
    });

    it('a forged status list (signed by someone else than its issuer) fails', async () => {
      const forger = await generateEd25519KeyPair();
      const list = await createList({ length: 131072 });
      const unsigned = await createStatusListCredential({ id: `${base}/revocation`, list, statusPurpose: 'revocation' });
      const forged = await sign({ ...unsigned, issuer: did }, forger, vm);
      const verdict = await verifyCredential(await sign(credentialFor(did, { credentialStatus: entry('revocation', 7) })), {
        now,
        documentLoaderOptions: { extraDocuments: { [`${base}/revocation`]: forged } },
      });
      expect(check(verdict, 'status')).toMatchObject({ status: 'failed', message: expect.stringContaining('not genuine') });
    });

    it('reads a statusSize-2 "message" entry by its statusMessage: valid, suspended, revoked, anything else a warning', async () => {
      const list = await createList({ length: 64 });
      // Entry 5 = bits 10–11 (most significant first): 0b01; entry 6 = bits 12–13: 0b10; entry 7: 0b11.
      list.setStatus(11, true);
      list.setStatus(12, true);
      list.setStatus(14, true);
      list.setStatus(15, true);
      const unsigned = await createStatusListCredential({ id: `${base}/message`, list, statusPurpose: 'message' });
      const signed = await sign({ ...unsigned, issuer: did, validFrom: '2025-01-01T00:00:00Z' });
      const messages = [
        { status: '0x0', message: 'valid' },
        { status: '0x1', message: 'suspended' },
        { status: '0x2', message: 'revoked' },
        { status: '0x3', message: 'pending review' },
      ];
      const at = (index: number) => ({ ...entry('message', index), statusSize: 2, statusMessage: messages });
      const options = { now, documentLoaderOptions: { resolveLocal: (url: string) => (url === `${base}/message` ? signed : undefined) } };
      const verdictAt = async (index: number) => verifyCredential(await sign(credentialFor(did, { credentialStatus: at(index) })), options);

      const fine = await verdictAt(4);
      expect(fine.valid).toBe(true);
      expect(check(fine, 'status')).toMatchObject({ status: 'ok', code: 'notRevokedOrSuspended' });
      expect(check(await verdictAt(5), 'status')).toMatchObject({ status: 'failed', code: 'suspended' });
      expect(check(await verdictAt(6), 'status')).toMatchObject({ status: 'failed', code: 'revoked' });
      expect(check(await verdictAt(7), 'status')).toMatchObject({
        status: 'warning',
        message: expect.stringContaining('0x3: "pending review"'),
      });
      // 32 entries of two bits: entry 32 lies beyond the list.
      expect(check(await verdictAt(32), 'status')).toMatchObject({ status: 'failed', message: expect.stringContaining('outside') });
    });
  });

  it('did:web issuers of this instance resolve through resolveLocal', async () => {
    const webDid = 'did:web:vaardig.test:orgs:bakkerij';
    const webVm = `${webDid}#key-1`;
    const didDocument = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: webDid,
      verificationMethod: [{ id: webVm, type: 'Multikey', controller: webDid, publicKeyMultibase: key.publicKeyMultibase }],
      assertionMethod: [webVm],
    };
    const asked: string[] = [];
    const resolveLocal = (url: string) => {
      asked.push(url);
      return url === webDid ? didDocument : undefined;
    };
    const verdict = await verifyCredential(await sign(credentialFor(webDid), key, webVm), { now, documentLoaderOptions: { resolveLocal } });
    expect(verdict.valid).toBe(true);
    expect(check(verdict, 'issuer-key')).toMatchObject({ status: 'ok', message: expect.stringContaining('did:web document') });
    expect(asked).toContain(webDid);
  });

  it('an <issuer id>#<multibase key> verification method verifies with a warning on the key', async () => {
    const issuer = 'https://bakkerij.example.nl/issuer';
    const verdict = await verifyCredential(await sign(credentialFor(issuer), key, `${issuer}#${key.publicKeyMultibase}`), { now });
    expect(verdict.valid).toBe(true);
    expect(check(verdict, 'proof').status).toBe('ok');
    expect(check(verdict, 'issuer-key')).toMatchObject({ status: 'warning', message: expect.stringContaining('written in the key id') });
  });

  it('baked PNG and SVG verify like the JSON', async () => {
    const signed = await sign(credentialFor(did));
    const png = tinyPng();
    const fromPng = await verifyCredential(bakePng(png, signed), { now });
    expect(fromPng).toMatchObject({ valid: true, source: 'png', format: 'json-ld' });
    const svg = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', signed);
    expect(await verifyCredential(svg, { now })).toMatchObject({ valid: true, source: 'svg', format: 'json-ld' });
    expect(await verifyCredential(Buffer.from(svg), { now })).toMatchObject({ valid: true, source: 'svg' });
  });

  describe('VC-JWT', () => {
    const webDid = 'did:web:vaardig.test:orgs:jwt';
    for (const alg of ['EdDSA', 'RS256', 'ES256'] as const) {
      it(`${alg}: verifies, and a changed payload or another key fails`, async () => {
        const { publicJwk, privateJwk } = generateJwtKeyPair(alg);
        const kid = `${webDid}#${alg.toLowerCase()}`;
        const didDocument = {
          '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jws/v1'],
          id: webDid,
          verificationMethod: [{ id: kid, type: 'JsonWebKey', controller: webDid, publicKeyJwk: publicJwk }],
          assertionMethod: [kid],
        };
        const options = { now, dataDir, documentLoaderOptions: { extraDocuments: { [webDid]: didDocument } } };
        const jwt = await signVcJwt(credentialFor(webDid, { validUntil: '2030-01-01T00:00:00Z' }), { privateKey: privateJwk, alg, kid });
        const payload = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
        expect(payload).toMatchObject({
          iss: webDid,
          jti: 'urn:uuid:3f0c2a4e-6a54-4b8e-9c61-1d1c9d0f5a11',
          nbf: Date.parse('2025-01-01T00:00:00Z') / 1000,
          exp: Date.parse('2030-01-01T00:00:00Z') / 1000,
          vc: { name: 'Broodbakken niveau 1' },
        });

        const verdict = await verifyCredential(jwt, options);
        expect(verdict).toMatchObject({ valid: true, format: 'vc-jwt' });
        expect(check(verdict, 'proof')).toMatchObject({ status: 'ok', message: `VC-JWT signature verified (${alg})` });
        if (haveSchema) expect(check(verdict, 'schema').status).toBe('ok');

        const [h, , s] = jwt.split('.');
        const changed = Buffer.from(JSON.stringify({ ...payload, vc: { ...payload.vc, name: 'Iets anders' } })).toString('base64url');
        const tampered = await verifyCredential(`${h}.${changed}.${s}`, options);
        expect(tampered.valid).toBe(false);
        expect(check(tampered, 'proof')).toMatchObject({ status: 'failed', message: expect.stringContaining('signature does not match') });

        const wrong = await signVcJwt(credentialFor(webDid), { privateKey: generateJwtKeyPair(alg).privateJwk, alg, kid });
        expect(check(await verifyCredential(wrong, options), 'proof').status).toBe('failed');
      });
    }

    it('EdDSA with the issuer’s Ed25519 Multikey (did:key) and an expired JWT', async () => {
      const { ed25519PrivateJwk } = await import('../../../src/credentials/proofs/index.ts');
      const jwt = await signVcJwt(credentialFor(did, { validUntil: '2026-01-01T00:00:00Z' }), {
        privateKey: await ed25519PrivateJwk(key),
        alg: 'EdDSA',
        kid: vm,
      });
      const verdict = await verifyCredential(jwt, { now });
      expect(check(verdict, 'proof').status).toBe('ok');
      expect(check(verdict, 'validity')).toMatchObject({ status: 'failed', message: expect.stringContaining('Expired') });
      expect(ed25519PublicJwk(key.publicKeyMultibase)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    });
  });

  describe('OB 2.0', () => {
    it('verifies a signed assertion (JWS RS256) when the issuer key is known offline, and skips it otherwise', async () => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const assertion = {
        '@context': 'https://w3id.org/openbadges/v2',
        type: 'Assertion',
        id: 'urn:uuid:ob2-1',
        recipient: {
          type: 'email',
          hashed: true,
          salt: 'abc',
          identity: `sha256$${createHash('sha256')
            .update('piet@example.nl' + 'abc')
            .digest('hex')}`,
        },
        badge: {
          id: 'https://old.example.org/badges/1',
          type: 'BadgeClass',
          name: 'Oude badge',
          issuer: { id: 'https://old.example.org/issuer', type: 'Profile', name: 'Oude uitgever' },
          alignment: [{ targetName: 'teamwork', targetUrl: 'http://data.europa.eu/esco/skill/2' }],
        },
        verification: { type: 'SignedBadge', creator: 'https://old.example.org/key' },
        issuedOn: '2019-01-01T00:00:00Z',
      };
      const jws = await new CompactSign(Buffer.from(JSON.stringify(assertion))).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
      const keyDoc = {
        '@context': 'https://w3id.org/openbadges/v2',
        type: 'CryptographicKey',
        id: 'https://old.example.org/key',
        owner: 'https://old.example.org/issuer',
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }),
      };
      const verdict = await verifyCredential(jws, {
        now,
        recipientEmail: 'piet@example.nl',
        documentLoaderOptions: { extraDocuments: { 'https://old.example.org/key': keyDoc } },
      });
      expect(verdict).toMatchObject({ valid: true, format: 'ob2-jws', name: 'Oude badge', skills: [{ targetName: 'teamwork' }] });
      expect(check(verdict, 'proof').status).toBe('ok');
      expect(check(verdict, 'recipient').status).toBe('ok');
      const offline = await verifyCredential(jws, { now });
      expect(offline.valid).toBe(false);
      expect(check(offline, 'issuer-key')).toMatchObject({ status: 'skipped', message: expect.stringContaining('allow fetching') });
      expect(check(offline, 'proof').status).toBe('skipped');
    });
  });

  it('unusable input is an UnusableInputError naming the problem', async () => {
    await expect(verifyCredential('not a credential')).rejects.toThrow(UnusableInputError);
    await expect(verifyCredential('{"a": 1}')).rejects.toThrow('credentials:errors.notCredential');
    await expect(verifyCredential('{broken')).rejects.toThrow('credentials:errors.notJson');
    await expect(verifyCredential('https://example.org/badge.json')).rejects.toThrow('credentials:errors.urlNotAllowed');
    await expect(verifyCredential(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).rejects.toThrow(
      'credentials:errors.pngTruncated',
    );
  });
});

describe('@digitalcredentials/verifier-core accepts what Vaardig signs', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('verifies a did:key eddsa-rdfc-2022 credential (no network: fetch is stubbed)', async () => {
    // verifier-core builds its own document loader (bundled contexts + did:key offline); its only
    // fetches are the issuer registries (none given) and the OB schema, served here from the data folder.
    const requested: string[] = [];
    vi.stubGlobal('fetch', async (url: string | URL) => {
      requested.push(String(url));
      const schemaPath = join(dataDir, 'ob3/schema/ob_v3p0_achievementcredential_schema.json');
      if (String(url).endsWith('ob_v3p0_achievementcredential_schema.json') && existsSync(schemaPath))
        return new Response(readFileSync(schemaPath, 'utf8'));
      throw new Error(`no network in tests: ${String(url)}`);
    });
    const { verifyCredential: coreVerify } = await import('@digitalcredentials/verifier-core');
    const key = await generateEd25519KeyPair();
    const did = didKeyFor(key.publicKeyMultibase);
    const signed = await signDataIntegrity(credentialFor(did, { id: 'urn:uuid:0b1c7e8e-1b5c-4b34-9d7e-2f9b6a1f4c21' }), {
      keyPair: key,
      verificationMethod: `${did}#${key.publicKeyMultibase}`,
    });
    const result: any = await coreVerify({ credential: signed as any, knownDIDRegistries: [] as any });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    const log = Object.fromEntries(result.log.map((l: any) => [l.id, l.valid]));
    expect(log.valid_signature).toBe(true);
    expect(log.expiration).toBe(true);
    expect(requested.every((u) => u.includes('schema'))).toBe(true);
    // the same credential baked into a PNG unbakes to the identical JSON
    const { unbake } = await import('../../../src/credentials/baking/index.ts');
    const png = tinyPng();
    const again: any = await coreVerify({ credential: JSON.parse(unbake(bakePng(png, signed))!.text), knownDIDRegistries: [] as any });
    expect(again.log.find((l: any) => l.id === 'valid_signature').valid).toBe(true);
  });
});
