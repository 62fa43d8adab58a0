import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { executeRun } from '../../src/labour-market/harvest.ts';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('the demo analyst’s vacancies', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('the demo city has a feed whose run makes four vacancies of five ads (one posted twice)', async () => {
    const seeded = await seedDemoIfEmpty(ctx());
    const analyst = seeded?.accounts.find((a) => a.email === 'analyst@demo.vaardig.local');
    expect(analyst).toBeDefined();
    // The seed queued the run; a worker would take it, here it runs at once.
    const run = await ctx().db.selectFrom('vacancy_runs').selectAll().where('status', '=', 'queued').executeTakeFirstOrThrow();
    await executeRun(ctx(), run.id);
    const browser = new Browser(app, 'nl');
    expect((await browser.post('/signin', { email: analyst?.email ?? '', password: analyst?.password ?? '' })).statusCode).toBe(303);
    const page = await browser.get('/vacancies');
    expect(page.body).toContain('4 vacatures');
    expect(page.body).toContain('Verzorgende IG (24-32 uur)');
    const sources = await browser.get('/vacancy-sources');
    expect(sources.body).toContain('Vacaturebank Oss (demo)');
  });
});
