import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { Client, importFixture, person } from './helpers.ts';

function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = '----vaardigtest';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (file)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`,
    );
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(client: Client, fields: Record<string, string>, file?: { name: string; content: string }) {
  if (!client.csrf) await client.get('/skills/upload');
  const body = multipart(fields, file);
  const response = await client.app.inject({
    method: 'POST',
    url: `/skills/upload?_csrf=${encodeURIComponent(client.csrf)}`,
    cookies: client.cookies,
    headers: { 'content-type': body.contentType, 'accept-language': client.lang },
    payload: body.payload,
  });
  client.remember(response);
  return response;
}

describeEachDatabase('skills pages: file import and crosswalk', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    await importFixture(ctx());
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(async () => {
    await app?.close();
  });

  test('a CSV with an unterminated quote is refused naming the file and line; nothing is imported', async () => {
    const curator = await person(ctx(), { role: 'owner' });
    const client = await new Client(app, 'nl').signInAs(ctx(), curator.userId);
    const page = await client.get('/skills/upload');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('enctype="multipart/form-data"');
    const csv = 'RSD Name,Skill Statement\r\nBake bread,Bakes bread.\r\n"Broken,Never ends\r\n';
    const response = await upload(client, { organisationId: curator.organisationId as string }, { name: 'broken.csv', content: csv });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Het bestand kon niet worden geïmporteerd');
    expect(response.body).toMatch(/In broken\.csv, regel \d+:/);
    expect(response.body).toContain('Een waarde die met een aanhalingsteken (&#34;) begint, wordt nergens afgesloten.');
    expect(response.body).not.toMatch(/unterminated|quoted value|never closed/);
    const count = await ctx()
      .db.selectFrom('skills')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', curator.organisationId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  test('on the Dutch page a bad CSV is explained in Dutch, with no English: a wrong column, a refused value', async () => {
    const curator = await person(ctx(), { role: 'owner' });
    const client = await new Client(app, 'nl').signInAs(ctx(), curator.userId);
    const organisationId = curator.organisationId as string;
    const columns = await upload(
      client,
      { organisationId },
      { name: 'kleuren.csv', content: 'RSD Name,Skill Statement,Colour\r\nLassen,Last staal.,rood\r\n' },
    );
    expect(columns.statusCode).toBe(400);
    expect(columns.body).toContain('lang="nl"');
    expect(columns.body).toContain('In kleuren.csv, regel 1:');
    expect(columns.body).toContain('Kolom 3, &#34;Colour&#34;, is geen kolom van de OSMT-batchimport.');
    expect(columns.body).not.toMatch(/is not|column of|OSMT batch|line 1/);
    // A value the library refuses, in the third row: the service's coded error, named by line and field.
    const csv = 'RSD Name,Skill Statement,Alignment URL\r\nEerste,Goed.,\r\nTweede,Goed.,geen-adres\r\n';
    const refused = await upload(client, { organisationId }, { name: 'rijen.csv', content: csv });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('In rijen.csv, regel 3:');
    expect(refused.body).toContain('alignments.0.id: Vul een webadres in dat begint met http:// of https://, of een URN.');
    expect(refused.body).not.toMatch(/Enter a web address|must be|absolute/);
    // The same file on the English page.
    const english = await new Client(app, 'en').signInAs(ctx(), curator.userId);
    const en = await upload(english, { organisationId }, { name: 'rijen.csv', content: csv });
    expect(en.body).toContain('In rijen.csv, line 3:');
    expect(en.body).toContain('alignments.0.id: Enter a web address starting with http:// or https://, or a URN.');
  });

  test('a good CSV creates the skills; a missing file is named next to the field', async () => {
    const curator = await person(ctx(), { role: 'admin' });
    const client = await new Client(app, 'en').signInAs(ctx(), curator.userId);
    const missing = await upload(client, { organisationId: curator.organisationId as string });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('id="file-error"');
    const csv = 'RSD Name,Skill Statement,Keywords\r\nBake bread,Bakes bread.,bread;oven\r\nServe coffee,Serves coffee.,coffee\r\n';
    const response = await upload(client, { organisationId: curator.organisationId as string }, { name: 'skills.csv', content: csv });
    expect(response.statusCode).toBe(303);
    const next = await client.get(response.headers.location as string);
    expect(next.body, next.body.slice(next.body.indexOf('<main'), next.body.indexOf('<main') + 800)).toContain('2 skills imported.');
  });

  test('a curator asks for ESCO suggestions and accepts one; it becomes an alignment', async () => {
    const curator = await person(ctx(), { role: 'owner' });
    const client = await new Client(app, 'en').signInAs(ctx(), curator.userId);
    const created = await client.post('/skills/new', {
      organisationId: curator.organisationId as string,
      name_en: 'Haskell programming',
      statement_en: 'Writes software in Haskell.',
    });
    const location = created.headers.location as string;
    expect((await client.post(`${location}/suggestions`, {})).statusCode).toBe(303);
    const page = await client.get(location);
    expect(page.body).toContain('Suggested ESCO alignments');
    const escoId = new RegExp(`action="${location}/suggestions/([0-9a-f-]+)"`).exec(page.body)?.[1];
    expect(escoId).toBeTruthy();
    expect((await client.post(`${location}/suggestions/${escoId}`, { decision: 'accept' })).statusCode).toBe(303);
    const after = await client.get(location);
    expect(after.body).toContain('The alignment was added to the skill.');
    expect(after.body).toContain('http://data.europa.eu/esco/skill/fixture-skill-2');
    // Someone of another organisation cannot decide.
    const other = await person(ctx(), { role: 'owner' });
    const otherClient = await new Client(app).signInAs(ctx(), other.userId);
    expect((await otherClient.post(`${location}/suggestions/${escoId}`, { decision: 'reject' })).statusCode).toBe(403);
  });
});
