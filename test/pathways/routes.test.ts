import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember } from '../../src/accounts/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser, expectProblem, signedInBrowser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { issuingOrganisation } from './support.ts';

type Signed = Awaited<ReturnType<typeof signedInBrowser>>;

describeEachDatabase('pathway pages and API', (ctx) => {
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof issuingOrganisation>>;
  let other: Awaited<ReturnType<typeof issuingOrganisation>>;
  let editor: Signed;
  let outsider: Signed;
  let plain: Signed;
  let anon: Browser;
  let draftId: string;
  let publishedId: string;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    school = await issuingOrganisation(ctx(), 'School', ['Welding', 'Safety', 'Pathway badge']);
    other = await issuingOrganisation(ctx(), 'Other', ['Their badge']);
    editor = await signedInBrowser(ctx(), app, { name: 'Editor' });
    await addMember(ctx().db, school.id, editor.userId, 'issuer');
    outsider = await signedInBrowser(ctx(), app, { name: 'Outsider' });
    await addMember(ctx().db, other.id, outsider.userId, 'owner');
    plain = await signedInBrowser(ctx(), app, { name: 'Plain' });
    anon = new Browser(app);
    const draft = await editor.browser.api('POST', '/api/v1/pathways', {
      organisation: school.slug,
      name: 'Draft pathway',
      achievementId: school.achievements[2].id,
      steps: [{ achievements: [school.achievements[0].id] }],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    draftId = draft.json().id;
    const published = await editor.browser.api('POST', '/api/v1/pathways', {
      organisation: school.slug,
      name: 'Published pathway',
      achievementId: school.achievements[2].id,
      status: 'published',
      steps: [
        { name: 'Weld', achievements: [school.achievements[0].id] },
        { name: 'Then theirs', ordered: true, rule: 'any', count: 1, achievements: [other.achievements[0].id, school.achievements[1].id] },
      ],
    });
    expect(published.statusCode, published.body).toBe(201);
    publishedId = published.json().id;
  });
  afterAll(() => app.close());

  describe('who sees what', () => {
    test('a published pathway is public; a draft only for its editors', async () => {
      for (const who of [anon, plain.browser, outsider.browser, editor.browser]) {
        const page = await who.get(`/pathways/${publishedId}`);
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain('Published pathway');
        expect(page.body).toContain('<svg');
        expect((await who.get('/pathways')).body).toContain('Published pathway');
        expect((await who.get('/pathways')).body).not.toContain('Draft pathway');
      }
      expect((await editor.browser.get(`/pathways/${draftId}`)).statusCode).toBe(200);
      for (const who of [anon, plain.browser, outsider.browser]) {
        expect((await who.get(`/pathways/${draftId}`)).statusCode).toBe(404);
        expect((await who.api('GET', `/api/v1/pathways/${draftId}`)).statusCode).toBe(404);
      }
      const mine = await editor.browser.api('GET', `/api/v1/pathways?organisation=${school.slug}`);
      expect(
        mine
          .json()
          .items.map((p: { name: string }) => p.name)
          .sort(),
      ).toEqual(['Draft pathway', 'Published pathway']);
      const theirs = await outsider.browser.api('GET', `/api/v1/pathways?organisation=${school.slug}`);
      expect(theirs.json().items.map((p: { name: string }) => p.name)).toEqual(['Published pathway']);
    });

    test('the organisation’s pathways and the editor: signed out to sign-in, others refused', async () => {
      const manage = `/organisations/${school.slug}/pathways`;
      const signedOut = await anon.get(manage);
      expect(signedOut.statusCode).toBe(302);
      expect(signedOut.headers.location).toContain('/signin');
      expect((await anon.get(`${manage}/new`)).statusCode).toBe(302);
      expect((await anon.post(`${manage}/new`, { name: 'x' })).statusCode).toBe(401);
      for (const who of [plain, outsider]) {
        expect((await who.browser.get(manage)).statusCode).toBe(403);
        expect((await who.browser.get(`${manage}/new`)).statusCode).toBe(403);
        expect((await who.browser.get(`${manage}/${publishedId}/edit`)).statusCode).toBe(403);
        expect((await who.browser.post(`${manage}/${publishedId}/edit`, { name: 'Taken over' })).statusCode).toBe(403);
      }
      // A pathway of another organisation under this one's address is not found.
      const theirs = await outsider.browser.api('POST', '/api/v1/pathways', {
        organisation: other.slug,
        name: 'Theirs',
        achievementId: other.achievements[0].id,
        steps: [{ achievements: [school.achievements[0].id] }],
      });
      expect(theirs.statusCode, theirs.body).toBe(201);
      expect((await editor.browser.get(`${manage}/${theirs.json().id}/edit`)).statusCode).toBe(404);
      expect((await editor.browser.get(manage)).body).toContain('Published pathway');
      expect((await editor.browser.get(`${manage}/${publishedId}/edit`)).body).toContain('Published pathway');
    });

    test('the API: signed out 401, other organisation and other person 403 (or 404 for a draft)', async () => {
      const body = {
        organisation: school.slug,
        name: 'X',
        achievementId: school.achievements[2].id,
        steps: [{ achievements: [school.achievements[0].id] }],
      };
      expectProblem(await anon.api('POST', '/api/v1/pathways', body), 401);
      expectProblem(await plain.browser.api('POST', '/api/v1/pathways', body), 403);
      expectProblem(await outsider.browser.api('POST', '/api/v1/pathways', body), 403);
      expectProblem(await anon.api('PATCH', `/api/v1/pathways/${publishedId}`, { name: 'Mine now' }), 401);
      expectProblem(await outsider.browser.api('PATCH', `/api/v1/pathways/${publishedId}`, { name: 'Mine now' }), 403);
      expectProblem(await plain.browser.api('PATCH', `/api/v1/pathways/${publishedId}`, { name: 'Mine now' }), 403);
      expectProblem(await outsider.browser.api('PATCH', `/api/v1/pathways/${draftId}`, { name: 'Mine now' }), 404);
      expectProblem(await anon.api('GET', `/api/v1/pathways/${publishedId}/progress`), 401);
      expect((await editor.browser.api('GET', `/api/v1/pathways/${publishedId}`)).json().name).toBe('Published pathway');
    });
  });

  describe('bad input', () => {
    const post = (payload: Record<string, unknown>) =>
      editor.browser.api('POST', '/api/v1/pathways', {
        organisation: school.slug,
        name: 'Bad',
        achievementId: school.achievements[2].id,
        steps: [{ achievements: [school.achievements[0].id] }],
        ...payload,
      });

    test('each mistake is a 400 naming its field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ name: '' }, 'name'],
        [{ achievementId: other.achievements[0].id }, 'achievementId'],
        [{ achievementId: 'not-an-id' }, 'achievementId'],
        [{ steps: [] }, 'steps'],
        [{ steps: [{ achievements: ['nonsense here'] }] }, 'steps.0.achievements'],
        [{ steps: [{ achievements: ['00000000-0000-4000-8000-000000000000'] }] }, 'steps.0.achievements'],
        [{ steps: [{ skills: ['no such skill'] }] }, 'steps.0.skills'],
        [{ steps: [{ rule: 'some', achievements: [school.achievements[0].id] }] }, 'steps.0.rule'],
        [{ steps: [{ rule: 'any', count: 3, achievements: [school.achievements[0].id] }] }, 'steps.0.count'],
        [{ steps: [{ ordered: true, achievements: [school.achievements[0].id] }] }, 'steps.0.ordered'],
        [{ steps: [{ achievements: [school.achievements[2].id] }] }, 'steps.0.achievements'],
        [{ steps: [{ achievements: [school.achievements[0].id] }, { achievements: [school.achievements[0].id] }] }, 'steps.1.achievements'],
        [{ steps: [{ achievements: [] }] }, 'steps.0.achievements'],
      ];
      for (const [payload, field] of cases) {
        const problem = expectProblem(await post(payload), 400);
        expect(problem.field, JSON.stringify(payload)).toBe(field);
      }
      // Schema errors: an unknown property, a wrong type, a status that is none.
      expectProblem(await post({ colour: 'red' }), 400);
      expectProblem(await post({ steps: [{ achievements: 'one' }] }), 400);
      expectProblem(await post({ status: 'live' }), 400);
      expectProblem(await editor.browser.api('POST', '/api/v1/pathways', { organisation: 'no-such-org', name: 'x' }), 404);
    });

    test('a refused change keeps the stored pathway; a stale version is a 409', async () => {
      const before = (await editor.browser.api('GET', `/api/v1/pathways/${publishedId}`)).json();
      expectProblem(await editor.browser.api('PATCH', `/api/v1/pathways/${publishedId}`, { name: '', steps: [] }), 400);
      expectProblem(
        await editor.browser.api('PATCH', `/api/v1/pathways/${publishedId}`, { name: 'Renamed', version: before.version - 1 + 100 }),
        409,
      );
      expect((await editor.browser.api('GET', `/api/v1/pathways/${publishedId}`)).json()).toEqual(before);
      const renamed = await editor.browser.api('PATCH', `/api/v1/pathways/${publishedId}`, {
        description: 'Now described',
        version: before.version,
      });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json().steps).toEqual(before.steps);
      expect(renamed.json().version).toBe(before.version + 1);
      expectProblem(await editor.browser.api('GET', '/api/v1/pathways/not-a-uuid'), 404);
      expect((await anon.get('/pathways/not-a-uuid')).statusCode).toBe(404);
    });

    test('the form shows every problem next to its field and keeps what was typed', async () => {
      const response = await editor.browser.post(`/organisations/${school.slug}/pathways/new`, {
        name: '',
        description: 'Kept text',
        achievementId: school.achievements[2].id,
        status: 'draft',
        'steps.0.name': 'First',
        'steps.0.rule': 'any',
        'steps.0.count': '5',
        'steps.0.external': 'not an id',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Kept text');
      expect(response.body).toContain('This is required.');
      expect(response.body).toContain('is not a badge of this network');
      expect(response.body).toContain('href="#name"');
      const ok = await editor.browser.post(`/organisations/${school.slug}/pathways/new`, {
        name: 'Made in the form',
        achievementId: school.achievements[2].id,
        status: 'published',
        'steps.0.achievements': school.achievements[0].id,
        'steps.1.name': 'Anything of two',
        'steps.1.rule': 'any',
        'steps.1.count': '1',
        'steps.1.ordered': 'on',
        'steps.1.achievements': school.achievements[1].id,
        'steps.1.external': 'https://elsewhere.example/achievements/7',
        'steps.2.name': '',
      });
      expect(ok.statusCode, ok.body).toBe(303);
      const page = await editor.browser.get(ok.headers.location as string);
      expect(page.body).toContain('Made in the form');
      expect(page.body).toContain('https://elsewhere.example/achievements/7');
    });
  });
});
