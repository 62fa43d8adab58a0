import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/platform/http/app.ts';
import { decideSuggestion, suggestEscoAlignments } from '../../../src/skills/library/crosswalk.ts';
import { createSkill, getSkill, skillHistory } from '../../../src/skills/library/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { insertEscoSkills, makeOrg, makeUser, multipart } from './helpers.ts';

const ESCO = {
  weld: 'http://data.europa.eu/esco/skill/fx-weld',
  solder: 'http://data.europa.eu/esco/skill/fx-solder',
  drawings: 'http://data.europa.eu/esco/skill/fx-drawings',
  bake: 'http://data.europa.eu/esco/skill/fx-bake',
};

describeEachDatabase('skills library API and crosswalk', (ctx) => {
  let app: FastifyInstance;
  let curator: Awaited<ReturnType<typeof makeUser>>;
  let outsider: Awaited<ReturnType<typeof makeUser>>;
  let org: string;
  let escoIds: Record<string, string>;
  const auth = (user: { token: string }) => ({ authorization: `Bearer ${user.token}` });

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    curator = await makeUser(ctx(), 'Erik Werkgever');
    outsider = await makeUser(ctx(), 'Otto Outsider');
    org = await makeOrg(ctx(), 'Maasdal Techniek', [[curator, 'admin']]);
    escoIds = await insertEscoSkills(ctx(), [
      { uri: ESCO.weld, name: { en: 'weld metal pieces', nl: 'metalen delen lassen' }, alt: { en: ['welding', 'weld steel'] } },
      { uri: ESCO.solder, name: { en: 'solder electronics', nl: 'elektronica solderen' } },
      { uri: ESCO.drawings, name: { en: 'read engineering drawings', nl: 'technische tekeningen lezen' } },
      { uri: ESCO.bake, name: { en: 'bake bread', nl: 'brood bakken' } },
    ]);
  });

  afterAll(async () => {
    await app?.close();
  });

  test('crosswalk suggests ESCO skills from name, keywords and statement; accepting aligns with history', async () => {
    const skill = await createSkill(ctx(), curator, {
      organisationId: org,
      name: { en: 'Weld steel', nl: 'Staal lassen' },
      statement: { en: 'Can read engineering drawings before welding.' },
      keywords: { nl: ['metalen delen lassen'] },
    });
    const suggestions = await suggestEscoAlignments(ctx(), curator, skill.id);
    const uris = suggestions.map((s) => s.escoUri);
    expect(uris[0]).toBe(ESCO.weld);
    expect(uris).toContain(ESCO.drawings);
    expect(uris).not.toContain(ESCO.bake);
    expect(suggestions[0].score).toBeGreaterThan(0.5);
    const stored = await ctx().db.selectFrom('alignment_suggestions').selectAll().where('skill_id', '=', skill.id).execute();
    expect(stored.length).toBe(suggestions.length);

    const after = await decideSuggestion(ctx(), curator, skill.id, escoIds[ESCO.weld], 'accepted');
    expect(after.find((s) => s.escoUri === ESCO.weld)?.status).toBe('accepted');
    const aligned = await getSkill(ctx(), skill.id, curator);
    expect(aligned.alignments).toEqual([{ id: ESCO.weld, name: 'weld metal pieces', framework: 'ESCO' }]);
    const history = await skillHistory(ctx(), skill.id, curator);
    expect(history.at(-1)).toMatchObject({ action: 'align', changes: { alignments: { from: [], to: aligned.alignments } } });
    // A refresh keeps the decision and does not suggest what is aligned already.
    const again = await suggestEscoAlignments(ctx(), curator, skill.id);
    expect(again.filter((s) => s.escoUri === ESCO.weld).map((s) => s.status)).toEqual(['accepted']);
    await decideSuggestion(ctx(), curator, skill.id, escoIds[ESCO.weld], 'rejected');
    expect((await getSkill(ctx(), skill.id, curator)).alignments).toEqual([]);
    await expect(suggestEscoAlignments(ctx(), outsider, skill.id)).rejects.toMatchObject({ status: 403 });
  });

  test('create, read, patch, publish, history, collections and export over the API', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/skills',
      headers: auth(curator),
      payload: {
        organisationId: org,
        name: { en: 'Maintain CNC machines', nl: 'CNC-machines onderhouden' },
        statement: { en: 'Keeps CNC machines running.' },
      },
    });
    expect(created.statusCode).toBe(201);
    const skill = created.json();
    expect(skill.uri).toBe(`http://vaardig.test/skills/${skill.id}`);
    expect((await app.inject({ method: 'GET', url: `/api/v1/skills/${skill.id}` })).statusCode).toBe(404);

    const unknown = await app.inject({
      method: 'PATCH',
      url: `/api/v1/skills/${skill.id}`,
      headers: auth(curator),
      payload: { colour: 'red' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(unknown.json().errors[0]).toEqual({ field: 'colour', message: 'is not a known field' });
    const badLang = await app.inject({
      method: 'PATCH',
      url: `/api/v1/skills/${skill.id}`,
      headers: auth(curator),
      payload: { name: { english: 'x' } },
    });
    expect(badLang.json()).toMatchObject({
      code: 'skills:errors.notLanguageCode',
      field: 'name.english',
      detail: 'name.english: This is not a language code; use one such as "en" or "nl".',
    });
    const forbidden = await app.inject({
      method: 'PATCH',
      url: `/api/v1/skills/${skill.id}`,
      headers: auth(outsider),
      payload: { categories: ['x'] },
    });
    expect(forbidden.statusCode).toBe(403);

    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/skills/${skill.id}`,
      headers: auth(curator),
      payload: { categories: ['Maintenance'] },
    });
    expect(patched.json().categories).toEqual(['Maintenance']);
    const published = await app.inject({ method: 'POST', url: `/api/v1/skills/${skill.id}/publish`, headers: auth(curator) });
    expect(published.json().status).toBe('published');
    expect((await app.inject({ method: 'GET', url: `/api/v1/skills/${skill.id}` })).json().name.nl).toBe('CNC-machines onderhouden');
    const history = (await app.inject({ method: 'GET', url: `/api/v1/skills/${skill.id}/history` })).json();
    expect(history.items.map((h: { action: string }) => h.action)).toEqual(['create', 'update', 'publish']);

    const collection = (
      await app.inject({
        method: 'POST',
        url: '/api/v1/collections',
        headers: auth(curator),
        payload: { organisationId: org, name: { en: 'Machines' } },
      })
    ).json();
    const added = await app.inject({
      method: 'POST',
      url: `/api/v1/collections/${collection.id}/skills`,
      headers: auth(curator),
      payload: { skillIds: [skill.id] },
    });
    expect(added.json().skillCount).toBe(1);
    await app.inject({ method: 'POST', url: `/api/v1/collections/${collection.id}/publish`, headers: auth(curator) });
    const skills = (await app.inject({ method: 'GET', url: `/api/v1/collections/${collection.id}/skills` })).json();
    expect(skills.items.map((s: { id: string }) => s.id)).toEqual([skill.id]);

    const rsd = await app.inject({ method: 'GET', url: `/api/v1/skills/${skill.id}/export?format=rsd&lang=nl` });
    expect(rsd.headers['content-type']).toContain('application/ld+json');
    expect(rsd.json()).toMatchObject({
      '@context': 'https://rsd.openskillsnetwork.org/context-v1.json',
      skillName: 'CNC-machines onderhouden',
      language: 'nl',
    });
    const csv = await app.inject({ method: 'GET', url: `/api/v1/collections/${collection.id}/export?format=csv&download=true` });
    expect(csv.headers['content-disposition']).toContain('.csv');
    expect(csv.body).toContain('Maintain CNC machines');
    const selection = await app.inject({ method: 'GET', url: `/api/v1/skills/export?format=case&ids=${skill.id}` });
    expect(selection.json().CFItems).toHaveLength(1);
    const badFormat = await app.inject({ method: 'GET', url: `/api/v1/skills/${skill.id}/export?format=xml` });
    expect(badFormat.statusCode).toBe(400);
    const context = await app.inject({ method: 'GET', url: '/api/v1/contexts/rsd-context-v1.json' });
    expect(context.json()['@context'].skillName).toBeDefined();
  });

  test('import over the API: multipart and raw CSV; a bad file is a problem naming file and line', async () => {
    const csv = 'RSD Name,Skill Statement,Keywords\nOperate forklift,Drives a forklift safely.,logistics; forklift\n';
    const form = multipart('forklift.csv', csv, 'text/csv');
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/skills/import?organisationId=${org}`,
      headers: { ...auth(curator), ...form.headers },
      payload: form.payload,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ created: 1, updated: 0 });
    const imported = await getSkill(ctx(), ok.json().skillIds[0], curator);
    expect(imported.keywords).toEqual({ en: ['logistics', 'forklift'] });

    const raw = await app.inject({
      method: 'POST',
      url: `/api/v1/skills/import?organisationId=${org}&fileName=broken.csv`,
      headers: { ...auth(curator), 'content-type': 'text/csv' },
      payload: 'RSD Name,Skill Statement\nA,"never closed\n',
    });
    expect(raw.statusCode).toBe(400);
    expect(raw.headers['content-type']).toContain('application/problem+json');
    expect(raw.json()).toMatchObject({
      title: 'Invalid file',
      code: 'skills:errors.csvQuoteNotClosed',
      field: 'file',
      file: 'broken.csv',
      line: 2,
      detail: 'broken.csv, line 2: A value that starts with a quote (") is never closed.',
    });
    const denied = await app.inject({
      method: 'POST',
      url: `/api/v1/skills/import?organisationId=${org}`,
      headers: { ...auth(outsider), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(denied.statusCode).toBe(403);
  });
});
