import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { insertEscoSkills, makeOrg, makeUser } from './helpers.ts';

describeEachDatabase('skills library API: documented responses and problem details', (ctx) => {
  let app: FastifyInstance;
  let curator: Awaited<ReturnType<typeof makeUser>>;
  let org: string;
  const auth = (user: { token: string }) => ({ authorization: `Bearer ${user.token}` });

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    curator = await makeUser(ctx(), 'Sanne Schema');
    org = await makeOrg(ctx(), 'Schema School', [[curator, 'owner']]);
    await insertEscoSkills(ctx(), [{ uri: 'http://data.europa.eu/esco/skill/sc-weld', name: { en: 'weld metal' } }]);
  });

  afterAll(async () => {
    await app?.close();
  });

  test('/api/docs describes skill, collection and list responses', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    const ok = (path: string, method: string, status = '200') => paths[path][method].responses[status].content['application/json'].schema;
    const skill = ok('/api/v1/skills/{id}', 'get');
    expect(Object.keys(skill.properties)).toEqual(expect.arrayContaining(['id', 'uri', 'name', 'statement', 'alignments', 'status']));
    expect(ok('/api/v1/skills', 'post', '201').properties.uri).toBeDefined();
    expect(ok('/api/v1/collections', 'get').properties.items.items.properties.skillCount).toBeDefined();
    expect(ok('/api/v1/collections/{id}/skills', 'get').properties.items.items.properties.alignments).toBeDefined();
    expect(ok('/api/v1/collections/{id}', 'get').properties.name).toBeDefined();
    expect(ok('/api/v1/skills/{id}/history', 'get').properties.items).toBeDefined();
    expect(ok('/api/v1/skills/import', 'post', '201').properties.skillIds).toBeDefined();
    expect(Object.keys(paths['/api/v1/skills/{id}'].patch.responses)).toEqual(['200', '4XX']);
  });

  test('responses keep every field the service gives (dates as ISO strings, occupation links)', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/skills',
      headers: auth(curator),
      payload: {
        organisationId: org,
        name: { en: 'Weld frames' },
        statement: { en: 'Welds frames.' },
        occupations: [{ name: 'Welder', code: '7212', framework: 'ISCO' }],
        alignments: [{ id: 'http://data.europa.eu/esco/skill/sc-weld', name: 'weld metal', framework: 'ESCO' }],
      },
    });
    expect(created.statusCode).toBe(201);
    const skill = created.json();
    expect(skill).toMatchObject({
      source: 'local',
      kind: 'skill',
      organisationId: org,
      occupations: [{ name: 'Welder', code: '7212', framework: 'ISCO' }],
      alignments: [{ id: 'http://data.europa.eu/esco/skill/sc-weld', name: 'weld metal', framework: 'ESCO' }],
      collections: [],
      publishedAt: null,
    });
    expect(skill.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    const collection = await app.inject({
      method: 'POST',
      url: '/api/v1/collections',
      headers: auth(curator),
      payload: { organisationId: org, name: { en: 'Frames' } },
    });
    expect(collection.statusCode).toBe(201);
    const added = await app.inject({
      method: 'POST',
      url: `/api/v1/collections/${collection.json().id}/skills`,
      headers: auth(curator),
      payload: { skillIds: [skill.id] },
    });
    expect(added.json()).toMatchObject({ skillCount: 1, status: 'draft', externalKey: null });
    const list = await app.inject({ method: 'GET', url: `/api/v1/collections/${collection.json().id}/skills`, headers: auth(curator) });
    expect(list.json()).toMatchObject({
      total: 1,
      items: [{ id: skill.id, collections: [{ id: collection.json().id, status: 'draft' }] }],
    });
    const history = await app.inject({ method: 'GET', url: `/api/v1/skills/${skill.id}/history`, headers: auth(curator) });
    expect(history.json().items[0]).toMatchObject({
      action: 'create',
      userName: 'Sanne Schema',
      changes: { status: { from: null, to: 'draft' } },
    });
  });

  test('4xx answers are problem+json that name the field', async () => {
    const cases: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: unknown; field: string; status: number }[] = [
      { method: 'POST', url: '/api/v1/skills', payload: { organisationId: org }, field: 'name', status: 400 },
      { method: 'POST', url: '/api/v1/skills', payload: { organisationId: org, name: { en: '' } }, field: 'name', status: 400 },
      { method: 'PATCH', url: '/api/v1/skills/not-a-uuid', payload: { name: { en: 'x' } }, field: 'id', status: 404 },
      { method: 'GET', url: '/api/v1/skills/00000000-0000-4000-8000-000000000000', field: 'id', status: 404 },
      { method: 'GET', url: '/api/v1/skills/export?ids=,&format=rsd', field: 'ids', status: 400 },
      { method: 'GET', url: '/api/v1/skills/export?ids=x&format=pdf', field: 'format', status: 400 },
      { method: 'GET', url: '/api/v1/collections?limit=0', field: 'limit', status: 400 },
      { method: 'GET', url: '/api/v1/collections/00000000-0000-4000-8000-000000000000', field: 'id', status: 404 },
      {
        method: 'POST',
        url: '/api/v1/collections/00000000-0000-4000-8000-000000000000/skills',
        payload: { skillIds: [] },
        field: 'skillIds',
        status: 400,
      },
      { method: 'DELETE', url: '/api/v1/collections/00000000-0000-4000-8000-000000000000/skills/x', field: 'id', status: 404 },
      { method: 'POST', url: `/api/v1/skills/import?organisationId=${org}`, payload: { a: 1 }, field: 'file', status: 400 },
    ];
    const esco = await ctx().db.selectFrom('skills').select('id').where('source', '=', 'esco').executeTakeFirstOrThrow();
    cases.push(
      { method: 'PATCH', url: `/api/v1/skills/${esco.id}`, payload: { name: { en: 'x' } }, field: 'id', status: 409 },
      { method: 'GET', url: '/api/v1/skills/x/suggestions', field: 'id', status: 404 },
    );
    for (const c of cases) {
      const res = await app.inject({
        method: c.method,
        url: c.url,
        headers: auth(curator),
        ...(c.payload ? { payload: c.payload as object } : {}),
      });
      expect({ url: c.url, status: res.statusCode, type: res.headers['content-type'] }).toEqual({
        url: c.url,
        status: c.status,
        type: 'application/problem+json; charset=utf-8',
      });
      expect({ url: c.url, fields: (res.json().errors ?? []).map((e: { field: string }) => e.field) }).toEqual({
        url: c.url,
        fields: expect.arrayContaining([c.field]),
      });
    }
  });
});
