import { beforeAll, expect, test } from 'vitest';
import { AppError } from '../../../src/platform/errors.ts';
import {
  addSkillsToCollection,
  createCollection,
  createSkill,
  getCollection,
  getSkill,
  listCollections,
  listCollectionSkills,
  listSkills,
  removeSkillFromCollection,
  setCollectionStatus,
  setSkillStatus,
  skillHistory,
  skillUri,
  updateSkill,
} from '../../../src/skills/library/service.ts';
import { seedLibraryDemo } from '../../../src/skills/library/demo.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { makeOrg, makeUser } from './helpers.ts';

const skillNotFound = { status: 404, code: 'skills:errors.skillNotFound', field: 'id' };
const notCurator = { status: 403, code: 'skills:errors.notCurator' };

describeEachDatabase('skills library service', (ctx) => {
  let curator: Awaited<ReturnType<typeof makeUser>>;
  let member: Awaited<ReturnType<typeof makeUser>>;
  let outsider: Awaited<ReturnType<typeof makeUser>>;
  let operator: Awaited<ReturnType<typeof makeUser>>;
  let org: string;

  beforeAll(async () => {
    curator = await makeUser(ctx(), 'Erik Werkgever');
    member = await makeUser(ctx(), 'Mira Member');
    outsider = await makeUser(ctx(), 'Otto Outsider');
    operator = await makeUser(ctx(), 'Olga Operator', { operator: true });
    org = await makeOrg(ctx(), 'Maasdal Techniek', [
      [curator, 'issuer'],
      [member, 'member'],
    ]);
  });

  test('creates a draft RSD with language maps, history and labels; drafts are for members only', async () => {
    const skill = await createSkill(ctx(), curator, {
      organisationId: org,
      name: { en: ' Weld  steel pipes ', nl: 'Stalen buizen lassen' },
      statement: { en: 'Join steel pipes by TIG welding.', nl: 'Stalen buizen verbinden door TIG-lassen.' },
      keywords: { en: ['TIG', 'tig', 'pipes'], nl: ['lassen'] },
      categories: ['Metalwork'],
      standards: [{ name: 'NEN-EN-ISO 9606-1' }],
      occupations: [{ name: 'Welder', id: 'http://data.europa.eu/esco/occupation/test-welder' }],
      alignments: [{ id: 'http://data.europa.eu/esco/skill/test-weld', name: 'weld metal parts', framework: 'ESCO' }],
    });
    expect(skill).toMatchObject({
      source: 'local',
      status: 'draft',
      name: { en: 'Weld steel pipes', nl: 'Stalen buizen lassen' },
      keywords: { en: ['TIG', 'pipes'], nl: ['lassen'] },
      author: 'Erik Werkgever',
      organisationId: org,
      uri: skillUri('http://vaardig.test', skill.id),
    });
    expect(skill.uri).toBe(`http://vaardig.test/skills/${skill.id}`);
    const labels = await ctx()
      .db.selectFrom('skill_labels')
      .select(['lang', 'kind', 'norm'])
      .where('skill_id', '=', skill.id)
      .orderBy('norm')
      .execute();
    expect(labels).toContainEqual({ lang: 'nl', kind: 'preferred', norm: 'stalen buizen lassen' });
    expect(labels).toContainEqual({ lang: 'en', kind: 'keyword', norm: 'tig' });

    expect((await getSkill(ctx(), skill.id, member)).id).toBe(skill.id);
    expect((await getSkill(ctx(), skill.id, operator)).id).toBe(skill.id);
    await expect(getSkill(ctx(), skill.id, null)).rejects.toMatchObject(skillNotFound);
    await expect(getSkill(ctx(), skill.id, outsider)).rejects.toMatchObject(skillNotFound);
    expect((await listSkills(ctx(), null, { organisationId: org })).total).toBe(0);
    expect((await listSkills(ctx(), member, { organisationId: org })).total).toBe(1);

    const history = await skillHistory(ctx(), skill.id, member);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'create', userId: curator.id, userName: 'Erik Werkgever' });
    expect(history[0].changes.name).toEqual({ from: null, to: { en: 'Weld steel pipes', nl: 'Stalen buizen lassen' } });
  });

  test('updates record from → to, keep labels in step, and only curators may write', async () => {
    const skill = await createSkill(ctx(), curator, { organisationId: org, name: { en: 'Read drawings' } });
    const updated = await updateSkill(ctx(), curator, skill.id, {
      name: { en: 'Read technical drawings', nl: 'Technische tekeningen lezen' },
      categories: ['Engineering'],
    });
    expect(updated.name.nl).toBe('Technische tekeningen lezen');
    const history = await skillHistory(ctx(), skill.id, curator);
    expect(history.map((h) => h.action)).toEqual(['create', 'update']);
    expect(history[1].changes).toEqual({
      name: { from: { en: 'Read drawings' }, to: { en: 'Read technical drawings', nl: 'Technische tekeningen lezen' } },
      categories: { from: [], to: ['Engineering'] },
    });
    const norms = (await ctx().db.selectFrom('skill_labels').select('norm').where('skill_id', '=', skill.id).execute())
      .map((r) => r.norm)
      .sort();
    expect(norms).toEqual(['read technical drawings', 'technische tekeningen lezen']);
    // Nothing changed: no history row.
    await updateSkill(ctx(), curator, skill.id, { categories: ['Engineering'] });
    expect(await skillHistory(ctx(), skill.id, curator)).toHaveLength(2);

    await expect(updateSkill(ctx(), member, skill.id, { categories: [] })).rejects.toMatchObject(notCurator);
    await expect(updateSkill(ctx(), outsider, skill.id, { categories: [] })).rejects.toMatchObject(notCurator);
    await expect(updateSkill(ctx(), null, skill.id, { categories: [] })).rejects.toMatchObject({
      status: 401,
      code: 'platform:errors.unauthorized',
    });
    expect((await updateSkill(ctx(), operator, skill.id, { author: 'Network' })).author).toBe('Network');
    await expect(createSkill(ctx(), member, { organisationId: org, name: { en: 'x' } })).rejects.toMatchObject(notCurator);
  });

  test('validation names the field', async () => {
    const fails = async (input: object, field: string, code: string) => {
      const error = await createSkill(ctx(), curator, { organisationId: org, name: { en: 'ok' }, ...input }).catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect({ status: error.status, code: error.code, fields: error.errors.map((e: { field: string }) => e.field) }).toEqual({
        status: 400,
        code,
        fields: [field],
      });
    };
    await fails({ name: { en: '  ' } }, 'name', 'skills:errors.textInOneLanguage');
    await fails({ name: { english: 'x' } }, 'name.english', 'skills:errors.notLanguageCode');
    await fails({ statement: { en: 5 } }, 'statement.en', 'skills:errors.notText');
    await fails({ alignments: [{ framework: 'ESCO' }] }, 'alignments.0', 'skills:errors.referenceIncomplete');
    await fails({ alignments: [{ id: 'not a uri', name: 'x' }] }, 'alignments.0.id', 'skills:errors.notUriOrUrn');
    await fails({ categories: 'Metalwork' }, 'categories', 'skills:errors.notTextList');
    await fails({ keywords: { en: 'TIG' } }, 'keywords.en', 'skills:errors.notTextList');
    await fails({ status: 'published' }, 'statement', 'skills:errors.statementToPublish');
    await fails({ name: { en: 'x'.repeat(301) } }, 'name.en', 'platform:errors.tooLong');
    await expect(createSkill(ctx(), curator, { organisationId: 'nope', name: { en: 'x' } })).rejects.toMatchObject({
      status: 400,
      code: 'skills:errors.unknownOrganisation',
      field: 'organisationId',
    });
  });

  test('lifecycle draft → published → archived → draft, with history; publishing needs a statement', async () => {
    const skill = await createSkill(ctx(), curator, { organisationId: org, name: { en: 'Solder circuit boards' } });
    await expect(setSkillStatus(ctx(), curator, skill.id, 'published')).rejects.toMatchObject({
      status: 400,
      code: 'skills:errors.statementToPublish',
      field: 'statement',
    });
    await updateSkill(ctx(), curator, skill.id, { statement: { en: 'Solder components onto circuit boards.' } });
    const published = await setSkillStatus(ctx(), curator, skill.id, 'published');
    expect(published.status).toBe('published');
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect((await getSkill(ctx(), skill.id, null)).status).toBe('published');
    await expect(setSkillStatus(ctx(), curator, skill.id, 'draft')).rejects.toMatchObject({
      status: 409,
      code: 'skills:errors.statusNotAllowed',
      field: 'status',
    });
    const archived = await setSkillStatus(ctx(), curator, skill.id, 'archived');
    expect(archived.archivedAt).toBeInstanceOf(Date);
    const back = await setSkillStatus(ctx(), curator, skill.id, 'draft');
    expect(back.archivedAt).toBeNull();
    const actions = (await skillHistory(ctx(), skill.id, curator)).map((h) => [h.action, h.changes.status?.to]);
    expect(actions.slice(2)).toEqual([
      ['publish', 'published'],
      ['archive', 'archived'],
      ['unarchive', 'draft'],
    ]);
    await expect(setSkillStatus(ctx(), member, skill.id, 'published')).rejects.toMatchObject(notCurator);
  });

  test('collections: create, add and remove skills, publish; drafts hidden from the public', async () => {
    const a = await createSkill(ctx(), curator, {
      organisationId: org,
      name: { en: 'Collection skill A' },
      statement: { en: 'A.' },
      status: 'published',
    });
    const b = await createSkill(ctx(), curator, { organisationId: org, name: { en: 'Collection skill B' } });
    const collection = await createCollection(ctx(), curator, { organisationId: org, name: { en: 'Welding basics', nl: 'Basis lassen' } });
    expect(collection).toMatchObject({ status: 'draft', skillCount: 0, uri: `http://vaardig.test/collections/${collection.id}` });
    const filled = await addSkillsToCollection(ctx(), curator, collection.id, [a.id, b.id, a.id]);
    expect(filled.skillCount).toBe(2);
    await expect(getCollection(ctx(), collection.id, null)).rejects.toMatchObject({
      status: 404,
      code: 'skills:errors.collectionNotFound',
    });
    await setCollectionStatus(ctx(), curator, collection.id, 'published');
    const publicView = await getCollection(ctx(), collection.id, null);
    expect(publicView.skillCount).toBe(1);
    expect((await listCollectionSkills(ctx(), collection.id, null)).items.map((s) => s.id)).toEqual([a.id]);
    expect((await listCollectionSkills(ctx(), collection.id, member)).total).toBe(2);
    expect((await getSkill(ctx(), a.id, null)).collections.map((c) => c.id)).toEqual([collection.id]);
    expect((await listCollections(ctx(), null, { organisationId: org })).items.map((c) => c.id)).toContain(collection.id);
    const removed = await removeSkillFromCollection(ctx(), curator, collection.id, b.id);
    expect(removed.skillCount).toBe(1);
    await expect(removeSkillFromCollection(ctx(), curator, collection.id, b.id)).rejects.toMatchObject({
      status: 404,
      code: 'skills:errors.skillNotInCollection',
      field: 'skillId',
    });
    await expect(addSkillsToCollection(ctx(), outsider, collection.id, [a.id])).rejects.toMatchObject(notCurator);
    const error = await addSkillsToCollection(ctx(), curator, collection.id, [a.id, 'nope']).catch((e) => e);
    expect(error.errors).toEqual([{ field: 'skillIds.1', code: 'skills:errors.unknownSkill', params: {} }]);
  });

  test('the demo seed adds own skills in en and nl and a published collection', async () => {
    const employer = await makeUser(ctx(), 'Erik');
    const teacher = await makeUser(ctx(), 'Tessa');
    const employerOrg = await makeOrg(ctx(), 'Maasdal Techniek', [[employer, 'owner']]);
    const school = await makeOrg(ctx(), 'Brabant College', [[teacher, 'owner']]);
    await seedLibraryDemo(ctx(), {
      operatorUserId: operator.id,
      organisations: { city: org, employer: employerOrg, school, events: org },
      people: { employer: employer.id, teacher: teacher.id },
    });
    const published = await listSkills(ctx(), null, { organisationId: employerOrg });
    expect(published.items.every((s) => s.name.en && s.name.nl && s.status === 'published')).toBe(true);
    const [collection] = (await listCollections(ctx(), null, { organisationId: school })).items;
    expect(collection).toMatchObject({ status: 'published', skillCount: 4, name: { en: 'Technician basics', nl: 'Basis technicus' } });
  });
});
