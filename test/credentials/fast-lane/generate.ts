/**
 * Random Open Badges 3.0 credentials in Vaardig's shapes (as issueAs builds them: issuer profile,
 * achievement snapshot with alignments, result descriptions, tags, language and creator; recipient
 * by hashed email and/or DID; results, evidence, validity dates, one or two status entries), from a
 * seeded PRNG so that a failure can be replayed. Values reach into what breaks canonicalisation:
 * quotes, backslashes, control characters, newlines, non-Latin scripts, emoji, Unicode spaces, URLs
 * with queries, fragments and percent-escapes, vocabulary-looking strings, duplicated values.
 */

import { seeded } from '../../helpers/seeded.ts';

/** The tests' seeded generator (test/helpers/seeded.ts). */
export const prng = seeded;

export class Random {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  hex(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += '0123456789abcdef'[this.int(0, 15)];
    return out;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-8${this.hex(3)}-${this.hex(12)}`;
  }
}

const WORDS = [
  'Veilig',
  'werken',
  'op',
  'hoogte',
  'Forklift',
  'operator',
  'Zorg',
  'Teamwork',
  'Communicatie',
  'Python',
  'Excel',
  'Lassen',
  'MIG/MAG',
  'Gastvrijheid',
  'café',
  'naïef',
  'Ærø',
  'Straße',
  'Ελληνικά',
  'русский',
  '中文',
  '日本語',
  'العربية',
  'עברית',
  '🎓',
  '👩🏽‍🔧',
  'ﬁ',
  'e\u0301',
  '"quoted"',
  "it's",
  'back\\slash',
  'tab\there',
  'line\nbreak',
  'cr\rlf',
  'bell\u0007',
  'nbsp\u00a0x',
  'ls\u2028ps',
  'zw\u200bj',
  '<b>html</b>',
  '{json}',
  '@id',
  'Badge',
  'Achievement',
  'xsd:string',
  'ceasn:Competency',
  'schema:name',
  'https://example.org/not-an-iri-here',
  '_:b0',
  '',
  '   ',
];

export function text(r: Random, maxWords = 6): string {
  const n = r.int(1, maxWords);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(r.pick(WORDS));
  return words.join(r.pick([' ', ' ', ' ', '-', '', ', ']));
}

const HOSTS = [
  'example.org',
  'vaardig.test',
  'skills.example.nl',
  'xn--caf-dma.example',
  'b\u00fccher.example',
  '127.0.0.1:8080',
  'EXAMPLE.ORG',
];

export function url(r: Random): string {
  const path = Array.from({ length: r.int(0, 3) }, () =>
    r.pick(['a', 'skills', r.uuid(), 'caf%C3%A9', 'café', 'x y'.replace(' ', '%20'), '..', '.', 'UPPER', '~user']),
  ).join('/');
  let out = `${r.pick(['https', 'https', 'https', 'http'])}://${r.pick(HOSTS)}/${path}`;
  if (r.chance(0.15)) out += `?q=${r.pick(['1', 'a&b=c', 'ä', '%20'])}`;
  if (r.chance(0.15)) out += `#${r.pick(['frag', 'result-1', '', 'ü'])}`;
  return out;
}

/** An IRI of any of the forms Vaardig's credentials hold (https, did:web, did:key, urn:uuid). */
export function iri(r: Random): string {
  const kind = r.int(0, 9);
  if (kind < 6) return url(r);
  if (kind < 8) return `did:web:${r.pick(['vaardig.test', 'example.org%3A8443'])}:orgs:${r.pick(['a', 'b-c', 'oss'])}`;
  if (kind < 9) return `did:key:z6Mk${r.hex(20)}`;
  return `urn:uuid:${r.uuid()}`;
}

function date(r: Random): Date {
  return new Date(Date.UTC(r.int(1999, 2045), r.int(0, 11), r.int(1, 28), r.int(0, 23), r.int(0, 59), r.int(0, 59)));
}
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export const ACHIEVEMENT_TYPES = ['Badge', 'Certificate', 'Course', 'Competency', 'MicroCredential', 'Award', 'Assessment', 'ext:Workshop'];
const RESULT_TYPES = ['Status', 'LetterGrade', 'Percent', 'RawScore', 'Result', 'PerformanceLevel'];
const LANGUAGES = ['nl', 'en', 'de', 'fr', 'en-GB', 'nl-BE', 'fy'];

export interface GenerateOptions {
  /** The issuer's DID (default: a random did:web). */
  issuer?: string;
  baseUrl?: string;
}

/** One credential, unsigned, in the shape issueAs gives it (with random content). */
export function credential(r: Random, options: GenerateOptions = {}): Record<string, unknown> {
  const baseUrl = options.baseUrl ?? `https://${r.pick(['vaardig.test', 'badges.example.nl'])}`;
  const slug = r.pick(['oss', 'a', 'de-lerende-stad', 'x1']);
  const did = options.issuer ?? `did:web:${new URL(baseUrl).host}:orgs:${slug}`;
  const achievementUri = `${baseUrl}/achievements/${r.uuid()}`;
  const issuer: Record<string, unknown> = {
    id: did,
    type: ['Profile'],
    name: text(r, 4),
    url: r.chance(0.5) ? url(r) : `${baseUrl}/orgs/${slug}`,
  };
  if (r.chance(0.6)) issuer.description = text(r, 12);
  if (r.chance(0.2))
    issuer.otherIdentifier = [{ type: 'IdentifierEntry', identifier: `did:key:z6Mk${r.hex(20)}`, identifierType: 'identifier' }];

  const criteria: Record<string, string> = {};
  if (r.chance(0.3)) criteria.id = url(r);
  if (r.chance(0.8) || !criteria.id) criteria.narrative = text(r, 15);
  const achievement: Record<string, unknown> = {
    id: achievementUri,
    type: ['Achievement'],
    achievementType: r.pick(ACHIEVEMENT_TYPES),
    name: text(r, 4),
    description: text(r, 12),
    criteria,
  };
  if (r.chance(0.7))
    achievement.image = { id: `${baseUrl}/achievement-images/${r.uuid()}.${r.pick(['svg', 'png'])}`, type: 'Image', caption: text(r, 3) };
  const alignments = r.int(0, r.chance(0.1) ? 12 : 4);
  if (alignments) {
    const list: Record<string, unknown>[] = [];
    for (let i = 0; i < alignments; i++) {
      // Sometimes the same skill twice: identical blank nodes, which RDFC-1.0 tells apart the long way.
      if (list.length && r.chance(0.08)) {
        list.push({ ...list[list.length - 1] });
        continue;
      }
      const a: Record<string, unknown> = { type: ['Alignment'], targetName: text(r, 3), targetUrl: r.chance(0.8) ? url(r) : iri(r) };
      if (r.chance(0.5)) a.targetDescription = text(r, 10);
      if (r.chance(0.6)) a.targetFramework = r.pick(['ESCO', 'O*NET', text(r, 2)]);
      if (r.chance(0.6)) a.targetCode = r.chance(0.7) ? `http://data.europa.eu/esco/skill/${r.uuid()}` : text(r, 1);
      a.targetType = r.chance(0.9) ? 'ceasn:Competency' : r.pick(['CFItem', 'ext:Skill']);
      list.push(a);
    }
    achievement.alignment = list;
  }
  const descriptions = r.int(0, 3);
  const keys: string[] = [];
  if (descriptions) {
    achievement.resultDescription = Array.from({ length: descriptions }, (_, i) => {
      const key = `${i}${r.hex(3)}`;
      keys.push(key);
      const d: Record<string, unknown> = {
        id: `${achievementUri}#result-${key}`,
        type: ['ResultDescription'],
        name: text(r, 2),
        resultType: r.pick(RESULT_TYPES),
      };
      if (r.chance(0.4)) d.allowedValue = Array.from({ length: r.int(1, 4) }, () => text(r, 1));
      return d;
    });
  }
  if (r.chance(0.6)) achievement.tag = Array.from({ length: r.int(1, 4) }, () => (r.chance(0.1) ? 'dup' : text(r, 2)));
  achievement.inLanguage = r.pick(LANGUAGES);
  achievement.version = String(r.int(1, 30));
  achievement.creator = r.chance(0.9)
    ? { id: did, type: ['Profile'], name: issuer.name, url: issuer.url }
    : { id: iri(r), type: ['Profile'], name: text(r, 3), url: url(r) };

  const subject: Record<string, unknown> = { type: ['AchievementSubject'] };
  const byDid = r.chance(0.25);
  if (byDid) subject.id = r.chance(0.5) ? `did:key:z6Mk${r.hex(20)}` : `did:web:example.org:people:${r.hex(6)}`;
  if (!byDid || r.chance(0.5))
    subject.identifier = [
      { type: 'IdentityObject', hashed: true, identityHash: `sha256$${r.hex(64)}`, identityType: 'emailAddress', salt: r.hex(32) },
    ];
  subject.achievement = achievement;
  if (keys.length && r.chance(0.7)) {
    subject.result = keys
      .filter(() => r.chance(0.8))
      .map((key) => ({
        type: ['Result'],
        resultDescription: `${achievementUri}#result-${key}`,
        value: r.chance(0.2) ? 'same' : text(r, 2),
      }));
    if ((subject.result as unknown[]).length === 0) delete subject.result;
  }

  const validFrom = date(r);
  const awarded = r.chance(0.7) ? validFrom : date(r);
  const validUntil = r.chance(0.3) ? new Date(validFrom.getTime() + r.int(1, 3650) * 86_400_000) : undefined;
  const statusIndex = r.int(0, 131_071);
  const list = (purpose: string) => `${baseUrl}/orgs/${slug}/status/${purpose}`;
  const entry = (purpose: string) => ({
    id: `${list(purpose)}#${statusIndex}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(statusIndex),
    statusListCredential: list(purpose),
  });
  const evidence = Array.from({ length: r.int(0, r.chance(0.1) ? 5 : 2) }, () => ({ id: url(r), type: ['Evidence'] }));
  const name = r.chance(0.8) ? achievement.name : text(r, 4);
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `${baseUrl}/credentials/${r.uuid()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer,
    name,
    description: achievement.description,
    ...(achievement.image ? { image: achievement.image } : {}),
    validFrom: iso(validFrom),
    ...(validUntil ? { validUntil: iso(validUntil) } : {}),
    awardedDate: iso(awarded),
    credentialSubject: subject,
    ...(evidence.length ? { evidence } : {}),
    credentialStatus: r.chance(0.3) ? [entry('revocation'), entry('suspension')] : entry('revocation'),
  };
}
