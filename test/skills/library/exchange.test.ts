import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AppContext } from '../../../src/platform/context.ts';
import { describeImportError, ImportFileError } from '../../../src/skills/formats/index.ts';
import { exportCollection, importSkills } from '../../../src/skills/library/exchange.ts';
import {
  addSkillsToCollection,
  createCollection,
  createSkill,
  listSkills,
  setCollectionStatus,
} from '../../../src/skills/library/service.ts';
import type { Skill } from '../../../src/skills/library/types.ts';
import { createTestContext, describeEachDatabase } from '../../helpers/db.ts';
import { makeOrg, makeUser } from './helpers.ts';

const fixtures = join(import.meta.dirname, '../../fixtures/skills');

/** The RSD fields that must survive a round trip, plus the uuid and status. */
function content(s: Skill) {
  return {
    id: s.id,
    name: s.name,
    statement: s.statement,
    keywords: s.keywords,
    categories: s.categories,
    standards: s.standards,
    certifications: s.certifications,
    occupations: s.occupations,
    employers: s.employers,
    alignments: s.alignments,
    author: s.author,
    status: s.status,
  };
}

describeEachDatabase('skills exchange formats', (ctx, kind) => {
  let curator: Awaited<ReturnType<typeof makeUser>>;
  let org: string;
  let collectionId: string;
  let originals: Skill[];
  let empty: AppContext;

  beforeAll(async () => {
    curator = await makeUser(ctx(), 'Tessa Docent');
    org = await makeOrg(ctx(), 'Brabant College', [[curator, 'owner']]);
    const a = await createSkill(ctx(), curator, {
      organisationId: org,
      name: { en: 'Weld steel pipes', nl: 'Stalen buizen lassen' },
      statement: { en: 'Join steel pipes; use TIG welding.', nl: 'Stalen buizen verbinden door "TIG"-lassen.' },
      keywords: { en: ['TIG', 'pipe, steel'], nl: ['lassen', 'buis'] },
      categories: ['Metalwork', 'Welding'],
      standards: [{ name: 'NEN-EN-ISO 9606-1', id: 'https://www.nen.nl/nen-en-iso-9606-1' }, { name: 'Internal WPS' }],
      certifications: [{ name: 'VCA Basic', framework: 'VCA' }],
      occupations: [
        { name: 'Welder', id: 'http://data.europa.eu/esco/occupation/test-welder' },
        { code: '51-4121', framework: 'SOC' },
      ],
      employers: [{ name: 'Maasdal Techniek', id: 'https://maasdal.example/' }],
      alignments: [
        { id: 'http://data.europa.eu/esco/skill/test-weld', name: 'weld metal parts', framework: 'ESCO' },
        { id: 'https://example.org/frameworks/x/1', name: 'Other; with semicolon', framework: 'Example' },
      ],
      author: 'Brabant College',
      status: 'published',
    });
    const b = await createSkill(ctx(), curator, {
      organisationId: org,
      name: { en: 'Read technical drawings', nl: 'Technische tekeningen lezen' },
      statement: { en: 'Interpret technical drawings.\nIncluding symbols.', nl: 'Technische tekeningen interpreteren.' },
      status: 'published',
    });
    const c = await createSkill(ctx(), curator, {
      organisationId: org,
      name: { nl: 'Veilig werken op hoogte' },
      statement: { nl: 'Werkt veilig op hoogte.' },
      status: 'published',
    });
    const collection = await createCollection(ctx(), curator, {
      organisationId: org,
      name: { en: 'Technician basics', nl: 'Basis technicus' },
      description: { en: 'First year.' },
    });
    await addSkillsToCollection(ctx(), curator, collection.id, [a.id, b.id, c.id]);
    await setCollectionStatus(ctx(), curator, collection.id, 'published');
    collectionId = collection.id;
    originals = (await listSkills(ctx(), curator, { collectionId, order: 'name' })).items;
    empty = await createTestContext(kind);
  });

  afterAll(async () => {
    await empty?.close();
  });

  async function importInto(target: AppContext, format: 'csv' | 'rsd', body: string) {
    const user = await makeUser(target, 'Importer');
    const targetOrg = await makeOrg(target, 'Elsewhere', [[user, 'admin']]);
    const result = await importSkills(target, user, {
      organisationId: targetOrg,
      format,
      fileName: `export.${format}`,
      content: Buffer.from(body),
    });
    const { items } = await listSkills(target, user, { ids: result.skillIds, order: 'name' });
    return { result, items, user };
  }

  test('round trip: a collection exported as RSD JSON-LD imports into an empty instance field for field', async () => {
    const file = await exportCollection(ctx(), null, collectionId, 'rsd');
    const doc = JSON.parse(file.body);
    expect(doc['@context'][0]).toBe('https://rsd.openskillsnetwork.org/context-v1.json');
    expect(doc.type).toBe('RichSkillCollection');
    const weld = doc.skills.find((s: { skillName: string }) => s.skillName === 'Weld steel pipes');
    expect(weld).toMatchObject({
      type: 'RichSkillDescriptor',
      id: `http://vaardig.test/skills/${weld.uuid}`,
      status: 'published',
      language: 'en',
      translations: { nl: { skillName: 'Stalen buizen lassen' } },
      alignments: [{ id: 'http://data.europa.eu/esco/skill/test-weld', name: 'weld metal parts', framework: 'ESCO' }, expect.anything()],
    });
    expect(weld.publishDate).toMatch(/^\d{4}-\d\d-\d\dT/);

    const { result, items } = await importInto(empty, 'rsd', file.body);
    expect(result.created).toBe(3);
    expect(items.map(content)).toEqual(originals.map(content));
    expect(result.collectionId).toBe(collectionId);
    const collection = await empty.db.selectFrom('collections').selectAll().where('id', '=', collectionId).executeTakeFirstOrThrow();
    expect(collection.name).toEqual({ en: 'Technician basics', nl: 'Basis technicus' });
    expect(collection.status).toBe('published');
  });

  test('round trip: the same collection as CSV imports field for field; re-import updates in place', async () => {
    const file = await exportCollection(ctx(), null, collectionId, 'csv');
    const header = file.body.split('\r\n')[0];
    expect(
      header.startsWith(
        'Canonical URL,RSD Name,Author,Skill Statement,Category,Keywords,Standards,Certifications,Occupations,Employers,Alignment Name,Alignment URL,Alignment Framework',
      ),
    ).toBe(true);
    expect(header).toContain('RSD Name@nl');
    const second = await createTestContext(kind);
    try {
      const { result, items, user } = await importInto(second, 'csv', file.body);
      expect(result.created).toBe(3);
      expect(items.map(content)).toEqual(originals.map(content));
      const again = await importSkills(second, user, {
        organisationId: items[0].organisationId as string,
        format: 'csv',
        fileName: 'export.csv',
        content: file.body,
      });
      expect(again).toMatchObject({ created: 0, updated: 3 });
      expect(
        Number(
          (
            await second.db
              .selectFrom('skills')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(3);
    } finally {
      await second.close();
    }
  });

  test('OSMT batch CSV imports with ; between values', async () => {
    const user = await makeUser(ctx(), 'Batch');
    const target = await makeOrg(ctx(), 'Batch org', [[user, 'owner']]);
    const result = await importSkills(ctx(), user, {
      organisationId: target,
      format: 'csv',
      fileName: 'osmt-batch.csv',
      content: readFileSync(join(fixtures, 'osmt-batch.csv')),
    });
    const { items } = await listSkills(ctx(), user, { ids: result.skillIds, order: 'name' });
    const weld = items.find((s) => s.name.en === 'Weld steel pipes');
    expect(weld).toMatchObject({
      status: 'draft',
      categories: ['Metalwork', 'Welding'],
      keywords: { en: ['TIG', 'pipe welding'] },
      certifications: [{ name: 'VCA Basic' }],
      occupations: [{ name: 'Welder' }],
      alignments: [{ name: 'weld metal parts', id: 'http://data.europa.eu/esco/skill/test-weld', framework: 'ESCO' }],
      author: 'Maasdal Techniek',
    });
    expect(items).toHaveLength(2);
  });

  test('bad files name the file and line and write nothing', async () => {
    const user = await makeUser(ctx(), 'Careful');
    const target = await makeOrg(ctx(), 'Careful org', [[user, 'owner']]);
    const count = async () =>
      Number(
        (
          await ctx()
            .db.selectFrom('skills')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const attempt = (file: string, format: 'csv' | 'rsd') =>
      importSkills(ctx(), user, { organisationId: target, format, fileName: file, content: readFileSync(join(fixtures, file)) }).catch(
        (e) => e,
      );
    // Each error is coded, with the file and line as params; the API and CLI say it in English, pages in the reader's language.
    const english = ctx().i18n.getFixedT('en');
    const dutch = ctx().i18n.getFixedT('nl');
    const columns = await attempt('bad-columns.csv', 'csv');
    expect(columns).toBeInstanceOf(ImportFileError);
    expect(columns).toMatchObject({
      status: 400,
      code: 'skills:errors.csvUnknownColumn',
      field: 'Colour',
      params: { file: 'bad-columns.csv', line: 1, column: 'Colour', position: 3 },
    });
    expect(describeImportError(english, columns)).toBe(
      'bad-columns.csv, line 1: Column 3, "Colour", is not a column of the OSMT batch import.',
    );
    expect(describeImportError(dutch, columns)).toBe('bad-columns.csv, regel 1: Kolom 3, "Colour", is geen kolom van de OSMT-batchimport.');
    expect(await attempt('unterminated-quote.csv', 'csv')).toMatchObject({
      code: 'skills:errors.csvQuoteNotClosed',
      params: { file: 'unterminated-quote.csv', line: 3 },
    });
    expect(await attempt('latin1.csv', 'csv')).toMatchObject({
      code: 'skills:errors.fileNotUtf8',
      params: { file: 'latin1.csv', line: 3 },
    });
    const invalid = await attempt('invalid.rsd.json', 'rsd');
    expect(invalid).toMatchObject({ status: 400, code: 'skills:errors.rsdNotJson', params: { file: 'invalid.rsd.json', line: 10 } });
    // The JSON parser's own (English) words stay for the API, not for pages.
    expect(invalid.extra.reason).toEqual(expect.any(String));
    // A row the service refuses, after good rows: the good rows are rolled back too.
    const bad = 'RSD Name,Skill Statement,Alignment URL\nFirst,Fine,\nSecond,Fine,not-a-uri\n';
    const error = await importSkills(ctx(), user, { organisationId: target, format: 'csv', fileName: 'rows.csv', content: bad }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: 'skills:errors.notUriOrUrn', field: 'alignments.0.id', params: { file: 'rows.csv', line: 3 } });
    expect(describeImportError(english, error)).toBe(
      'rows.csv, line 3: alignments.0.id: Enter a web address starting with http:// or https://, or a URN.',
    );
    expect(await count()).toBe(before);
    // A bad RSD record names its line.
    const rsd = '[\n  {"skillName": "Good"},\n  {"skillStatement": "no name"}\n]';
    const unnamed = await importSkills(ctx(), user, { organisationId: target, format: 'rsd', fileName: 'x.json', content: rsd }).catch(
      (e) => e,
    );
    expect(unnamed).toMatchObject({ code: 'skills:errors.rsdNoName', field: 'skillName', params: { file: 'x.json', line: 3 } });
    expect(describeImportError(english, unnamed)).toBe('x.json, line 3: The skill has no name (skillName).');
    expect(await count()).toBe(before);
  });

  test('CASE 1.1 and CTDL-ASN exports', async () => {
    const caseDoc = JSON.parse((await exportCollection(ctx(), null, collectionId, 'case', 'en')).body);
    expect(caseDoc.CFDocument).toMatchObject({
      identifier: collectionId,
      title: 'Technician basics',
      adoptionStatus: 'Adopted',
      language: 'en',
    });
    expect(caseDoc.CFItems).toHaveLength(3);
    const weld = originals.find((s) => s.name.en === 'Weld steel pipes') as Skill;
    expect(caseDoc.CFItems).toContainEqual(
      expect.objectContaining({
        identifier: weld.id,
        uri: weld.uri,
        abbreviatedStatement: 'Weld steel pipes',
        CFItemType: 'Skill',
        conceptKeywords: ['TIG', 'pipe, steel'],
      }),
    );
    const types = caseDoc.CFAssociations.map((a: { associationType: string }) => a.associationType);
    expect(types.filter((t: string) => t === 'isChildOf')).toHaveLength(3);
    expect(caseDoc.CFAssociations).toContainEqual(
      expect.objectContaining({
        associationType: 'exactMatchOf',
        originNodeURI: expect.objectContaining({ identifier: weld.id }),
        destinationNodeURI: expect.objectContaining({ uri: 'http://data.europa.eu/esco/skill/test-weld' }),
      }),
    );
    const again = JSON.parse((await exportCollection(ctx(), null, collectionId, 'case', 'en')).body);
    expect(again.CFAssociations.map((a: { identifier: string }) => a.identifier)).toEqual(
      caseDoc.CFAssociations.map((a: { identifier: string }) => a.identifier),
    );

    const ctdl = JSON.parse((await exportCollection(ctx(), null, collectionId, 'ctdl')).body);
    const [framework, ...competencies] = ctdl['@graph'];
    expect(framework).toMatchObject({
      '@type': 'ceasn:CompetencyFramework',
      'ceasn:name': { en: 'Technician basics', nl: 'Basis technicus' },
    });
    expect(framework['ceasn:hasTopChild']).toHaveLength(3);
    const competency = competencies.find((c: { '@id': string }) => c['@id'] === weld.uri);
    expect(competency).toMatchObject({
      '@type': 'ceasn:Competency',
      'ceasn:competencyLabel': { en: 'Weld steel pipes', nl: 'Stalen buizen lassen' },
      'ceasn:isPartOf': framework['@id'],
      'ceasn:exactAlignment': ['http://data.europa.eu/esco/skill/test-weld', 'https://example.org/frameworks/x/1'],
    });
    const dutch = JSON.parse((await exportCollection(ctx(), null, collectionId, 'ctdl', 'nl')).body);
    expect(dutch['@graph'][0]['ceasn:name']).toEqual({ nl: 'Basis technicus' });
  });
});
