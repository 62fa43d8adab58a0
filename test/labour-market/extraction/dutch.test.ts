import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/labour-market/extraction/build.ts';
import { dutchForms, englishCognates, separableVerbs } from '../../../src/labour-market/extraction/dutch.ts';
import { extract } from '../../../src/labour-market/extraction/match.ts';
import { textTerms } from '../../../src/labour-market/extraction/terms.ts';
import { tokenize } from '../../../src/labour-market/extraction/text.ts';
import { ESCO, fixtureVocabulary } from './fixture.ts';

describe('Dutch word forms', () => {
  it('finds the root and infinitive of verb forms Snowball leaves alone', () => {
    expect(dutchForms('laadt')).toEqual(['laadt', 'laad', 'laden']);
    expect(dutchForms('installeert')).toEqual(['installeert', 'installeer', 'installeren']);
    expect(dutchForms('gestapeld')).toEqual(['gestapeld', 'stapel', 'stapelen']);
    expect(dutchForms('kassa')).toEqual(['kassa']);
  });

  it('gives the English words of the same origin', () => {
    const cases: [string, string][] = [
      ['communicatie', 'communication'],
      ['kwaliteit', 'quality'],
      ['activiteiten', 'activity'],
      ['installeren', 'install'],
      ['coordineren', 'coordinate'],
      ['logistiek', 'logistics'],
      ['techniek', 'technique'],
      ['technische', 'technical'],
      ['creatief', 'creative'],
      ['financiele', 'financial'],
      ['digitaal', 'digital'],
      ['technologie', 'technology'],
      ['strategie', 'strategy'],
      ['controle', 'control'],
      ['projecten', 'project'],
      ['processen', 'process'],
      ['programmeren', 'program'],
    ];
    for (const [nl, en] of cases) expect(englishCognates(nl), nl).toContain(en);
    // Nouns in -eren are no verbs; short words have no cognates.
    expect(englishCognates('kinderen')).not.toContain('kind');
    expect(englishCognates('klant')).toEqual(['clant']);
    expect(englishCognates('test')).toEqual([]);
  });

  it('joins a particle at the end of its clause to the verb before it', () => {
    const known = new Set(['bijhouden', 'schoonmaken', 'opvolgen', 'opstellen', 'opnemen']);
    const verbs = (text: string) => {
      const tokens = tokenize(text, 'nl');
      const gaps = tokens.map((t, k) => (k + 1 < tokens.length ? text.slice(t.end, tokens[k + 1]!.start) : ''));
      return separableVerbs(
        tokens.map((t) => t.norm),
        gaps,
        (w) => known.has(w),
      ).map((v) => [tokens[v.verb]!.norm, tokens[v.particle]!.norm, v.word]);
    };
    expect(verbs('Je houdt de voorraad in de keuken bij')).toEqual([['houdt', 'bij', 'bijhouden']]);
    expect(verbs('Je maakt kantoren, sanitaire ruimtes en kantines schoon')).toEqual([['maakt', 'schoon', 'schoonmaken']]);
    // Each clause its own verb.
    expect(verbs('Je stelt offertes op en volgt deze op')).toEqual([
      ['stelt', 'op', 'opstellen'],
      ['volgt', 'op', 'opvolgen'],
    ]);
    expect(verbs('Je helpt om bestellingen op te nemen')).toEqual([['nemen', 'op', 'opnemen']]);
    // A preposition is no particle; a word that makes no known verb is left alone.
    expect(verbs('Je werkt in een team')).toEqual([]);
    expect(verbs('Je werkt graag buiten in weer en wind')).toEqual([]);
  });
});

describe('Dutch text and English-only skills', () => {
  const vocabulary = fixtureVocabulary();
  const extra = [
    ['31', 'communication'],
    ['32', 'logistics'],
    ['33', 'maintain inventory'],
  ] as const;
  for (const [id, label] of extra)
    vocabulary.skills.push({
      id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
      externalUri: `${ESCO}${id}`,
      name: { en: label },
      skillType: 'skill/competence',
      labels: [['en', 'preferred', label]],
    });
  vocabulary.lexicon.push(['bijhouden', 'maintain', 0.7], ['voorraad', 'inventory', 0.75]);
  vocabulary.words.nl!.push('bijhouden', 'voorraad');
  const index = buildIndex(vocabulary);
  const found = (text: string) =>
    extract(index, text, { lang: 'nl' }).skills.map((m) => ({
      name: vocabulary.skills[m.skill]!.name.en,
      via: m.reason.via,
      evidence: m.spans.map(([a, b]) => text.slice(a, b)),
    }));

  it('reaches them through words of the same origin ("communiceert" → communicate, "logistiek" → logistics)', () => {
    expect(found('Je communiceert helder met collega’s.')).toContainEqual({
      name: 'communication',
      via: ['cognate'],
      evidence: ['communiceert'],
    });
    expect(found('Je hebt ervaring in de logistiek.')).toContainEqual({ name: 'logistics', via: ['cognate'], evidence: ['logistiek'] });
  });

  it('reads a separable verb as one ("je houdt de voorraad bij" → bijhouden)', () => {
    const text = 'Je houdt de voorraad bij.';
    const tokens = tokenize(text, 'nl');
    const terms = textTerms(index, text, tokens, 'nl');
    const maintain = index.termIds.get('e:maintain')!;
    expect(terms[1]!.some((t) => t.term === maintain)).toBe(true);
    expect(found(text)).toContainEqual(expect.objectContaining({ name: 'maintain inventory', evidence: ['houdt de voorraad'] }));
  });
});
