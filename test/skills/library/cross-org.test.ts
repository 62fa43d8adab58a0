import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { addSkillsToCollection, createCollection, createSkill, getCollection } from '../../../src/skills/library/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { makeOrg, makeUser } from './helpers.ts';

/** A curator of organisation A can change nothing of organisation B's collections, by any route. */
describeEachDatabase('skills library: no writes across organisations', (ctx) => {
  let app: FastifyInstance;
  let a: Awaited<ReturnType<typeof makeUser>>;
  let orgA: string;
  let collectionB: string;
  let skillB: string;
  let skillA: string;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    a = await makeUser(ctx(), 'Anna A');
    const b = await makeUser(ctx(), 'Bert B');
    orgA = await makeOrg(ctx(), 'Org A', [[a, 'owner']]);
    const orgB = await makeOrg(ctx(), 'Org B', [[b, 'owner']]);
    skillB = (await createSkill(ctx(), b, { organisationId: orgB, name: { en: 'B skill' }, statement: { en: 'B.' }, status: 'published' }))
      .id;
    skillA = (await createSkill(ctx(), a, { organisationId: orgA, name: { en: 'A skill' }, statement: { en: 'A.' }, status: 'published' }))
      .id;
    const collection = await createCollection(ctx(), b, { organisationId: orgB, name: { en: 'B collection' } });
    await addSkillsToCollection(ctx(), b, collection.id, [skillB]);
    collectionB = collection.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  test('API routes refuse (403/404) and the collection is unchanged', async () => {
    const headers = { authorization: `Bearer ${a.token}` };
    const before = await getCollection(ctx(), collectionB, null).catch(() => null);
    expect(before).toBeNull(); // a draft: not even visible to the public
    const attempts = [
      { method: 'PATCH', url: `/api/v1/collections/${collectionB}`, payload: { name: { en: 'Taken' } } },
      { method: 'POST', url: `/api/v1/collections/${collectionB}/skills`, payload: { skillIds: [skillA] } },
      { method: 'DELETE', url: `/api/v1/collections/${collectionB}/skills/${skillB}` },
      { method: 'POST', url: `/api/v1/collections/${collectionB}/publish` },
      { method: 'PATCH', url: `/api/v1/skills/${skillB}`, payload: { name: { en: 'Taken' } } },
      { method: 'POST', url: `/api/v1/skills/${skillB}/archive` },
    ] as const;
    for (const attempt of attempts) {
      const res = await app.inject({ ...attempt, headers } as never);
      expect({ url: attempt.url, method: attempt.method, status: [403, 404].includes(res.statusCode) }).toEqual({
        url: attempt.url,
        method: attempt.method,
        status: true,
      });
    }
    // An import into A that names B's collection as the target is refused before anything is written.
    const csv = 'RSD Name,Skill Statement\nSneaky,Sneaky skill\n';
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/skills/import?organisationId=${orgA}&collectionId=${collectionB}&format=csv`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect([403, 404]).toContain(res.statusCode);
    // An RSD collection export carrying B's collection id becomes a new collection of A, not B's.
    const rsd = JSON.stringify({
      type: 'RichSkillCollection',
      id: `http://vaardig.test/collections/${collectionB}`,
      uuid: collectionB,
      name: 'Overwrite',
      status: 'draft',
      skills: [{ type: 'RichSkillDescriptor', skillName: 'X', skillStatement: 'Y' }],
    });
    const imported = await app.inject({
      method: 'POST',
      url: `/api/v1/skills/import?organisationId=${orgA}&format=rsd`,
      headers: { ...headers, 'content-type': 'application/ld+json' },
      payload: rsd,
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json().collectionId).not.toBe(collectionB);
    const row = await ctx().db.selectFrom('collections').selectAll().where('id', '=', collectionB).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: { en: 'B collection' }, status: 'draft' });
    const members = await ctx().db.selectFrom('collection_skills').select('skill_id').where('collection_id', '=', collectionB).execute();
    expect(members.map((m) => m.skill_id)).toEqual([skillB]);
    const skill = await ctx().db.selectFrom('skills').selectAll().where('id', '=', skillB).executeTakeFirstOrThrow();
    expect(skill).toMatchObject({ name: { en: 'B skill' }, status: 'published' });
  });
});
