import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import type { VaardigModule } from '../../../src/platform/module.ts';
import { getCurrentUser } from '../../../src/accounts/api.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { escapeHtml } from '../../../src/platform/pages/escape.ts';
import { safeHtml } from '../../../src/platform/pages/safe-html.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { Client, importFixture, person } from './helpers.ts';

const ESCO = {
  musical: 'http://data.europa.eu/esco/skill/fixture-skill-1',
  haskell: 'http://data.europa.eu/esco/skill/fixture-skill-2',
  cafe: 'http://data.europa.eu/esco/skill/fixture-skill-4',
};

describeEachDatabase('skills pages', (ctx) => {
  let app: FastifyInstance;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await importFixture(ctx());
    const section: VaardigModule = {
      name: 'fake-badges',
      skillSections: async (_ctx, skillId) =>
        safeHtml(
          <section aria-labelledby="fake-h">
            <h2 id="fake-h">Fake badges for {escapeHtml(skillId)}</h2>
          </section>,
        ),
    };
    // A module that forgets safeHtml (or is written in JavaScript): its markup must show as text.
    const careless = {
      name: 'careless',
      skillSections: async () => '<section id="careless"><script>alert(1)</script></section>',
    } as unknown as VaardigModule;
    app = await buildApp({ ...ctx(), modules: [...ctx().modules, section, careless] }, { logger: false });
    for (const [key, uri] of Object.entries(ESCO)) {
      const row = await ctx().db.selectFrom('skills').select('id').where('external_uri', '=', uri).executeTakeFirstOrThrow();
      ids[key] = row.id;
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('browse and search', () => {
    test('the library page shows the top skill groups and the ESCO attribution, in English and Dutch', async () => {
      const en = await new Client(app, 'en').get('/skills');
      expect(en.statusCode).toBe(200);
      expect(en.body).toContain('<html lang="en">');
      expect(en.body).toContain('Browse by skill group');
      expect(en.body).toContain('This service uses the ESCO classification of the European Commission.');
      expect(en.body).toMatch(/<a href="\/skills\/groups\/[0-9a-f-]+">/);
      const nl = await new Client(app, 'nl').get('/skills');
      expect(nl.statusCode).toBe(200);
      expect(nl.body).toContain('<html lang="nl">');
      expect(nl.body).toContain('Bladeren per vaardigheidsgroep');
      expect(nl.body).toContain('Deze dienst maakt gebruik van de ESCO-classificatie van de Europese Commissie.');
      expect(nl.body).toContain('communicatie, samenwerking en creativiteit');
      // The search language follows the page.
      expect(nl.body).toMatch(/<option value="nl" selected/);
    });

    test('a Dutch word finds the skill, without its accent too', async () => {
      const response = await new Client(app, 'nl').get('/skills?q=cafebeheer&lang=nl');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(`href="/skills/${ids.cafe}"`);
      expect(response.body).toContain('cafébeheer');
      expect(response.body).toMatch(/vaardighe(id|den) gevonden/);
    });

    test('a query that matches nothing says so', async () => {
      const response = await new Client(app, 'en').get('/skills?q=zzzzqqqxxx&lang=en');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('No skills match your search');
    });

    test('a group page lists narrower groups or skills with breadcrumbs', async () => {
      const top = await new Client(app, 'en').get('/skills');
      const groupId = /href="\/skills\/groups\/([0-9a-f-]+)"/.exec(top.body)?.[1];
      expect(groupId).toBeTruthy();
      const response = await new Client(app, 'en').get(`/skills/groups/${groupId}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<nav aria-label="Breadcrumbs"');
      expect(response.body).toContain('aria-current="page"');
      expect((await new Client(app).get('/skills/groups/not-a-uuid')).statusCode).toBe(404);
      // The group's own page (a skill-pillar concept) lists what is narrower.
      const details = await new Client(app, 'nl').get(`/skills/${groupId}`);
      expect(details.statusCode).toBe(200);
      expect(details.body).toContain('Gegevens');
    });
  });

  describe('a skill and an occupation', () => {
    test('an ESCO skill shows its fields, occupations, related skills, JSON-LD and Open Graph tags', async () => {
      const response = await new Client(app, 'en').get(`/skills/${ids.haskell}`);
      expect(response.statusCode).toBe(200);
      const html = response.body;
      expect(html).toContain('<h1>Haskell</h1>');
      expect(html).toContain('<meta property="og:title" content="Haskell"');
      expect(html).toContain('<script type="application/ld+json">');
      const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}');
      expect(jsonLd).toMatchObject({ type: 'RichSkillDescriptor', skillName: 'Haskell', uuid: ids.haskell });
      expect(html).toContain('Knowledge');
      expect(html).toMatch(/href="\/occupations\/[0-9a-f-]+"/);
      expect(html).toContain('This service uses the ESCO classification');
      expect(html).toContain(`<section aria-labelledby="fake-h"><h2 id="fake-h">Fake badges for ${ids.haskell}</h2></section>`);
      expect(html).not.toContain('&lt;section aria-labelledby="fake-h"');
      expect(html).toContain('&lt;section id=&#34;careless&#34;>&lt;script>alert(1)');
      expect(html).not.toContain('<section id="careless">');
    });

    test("the credentials module's badge section renders as elements, not as escaped markup", async () => {
      const issuer = await person(ctx(), { role: 'issuer' });
      const org = await ctx()
        .db.selectFrom('organisations')
        .select('slug')
        .where('id', '=', issuer.organisationId!)
        .executeTakeFirstOrThrow();
      const user = await getCurrentUser(ctx().db, issuer.userId);
      await createAchievement(ctx(), user, org.slug, {
        name: 'Functional <programming>',
        description: 'Writes Haskell.',
        criteriaNarrative: 'Wrote a parser.',
        skills: [ids.haskell],
      });
      const html = (await new Client(app, 'en').get(`/skills/${ids.haskell}`)).body;
      expect(html).toContain('<section aria-labelledby="badges-with-skill">');
      expect(html).toContain('<strong>Functional &lt;programming></strong>');
      expect(html).not.toContain('&lt;section aria-labelledby=&#34;badges-with-skill');
    });

    test('in Dutch the page falls back to English where there is no Dutch text and says so', async () => {
      const response = await new Client(app, 'nl').get(`/skills/${ids.musical}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<h1 lang="en">manage musical staff</h1>');
      expect(response.body).toContain('Getoond in het Engels: er is nog geen tekst in het Nederlands.');
    });

    test('occupation pages link back to their skills', async () => {
      const skill = await new Client(app, 'nl').get(`/skills/${ids.musical}`);
      const occupationId = /href="\/occupations\/([0-9a-f-]+)"/.exec(skill.body)?.[1];
      expect(occupationId).toBeTruthy();
      const response = await new Client(app, 'nl').get(`/occupations/${occupationId}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('ISCO-groep');
      expect(response.body).toContain(`href="/skills/${ids.musical}"`);
      expect((await new Client(app).get('/occupations/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
    });

    test('an unknown skill is a 404 page', async () => {
      expect((await new Client(app).get('/skills/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
      expect((await new Client(app).get('/skills/nope')).statusCode).toBe(404);
    });
  });

  describe('own skills', () => {
    test('a curator creates a draft that the public and other organisations cannot see', async () => {
      const curator = await person(ctx(), { role: 'admin' });
      const client = await new Client(app, 'en').signInAs(ctx(), curator.userId);
      const form = await client.get('/skills/new');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('<label for="name_nl">Name in Dutch</label>');
      const created = await client.post('/skills/new', {
        organisationId: curator.organisationId as string,
        name_en: 'Bake sourdough bread',
        name_nl: 'Zuurdesembrood bakken',
        statement_en: 'Bakes bread with a sourdough starter.',
        statement_nl: '',
        categories: 'Bakery\nFood',
        keywords_en: 'bread',
        keywords_nl: 'brood\ndesem',
        alignments: `${ESCO.cafe} café management`,
        author: 'Test bakery',
      });
      expect(created.statusCode).toBe(303);
      const location = created.headers.location as string;
      expect(location).toMatch(/^\/skills\/[0-9a-f-]+$/);
      const page = await client.get(location);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Bake sourdough bread');
      expect(page.body).toContain('The skill is created as a draft.');
      expect(page.body).toContain(`href="${location}/edit"`);
      expect(page.body).toContain('Bakery');
      expect(page.body).not.toContain('application/ld+json');
      expect(page.body).toContain('History');

      expect((await new Client(app).get(location)).statusCode).toBe(404);
      const outsider = await person(ctx(), { role: 'owner' });
      expect((await (await new Client(app).signInAs(ctx(), outsider.userId)).get(location)).statusCode).toBe(404);

      // Publish: now it is public, with JSON-LD.
      const published = await client.post(`${location}/status`, { status: 'published' });
      expect(published.statusCode).toBe(303);
      const pub = await new Client(app, 'nl').get(location);
      expect(pub.statusCode).toBe(200);
      expect(pub.body).toContain('<h1>Zuurdesembrood bakken</h1>');
      expect(pub.body).toContain('application/ld+json');
    });

    test('the form names what is wrong next to the field, in Dutch', async () => {
      const curator = await person(ctx(), { role: 'owner' });
      const client = await new Client(app, 'nl').signInAs(ctx(), curator.userId);
      const response = await client.post('/skills/new', {
        organisationId: curator.organisationId as string,
        name_en: '',
        name_nl: '',
        alignments: 'not a url',
      });
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain('Er is een probleem');
      expect(response.body).toContain(
        '<p class="error-message" id="name_en-error">Geef de vaardigheid een naam in het Engels of in het Nederlands</p>',
      );
      expect(response.body).toContain('Regel 1 begint niet met een webadres');
      expect(response.body).toContain('aria-invalid="true"');
    });

    test('a member of organisation A cannot edit the skills of organisation B', async () => {
      const b = await person(ctx(), { role: 'owner' });
      const bClient = await new Client(app).signInAs(ctx(), b.userId);
      const created = await bClient.post('/skills/new', {
        organisationId: b.organisationId as string,
        name_en: 'Weld steel',
        statement_en: 'Joins steel parts.',
      });
      const location = created.headers.location as string;
      await bClient.post(`${location}/status`, { status: 'published' });

      const a = await person(ctx(), { role: 'owner' });
      const aClient = await new Client(app).signInAs(ctx(), a.userId);
      expect((await aClient.get(location)).statusCode).toBe(200);
      expect((await aClient.get(location)).body).not.toContain(`href="${location}/edit"`);
      expect((await aClient.get(`${location}/edit`)).statusCode).toBe(403);
      expect((await aClient.post(`${location}/edit`, { name_en: 'Hacked' })).statusCode).toBe(403);
      expect((await aClient.post(`${location}/status`, { status: 'archived' })).statusCode).toBe(403);
      // Nor can A create a skill in B's name.
      const forged = await aClient.post('/skills/new', { organisationId: b.organisationId as string, name_en: 'Forged' });
      expect(forged.statusCode).toBe(400);
      // Anonymous editing sends the browser to sign in.
      const anonymous = await new Client(app).get(`${location}/edit`);
      expect(anonymous.statusCode).toBe(302);
      expect(anonymous.headers.location).toContain('/signin?next=');
    });

    test('the operator sees the link to the ESCO import', async () => {
      const operator = await person(ctx(), { operator: true });
      const page = await (await new Client(app, 'en').signInAs(ctx(), operator.userId)).get('/skills');
      expect(page.body).toContain('href="/skills/import"');
      expect(page.body).toContain('href="/skills/upload"');
      expect((await new Client(app).get('/skills')).body).not.toContain('href="/skills/import"');
    });

    test('a member without a curator role sees no way to create skills', async () => {
      const member = await person(ctx(), { role: 'member' });
      const client = await new Client(app, 'en').signInAs(ctx(), member.userId);
      const response = await client.get('/skills/new');
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('You can create skills once you are an owner, admin or issuer');
    });

    test('the editor changes a skill and the change is in its history', async () => {
      const curator = await person(ctx(), { role: 'issuer' });
      const client = await new Client(app).signInAs(ctx(), curator.userId);
      const created = await client.post('/skills/new', { organisationId: curator.organisationId as string, name_en: 'Prune fruit trees' });
      const location = created.headers.location as string;
      const form = await client.get(`${location}/edit`);
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('value="Prune fruit trees"');
      const saved = await client.post(`${location}/edit`, {
        name_en: 'Prune fruit trees',
        name_nl: 'Fruitbomen snoeien',
        statement_en: 'Cuts branches.',
      });
      expect(saved.statusCode).toBe(303);
      const page = await client.get(location);
      expect(page.body).toContain('Your changes are saved.');
      expect(page.body).toMatch(/<caption class="visually-hidden">Who changed this skill/);
    });

    test('text from data is escaped', async () => {
      const curator = await person(ctx(), { role: 'owner' });
      const client = await new Client(app).signInAs(ctx(), curator.userId);
      const created = await client.post('/skills/new', {
        organisationId: curator.organisationId as string,
        name_en: '<script>alert(1)</script>',
        statement_en: '<img src=x onerror=alert(1)>',
      });
      const page = await client.get(created.headers.location as string);
      // Attributes may hold < (they end only at their quote); elements never get raw markup.
      expect(page.body.replace(/"[^"]*"/g, '""')).not.toContain('<script>alert(1)</script>');
      expect(page.body).not.toContain('<img src=x onerror=alert(1)></p>');
      expect(page.body).toContain('<h1>&lt;script>alert(1)&lt;/script></h1>');
      expect(page.body).toContain('<p class="lead">&lt;img src=x onerror=alert(1)></p>');
    });
  });

  describe('collections', () => {
    test('a curator creates a collection, finds and adds skills, publishes it; the public sees it', async () => {
      const curator = await person(ctx(), { role: 'owner' });
      const client = await new Client(app, 'nl').signInAs(ctx(), curator.userId);
      expect((await client.get('/collections/new')).statusCode).toBe(200);
      const invalid = await client.post('/collections/new', { organisationId: curator.organisationId as string, name_en: '', name_nl: '' });
      expect(invalid.statusCode).toBe(400);
      const created = await client.post('/collections/new', {
        organisationId: curator.organisationId as string,
        name_nl: 'Horeca basis',
        name_en: 'Hospitality basics',
        description_nl: '',
        description_en: '',
        author: '',
      });
      expect(created.statusCode).toBe(303);
      const location = created.headers.location as string;
      const found = await client.get(`${location}?find=horecabeheer&findLang=nl`);
      expect(found.statusCode).toBe(200);
      expect(found.body).toContain(`<input type="hidden" name="skillId" value="${ids.cafe}"/>`);
      const fragment = await client.get(`${location}/find?find=haskell&findLang=en`, { 'hx-request': 'true' });
      expect(fragment.statusCode).toBe(200);
      expect(fragment.body).not.toContain('<html');
      expect(fragment.body).toContain(ids.haskell);
      const noJs = await client.get(`${location}/find?find=haskell&findLang=en`);
      expect(noJs.statusCode).toBe(303);

      expect((await client.post(`${location}/skills`, { skillId: ids.cafe, find: 'horecabeheer', findLang: 'nl' })).statusCode).toBe(303);
      expect((await client.post(`${location}/skills`, { skillId: ids.haskell })).statusCode).toBe(303);
      const page = await client.get(location);
      expect(page.body).toContain('De vaardigheid is aan de collectie toegevoegd.');
      expect(page.body).toContain(`href="/skills/${ids.cafe}"`);
      expect(page.body).toContain('<caption class="visually-hidden">De vaardigheden in deze collectie</caption>');
      expect(page.body).toContain(`/api/v1/collections/${location.split('/').pop()}/export?format=rsd`);

      expect((await new Client(app).get(location)).statusCode).toBe(404);
      const removed = await client.post(`${location}/skills/${ids.haskell}/remove`, {});
      expect(removed.statusCode, removed.body.slice(-1500)).toBe(303);
      expect((await client.post(`${location}/status`, { status: 'published' })).statusCode).toBe(303);
      const pub = await new Client(app, 'en').get(location);
      expect(pub.statusCode).toBe(200);
      expect(pub.body).toContain('Hospitality basics');
      expect(pub.body).not.toContain('name="skillId"');
      expect(pub.body).not.toContain(`href="/skills/${ids.haskell}"`);
      const list = await new Client(app, 'en').get('/collections');
      expect(list.body).toContain(`href="${location}"`);

      // Another organisation cannot change it.
      const other = await person(ctx(), { role: 'owner' });
      const otherClient = await new Client(app).signInAs(ctx(), other.userId);
      expect((await otherClient.post(`${location}/skills`, { skillId: ids.haskell })).statusCode).toBe(403);
      expect((await otherClient.post(`${location}/status`, { status: 'archived' })).statusCode).toBe(403);
    });
  });
});
