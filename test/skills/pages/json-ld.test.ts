// A published skill's page carries its JSON-LD in a <script> element. The skill's words are a
// curator's: a `</script>` or `<!--` in them must not end the element or start a comment there.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { Client, person } from './helpers.ts';

const HOSTILE = 'Deeg </script><script>alert(1)</script><!-- kneden & <b>';

describeEachDatabase('skills pages: JSON-LD in the page', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(async () => app?.close());

  it('a name with </script> and <!-- stays inside the JSON, which reads back the same', async () => {
    const curator = await person(ctx(), { role: 'admin' });
    const client = await new Client(app, 'en').signInAs(ctx(), curator.userId);
    const created = await client.post('/skills/new', {
      organisationId: curator.organisationId as string,
      name_en: HOSTILE,
      name_nl: 'Deeg kneden',
      statement_en: HOSTILE,
    });
    expect(created.statusCode).toBe(303);
    const location = created.headers.location as string;
    expect((await client.post(`${location}/status`, { status: 'published' })).statusCode).toBe(303);
    const page = await new Client(app, 'en').get(location);
    expect(page.statusCode).toBe(200);
    const start = page.body.indexOf('<script type="application/ld+json">');
    expect(start).toBeGreaterThan(0);
    const body = page.body.slice(start + '<script type="application/ld+json">'.length);
    const json = body.slice(0, body.indexOf('</script>'));
    expect(json).not.toMatch(/<!--|<script|<\/script/i);
    expect(JSON.stringify(JSON.parse(json))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    // (Inside quoted attributes, as in the meta description, < is text: kitajs escapes only " and & there.)
  });
});
