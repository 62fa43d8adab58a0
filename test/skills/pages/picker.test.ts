import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { pickedSkills } from '../../../src/skills/pages/picker.tsx';
import { describeEachDatabase } from '../../helpers/db.ts';
import { Client, importFixture } from './helpers.ts';

const HASKELL = 'http://data.europa.eu/esco/skill/fixture-skill-2';
/** Has an English label only (the Dutch fixture files do not name it). */
const MUSICAL = 'http://data.europa.eu/esco/skill/fixture-skill-1';

describeEachDatabase('the skill picker', (ctx) => {
  let app: FastifyInstance;
  let haskell: string;
  let musical: string;

  beforeAll(async () => {
    await importFixture(ctx());
    app = await buildApp(ctx(), { logger: false });
    haskell = (await ctx().db.selectFrom('skills').select('id').where('external_uri', '=', HASKELL).executeTakeFirstOrThrow()).id;
    musical = (await ctx().db.selectFrom('skills').select('id').where('external_uri', '=', MUSICAL).executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => app?.close());

  test('suggests skills for what was typed as buttons that carry the id and name', async () => {
    const page = await new Client(app, 'en').get('/skills/picker?skillQuery=haskel');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).not.toContain('<html');
    expect(page.body).toContain(`data-pick-skill="${haskell}"`);
    expect(page.body).toContain('data-skill-name="Haskell"');
    expect(page.body).toMatch(/<button type="button" class="suggestion"/);
  });

  test('on a Dutch page an English-only name carries a language mark, and the texts are Dutch', async () => {
    const page = await new Client(app, 'nl').get('/skills/picker?skillQuery=musical%20staff');
    expect(page.body).toContain(`data-pick-skill="${musical}"`);
    expect(page.body).toContain('data-skill-lang="en"');
    expect(page.body).toContain('<span lang="en">manage musical staff</span>');
    expect(page.body).toMatch(/\d+ suggesties?/);
    const none = await new Client(app, 'nl').get('/skills/picker?skillQuery=qqqqzzzz');
    expect(none.body).toContain('Geen vaardigheid gevonden voor ‘qqqqzzzz’.');
  });

  test('leaves out skills that are chosen already, answers nothing for an empty query and escapes the query', async () => {
    const chosen = await new Client(app, 'en').get(`/skills/picker?field=skill&skillQuery=haskell&skill=${haskell}`);
    expect(chosen.statusCode).toBe(200);
    expect(chosen.body).not.toContain(`data-pick-skill="${haskell}"`);
    const empty = await new Client(app, 'en').get('/skills/picker?skillQuery=');
    expect(empty.statusCode).toBe(200);
    expect(empty.body.trim()).toBe('');
    const hostile = await new Client(app, 'en').get(`/skills/picker?skillQuery=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    expect(hostile.statusCode).toBe(200);
    expect(hostile.body).not.toContain('<img');
  });

  test('looks up the names of chosen ids, leaving out unknown ones', async () => {
    const picked = await pickedSkills(ctx(), [musical, 'not-an-id', '00000000-0000-4000-8000-000000000000', haskell, musical], 'nl');
    expect(picked).toEqual([
      { id: musical, name: 'manage musical staff', nameLang: 'en' },
      { id: haskell, name: 'Haskell', nameLang: null },
    ]);
  });
});
