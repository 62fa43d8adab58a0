import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { usersWithConfirmedAddresses } from '../../src/accounts/api.ts';
import { allItems } from '../../src/backpack/api.ts';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { Browser } from '../accounts/support.ts';
import { schemaErrors } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('the demo programme', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  async function signIn(email: string, password: string) {
    const browser = new Browser(app, 'nl');
    expect((await browser.post('/signin', { email, password })).statusCode).toBe(303);
    return browser;
  }

  test('a programme with a running cohort: a badge with results and evidence, work waiting for the assessors, an application waiting', async () => {
    const seeded = await seedDemoIfEmpty(ctx());
    const account = (who: string) => seeded?.accounts.find((a) => a.email === `${who}@demo.vaardig.local`) ?? { email: '', password: '' };
    const list = await new Browser(app, 'nl').get('/programmes');
    expect(list.body).toContain('Leercoach Lerende Stad');
    const id = /href="\/programmes\/([0-9a-f-]{36})"/.exec(list.body)?.[1] as string;
    const programme = (await new Browser(app).api('GET', `/api/v1/programmes/${id}`)).json();
    expect(programme.modules.map((m: { name: string }) => m.name)).toEqual(['Coachgesprekken voeren', 'Leerroutes ontwerpen']);
    const running = programme.cohorts.find((c: { phase: string }) => c.phase === 'running');
    expect(running).toMatchObject({ name: 'Voorjaar', enrolled: 2, applied: 1 });
    expect(programme.pathwayId).toBeTruthy();
    // The job seeker's badge: the rubric levels as results, the evidence her work, valid against the OB 3.0 schema.
    const jamila = await signIn(account('jobseeker').email, account('jobseeker').password);
    const work = (await jamila.api('GET', `/api/v1/programmes/${id}/work`)).json();
    const held = work.modules[0].held;
    expect(held.state).toBe('passed');
    const credential = (await jamila.api('GET', held.credentialUrl.replace(ctx().config.baseUrl, ''))).body;
    expect(credential).toContain('Coachgesprekken voeren');
    const [jamilaId] = await usersWithConfirmedAddresses(ctx().db, [account('jobseeker').email]);
    const doc = (await allItems(ctx(), jamilaId)).find((i) => i.name === 'Coachgesprekken voeren')?.document as Record<string, any>;
    expect(doc.credentialSubject.result.map((r: { value: string }) => r.value)).toEqual(['Sterk', 'Bekwaam', 'Afgesproken']);
    expect(doc.evidence).toHaveLength(2);
    expect(schemaErrors(doc)).toEqual([]);
    expect((await new Browser(app).get(held.evidenceUrl.replace(ctx().config.baseUrl, ''))).body).toContain(
      'video.example/coachgesprek-jamila',
    );
    // The teacher finds the learner's work waiting; the organiser the analyst's application.
    const tessa = await signIn(account('school').email, account('school').password);
    const queue = (await tessa.api('GET', `/api/v1/programmes/${id}/assessments`)).json().items;
    expect(queue.map((q: { participant: { name: string }; action: string }) => [q.participant.name, q.action])).toEqual([
      ['Lars Leerling', 'review'],
    ]);
    expect((await tessa.get('/')).body).toContain('1 werk om te beoordelen');
    const omar = await signIn(account('events').email, account('events').password);
    const cohortPage = await omar.get(`/programmes/${id}/cohorts/${running.id}`);
    expect(cohortPage.body).toContain('Anouk Analist');
    expect(cohortPage.body).toContain('1 aanmelding wacht');
    const playbook = (await omar.api('GET', `/api/v1/programmes/${id}/playbook`)).json().items;
    expect(playbook.map((p: { title: string; version: number }) => [p.title, p.version])).toEqual([
      ['Beoordelen met de rubric', 1],
      ['Het intakegesprek', 2],
    ]);
  }, 180_000);
});
