import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findCommunity } from '../../src/communities/communities.ts';
import { communityRegion } from '../../src/insight/joined.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { addToCommunity, community, person } from './support.ts';

/** A community's region: set on its form and through the API, read by its themes' demand (insight). */
describeEachDatabase('communities: a region whose vacancies the themes read', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('a facilitator sets a province and municipality on the form; insight reads the community’s region', async () => {
    const facilitator = await person(ctx(), app, 'Fenna', 'nl');
    const c = await community(ctx(), facilitator.user);
    expect((await communityRegion(ctx(), c)).from).toBe('network');
    const form = await facilitator.browser.get(`/communities/${c.slug}/edit`);
    expect(form.body).toContain('Provincie');
    expect(form.body).toContain('Geen provincie (het hele netwerk)');
    const saved = await facilitator.browser.post(`/communities/${c.slug}/edit`, {
      name: c.name,
      purpose: c.purpose,
      visibility: c.visibility,
      province: 'NB',
      municipality: ' Oss ',
    });
    expect(saved.statusCode).toBe(303);
    const stored = await findCommunity(ctx(), c.id);
    expect(stored).toMatchObject({ province: 'Noord-Brabant', municipality: 'Oss' });
    expect(await communityRegion(ctx(), stored!)).toEqual({ province: 'Noord-Brabant', municipality: 'Oss', from: 'community' });
    // Emptied again: the whole network.
    await facilitator.browser.post(`/communities/${c.slug}/edit`, {
      name: c.name,
      purpose: c.purpose,
      visibility: c.visibility,
      province: '',
      municipality: '',
    });
    expect(await findCommunity(ctx(), c.id)).toMatchObject({ province: null, municipality: null });
  });

  test('the API takes and shows the region; a PATCH without it keeps it', async () => {
    const facilitator = await person(ctx(), app, 'Fred');
    const c = await community(ctx(), facilitator.user);
    const patched = await facilitator.browser.api('PATCH', `/api/v1/communities/${c.slug}`, {
      province: 'Utrecht',
      municipality: 'Amersfoort',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ province: 'Utrecht', municipality: 'Amersfoort' });
    const renamed = await facilitator.browser.api('PATCH', `/api/v1/communities/${c.slug}`, { name: 'Renamed' });
    expect(renamed.json()).toMatchObject({ name: 'Renamed', province: 'Utrecht', municipality: 'Amersfoort' });
  });

  test('bad input: an unknown province or a long municipality is a 400 naming the field; nothing stored is lost', async () => {
    const facilitator = await person(ctx(), app, 'Femke');
    const c = await community(ctx(), facilitator.user);
    await facilitator.browser.api('PATCH', `/api/v1/communities/${c.slug}`, { province: 'Zeeland' });
    const unknown = await facilitator.browser.api('PATCH', `/api/v1/communities/${c.slug}`, { province: 'Atlantis' });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json())).toContain('province');
    const long = await facilitator.browser.post(`/communities/${c.slug}/edit`, {
      name: c.name,
      purpose: c.purpose,
      visibility: c.visibility,
      province: 'Limburg',
      municipality: 'x'.repeat(101),
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('id="municipality-error"');
    expect(await findCommunity(ctx(), c.id)).toMatchObject({ province: 'Zeeland', municipality: null });
  });

  test('only the community’s facilitators change its region: a member, another organisation’s admin, signed out', async () => {
    const facilitator = await person(ctx(), app, 'Floor');
    const c = await community(ctx(), facilitator.user);
    const outsider = await person(ctx(), app, 'Otto');
    await community(ctx(), outsider.user);
    const other = await outsider.browser.api('PATCH', `/api/v1/communities/${c.slug}`, { province: 'Drenthe' });
    expect([403, 404]).toContain(other.statusCode);
    const signedOut = await app.inject({
      method: 'PATCH',
      url: `/api/v1/communities/${c.slug}`,
      payload: { province: 'Drenthe' },
    });
    // Refused before anything is read: no session (401), or no CSRF token for a cookie request (403).
    expect([401, 403]).toContain(signedOut.statusCode);
    const member = await person(ctx(), app, 'Mila');
    await addToCommunity(ctx(), c.id, member.user);
    expect((await member.browser.api('PATCH', `/api/v1/communities/${c.slug}`, { province: 'Drenthe' })).statusCode).toBe(403);
    expect(await findCommunity(ctx(), c.id)).toMatchObject({ province: null });
  });
});
