/**
 * Endorsements by a person (issue 11, "or a person, where the network allows"): the operator's
 * setting, endorsing as oneself with a did:key of one's own, both verifiers, revocation through the
 * person's own status list, where they show, who may, bad input, and leaving.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import { addMember } from '../../src/accounts/api.ts';
import { collectPersonalData, dataSubject } from '../../src/backpack/personal-data.ts';
import { issueCredential, verifyInContext } from '../../src/credentials/api.ts';
import { OB_ENDORSEMENT_SCHEMA_URL } from '../../src/credentials/verification/schema.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, expectProblem, signedInBrowser } from '../accounts/support.ts';
import { localFetch } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { issuingOrganisation } from '../pathways/support.ts';

type Signed = Awaited<ReturnType<typeof signedInBrowser>>;

describeEachDatabase('endorsements by a person', (ctx, kind) => {
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof issuingOrganisation>>;
  let employer: Awaited<ReturnType<typeof issuingOrganisation>>;
  let operator: Signed;
  let alice: Signed;
  let bob: Signed;
  let staff: Signed;
  let unconfirmed: Signed;
  let anon: Browser;
  let verifyCredential: (args: { credential: unknown; knownDIDRegistries: unknown[] }) => Promise<any>;
  const refused: string[] = [];

  async function verifierCore(credential: unknown) {
    const result = await verifyCredential({ credential, knownDIDRegistries: [] });
    const failed = (result.log ?? [])
      .filter((s: { id: string; valid: boolean }) => !s.valid && s.id !== 'registered_issuer')
      .map((s: { id: string }) => s.id);
    const schemaCheck = (result.additionalInformation ?? []).find((x: { id: string }) => x.id === 'schema_check');
    const schemas = Array.isArray(schemaCheck?.results)
      ? schemaCheck.results.map((r: { schema: string; result: { valid: boolean } }) => ({ schema: r.schema, valid: r.result.valid }))
      : (schemaCheck?.results ?? 'no schema check');
    return {
      ok: !result.errors && failed.length === 0,
      failed,
      errors: result.errors?.map((e: { message: string }) => e.message) ?? [],
      schemas,
    };
  }

  const setting = (on: boolean) => operator.browser.api('PUT', '/api/v1/endorsements/settings', { peopleMayEndorse: on });
  const give = (who: Signed, body: Record<string, unknown>) => who.browser.api('POST', '/api/v1/endorsements/personal', body);

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    const local = localFetch(app, ctx().config.baseUrl);
    vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
      try {
        return await local(input, init);
      } catch (error) {
        refused.push(String(input instanceof Request ? input.url : input));
        throw error;
      }
    });
    ({ verifyCredential } = (await import('@digitalcredentials/verifier-core')) as any);
    school = await issuingOrganisation(ctx(), `School-${kind}`, ['Welding', 'Brazing']);
    employer = await issuingOrganisation(ctx(), `Employer-${kind}`, ['Their own']);
    operator = await signedInBrowser(ctx(), app, { operator: true, name: 'Operator' });
    alice = await signedInBrowser(ctx(), app, { name: 'Alice Jansen' });
    bob = await signedInBrowser(ctx(), app, { name: 'Bob' });
    staff = await signedInBrowser(ctx(), app, { name: 'School staff' });
    await addMember(ctx().db, school.id, staff.userId, 'issuer');
    unconfirmed = await signedInBrowser(ctx(), app, { name: 'Unconfirmed', confirmed: false });
    anon = new Browser(app);
  });
  afterEach(() => {
    expect(refused, 'nothing is fetched from outside the process').toEqual([]);
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await app?.close();
  });

  test('off by default: no button, a coded 403 naming why; only the operator turns it on', async () => {
    expect((await anon.api('GET', '/api/v1/endorsements/settings')).json()).toEqual({ peopleMayEndorse: false });
    const badge = await school.issue(school.achievements[0].id, 'someone@example.org');
    const problem = expectProblem(await give(alice, { subjectType: 'credential', subjectId: badge.url, comment: 'Good work' }), 403);
    expect(problem.code).toBe('endorsements:errors.peopleMayNotEndorse');
    expect(problem.detail).toContain('does not let people endorse as themselves');
    const page = await alice.browser.post('/endorsements/personal', { subjectType: 'credential', credential: badge.url, comment: 'x' });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('does not let people endorse as themselves');
    const credentialPage = await alice.browser.get(`/credentials/${badge.id}`);
    expect(credentialPage.body).not.toContain('/endorsements/personal');
    // Not the operator: refused; signed out: 401.
    expectProblem(await alice.browser.api('PUT', '/api/v1/endorsements/settings', { peopleMayEndorse: true }), 403);
    expectProblem(await anon.api('PUT', '/api/v1/endorsements/settings', { peopleMayEndorse: true }), 401);
    expect((await alice.browser.post('/admin/endorsements', { peopleMayEndorse: 'on' })).statusCode).toBe(403);
    expect((await anon.api('GET', '/api/v1/endorsements/settings')).json()).toEqual({ peopleMayEndorse: false });
    // The operator's page turns it on (a checkbox), and off again.
    expect((await operator.browser.get('/admin/endorsements')).body).toContain('name="peopleMayEndorse"');
    expect((await operator.browser.post('/admin/endorsements', { peopleMayEndorse: 'on' })).statusCode).toBe(303);
    expect((await anon.api('GET', '/api/v1/endorsements/settings')).json()).toEqual({ peopleMayEndorse: true });
    expect((await alice.browser.get(`/credentials/${badge.id}`)).body).toContain('Endorse this yourself');
    expect((await anon.get(`/credentials/${badge.id}`)).body).not.toContain('Endorse this yourself');
    expect((await operator.browser.post('/admin/endorsements', {})).statusCode).toBe(303);
    expect((await anon.api('GET', '/api/v1/endorsements/settings')).json()).toEqual({ peopleMayEndorse: false });
    expect((await alice.browser.get(`/credentials/${badge.id}`)).body).not.toContain('Endorse this yourself');
  });

  test('a person endorses a credential and a badge: signed with their own did:key, both verifiers accept, shown as theirs, not carried', async () => {
    expect((await setting(true)).statusCode).toBe(200);
    const badge = await school.issue(school.achievements[0].id, 'holder@example.org');
    const created = await give(alice, { subjectType: 'credential', subjectId: badge.url, comment: 'I saw this weld myself.' });
    expect(created.statusCode, created.body).toBe(201);
    const onCredential = created.json();
    expect(onCredential).toMatchObject({ endorserType: 'person', endorserName: 'Alice Jansen', organisation: null, state: 'active' });
    const credential = onCredential.credential;
    expect(credential.issuer).toEqual({ id: expect.stringMatching(/^did:key:z6Mk/), type: ['Profile'], name: 'Alice Jansen' });
    expect(credential.proof[0].verificationMethod).toBe(`${credential.issuer.id}#${credential.issuer.id.slice('did:key:'.length)}`);
    expect(credential.credentialStatus.statusListCredential).toMatch(
      /^https?:\/\/vaardig\.test\/people\/[0-9a-f-]{36}\/status\/revocation$/,
    );
    const verdict = await verifyInContext(ctx(), credential);
    expect(verdict.valid, JSON.stringify(verdict.checks)).toBe(true);
    expect(verdict.checks.find((c) => c.check === 'status')?.status).toBe('ok');
    expect(verdict.checks.find((c) => c.check === 'schema')?.status).toBe('ok');
    expect(await verifierCore(credential)).toMatchObject({ ok: true, schemas: [{ schema: OB_ENDORSEMENT_SCHEMA_URL, valid: true }] });

    // Tampered: the comment changed after signing fails both.
    const tampered = structuredClone(credential);
    tampered.credentialSubject.endorsementComment = 'I never saw it.';
    expect((await verifyInContext(ctx(), tampered)).valid).toBe(false);
    expect((await verifierCore(tampered)).ok).toBe(false);
    // Another person's name on Alice's key is no good either.
    const renamed = structuredClone(credential);
    renamed.issuer.name = 'Bob';
    expect((await verifyInContext(ctx(), renamed)).valid).toBe(false);

    // The same key the second time: one did:key per person.
    const onBadge = await give(alice, { subjectType: 'achievement', subjectId: school.achievements[1].id, comment: 'Brazing done right.' });
    expect(onBadge.statusCode, onBadge.body).toBe(201);
    expect(onBadge.json().credential.issuer.id).toBe(credential.issuer.id);
    expect(onBadge.json().credential.credentialStatus.statusListIndex).not.toBe(credential.credentialStatus.statusListIndex);
    expect((await verifyInContext(ctx(), onBadge.json().credential)).valid).toBe(true);
    expect((await verifierCore(onBadge.json().credential)).ok).toBe(true);
    // Bob's key is another.
    const bobs = await give(bob, { subjectType: 'issuer', subjectId: school.slug, comment: 'A fine school.' });
    expect(bobs.statusCode, bobs.body).toBe(201);
    expect(bobs.json().credential.issuer.id).not.toBe(credential.issuer.id);

    // Shown on the credential's public page, the badge's page and the issuer's page, marked as a person's.
    const page = await anon.get(`/credentials/${badge.id}`);
    expect(page.body).toContain('Alice Jansen endorses this credential');
    expect(page.body).toContain('Personal endorsement');
    expect(page.body).toContain('I saw this weld myself.');
    const badgePage = await staff.browser.get(`/organisations/${school.slug}/achievements/${school.achievements[1].id}`);
    expect(badgePage.body).toContain('Brazing done right.');
    expect(badgePage.body).toContain('Personal endorsement');
    expect((await staff.browser.get(`/organisations/${school.slug}`)).body).toContain('A fine school.');
    const dutch = await new Browser(app, 'nl').get(`/endorsements/${onCredential.id}`);
    expect(dutch.body).toContain('Persoonlijke onderschrijving');
    expect(dutch.body).toContain(credential.issuer.id);
    // The person's list of their own, in the API.
    const mine = (await alice.browser.api('GET', '/api/v1/endorsements/personal')).json();
    expect(mine.items.map((x: { id: string }) => x.id).sort()).toEqual([onCredential.id, onBadge.json().id].sort());

    // Not carried in credentials issued after it (the issuer did not choose it).
    const later = await issueCredential(ctx(), school.issuer, school.slug, {
      achievementId: school.achievements[1].id,
      recipient: { email: 'later@example.org' },
      notify: false,
    });
    expect(later.document.credentialSubject.achievement.endorsement).toBeUndefined();
  }, 120_000);

  test('revoked by the person: both verifiers say revoked, the pages show it; nobody else may revoke it', async () => {
    await setting(true);
    const badge = await school.issue(school.achievements[0].id, 'another@example.org');
    const given = await give(bob, { subjectType: 'credential', subjectId: badge.id, comment: 'Solid work.' });
    expect(given.statusCode, given.body).toBe(201);
    const { id, credential } = given.json();
    const revoke = (who: Browser, reason = 'Changed my mind') => who.api('POST', `/api/v1/endorsements/personal/${id}/revoke`, { reason });
    expectProblem(await revoke(anon), 401);
    expect(expectProblem(await revoke(alice.browser), 403).code).toBe('endorsements:errors.notYourEndorsement');
    expectProblem(await revoke(staff.browser), 403);
    expectProblem(await revoke(operator.browser), 403);
    expect((await alice.browser.post(`/endorsements/personal/${id}/revoke`, { reason: 'x' })).statusCode).toBe(403);
    // The organisations' revoke route does not take a person's endorsement.
    expectProblem(await bob.browser.api('POST', `/api/v1/endorsements/${id}/revoke`, { reason: 'x' }), 404);
    expect(expectProblem(await revoke(bob.browser, '  '), 400).field).toBe('reason');
    expect((await anon.api('GET', `/api/v1/endorsements/${id}`)).json().state).toBe('active');
    // Only Bob sees the revoke form.
    expect((await bob.browser.get(`/endorsements/${id}`)).body).toContain(`/endorsements/personal/${id}/revoke`);
    expect((await alice.browser.get(`/endorsements/${id}`)).body).not.toContain(`/endorsements/personal/${id}/revoke`);

    const done = await bob.browser.post(`/endorsements/personal/${id}/revoke`, { reason: 'Changed my mind' });
    expect(done.statusCode).toBe(303);
    expect((await anon.api('GET', `/api/v1/endorsements/${id}`)).json()).toMatchObject({
      state: 'revoked',
      revokedReason: 'Changed my mind',
    });
    expectProblem(await revoke(bob.browser), 409);
    const verdict = await verifyInContext(ctx(), credential);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.check === 'status')).toMatchObject({ status: 'failed' });
    const core = await verifierCore(credential);
    expect(core.ok).toBe(false);
    expect(core.failed).toContain('revocation_status');
    const page = await anon.get(`/credentials/${badge.id}`);
    expect(page.body).toContain('Solid work.');
    expect(page.body).toContain('Revoked on');
    expect((await anon.get(`/endorsements/${id}`)).body).toContain('This endorsement does not verify.');
    // Bob's other endorsements are untouched by the bit.
    const [other] = (await bob.browser.api('GET', '/api/v1/endorsements/personal'))
      .json()
      .items.filter((x: { state: string }) => x.state === 'active');
    expect((await verifyInContext(ctx(), (await anon.api('GET', `/api/v1/endorsements/${other.id}`)).json().credential)).valid).toBe(true);
  }, 120_000);

  test('who may and bad input: each refusal coded and naming its field', async () => {
    await setting(true);
    const mine = await school.issue(school.achievements[0].id, alice.email);
    const theirs = await school.issue(school.achievements[0].id, 'third@example.org');
    const post = (who: Signed, payload: Record<string, unknown>) =>
      give(who, { subjectType: 'credential', subjectId: theirs.url, comment: 'x', ...payload });
    expectProblem(
      await anon.api('POST', '/api/v1/endorsements/personal', { subjectType: 'credential', subjectId: theirs.url, comment: 'x' }),
      401,
    );
    expect(expectProblem(await post(unconfirmed, {}), 403).code).toBe('endorsements:errors.addressNotConfirmed');
    const cases: [Signed, Record<string, unknown>, number, string, string][] = [
      [alice, { comment: '  ' }, 400, 'comment', 'platform:errors.required'],
      [alice, { comment: 'x'.repeat(2001) }, 400, 'comment', 'platform:errors.tooLong'],
      [alice, { subjectType: 'person' }, 400, 'subjectType', 'endorsements:errors.subjectType'],
      [alice, { subjectId: '' }, 400, 'subjectId', 'platform:errors.required'],
      [alice, { subjectId: 'https://elsewhere.example/credentials/1' }, 400, 'subjectId', 'endorsements:errors.subjectNotFound'],
      [
        alice,
        { subjectType: 'achievement', subjectId: '00000000-0000-4000-8000-000000000000' },
        400,
        'subjectId',
        'endorsements:errors.subjectNotFound',
      ],
      [alice, { subjectType: 'issuer', subjectId: 'no-such-organisation' }, 400, 'subjectId', 'endorsements:errors.subjectNotFound'],
      // Their own credential; anything of their own organisation.
      [alice, { subjectId: mine.url }, 400, 'subjectId', 'endorsements:errors.ownCredential'],
      [staff, {}, 400, 'subjectId', 'endorsements:errors.ownOrganisation'],
      [staff, { subjectType: 'issuer', subjectId: school.slug }, 400, 'subjectId', 'endorsements:errors.ownOrganisation'],
      [
        staff,
        { subjectType: 'achievement', subjectId: school.achievements[0].id },
        400,
        'subjectId',
        'endorsements:errors.ownOrganisation',
      ],
    ];
    for (const [who, payload, status, field, code] of cases) {
      const problem = expectProblem(await post(who, payload), status);
      expect([problem.field, problem.code], JSON.stringify(payload)).toEqual([field, code]);
    }
    expectProblem(await post(alice, { extra: 1 }), 400);
    // One in force per person and subject.
    expect((await post(alice, { comment: 'First' })).statusCode).toBe(201);
    const again = expectProblem(await post(alice, { comment: 'Second' }), 409);
    expect([again.field, again.code]).toEqual(['subjectId', 'endorsements:errors.alreadyEndorsedByYou']);
    // But staff of the school may endorse another organisation's badge as themselves.
    expect((await post(staff, { subjectType: 'achievement', subjectId: employer.achievements[0].id })).statusCode).toBe(201);
    // The form names the field of the kind chosen and keeps what was typed.
    const form = await alice.browser.post('/endorsements/personal', {
      subjectType: 'credential',
      credential: 'not a credential',
      comment: '',
    });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain('href="#credential"');
    expect(form.body).toContain('href="#comment"');
    expect(form.body).toContain('not a credential');
    // Unconfirmed: the page says why, without a form.
    const page = await unconfirmed.browser.get('/endorsements/personal');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm your email address first');
    expect(page.body).not.toContain('action="/endorsements/personal"');
    expect((await anon.get('/endorsements/personal')).statusCode).toBe(302);
  }, 120_000);

  test('a person who leaves: their endorsements are in their download, revoked, then gone; the key destroyed, the list still served', async () => {
    await setting(true);
    const leaving = await signedInBrowser(ctx(), app, { name: 'Leaving person' });
    const badge = await school.issue(school.achievements[0].id, 'kept@example.org');
    const given = await give(leaving, { subjectType: 'credential', subjectId: badge.url, comment: 'Said before leaving.' });
    expect(given.statusCode, given.body).toBe(201);
    const { id, credential } = given.json();
    const subject = await dataSubject(ctx(), leaving.userId);
    const exported = await collectPersonalData(ctx(), subject);
    expect(exported.endorsements?.endorsements?.map((r) => (r as { id: string }).id)).toEqual([id]);
    expect(exported.credentials?.person_signers?.map((r) => (r as { did: string }).did)).toEqual([credential.issuer.id]);
    expect(JSON.stringify(exported)).not.toContain('private_key');

    const deleted = await leaving.browser.post('/backpack/data/delete', { confirm: leaving.email });
    expect(deleted.statusCode, deleted.body).toBe(303);
    expect(await ctx().db.selectFrom('endorsements').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    const signer = await ctx()
      .db.selectFrom('person_signers')
      .selectAll()
      .where('did', '=', credential.issuer.id)
      .executeTakeFirstOrThrow();
    expect(signer.private_key_encrypted).toBeNull();
    expect(signer.user_id).toBeNull();
    // A copy kept elsewhere reads as revoked, for both verifiers.
    expect((await anon.get(new URL(credential.credentialStatus.statusListCredential).pathname)).statusCode).toBe(200);
    expect((await verifyInContext(ctx(), credential)).checks.find((c) => c.check === 'status')?.status).toBe('failed');
    expect((await verifierCore(credential)).failed).toContain('revocation_status');
    expect((await anon.get(`/credentials/${badge.id}`)).body).not.toContain('Said before leaving.');
  }, 120_000);
});
