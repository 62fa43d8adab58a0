import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEscoError, EscoFileError, escoCounts, importEsco } from '../../../src/skills/esco/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { escoFixtureDir } from '../../helpers/esco-fixture.ts';
import { tempDir } from '../../helpers/temp.ts';

const FIXTURE = escoFixtureDir();
const EN = join(FIXTURE, 'en');
const NL = join(FIXTURE, 'nl');
const RELATIONS = join(FIXTURE, 'relations');

/** What the fixture holds (see test/fixtures/esco/README.md). */
const EXPECTED = {
  skills: 5,
  groups: 4,
  iscoGroups: 3,
  occupations: 3,
  broader: 7,
  occupationSkills: 6,
  skillRelations: 2,
  collections: 1,
  collectionSkills: 2,
};

function zipFolder(folder: string, zipPath: string) {
  execFileSync('zip', ['-q', '-j', '-r', zipPath, folder]);
  return zipPath;
}

/** A copy of a fixture folder with one file replaced, for the bad-file tests. */
function variant(folder: string, file: string, content: string | Buffer): string {
  const dir = tempDir('esco-bad');
  cpSync(folder, dir, { recursive: true });
  writeFileSync(join(dir, file), content);
  return dir;
}

describeEachDatabase('ESCO import (fixture)', (ctx) => {
  let zips: { en: string; relations: string };
  beforeAll(() => {
    const dir = tempDir('esco-zips');
    zips = {
      en: zipFolder(EN, join(dir, 'ESCO dataset - v1.2.0 - classification - en - csv.zip')),
      relations: zipFolder(RELATIONS, join(dir, 'ESCO dataset - v1.2.0 - classification -  - csv.zip')),
    };
  });

  it('rejects bad files naming file and line, and changes nothing', async () => {
    const before = await escoCounts(ctx().db);
    const skills = readFileSync(join(EN, 'skills_en.csv'), 'utf8');
    // Each case: the code, and the English line the CLI and the API give (file:line: message).
    const cases: [string, string[], string, RegExp][] = [
      [
        'wrong columns',
        [variant(EN, 'skills_en.csv', skills.replace('preferredLabel', 'prefLabel')), RELATIONS],
        'skills:errors.escoMissingColumns',
        /skills_en\.csv:1: Column\(s\) missing: preferredLabel \(the file has: .*prefLabel/,
      ],
      [
        'not UTF-8',
        [variant(EN, 'skills_en.csv', Buffer.from(skills.replace('café management', 'caf\u00e9 beheer'), 'latin1')), RELATIONS],
        'skills:errors.escoNotUtf8',
        /skills_en\.csv:(\d+): This is not UTF-8 text/,
      ],
      [
        'unterminated quote',
        [
          EN,
          variant(
            RELATIONS,
            'skillSkillRelations.csv',
            `${readFileSync(join(RELATIONS, 'skillSkillRelations.csv'), 'utf8')}"http://x,knowledge,optional\n`,
          ),
        ],
        'skills:errors.escoQuoteNotClosed',
        /skillSkillRelations\.csv:4: A value that starts with a quote \(".*never closed/,
      ],
    ];
    const truncated = join(tempDir('esco-trunc'), 'ESCO dataset - v1.2.0 - classification - en - csv.zip');
    const whole = readFileSync(zips.en);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    cases.push([
      'truncated zip',
      [truncated, zips.relations],
      'skills:errors.escoNotZip',
      /classification - en - csv\.zip: This is not a readable zip archive/,
    ]);
    const english = ctx().i18n.getFixedT('en');
    for (const [what, paths, code, pattern] of cases) {
      const error = await importEsco(ctx(), paths).then(
        () => null,
        (e) => e,
      );
      expect(error, what).toBeInstanceOf(EscoFileError);
      expect(error.code, what).toBe(code);
      expect(describeEscoError(english, error.code, error.params), what).toMatch(pattern);
      // The failed run keeps the code and its params (the import page translates them).
      const run = await ctx().db.selectFrom('skill_imports').selectAll().orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
      expect({ status: run.status, code: run.error_code, params: run.error_params }, what).toEqual({
        status: 'failed',
        code,
        params: error.params,
      });
    }
    expect(await escoCounts(ctx().db)).toEqual(before);
    // The Latin-1 é sits on the line of skill 4.
    const latin = await importEsco(ctx(), [
      variant(EN, 'skills_en.csv', Buffer.from(skills.replace('café management', 'caf\u00e9 beheer'), 'latin1')),
    ]).catch((e) => e);
    const line = Number(latin.params.line);
    expect(skills.split('\n')[line - 1]).toContain('fixture-skill-4');
    const runs = await ctx().db.selectFrom('skill_imports').select(['status', 'error']).execute();
    expect(runs.every((r) => r.status === 'failed' && r.error)).toBe(true);
  });

  it('imports the zips as shipped: counts equal the rows', async () => {
    const result = await importEsco(ctx(), [zips.en, zips.relations]);
    const counts = await escoCounts(ctx().db);
    expect(counts).toMatchObject(EXPECTED);
    expect(result.counts).toMatchObject({ ...EXPECTED, inserted: 9, updated: 0, skipped: 0 });
    const skill = await ctx()
      .db.selectFrom('skills')
      .selectAll()
      .where('external_uri', '=', 'http://data.europa.eu/esco/skill/fixture-skill-1')
      .executeTakeFirstOrThrow();
    expect(skill).toMatchObject({
      kind: 'skill',
      source: 'esco',
      status: 'published',
      skill_type: 'skill/competence',
      reuse_level: 'sector-specific',
      name: { en: 'manage musical staff' },
      alt_labels: { en: ['manage staff of music', 'direct musical staff', 'manage musical staff'] },
      hidden_labels: { en: ['musical staf'] },
    });
    expect(new Date(skill.source_modified_at!).toISOString()).toBe('2016-12-20T17:43:43.000Z');
    const labels = await ctx()
      .db.selectFrom('skill_labels')
      .select(['kind', 'label'])
      .where('skill_id', '=', skill.id)
      .orderBy('label')
      .execute();
    expect(labels).toEqual([
      { kind: 'alt', label: 'direct musical staff' },
      { kind: 'preferred', label: 'manage musical staff' },
      { kind: 'alt', label: 'manage staff of music' },
      { kind: 'hidden', label: 'musical staf' },
    ]);
    const group4 = await ctx()
      .db.selectFrom('skills')
      .selectAll()
      .where('external_uri', 'like', '%fixture-group-4')
      .executeTakeFirstOrThrow();
    expect(group4).toMatchObject({ kind: 'group', code: '06.1', name: { en: 'working with computers' } });
    const occ = await ctx()
      .db.selectFrom('occupations')
      .selectAll()
      .where('external_uri', 'like', '%fixture-occupation-1')
      .executeTakeFirstOrThrow();
    expect(occ).toMatchObject({ code: '2654.1.7', isco_group: '2654', name: { en: 'technical director' } });
  });

  it('a second import of the same files changes nothing', async () => {
    const before = await escoCounts(ctx().db);
    const stamps = await ctx().db.selectFrom('skills').select(['id', 'updated_at']).orderBy('id').execute();
    const result = await importEsco(ctx(), [zips.en, zips.relations]);
    expect(result.counts).toMatchObject({ inserted: 0, updated: 0, unchanged: 9 });
    expect(await escoCounts(ctx().db)).toEqual(before);
    expect(await ctx().db.selectFrom('skills').select(['id', 'updated_at']).orderBy('id').execute()).toEqual(stamps);
  });

  it('joins the Dutch partial files onto the concepts, as folders', async () => {
    const result = await importEsco(ctx(), [NL]);
    expect(result.counts).toMatchObject({ inserted: 0 });
    expect(await escoCounts(ctx().db)).toMatchObject(EXPECTED);
    const haskell = await ctx()
      .db.selectFrom('skills')
      .selectAll()
      .where('external_uri', 'like', '%fixture-skill-4')
      .executeTakeFirstOrThrow();
    expect(haskell.name).toEqual({ en: 'café management', nl: 'cafébeheer' });
    expect(haskell.alt_labels).toEqual({ en: ['running a café'], nl: ['horecabeheer', 'beheer van een café'] });
    expect(haskell.statement.nl).toBe('Het runnen van een café.');
    const nlLabels = await ctx()
      .db.selectFrom('skill_labels')
      .select(['kind', 'norm'])
      .where('skill_id', '=', haskell.id)
      .where('lang', '=', 'nl')
      .orderBy('norm')
      .execute();
    expect(nlLabels).toEqual([
      { kind: 'alt', norm: 'beheer van een cafe' },
      { kind: 'preferred', norm: 'cafebeheer' },
      { kind: 'alt', norm: 'horecabeheer' },
    ]);
    const occ = await ctx()
      .db.selectFrom('occupations')
      .select(['name', 'alt_labels'])
      .where('external_uri', 'like', '%fixture-occupation-1')
      .executeTakeFirstOrThrow();
    expect(occ.name).toEqual({ en: 'technical director', nl: 'inspiciënt' });
    const group = await ctx()
      .db.selectFrom('skills')
      .select('name')
      .where('external_uri', 'like', '%fixture-group-4')
      .executeTakeFirstOrThrow();
    expect(group.name).toEqual({ en: 'working with computers', nl: 'werken met computers' });
    const isco = await ctx().db.selectFrom('isco_groups').select('name').where('code', '=', '2').executeTakeFirstOrThrow();
    expect(isco.name.nl).toBe('Intellectuele, wetenschappelijke en artistieke beroepen');
    // Importing all languages together gives the same library, and again nothing changes.
    const again = await importEsco(ctx(), [zips.en, zips.relations, NL]);
    expect(again.counts).toMatchObject({ inserted: 0, updated: 0 });
  });
});

describeEachDatabase('ESCO import killed midway', (ctx) => {
  it('finishes on a rerun without duplicates or orphans', async () => {
    let batches = 0;
    const killed = await importEsco(ctx(), [EN, RELATIONS, NL], {
      onProgress: ({ phase }) => {
        if (phase !== 'reading' && ++batches === 4) throw new Error('killed');
      },
    }).catch((e) => e);
    expect(killed.message).toBe('killed');
    const partial = await escoCounts(ctx().db);
    expect(partial.skills + partial.groups).toBeGreaterThan(0);
    expect(partial.occupationSkills).toBeLessThan(EXPECTED.occupationSkills);
    const failed = await ctx().db.selectFrom('skill_imports').select(['status', 'error']).executeTakeFirstOrThrow();
    expect(failed).toEqual({ status: 'failed', error: 'killed' });

    await importEsco(ctx(), [EN, RELATIONS, NL]);
    expect(await escoCounts(ctx().db)).toMatchObject(EXPECTED);
    const { rows } = await sql<{ n: number }>`
      select (select count(*)::int from skills s where not exists (select 1 from skill_labels l where l.skill_id = s.id))
        + (select count(*)::int from (select external_uri from skills group by external_uri having count(*) > 1) d)
        + (select count(*)::int from (select skill_id, lang, norm from skill_labels group by 1, 2, 3 having count(*) > 1) d) as n
    `.execute(ctx().db);
    expect(rows[0]!.n).toBe(0);
  });
});

describe('the fixture', () => {
  it('is small and obvious', () => {
    expect(readFileSync(join(FIXTURE, 'README.md'), 'utf8')).toContain('fixture');
  });
});
