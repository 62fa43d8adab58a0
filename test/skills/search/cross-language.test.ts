import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/platform/http/app.ts';
import { labelRowsFor, replaceLabels } from '../../../src/skills/labels.ts';
import { alignUnits, ensureSearchLexicon, recheckSearchLexicon, refreshSearchLexicon } from '../../../src/skills/search/lexicon.ts';
import { searchOccupations } from '../../../src/skills/search/occupations.ts';
import { labelScore, prepareQuery, searchSkills } from '../../../src/skills/search/service.ts';
import { dutchVariantPrefixes, editDistance, englishStem, isOneTypo, splitCompound } from '../../../src/skills/search/text.ts';
import { describeEachDatabase } from '../../helpers/db.ts';

const BASE = 'http://vaardig.test';

describe('search text helpers', () => {
  it('counts one typo (insert, delete, substitute, swap) in words of four letters or more', () => {
    expect(editDistance('pyton', 'python')).toBe(1);
    expect(editDistance('carpentyr', 'carpentry')).toBe(1);
    expect(editDistance('weld', 'wield')).toBe(1);
    expect(isOneTypo('pyton', 'python')).toBe(true);
    expect(isOneTypo('lasen', 'lassen')).toBe(true);
    expect(isOneTypo('cat', 'cut')).toBe(false);
    expect(isOneTypo('photoshp', 'photos')).toBe(false);
  });
  it('splits Dutch compounds into known words, with linking -s- and -en-', () => {
    const known = new Set(['klant', 'vriendelijk', 'energiebeleid', 'ontwikkeling', 'kwaliteit', 'beheer', 'service']);
    const has = (p: string) => known.has(p);
    expect(splitCompound('klantvriendelijk', has)).toEqual(['klant', 'vriendelijk']);
    expect(splitCompound('energiebeleidsontwikkeling', has)).toEqual(['energiebeleid', 'ontwikkeling']);
    expect(splitCompound('kwaliteitsbeheer', has)).toEqual(['kwaliteit', 'beheer']);
    expect(splitCompound('klantenservice', has)).toEqual(['klant', 'service']);
    expect(splitCompound('fietsenmaker', has)).toBeNull();
  });
  it('finds the stem-like prefixes of Dutch word forms', () => {
    expect(dutchVariantPrefixes('lassen')).toEqual(['lass']);
    expect(dutchVariantPrefixes('timmeren')).toContain('timmer');
    expect(dutchVariantPrefixes('beheren')).toContain('beheer');
    expect(dutchVariantPrefixes('stukadoren')).toContain('stukadoor');
    expect(dutchVariantPrefixes('kok')).toEqual([]);
  });
  it('stems English words lightly', () => {
    expect(englishStem('welding')).toBe('weld');
    expect(englishStem('welders')).toBe('weld');
    expect(englishStem('carpenter')).toBe('carpent');
    expect(englishStem('tiles')).toBe('tile');
  });
  it('aligns Dutch words with the English stems they keep appearing with', () => {
    const unit = (nl: string[], en: string[]) => ({ nl: new Set(nl), en: new Set(en) });
    const lexicon = alignUnits([
      unit(['lasser'], ['weld']),
      unit(['onderwaterlasser', 'lasser', 'onderwater'], ['underwat', 'weld']),
      unit(['timmerman'], ['carpent']),
      unit(['timmerman', 'deuren'], ['door', 'carpent']),
      unit(['monteur', 'deuren'], ['door', 'fitt']),
    ]);
    expect([...lexicon.get('lasser')!.keys()][0]).toBe('weld');
    expect([...lexicon.get('timmerman')!.keys()][0]).toBe('carpent');
    expect([...lexicon.get('deuren')!.keys()][0]).toBe('door');
  });
  it('ranks a label holding the whole phrase above partial matches, fewer other words first', () => {
    const q = prepareQuery('arc welding');
    const preferred = labelScore(q, 'apply arc welding techniques');
    const partial = labelScore(q, 'weld underwater');
    expect(preferred).toBeGreaterThan(partial);
    expect(labelScore(prepareQuery('first aid'), 'provide first aid')).toBeGreaterThan(
      labelScore(prepareQuery('first aid'), 'first aid for animals'),
    );
  });
});

/**
 * A small library in the shape of ESCO's Dutch files: occupations and skill groups with Dutch and
 * English labels, skills with only English ones.
 */
const OCCUPATIONS = [
  { uri: 'occ:welder', name: { nl: 'lasser', en: 'welder' }, alt: { nl: ['lasster'], en: ['welding operator'] } },
  { uri: 'occ:underwater', name: { nl: 'onderwaterlasser', en: 'underwater welder' }, alt: { nl: ['lasser onder water'], en: [] } },
  { uri: 'occ:carpenter', name: { nl: 'timmerman', en: 'carpenter' }, alt: { nl: ['timmervrouw'], en: ['joiner'] } },
  {
    uri: 'occ:door',
    name: { nl: 'deurenmonteur', en: 'door installer' },
    alt: { nl: ['timmerman deuren'], en: ['door fitter carpenter'] },
  },
  { uri: 'occ:service', name: { nl: 'medewerker klantenservice', en: 'customer service representative' }, alt: {} },
  { uri: 'occ:advisor', name: { nl: 'klantadviseur', en: 'customer adviser' }, alt: { nl: ['adviseur klant'], en: [] } },
];
const SKILLS: { key: string; name: Record<string, string>; alt: Record<string, string[]> }[] = [
  { key: 'weldtech', name: { en: 'welding techniques' }, alt: { en: ['welding'] } },
  { key: 'arc', name: { en: 'apply arc welding techniques' }, alt: {} },
  { key: 'underwater', name: { en: 'weld underwater' }, alt: { en: ['underwater arc welding'] } },
  { key: 'carpentry', name: { en: 'carpentry' }, alt: { en: ['woodworking'] } },
  { key: 'measure', name: { en: 'use measurement instruments' }, alt: {} },
  { key: 'python', name: { en: 'Python (computer programming)', nl: 'Python (computerprogrammering)' }, alt: { en: ['Python'] } },
  { key: 'service', name: { en: 'customer service', nl: 'klantenservice' }, alt: {} },
];

describeEachDatabase('cross-language and occupation search', (ctx) => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const { db } = ctx();
    for (const s of SKILLS) {
      const row = await db
        .insertInto('skills')
        .values({
          source: 'esco',
          kind: 'skill',
          external_uri: `skill:${s.key}`,
          name: JSON.stringify(s.name),
          statement: '{}',
          alt_labels: JSON.stringify(s.alt),
          status: 'published',
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[s.key] = row.id;
      await replaceLabels(db, [row.id], labelRowsFor(row.id, { name: s.name, alt_labels: s.alt }));
    }
    for (const o of OCCUPATIONS) {
      const row = await db
        .insertInto('occupations')
        .values({ external_uri: o.uri, name: JSON.stringify(o.name), description: '{}', alt_labels: JSON.stringify(o.alt) } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[o.uri] = row.id;
    }
    // Carpenters need carpentry and measuring; welders welding techniques.
    await db
      .insertInto('occupation_skills')
      .values([
        { occupation_id: ids['occ:carpenter']!, skill_id: ids.carpentry!, relation_type: 'essential' },
        { occupation_id: ids['occ:carpenter']!, skill_id: ids.measure!, relation_type: 'essential' },
        { occupation_id: ids['occ:welder']!, skill_id: ids.weldtech!, relation_type: 'essential' },
      ])
      .execute();
    await refreshSearchLexicon(db);
  });

  const search = (q: string, lang: 'nl' | 'en' = 'nl') => searchSkills(ctx().db, { q, lang, limit: 5, baseUrl: BASE });

  it('builds the lexicon from the parallel occupation labels', async () => {
    const { rows } = await sql<{ en: string }>`select en from search_lexicon where nl = 'lasser' order by weight desc`.execute(ctx().db);
    expect(rows[0]?.en).toBe('weld');
  });

  it('finds English-only skills for a Dutch word, marked with their language', async () => {
    const result = await search('lassen');
    expect(result.items[0]?.id).toBe(ids.weldtech);
    expect(result.items[0]).toMatchObject({ name: 'welding techniques', labelLang: 'en' });
    const carpentry = await search('timmeren');
    expect(carpentry.items.map((i) => i.id)).toContain(ids.carpentry);
  });

  it('brings the essential skills of an occupation a Dutch query names', async () => {
    const result = await search('timmerman');
    const measure = result.items.find((i) => i.id === ids.measure);
    expect(measure?.match).toMatchObject({ kind: 'occupation', label: 'timmerman' });
    // The skill the lexicon finds directly ranks above the occupation's other essential skills.
    expect(result.items[0]?.id).toBe(ids.carpentry);
  });

  it('gives no marker when the name is in the requested language', async () => {
    const result = await search('python', 'nl');
    expect(result.items[0]).toMatchObject({ id: ids.python, labelLang: null });
    const english = await search('python', 'en');
    expect(english.items[0]?.labelLang).toBeNull();
  });

  it('tolerates one typo in Dutch and English words of four letters or more', async () => {
    expect((await search('pyton', 'en')).items[0]?.id).toBe(ids.python);
    expect((await search('carpentyr', 'en')).items[0]?.id).toBe(ids.carpentry);
    expect((await search('klantenservise', 'nl')).items[0]?.id).toBe(ids.service);
  });

  it('ranks the label holding the whole phrase first', async () => {
    const result = await search('arc welding', 'en');
    expect(result.items[0]?.id).toBe(ids.arc);
  });

  it('searches occupations in Dutch and English, with typos', async () => {
    const db = ctx().db;
    const nl = await searchOccupations(db, { q: 'lasser', lang: 'nl', baseUrl: BASE });
    expect(nl.items[0]).toMatchObject({ externalUri: 'occ:welder', name: 'lasser', labelLang: null, essentialSkills: 1 });
    const en = await searchOccupations(db, { q: 'carpnter', lang: 'en', baseUrl: BASE });
    expect(en.items[0]).toMatchObject({ externalUri: 'occ:carpenter', name: 'carpenter' });
    await expect(searchOccupations(db, { q: 'x', limit: 0, baseUrl: BASE })).rejects.toMatchObject({
      field: 'limit',
      code: 'skills:errors.notWholeNumber',
    });
  });

  it('answers GET /api/v1/occupations', async () => {
    const app = await buildApp(ctx(), { logger: false });
    const res = await app.inject({ method: 'GET', url: '/api/v1/occupations?q=timmerman&lang=nl&limit=3' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ externalUri: 'occ:carpenter', name: 'timmerman', essentialSkills: 2 });
    const bad = await app.inject({ method: 'GET', url: '/api/v1/occupations?q=x&limit=500' });
    expect(bad.statusCode).toBe(400);
    const skills = await app.inject({ method: 'GET', url: '/api/v1/skills?q=lassen&lang=nl&limit=3' });
    expect(skills.json().items[0]).toMatchObject({ name: 'welding techniques', labelLang: 'en' });
    await app.close();
  });

  it('shows occupations and an EN tag on the Dutch search page', async () => {
    const app = await buildApp(ctx(), { logger: false });
    const res = await app.inject({ method: 'GET', url: '/skills?q=lassen&lang=nl', headers: { 'accept-language': 'nl' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Beroepen');
    expect(res.body).toMatch(/<a href="\/skills\?q=lasser&(amp;)?lang=nl"[^>]*>\s*lasser\s*<\/a>/);
    expect(res.body).toContain('1 essentiële vaardigheid');
    expect(res.body).toMatch(/lang="en"[^>]*>\s*welding techniques/);
    expect(res.body).toContain('<abbr title="Engels">EN</abbr>');
    await app.close();
  });

  it('refreshes the derived tables when the occupations change', async () => {
    const db = ctx().db;
    await db
      .insertInto('occupations')
      .values({
        external_uri: 'occ:baker',
        name: JSON.stringify({ nl: 'bakker', en: 'baker' }),
        description: '{}',
        alt_labels: '{}',
      } as never)
      .execute();
    recheckSearchLexicon(db);
    await ensureSearchLexicon(db);
    // The check runs in the background; wait for it by polling.
    for (let i = 0; i < 100; i++) {
      const found = await searchOccupations(db, { q: 'bakker', lang: 'nl', baseUrl: BASE });
      if (found.items.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const found = await searchOccupations(db, { q: 'bakker', lang: 'nl', baseUrl: BASE });
    expect(found.items[0]?.externalUri).toBe('occ:baker');
  });
});
