import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { type CurrentUser, createOrganisation } from '../../src/accounts/api.ts';
import { createSession, SESSION_COOKIE } from '../../src/accounts/sessions.ts';
import { allItems } from '../../src/backpack/api.ts';
import { verifyInContext } from '../../src/credentials/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { review } from '../../src/programmes/assessment.ts';
import { issuePending } from '../../src/programmes/assessment.ts';
import { REMINDER_DAYS, sendReminders } from '../../src/programmes/reminders.ts';
import { myWork, requestRenewal, submit } from '../../src/programmes/work.ts';
import { Browser, expectProblem, signedInBrowser } from '../accounts/support.ts';
import { localFetch, schemaErrors } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { moduleInput, programmeWorld } from './support.ts';

type World = Awaited<ReturnType<typeof programmeWorld>>;

describeEachDatabase('programmes over time: playbooks, accreditation, expiry, reminders and renewal', (ctx) => {
  let app: FastifyInstance;
  let world: World;

  async function browserFor(user: CurrentUser, lang = 'en'): Promise<Browser> {
    const browser = new Browser(app, lang);
    browser.cookies.set(SESSION_COOKIE, (await createSession(ctx().db, user.id)).token);
    await browser.get('/account');
    return browser;
  }

  /** Hands in every assignment of a module and has the first assessor pass it. */
  async function pass(participant: CurrentUser, moduleIndex: number, levels = { c1: 'l3', c2: 'l2' }) {
    const module = world.modules[moduleIndex];
    let roundId = '';
    for (const a of module.assignments)
      roundId = (
        await submit(
          ctx(),
          participant,
          a.id,
          a.evidence.includes('text') ? { text: `Work for ${a.title}` } : { link: 'https://work.example/1' },
        )
      ).round.id;
    return review(ctx(), world.assessors[0], roundId, { levels });
  }

  const mails = async (to: string, like: string) =>
    (
      await ctx()
        .db.selectFrom('mail_outbox')
        .select('subject')
        .where('to_address', '=', to)
        .where('subject', 'like', `%${like}%`)
        .execute()
    ).length;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    vi.stubGlobal('fetch', localFetch(app, ctx().config.baseUrl));
    world = await programmeWorld(ctx(), 'Life', {
      modules: [moduleInput('Expiring', { validMonths: 12 }), moduleInput('Claimable', { validMonths: 6, renewal: 'claim' })],
    });
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await app?.close();
  });

  describe('playbooks', () => {
    test('versioned pages: history, an older version, a stale change refused; only the programme’s people read, managers and assessors write', async () => {
      const id = world.programme.id;
      const manager = await browserFor(world.manager);
      const assessor = await browserFor(world.assessors[0]);
      const participant = await browserFor(await world.participant('Reader'));
      const plain = await signedInBrowser(ctx(), app);
      const anon = new Browser(app);
      const created = await manager.api('POST', `/api/v1/programmes/${id}/playbook`, {
        title: 'Intake',
        body: 'First version of the intake.',
      });
      expect(created.statusCode, created.body).toBe(201);
      const page = created.json();
      const changed = await assessor.api('PATCH', `/api/v1/programmes/${id}/playbook/${page.id}`, {
        title: 'Intake conversation',
        body: 'Second version.\n\n- ask\n- listen',
        version: 1,
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().version).toBe(2);
      // A change from version 1 again is stale: 409, and the page keeps version 2.
      expect(
        expectProblem(
          await manager.api('PATCH', `/api/v1/programmes/${id}/playbook/${page.id}`, { title: 'X', body: 'Y', version: 1 }),
          409,
        ).field,
      ).toBe('version');
      const history = (await participant.api('GET', `/api/v1/programmes/${id}/playbook/${page.id}/history`)).json().items;
      expect(history.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      const old = (await participant.api('GET', `/api/v1/programmes/${id}/playbook/${page.id}?version=1`)).json();
      expect(old).toMatchObject({ title: 'Intake', body: 'First version of the intake.', version: 1, latest: 2 });
      expectProblem(await participant.api('GET', `/api/v1/programmes/${id}/playbook/${page.id}?version=9`), 404);
      // The pages: the latest, an older one with the restore button for editors, the history.
      const latest = await participant.get(`/programmes/${id}/playbook/${page.id}`);
      expect(latest.statusCode).toBe(200);
      expect(latest.body).toContain('<li>listen</li>');
      expect(latest.body).not.toContain('/edit"');
      const older = await manager.get(`/programmes/${id}/playbook/${page.id}?version=1`);
      expect(older.body).toContain('You are reading version 1; the latest is version 2.');
      expect(older.body).toContain('Restore version 1');
      expect((await manager.get(`/programmes/${id}/playbook/${page.id}/history`)).body).toContain('Intake conversation');
      const restored = await manager.post(`/programmes/${id}/playbook/${page.id}/edit`, {
        title: 'Intake',
        body: 'First version of the intake.',
        version: '2',
      });
      expect(restored.statusCode).toBe(303);
      expect((await manager.api('GET', `/api/v1/programmes/${id}/playbook/${page.id}`)).json()).toMatchObject({
        version: 3,
        title: 'Intake',
      });
      // A stale form keeps the text typed and says so (409), in Dutch.
      const dutch = await browserFor(world.manager, 'nl');
      const stale = await dutch.post(`/programmes/${id}/playbook/${page.id}/edit`, {
        title: 'Mine',
        body: 'Typed text kept',
        version: '1',
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('Typed text kept');
      expect(stale.body).toContain('Iemand anders sloeg versie 3 van deze pagina op');
      // Who may: participants read, never write; others neither.
      expectProblem(await participant.api('POST', `/api/v1/programmes/${id}/playbook`, { title: 'Mine', body: 'x' }), 403);
      expectProblem(
        await participant.api('PATCH', `/api/v1/programmes/${id}/playbook/${page.id}`, { title: 'Mine', body: 'x', version: 3 }),
        403,
      );
      expect((await participant.get(`/programmes/${id}/playbook/${page.id}/edit`)).statusCode).toBe(403);
      for (const who of [plain.browser]) {
        expectProblem(await who.api('GET', `/api/v1/programmes/${id}/playbook`), 403);
        expectProblem(await who.api('GET', `/api/v1/programmes/${id}/playbook/${page.id}`), 403);
        expect((await who.get(`/programmes/${id}/playbook/${page.id}`)).statusCode).toBe(403);
      }
      expectProblem(await anon.api('GET', `/api/v1/programmes/${id}/playbook`), 401);
      expect((await anon.get(`/programmes/${id}/playbook`)).statusCode).toBe(302);
      // Bad input: each field named; nothing stored.
      expect(expectProblem(await manager.api('POST', `/api/v1/programmes/${id}/playbook`, { title: '', body: 'x' }), 400).field).toBe(
        'title',
      );
      expect(expectProblem(await manager.api('POST', `/api/v1/programmes/${id}/playbook`, { title: 'x', body: '' }), 400).field).toBe(
        'body',
      );
      expect(
        expectProblem(await manager.api('PATCH', `/api/v1/programmes/${id}/playbook/${page.id}`, { title: 'x', body: 'y' }), 400).field,
      ).toBe('version');
      const form = await dutch.post(`/programmes/${id}/playbook/new`, { title: '', body: 'Kept body' });
      expect(form.statusCode).toBe(400);
      expect(form.body).toContain('Kept body');
      expect(form.body).toContain('href="#title"');
      expect((await manager.api('GET', `/api/v1/programmes/${id}/playbook`)).json().items).toHaveLength(1);
    });
  });

  describe('accreditation', () => {
    test('the operator accredits the programme and its issuer as endorsements that verify and show; certificates issued after carry it; revoked shows as revoked', async () => {
      const id = world.programme.id;
      const operator = await signedInBrowser(ctx(), app, { operator: true, name: 'Operator' });
      const manager = await browserFor(world.manager);
      const anon = new Browser(app);
      const network = await createOrganisation(ctx().db, {
        slug: `net-${Date.now()}`,
        name: 'The Network',
        kind: 'network',
        description: 'n',
      });
      const body = {
        kind: 'programme',
        programme: id,
        accreditor: network.slug,
        comment: 'Meets the network’s standard for coach programmes.',
      };
      expectProblem(await anon.api('POST', '/api/v1/programmes/accreditations', body), 401);
      expect(expectProblem(await manager.api('POST', '/api/v1/programmes/accreditations', body), 403).code).toBe(
        'programmes:errors.operatorOnly',
      );
      expect(
        expectProblem(await operator.browser.api('POST', '/api/v1/programmes/accreditations', { ...body, kind: 'course' }), 400).field,
      ).toBe('kind');
      expect(
        expectProblem(await operator.browser.api('POST', '/api/v1/programmes/accreditations', { ...body, comment: '' }), 400).field,
      ).toBe('comment');
      expect(
        expectProblem(await operator.browser.api('POST', '/api/v1/programmes/accreditations', { ...body, accreditor: world.slug }), 400)
          .field,
      ).toBe('programme');
      const made = await operator.browser.api('POST', '/api/v1/programmes/accreditations', body);
      expect(made.statusCode, made.body).toBe(201);
      const accreditation = made.json();
      const issuer = await operator.browser.api('POST', '/api/v1/programmes/accreditations', {
        kind: 'issuer',
        issuer: world.slug,
        accreditor: network.slug,
        comment: 'A trusted trainer of coaches.',
      });
      expect(issuer.statusCode, issuer.body).toBe(201);
      const endorsement = (await anon.api('GET', `/api/v1/endorsements/${accreditation.endorsementId}`)).json();
      expect(endorsement.credential.type).toEqual(['VerifiableCredential', 'EndorsementCredential']);
      expect((await verifyInContext(ctx(), endorsement.credential)).valid).toBe(true);
      const page = await anon.get(`/programmes/${id}`);
      expect(page.body).toContain('This programme is accredited by The Network');
      expect(page.body).toContain('is accredited by The Network');
      expect(page.body).toContain(`/endorsements/${accreditation.endorsementId}`);
      // A certificate issued now carries the accreditation in its achievement, and fits the OB 3.0 schema.
      const holder = await world.participant('Holder');
      await pass(holder, 0);
      await pass(holder, 1);
      const certificate = (await allItems(ctx(), holder.id)).find((i) => i.name === world.programme.name);
      const doc = certificate?.document as Record<string, any>;
      expect(doc.credentialSubject.achievement.endorsement).toHaveLength(1);
      expect(doc.credentialSubject.achievement.endorsement[0].credentialSubject.endorsementComment).toBe(body.comment);
      expect(schemaErrors(doc)).toEqual([]);
      expect((await verifyInContext(ctx(), doc)).valid).toBe(true);
      // Revoked: shown as revoked, the endorsement fails verification.
      expectProblem(await manager.api('POST', `/api/v1/programmes/accreditations/${accreditation.id}/revoke`, { reason: 'x' }), 403);
      const revoked = await operator.browser.api('POST', `/api/v1/programmes/accreditations/${accreditation.id}/revoke`, {
        reason: 'Standard no longer met',
      });
      expect(revoked.statusCode, revoked.body).toBe(200);
      expect(revoked.json().state).toBe('revoked');
      expect((await anon.get(`/programmes/${id}`)).body).toContain('Revoked');
      const after = (await anon.api('GET', `/api/v1/endorsements/${accreditation.endorsementId}`)).json();
      expect((await verifyInContext(ctx(), after.credential)).valid).toBe(false);
      expect((await anon.api('GET', '/api/v1/programmes/accreditations')).json().items.length).toBeGreaterThanOrEqual(2);
    }, 120_000);
  });

  describe('expiry, reminders and renewal', () => {
    test('a badge expires after its period; one reminder per credential and period however often (and at once) the job runs, also after a run that stopped', async () => {
      const quinn = await world.participant('Quinn');
      const decided = await pass(quinn, 0);
      const validUntil = decided.round.validUntil as Date;
      expect(validUntil).toBeInstanceOf(Date);
      const months = (validUntil.getTime() - Date.now()) / (30.4 * 86_400_000);
      expect(Math.round(months)).toBe(12);
      const doc = (await allItems(ctx(), quinn.id)).find((i) => i.name === 'Expiring')?.document as Record<string, any>;
      expect(doc.validUntil).toBe(validUntil.toISOString().replace(/\.\d{3}Z$/, 'Z'));
      const email = quinn.email;
      // Not yet due: nothing sent.
      await sendReminders(ctx());
      expect(await mails(email, 'expires')).toBe(0);
      // Within REMINDER_DAYS: two runs at once send one mail, a third run none.
      const now = new Date(validUntil.getTime() - (REMINDER_DAYS - 5) * 86_400_000);
      const [a, b] = await Promise.all([sendReminders(ctx(), now), sendReminders(ctx(), now)]);
      expect(await mails(email, 'expires')).toBe(1);
      expect(a.sent + b.sent).toBeGreaterThanOrEqual(1);
      await sendReminders(ctx(), now);
      expect(await mails(email, 'expires')).toBe(1);
      // A run that claimed a reminder and stopped before mailing: a claim just made is left to its run;
      // one older than the claim window is taken over and mailed, once.
      const other = await world.participant('Rosa');
      const rosa = await pass(other, 0);
      const rosaNow = new Date((rosa.round.validUntil as Date).getTime() - 10 * 86_400_000);
      await ctx()
        .db.insertInto('programme_reminders')
        .values({
          credential_id: rosa.round.credentialId as string,
          valid_until: rosa.round.validUntil as Date,
          round_id: rosa.round.id,
          claimed_at: rosaNow,
        })
        .execute();
      await sendReminders(ctx(), rosaNow);
      expect(await mails(other.email, 'expires')).toBe(0);
      const later = new Date(rosaNow.getTime() + 60 * 60_000);
      await Promise.all([sendReminders(ctx(), later), sendReminders(ctx(), later)]);
      expect(await mails(other.email, 'expires')).toBe(1);
      await sendReminders(ctx(), new Date(later.getTime() + 60 * 60_000));
      expect(await mails(other.email, 'expires')).toBe(1);
      // The mail names the badge, the date and where to renew, in the holder's language.
      const [mail] = await ctx()
        .db.selectFrom('mail_outbox')
        .select(['subject', 'text_body'])
        .where('to_address', '=', email)
        .where('subject', 'like', '%expires%')
        .execute();
      expect(mail.subject).toContain('Expiring');
      expect(mail.text_body).toContain(`/programmes/${world.programme.id}/work#module-${world.modules[0].id}`);
    }, 120_000);

    test('renewal by a new assessment: not before its window; a new round, a new credential, no reminder for the old one after', async () => {
      const sam = await world.participant('Sam');
      const first = await pass(sam, 0);
      const moduleId = world.modules[0].id;
      await expect(requestRenewal(ctx(), sam, moduleId, {})).rejects.toMatchObject({ code: 'programmes:errors.renewalNotDue' });
      const due = new Date((first.round.validUntil as Date).getTime() - 30 * 86_400_000);
      const round = await requestRenewal(ctx(), sam, moduleId, {}, { now: due });
      expect(round).toMatchObject({ purpose: 'renewal', mode: 'assessment', state: 'open', number: 2 });
      await expect(requestRenewal(ctx(), sam, moduleId, {}, { now: due })).rejects.toMatchObject({ code: 'programmes:errors.roundOpen' });
      const renewed = await pass(sam, 0, { c1: 'l2', c2: 'l3' });
      expect(renewed.round.state).toBe('passed');
      expect(renewed.round.credentialId).not.toBe(first.round.credentialId);
      const { work } = await myWork(ctx(), sam, world.programme.id);
      expect(work[0].held?.id).toBe(renewed.round.id);
      const doc = (await allItems(ctx(), sam.id)).find((i) => i.id && (i.document as { id?: string }).id === renewed.round.credentialUrl)
        ?.document as Record<string, any>;
      expect(doc.evidence.map((e: { id: string }) => e.id).some((e: string) => e.includes(first.round.evidenceToken))).toBe(true);
      expect(schemaErrors(doc)).toEqual([]);
      // The first badge is renewed: no reminder for it (the renewed one, due by then too, gets its own).
      await sendReminders(ctx(), new Date((first.round.validUntil as Date).getTime() - 5 * 86_400_000));
      const reminded = await ctx()
        .db.selectFrom('programme_reminders')
        .select('credential_id')
        .where('round_id', 'in', [first.round.id, renewed.round.id])
        .execute();
      expect(reminded.map((r) => r.credential_id)).toEqual([renewed.round.credentialId]);
    }, 120_000);

    test('renewal by a claim: what was done since, approved at the levels held; the API and the page refuse bad claims', async () => {
      const tess = await world.participant('Tess');
      const first = await pass(tess, 1);
      const browser = await browserFor(tess);
      const moduleId = world.modules[1].id;
      const url = `/api/v1/programmes/${world.programme.id}/modules/${moduleId}/renewal`;
      expect(expectProblem(await browser.api('POST', url, { claimText: 'Coached' }), 409).code).toBe('programmes:errors.renewalNotDue');
      const due = { now: new Date((first.round.validUntil as Date).getTime() - 10 * 86_400_000) };
      await expect(requestRenewal(ctx(), tess, moduleId, { claimText: '' }, due)).rejects.toMatchObject({ field: 'claimText' });
      await expect(requestRenewal(ctx(), tess, moduleId, { claimText: 'x', claimLink: 'ftp://x' }, due)).rejects.toMatchObject({
        field: 'claimLink',
      });
      const claim = await requestRenewal(
        ctx(),
        tess,
        moduleId,
        { claimText: 'Coached 40 hours since', claimLink: 'https://log.example/tess' },
        due,
      );
      expect(claim).toMatchObject({ mode: 'claim', state: 'submitted' });
      // Someone else cannot renew for her; nobody signed out.
      const plain = await signedInBrowser(ctx(), app);
      expectProblem(await plain.browser.api('POST', url, { claimText: 'x' }), 403);
      expectProblem(await new Browser(app).api('POST', url, { claimText: 'x' }), 401);
      // The assessor sees the claim with the levels held, and approves it.
      const assessor = await browserFor(world.assessors[0]);
      const page = await assessor.get(`/programmes/${world.programme.id}/rounds/${claim.id}`);
      expect(page.body).toContain('Coached 40 hours since');
      expect(page.body).toContain('value="l3" checked');
      const approved = await review(ctx(), world.assessors[0], claim.id, { levels: first.round.levels as Record<string, string> });
      expect(approved.round.state).toBe('passed');
      const doc = (await allItems(ctx(), tess.id)).find((i) => (i.document as { id?: string }).id === approved.round.credentialUrl)
        ?.document as Record<string, any>;
      expect(doc.evidence.map((e: { id: string }) => e.id)).toEqual([
        `${ctx().config.baseUrl}/programmes/evidence/${claim.evidenceToken}#claim`,
        `${ctx().config.baseUrl}/programmes/evidence/${first.round.evidenceToken}`,
      ]);
      expect(doc.credentialSubject.result.map((r: { value: string }) => r.value)).toEqual(['Excellent', 'Sound']);
      expect(schemaErrors(doc)).toEqual([]);
      // The evidence page is public once a credential points to it, and shows the claim.
      const evidence = await new Browser(app).get(`/programmes/evidence/${claim.evidenceToken}`);
      expect(evidence.statusCode).toBe(200);
      expect(evidence.body).toContain('Coached 40 hours since');
      expect((await new Browser(app).get('/programmes/evidence/not-a-token-at-all-really')).statusCode).toBe(404);
    }, 120_000);

    test('a stop between deciding and issuing: the sweep issues the badge once', async () => {
      const uma = await world.participant('Uma');
      const module = world.modules[0];
      let roundId = '';
      for (const a of module.assignments)
        roundId = (await submit(ctx(), uma, a.id, a.evidence.includes('text') ? { text: 'x' } : { link: 'https://w.example' })).round.id;
      // As a stopped run leaves it: decided, no credential.
      await ctx()
        .db.updateTable('programme_rounds')
        .set({ state: 'passed', levels: JSON.stringify({ c1: 'l2', c2: 'l2' }) as never, decided_at: new Date() })
        .where('id', '=', roundId)
        .execute();
      const [a, b] = await Promise.all([issuePending(ctx()), issuePending(ctx())]);
      expect(a.failed + b.failed).toBe(0);
      await issuePending(ctx());
      const items = (await allItems(ctx(), uma.id)).filter((i) => i.name === module.name);
      expect(items).toHaveLength(1);
      const row = await ctx().db.selectFrom('programme_rounds').select('credential_id').where('id', '=', roundId).executeTakeFirstOrThrow();
      expect(row.credential_id).toBe(items[0].document && (items[0].document as { id: string }).id.split('/').pop());
    }, 120_000);
  });
});
