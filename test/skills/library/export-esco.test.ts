import { beforeAll, expect, test } from 'vitest';
import { exportCollection, exportSkills } from '../../../src/skills/library/exchange.ts';
import { addSkillsToCollection, createCollection, createSkill, setCollectionStatus } from '../../../src/skills/library/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { insertEscoSkills, makeOrg, makeUser } from './helpers.ts';

const WELD = 'http://data.europa.eu/esco/skill/ex-weld';

describeEachDatabase('export of ESCO skills carries the ESCO concept URI', (ctx) => {
  let collectionId: string;
  let escoId: string;
  let ownId: string;

  beforeAll(async () => {
    const curator = await makeUser(ctx(), 'Eva Export');
    const org = await makeOrg(ctx(), 'Export Org', [[curator, 'owner']]);
    escoId = (await insertEscoSkills(ctx(), [{ uri: WELD, name: { en: 'weld metal', nl: 'metaal lassen' } }]))[WELD];
    ownId = (
      await createSkill(ctx(), curator, {
        organisationId: org,
        name: { en: 'Own skill' },
        statement: { en: 'Mine.' },
        status: 'published',
      })
    ).id;
    const collection = await createCollection(ctx(), curator, { organisationId: org, name: { en: 'Mixed' } });
    await addSkillsToCollection(ctx(), curator, collection.id, [escoId, ownId]);
    await setCollectionStatus(ctx(), curator, collection.id, 'published');
    collectionId = collection.id;
  });

  test('RSD: an alignment to the concept; own skills keep their (empty) alignments', async () => {
    const doc = JSON.parse((await exportCollection(ctx(), null, collectionId, 'rsd')).body);
    const esco = doc.skills.find((s: { uuid: string }) => s.uuid === escoId);
    expect(esco.alignments).toEqual([{ id: WELD, name: 'weld metal', framework: 'ESCO' }]);
    const own = doc.skills.find((s: { uuid: string }) => s.uuid === ownId);
    expect(own.alignments ?? []).toEqual([]);
    const nl = JSON.parse((await exportSkills(ctx(), null, [escoId], 'rsd', 'nl')).body);
    expect(nl.alignments).toEqual([{ id: WELD, name: 'metaal lassen', framework: 'ESCO' }]);
  });

  test('CASE: an exactMatchOf association; CTDL: ceasn:exactAlignment; CSV: the Alignment URL', async () => {
    const pkg = JSON.parse((await exportCollection(ctx(), null, collectionId, 'case')).body);
    const matches = pkg.CFAssociations.filter((a: { associationType: string }) => a.associationType === 'exactMatchOf');
    expect(matches).toHaveLength(1);
    expect(matches[0].destinationNodeURI.uri).toBe(WELD);
    const ctdl = JSON.parse((await exportCollection(ctx(), null, collectionId, 'ctdl')).body);
    const competencies = ctdl['@graph'].filter((n: { '@type': string }) => n['@type'] === 'ceasn:Competency');
    expect(competencies.map((c: Record<string, unknown>) => c['ceasn:exactAlignment'] ?? null).sort()).toEqual([null, [WELD]].sort());
    const csv = (await exportSkills(ctx(), null, [escoId], 'csv')).body;
    expect(csv).toContain(WELD);
  });
});
