import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createList, createCredential as createStatusListCredential } from '@digitalbazaar/vc-bitstring-status-list';
import { CompactSign, importJWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../../src/credentials/verification/locales/en.ts';
import nl from '../../../src/credentials/verification/locales/nl.ts';
import { checkText } from '../../../src/credentials/verification/messages.ts';
import {
  didKeyFor,
  ed25519PrivateJwk,
  generateEd25519KeyPair,
  type SerializedEd25519KeyPair,
  signDataIntegrity,
  signVcJwt,
} from '../../../src/credentials/proofs/index.ts';
import { type Check, type Verdict, type VerifyOptions, verifyCredential } from '../../../src/credentials/verification/verify.ts';
import { modules } from '../../../src/modules.ts';
import { createI18n } from '../../../src/platform/i18n.ts';

/**
 * No English on a Dutch page: every check a verification produces carries a message code, with a
 * text under credentials:verify.messages in both languages (the credential page, /verify and the
 * backpack show checks through checkText).
 */

const messages = { en: en.verify.messages as Record<string, string>, nl: nl.verify.messages as Record<string, string> };
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('verification check codes', () => {
  it('every code the verifier can give has a Dutch and an English text with the same parameters', () => {
    const codes = new Set<string>();
    for (const file of ['verify.ts', 'schema.ts']) {
      const source = readFileSync(join(import.meta.dirname, '../../../src/credentials/verification', file), 'utf8');
      // `code: 'x'`, and `code: cond ? 'x' : 'y'`: every single-word string after `code:`.
      for (const line of source.split('\n').filter((l) => /\bcode: /.test(l)))
        for (const m of line.slice(line.indexOf('code: ')).matchAll(/(?<!=== )'([a-z][A-Za-z0-9]*)'/g)) codes.add(m[1]);
    }
    expect(codes.size).toBeGreaterThan(80);
    for (const code of codes) {
      expect(messages.en[code], `en: ${code}`).toBeTypeOf('string');
      expect(messages.nl[code], `nl: ${code}`).toBeTypeOf('string');
    }
    expect(Object.keys(messages.nl).sort()).toEqual(Object.keys(messages.en).sort());
    for (const [code, text] of Object.entries(messages.en)) {
      expect(placeholders(messages.nl[code]), code).toEqual(placeholders(text));
      // Only a text that is nothing but its parts may read the same in both languages.
      if (text !== '{{which}}') expect(messages.nl[code], code).not.toBe(text);
    }
  });

  describe('every check of every kind of verdict is coded and reads in Dutch', () => {
    const i18n = createI18n(modules);
    const tNl = i18n.getFixedT('nl');
    const tEn = i18n.getFixedT('en');
    const dataDir = process.env.VAARDIG_DATA_DIR ?? join(process.cwd(), '../shared/data');
    const now = new Date('2026-06-01T00:00:00Z');
    const base = 'https://vaardig.test/status/codes';
    let key: SerializedEd25519KeyPair;
    let did: string;
    let vm: string;
    const seen = new Set<string>();

    beforeAll(async () => {
      key = await generateEd25519KeyPair();
      did = didKeyFor(key.publicKeyMultibase);
      vm = `${did}#${key.publicKeyMultibase}`;
    });

    const sign = (credential: object, k = key, method = vm) => signDataIntegrity(credential, { keyPair: k, verificationMethod: method });
    const credential = (extra: Record<string, unknown> = {}) => ({
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
      id: 'urn:uuid:0b5e1d2c-3f4a-4b6c-8d7e-9f0a1b2c3d4e',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: did, type: ['Profile'], name: 'Bakkerij Oss' },
      validFrom: '2025-01-01T00:00:00Z',
      name: 'Broodbakken',
      credentialSubject: {
        type: ['AchievementSubject'],
        identifier: [{ type: 'IdentityObject', identityHash: 'anna@example.nl', identityType: 'emailAddress', hashed: false }],
        achievement: {
          id: 'https://vaardig.test/achievements/1',
          type: ['Achievement'],
          name: 'Broodbakken',
          description: 'Bakt brood.',
          criteria: { narrative: 'Drie broden.' },
        },
      },
      ...extra,
    });
    const entry = (purpose: string, index: number, type = 'BitstringStatusListEntry') => ({
      id: `${base}/${purpose}#${index}`,
      type,
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: `${base}/${purpose}`,
    });
    async function statusList(purpose: string, setIndex?: number, signer = key) {
      const list = await createList({ length: 131072 });
      if (setIndex !== undefined) list.setStatus(setIndex, true);
      const unsigned = await createStatusListCredential({ id: `${base}/${purpose}`, list, statusPurpose: purpose });
      return sign({ ...unsigned, issuer: did, validFrom: '2025-01-01T00:00:00Z' }, signer, vm);
    }

    function expectReadable(verdict: Verdict) {
      for (const check of verdict.checks) {
        const shown = JSON.stringify(check);
        expect(check.code, shown).toBeTypeOf('string');
        for (const code of [check.code, ...(check.details ?? []).map((d) => d.code)]) {
          expect(i18n.exists(`credentials:verify.messages.${code}`, { lng: 'nl', fallbackLng: false }), `nl ${code}`).toBe(true);
          expect(i18n.exists(`credentials:verify.messages.${code}`, { lng: 'en', fallbackLng: false }), `en ${code}`).toBe(true);
          seen.add(code);
        }
        const dutch = checkText(tNl, check as Check);
        expect(dutch, shown).not.toMatch(/\{\{|\$t\(/);
        expect(dutch, shown).not.toBe(checkText(tEn, check as Check));
      }
    }
    const verify = async (input: unknown, options: VerifyOptions = {}) => {
      const verdict = await verifyCredential(input, { now, ...options });
      expectReadable(verdict);
      return verdict;
    };

    it('valid, with and without the schema, the recipient and a status', async () => {
      const signed = await sign(credential());
      await verify(signed, { dataDir, recipientEmail: 'anna@example.nl' });
      await verify({ ...signed, proof: [signed.proof] }, { dataDir });
      await verify(signed, { dataDir, recipientEmail: 'piet@example.nl' });
      await verify(signed, { dataDir: undefined });
      await verify(signed, { dataDir: '/nonexistent' });
      await verify(await sign(credential({ validUntil: '2030-01-01T00:00:00Z' })));
      await verify(await sign(credential({ validFrom: undefined, validUntil: '2030-01-01T00:00:00Z' })));
      await verify(await sign(credential({ validFrom: undefined })));
      await verify(await sign({ ...credential(), credentialSubject: { ...credential().credentialSubject, identifier: [] } }), {
        recipientEmail: 'anna@example.nl',
      });
    });

    it('tampered, unsigned, another issuer’s key, a key that cannot be found', async () => {
      await verify({ ...(await sign(credential())), name: 'Iets anders' });
      await verify(credential());
      const other = await generateEd25519KeyPair();
      const otherDid = didKeyFor(other.publicKeyMultibase);
      await verify(await sign(credential(), other, `${otherDid}#${other.publicKeyMultibase}`));
      await verify(
        await sign(credential({ issuer: { id: 'did:web:nergens.example', type: ['Profile'] } }), key, 'did:web:nergens.example#k'),
      );
      await verify(
        await sign(
          credential({ issuer: { id: 'https://bakkerij.example/issuer', type: ['Profile'] } }),
          key,
          `https://bakkerij.example/issuer#${key.publicKeyMultibase}`,
        ),
      );
    });

    it('expired, not yet valid, and dates that are no dates', async () => {
      await verify(await sign(credential({ validUntil: '2026-01-01T00:00:00Z' })));
      await verify(await sign(credential({ validFrom: '2027-01-01T00:00:00Z' })));
      // Changed after signing: the dates are still read (and the proof fails).
      await verify({ ...(await sign(credential())), validUntil: 'morgen' });
      await verify({ ...(await sign(credential())), validUntil: { at: 'morgen' } });
    });

    it('revoked, suspended, not revoked, unknown offline, forged, of an unknown type', async () => {
      const revocation = await statusList('revocation', 7);
      const suspension = await statusList('suspension', 9);
      const resolveLocal = (url: string) => ({ [`${base}/revocation`]: revocation, [`${base}/suspension`]: suspension })[url];
      const options = { documentLoaderOptions: { resolveLocal } };
      await verify(await sign(credential({ credentialStatus: [entry('revocation', 7)] })), options);
      await verify(await sign(credential({ credentialStatus: [entry('suspension', 9)] })), options);
      await verify(await sign(credential({ credentialStatus: [entry('revocation', 3), entry('suspension', 3)] })), options);
      await verify(await sign(credential({ credentialStatus: [entry('revocation', 7), entry('suspension', 9)] })), options);
      await verify(await sign(credential({ credentialStatus: [entry('suspension', 3)] })), options);
      await verify(await sign(credential({ credentialStatus: entry('revocation', 1) })));
      await verify(
        await sign({
          ...credential({ credentialStatus: [{ id: `${base}/other#1`, type: 'SomethingElse' }] }),
          '@context': [...credential()['@context'], { SomethingElse: 'https://vaardig.test/vocab#SomethingElse' }],
        }),
      );
      await verify(await sign(credential({ credentialStatus: [{ ...entry('revocation', 1), statusListIndex: 'x' }] })));
      await verify(await sign(credential({ credentialStatus: [entry('suspension', 3)] })), {
        documentLoaderOptions: { resolveLocal: (url: string) => (url === `${base}/suspension` ? revocation : undefined) },
      });
      // A list another issuer signed (genuinely): the good news names the signer.
      const other = await generateEd25519KeyPair();
      const otherDid = didKeyFor(other.publicKeyMultibase);
      const otherList = await createStatusListCredential({
        id: `${base}/revocation`,
        list: await createList({ length: 131072 }),
        statusPurpose: 'revocation',
      });
      const byOther = await sign(
        { ...otherList, issuer: otherDid, validFrom: '2025-01-01T00:00:00Z' },
        other,
        `${otherDid}#${other.publicKeyMultibase}`,
      );
      const noted = await verify(await sign(credential({ credentialStatus: entry('revocation', 1) })), {
        documentLoaderOptions: { extraDocuments: { [`${base}/revocation`]: byOther } },
      });
      expect(noted.checks.find((c) => c.check === 'status')).toMatchObject({ status: 'ok', code: 'statusListOtherSigner' });
      expect(checkText(tNl, noted.checks.find((c) => c.check === 'status')!)).toContain(`de lijst is ondertekend door ${otherDid}`);
      const forged = await statusList('revocation', undefined, await generateEd25519KeyPair());
      await verify(await sign(credential({ credentialStatus: entry('revocation', 7) })), {
        documentLoaderOptions: { extraDocuments: { [`${base}/revocation`]: forged } },
      });
    });

    it('a bad schema, a missing or wrong context', async () => {
      const endorsement = {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: 'https://vaardig.test/endorsements/1',
        type: ['VerifiableCredential', 'EndorsementCredential'],
        issuer: { id: did, type: ['Profile'], name: 'Gilde' },
        name: 'Gilde onderschrijft',
        validFrom: '2025-01-01T00:00:00Z',
        credentialSubject: { id: 'https://vaardig.test/achievements/1', type: ['EndorsementSubject'], endorsementComment: 'Goed.' },
      };
      await verify({ ...(await sign(endorsement)), validFrom: undefined });
      // Contexts changed after signing: the context check says why (the proof is not checked).
      const signed = await sign(credential());
      await verify({ ...signed, credentialSubject: { type: ['AchievementSubject'] } }, { dataDir });
      const [w3c, ob] = credential()['@context'];
      for (const context of [[], ['https://example.org/context'], [w3c], [w3c, 'https://purl.imsglobal.org/spec/ob/v3p0/nope.json']])
        await verify({ ...signed, '@context': context });
      await verify({ ...signed, '@context': [w3c, ob, 'https://example.org/extra-context.json'] });
      await verify({ ...signed, type: ['VerifiableCredential'] });
    });

    it('a VC-JWT, an OB 2.0 assertion, and an endorsement that does not verify', async () => {
      const privateKey = await ed25519PrivateJwk(key);
      const jwt = await signVcJwt(credential(), { privateKey, alg: 'EdDSA', kid: vm });
      await verify(jwt);
      const [h, p, s] = jwt.split('.');
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
      await verify(`${h}.${Buffer.from(JSON.stringify({ ...payload, vc: { ...payload.vc, name: 'Anders' } })).toString('base64url')}.${s}`);
      const header = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      await verify(`${header({ alg: 'EdDSA' })}.${p}.${s}`);
      await verify(`${header({ alg: 'HS256', kid: vm })}.${p}.${s}`);
      const otherJti = Buffer.from(JSON.stringify({ ...payload, jti: 'urn:uuid:anders' }));
      await verify(
        await new CompactSign(otherJti).setProtectedHeader({ alg: 'EdDSA', kid: vm }).sign(await importJWK(privateKey, 'EdDSA')),
      );
      const ob2 = {
        '@context': 'https://w3id.org/openbadges/v2',
        type: 'Assertion',
        id: 'https://old.example.org/assertions/1',
        recipient: { type: 'email', hashed: false, identity: 'piet@example.nl' },
        badge: {
          id: 'https://old.example.org/badges/1',
          type: 'BadgeClass',
          name: 'Oude badge',
          issuer: { id: 'https://old.example.org/issuer' },
        },
        verification: { type: 'hosted' },
        issuedOn: '2019-01-01T00:00:00Z',
      };
      await verify(ob2);
      await verify({ ...ob2, revoked: true, revocationReason: 'Fraude' });
      const endorsed = credential();
      (endorsed.credentialSubject.achievement as Record<string, unknown>).endorsement = [
        { ...(await sign({ ...credential(), type: ['VerifiableCredential', 'EndorsementCredential'] })), name: 'Veranderd' },
      ];
      await verify(await sign(endorsed));
    });

    it('saw the common codes', () => {
      for (const code of ['schemaValid', 'issuerKeys', 'signatureVerified', 'signatureMismatch', 'revoked', 'expired', 'keyNotIssuers'])
        expect(seen, code).toContain(code);
    });
  });
});
