import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { getCurrentUser } from '../../../src/accounts/api.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { createCollection, setCollectionStatus } from '../../../src/skills/library/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { Client, person } from './helpers.ts';

describeEachDatabase('collection status from the page', (ctx) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });

  afterAll(async () => {
    await app?.close();
  });

  test('bringing an archived collection back says it is a draft again, in Dutch too', async () => {
    const curator = await person(ctx(), { role: 'owner' });
    const user = await getCurrentUser(ctx().db, curator.userId);
    const collection = await createCollection(ctx(), user, { organisationId: curator.organisationId as string, name: { en: 'Old' } });
    for (const [lang, text] of [
      ['en', 'The collection is a draft again.'],
      ['nl', 'De collectie is weer een concept.'],
    ] as const) {
      await setCollectionStatus(ctx(), user, collection.id, 'archived');
      const client = await new Client(app, lang).signInAs(ctx(), curator.userId);
      const posted = await client.post(`/collections/${collection.id}/status`, { status: 'draft' });
      expect(posted.statusCode).toBe(303);
      const page = await client.get(`/collections/${collection.id}`);
      expect(page.body).toContain(text);
      expect(page.body).not.toContain(lang === 'en' ? 'The collection is archived.' : 'De collectie is gearchiveerd.');
    }
  });

  test("a refused status change says why, in the reader's language (not the skill statement rule)", async () => {
    const curator = await person(ctx(), { role: 'owner' });
    const user = await getCurrentUser(ctx().db, curator.userId);
    const collection = await createCollection(ctx(), user, { organisationId: curator.organisationId as string, name: { en: 'Live' } });
    await setCollectionStatus(ctx(), user, collection.id, 'published');
    const client = await new Client(app, 'nl').signInAs(ctx(), curator.userId);
    const posted = await client.post(`/collections/${collection.id}/status`, { status: 'draft' });
    expect(posted.statusCode).toBe(303);
    const page = await client.get(`/collections/${collection.id}`);
    expect(page.body).toContain(
      'De status kon niet worden gewijzigd. Deze statuswijziging kan niet: iets wat gepubliceerd is, wordt geen concept meer.',
    );
    expect(page.body).not.toContain('beschrijving nodig');
  });
});
