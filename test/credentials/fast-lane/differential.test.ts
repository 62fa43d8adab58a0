import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrganisation } from '../../../src/accounts/api.ts';
import { createDocumentLoader } from '../../../src/credentials/contexts/loader.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { useFastLane } from '../../../src/credentials/issuing/engine.ts';
import { changeCredentialStatus, type IssuedCredential, issueAs } from '../../../src/credentials/issuing/issue.ts';
import { issuerKeys } from '../../../src/credentials/issuing/issuer.ts';
import { fastStats, signDataIntegrityFast } from '../../../src/credentials/proofs/fast.ts';
import { preparedStats } from '../../../src/credentials/proofs/prepared.ts';
import { generateEd25519KeyPair, type SerializedEd25519KeyPair, signDataIntegrity } from '../../../src/credentials/proofs/index.ts';
import { databaseResolver } from '../../../src/credentials/verification/local.ts';
import { type Verdict, verifyCredential, verifyLinkedDataProofs } from '../../../src/credentials/verification/verify.ts';
import type { CurrentUser } from '../../../src/accounts/api.ts';
import { importEsco } from '../../../src/skills/esco/service.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { escoFixturePaths } from '../../helpers/esco-fixture.ts';
import { organisationWith, person } from '../issuing/helpers.ts';
import { credential, iri, prng, Random, text, url } from './generate.ts';

/**
 * The fast lane (docs/decisions/011-fast-lane.md) against the reference, on generated credentials:
 * signing must give the reference's bytes, verifying the reference's verdict.
 *
 * - N generated credentials signed by both (every one through the reference too, ≈ 10–40 ms each).
 * - N proofs verified on the fast lane: the signed credentials of the first part, 40 % of them
 *   tampered with, taking the ways of tampering in turn (each of the 30 ways several times). Every
 *   tampered case goes through the reference too, and one in six of the untampered ones (the
 *   others were signed by the reference a moment before, so they are valid by construction).
 * - Through the database: N / 5 credentials issued by issueAs (fast lane) from achievements with
 *   skills, results, evidence, languages and dates, with the proofValue the reference gives them
 *   (the stored JSON is jsonb, whose key order is its own, so the bytes compared are the first
 *   part's), then some revoked, suspended, expired and tampered (each kind of tampering in turn),
 *   and every verdict of verifyCredential on the fast lane equal to the full path's.
 *
 * N is 300 in the test run: enough that every way of tampering is met ≥ 4 times, both ways of
 * canonicalising (simple and deep) are taken, and the credentials' shapes (results, alignments,
 * evidence, tags, dates, languages, refusals by JSON-LD) vary as they do at 1,000, while the
 * suite's time stays small. VAARDIG_DIFFERENTIAL_N=1000 (or more) runs the full comparison, as it
 * ran before; the seed is fixed and VAARDIG_DIFFERENTIAL_SEED=<n> replays another run.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: achievement names may not hold control characters
const CONTROL = /[\u0000-\u001f]/g;
const SEED = Number(process.env.VAARDIG_DIFFERENTIAL_SEED ?? 20261207);
const N = Number(process.env.VAARDIG_DIFFERENTIAL_N ?? 300);

interface Signer {
  key: SerializedEd25519KeyPair;
  did: string;
  vm: string;
}

async function signers(r: Random, count: number): Promise<Signer[]> {
  const out: Signer[] = [];
  for (let i = 0; i < count; i++) {
    const seed = new Uint8Array(32).map(() => r.int(0, 255));
    const key = await generateEd25519KeyPair({ seed });
    const did = `did:key:${key.publicKeyMultibase}`;
    out.push({ key, did, vm: `${did}#${key.publicKeyMultibase}` });
  }
  return out;
}

type Signed = Record<string, any>;

/** The result of a promise, or its error's message (both lanes must fail alike too). */
async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: string }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

describe('fast lane: signing and proof verification against the reference', () => {
  const r = new Random(prng(SEED));
  const loader = createDocumentLoader();
  let keys: Signer[];
  const signed: Signed[] = [];

  beforeAll(async () => {
    keys = await signers(r, 12);
  });

  it(`signs ${N} generated credentials byte for byte as vc.issue() does`, async () => {
    const before = { ...fastStats };
    const prepared = { ...preparedStats };
    let failedAlike = 0;
    for (let i = 0; i < N; i++) {
      const signer = r.pick(keys);
      const unsigned = credential(r, { issuer: signer.did });
      // Now and then a value JSON-LD refuses or reads otherwise: both lanes must fail, or agree.
      if (r.chance(0.01))
        (unsigned.evidence as unknown) = [{ id: r.pick(['https://x.example/a b', 'relative/path', '_:b1']), type: ['Evidence'] }];
      const date = new Date(
        Date.UTC(2020 + r.int(0, 10), r.int(0, 11), r.int(1, 28), r.int(0, 23), r.int(0, 59), r.int(0, 59), r.int(0, 999)),
      );
      const options = { keyPair: signer.key, verificationMethod: signer.vm, date, documentLoader: loader };
      const fast = await outcome(signDataIntegrityFast(unsigned, options));
      const reference = await outcome(signDataIntegrity(unsigned, options));
      if (reference.error) {
        expect(fast.error, `credential ${i}`).toBe(reference.error);
        failedAlike++;
        continue;
      }
      expect(JSON.stringify(fast.value), `credential ${i}`).toBe(JSON.stringify(reference.value));
      signed.push(reference.value as Signed);
    }
    // The comparison means something only if the fast lane did the work.
    expect(fastStats.signed - before.signed).toBeGreaterThanOrEqual(signed.length - 5);
    expect(signed.length + failedAlike).toBe(N);
    expect(signed.length).toBeGreaterThan(N * 0.95);
    // Both ways of canonicalising a prepared shape were taken: first-degree hashes alone, and
    // rdf-canonize's long way for blank nodes that hash alike (an alignment listed twice).
    expect(preparedStats.simple - prepared.simple).toBeGreaterThan(N);
    expect(preparedStats.deep - prepared.deep).toBeGreaterThan(2);
  }, 600_000);

  const vector = join(loadConfig({ VAARDIG_SECRET: 'x'.repeat(32), VAARDIG_HOME: '/tmp/vaardig-spec-vector' }).dataDir, 'ob3/spec-vector');
  it.skipIf(!existsSync(join(vector, 'expected.json')))('signs the OB 3.0 specification’s test vector on the fast lane', async () => {
    const read = (name: string) => JSON.parse(readFileSync(join(vector, name), 'utf8'));
    const [unsigned, options, key] = [read('credential.json'), read('proof-options.json'), read('key.json')];
    const before = fastStats.signed;
    const signed = await signDataIntegrityFast(unsigned, {
      keyPair: {
        type: 'Multikey',
        publicKeyMultibase: key.publicKeyMultibase,
        secretKeyMultibase: key.secretKeyMultibase,
        controller: key.controller,
      },
      verificationMethod: options.verificationMethod,
      date: options.created,
    });
    expect(fastStats.signed).toBe(before + 1);
    expect(JSON.stringify(signed)).toBe(JSON.stringify(read('signed-credential.json')));
  });

  /** A copy of a signed credential changed in one of many ways (or not at all). */
  function tamper(document: Signed, other: Signed, turn: number): { doc: Signed; how: string } {
    const doc = structuredClone(document);
    const proof = doc.proof;
    const subject = doc.credentialSubject;
    const achievement = subject.achievement;
    const ways: [string, () => void][] = [
      ['name', () => (doc.name = `${doc.name}!`)],
      ['description', () => (doc.description = text(r, 3))],
      ['achievement id', () => (achievement.id = url(r))],
      ['achievement type', () => (achievement.achievementType = achievement.achievementType === 'Badge' ? 'Course' : 'Badge')],
      ['validFrom', () => (doc.validFrom = doc.validFrom.replace(/\d(?=Z$)/, (d: string) => String((Number(d) + 1) % 10)))],
      ['validUntil added', () => (doc.validUntil = '2099-01-01T00:00:00Z')],
      ['proofValue of another', () => (proof.proofValue = other.proof.proofValue)],
      ['proofValue changed', () => (proof.proofValue = `${proof.proofValue.slice(0, -2)}${proof.proofValue.endsWith('1') ? '22' : '11'}`)],
      ['proofValue not base58', () => (proof.proofValue = `${proof.proofValue.slice(0, -1)}0`)],
      ['created', () => (proof.created = '2001-01-01T00:00:00Z')],
      ['created not a date', () => (proof.created = 'yesterday')],
      ['key of another', () => (proof.verificationMethod = other.proof.verificationMethod)],
      ['credential type', () => (doc.type = ['VerifiableCredential', 'AchievementCredential'])],
      ['unknown property', () => (doc.unknownThing = 'x')],
      ['status removed', () => delete doc.credentialStatus],
      ['proof removed', () => delete doc.proof],
      ['issuer id', () => (doc.issuer = { ...doc.issuer, id: other.issuer.id })],
      ['issuer as string', () => (doc.issuer = doc.issuer.id)],
      ['result value', () => subject.result && (subject.result[0].value = `${subject.result[0].value}x`)],
      ['alignment doubled', () => achievement.alignment?.push({ ...achievement.alignment[0] })],
      ['tag added', () => (achievement.tag = [...(achievement.tag ?? []), 'extra'])],
      ['evidence IRI', () => (doc.evidence = [{ id: iri(r), type: ['Evidence'] }])],
      ['purpose', () => (proof.proofPurpose = 'authentication')],
      ['cryptosuite', () => (proof.cryptosuite = 'eddsa-2022')],
      ['proof as list', () => (doc.proof = [proof])],
      ['two proofs', () => (doc.proof = [proof, other.proof])],
      ['keys reordered (still valid)', () => Object.assign(doc, Object.fromEntries(Object.entries(doc).reverse()))],
      ['context order', () => (doc['@context'] = [...doc['@context']].reverse())],
      ['subject id', () => (subject.id = `did:key:z6Mk${r.hex(20)}`)],
      ['whitespace in a value', () => (doc.name = ` ${doc.name}`)],
    ];
    const [how, change] = ways[turn % ways.length];
    change();
    if (how === 'keys reordered (still valid)') {
      const reordered: Signed = {};
      for (const k of Object.keys(doc).reverse()) reordered[k] = doc[k];
      return { doc: reordered, how };
    }
    return { doc, how };
  }

  it(`verifies ${N} proofs (40 % tampered) with the reference's verdict`, async () => {
    expect(signed.length).toBeGreaterThan(0);
    const before = { ...fastStats };
    const tally = new Map<string, number>();
    let valid = 0;
    let tampered = 0;
    for (let i = 0; i < N; i++) {
      const base = signed[i % signed.length];
      const { doc, how } = r.chance(0.4) ? tamper(base, r.pick(signed), tampered++) : { doc: base, how: 'as signed' };
      const issuerBound = r.chance(0.9);
      const fast = await verifyLinkedDataProofs(doc, loader, { issuerBound, fast: true });
      tally.set(how, (tally.get(how) ?? 0) + 1);
      if (how === 'as signed' && i % 6 !== 0) {
        // Signed by the reference a moment ago: valid by construction (the reference checks one in six).
        expect(fast, `case ${i} (${how})`).toMatchObject({ verified: true, check: { status: 'ok', code: 'signatureVerified' } });
        valid++;
        continue;
      }
      const reference = await verifyLinkedDataProofs(doc, loader, { issuerBound });
      expect(fast, `case ${i} (${how})`).toEqual(reference);
      if (reference.verified) valid++;
    }
    // Every way of tampering (30) and the untampered.
    expect(tally.size).toBe(31);
    expect(valid).toBeGreaterThan(N * 0.55);
    // Every valid proof was decided on the fast lane.
    expect(fastStats.verified - before.verified).toBe(valid);
  }, 600_000);
});

describeEachDatabase('fast lane: issuing and verifying through the database', (ctx) => {
  const r = new Random(prng(SEED + 1));
  let user: CurrentUser;
  const achievements: string[] = [];
  const issued: IssuedCredential[] = [];

  beforeAll(async () => {
    user = await person(ctx(), 'Fenna');
    await organisationWith(ctx(), 'fast-org', [[user, 'issuer']]);
    await importEsco(ctx(), escoFixturePaths());
    const skills = await ctx().db.selectFrom('skills').select('id').where('kind', '=', 'skill').limit(6).execute();
    for (let i = 0; i < 8; i++) {
      const a = await createAchievement(ctx(), user, 'fast-org', {
        name: text(r, 4).replace(CONTROL, ' ').trim() || 'Badge',
        description: text(r, 12).trim() || 'Description',
        criteriaNarrative: r.chance(0.8) ? text(r, 10) : null,
        criteriaUrl: r.chance(0.3) ? 'https://example.org/criteria' : null,
        achievementType: r.pick(['Badge', 'Certificate', 'Course', 'MicroCredential']),
        skills: skills.filter(() => r.chance(0.4)).map((s) => s.id),
        resultDescriptions: Array.from({ length: r.int(0, 2) }, (_, j) => ({
          name: `result ${j}`,
          ...(r.chance(0.5) ? { allowedValue: ['pass', 'merit', 'distinction'] } : {}),
        })),
        tags: r.chance(0.5) ? ['fast', text(r, 1).trim() || 'tag'] : [],
        language: r.pick(['nl', 'en']),
        suspendable: r.chance(0.5),
        validMonths: r.chance(0.3) ? r.int(1, 24) : null,
      });
      achievements.push(a.id);
    }
  });

  afterAll(() => useFastLane(true));

  it("issues credentials through issueAs with the reference's signatures", async () => {
    const organisation = (await findOrganisation(ctx().db, 'fast-org'))!;
    const before = { ...fastStats };
    for (let i = 0; i < N / 5; i++) {
      const achievementId = r.pick(achievements);
      const row = await ctx()
        .db.selectFrom('achievements')
        .select('result_descriptions')
        .where('id', '=', achievementId)
        .executeTakeFirstOrThrow();
      const results: Record<string, string> = {};
      for (const d of row.result_descriptions)
        if (r.chance(0.7)) results[d.name] = d.allowedValue ? r.pick(d.allowedValue) : text(r, 2).trim() || '1';
      const expired = r.chance(0.1);
      const awardedAt = expired ? '2019-03-01' : r.chance(0.5) ? `20${r.int(20, 25)}-0${r.int(1, 9)}-1${r.int(0, 9)}` : undefined;
      issued.push(
        await issueAs(
          ctx(),
          organisation,
          {
            achievementId,
            recipient: r.chance(0.8) ? { email: `p${i}.${r.hex(4)}@example.org`, name: text(r, 2) } : { did: `did:key:z6Mk${r.hex(40)}` },
            awardedAt,
            ...(expired ? { validUntil: '2020-01-01' } : {}),
            evidence: Array.from({ length: r.int(0, 2) }, () => `https://example.org/evidence/${r.hex(6)}?n=${i}`),
            results,
            notify: false,
          },
          null,
        ),
      );
    }
    // Every credential (and the two status lists made on the first issue) on the fast lane.
    expect(fastStats.signed - before.signed).toBeGreaterThanOrEqual(issued.length);
    expect(fastStats.signedByReference - before.signedByReference).toBe(0);
    const keys = await issuerKeys(ctx(), organisation);
    for (const credential of issued) {
      const { proof, ...unsigned } = credential.document;
      const reference = await signDataIntegrity(unsigned, {
        keyPair: {
          type: 'Multikey',
          id: keys.ed25519.id,
          controller: keys.did,
          publicKeyMultibase: keys.ed25519.publicKeyMultibase!,
          secretKeyMultibase: keys.ed25519.secret,
        },
        verificationMethod: keys.ed25519.id,
        date: proof[0].created,
      });
      // The stored document went through jsonb, which reorders keys; the signature is the same
      // (Ed25519 is deterministic: the same bytes signed give the same proofValue) and so is the rest.
      expect(proof[0].proofValue).toBe(reference.proof.proofValue);
      expect(credential.document).toEqual({ ...reference, proof: [reference.proof] });
    }
  }, 600_000);

  it('gives the full path’s verdict for valid, revoked, suspended, expired and tampered credentials', async () => {
    expect(issued.length).toBeGreaterThan(0);
    const kinds = new Map<string, number>();
    const cases: { doc: Record<string, any>; kind: string }[] = [];
    let tampered = 0;
    for (const credential of issued) {
      // A suspendable badge's one status entry is in the state list (decision 012).
      const suspendable = [credential.document.credentialStatus].flat().some((s) => s?.statusPurpose === 'message');
      let kind = credential.expired ? 'expired' : 'valid';
      if (r.chance(0.12)) {
        await changeCredentialStatus(ctx(), user, 'fast-org', credential.id, 'revoke', 'differential test');
        kind = 'revoked';
      } else if (suspendable && r.chance(0.15)) {
        await changeCredentialStatus(ctx(), user, 'fast-org', credential.id, 'suspend', 'differential test');
        kind = 'suspended';
      }
      cases.push({ doc: credential.document, kind });
      if (r.chance(0.15)) {
        const doc = structuredClone(credential.document);
        const ways = [
          () => (doc.name = `${doc.name} (copy)`),
          () => (doc.credentialSubject.achievement.name = 'Other'),
          () => (doc.validFrom = '2000-01-01T00:00:00Z'),
          () => (doc.proof[0].proofValue = cases[0].doc.proof[0].proofValue),
          () => (doc.credentialStatus = { ...[doc.credentialStatus].flat()[0], statusListIndex: '0' }),
        ];
        ways[tampered++ % ways.length]();
        cases.push({ doc, kind: 'tampered' });
      }
    }
    // After the last status change: re-signed status lists are valid from that second on.
    const now = new Date(Date.now() + 1000);
    const resolver = databaseResolver(ctx());
    const dataDir = ctx().config.dataDir;
    const verify = (doc: unknown, fastLane: boolean): Promise<Verdict> =>
      verifyCredential(doc, { documentLoaderOptions: { resolveLocal: resolver }, dataDir, now, fastLane });
    const before = { ...fastStats };
    let verdicts = 0;
    for (const { doc, kind } of cases) {
      // Twice on the fast lane: the second time from what it remembered (status lists, shapes).
      const first = await verify(doc, true);
      const second = await verify(doc, true);
      const reference = await verify(doc, false);
      expect(first, kind).toEqual(reference);
      expect(second, kind).toEqual(reference);
      // What makes each kind what it is, and only valid ones are valid.
      const check = (name: string) => reference.checks.find((c) => c.check === name);
      const expected: Record<string, [string, string | undefined]> = {
        valid: ['status', 'ok'],
        expired: ['validity', 'failed'],
        revoked: ['status', 'failed'],
        suspended: ['status', 'failed'],
        tampered: ['proof', 'failed'],
      };
      const [name, status] = expected[kind];
      expect(check(name)?.status, `${kind}: ${JSON.stringify(reference.checks)}`).toBe(status);
      if (kind !== 'tampered') expect(check('proof')?.code, kind).toBe('signatureVerified');
      if (kind === 'revoked' || kind === 'suspended') expect(check('status')?.code).toBe(kind);
      expect(reference.valid, `${kind}: ${JSON.stringify(reference.checks)}`).toBe(kind === 'valid');
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      verdicts++;
    }
    expect([...kinds.keys()].sort()).toEqual(['expired', 'revoked', 'suspended', 'tampered', 'valid']);
    // The fast lane decided every credential whose proof holds (twice each), and no tampered one.
    const proofsHold = cases.filter((c) => c.kind !== 'tampered').length;
    expect(fastStats.verified - before.verified).toBeGreaterThanOrEqual(2 * proofsHold);
    expect(verdicts).toBe(cases.length);
  }, 600_000);
});
