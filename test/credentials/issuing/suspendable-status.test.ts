import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { CurrentUser } from '../../../src/accounts/api.ts';
import { verifyInContext } from '../../../src/credentials/api.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { changeCredentialStatus, issueCredential } from '../../../src/credentials/issuing/issue.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { localFetch, organisationWith, person, schemaErrors } from './helpers.ts';

/**
 * A suspendable badge's credential (decision 012): valid against the OB 3.0 JSON Schema (one
 * credentialStatus object), and its status works both ways — Vaardig's own verifier says exactly
 * valid, suspended, valid again, revoked; @digitalcredentials/verifier-core, which reads one bit
 * per entry, refuses it exactly while it is suspended or revoked.
 */
describeEachDatabase('a suspendable badge', (ctx, kind) => {
  // Slugs per backend: verifier-core caches DID documents and status lists for the whole file.
  const ORG = `suspend-${kind}`;
  let app: FastifyInstance;
  let issuer: CurrentUser;
  let coreVerify: (args: { credential: unknown; knownDIDRegistries: unknown[] }) => Promise<any>;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    vi.stubGlobal('fetch', localFetch(app, ctx().config.baseUrl));
    ({ verifyCredential: coreVerify } = (await import('@digitalcredentials/verifier-core')) as any);
    issuer = await person(ctx(), 'Sanne');
    await organisationWith(ctx(), ORG, [[issuer, 'issuer']]);
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await app?.close();
  });

  async function vaardig(document: unknown) {
    const verdict = await verifyInContext(ctx(), document);
    const status = verdict.checks.find((c) => c.check === 'status');
    const schema = verdict.checks.find((c) => c.check === 'schema');
    return { valid: verdict.valid, status: status?.status, code: status?.code, schema: schema?.status, message: status?.message };
  }
  async function core(document: unknown) {
    const result = await coreVerify({ credential: document, knownDIDRegistries: [] });
    const failed = (result.log ?? []).filter((s: { id: string; valid: boolean }) => !s.valid && s.id !== 'registered_issuer');
    return !result.errors && failed.length === 0;
  }

  it('is valid against the OB 3.0 schema and verifies valid, suspended, valid again, revoked', async () => {
    const achievement = await createAchievement(ctx(), issuer, ORG, {
      name: 'Forklift licence',
      description: 'Drives a forklift safely.',
      criteriaNarrative: 'Passed the practical exam.',
      suspendable: true,
    });
    const credential = await issueCredential(ctx(), issuer, ORG, {
      achievementId: achievement.id,
      recipient: { email: 'driver@example.org' },
      notify: false,
    });
    const neighbour = await issueCredential(ctx(), issuer, ORG, {
      achievementId: achievement.id,
      recipient: { email: 'other-driver@example.org' },
      notify: false,
    });
    expect(schemaErrors(credential.document)).toEqual([]);
    expect(Array.isArray(credential.document.credentialStatus)).toBe(false);

    expect(await vaardig(credential.document)).toMatchObject({ valid: true, schema: 'ok', status: 'ok' });
    expect(await core(credential.document)).toBe(true);

    await changeCredentialStatus(ctx(), issuer, ORG, credential.id, 'suspend', 'under investigation');
    expect(await vaardig(credential.document)).toMatchObject({ valid: false, schema: 'ok', status: 'failed', code: 'suspended' });
    expect(await core(credential.document)).toBe(false);
    // The neighbour in the same list is untouched, for both verifiers.
    expect(await vaardig(neighbour.document)).toMatchObject({ valid: true, status: 'ok' });
    expect(await core(neighbour.document)).toBe(true);

    await changeCredentialStatus(ctx(), issuer, ORG, credential.id, 'reinstate', 'cleared');
    expect(await vaardig(credential.document)).toMatchObject({ valid: true, schema: 'ok', status: 'ok' });
    expect(await core(credential.document)).toBe(true);

    await changeCredentialStatus(ctx(), issuer, ORG, credential.id, 'revoke', 'licence withdrawn');
    expect(await vaardig(credential.document)).toMatchObject({ valid: false, schema: 'ok', status: 'failed', code: 'revoked' });
    expect(await core(credential.document)).toBe(false);
    expect(await vaardig(neighbour.document)).toMatchObject({ valid: true, status: 'ok' });
    expect(await core(neighbour.document)).toBe(true);

    // Suspending the neighbour after a revocation beside it: each keeps its own state.
    await changeCredentialStatus(ctx(), issuer, ORG, neighbour.id, 'suspend', 'checking');
    expect(await vaardig(neighbour.document)).toMatchObject({ valid: false, code: 'suspended' });
    expect(await vaardig(credential.document)).toMatchObject({ valid: false, code: 'revoked' });
  });

  it('a badge that is not suspendable keeps its one revocation entry', async () => {
    const achievement = await createAchievement(ctx(), issuer, ORG, { name: 'First aid', description: 'd', criteriaNarrative: 'c' });
    const credential = await issueCredential(ctx(), issuer, ORG, {
      achievementId: achievement.id,
      recipient: { email: 'aid@example.org' },
      notify: false,
    });
    expect(credential.document.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(schemaErrors(credential.document)).toEqual([]);
    await expect(changeCredentialStatus(ctx(), issuer, ORG, credential.id, 'suspend', 'x')).rejects.toMatchObject({
      code: 'credentials:errors.notSuspendable',
    });
    await changeCredentialStatus(ctx(), issuer, ORG, credential.id, 'revoke', 'issued in error');
    expect(await vaardig(credential.document)).toMatchObject({ valid: false, code: 'revoked' });
    expect(await core(credential.document)).toBe(false);
  });
});
