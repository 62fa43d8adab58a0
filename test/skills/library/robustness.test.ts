import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { exportCollection } from '../../../src/skills/library/exchange.ts';
import { createCollection, setCollectionStatus } from '../../../src/skills/library/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { makeOrg, makeUser } from './helpers.ts';

/** Input that used to crash a route with a 500, and a collection export that used to stop at 1000 skills. */
describeEachDatabase('skills library: bad input is a 4xx naming the field', (ctx) => {
  let app: FastifyInstance;
  let curator: Awaited<ReturnType<typeof makeUser>>;
  let org: string;
  let collectionId: string;
  const auth = () => ({ authorization: `Bearer ${curator.token}` });

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    curator = await makeUser(ctx(), 'Rob Bust');
    org = await makeOrg(ctx(), 'Robust Org', [[curator, 'owner']]);
    collectionId = (await createCollection(ctx(), curator, { organisationId: org, name: { en: 'Big' } })).id;
  });

  afterAll(async () => {
    await app?.close();
  });

  test('an offset beyond the largest page is refused naming "offset"', async () => {
    for (const url of [
      '/api/v1/collections?offset=100000000000000000000',
      `/api/v1/collections/${collectionId}/skills?offset=1000000000000`,
    ]) {
      const res = await app.inject({ method: 'GET', url, headers: auth() });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
      expect(res.json().errors[0].field).toBe('offset');
    }
  });

  test('U+0000 in a text or a search is refused naming the field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/skills',
      headers: auth(),
      payload: { organisationId: org, name: { en: 'Weld' }, keywords: { en: ['ok', 'bad\u0000'] } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('keywords.en.1');
    const collection = await app.inject({
      method: 'POST',
      url: '/api/v1/collections',
      headers: auth(),
      payload: { organisationId: org, name: { en: 'a\u0000b' } },
    });
    expect(collection.statusCode).toBe(400);
    expect(collection.json().errors[0].field).toBe('name.en');
    // The platform's NUL guard answers before the search runs (src/platform/http/nul-guard.ts).
    const search = await app.inject({ method: 'GET', url: '/api/v1/skills?q=%00weld' });
    expect(search.statusCode).toBe(400);
    expect(search.json()).toMatchObject({ code: 'platform:errors.nulCharacter', field: 'q' });
    const page = await app.inject({ method: 'GET', url: '/skills?q=%00weld&category=%00', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(400);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('U+0000');
    expect(page.body).not.toContain('\u0000');
  });

  test('a collection export holds every skill, also past 1000', async () => {
    const n = 1005;
    await sql`
      insert into skills (source, kind, external_uri, skill_type, name, statement, scope_note, alt_labels, hidden_labels, keywords,
        categories, standards, certifications, employers, alignments, occupations, status)
      select 'esco', 'skill', 'http://data.europa.eu/esco/skill/big-' || i, 'knowledge', jsonb_build_object('en', 'big skill ' || i),
        '{}', '{}', '{}', '{}', '{}', '[]', '[]', '[]', '[]', '[]', '[]', 'published'
      from generate_series(1, ${n}) as i`.execute(ctx().db);
    await sql`
      insert into collection_skills (collection_id, skill_id)
      select ${collectionId}, id from skills where external_uri like 'http://data.europa.eu/esco/skill/big-%'`.execute(ctx().db);
    await setCollectionStatus(ctx(), curator, collectionId, 'published');
    const doc = JSON.parse((await exportCollection(ctx(), null, collectionId, 'rsd')).body);
    expect(doc.skills).toHaveLength(n);
  });
});
