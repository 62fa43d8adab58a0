import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('the demo pathway and endorsement', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('a pathway of three badges from two issuers, two of them held by the learner; the employer endorses the welding badge', async () => {
    const seeded = await seedDemoIfEmpty(ctx());
    const learner = seeded?.accounts.find((a) => a.email === 'learner@demo.vaardig.local');
    expect(learner).toBeDefined();
    const list = await new Browser(app).get('/pathways');
    expect(list.body).toContain('Vakkracht metaaltechniek');
    // The demo has more pathways (a programme's certificate): this one by its name.
    const id = /href="\/pathways\/([0-9a-f-]{36})">Vakkracht metaaltechniek/.exec(list.body)?.[1] as string;
    const browser = new Browser(app, 'nl');
    expect((await browser.post('/signin', { email: learner?.email ?? '', password: learner?.password ?? '' })).statusCode).toBe(303);
    const page = await browser.get(`/pathways/${id}`);
    expect(page.statusCode).toBe(200);
    for (const name of ['Basis lassen (MIG/MAG)', 'Veilig werken in de werkplaats', 'CNC-machine bedienen'])
      expect(page.body).toContain(name);
    expect(page.body).toContain('Je hebt 2 van de 3 stappen gedaan.');
    expect(page.body).toContain('<svg');
    const pathway = (await browser.api('GET', `/api/v1/pathways/${id}`)).json();
    expect(new Set(pathway.steps.flatMap((s: { options: { uri: string }[] }) => s.options.map((o) => o.uri))).size).toBe(3);
    const endorsements = (await browser.api('GET', '/api/v1/endorsements')).json().items;
    expect(endorsements).toHaveLength(1);
    expect(endorsements[0]).toMatchObject({ subjectType: 'achievement', subjectName: 'Basis lassen (MIG/MAG)', state: 'active' });
    expect((await browser.get('/')).body).toContain('Jouw leerroutes');
  });
});
