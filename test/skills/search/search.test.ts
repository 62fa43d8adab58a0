import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { createApiToken } from '../../../src/accounts/api.ts';
import { labelRowsFor, replaceLabels } from '../../../src/skills/labels.ts';
import { labelScore, labelWords, prepareQuery, searchSkills, trigramSimilarity } from '../../../src/skills/search/service.ts';
import { describeEachDatabase } from '../../helpers/db.ts';

const BASE = 'http://vaardig.test';

interface FixtureSkill {
  key: string;
  name: Record<string, string>;
  alt?: Record<string, string[]>;
  statement?: Record<string, string>;
  skillType?: string;
  status?: 'draft' | 'published' | 'archived';
  categories?: string[];
  org?: boolean;
  kind?: 'skill' | 'group';
}

const SKILLS: FixtureSkill[] = [
  {
    key: 'prog',
    name: { en: 'computer programming', nl: 'computerprogrammering' },
    alt: { en: ['coding'], nl: ['programmeren'] },
    statement: { en: 'Writing software.' },
    skillType: 'knowledge',
    categories: ['ict'],
  },
  {
    key: 'python',
    name: { en: 'Python (computer programming)', nl: 'Python (computerprogrammering)' },
    alt: { en: ['Python3'] },
    skillType: 'knowledge',
    categories: ['ict'],
  },
  {
    key: 'meet',
    name: { en: 'lead meetings', nl: 'vergaderingen leiden' },
    alt: { nl: ['vergaderen'] },
    statement: { en: 'Chair meetings.', nl: 'Vergaderingen voorzitten.' },
    skillType: 'skill/competence',
  },
  {
    key: 'solar',
    name: { en: 'solar energy', nl: 'zonne-energie' },
    alt: { en: ['sun energy'], nl: ['zonnestroom'] },
    skillType: 'knowledge',
    categories: ['green'],
  },
  {
    key: 'pv',
    name: { en: 'mount photovoltaic panels', nl: 'fotovoltaïsche panelen installeren' },
    alt: { nl: ['zonnepanelen installeren'] },
    skillType: 'skill/competence',
    categories: ['green'],
  },
  { key: 'cafe', name: { en: 'run a café', nl: 'een café runnen' }, skillType: 'skill/competence' },
  { key: 'only-nl', name: { nl: 'fietsen repareren' }, skillType: 'skill/competence' },
  { key: 'draft', name: { en: 'secret programming method' }, status: 'draft', org: true, skillType: 'knowledge' },
  { key: 'archived', name: { en: 'old programming method' }, status: 'archived', skillType: 'knowledge' },
  { key: 'group', name: { en: 'programming computer systems' }, kind: 'group' },
  // Padding so that pagination has something to page through.
  ...Array.from({ length: 12 }, (_, i) => ({
    key: `weld${i}`,
    name: { en: `welding technique ${String.fromCharCode(97 + i)}` },
    skillType: 'skill/competence',
  })),
];

describe('scoring helpers', () => {
  it('splits labels into words at ASCII spaces and punctuation only', () => {
    expect(labelWords('python (computer programming)')).toEqual(['python', 'computer', 'programming']);
    expect(labelWords('zonne-energie')).toEqual(['zonne', 'energie']);
    expect(labelWords('programma’s')).toEqual(['programma’s']);
  });
  it('computes pg_trgm similarity', () => {
    expect(trigramSimilarity('carpentry', 'carpentry')).toBe(1);
    expect(trigramSimilarity('carpantry', 'carpentry')).toBeCloseTo(0.538, 2);
  });
  it('ranks exact above prefix above word inside above fuzzy', () => {
    const prep = prepareQuery;
    const exact = labelScore(prep('solar energy'), 'solar energy');
    const prefix = labelScore(prep('solar'), 'solar energy');
    const inside = labelScore(prep('energy'), 'solar energy');
    expect(exact).toBe(1);
    expect(prefix).toBeGreaterThan(inside);
  });
});

describeEachDatabase('skills search', (ctx) => {
  const ids: Record<string, string> = {};
  let orgId = '';
  let memberToken = '';
  let outsiderToken = '';
  let collectionId = '';

  beforeAll(async () => {
    const { db } = ctx();
    const users = await db
      .insertInto('users')
      .values([
        { email: 'member@example.org', name: 'Member', password_hash: 'x' },
        { email: 'outsider@example.org', name: 'Outsider', password_hash: 'x' },
      ])
      .returning('id')
      .execute();
    const org = await db
      .insertInto('organisations')
      .values({ slug: 'school', name: 'School', kind: 'school', description: '', website: null } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    orgId = org.id;
    await db.insertInto('memberships').values({ organisation_id: orgId, user_id: users[0]!.id, role: 'member' }).execute();
    memberToken = (await createApiToken(db, users[0]!.id, 'test')).token;
    outsiderToken = (await createApiToken(db, users[1]!.id, 'test')).token;
    for (const s of SKILLS) {
      const row = await db
        .insertInto('skills')
        .values({
          source: 'local',
          kind: s.kind ?? 'skill',
          name: JSON.stringify(s.name),
          statement: JSON.stringify(s.statement ?? {}),
          alt_labels: JSON.stringify(s.alt ?? {}),
          categories: JSON.stringify(s.categories ?? []),
          skill_type: s.skillType ?? null,
          status: s.status ?? 'published',
          organisation_id: s.org ? orgId : null,
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[s.key] = row.id;
      await replaceLabels(db, [row.id], labelRowsFor(row.id, { name: s.name, alt_labels: s.alt ?? {} }));
    }
    const col = await db
      .insertInto('collections')
      .values({ name: JSON.stringify({ en: 'Green' }), status: 'published' } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    collectionId = col.id;
    await db
      .insertInto('collection_skills')
      .values([{ collection_id: collectionId, skill_id: ids.solar! }])
      .execute();
  });

  const search = (q: string, more: Partial<Parameters<typeof searchSkills>[1]> = {}) =>
    searchSkills(ctx().db, { q, baseUrl: BASE, ...more });
  const top = async (q: string, more: Partial<Parameters<typeof searchSkills>[1]> = {}) => (await search(q, more)).items[0]?.id;

  it('keeps the word vocabulary in step with the labels (triggers)', async () => {
    const { db } = ctx();
    const n = async (w: string) =>
      Number(
        (await sql<{ n: number }>`select coalesce((select n from skill_search_words where word = ${w}), 0) as n`.execute(db)).rows[0]!.n,
      );
    expect(await n('zonnestroom')).toBe(1);
    await replaceLabels(
      db,
      [ids.solar!],
      labelRowsFor(ids.solar!, { name: { en: 'solar energy', nl: 'zonne-energie' }, alt_labels: { en: ['sun energy'] } }),
    );
    expect(await n('zonnestroom')).toBe(0);
    await replaceLabels(
      db,
      [ids.solar!],
      labelRowsFor(ids.solar!, {
        name: { en: 'solar energy', nl: 'zonne-energie' },
        alt_labels: { en: ['sun energy'], nl: ['zonnestroom'] },
      }),
    );
    expect(await n('zonnestroom')).toBe(1);
  });

  it('answers items with uri, name and statement in the requested language', async () => {
    const result = await search('computer programming', { lang: 'en' });
    expect(result.items[0]).toMatchObject({
      id: ids.prog,
      uri: `${BASE}/skills/${ids.prog}`,
      name: 'computer programming',
      statement: 'Writing software.',
      skillType: 'knowledge',
      status: 'published',
      lang: 'en',
    });
    const nl = await search('computerprogrammering', { lang: 'nl' });
    expect(nl.items[0]).toMatchObject({ id: ids.prog, name: 'computerprogrammering', lang: 'nl', statement: 'Writing software.' });
  });

  it('falls back to English, then any language, for the name', async () => {
    expect((await search('solar energy', { lang: 'nl' })).items[0]?.name).toBe('zonne-energie');
    expect((await search('python', { lang: 'nl' })).items[0]?.name).toBe('Python (computerprogrammering)');
    expect((await search('fietsen', { lang: 'en' })).items[0]).toMatchObject({ id: ids['only-nl'], name: 'fietsen repareren', lang: 'nl' });
  });

  it('ignores case and accents', async () => {
    expect(await top('COMPUTER Programming')).toBe(ids.prog);
    expect(await top('fotovoltaische panelen', { lang: 'nl' })).toBe(ids.pv);
    expect(await top('CAFE')).toBe(ids.cafe);
    expect(await top('Fotovoltaïsche', { lang: 'nl' })).toBe(ids.pv);
  });

  it('finds by prefix', async () => {
    expect(await top('progr')).toBe(ids.prog);
    expect(await top('computerprog', { lang: 'nl' })).toBe(ids.prog);
    expect(await top('sol')).toBe(ids.solar);
  });

  it('tolerates typos', async () => {
    expect(await top('programing')).toBe(ids.prog);
    expect(await top('computer programing')).toBe(ids.prog);
    expect(await top('vergadern', { lang: 'nl' })).toBe(ids.meet);
    expect(await top('solr energy')).toBe(ids.solar);
  });

  it('matches Dutch labels for Dutch queries and still matches other languages', async () => {
    expect(await top('zonne-energie', { lang: 'nl' })).toBe(ids.solar);
    expect(await top('zonne-energie', { lang: 'en' })).toBe(ids.solar);
    expect(await top('vergaderingen', { lang: 'nl' })).toBe(ids.meet);
    const english = await search('solar energy', { lang: 'en' });
    expect(english.items[0]?.match).toEqual({ label: 'solar energy', lang: 'en', kind: 'preferred' });
  });

  it('counts alternative labels, below preferred ones', async () => {
    expect(await top('zonnestroom', { lang: 'nl' })).toBe(ids.solar);
    expect(await top('coding')).toBe(ids.prog);
    const python3 = await search('Python3');
    expect(python3.items[0]).toMatchObject({ id: ids.python, match: { kind: 'alt' } });
    // "programmeren" is an alternative of computer programming; preferred "programming" labels of others compete.
    const alt = (await search('zonnepanelen installeren', { lang: 'nl' })).items[0]!;
    const pref = (await search('fotovoltaïsche panelen installeren', { lang: 'nl' })).items[0]!;
    expect(alt.id).toBe(ids.pv);
    expect(alt.score!).toBeLessThan(pref.score!);
  });

  it('falls back to labels holding any of the words when none holds all', async () => {
    const ids2 = (await search('python vergaderingen', { lang: 'nl' })).items.map((i) => i.id);
    expect(ids2).toEqual(expect.arrayContaining([ids.python, ids.meet]));
    expect((await search('xqzzyv')).items).toEqual([]);
  });

  it('ranks an exact preferred label first', async () => {
    const result = await search('computer programming');
    expect(result.items.map((i) => i.id).slice(0, 2)).toEqual([ids.prog, ids.python]);
  });

  it('filters by skill type, category, collection and kind', async () => {
    const knowledge = await search('programming', { filters: { skillType: 'skill/competence' } });
    expect(knowledge.items).toEqual([]);
    const green = await search('', { filters: { category: 'green' } });
    expect(green.items.map((i) => i.id).sort()).toEqual([ids.solar, ids.pv].sort());
    const inCollection = await search('energy', { filters: { collectionId } });
    expect(inCollection.items.map((i) => i.id)).toEqual([ids.solar]);
    const groups = await search('programming', { filters: { kind: 'group' } });
    expect(groups.items.map((i) => i.id)).toEqual([ids.group]);
    expect((await search('programming computer systems')).items.map((i) => i.id)).not.toContain(ids.group);
  });

  it('pages with limit and offset and reports the total', async () => {
    const first = await search('welding technique', { limit: 5, offset: 0 });
    const second = await search('welding technique', { limit: 5, offset: 5 });
    const last = await search('welding technique', { limit: 5, offset: 10 });
    const beyond = await search('welding technique', { limit: 5, offset: 50 });
    expect(first.total).toBe(12);
    expect([first.items.length, second.items.length, last.items.length, beyond.items.length]).toEqual([5, 5, 2, 0]);
    expect(beyond.total).toBe(12);
    const all = [...first.items, ...second.items, ...last.items].map((i) => i.id);
    expect(new Set(all).size).toBe(12);
    const listed = await search('', { limit: 100 });
    expect(listed.total).toBe(listed.items.length);
  });

  it('hides drafts and archived skills from anonymous callers and from people outside the organisation', async () => {
    const anonymous = await search('programming method', { filters: { status: ['draft', 'archived', 'published'] } });
    expect(anonymous.items.map((i) => i.id)).not.toContain(ids.draft);
    expect(anonymous.items.map((i) => i.id)).not.toContain(ids.archived);
    expect(anonymous.items.every((i) => i.status === 'published')).toBe(true);
    const outsider = await search('programming method', {
      viewer: { userId: '00000000-0000-4000-8000-000000000000', isOperator: false },
      filters: { status: ['draft'] },
    });
    expect(outsider.items).toEqual([]);
  });

  it('shows an organisation its own drafts and an operator everything', async () => {
    const { db } = ctx();
    const member = await db.selectFrom('memberships').select('user_id').where('organisation_id', '=', orgId).executeTakeFirstOrThrow();
    const mine = await search('secret programming', { viewer: { userId: member.user_id, isOperator: false } });
    expect(mine.items.map((i) => i.id)).toContain(ids.draft);
    const operator = await search('programming method', {
      viewer: { userId: member.user_id, isOperator: true },
      filters: { status: ['archived'] },
    });
    expect(operator.items.map((i) => i.id)).toEqual([ids.archived]);
  });

  it('rejects bad input naming the field', async () => {
    await expect(search('x', { limit: 0 })).rejects.toMatchObject({
      status: 400,
      field: 'limit',
      code: 'skills:errors.notWholeNumber',
      params: { min: 1, max: 100 },
    });
    await expect(search('x', { lang: 'de' as never })).rejects.toMatchObject({ field: 'lang', code: 'platform:errors.oneOf' });
    await expect(search('x', { offset: 1_000_001 })).rejects.toMatchObject({ field: 'offset', code: 'skills:errors.notWholeNumber' });
    // Several fields at fault at once: all of them are named.
    const both = await search('x', { limit: 0, lang: 'de' as never }).catch((e) => e);
    expect(both.errors.map((e: { field: string }) => e.field).sort()).toEqual(['lang', 'limit']);
  });

  describe('GET /api/v1/skills', () => {
    it('answers anonymous callers with published skills', async () => {
      const app = await buildApp(ctx(), { logger: false });
      const res = await app.inject({ method: 'GET', url: '/api/v1/skills?q=zonnestroom&lang=nl&limit=5' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.total).toBe(1);
      expect(body.items[0]).toMatchObject({
        id: ids.solar,
        uri: `${BASE}/skills/${ids.solar}`,
        name: 'zonne-energie',
        skillType: 'knowledge',
        status: 'published',
      });
      const drafts = await app.inject({ method: 'GET', url: '/api/v1/skills?q=secret%20programming&status=draft' });
      expect(drafts.json().items).toEqual([]);
      await app.close();
    });

    it('shows drafts to a member of the owning organisation, not to others', async () => {
      const app = await buildApp(ctx(), { logger: false });
      const url = '/api/v1/skills?q=secret%20programming&status=draft';
      const member = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${memberToken}` } });
      expect(member.json().items.map((i: { id: string }) => i.id)).toEqual([ids.draft]);
      const outsider = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${outsiderToken}` } });
      expect(outsider.json().items).toEqual([]);
      await app.close();
    });

    it('validates the query string', async () => {
      const app = await buildApp(ctx(), { logger: false });
      const res = await app.inject({ method: 'GET', url: '/api/v1/skills?q=x&limit=500' });
      expect(res.statusCode).toBe(400);
      expect(res.json().detail).toContain('limit');
      const lang = await app.inject({ method: 'GET', url: '/api/v1/skills?q=x&lang=de' });
      expect(lang.statusCode).toBe(400);
      const defaults = await app.inject({ method: 'GET', url: '/api/v1/skills?q=welding' });
      expect(defaults.json().items).toHaveLength(12);
      await app.close();
    });
  });
});
