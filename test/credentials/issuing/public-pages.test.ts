import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAchievement, setAchievementArchived } from '../../../src/credentials/issuing/achievements.ts';
import type { CurrentUser } from '../../../src/accounts/api.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { organisationWith, person } from './helpers.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** A badge's and an issuer's URLs: a page for a person's browser, JSON-LD for everything else. */
describeEachDatabase('issuing: public badge and issuer pages', (ctx) => {
  let app: FastifyInstance;
  let issuer: CurrentUser;
  let badge: { id: string };
  let archived: { id: string };

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    issuer = await person(ctx(), 'Iris');
    await organisationWith(ctx(), 'pub-a', [[issuer, 'issuer']]);
    badge = await createAchievement(ctx(), issuer, 'pub-a', {
      name: 'Veilig werken <op hoogte>',
      description: 'Werkt veilig op steigers en ladders.',
      criteriaNarrative: 'Praktijkexamen afgelegd.',
    });
    archived = await createAchievement(ctx(), issuer, 'pub-a', { name: 'Oude badge', description: 'd', criteriaNarrative: 'c' });
    await setAchievementArchived(ctx(), issuer, 'pub-a', archived.id, true);
  });
  afterAll(async () => app?.close());

  const get = (url: string, accept?: string, lang = 'nl') =>
    app.inject({ method: 'GET', url, headers: { ...(accept ? { accept } : {}), 'accept-language': lang } });

  it('a browser gets the badge as a page, in its language, its name escaped', async () => {
    const nl = await get(`/achievements/${badge.id}`, BROWSER);
    expect(nl.statusCode).toBe(200);
    expect(nl.headers['content-type']).toMatch(/text\/html/);
    expect(nl.body).toContain('<h1>Veilig werken &lt;op hoogte');
    expect(nl.body).toContain('Zo verdien je deze badge');
    expect(nl.body).toContain('Praktijkexamen afgelegd.');
    expect(nl.body).toContain('href="/orgs/pub-a"');
    const en = await get(`/achievements/${badge.id}`, BROWSER, 'en');
    expect(en.body).toContain('How to earn it');
  });

  it('verifiers and wallets still get JSON-LD: no Accept, JSON Accept, or ?format=json in a browser', async () => {
    for (const [url, accept] of [
      [`/achievements/${badge.id}`, undefined],
      [`/achievements/${badge.id}`, 'application/ld+json'],
      [`/achievements/${badge.id}`, '*/*'],
      [`/achievements/${badge.id}?format=json`, BROWSER],
    ] as const) {
      const response = await get(url, accept);
      expect(response.statusCode, `${url} ${accept}`).toBe(200);
      expect(response.headers['content-type']).toMatch(/application\/ld\+json/);
      const json = response.json();
      expect(json.type).toEqual(['Achievement']);
      expect(json.name).toBe('Veilig werken <op hoogte>');
    }
  });

  it('an archived badge says it is no longer awarded; the issuer page lists only the badges still awarded', async () => {
    const page = await get(`/achievements/${archived.id}`, BROWSER);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('wordt niet meer uitgereikt');
    const issuerPage = await get('/orgs/pub-a', BROWSER);
    expect(issuerPage.statusCode).toBe(200);
    expect(issuerPage.body).toContain('Org pub-a');
    expect(issuerPage.body).toContain(`href="/achievements/${badge.id}"`);
    expect(issuerPage.body).not.toContain(`href="/achievements/${archived.id}"`);
    expect(issuerPage.body).toContain('did:web:');
  });

  it('the issuer URL still serves its Profile to machines', async () => {
    const response = await get('/orgs/pub-a', 'application/ld+json');
    expect(response.headers['content-type']).toMatch(/application\/ld\+json/);
    expect(response.json().type).toEqual(['Profile']);
  });

  it('an unknown or malformed id is a 404 that says what was not found, as a page or as JSON', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '%27%3B--']) {
      const page = await get(`/achievements/${id}`, BROWSER, 'en');
      expect(page.statusCode, id).toBe(404);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const json = await get(`/achievements/${id}`, 'application/json', 'en');
      expect(json.statusCode, id).toBe(404);
      expect(json.json().detail).toMatch(/badge|achievement/i);
    }
    const issuer404 = await get('/orgs/no-such-org', BROWSER, 'en');
    expect(issuer404.statusCode).toBe(404);
  });
  it('an organisation website that is not http(s) (stored before the check, or by hand) shows no link', async () => {
    await organisationWith(ctx(), 'pub-js', [[issuer, 'issuer']]);
    await ctx()
      .db.updateTable('organisations')
      .set({ website: 'javascript:alert(document.cookie)' })
      .where('slug', '=', 'pub-js')
      .execute();
    const page = await get('/orgs/pub-js', BROWSER);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('javascript:');
    await organisationWith(ctx(), 'pub-web', [[issuer, 'issuer']]);
    await ctx().db.updateTable('organisations').set({ website: 'https://example.org/over-ons' }).where('slug', '=', 'pub-web').execute();
    expect((await get('/orgs/pub-web', BROWSER)).body).toContain('href="https://example.org/over-ons"');
  });
});
