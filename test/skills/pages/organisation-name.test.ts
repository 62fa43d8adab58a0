// An organisation's name is its members' words. The skill and collection pages showed it in the
// true branch of a `?:` without escaping: the kitajs xss-scan looks at only the false branch of a
// conditional (its getNodeExpressions returns [whenFalse, whenFalse]), so it let this through.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { Client, person } from './helpers.ts';

const HOSTILE = 'Bakkerij <img src=x onerror=alert(1)>';

describeEachDatabase('skills pages: the organisation name', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(async () => app?.close());

  it('shows as text on a skill page and a collection page', async () => {
    const curator = await person(ctx(), { role: 'admin' });
    const organisationId = curator.organisationId as string;
    await ctx().db.updateTable('organisations').set({ name: HOSTILE }).where('id', '=', organisationId).execute();
    const client = await new Client(app, 'en').signInAs(ctx(), curator.userId);
    const skill = await client.post('/skills/new', { organisationId, name_en: 'Knead dough', name_nl: 'Deeg kneden' });
    expect(skill.statusCode).toBe(303);
    const collection = await client.post('/collections/new', { organisationId, name_en: 'Bakery', name_nl: 'Bakkerij' });
    expect(collection.statusCode).toBe(303);
    for (const location of [skill.headers.location as string, collection.headers.location as string]) {
      const page = await client.get(location);
      expect(page.statusCode, location).toBe(200);
      expect(page.body, location).not.toContain('<img src=x');
      expect(page.body, location).toContain('Bakkerij &lt;img src=x onerror=alert(1)>');
    }
  });
});
