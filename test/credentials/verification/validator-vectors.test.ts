import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  didKeyFor,
  generateEd25519KeyPair,
  type SerializedEd25519KeyPair,
  signDataIntegrity,
} from '../../../src/credentials/proofs/index.ts';
import { type Verdict, verifyCredential } from '../../../src/credentials/verification/verify.ts';
import { tempDir } from '../../helpers/temp.ts';

/**
 * The kinds of vectors the 1EdTech OB 3.0 validator accepts, generated here: an issuer that is a
 * `urn:uuid` with a proof whose verificationMethod is a did:key (with and without the fragment),
 * and credentials whose OB context is wrong or missing (invalid, with the reason — not unusable).
 */
const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const ISSUER = 'urn:uuid:2d2f7a5e-9b1a-4c34-8f0e-3b5d7c9e1a20';
const now = new Date('2026-06-01T00:00:00Z');

function credential(issuerId: string) {
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: 'urn:uuid:8a1f0c2e-5b3d-4e6f-9a7b-1c2d3e4f5a6b',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuerId, type: ['Profile'], name: '1EdTech-style issuer' },
    validFrom: '2025-01-01T00:00:00Z',
    name: 'Vector badge',
    credentialSubject: {
      id: 'did:example:ebfeb1f712ebc6f1c276e12ec21',
      type: ['AchievementSubject'],
      achievement: {
        id: 'urn:uuid:bd6d9316-f7ae-4073-a1e5-2f7f5bd22922',
        type: ['Achievement'],
        name: 'Vector achievement',
        description: 'd',
        criteria: { narrative: 'c' },
      },
    },
  };
}

function check(verdict: Verdict, name: string) {
  const found = verdict.checks.find((c) => c.check === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(verdict.checks)}`);
  return found;
}

describe('vectors the 1EdTech validator accepts', () => {
  let key: SerializedEd25519KeyPair;
  let did: string;
  beforeAll(async () => {
    key = await generateEd25519KeyPair();
    did = didKeyFor(key.publicKeyMultibase);
  });

  it('a urn:uuid issuer with a did:key#key verification method is valid, with a warning that Vaardig is stricter', async () => {
    const signed = await signDataIntegrity(credential(ISSUER), { keyPair: key, verificationMethod: `${did}#${key.publicKeyMultibase}` });
    const verdict = await verifyCredential(signed, { now });
    expect(verdict.valid, JSON.stringify(verdict.checks)).toBe(true);
    expect(check(verdict, 'proof').status).toBe('ok');
    expect(check(verdict, 'issuer-key')).toMatchObject({
      status: 'warning',
      message: expect.stringContaining('1EdTech validator accepts'),
    });
  });

  it('a bare did:key verification method resolves to a Multikey with publicKeyMultibase (urn:uuid and did:key issuers)', async () => {
    for (const issuer of [ISSUER, did]) {
      const signed = await signDataIntegrity(credential(issuer), { keyPair: key, verificationMethod: did });
      const verdict = await verifyCredential(signed, { now });
      expect(verdict.valid, JSON.stringify(verdict.checks)).toBe(true);
      expect(check(verdict, 'proof')).toMatchObject({ status: 'ok' });
      expect(JSON.stringify(verdict.checks)).not.toContain('publicKeyMultibase');
    }
  });

  it('a tampered urn:uuid credential still fails its proof', async () => {
    const signed: any = await signDataIntegrity(credential(ISSUER), { keyPair: key, verificationMethod: did });
    signed.name = 'Changed';
    const verdict = await verifyCredential(signed, { now });
    expect(verdict.valid).toBe(false);
    expect(check(verdict, 'proof').status).toBe('failed');
  });

  it('an issuer that can publish keys (a DID or URL) must still control the key', async () => {
    const signed = await signDataIntegrity(credential('https://issuer.example.org/profile'), {
      keyPair: key,
      verificationMethod: `${did}#${key.publicKeyMultibase}`,
    });
    const verdict = await verifyCredential(signed, { now });
    expect(verdict.valid).toBe(false);
    expect(check(verdict, 'issuer-key')).toMatchObject({ status: 'failed', message: expect.stringContaining('not by the issuer') });
  });
});

describe('a wrong or missing OB context is an invalid credential, with the reason', () => {
  let signed: Record<string, any>;
  beforeAll(async () => {
    const key = await generateEd25519KeyPair();
    const did = didKeyFor(key.publicKeyMultibase);
    signed = await signDataIntegrity(credential(did), { keyPair: key, verificationMethod: `${did}#${key.publicKeyMultibase}` });
  });

  const cases: [string, unknown, RegExp][] = [
    ['missing OB context', [VC_CONTEXT], /Open Badges 3\.0 context .* is missing/],
    [
      'wrong OB context',
      [VC_CONTEXT, 'https://purl.imsglobal.org/spec/ob/v3p0/context-9.9.9.json'],
      /not a published Open Badges 3\.0 context/,
    ],
    ['unknown extra context', [VC_CONTEXT, OB_CONTEXT, 'https://example.org/wrong'], /not known here/],
    ['no VC context first', [OB_CONTEXT], /first @context/],
    ['no context at all', undefined, /no @context/],
  ];
  for (const [label, contexts, reason] of cases) {
    it(`${label}: verdict invalid, the context check failed naming why`, async () => {
      const copy = { ...structuredClone(signed), '@context': contexts };
      if (contexts === undefined) delete (copy as Record<string, unknown>)['@context'];
      const verdict = await verifyCredential(copy, { now });
      expect(verdict.valid).toBe(false);
      expect(check(verdict, 'context')).toMatchObject({ status: 'failed', message: expect.stringMatching(reason) });
      expect(check(verdict, 'proof').status).toBe('skipped');
    });
  }

  it('the right contexts pass the context check', async () => {
    const verdict = await verifyCredential(signed, { now });
    expect(check(verdict, 'context').status).toBe('ok');
    expect(verdict.valid).toBe(true);
  });

  it('vaardig verify exits 1 (invalid, with the reason) for a missing OB context, not 2', async () => {
    const dir = tempDir('verify-vectors');
    const file = join(dir, 'no-ob-context.json');
    writeFileSync(file, JSON.stringify({ ...signed, '@context': [VC_CONTEXT] }));
    const root = resolve(import.meta.dirname, '../../..');
    const result = await new Promise<{ code: number; stdout: string }>((done) =>
      execFile(
        join(root, 'node_modules/.bin/node'),
        ['bin/vaardig.js', 'verify', file],
        {
          cwd: root,
          env: {
            ...process.env,
            TMPDIR: dir,
            VAARDIG_HOME: dir,
            BASE_URL: 'http://vaardig.test',
            VAARDIG_DEMO: 'false',
            LOG_LEVEL: 'silent',
          },
        },
        (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: stdout || stderr }),
      ),
    );
    expect(result.stdout.slice(0, 400)).toMatch(/^\{/);
    expect(result.code).toBe(1);
    const verdict = JSON.parse(result.stdout);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c: { check: string }) => c.check === 'context').message).toMatch(/is missing/);
  });
});
