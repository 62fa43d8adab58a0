import type { LibraryVocabulary } from '../../../src/skills/api.ts';

/**
 * A small library for the extractor's unit tests: a few ESCO-like skills (some with a Dutch label,
 * most English only, as in ESCO's Dutch files), an own skill of the network, two occupations and a
 * Dutch→English lexicon as the search's alignment makes it (English side in the search's light stem).
 */
export const ESCO = 'http://data.europa.eu/esco/skill/';

const skill = (
  id: string,
  name: Record<string, string>,
  labels: [string, string, string][],
  externalUri: string | null = `${ESCO}${id}`,
) => ({
  id: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
  externalUri,
  name,
  skillType: 'skill/competence',
  labels: [...Object.entries(name).map(([lang, label]) => [lang, 'preferred', label] as [string, string, string]), ...labels],
});

export function fixtureVocabulary(): LibraryVocabulary {
  const skills = [
    skill('1', { en: 'operate forklift' }, [
      ['en', 'alt', 'drive a forklift'],
      ['en', 'alt', 'forklift operation'],
    ]),
    skill('2', { en: 'work in teams', nl: 'in teams werken' }, [['en', 'alt', 'teamwork']]),
    skill('3', { en: 'Python (computer programming)', nl: 'Python (computerprogrammering)' }, []),
    skill('4', { en: 'customer service' }, [['en', 'alt', 'serve customers']]),
    skill('5', { en: 'use welding equipment' }, [['en', 'alt', 'weld metal parts']]),
    skill('6', { en: 'load cargo' }, [['en', 'alt', 'load goods']]),
    skill('7', { en: 'manage Kubernetes clusters' }, [], null),
    skill('8', { en: 'stack goods' }, [['en', 'alt', 'stack pallets']]),
    skill('9', { en: 'pension schemes' }, []),
    // Everyday verbs are in many labels, as in ESCO: "operate" and "drive" say less than "forklift".
    skill('10', { en: 'operate cranes' }, [['en', 'alt', 'operate a crane']]),
    skill('11', { en: 'operate drilling equipment' }, []),
    skill('12', { en: 'operate cash register' }, []),
    skill('13', { en: 'drive vehicles' }, [['en', 'alt', 'drive trucks']]),
    skill('14', { en: 'operate lifting equipment' }, []),
    ...['printing press', 'sawmill', 'dredger', 'boiler', 'packaging machines', 'loom', 'furnace', 'kiln', 'pump', 'lathe'].map((what, i) =>
      skill(String(15 + i), { en: `operate ${what}` }, []),
    ),
    ...['buses', 'tractors', 'vans', 'taxis', 'ambulances'].map((what, i) => skill(String(25 + i), { en: `drive ${what}` }, [])),
  ];
  return {
    signature: 'fixture-1',
    skills,
    occupations: [
      {
        id: '00000000-0000-4000-9000-000000000001',
        externalUri: 'http://data.europa.eu/esco/occupation/forklift-operator',
        name: { en: 'forklift operator', nl: 'heftruckchauffeur' },
        labels: [
          ['en', 'forklift operator'],
          ['nl', 'heftruckchauffeur'],
          ['en', 'forklift driver'],
        ],
        essential: [0, 5],
        optional: [7],
      },
      {
        id: '00000000-0000-4000-9000-000000000002',
        externalUri: 'http://data.europa.eu/esco/occupation/welder',
        name: { en: 'welder', nl: 'lasser' },
        labels: [
          ['en', 'welder'],
          ['nl', 'lasser'],
        ],
        essential: [4],
        optional: [1],
      },
    ],
    lexicon: [
      ['heftruck', 'forklift', 0.7],
      ['lassen', 'weld', 0.62],
      ['lasapparatuur', 'weld', 0.5],
      ['klant', 'custom', 0.66],
      ['klanten', 'custom', 0.66],
      ['service', 'service', 0.4],
      ['laden', 'load', 0.55],
      ['lading', 'cargo', 0.6],
      ['pallets', 'pallet', 0.9],
      ['stapelen', 'stack', 0.6],
      ['pensioen', 'pension', 0.8],
      ['regeling', 'scheme', 0.5],
    ],
    words: {
      en: [
        'operate',
        'forklift',
        'drive',
        'work',
        'in',
        'teams',
        'python',
        'customer',
        'service',
        'weld',
        'welding',
        'equipment',
        'load',
        'cargo',
      ],
      nl: [
        'heftruck',
        'ervaring',
        'klant',
        'klanten',
        'lassen',
        'laden',
        'lading',
        'pallets',
        'stapelen',
        'werken',
        'teams',
        'rijden',
        'pensioen',
        'regeling',
      ],
    },
  };
}
