import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('the demo community of practice', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('a theme, past sessions with attendance and action items, an upcoming session with the open action carried over', async () => {
    const seeded = await seedDemoIfEmpty(ctx());
    const learner = seeded?.accounts.find((a) => a.email === 'learner@demo.vaardig.local');
    const browser = new Browser(app, 'nl');
    expect((await browser.post('/signin', { email: learner?.email ?? '', password: learner?.password ?? '' })).statusCode).toBe(303);
    const list = await browser.get('/communities');
    expect(list.body).toContain('Leren op de werkplek');
    const page = await browser.get('/communities/leren-op-de-werkplek');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Werkplekleren in de techniek');
    expect(page.body).toContain('Bijeenkomst: begeleiden met weinig tijd');
    expect(page.body).toContain('Clinic: een leerroute voor lassers');
    const next = /href="(\/communities\/sessions\/[0-9a-f-]{36})">Bijeenkomst: begeleiden met weinig tijd/.exec(page.body)?.[1] as string;
    const session = await browser.get(next);
    expect(session.body).toContain('Het leerrouteformat testen bij twee bedrijven');
    expect(session.body).not.toContain('Drie voorbeelden van leerroutes verzamelen');
    expect(session.body).toContain('Je bent aangemeld.');
    expect(session.body).toContain('Presentatie door een lid');
    const theme = /href="(\/communities\/themes\/[0-9a-f-]{36})"/.exec(page.body)?.[1] as string;
    const themePage = await browser.get(theme);
    expect(themePage.body).toContain('Tien werkplekbegeleiders getraind');
    expect(themePage.body).toContain('Aanwezigheid in dit thema');
  });
});
