import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../../src/labour-market/extraction/build.ts';
import { extract } from '../../../src/labour-market/extraction/match.ts';
import { wordTerms } from '../../../src/labour-market/extraction/terms.ts';
import { extractWith } from '../../../src/labour-market/extraction/service.ts';
import { detectLang, stem, tokenize, unitSections } from '../../../src/labour-market/extraction/text.ts';
import { ESCO, fixtureVocabulary } from './fixture.ts';

const vocabulary = fixtureVocabulary();
const index = buildIndex(vocabulary);
const BASE = 'http://vaardig.test';

/** The extracted skills as { name, score, evidence: the texts of the spans, reason }. */
function found(text: string, options: Parameters<typeof extract>[2] = {}) {
  return extract(index, text, options).skills.map((m) => ({
    name: vocabulary.skills[m.skill]!.name.en,
    score: m.score,
    evidence: m.spans.map(([a, b]) => text.slice(a, b)),
    reason: m.reason,
  }));
}

const named = (text: string, name: string, options: Parameters<typeof extract>[2] = {}) =>
  found(text, options).find((s) => s.name === name);

describe('text handling', () => {
  it('segments words and units (sentences, lines, list items) with their offsets', () => {
    const text = 'Je rijdt op de heftruck. Wij bieden:\n• een goed salaris; een pensioen';
    const tokens = tokenize(text, 'nl');
    expect(tokens.map((t) => t.norm)).toEqual([
      'je',
      'rijdt',
      'op',
      'de',
      'heftruck',
      'wij',
      'bieden',
      'een',
      'goed',
      'salaris',
      'een',
      'pensioen',
    ]);
    expect(tokens.map((t) => t.unit)).toEqual([0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 3, 3]);
    for (const t of tokens) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.norm);
  });
  it('keeps C#, C++ and F# whole, marks words in parentheses, and strips accents', () => {
    expect(tokenize('C# en C++ of F#', 'nl').map((t) => t.norm)).toEqual(['c#', 'en', 'c++', 'of', 'f#']);
    expect(tokenize('Python (computer programming)', 'en', false).map((t) => t.inParens)).toEqual([false, true, true]);
    expect(tokenize('Cliënten één', 'nl').map((t) => t.norm)).toEqual(['clienten', 'een']);
  });
  it('stems Dutch and English with Snowball', () => {
    expect(stem('welding', 'en')).toBe(stem('welds', 'en'));
    expect(stem('forklifts', 'en')).toBe('forklift');
    expect(stem('programmeren', 'nl')).toBe(stem('programmering', 'nl'));
  });
  it('tells Dutch from English', () => {
    expect(detectLang('Je werkt in een team en hebt ervaring met de heftruck.')).toBe('nl');
    expect(detectLang('You will work in a team and have experience with forklifts.')).toBe('en');
  });
  it('finds the sections of an ad from its headings, and the title', () => {
    const text = 'Heftruckchauffeur\nWat ga je doen?\nJe rijdt op de heftruck.\nWat bieden wij?\nEen goede pensioenregeling.';
    const tokens = tokenize(text, 'nl');
    const sections = unitSections(text, tokens);
    const sectionOf = (word: string) => sections[tokens.find((t) => t.norm === word)!.unit];
    expect(sectionOf('heftruckchauffeur')).toBe('title');
    expect(sectionOf('rijdt')).toBe('tasks');
    expect(sectionOf('pensioenregeling')).toBe('offer');
  });
});

describe('skill extraction', () => {
  it('finds a label in English text, with the span of the words that evidence it', () => {
    const text = 'In this role you will operate a forklift in our warehouse.';
    const skill = named(text, 'operate forklift');
    expect(skill).toBeDefined();
    expect(skill!.evidence).toEqual(['operate a forklift']);
    expect(skill!.reason).toMatchObject({ lang: 'en', via: ['stem'] });
    expect(skill!.score).toBeGreaterThan(0.5);
  });

  it('is tolerant of inflection (Snowball) and of one typo in a longer word', () => {
    expect(named('Operating forklifts on a daily basis.', 'operate forklift')?.evidence).toEqual(['Operating forklifts']);
    const typo = named('Good knowledge of Pyhton is needed.', 'Python (computer programming)');
    expect(typo?.evidence).toEqual(['Pyhton']);
    expect(typo?.reason.via).toEqual(['typo']);
    // A word the library knows is not corrected into another one.
    expect(named('Good knowledge of python.', 'Python (computer programming)')?.reason.via).toEqual(['stem']);
  });

  it('finds skills that only have an English label in Dutch text, through the lexicon', () => {
    const text = 'Je rijdt dagelijks op de heftruck in ons magazijn.';
    const skill = named(text, 'operate forklift', { lang: 'nl' });
    expect(skill).toBeDefined();
    expect(skill!.evidence).toEqual(['heftruck']);
    expect(skill!.reason.via).toEqual(['lexicon:forklift']);
    expect(vocabulary.skills[0]!.labels.every(([lang]) => lang === 'en')).toBe(true);
  });

  it('splits Dutch compounds into known words ("klantenservice" → klanten + service)', () => {
    const text = 'Je werkt op de afdeling klantenservice.';
    const skill = named(text, 'customer service', { lang: 'nl' });
    expect(skill?.evidence).toEqual(['klantenservice']);
    expect(skill?.reason.via).toContain('compound');
  });

  it('matches Dutch labels with Dutch word forms ("werkt … in teams")', () => {
    const text = 'Je werkt graag in teams.';
    const skill = named(text, 'work in teams', { lang: 'nl' });
    expect(skill?.reason).toMatchObject({ lang: 'nl', label: 'in teams werken' });
    expect(skill?.evidence).toEqual(['werkt graag in teams']);
  });

  it('leaves out a label of more words than a posting holds, instead of failing the whole index', () => {
    const vocabulary = fixtureVocabulary();
    const words = Array.from({ length: 600 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    vocabulary.skills[0]!.labels.push(['en', 'hidden', words]);
    const big = buildIndex(vocabulary);
    expect(big.entries.some((e) => e.label === words)).toBe(false);
    expect(extract(big, 'You drive a forklift every day.').skills[0]?.skill).toBe(0);
  });

  it('finds the network’s own skills, without an ESCO URI', () => {
    const result = extractWith(index, BASE, 'You manage Kubernetes clusters in production.', { lang: 'en' });
    const own = result.skills.find((s) => s.label === 'manage Kubernetes clusters');
    expect(own).toMatchObject({ esco: null, uri: `${BASE}/skills/00000000-0000-4000-8000-000000000007` });
    const esco = extractWith(index, BASE, 'You will operate a forklift.', { lang: 'en' }).skills[0];
    expect(esco).toMatchObject({ esco: `${ESCO}1`, label: 'operate forklift' });
  });

  it('gives several spans when a skill is asked for more than once, and a little more confidence', () => {
    const once = 'You load cargo.\nYou check the paperwork.';
    const twice = 'You load cargo.\nLater you load the goods again.';
    const a = named(once, 'load cargo')!;
    const b = named(twice, 'load cargo')!;
    expect(b.evidence).toEqual(['load cargo', 'load the goods']);
    expect(b.score).toBeGreaterThan(a.score);
  });

  it('lifts the skills of the occupation an ad names in its title', () => {
    const body = 'Je laadt de lading en je stapelt pallets.';
    const plain = named(body, 'load cargo', { lang: 'nl' })!;
    const titled = named(`Heftruckchauffeur\n${body}`, 'load cargo', { lang: 'nl' })!;
    expect(titled.score).toBeGreaterThan(plain.score);
    expect(titled.reason.occupation).toBe('heftruckchauffeur');
    expect(extract(index, `Heftruckchauffeur\n${body}`, { lang: 'nl' }).occupations[0]).toMatchObject({
      occupation: 0,
      label: 'heftruckchauffeur',
    });
  });

  it('counts the offer of an ad for less than its requirements', () => {
    const asked = named('Wat vragen wij?\nJe kent pensioenregelingen.', 'pension schemes', { lang: 'nl' })!;
    const offered = named('Wat bieden wij?\nEen goede pensioenregeling.', 'pension schemes', { lang: 'nl' })!;
    expect(asked.reason.section).toBe('requirements');
    expect(offered.reason.section).toBe('offer');
    expect(offered.score).toBeLessThan(asked.score);
  });

  it('lifts skills that go together in the occupations (welding equipment with welding)', () => {
    const alone = named('Teamwork matters here.', 'work in teams')!;
    const together = named('You weld metal parts with welding equipment.\nTeamwork matters here.', 'work in teams')!;
    expect(together.reason.related).toBeGreaterThan(0);
    expect(together.score).toBeGreaterThan(alone.score);
  });

  it('orders skills best first, honours limit and minScore, and finds nothing in text without skills', () => {
    const all = extract(index, 'You operate a forklift, load cargo and stack pallets in a team.', { lang: 'en' }).skills;
    expect(all.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    expect(extract(index, 'You operate a forklift, load cargo and stack pallets.', { limit: 1 }).skills).toHaveLength(1);
    expect(extract(index, 'You operate a forklift.', { minScore: 1.01 }).skills).toEqual([]);
    expect(extract(index, 'Wij zijn een gezellig bedrijf in Oss.', { lang: 'nl' }).skills).toEqual([]);
    expect(extract(index, '', { lang: 'en' }).skills).toEqual([]);
  });

  it('spans point into the text as given, also after accents and emoji', () => {
    const text = '😀 Élan: je rijdt op de héftruck';
    const skill = named(text, 'operate forklift', { lang: 'nl' })!;
    expect(skill.evidence).toEqual(['héftruck']);
  });

  it('caches the analysis of a word per language', () => {
    const first = wordTerms(index, 'heftruck', 'nl');
    expect(wordTerms(index, 'heftruck', 'nl')).toBe(first);
    expect(first.some((t) => index.termNames[t.term] === 'e:forklift')).toBe(true);
  });
});
