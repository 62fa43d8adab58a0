import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, type CurrentUser, createOrganisation } from '../../src/accounts/api.ts';
import { createSession, SESSION_COOKIE } from '../../src/accounts/sessions.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { addAssessor, addCohort, decide, enrol } from '../../src/programmes/cohorts.ts';
import { createProgramme } from '../../src/programmes/programmes.ts';
import { Browser, expectProblem, signedInBrowser } from '../accounts/support.ts';
import { person } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { programmeWorld } from './support.ts';

type World = Awaited<ReturnType<typeof programmeWorld>>;

describeEachDatabase('programme pages and API: who sees what, bad input', (ctx) => {
  let app: FastifyInstance;
  let world: World;
  let manager: Browser;
  let assessor: Browser;
  let otherAssessor: Browser;
  let pia: CurrentUser;
  let piaBrowser: Browser;
  let bob: CurrentUser;
  let bobBrowser: Browser;
  let outsider: Awaited<ReturnType<typeof signedInBrowser>>;
  let plain: Awaited<ReturnType<typeof signedInBrowser>>;
  let anon: Browser;
  let draftId: string;
  let autumnId: string;
  let submissionId: string;
  let roundId: string;

  async function browserFor(user: CurrentUser, lang = 'en'): Promise<Browser> {
    const browser = new Browser(app, lang);
    browser.cookies.set(SESSION_COOKIE, (await createSession(ctx().db, user.id)).token);
    await browser.get('/account');
    return browser;
  }

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    world = await programmeWorld(ctx(), 'Routes');
    manager = await browserFor(world.manager);
    assessor = await browserFor(world.assessors[0]);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const autumn = await addCohort(ctx(), world.manager, world.programme.id, {
      name: 'Autumn',
      startsOn: day(-5),
      endsOn: day(100),
      capacity: 5,
    });
    autumnId = autumn.id;
    const autumnAssessor = await person(ctx(), 'AutumnAssessor');
    await addAssessor(ctx(), world.manager, autumn.id, autumnAssessor.email);
    otherAssessor = await browserFor(autumnAssessor);
    pia = await world.participant('Pia');
    piaBrowser = await browserFor(pia);
    bob = await person(ctx(), 'Bob');
    const e = await enrol(ctx(), bob, autumn.id, { motivation: 'Autumn suits me' });
    await decide(ctx(), world.manager, e.id, 'accept');
    bobBrowser = await browserFor(bob);
    outsider = await signedInBrowser(ctx(), app, { name: 'Outsider' });
    const { id: otherOrg } = await createOrganisation(ctx().db, {
      slug: `other-${Date.now()}`,
      name: 'Other org',
      kind: 'school',
      description: 'x',
    });
    await addMember(ctx().db, otherOrg, outsider.userId, 'owner');
    plain = await signedInBrowser(ctx(), app, { name: 'Plain' });
    anon = new Browser(app);
    draftId = (await createProgramme(ctx(), world.manager, world.slug, { name: 'Secret draft', description: 'Not yet', status: 'draft' }))
      .id;
    const [coaching] = world.modules;
    const first = await piaBrowser.api(
      'POST',
      `/api/v1/programmes/${world.programme.id}/assignments/${coaching.assignments[0].id}/submissions`,
      {
        link: 'https://video.example/pia',
        file: { name: 'pia.txt', mime: 'text/plain', content: Buffer.from('my recording notes').toString('base64') },
      },
    );
    expect(first.statusCode, first.body).toBe(201);
    submissionId = first.json().submission.id;
    const second = await piaBrowser.api(
      'POST',
      `/api/v1/programmes/${world.programme.id}/assignments/${coaching.assignments[1].id}/submissions`,
      {
        text: 'Private reflection of Pia',
      },
    );
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().round.state).toBe('submitted');
    roundId = second.json().round.id;
  });
  afterAll(() => app.close());

  describe('who sees what', () => {
    test('a published programme is public; a draft only for its managers', async () => {
      for (const who of [anon, plain.browser, outsider.browser, piaBrowser]) {
        const page = await who.get(`/programmes/${world.programme.id}`);
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain(world.programme.name);
        expect(page.body).toContain('Coaching conversation');
        expect((await who.get('/programmes')).body).toContain(world.programme.name);
        expect((await who.get('/programmes')).body).not.toContain('Secret draft');
        expect((await who.get(`/programmes/${draftId}`)).statusCode).toBe(404);
        expect((await who.api('GET', `/api/v1/programmes/${draftId}`)).statusCode).toBe(404);
      }
      expect((await manager.get(`/programmes/${draftId}`)).statusCode).toBe(200);
      const listed = await manager.api('GET', `/api/v1/programmes?organisation=${world.slug}`);
      expect(
        listed
          .json()
          .items.map((p: { name: string }) => p.name)
          .sort(),
      ).toEqual([world.programme.name, 'Secret draft'].sort());
      const theirs = await outsider.browser.api('GET', `/api/v1/programmes?organisation=${world.slug}`);
      expect(theirs.json().items.map((p: { name: string }) => p.name)).toEqual([world.programme.name]);
    });

    test('the managers’ pages: signed out to sign-in, another organisation and another person refused', async () => {
      const id = world.programme.id;
      const cohort = world.cohort.id;
      const pages = [
        `/organisations/${world.slug}/programmes`,
        `/organisations/${world.slug}/programmes/new`,
        `/programmes/${id}/edit`,
        `/programmes/${id}/modules/new`,
        `/programmes/${id}/cohorts/new`,
        `/programmes/${id}/cohorts/${cohort}/edit`,
      ];
      for (const path of pages) {
        const signedOut = await anon.get(path);
        expect(signedOut.statusCode, path).toBe(302);
        expect(signedOut.headers.location).toContain('/signin');
        for (const who of [plain.browser, outsider.browser, piaBrowser, assessor])
          expect((await who.get(path)).statusCode, `${path} for another`).toBe(403);
        expect((await manager.get(path)).statusCode, path).toBe(200);
      }
      for (const [path, form] of [
        [`/organisations/${world.slug}/programmes/new`, { name: 'Taken', description: 'x' }],
        [`/programmes/${id}/edit`, { name: 'Taken over', description: 'x', enrolment: 'open', status: 'published' }],
        [`/programmes/${id}/modules/new`, { name: 'Sneaky' }],
        [`/programmes/${id}/cohorts/new`, { name: 'Sneaky', startsOn: '2030-01-01', endsOn: '2030-02-01', capacity: '3' }],
        [`/programmes/${id}/cohorts/${cohort}/assessors`, { email: plain.email }],
      ] as const) {
        expect((await anon.post(path, form)).statusCode, path).toBe(401);
        for (const who of [plain.browser, outsider.browser, piaBrowser]) expect((await who.post(path, form)).statusCode, path).toBe(403);
      }
      // The draft's pages are "not found" to those who may not see it.
      expect((await outsider.browser.get(`/programmes/${draftId}/edit`)).statusCode).toBe(404);
      // The cohort page: managers and the cohort's assessors; not another cohort's assessor, nor a participant.
      expect((await manager.get(`/programmes/${id}/cohorts/${cohort}`)).body).toContain('Pia');
      const asAssessor = await assessor.get(`/programmes/${id}/cohorts/${cohort}`);
      expect(asAssessor.statusCode).toBe(200);
      expect(asAssessor.body).toContain('Pia');
      expect(asAssessor.body).not.toContain('Accept');
      for (const who of [otherAssessor, piaBrowser, plain.browser])
        expect((await who.get(`/programmes/${id}/cohorts/${cohort}`)).statusCode).toBe(403);
      // Each cohort's assessors see their own cohort's page only.
      expect((await otherAssessor.get(`/programmes/${id}/cohorts/${autumnId}`)).statusCode).toBe(200);
      expect((await assessor.get(`/programmes/${id}/cohorts/${autumnId}`)).statusCode).toBe(403);
      // A cohort under another programme's address is not found.
      expect((await manager.get(`/programmes/${draftId}/cohorts/${cohort}`)).statusCode).toBe(404);
    });

    test('participants see only their own submissions; assessors only their cohort’s', async () => {
      const id = world.programme.id;
      const api = `/api/v1/programmes/${id}/submissions/${submissionId}`;
      const page = `/programmes/${id}/rounds/${roundId}`;
      const file = `/programmes/${id}/submissions/${submissionId}/file`;
      // Pia, her cohort's assessor and the manager.
      for (const who of [piaBrowser, assessor, manager]) {
        const json = await who.api('GET', api);
        expect(json.statusCode, json.body).toBe(200);
        expect(json.json().link).toBe('https://video.example/pia');
        const round = await who.get(page);
        expect(round.statusCode).toBe(200);
        expect(round.body).toContain('Private reflection of Pia');
        const download = await who.get(file);
        expect(download.statusCode).toBe(200);
        expect(download.headers['content-disposition']).toContain('attachment');
        expect(download.headers['content-type']).toBe('application/octet-stream');
        expect(download.body).toBe('my recording notes');
      }
      // Another participant, another cohort's assessor, another organisation, anyone: not found.
      for (const who of [bobBrowser, otherAssessor, outsider.browser, plain.browser]) {
        expectProblem(await who.api('GET', api), 404);
        expectProblem(await who.api('GET', `/api/v1/programmes/${id}/rounds/${roundId}`), 404);
        const round = await who.get(page);
        expect(round.statusCode).toBe(404);
        expect(round.body).not.toContain('Private reflection of Pia');
        expect((await who.get(file)).statusCode).toBe(404);
      }
      expectProblem(await anon.api('GET', api), 401);
      expect((await anon.get(page)).statusCode).toBe(302);
      expect((await anon.get(file)).statusCode).toBe(302);
      // The queues: Pia's work is waiting for her cohort's assessor, not for Autumn's.
      const queue = await assessor.api('GET', `/api/v1/programmes/${id}/assessments`);
      expect(queue.json().items.map((i: { round: { id: string } }) => i.round.id)).toContain(roundId);
      const theirs = await otherAssessor.api('GET', `/api/v1/programmes/${id}/assessments`);
      expect(theirs.statusCode).toBe(200);
      expect(theirs.json().items).toEqual([]);
      expect((await otherAssessor.get(`/programmes/${id}/assess`)).body).not.toContain('Pia');
      for (const who of [piaBrowser, plain.browser, outsider.browser])
        expectProblem(await who.api('GET', `/api/v1/programmes/${id}/assessments`), 403);
      // Bob's own work holds nothing of Pia's.
      const bobs = await bobBrowser.api('GET', `/api/v1/programmes/${id}/work`);
      expect(bobs.statusCode).toBe(200);
      expect(JSON.stringify(bobs.json())).not.toContain('Pia');
      expect(bobs.json().modules.every((m: { rounds: unknown[] }) => m.rounds.length === 0)).toBe(true);
      expectProblem(await plain.browser.api('GET', `/api/v1/programmes/${id}/work`), 403);
      expectProblem(await anon.api('GET', `/api/v1/programmes/${id}/work`), 401);
      // Judging: only Pia's cohort's assessors; never Pia herself.
      const levels = { levels: { c1: 'l2', c2: 'l2' } };
      expectProblem(await otherAssessor.api('POST', `/api/v1/programmes/${id}/rounds/${roundId}/reviews`, levels), 404);
      expectProblem(await piaBrowser.api('POST', `/api/v1/programmes/${id}/rounds/${roundId}/reviews`, levels), 403);
      expectProblem(await manager.api('POST', `/api/v1/programmes/${id}/rounds/${roundId}/reviews`, levels), 403);
      expectProblem(await anon.api('POST', `/api/v1/programmes/${id}/rounds/${roundId}/reviews`, levels), 401);
      expectProblem(await outsider.browser.api('POST', `/api/v1/programmes/${id}/rounds/${roundId}/moderation`, levels), 404);
      expect(
        (await otherAssessor.post(`/programmes/${id}/rounds/${roundId}/review`, { 'levels.c1': 'l2', 'levels.c2': 'l2' })).statusCode,
      ).toBe(404);
    });

    test('the API of managers: signed out 401, another organisation and another person 403', async () => {
      const id = world.programme.id;
      const cohort = world.cohort.id;
      const calls: [method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, body?: unknown][] = [
        ['POST', '/api/v1/programmes', { organisation: world.slug, name: 'X', description: 'x' }],
        ['PATCH', `/api/v1/programmes/${id}`, { name: 'Mine now' }],
        ['POST', `/api/v1/programmes/${id}/modules`, { name: 'X' }],
        ['POST', `/api/v1/programmes/${id}/cohorts`, { name: 'X', startsOn: '2030-01-01', endsOn: '2030-02-01', capacity: 3 }],
        ['PATCH', `/api/v1/programmes/${id}/cohorts/${cohort}`, { capacity: 1000 }],
        ['POST', `/api/v1/programmes/${id}/cohorts/${cohort}/assessors`, { email: plain.email }],
        ['DELETE', `/api/v1/programmes/${id}/cohorts/${cohort}/assessors/${world.assessors[0].id}`],
        ['GET', `/api/v1/programmes/${id}/cohorts/${cohort}/enrolments`],
      ];
      for (const [method, url, body] of calls) {
        expectProblem(await anon.api(method, url, body), 401);
        for (const who of [plain.browser, outsider.browser, piaBrowser]) expectProblem(await who.api(method, url, body), 403);
      }
      expectProblem(await outsider.browser.api('PATCH', `/api/v1/programmes/${draftId}`, { name: 'Mine now' }), 404);
      // Nothing changed.
      const after = (await anon.api('GET', `/api/v1/programmes/${id}`)).json();
      expect(after.name).toBe(world.programme.name);
      expect(after.cohorts.find((c: { id: string }) => c.id === cohort).capacity).toBe(10);
      // Deciding an application: managers of its programme only.
      const applicant = await person(ctx(), 'Applicant');
      const application = await enrol(ctx(), applicant, cohort, { motivation: 'Please' });
      const decision = `/api/v1/programmes/${id}/enrolments/${application.id}/decision`;
      expectProblem(await anon.api('POST', decision, { decision: 'accept' }), 401);
      expectProblem(await outsider.browser.api('POST', decision, { decision: 'accept' }), 404);
      expectProblem(await plain.browser.api('POST', decision, { decision: 'accept' }), 404);
      expectProblem(await assessor.api('POST', decision, { decision: 'accept' }), 403);
      expectProblem(
        await manager.api('POST', `/api/v1/programmes/${draftId}/enrolments/${application.id}/decision`, { decision: 'accept' }),
        404,
      );
      const accepted = await manager.api('POST', decision, { decision: 'accept' });
      expect(accepted.statusCode, accepted.body).toBe(200);
      expect(accepted.json().state).toBe('enrolled');
      expectProblem(await manager.api('POST', decision, { decision: 'decline' }), 409);
      // Assessors see the cohort's participants, not its applications; managers both.
      const seen = (await assessor.api('GET', `/api/v1/programmes/${id}/cohorts/${cohort}/enrolments`)).json().items;
      expect(seen.every((e: { state: string }) => e.state === 'enrolled')).toBe(true);
      expectProblem(await otherAssessor.api('GET', `/api/v1/programmes/${id}/cohorts/${cohort}/enrolments`), 403);
    });
  });

  describe('bad input', () => {
    test('programmes and cohorts: each mistake a 400 naming its field, in English and Dutch; nothing stored', async () => {
      const id = world.programme.id;
      const cases: [string, 'POST' | 'PATCH', Record<string, unknown>, string][] = [
        ['/api/v1/programmes', 'POST', { organisation: world.slug, name: '', description: 'x' }, 'name'],
        ['/api/v1/programmes', 'POST', { organisation: world.slug, name: 'x', description: '' }, 'description'],
        [`/api/v1/programmes/${id}`, 'PATCH', { name: '' }, 'name'],
        [`/api/v1/programmes/${id}/cohorts`, 'POST', { name: 'C', startsOn: '2030-02-30', endsOn: '2030-03-01', capacity: 3 }, 'startsOn'],
        [`/api/v1/programmes/${id}/cohorts`, 'POST', { name: 'C', startsOn: '2030-02-10', endsOn: '2030-02-01', capacity: 3 }, 'endsOn'],
        [`/api/v1/programmes/${id}/cohorts`, 'POST', { name: 'C', startsOn: '2030-02-10', endsOn: '2030-03-01', capacity: 0 }, 'capacity'],
        [`/api/v1/programmes/${id}/cohorts`, 'POST', { name: '', startsOn: '2030-02-10', endsOn: '2030-03-01', capacity: 3 }, 'name'],
        [`/api/v1/programmes/${id}/cohorts/${world.cohort.id}`, 'PATCH', { capacity: 1 }, 'capacity'],
        [`/api/v1/programmes/${id}/cohorts/${world.cohort.id}/assessors`, 'POST', { email: 'nobody@nowhere.example' }, 'email'],
        [`/api/v1/programmes/${id}/cohorts/${world.cohort.id}/assessors`, 'POST', { email: world.assessors[1].email }, 'email'],
        [`/api/v1/programmes/${id}/cohorts/${world.cohort.id}/assessors`, 'POST', { email: pia.email }, 'email'],
      ];
      for (const [url, method, body, field] of cases) {
        const problem = expectProblem(
          await manager.api(method, url, body),
          (body as { email?: string }).email === world.assessors[1].email ? 409 : 400,
        );
        expect(problem.field, `${url} ${JSON.stringify(body)}`).toBe(field);
        expect(String(problem.code)).toMatch(/^(programmes|platform):errors\./);
      }
      expectProblem(await manager.api('POST', '/api/v1/programmes', { organisation: world.slug, name: 'x', colour: 'red' }), 400);
      expectProblem(await manager.api('POST', '/api/v1/programmes', { organisation: world.slug, status: 'live' }), 400);
      // In Dutch on the form, next to the field, what was typed kept.
      const dutch = await browserFor(world.manager, 'nl');
      const form = await dutch.post(`/programmes/${id}/cohorts/new`, {
        name: 'Kept name',
        startsOn: '2030-02-10',
        endsOn: '2030-02-01',
        capacity: 'many',
      });
      expect(form.statusCode).toBe(400);
      expect(form.body).toContain('De groep kan niet eindigen voordat hij begint.');
      expect(form.body).toContain('Vul een heel getal in van 1 tot 1000.');
      expect(form.body).toContain('Kept name');
      expect(form.body).toContain('href="#endsOn"');
      const english = await manager.post(`/programmes/${id}/cohorts/new`, {
        name: '',
        startsOn: 'soon',
        endsOn: '2030-02-01',
        capacity: '3',
      });
      expect(english.statusCode).toBe(400);
      expect(english.body).toContain('Enter a date like 2026-03-31.');
      const cohorts = (await anon.api('GET', `/api/v1/programmes/${id}`)).json().cohorts;
      expect(cohorts.map((c: { name: string }) => c.name).sort()).toEqual(['Autumn', 'Spring']);
      // A stale version is a 409 and keeps the programme.
      const before = (await manager.api('GET', `/api/v1/programmes/${id}`)).json();
      expectProblem(await manager.api('PATCH', `/api/v1/programmes/${id}`, { name: 'Renamed', version: before.version + 5 }), 409);
      expect((await manager.api('GET', `/api/v1/programmes/${id}`)).json().name).toBe(before.name);
      expectProblem(await manager.api('GET', '/api/v1/programmes/not-a-uuid'), 404);
      expect((await anon.get('/programmes/not-a-uuid')).statusCode).toBe(404);
    });

    test('modules: the rubric and assignments checked field by field before any badge is made', async () => {
      const id = world.programme.id;
      const good = {
        name: 'Good',
        description: 'd',
        rubric: [{ name: 'A', levels: [{ name: 'low' }, { name: 'high' }] }],
        assignments: [{ title: 'T', evidence: ['text'] }],
      };
      const cases: [Record<string, unknown>, string][] = [
        [{ name: '' }, 'name'],
        [{ rubric: [] }, 'rubric'],
        [{ rubric: [{ name: 'A', levels: [{ name: 'only' }] }] }, 'rubric.0.levels'],
        [{ rubric: [{ name: '', levels: [{ name: 'a' }, { name: 'b' }] }] }, 'rubric.0.name'],
        [{ rubric: [{ name: 'A', levels: [{ name: 'a' }, { name: 'A' }] }] }, 'rubric.0.levels'],
        [{ rubric: [{ name: 'A', levels: [{ name: 'a' }, { name: 'b' }], passLevel: 3 }] }, 'rubric.0.passLevel'],
        [
          {
            rubric: [
              { name: 'A', levels: [{ name: 'a' }, { name: 'b' }] },
              { name: 'a', levels: [{ name: 'a' }, { name: 'b' }] },
            ],
          },
          'rubric.1.name',
        ],
        [{ assignments: [] }, 'assignments'],
        [{ assignments: [{ title: 'T', evidence: [] }] }, 'assignments.0.evidence'],
        [{ assignments: [{ title: 'T', evidence: ['video'] }] }, 'assignments.0.evidence'],
        [{ assignments: [{ title: '', instructions: 'i', evidence: ['text'] }] }, 'assignments.0.title'],
        [{ validMonths: 0 }, 'validMonths'],
        [{ skills: ['no such skill'] }, 'skills'],
      ];
      const before = (await manager.api('GET', `/api/v1/programmes/${id}`)).json().modules.length;
      for (const [payload, field] of cases) {
        const problem = expectProblem(await manager.api('POST', `/api/v1/programmes/${id}/modules`, { ...good, ...payload }), 400);
        expect(problem.field, JSON.stringify(payload)).toBe(field);
      }
      expect((await manager.api('GET', `/api/v1/programmes/${id}`)).json().modules).toHaveLength(before);
      // The form: in Dutch, next to the fields, typed rows kept.
      const dutch = await browserFor(world.manager, 'nl');
      const form = await dutch.post(`/programmes/${id}/modules/new`, {
        name: 'Kept module',
        description: 'Kept description',
        'rubric.0.name': 'Kept criterion',
        'rubric.0.levels': 'Only one',
        'assignments.0.title': 'Kept assignment',
      });
      expect(form.statusCode).toBe(400);
      expect(form.body).toContain('Een criterium heeft 2 tot 8 niveaus nodig.');
      expect(form.body).toContain('Kies wat deelnemers inleveren: tekst, een bestand of een link.');
      expect(form.body).toContain('Kept criterion');
      expect(form.body).toContain('Kept assignment');
      expect(form.body).toContain('href="#rubric.0.levels"');
      // And a good one through the form: the rubric from "Name: description" lines.
      const ok = await manager.post(`/programmes/${id}/modules/new`, {
        name: 'From the form',
        description: 'Made in the form',
        'rubric.0.name': 'Listening',
        'rubric.0.levels': 'Weak: talks over\nGood: lets them finish\nStrong: hears what is not said',
        'rubric.0.passLevel': 'Good',
        'assignments.0.title': 'Record a talk',
        'assignments.0.evidence': 'file',
        validMonths: '24',
        renewal: 'claim',
      });
      expect(ok.statusCode, ok.body).toBe(303);
      const made = (await manager.api('GET', `/api/v1/programmes/${id}`))
        .json()
        .modules.find((m: { name: string }) => m.name === 'From the form');
      expect(made.rubric[0].levels.map((l: { name: string }) => l.name)).toEqual(['Weak', 'Good', 'Strong']);
      expect(made.rubric[0].levels[2].description).toBe('hears what is not said');
      expect(made.rubric[0].passLevel).toBe('l2');
      expect(made.validMonths).toBe(24);
      expect(made.renewal).toBe('claim');
    });

    test('applications, submissions and judgements: coded errors naming the field; stored evidence kept', async () => {
      const id = world.programme.id;
      const [coaching, routes] = world.modules;
      // Applying: a motivation is needed; one application per programme; a full or closed cohort refuses.
      const newcomer = await signedInBrowser(ctx(), app, { name: 'Newcomer' });
      const apply = `/api/v1/programmes/${id}/cohorts/${world.cohort.id}/enrolments`;
      expect(expectProblem(await newcomer.browser.api('POST', apply, { motivation: '' }), 400).field).toBe('motivation');
      expect((await newcomer.browser.api('POST', apply, { motivation: 'I would like to' })).statusCode).toBe(201);
      expect(expectProblem(await newcomer.browser.api('POST', apply, { motivation: 'Again' }), 409).code).toBe(
        'programmes:errors.alreadyEnrolled',
      );
      expectProblem(await anon.api('POST', apply, { motivation: 'x' }), 401);
      expectProblem(
        await plain.browser.api('POST', `/api/v1/programmes/${draftId}/cohorts/${world.cohort.id}/enrolments`, { motivation: 'x' }),
        404,
      );
      // Evidence: only what the assignment asks for; something is needed; a link is a web address.
      const url = (a: string) => `/api/v1/programmes/${id}/assignments/${a}/submissions`;
      const cases: [string, Record<string, unknown>, string][] = [
        [routes.assignments[1].id, { text: '' }, 'text'],
        [routes.assignments[1].id, { link: 'https://x.example' }, 'link'],
        [routes.assignments[0].id, { link: 'javascript:alert(1)' }, 'link'],
        [routes.assignments[0].id, { link: 'not a link' }, 'link'],
        [routes.assignments[0].id, { text: 'text is not asked here' }, 'text'],
        [routes.assignments[0].id, { file: { name: '', content: 'aGk=' } }, 'file.name'],
      ];
      for (const [assignment, body, field] of cases) {
        const problem = expectProblem(await piaBrowser.api('POST', url(assignment), body), 400);
        expect(problem.field, JSON.stringify(body)).toBe(field);
      }
      expectProblem(await piaBrowser.api('POST', url('00000000-0000-4000-8000-000000000000'), { text: 'x' }), 404);
      expectProblem(
        await piaBrowser.api('POST', `/api/v1/programmes/${draftId}/assignments/${routes.assignments[1].id}/submissions`, { text: 'x' }),
        404,
      );
      expectProblem(await plain.browser.api('POST', url(routes.assignments[1].id), { text: 'x' }), 403);
      expectProblem(await anon.api('POST', url(routes.assignments[1].id), { text: 'x' }), 401);
      expect(
        (await piaBrowser.api('GET', `/api/v1/programmes/${id}/work`))
          .json()
          .modules.find((m: { moduleId: string }) => m.moduleId === routes.id).rounds,
      ).toEqual([]);
      // In Dutch on the page.
      const dutch = await browserFor(pia, 'nl');
      const page = await dutch.post(`/programmes/${id}/assignments/${routes.assignments[0].id}`, { link: 'geen link' });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('Vul een webadres in dat begint met http:// of https://.');
      expect(page.body).toContain('geen link');
      // Judging: a level for every criterion, from the rubric.
      const review = `/api/v1/programmes/${id}/rounds/${roundId}/reviews`;
      expect(expectProblem(await assessor.api('POST', review, { levels: { c1: 'l2' } }), 400).field).toBe('levels.c2');
      expect(expectProblem(await assessor.api('POST', review, { levels: { c1: 'l9', c2: 'l2' } }), 400).field).toBe('levels.c1');
      expect(expectProblem(await assessor.api('POST', review, { levels: { c1: 'l1', c2: 'l2', c7: 'l1' } }), 400).field).toBe('levels.c7');
      const form = await browserFor(world.assessors[0], 'nl');
      const judged = await form.post(`/programmes/${id}/rounds/${roundId}/review`, { 'levels.c1': 'l2', comment: 'Kept comment' });
      expect(judged.statusCode).toBe(400);
      expect(judged.body).toContain('Kies een niveau voor &#34;Reflection&#34;.');
      expect(judged.body).toContain('Kept comment');
      // Still waiting, evidence unchanged.
      const round = (await assessor.api('GET', `/api/v1/programmes/${id}/rounds/${roundId}`)).json();
      expect(round.state).toBe('submitted');
      expect(round.reviews).toEqual([]);
      expect(round.submissions.map((s: { text: string }) => s.text)).toContain('Private reflection of Pia');
      // Once judged, the evidence no longer changes.
      expect((await assessor.api('POST', review, { levels: { c1: 'Competent', c2: 'Sound' }, comment: 'Fine' })).statusCode).toBe(200);
      expect(expectProblem(await piaBrowser.api('POST', url(coaching.assignments[1].id), { text: 'Changed after' }), 409).code).toBe(
        'programmes:errors.roundClosed',
      );
      // Coaching has one assessor: decided at once; a second judgement is refused.
      const second = await browserFor(world.assessors[1]);
      expect(expectProblem(await second.api('POST', review, { levels: { c1: 'l2', c2: 'l2' } }), 409).code).toBe(
        'programmes:errors.notReady',
      );
    });
  });

  test('the OpenAPI document lists the programmes API', async () => {
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of [
      '/api/v1/programmes',
      '/api/v1/programmes/{id}',
      '/api/v1/programmes/{id}/modules',
      '/api/v1/programmes/{id}/cohorts/{cohortId}/enrolments',
      '/api/v1/programmes/{id}/assignments/{assignmentId}/submissions',
      '/api/v1/programmes/{id}/rounds/{roundId}/reviews',
      '/api/v1/programmes/{id}/rounds/{roundId}/moderation',
      '/api/v1/programmes/{id}/playbook/{pageId}',
      '/api/v1/programmes/accreditations',
    ])
      expect(spec.paths[path], path).toBeTruthy();
  });
});
