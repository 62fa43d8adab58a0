import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../src/accounts/sessions.ts';
import { executeRun } from '../../src/labour-market/harvest.ts';
import { startDueRuns } from '../../src/labour-market/jobs.ts';
import { skillTagger, type SkillTagger, tagPending, taggedText, useSkillTagger } from '../../src/labour-market/tagging.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { importEsco } from '../../src/skills/esco/service.ts';
import { bearer, Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { escoFixturePaths } from '../helpers/esco-fixture.ts';
import { insertEscoSkills, makeOrg, makeUser } from '../skills/library/helpers.ts';
import { SAME } from './pairs.ts';

type User = Awaited<ReturnType<typeof makeUser>>;

async function browserFor(ctx: AppContext, app: FastifyInstance, user: { id: string }, lang = 'en'): Promise<Browser> {
  const browser = new Browser(app, lang);
  const { token } = await createSession(ctx.db, user.id);
  browser.cookies.set(SESSION_COOKIE, token);
  await browser.get('/');
  return browser;
}

function problem(response: LightMyRequestResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as { code?: string; field?: string; errors?: { field: string }[] };
}

describeEachDatabase('labour market: API, pages and who may do what', (context) => {
  let app: FastifyInstance;
  let analyst: User;
  let member: User;
  let otherAnalyst: User;
  let outsider: User;
  let orgA: string;
  let orgB: string;
  let slugA: string;
  let sourceId: string;
  let vacancyId: string;
  let runId: string;
  let skillIds: Record<string, string>;
  let previousTagger: SkillTagger | null;

  beforeAll(async () => {
    const ctx = context();
    app = await buildApp(ctx, { logger: false });
    await importEsco(ctx, escoFixturePaths());
    analyst = await makeUser(ctx, 'Analyst');
    member = await makeUser(ctx, 'Member');
    otherAnalyst = await makeUser(ctx, 'Other analyst');
    outsider = await makeUser(ctx, 'Outsider');
    orgA = await makeOrg(ctx, 'Observatory', [
      [analyst, 'analyst'],
      [member, 'member'],
    ]);
    orgB = await makeOrg(ctx, 'Elsewhere', [[otherAnalyst, 'analyst']]);
    slugA = (await ctx.db.selectFrom('organisations').select('slug').where('id', '=', orgA).executeTakeFirstOrThrow()).slug;
    skillIds = await insertEscoSkills(ctx, [
      { uri: 'http://data.europa.eu/esco/skill/lm-welding', name: { en: 'use welding equipment', nl: 'lasapparatuur gebruiken' } },
      { uri: 'http://data.europa.eu/esco/skill/lm-drawings', name: { en: 'read technical drawings', nl: 'technische tekeningen lezen' } },
    ]);
    previousTagger = skillTagger();
    // A stand-in for skill extraction: finds two phrases and says where.
    useSkillTagger(async (_ctx, text) => {
      const found = [
        ['MIG/MAG-lassen', 'lm-welding', 'lasapparatuur gebruiken'],
        ['technische tekeningen', 'lm-drawings', 'technische tekeningen lezen'],
      ].flatMap(([phrase, key, label]) => {
        const at = text.indexOf(phrase);
        return at < 0
          ? []
          : [
              {
                skillId: skillIds[`http://data.europa.eu/esco/skill/${key}`]!,
                escoUri: `http://data.europa.eu/esco/skill/${key}`,
                label,
                score: 0.9,
                spans: [[at, at + phrase.length]] as [number, number][],
              },
            ];
      });
      return found;
    });
  });

  afterAll(async () => {
    useSkillTagger(previousTagger);
    await app?.close();
  });

  describe('the API', () => {
    test('POST /api/v1/vacancies: new (201), the same again (seen), a repost (near), another job (new); occupation from the title', async () => {
      const [ad, repost] = SAME[1];
      const base = {
        organisation: slugA,
        title: ad.title,
        employer: ad.employer,
        description: ad.description,
        postcode: '5349 AA',
        municipality: 'Oss',
      };
      const created = bearer(app, analyst.token, 'POST', '/api/v1/vacancies', { ...base, id: 'ext-1', datePosted: '2026-11-25' });
      const first = await created;
      expect(first.statusCode, first.body).toBe(201);
      vacancyId = first.json().vacancyId;
      expect(first.json().status).toBe('new');
      const again = await bearer(app, analyst.token, 'POST', '/api/v1/vacancies', { ...base, id: 'ext-1', datePosted: '2026-11-25' });
      expect([again.statusCode, again.json().status, again.json().vacancyId]).toEqual([200, 'seen', vacancyId]);
      const near = await bearer(app, analyst.token, 'POST', '/api/v1/vacancies', {
        organisation: slugA,
        id: 'ext-2',
        title: repost.title,
        description: repost.description,
      });
      expect([near.statusCode, near.json().status, near.json().vacancyId]).toEqual([200, 'near', vacancyId]);
      const other = await bearer(app, analyst.token, 'POST', '/api/v1/vacancies', {
        organisation: slugA,
        title: 'Senior Software Developer (m/v)',
        description: 'You build web applications in Java and write automated tests with your team.',
        language: 'en',
      });
      expect(other.statusCode).toBe(201);
      const detail = (await bearer(app, member.token, 'GET', `/api/v1/vacancies/${other.json().vacancyId}`)).json();
      expect(detail.occupation).toMatchObject({
        label: 'software developer',
        uri: 'http://data.europa.eu/esco/occupation/fixture-occupation-2',
      });
      expect(detail.occupation.confidence).toBeGreaterThan(0.45);
      const one = (await bearer(app, member.token, 'GET', `/api/v1/vacancies/${vacancyId}`)).json();
      expect(one.sightings.map((s: { match: string; url: string }) => [s.match, s.url])).toEqual([
        ['new', 'api:ext-1'],
        ['near', 'api:ext-2'],
      ]);
      expect(one.location).toMatchObject({ municipality: 'Oss', province: 'Noord-Brabant', postcode: '5349 AA' });
    });

    test('the tag step stores each skill with its ESCO URI, score and spans; safe to run twice', async () => {
      const ctx = context();
      expect(await tagPending(ctx, { organisationId: orgA })).toBe(2);
      expect(await tagPending(ctx, { organisationId: orgA })).toBe(0);
      const detail = (await bearer(app, member.token, 'GET', `/api/v1/vacancies/${vacancyId}`)).json();
      expect(detail.skills.map((s: { label: string }) => s.label).sort()).toEqual([
        'lasapparatuur gebruiken',
        'technische tekeningen lezen',
      ]);
      const welding = detail.skills.find((s: { escoUri: string }) => s.escoUri.endsWith('lm-welding'));
      const [[start, end]] = welding.spans;
      expect(detail.taggedText.slice(start, end)).toBe('MIG/MAG-lassen');
      expect(detail.taggedText).toBe(taggedText(detail));
      // Filter by skill: counts vacancies.
      const list = (await bearer(app, member.token, 'GET', `/api/v1/vacancies?skill=${welding.skillId}`)).json();
      expect(list.items.map((v: { id: string }) => v.id)).toEqual([vacancyId]);
    });

    test('sources: a feed is added, a file uploaded, run (202), read; a second run while one waits is refused (409); the run has a log', async () => {
      const ctx = context();
      const created = await bearer(app, analyst.token, 'POST', '/api/v1/vacancy-sources', {
        organisation: slugA,
        kind: 'feed',
        name: 'Gemeentelijke feed',
        format: 'csv',
        mapping: { title: 'functie', municipality: 'plaats', id: 'nr' },
      });
      expect(created.statusCode, created.body).toBe(201);
      sourceId = created.json().id;
      expect(created.json().health).toBe('never');
      const upload = await bearer(app, analyst.token, 'POST', `/api/v1/vacancy-sources/${sourceId}/upload`, {
        name: 'feed.csv',
        content: 'nr;functie;plaats;description\n1;Schilder;Oss;Je schildert woningen van binnen en buiten.\n2;;Uden;geen titel\n',
      });
      expect(upload.statusCode, upload.body).toBe(204);
      const started = await bearer(app, analyst.token, 'POST', `/api/v1/vacancy-sources/${sourceId}/runs`);
      expect(started.statusCode, started.body).toBe(202);
      runId = started.json().id;
      expect(started.json().status).toBe('queued');
      problem(await bearer(app, analyst.token, 'POST', `/api/v1/vacancy-sources/${sourceId}/runs`), 409);
      await executeRun(ctx, runId);
      const run = (await bearer(app, analyst.token, 'GET', `/api/v1/vacancy-runs/${runId}`)).json();
      expect(run).toMatchObject({ status: 'done', percent: 100, counts: { records: 2, postings: 1, new: 1, invalid: 1 } });
      expect(run.log.map((l: { code: string }) => l.code)).toEqual(['runStarted', 'feedRead', 'recordInvalid', 'runDone']);
      const source = (await bearer(app, analyst.token, 'GET', `/api/v1/vacancy-sources/${sourceId}`)).json();
      expect(source.health).toBe('warning');
      const patched = await bearer(app, analyst.token, 'PATCH', `/api/v1/vacancy-sources/${sourceId}`, { schedule: 'weekly' });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ schedule: 'weekly', name: 'Gemeentelijke feed', settings: { mapping: { title: 'functie' } } });
      const list = (await bearer(app, analyst.token, 'GET', '/api/v1/vacancy-sources')).json();
      expect(list.items.map((s: { kind: string }) => s.kind).sort()).toEqual(['api', 'feed']);
    });

    test('filters: region, period, source, current', async () => {
      const get = async (q: string) =>
        (await bearer(app, member.token, 'GET', `/api/v1/vacancies?${q}`))
          .json()
          .items.map((v: { title: string }) => v.title)
          .sort();
      expect(await get('region=Noord-Brabant')).toEqual([SAME[1][0].title]);
      expect(await get('region=Oss')).toEqual(['Lasser MIG/MAG', 'Schilder']);
      expect(await get(`source=${sourceId}`)).toEqual(['Schilder']);
      expect(await get('from=2026-11-01&to=2026-11-30')).toEqual([SAME[1][0].title]);
      expect((await get('current=true')).length).toBe(3);
      const occupation = (
        await context()
          .db.selectFrom('occupations')
          .select('id')
          .where('external_uri', '=', 'http://data.europa.eu/esco/occupation/fixture-occupation-2')
          .executeTakeFirstOrThrow()
      ).id;
      expect(await get(`occupation=${occupation}`)).toEqual(['Senior Software Developer (m/v)']);
    });

    test('a run whose job cannot be queued is marked failed and does not block the next run', async () => {
      const ctx = context();
      const send = ctx.jobs.send;
      ctx.jobs.send = async () => {
        throw new Error('queue down');
      };
      try {
        problem(await bearer(app, analyst.token, 'POST', `/api/v1/vacancy-sources/${sourceId}/runs`), 500);
      } finally {
        ctx.jobs.send = send;
      }
      const last = await ctx.db
        .selectFrom('vacancy_runs')
        .selectAll()
        .where('source_id', '=', sourceId)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      expect(last).toMatchObject({ status: 'failed', error_code: 'labour-market:errors.runCrashed' });
      const next = await bearer(app, analyst.token, 'POST', `/api/v1/vacancy-sources/${sourceId}/runs`);
      expect(next.statusCode, next.body).toBe(202);
      await executeRun(ctx, next.json().id);
    });

    test('a scheduled source gets a run when it is due, and not again while one waits', async () => {
      const ctx = context();
      const created = await bearer(app, analyst.token, 'POST', '/api/v1/vacancy-sources', {
        organisation: slugA,
        kind: 'site',
        name: 'Daily site',
        schedule: 'daily',
        startUrls: ['http://127.0.0.1:9/vacatures'],
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(await startDueRuns(ctx)).toBe(1);
      expect(await startDueRuns(ctx)).toBe(0);
      const runs = await ctx.db.selectFrom('vacancy_runs').select('status').where('source_id', '=', created.json().id).execute();
      expect(runs).toEqual([{ status: 'queued' }]);
      expect((await bearer(app, analyst.token, 'DELETE', `/api/v1/vacancy-sources/${created.json().id}`)).statusCode).toBe(204);
    });

    test('bad input is refused with 400 naming the field', async () => {
      const post = (body: unknown) => bearer(app, analyst.token, 'POST', '/api/v1/vacancies', body);
      expect(problem(await post({ organisation: slugA, title: '  ' }), 400).field).toBe('title');
      expect(problem(await post({ organisation: slugA, title: 'A', url: 'javascript:alert(1)' }), 400).field).toBe('url');
      expect(problem(await post({ organisation: slugA, title: 'A', datePosted: 'gisteren' }), 400).field).toBe('datePosted');
      expect(problem(await post({ organisation: slugA, title: 'A', salaris: 3 }), 400).errors?.[0]?.field).toBe('salaris');
      expect(problem(await post({ title: 'A' }), 400).errors?.[0]?.field).toBe('organisation');
      const source = (body: unknown) => bearer(app, analyst.token, 'POST', '/api/v1/vacancy-sources', body);
      expect(problem(await source({ organisation: slugA, kind: 'gopher', name: 'X' }), 400).field).toBe('kind');
      expect(problem(await source({ organisation: slugA, kind: 'site', name: 'X', startUrls: ['file:///etc/passwd'] }), 400).field).toBe(
        'startUrls',
      );
      expect(
        problem(await source({ organisation: slugA, kind: 'site', name: 'X', startUrls: ['https://a.nl/'], allowedHosts: ['b.nl'] }), 400)
          .field,
      ).toBe('startUrls');
      expect(
        problem(await source({ organisation: slugA, kind: 'feed', name: 'X', format: 'csv', mapping: { salaris: 'loon' } }), 400).field,
      ).toBe('mapping');
      const get = (q: string) => bearer(app, member.token, 'GET', `/api/v1/vacancies?${q}`);
      expect(problem(await get('from=2026-13-01'), 400).field).toBe('from');
      expect(problem(await get('from=2026-12-01&to=2026-11-01'), 400).field).toBe('from');
      expect((await get('limit=0')).statusCode).toBe(400);
      problem(await bearer(app, member.token, 'GET', '/api/v1/vacancies/not-a-uuid'), 404);
      expect(
        problem(await bearer(app, analyst.token, 'POST', `/api/v1/vacancy-sources/${sourceId}/upload`, { content: '   ' }), 400).field,
      ).toBe('file');
    });
  });

  describe('who may do what', () => {
    test('signed out: every API route answers 401, every page sends to sign in', async () => {
      const anonymous = new Browser(app);
      const runsBefore = (await context().db.selectFrom('vacancy_runs').select('id').where('source_id', '=', sourceId).execute()).length;
      const routes: ['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown?][] = [
        ['GET', '/api/v1/vacancies'],
        ['GET', `/api/v1/vacancies/${vacancyId}`],
        ['POST', '/api/v1/vacancies', { organisation: slugA, title: 'X' }],
        ['GET', '/api/v1/vacancy-sources'],
        ['POST', '/api/v1/vacancy-sources', { organisation: slugA, kind: 'feed', name: 'X', format: 'csv' }],
        ['GET', `/api/v1/vacancy-sources/${sourceId}`],
        ['PATCH', `/api/v1/vacancy-sources/${sourceId}`, { name: 'X' }],
        ['DELETE', `/api/v1/vacancy-sources/${sourceId}`],
        ['POST', `/api/v1/vacancy-sources/${sourceId}/upload`, { content: 'x' }],
        ['POST', `/api/v1/vacancy-sources/${sourceId}/runs`],
        ['GET', `/api/v1/vacancy-runs/${runId}`],
      ];
      for (const [method, url, body] of routes) expect((await anonymous.api(method, url, body)).statusCode, `${method} ${url}`).toBe(401);
      for (const url of [
        '/vacancies',
        `/vacancies/${vacancyId}`,
        '/vacancy-sources',
        '/vacancy-sources/new',
        `/vacancy-sources/${sourceId}`,
        `/vacancy-sources/${sourceId}/edit`,
        `/vacancy-sources/${sourceId}/runs`,
      ]) {
        const response = await anonymous.get(url);
        expect([302, 303], url).toContain(response.statusCode);
        expect(response.headers.location, url).toMatch(/^\/signin/);
      }
      for (const url of [
        `/vacancy-sources/${sourceId}/run`,
        `/vacancy-sources/${sourceId}/delete`,
        `/vacancy-sources/${sourceId}/edit`,
        `/vacancy-sources/${sourceId}/upload`,
        '/vacancy-sources/new',
      ])
        expect([401, 303], url).toContain((await anonymous.post(url, {})).statusCode);
      expect(await context().db.selectFrom('vacancy_runs').select('id').where('source_id', '=', sourceId).execute()).toHaveLength(
        runsBefore,
      );
    });

    test('another organisation: its vacancies, sources and runs are not found; nothing of A can be changed', async () => {
      const t = otherAnalyst.token;
      problem(await bearer(app, t, 'GET', `/api/v1/vacancies/${vacancyId}`), 404);
      problem(await bearer(app, t, 'GET', `/api/v1/vacancy-sources/${sourceId}`), 404);
      problem(await bearer(app, t, 'PATCH', `/api/v1/vacancy-sources/${sourceId}`, { name: 'Mine now' }), 404);
      problem(await bearer(app, t, 'DELETE', `/api/v1/vacancy-sources/${sourceId}`), 404);
      problem(await bearer(app, t, 'POST', `/api/v1/vacancy-sources/${sourceId}/upload`, { content: 'x' }), 404);
      problem(await bearer(app, t, 'POST', `/api/v1/vacancy-sources/${sourceId}/runs`), 404);
      problem(await bearer(app, t, 'GET', `/api/v1/vacancy-runs/${runId}`), 404);
      problem(await bearer(app, t, 'POST', '/api/v1/vacancies', { organisation: slugA, title: 'Planted' }), 403);
      problem(
        await bearer(app, t, 'POST', '/api/v1/vacancy-sources', { organisation: slugA, kind: 'feed', name: 'X', format: 'csv' }),
        403,
      );
      problem(await bearer(app, t, 'GET', `/api/v1/vacancies?organisation=${slugA}`), 403);
      expect((await bearer(app, t, 'GET', '/api/v1/vacancies')).json().total).toBe(0);
      expect(
        (await bearer(app, t, 'GET', `/api/v1/vacancies?skill=${skillIds['http://data.europa.eu/esco/skill/lm-welding']}`)).json().total,
      ).toBe(0);
      expect((await bearer(app, t, 'GET', '/api/v1/vacancy-sources')).json().items).toEqual([]);
      const browser = await browserFor(context(), app, otherAnalyst);
      for (const url of [
        `/vacancies/${vacancyId}`,
        `/vacancy-sources/${sourceId}`,
        `/vacancy-sources/${sourceId}/edit`,
        `/vacancy-sources/${sourceId}/runs`,
      ])
        expect((await browser.get(url)).statusCode, url).toBe(404);
      for (const url of [
        `/vacancy-sources/${sourceId}/run`,
        `/vacancy-sources/${sourceId}/delete`,
        `/vacancy-sources/${sourceId}/edit`,
        `/vacancy-sources/${sourceId}/upload`,
      ])
        expect((await browser.post(url, { name: 'X' })).statusCode, url).toBe(404);
      expect((await browser.get('/vacancies')).body).not.toContain('Lasser');
      const created = await browser.post('/vacancy-sources/new', { organisation: slugA, kind: 'feed', name: 'X', format: 'csv' });
      expect(created.statusCode).toBe(403);
      const source = await context().db.selectFrom('vacancy_sources').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow();
      expect(source.name).toBe('Gemeentelijke feed');
      expect(await context().db.selectFrom('vacancy_sources').select('id').where('organisation_id', '=', orgB).execute()).toEqual([]);
    });

    test('another person: a member reads the vacancies but does not manage sources; a stranger sees nothing', async () => {
      problem(await bearer(app, member.token, 'GET', `/api/v1/vacancy-sources/${sourceId}`), 404);
      problem(await bearer(app, member.token, 'POST', `/api/v1/vacancy-sources/${sourceId}/runs`), 404);
      problem(await bearer(app, member.token, 'POST', '/api/v1/vacancies', { organisation: slugA, title: 'X' }), 403);
      problem(
        await bearer(app, member.token, 'POST', '/api/v1/vacancy-sources', { organisation: slugA, kind: 'feed', name: 'X', format: 'csv' }),
        403,
      );
      expect((await bearer(app, member.token, 'GET', '/api/v1/vacancy-sources')).json().items).toEqual([]);
      expect((await bearer(app, member.token, 'GET', `/api/v1/vacancies/${vacancyId}`)).statusCode).toBe(200);
      problem(await bearer(app, outsider.token, 'GET', `/api/v1/vacancies/${vacancyId}`), 404);
      expect((await bearer(app, outsider.token, 'GET', '/api/v1/vacancies')).json().total).toBe(0);
      const browser = await browserFor(context(), app, member);
      expect((await browser.get(`/vacancy-sources/${sourceId}`)).statusCode).toBe(404);
      expect((await browser.post(`/vacancy-sources/${sourceId}/delete`)).statusCode).toBe(404);
      expect((await browser.post('/vacancy-sources/new', { organisation: slugA, kind: 'feed', name: 'X', format: 'csv' })).statusCode).toBe(
        403,
      );
      expect((await browser.get('/vacancies')).body).toContain('Lasser MIG/MAG');
    });
  });

  describe('pages', () => {
    test('the vacancies page in Dutch filters by skill; a vacancy marks its skills in the text', async () => {
      const browser = await browserFor(context(), app, member, 'nl');
      const all = await browser.get('/vacancies');
      expect(all.statusCode).toBe(200);
      expect(all.body).toContain('3 vacatures');
      const welding = skillIds['http://data.europa.eu/esco/skill/lm-welding'];
      const filtered = await browser.get(`/vacancies?skill=${welding}`);
      expect(filtered.body).toContain('1 vacature<');
      expect(filtered.body).toContain(`<option value="${welding}" selected`);
      const page = await browser.get(`/vacancies/${vacancyId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<mark title="lasapparatuur gebruiken">MIG/MAG-lassen</mark>');
      expect(page.body).toContain('<mark title="technische tekeningen lezen">technische tekeningen</mark>');
      expect(page.body).toContain('Bijna dubbel');
      const paid = await bearer(app, analyst.token, 'POST', '/api/v1/vacancies', {
        organisation: slugA,
        title: 'Stukadoor',
        description: 'Je stuct wanden en plafonds.',
        salaryMin: 2800,
        salaryMax: 3600,
        salaryCurrency: 'EUR',
        salaryUnit: 'MONTH',
        employmentType: ['FULL_TIME', 'vrijwilliger'],
      });
      const paidPage = await browser.get(`/vacancies/${paid.json().vacancyId}`);
      expect(paidPage.body).toMatch(/€\s?2\.800 – €\s?3\.600 per maand/);
      expect(paidPage.body).toContain('Voltijd, Vrijwilligerswerk');
      const bad = await browser.get('/vacancies?from=2026-02-31');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('Geef een datum als JJJJ-MM-DD.');
    });

    test("the skill's page says how many current vacancies ask for it", async () => {
      const browser = await browserFor(context(), app, member, 'nl');
      const page = await browser.get(`/skills/${skillIds['http://data.europa.eu/esco/skill/lm-welding']}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('1 actuele vacature vraagt om deze vaardigheid.');
    });

    test('a feed file is uploaded on the source page (multipart, the CSRF token first); an empty file is refused in Dutch', async () => {
      const browser = await browserFor(context(), app, analyst, 'nl');
      await browser.get(`/vacancy-sources/${sourceId}`);
      const send = (content: string) => {
        const boundary = '----vaardiglm';
        const payload =
          `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${browser.csrf}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="banen.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
        return app.inject({
          method: 'POST',
          url: `/vacancy-sources/${sourceId}/upload`,
          payload,
          headers: {
            cookie: [...browser.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'accept-language': 'nl',
          },
        });
      };
      const empty = await send('');
      expect(empty.statusCode).toBe(400);
      expect(empty.body).toContain('id="file-error"');
      const ok = await send('nr;functie;plaats\n9;Timmerman;Oss\n');
      expect(ok.statusCode, ok.body).toBe(303);
      expect((await browser.get(`/vacancy-sources/${sourceId}`)).body).toContain('banen.csv');
    });

    test('sources: the analyst adds a site with a form (errors in Dutch next to the fields), sees its page, runs it, removes it', async () => {
      const browser = await browserFor(context(), app, analyst, 'nl');
      const form = await browser.get('/vacancy-sources/new');
      expect(form.statusCode).toBe(200);
      const bad = await browser.post('/vacancy-sources/new', { organisation: slugA, kind: 'site', name: '', startUrls: 'geen adres' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('“geen adres” is geen webadres');
      const created = await browser.post('/vacancy-sources/new', {
        organisation: slugA,
        kind: 'site',
        name: 'Werkplein',
        startUrls: 'http://127.0.0.1:9/banen',
        delaySeconds: '1',
      });
      expect(created.statusCode, created.body).toBe(303);
      const url = created.headers.location as string;
      const page = await browser.get(url);
      expect(page.body).toContain('Werkplein');
      expect(page.body).toContain('Nog niet gedraaid');
      expect((await browser.post(`${url}/run`)).statusCode).toBe(303);
      const again = await browser.post(`${url}/run`);
      expect(again.statusCode).toBe(409);
      expect(again.body).toContain('Er staat al een ronde van deze bron klaar');
      const list = await browser.get('/vacancy-sources');
      expect(list.body).toContain('Werkplein');
      const edit = await browser.get(`${url}/edit`);
      expect(edit.statusCode).toBe(200);
      expect(edit.body).toContain('http://127.0.0.1:9/banen');
      const wrong = await browser.post(`${url}/edit`, { name: 'Werkplein', startUrls: 'http://127.0.0.1:9/banen', maxPages: '0' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('Geef een heel getal van 1 tot 5000.');
      const saved = await browser.post(`${url}/edit`, {
        name: 'Werkplein Oss',
        startUrls: 'http://127.0.0.1:9/banen',
        maxPages: '50',
        delaySeconds: '2',
        schedule: 'weekly',
      });
      expect(saved.statusCode).toBe(303);
      const after = await browser.get(url);
      expect(after.body).toContain('Werkplein Oss');
      expect(after.body).toContain('hoogstens 50 pagina’s, 2 s tussen verzoeken');
      const apiSourceId = (
        await context()
          .db.selectFrom('vacancy_sources')
          .select('id')
          .where('organisation_id', '=', orgA)
          .where('kind', '=', 'api')
          .executeTakeFirstOrThrow()
      ).id;
      expect((await browser.get(`/vacancy-sources/${apiSourceId}/edit`)).statusCode).toBe(409);
      expect((await browser.post(`/vacancy-sources/${apiSourceId}/run`)).statusCode).toBe(409);
      expect((await browser.post(`${url}/delete`)).statusCode).toBe(303);
      expect((await browser.get(url)).statusCode).toBe(404);
    });
  });
});
