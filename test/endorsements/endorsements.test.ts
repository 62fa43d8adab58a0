import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { addMember } from '../../src/accounts/api.ts';
import { createAchievement, issueCredential, signOrganisationCredential, verifyInContext } from '../../src/credentials/api.ts';
import { activeDocuments, endorse, endorsementsFor, revokeEndorsement } from '../../src/endorsements/service.ts';
import { collectPersonalData, dataSubject } from '../../src/backpack/personal-data.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, expectProblem, signedInBrowser } from '../accounts/support.ts';
import { OB_SCHEMA_URL } from '../../src/credentials/issuing/issue.ts';
import { OB_ENDORSEMENT_SCHEMA_URL } from '../../src/credentials/verification/schema.ts';
import { localFetch, schemaErrors } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { issuingOrganisation } from '../pathways/support.ts';

type Signed = Awaited<ReturnType<typeof signedInBrowser>>;

describeEachDatabase('endorsements', (ctx, kind) => {
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof issuingOrganisation>>;
  let employer: Awaited<ReturnType<typeof issuingOrganisation>>;
  let association: Awaited<ReturnType<typeof issuingOrganisation>>;
  let endorser: Signed;
  let outsider: Signed;
  let plain: Signed;
  let anon: Browser;
  let verifyCredential: (args: { credential: unknown; knownDIDRegistries: unknown[] }) => Promise<any>;

  /** URLs verifier-core asked for that the local fetch refused (anything off this process): must stay empty. */
  const refused: string[] = [];

  /**
   * verifier-core's verdict: the failed steps of its log, and its schema check (reported in
   * `additionalInformation`, not the log): which schema it validated against, and whether it was
   * valid — or the text it puts there when it could not load the schema.
   */
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
    school = await issuingOrganisation(ctx(), `School-${kind}`, ['Welding']);
    employer = await issuingOrganisation(ctx(), `Employer-${kind}`, ['Their own']);
    association = await issuingOrganisation(ctx(), `Association-${kind}`, []);
    endorser = await signedInBrowser(ctx(), app, { name: 'Endorser' });
    await addMember(ctx().db, employer.id, endorser.userId, 'admin');
    outsider = await signedInBrowser(ctx(), app, { name: 'Outsider' });
    await addMember(ctx().db, association.id, outsider.userId, 'owner');
    plain = await signedInBrowser(ctx(), app, { name: 'Plain' });
    anon = new Browser(app);
  });
  afterEach(() => {
    expect(refused, 'nothing is fetched from outside the process').toEqual([]);
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await app?.close();
  });

  test('an endorsement of a badge is a signed EndorsementCredential that both verifiers accept; credentials issued after it carry it', async () => {
    const created = await endorser.browser.api('POST', '/api/v1/endorsements', {
      organisation: employer.slug,
      subjectType: 'achievement',
      subjectId: school.achievements[0].id,
      comment: 'Welders with this badge start at once in our workshop.',
    });
    expect(created.statusCode, created.body).toBe(201);
    const endorsement = created.json();
    const credential = endorsement.credential;
    expect(credential.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
    expect(credential.credentialSubject).toEqual({
      id: `${ctx().config.baseUrl}/achievements/${school.achievements[0].id}`,
      type: ['EndorsementSubject'],
      endorsementComment: 'Welders with this badge start at once in our workshop.',
    });
    expect(credential.issuer.id).toBe(`did:web:vaardig.test:orgs:${employer.slug}`);
    const verdict = await verifyInContext(ctx(), credential);
    expect(verdict.valid, JSON.stringify(verdict.checks)).toBe(true);
    expect(verdict.checks.find((c) => c.check === 'schema')?.status).toBe('ok');
    expect(verdict.checks.find((c) => c.check === 'status')?.status).toBe('ok');
    // verifier-core validates it against the OB 3.0 EndorsementCredential schema (served from the bundled copy).
    expect(await verifierCore(credential)).toMatchObject({ ok: true, schemas: [{ schema: OB_ENDORSEMENT_SCHEMA_URL, valid: true }] });
    // The check is real: signed without the `name` the schema requires, an endorsement is not valid against it, for either verifier.
    const { name: _name, ...nameless } = credential;
    const { document: broken } = await signOrganisationCredential(ctx(), employer.id, {
      id: `${nameless.id}-nameless`,
      type: nameless.type,
      credentialSubject: nameless.credentialSubject,
    });
    expect(await verifierCore(broken)).toMatchObject({ failed: [], schemas: [{ schema: OB_ENDORSEMENT_SCHEMA_URL, valid: false }] });
    expect((await verifyInContext(ctx(), broken)).checks.find((c) => c.check === 'schema')).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('(name)'),
    });

    // Issued after the endorsement, with results and evidence: the achievement carries it.
    const graded = await createAchievement(ctx(), school.issuer, school.slug, {
      name: 'Welding, graded',
      description: 'Welding with a level',
      criteriaNarrative: 'Assessed',
      resultDescriptions: [{ name: 'Level', resultType: 'RubricCriterionLevel', allowedValue: ['basic', 'advanced'] }],
    });
    await endorse(
      ctx(),
      (await import('../../src/accounts/api.ts').then((m) => m.getCurrentUser(ctx().db, endorser.userId)))!,
      employer.slug,
      {
        subjectType: 'achievement',
        subjectId: graded.id,
        comment: 'Graded welding we trust.',
      },
    );
    const issued = await issueCredential(ctx(), school.issuer, school.slug, {
      achievementId: graded.id,
      recipient: { email: 'welder@example.org' },
      results: { Level: 'advanced' },
      evidence: ['https://portfolio.example/welds/1'],
      notify: false,
    });
    const carried = issued.document.credentialSubject.achievement.endorsement;
    expect(carried).toHaveLength(1);
    expect(carried[0].credentialSubject.endorsementComment).toBe('Graded welding we trust.');
    expect(issued.document.credentialSubject.result).toHaveLength(1);
    expect(issued.document.evidence).toHaveLength(1);
    expect(schemaErrors(issued.document)).toEqual([]);
    const issuedVerdict = await verifyInContext(ctx(), issued.document, { recipientEmail: 'welder@example.org' });
    expect(issuedVerdict.valid, JSON.stringify(issuedVerdict.checks)).toBe(true);
    expect(issuedVerdict.checks.find((c) => c.check === 'schema')?.status).toBe('ok');
    expect(await verifierCore(issued.document)).toMatchObject({ ok: true, schemas: [{ schema: OB_SCHEMA_URL, valid: true }] });
    // The endorsement inside verifies on its own too.
    expect((await verifyInContext(ctx(), carried[0])).valid).toBe(true);
    expect(await activeDocuments(ctx(), { kind: 'achievement', id: graded.id })).toHaveLength(1);
    expect(issuedVerdict.checks.find((c) => c.check === 'endorsement')).toMatchObject({ status: 'ok', code: 'endorsementsOk' });
    // The endorser revokes it: the credential stays valid, the verifier warns that its endorsement does not verify.
    const staff = (await import('../../src/accounts/api.ts').then((m) => m.getCurrentUser(ctx().db, endorser.userId)))!;
    const [given] = await endorsementsFor(ctx(), [{ kind: 'achievement', id: graded.id }]);
    await revokeEndorsement(ctx(), staff, given.id, 'No longer');
    const later = await verifyInContext(ctx(), issued.document, { recipientEmail: 'welder@example.org' });
    expect(later.valid).toBe(true);
    expect(later.checks.find((c) => c.check === 'endorsement')).toMatchObject({ status: 'warning', code: 'endorsementsInvalid' });
    expect(later.checks.find((c) => c.check === 'endorsement')?.message).toContain('revoked');
    // Each endorsement's part of the message is coded too, so pages show it in the reader's language:
    // the credential's public page in Dutch has no English left in it, in English it reads as before.
    const endorserName = carried[0].issuer.name;
    expect(later.checks.find((c) => c.check === 'endorsement')?.details).toEqual([
      { code: 'endorsementRevoked', params: { name: endorserName }, message: `${endorserName}: revoked or suspended` },
    ]);
    const dutch = await new Browser(app, 'nl').get(`/credentials/${issued.id}`);
    expect(dutch.statusCode).toBe(200);
    expect(dutch.body).toContain(`1 van de 1 onderschrijving(en) komen niet door de controle: ${endorserName}: ingetrokken of geschorst`);
    expect(dutch.body).not.toContain('revoked or suspended');
    expect(dutch.body).toContain('<strong>Onderschrijvingen</strong>');
    const english = await anon.get(`/credentials/${issued.id}`);
    expect(english.body).toContain(`1 of 1 endorsement(s) do not verify: ${endorserName}: revoked or suspended`);
    expect(await activeDocuments(ctx(), { kind: 'achievement', id: graded.id })).toEqual([]);
  }, 120_000);

  test('a revoked endorsement fails both verifiers and shows as revoked on the badge, issuer, credential and endorsement pages', async () => {
    const issuerSubject = await endorser.browser.api('POST', '/api/v1/endorsements', {
      organisation: employer.slug,
      subjectType: 'issuer',
      subjectId: school.slug,
      comment: 'A school that trains well.',
    });
    expect(issuerSubject.statusCode, issuerSubject.body).toBe(201);
    const badge = await school.issue(school.achievements[0].id, 'holder@example.org');
    const credentialSubject = await outsider.browser.api('POST', '/api/v1/endorsements', {
      organisation: association.slug,
      subjectType: 'credential',
      subjectId: badge.url,
      comment: 'We saw this work ourselves.',
    });
    expect(credentialSubject.statusCode, credentialSubject.body).toBe(201);
    const { id } = credentialSubject.json();
    const revoked = await outsider.browser.api('POST', `/api/v1/endorsements/${id}/revoke`, { reason: 'Given in error' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ state: 'revoked', revokedReason: 'Given in error' });
    const document = (await anon.api('GET', `/api/v1/endorsements/${id}`)).json().credential;
    const verdict = await verifyInContext(ctx(), document);
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.check === 'status')?.status).toBe('failed');
    const core = await verifierCore(document);
    expect(core.ok).toBe(false);
    expect(core.failed).toContain('revocation_status');

    // Shown as revoked wherever it is displayed.
    const credentialPage = await anon.get(`/credentials/${badge.id}`);
    expect(credentialPage.body).toContain('We saw this work ourselves.');
    expect(credentialPage.body).toContain('Revoked on');
    expect(credentialPage.body).toContain('A school that trains well.');
    const endorsementPage = await anon.get(`/endorsements/${id}`);
    expect(endorsementPage.statusCode).toBe(200);
    expect(endorsementPage.body).toContain('Revoked');
    expect(endorsementPage.body).toContain('This endorsement does not verify.');
    const schoolSigned = await signedInBrowser(ctx(), app, { name: 'School staff' });
    await addMember(ctx().db, school.id, schoolSigned.userId, 'issuer');
    expect((await schoolSigned.browser.get(`/organisations/${school.slug}`)).body).toContain('A school that trains well.');
    const badgePage = await schoolSigned.browser.get(`/organisations/${school.slug}/achievements/${school.achievements[0].id}`);
    expect(badgePage.body).toContain('Welders with this badge start at once in our workshop.');
    // Revoke the badge's endorsement: the badge page says so.
    const [own] = (await anon.api('GET', `/api/v1/endorsements?organisation=${employer.slug}`))
      .json()
      .items.filter((x: { subjectId: string }) => x.subjectId === school.achievements[0].id);
    // The reason is the endorser's own words, markup and all: shown as text.
    await endorser.browser.post(`/endorsements/${own.id}/revoke`, { reason: '<b id="r">No longer</b>' });
    const after = await schoolSigned.browser.get(`/organisations/${school.slug}/achievements/${school.achievements[0].id}`);
    expect(after.body).toContain('Revoked on');
    expect(after.body).toContain('&lt;b id=&#34;r&#34;>No longer&lt;/b>');
    expect(after.body).not.toContain('<b id="r">');
  }, 120_000);

  test('a staff member who gave an endorsement deletes their account: it is in their download, then stays the organisation’s without their name', async () => {
    const staff = await signedInBrowser(ctx(), app, { name: 'Leaving staff' });
    await addMember(ctx().db, employer.id, staff.userId, 'issuer');
    const given = await staff.browser.api('POST', '/api/v1/endorsements', {
      organisation: employer.slug,
      subjectType: 'achievement',
      subjectId: school.achievements[0].id,
      comment: 'Given by someone who leaves.',
    });
    expect(given.statusCode, given.body).toBe(201);
    const { id } = given.json();
    const row = () => ctx().db.selectFrom('endorsements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect((await row()).created_by).toBe(staff.userId);
    const subject = await dataSubject(ctx(), staff.userId);
    const exported = await collectPersonalData(ctx(), subject);
    expect(exported.endorsements?.endorsements?.map((r) => (r as { id: string }).id)).toEqual([id]);

    const deleted = await staff.browser.post('/backpack/data/delete', { confirm: staff.email });
    expect(deleted.statusCode, deleted.body).toBe(303);
    const after = await row();
    expect(after.created_by).toBeNull();
    expect(after.state).toBe('active');
    expect((await collectPersonalData(ctx(), subject)).endorsements?.endorsements).toEqual([]);
    // The organisation's endorsement is untouched: shown, carried and verifying as before.
    expect((await anon.api('GET', `/api/v1/endorsements/${id}`)).json()).toMatchObject({
      state: 'active',
      comment: 'Given by someone who leaves.',
    });
    expect((await verifyInContext(ctx(), after.document)).valid).toBe(true);
    await endorser.browser.api('POST', `/api/v1/endorsements/${id}/revoke`, { reason: 'Tidying up' });
  });

  describe('authorisation and bad input', () => {
    test('signed out, other persons and other organisations cannot endorse or revoke', async () => {
      const body = { organisation: employer.slug, subjectType: 'issuer', subjectId: association.slug, comment: 'Fine people' };
      expectProblem(await anon.api('POST', '/api/v1/endorsements', body), 401);
      expectProblem(await plain.browser.api('POST', '/api/v1/endorsements', body), 403);
      expectProblem(await outsider.browser.api('POST', '/api/v1/endorsements', body), 403);
      const given = await endorser.browser.api('POST', '/api/v1/endorsements', body);
      expect(given.statusCode, given.body).toBe(201);
      const { id } = given.json();
      expectProblem(await anon.api('POST', `/api/v1/endorsements/${id}/revoke`, { reason: 'x' }), 401);
      expectProblem(await plain.browser.api('POST', `/api/v1/endorsements/${id}/revoke`, { reason: 'x' }), 403);
      expectProblem(await outsider.browser.api('POST', `/api/v1/endorsements/${id}/revoke`, { reason: 'x' }), 403);
      expect((await anon.post(`/endorsements/${id}/revoke`, { reason: 'x' })).statusCode).toBe(401);
      expect((await outsider.browser.post(`/endorsements/${id}/revoke`, { reason: 'x' })).statusCode).toBe(403);
      expect((await anon.api('GET', `/api/v1/endorsements/${id}`)).json().state).toBe('active');
      // Pages of the organisation's endorsements.
      const manage = `/organisations/${employer.slug}/endorsements`;
      expect((await anon.get(manage)).statusCode).toBe(302);
      expect((await plain.browser.get(manage)).statusCode).toBe(403);
      expect((await outsider.browser.get(manage)).statusCode).toBe(403);
      expect((await outsider.browser.post(manage, { subjectType: 'issuer', issuerId: school.id, comment: 'x' })).statusCode).toBe(403);
      expect((await endorser.browser.get(manage)).body).toContain(association.achievements.length === 0 ? 'Endorsements by' : '');
      // The endorser sees a revoke form on the page; others do not.
      expect((await endorser.browser.get(`/endorsements/${id}`)).body).toContain(`/endorsements/${id}/revoke`);
      expect((await plain.browser.get(`/endorsements/${id}`)).body).not.toContain(`/endorsements/${id}/revoke`);
    });

    test('each mistake is a 4xx naming its field; a refused revocation keeps the endorsement', async () => {
      const post = (payload: Record<string, unknown>) =>
        endorser.browser.api('POST', '/api/v1/endorsements', {
          organisation: employer.slug,
          subjectType: 'achievement',
          subjectId: school.achievements[0].id,
          comment: 'x',
          ...payload,
        });
      const cases: [Record<string, unknown>, number, string][] = [
        [{ comment: '  ' }, 400, 'comment'],
        [{ comment: 'x'.repeat(2001) }, 400, 'comment'],
        [{ subjectType: 'person' }, 400, 'subjectType'],
        [{ subjectId: '00000000-0000-4000-8000-000000000000' }, 400, 'subjectId'],
        [{ subjectType: 'credential', subjectId: 'https://elsewhere.example/credentials/1' }, 400, 'subjectId'],
        [{ subjectType: 'issuer', subjectId: 'no-such-organisation' }, 400, 'subjectId'],
        [{ subjectId: employer.achievements[0].id }, 400, 'subjectId'],
        [{ subjectType: 'issuer', subjectId: employer.slug }, 400, 'subjectId'],
        [{ subjectType: 'issuer', subjectId: school.slug }, 409, 'subjectId'],
      ];
      for (const [payload, status, field] of cases) {
        const problem = expectProblem(await post(payload), status);
        expect(problem.field, JSON.stringify(payload)).toBe(field);
      }
      expectProblem(await post({ extra: 1 }), 400);
      expectProblem(await post({ organisation: 'no-such-org' }), 404);
      const [one] = (await anon.api('GET', `/api/v1/endorsements?organisation=${employer.slug}`))
        .json()
        .items.filter((x: { state: string }) => x.state === 'active');
      expectProblem(await endorser.browser.api('POST', `/api/v1/endorsements/${one.id}/revoke`, { reason: ' ' }), 400);
      expect((await anon.api('GET', `/api/v1/endorsements/${one.id}`)).json().state).toBe('active');
      const form = await endorser.browser.post(`/endorsements/${one.id}/revoke`, { reason: '' });
      expect(form.statusCode).toBe(400);
      expect(form.body).toContain('This is required.');
      expect((await endorser.browser.api('POST', `/api/v1/endorsements/${one.id}/revoke`, { reason: 'done' })).statusCode).toBe(200);
      expectProblem(await endorser.browser.api('POST', `/api/v1/endorsements/${one.id}/revoke`, { reason: 'again' }), 409);
      expectProblem(await anon.api('GET', '/api/v1/endorsements/not-an-id'), 404);
      expect((await anon.get('/endorsements/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      // The form names the field of the kind chosen.
      const page = await endorser.browser.post(`/organisations/${employer.slug}/endorsements`, {
        subjectType: 'credential',
        credential: 'not a credential',
        comment: '',
      });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('href="#credential"');
      expect(page.body).toContain('href="#comment"');
      expect(page.body).toContain('not a credential');
    });
  });
});
