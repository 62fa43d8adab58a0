import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('the demo earner’s backpack', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('the demo learner signs in to a filled backpack', async () => {
    const seeded = await seedDemoIfEmpty(ctx());
    const learner = seeded?.accounts.find((a) => a.email === 'learner@demo.vaardig.local');
    expect(learner).toBeDefined();
    const browser = new Browser(app);
    expect((await browser.post('/signin', { email: learner?.email ?? '', password: learner?.password ?? '' })).statusCode).toBe(303);
    const home = await browser.get('/');
    expect(home.body).toContain('You have 2 new badges.');
    const page = await browser.get('/backpack');
    for (const name of ['CNC-machine bedienen', 'Basis lassen (MIG/MAG)', 'Workshop: werken met robots']) expect(page.body).toContain(name);
    expect(page.body).toContain('>accepted<');
    // The published profile shows the public collection to anyone.
    const profile = await new Browser(app).get('/p/lars-leerling');
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Metaalbewerking');
    expect(profile.body).toContain('CNC-machine bedienen');
  });
});
