import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { unbake } from '../../../src/credentials/baking/index.ts';
import { createAchievement, updateAchievement, achievementsForSkill } from '../../../src/credentials/issuing/achievements.ts';
import { credentialDownload } from '../../../src/credentials/issuing/downloads.ts';
import { createClaimCode, issueClaimTo } from '../../../src/credentials/issuing/claims.ts';
import { changeCredentialStatus, issueCredential, emailIdentity } from '../../../src/credentials/issuing/issue.ts';
import { didDocument, issuerDid, rotateKeys, issuerKeys } from '../../../src/credentials/issuing/issuer.ts';
import { open, seal } from '../../../src/credentials/issuing/secret-box.ts';
import { findOrganisation } from '../../../src/accounts/api.ts';
import type { CurrentUser } from '../../../src/accounts/api.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { importEsco } from '../../../src/skills/esco/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { localFetch, organisationWith, person, schemaErrors } from './helpers.ts';
import { escoFixturePaths } from '../../helpers/esco-fixture.ts';

const escoFiles = () => escoFixturePaths();

describe('key encryption', () => {
  it('round-trips, uses a fresh nonce each time, and refuses another row or secret', () => {
    const secret = 'a-secret-that-is-long-enough-0123456789';
    const a = seal(secret, 'zSecretKey', 'org#key-1');
    const b = seal(secret, 'zSecretKey', 'org#key-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('zSecretKey');
    expect(open(secret, a, 'org#key-1')).toBe('zSecretKey');
    expect(() => open(secret, a, 'org#key-2')).toThrow();
    expect(() => open(`${secret}x`, a, 'org#key-1')).toThrow();
  });

  it('hashes the recipient email with a salt (OB 3.0 IdentityObject)', () => {
    const id = emailIdentity('Anna@Example.org', 'pepper');
    expect(id).toMatchObject({ type: 'IdentityObject', hashed: true, identityType: 'emailAddress', salt: 'pepper' });
    expect(id.identityHash).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(emailIdentity('anna@example.org', 'pepper').identityHash).toBe(id.identityHash);
  });
});

describeEachDatabase('issuing Open Badges 3.0', (ctx, kind) => {
  // Slugs per backend: verifier-core caches DID documents and status lists for the whole file.
  const A = `maker-a-${kind}`;
  const B = `maker-b-${kind}`;
  const C = `maker-c-${kind}`;
  const R = `maker-r-${kind}`;
  let app: FastifyInstance;
  let issuer: CurrentUser;
  let outsider: CurrentUser;
  let skillIds: string[];
  let verifyCredential: (args: { credential: any; knownDIDRegistries: any }) => Promise<any>;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    vi.stubGlobal('fetch', localFetch(app, ctx().config.baseUrl));
    ({ verifyCredential } = (await import('@digitalcredentials/verifier-core')) as any);
    issuer = await person(ctx(), 'Ida');
    outsider = await person(ctx(), 'Otto');
    await organisationWith(ctx(), A, [[issuer, 'issuer']]);
    await organisationWith(ctx(), B, [[outsider, 'owner']]);
    await importEsco(ctx(), escoFiles());
    const skills = await ctx()
      .db.selectFrom('skills')
      .select(['id', 'external_uri'])
      .where('kind', '=', 'skill')
      .where('external_uri', 'is not', null)
      .limit(2)
      .execute();
    skillIds = skills.map((s) => s.id);
    expect(skillIds).toHaveLength(2);
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await app?.close();
  });

  async function verifierCore(credential: unknown) {
    const result = await verifyCredential({ credential, knownDIDRegistries: [] });
    // registered_issuer: whether the issuer is in a DCC trust registry (none is configured here); not a validity check.
    const failed = (result.log ?? [])
      .filter((s: { id: string; valid: boolean }) => !s.valid && s.id !== 'registered_issuer')
      .map((s: { id: string }) => s.id);
    return { ok: !result.errors && failed.length === 0, failed, errors: result.errors?.map((e: { message: string }) => e.message) ?? [] };
  }

  it('gives an organisation a did:web with its keys, private keys encrypted', async () => {
    const org = (await findOrganisation(ctx().db, A))!;
    const keys = await issuerKeys(ctx(), org);
    expect(keys.did).toBe(`did:web:vaardig.test:orgs:${A}`);
    const doc = await didDocument(ctx(), A);
    expect(doc.id).toBe(keys.did);
    expect((doc.verificationMethod as { id: string }[]).map((m) => m.id)).toEqual([keys.ed25519.id, keys.rsa.id]);
    const rows = await ctx().db.selectFrom('issuer_keys').selectAll().where('organisation_id', '=', org.id).execute();
    for (const row of rows) {
      expect(row.private_key_encrypted).toMatch(/^v1\./);
      expect(row.private_key_encrypted).not.toContain(keys.ed25519.secret);
      expect(JSON.stringify(doc)).not.toContain(row.private_key_encrypted.split('.')[2]);
    }
    const response = await app.inject({ url: `/orgs/${A}/did.json` });
    expect(response.statusCode).toBe(200);
    expect(response.json().id).toBe(keys.did);
    expect(issuerDid('https://host.example:8443/base', 'x')).toBe('did:web:host.example%3A8443:base:orgs:x');
  });

  it('issues a skill-aligned credential that passes the OB 3.0 schema and verifier-core, also baked in PNG and SVG', async () => {
    const achievement = await createAchievement(ctx(), issuer, A, {
      name: 'Machine safety',
      description: 'Operates the press safely.',
      criteriaNarrative: 'Passed the safety walk-through.',
      skills: skillIds,
      resultDescriptions: [{ name: 'Grade', allowedValue: ['pass', 'merit'] }],
      tags: ['safety'],
    });
    expect(achievement.alignments).toHaveLength(2);
    expect(achievement.alignments[0]).toMatchObject({
      targetType: 'ceasn:Competency',
      targetFramework: 'ESCO',
      targetUrl: `http://vaardig.test/skills/${skillIds[0]}`,
    });
    expect(achievement.alignments[0].targetCode).toMatch(/^http:\/\/data\.europa\.eu\/esco\/skill\//);
    const credential = await issueCredential(ctx(), issuer, A, {
      achievementId: achievement.id,
      recipient: { email: 'Lena@Example.org', name: 'Lena' },
      evidence: ['https://example.org/evidence/1'],
      results: { Grade: 'merit' },
    });
    const doc = credential.document;
    expect(schemaErrors(doc)).toEqual([]);
    expect(doc.credentialSubject.identifier[0].identityHash).toMatch(/^sha256\$/);
    expect(doc.credentialSubject.achievement.alignment).toHaveLength(2);
    expect(doc.credentialStatus).toMatchObject({
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListCredential: `http://vaardig.test/orgs/${A}/status/revocation`,
    });
    expect(await verifierCore(doc)).toMatchObject({ ok: true });

    for (const format of ['png', 'svg'] as const) {
      const file = await credentialDownload(ctx(), credential, format);
      const baked = unbake(Buffer.from(file.body));
      expect(baked, format).toBeDefined();
      const unbaked = JSON.parse(baked!.text);
      expect(unbaked.id).toBe(credential.url);
      expect(schemaErrors(unbaked)).toEqual([]);
      expect(await verifierCore(unbaked), format).toMatchObject({ ok: true });
    }
    // A mail went to the recipient with the link.
    const mail = await ctx()
      .db.selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', 'lena@example.org')
      .executeTakeFirstOrThrow();
    expect(mail.text_body).toContain(credential.url);
    // The skill page's section lists the achievement.
    expect((await achievementsForSkill(ctx(), skillIds[0])).map((a) => a.id)).toContain(achievement.id);
  });

  it('keeps the achievement version a credential was issued under', async () => {
    const a = await createAchievement(ctx(), issuer, A, { name: 'Versioned', description: 'v1', criteriaNarrative: 'do it' });
    const first = await issueCredential(ctx(), issuer, A, {
      achievementId: a.id,
      recipient: { email: 'v@example.org' },
      notify: false,
    });
    await updateAchievement(ctx(), issuer, A, a.id, { description: 'v2' });
    const second = await issueCredential(ctx(), issuer, A, {
      achievementId: a.id,
      recipient: { email: 'v@example.org' },
      notify: false,
    });
    expect(first.document.credentialSubject.achievement).toMatchObject({ version: '1', description: 'v1' });
    expect(second.document.credentialSubject.achievement).toMatchObject({ version: '2', description: 'v2' });
  });

  it('revocation and suspension flip the verdict; reinstating restores it', async () => {
    const a = await createAchievement(ctx(), issuer, A, {
      name: 'Suspendable',
      description: 'd',
      criteriaNarrative: 'c',
      suspendable: true,
    });
    const revocable = await issueCredential(ctx(), issuer, A, {
      achievementId: a.id,
      recipient: { email: 'r@example.org' },
      notify: false,
    });
    const suspendable = await issueCredential(ctx(), issuer, A, {
      achievementId: a.id,
      recipient: { email: 's@example.org' },
      notify: false,
    });
    // One status object, in the state list (decision 012): valid against the OB 3.0 schema.
    expect(schemaErrors(suspendable.document)).toEqual([]);
    expect(suspendable.document.credentialStatus).toMatchObject({ statusPurpose: 'message', statusSize: 2 });
    expect((await verifierCore(revocable.document)).ok).toBe(true);

    await expect(changeCredentialStatus(ctx(), issuer, A, revocable.id, 'revoke', '')).rejects.toMatchObject({
      code: 'platform:errors.required',
      field: 'reason',
    });
    const revoked = await changeCredentialStatus(ctx(), issuer, A, revocable.id, 'revoke', 'issued in error');
    expect(revoked).toMatchObject({ state: 'revoked', stateReason: 'issued in error' });
    expect((await verifierCore(revocable.document)).ok).toBe(false);
    expect((await verifierCore(suspendable.document)).ok).toBe(true);
    await expect(changeCredentialStatus(ctx(), issuer, A, revocable.id, 'reinstate', 'oops')).rejects.toMatchObject({
      status: 409,
      code: 'credentials:errors.revokedIsFinal',
    });

    await changeCredentialStatus(ctx(), issuer, A, suspendable.id, 'suspend', 'under investigation');
    expect((await verifierCore(suspendable.document)).ok).toBe(false);
    await changeCredentialStatus(ctx(), issuer, A, suspendable.id, 'reinstate', 'cleared');
    expect((await verifierCore(suspendable.document)).ok).toBe(true);
  });

  it('signs VC-JWT credentials with RS256 and a kid in the DID document', async () => {
    const a = await createAchievement(ctx(), issuer, A, {
      name: 'JWT badge',
      description: 'd',
      criteriaNarrative: 'c',
      proofFormat: 'vc-jwt',
    });
    const c = await issueCredential(ctx(), issuer, A, {
      achievementId: a.id,
      recipient: { did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' },
      notify: false,
    });
    expect(c.jwt).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    const header = JSON.parse(Buffer.from(c.jwt!.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'RS256', kid: `did:web:vaardig.test:orgs:${A}#rsa-1` });
    expect(schemaErrors(c.document)).toEqual([]);
    const file = await credentialDownload(ctx(), c, 'png');
    expect(unbake(Buffer.from(file.body))).toMatchObject({ form: 'jws', text: c.jwt });
  });

  it('lets any issue choose the other proof format than the achievement’s default', async () => {
    const a = await createAchievement(ctx(), issuer, A, { name: 'Either proof', description: 'd', criteriaNarrative: 'c' });
    expect(a.proofFormat).toBe('eddsa-rdfc-2022');
    const jwt = await issueCredential(ctx(), issuer, A, {
      achievementId: a.id,
      recipient: { email: 'either@example.org' },
      proofFormat: 'vc-jwt',
      notify: false,
    });
    expect(jwt).toMatchObject({ proofFormat: 'vc-jwt', jwt: expect.stringMatching(/^ey/) });
    expect(jwt.document.proof).toBeUndefined();
    const di = await issueCredential(ctx(), issuer, A, { achievementId: a.id, recipient: { email: 'either2@example.org' }, notify: false });
    expect(di).toMatchObject({ proofFormat: 'eddsa-rdfc-2022', jwt: null });
    await expect(
      issueCredential(ctx(), issuer, A, { achievementId: a.id, recipient: { email: 'x@example.org' }, proofFormat: 'rsa', notify: false }),
    ).rejects.toMatchObject({ status: 400, field: 'proofFormat', code: 'credentials:errors.proofFormat' });
    // Claim codes keep the format they were made with.
    const claim = await createClaimCode(ctx(), issuer, A, a.id, { proofFormat: 'vc-jwt' });
    const claimed = await issueClaimTo(ctx(), claim.code, { email: 'claimer@example.org' });
    expect(claimed.proofFormat).toBe('vc-jwt');
  });

  it('keeps retired keys in the DID document, so older credentials still verify after rotation', async () => {
    // A fresh issuer: verifier-core caches DID documents it resolved, as any verifier may for a while.
    await organisationWith(ctx(), R, [[issuer, 'admin']]);
    const a = await createAchievement(ctx(), issuer, R, { name: 'Before rotation', description: 'd', criteriaNarrative: 'c' });
    const before = await issueCredential(ctx(), issuer, R, {
      achievementId: a.id,
      recipient: { email: 'k@example.org' },
      notify: false,
    });
    const org = (await findOrganisation(ctx().db, R))!;
    await rotateKeys(ctx(), org.id);
    const after = await issueCredential(ctx(), issuer, R, {
      achievementId: a.id,
      recipient: { email: 'k2@example.org' },
      notify: false,
    });
    expect(after.document.proof[0].verificationMethod).toBe(`did:web:vaardig.test:orgs:${R}#key-2`);
    expect(before.document.proof[0].verificationMethod).toBe(`did:web:vaardig.test:orgs:${R}#key-1`);
    expect((await verifierCore(after.document)).ok).toBe(true);
    expect((await verifierCore(before.document)).ok).toBe(true);
  });

  it('lets members of organisation A not issue or revoke for organisation B', async () => {
    const a = await createAchievement(ctx(), outsider, B, { name: 'B only', description: 'd', criteriaNarrative: 'c' });
    await expect(issueCredential(ctx(), issuer, B, { achievementId: a.id, recipient: { email: 'x@example.org' } })).rejects.toMatchObject({
      status: 403,
    });
    await expect(createAchievement(ctx(), issuer, B, { name: 'n', description: 'd', criteriaNarrative: 'c' })).rejects.toMatchObject({
      status: 403,
    });
    const theirs = await issueCredential(ctx(), outsider, B, {
      achievementId: a.id,
      recipient: { email: 'x@example.org' },
      notify: false,
    });
    await expect(changeCredentialStatus(ctx(), issuer, B, theirs.id, 'revoke', 'no')).rejects.toMatchObject({ status: 403 });
    // Through their own organisation they do not reach B's credential either.
    await expect(changeCredentialStatus(ctx(), issuer, A, theirs.id, 'revoke', 'no')).rejects.toMatchObject({ status: 404 });
    // And over HTTP with a session of the wrong organisation's member: 403, nothing changes.
    const member = await person(ctx(), 'Mia');
    await organisationWith(ctx(), C, [[member, 'member']]);
    await expect(issueCredential(ctx(), member, C, { achievementId: a.id, recipient: { email: 'x@example.org' } })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('validates input and names the field', async () => {
    await expect(createAchievement(ctx(), issuer, A, { name: '', description: 'd' })).rejects.toMatchObject({
      status: 400,
      errors: [
        { field: 'name', code: 'platform:errors.required' },
        { field: 'criteriaNarrative', code: 'credentials:errors.criteriaRequired' },
      ],
    });
    await expect(
      createAchievement(ctx(), issuer, A, {
        name: 'n',
        description: 'd',
        criteriaNarrative: 'c',
        skills: ['http://data.europa.eu/esco/skill/nope'],
      }),
    ).rejects.toMatchObject({
      field: 'skills',
      code: 'credentials:errors.unknownSkill',
      params: { skills: 'http://data.europa.eu/esco/skill/nope' },
    });
    const a = await createAchievement(ctx(), issuer, A, { name: 'Inputs', description: 'd', criteriaNarrative: 'c' });
    await expect(issueCredential(ctx(), issuer, A, { achievementId: a.id, recipient: { email: 'not-an-email' } })).rejects.toMatchObject({
      field: 'email',
      code: 'platform:errors.notEmail',
    });
  });
});
