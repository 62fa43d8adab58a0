/**
 * Insight's part of the demo network (issue 12): after the demo is seeded and counted, supply shows
 * numbers (the demo class holds the school's badges), with the demo people's regions.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { refreshDemand, refreshSupply } from '../../src/insight/rollups.ts';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('insight in the demo network', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('the analyst sees proven skills with counts of 5 people and more', async () => {
    const seeded = await seedDemoIfEmpty(ctx());
    const analyst = seeded?.accounts.find((a) => a.email === 'analyst@demo.vaardig.local');
    expect(analyst).toBeDefined();
    await refreshDemand(ctx());
    await refreshSupply(ctx());
    const browser = new Browser(app);
    expect((await browser.post('/signin', { email: analyst?.email ?? '', password: analyst?.password ?? '' })).statusCode).toBe(303);
    const supply = (await browser.api('GET', '/api/v1/insight/supply')).json();
    expect(supply.rows.filter((r: { people: number | null }) => r.people !== null && r.people >= 5).length).toBeGreaterThanOrEqual(2);
    const page = await browser.get('/insight/supply');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect((await browser.api('GET', '/api/v1/insight/region')).json()).toEqual({ municipality: 'Oss', province: 'Noord-Brabant' });
  });
});
