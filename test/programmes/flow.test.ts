import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { allItems } from '../../src/backpack/api.ts';
import { verifyInContext } from '../../src/credentials/api.ts';
import { progressOn, getPathway } from '../../src/pathways/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { moderate, review, roundDetail } from '../../src/programmes/assessment.ts';
import { getProgramme } from '../../src/programmes/programmes.ts';
import { myWork, submit } from '../../src/programmes/work.ts';
import { localFetch, schemaErrors } from '../credentials/issuing/helpers.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { programmeWorld } from './support.ts';

describeEachDatabase('a programme run through (services)', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    vi.stubGlobal('fetch', localFetch(app, ctx().config.baseUrl));
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await app?.close();
  });

  test('submission, two assessors who differ, moderation, module badges with results and evidence, the certificate by the pathway', async () => {
    const world = await programmeWorld(ctx(), 'Flow');
    const [first, second, third] = world.assessors;
    const pia = await world.participant('Pia');
    const [coaching, routes] = world.modules;

    // Module 1: one assessor.
    const file = { name: 'talk.mp3', mime: 'audio/mpeg', data: Buffer.from('ID3 recording') };
    await submit(ctx(), pia, coaching.assignments[0].id, { file, link: 'https://video.example/talk-1' });
    const { round } = await submit(ctx(), pia, coaching.assignments[1].id, { text: 'I listened more than I talked.' });
    expect(round.state).toBe('submitted');
    const decided = await review(ctx(), first, round.id, { levels: { c1: 'Excellent', Reflection: 'sound' }, comment: 'Good work' });
    expect(decided.round.state).toBe('passed');
    expect(decided.round.credentialId).toBeTruthy();

    // Module 2: two assessors who differ, then a moderator.
    await submit(ctx(), pia, routes.assignments[0].id, { link: 'https://video.example/route' });
    const r2 = (await submit(ctx(), pia, routes.assignments[1].id, { text: 'Designed a route of three badges.' })).round;
    const afterFirst = await review(ctx(), first, r2.id, { levels: { c1: 'l2', c2: 'l2' } });
    expect(afterFirst.round.state).toBe('submitted');
    // The second assessor does not see the first judgement before giving theirs.
    expect((await roundDetail(ctx(), second, r2.id)).reviews).toEqual([]);
    expect((await roundDetail(ctx(), second, r2.id)).action).toBe('second');
    const afterSecond = await review(ctx(), second, r2.id, { levels: { c1: 'l3', c2: 'l1' } });
    expect(afterSecond.round.state).toBe('moderation');
    expect(afterSecond.reviews).toHaveLength(2);
    await expect(moderate(ctx(), first, r2.id, { levels: { c1: 'l2', c2: 'l2' } })).rejects.toMatchObject({
      code: 'programmes:errors.moderatorReviewed',
    });
    const moderated = await moderate(ctx(), third, r2.id, { levels: { c1: 'l3', c2: 'l2' }, comment: 'Sound reflection after all' });
    expect(moderated.round.state).toBe('passed');
    expect(moderated.round.levels).toEqual({ c1: 'l3', c2: 'l2' });

    // The credentials: results with the rubric levels, evidence to the submissions, valid against the OB 3.0 schema, verified.
    const { work } = await myWork(ctx(), pia, world.programme.id);
    for (const w of work) {
      expect(w.held?.credentialId).toBeTruthy();
      const items = await allItems(ctx(), pia.id);
      const item = items.find((i) => i.name === w.module.name);
      expect(item, w.module.name).toBeTruthy();
      const doc = item?.document as Record<string, any>;
      expect(schemaErrors(doc)).toEqual([]);
      const results = doc.credentialSubject.result;
      expect(results).toHaveLength(2);
      const descriptions = doc.credentialSubject.achievement.resultDescription;
      expect(descriptions.map((d: { name: string }) => d.name)).toEqual(['Coaching conversation', 'Reflection']);
      expect(descriptions[0].allowedValue).toEqual(['Beginning', 'Competent', 'Excellent']);
      expect(results.map((r: { resultDescription: string }) => r.resultDescription)).toEqual(descriptions.map((d: { id: string }) => d.id));
      expect(doc.evidence.length).toBe(2);
      for (const e of doc.evidence)
        expect(e.id).toMatch(new RegExp(`^${ctx().config.baseUrl}/programmes/evidence/[A-Za-z0-9_-]+#submission-`));
      const verdict = await verifyInContext(ctx(), doc);
      expect(verdict.valid, JSON.stringify(verdict.checks)).toBe(true);
    }
    const coachingDoc = (await allItems(ctx(), pia.id)).find((i) => i.name === 'Coaching')?.document as Record<string, any>;
    expect(coachingDoc.credentialSubject.result.map((r: { value: string }) => r.value)).toEqual(['Excellent', 'Sound']);

    // The certificate: the pathway over the module badges awarded it.
    const detail = await getProgramme(ctx(), pia, world.programme.id);
    const pathway = await getPathway(ctx(), pia, detail.programme.pathwayId as string);
    expect(pathway.steps).toHaveLength(2);
    const progress = (await progressOn(ctx(), pia.id, [pathway])).get(pathway.id);
    expect(progress?.award?.credentialId).toBeTruthy();
    const certificate = (await allItems(ctx(), pia.id)).find((i) => i.name === world.programme.name);
    expect(certificate).toBeTruthy();
    expect(schemaErrors(certificate?.document)).toEqual([]);
  }, 120_000);
});
