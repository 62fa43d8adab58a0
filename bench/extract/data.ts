// The evaluation and benchmark data of skill extraction, read from VAARDIG_DATA_DIR (default
// ../shared/data) and from the project's own Dutch test set; never copied into the repository.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { LibraryVocabulary } from '../../src/skills/api.ts';

export const dataDir = () => resolve(process.env.VAARDIG_DATA_DIR ?? join(import.meta.dirname, '../../../shared/data'));

export const DECORTE = 'skill-extraction/decorte';
export const SKILLSPAN = 'skill-extraction/skillspan';
export const DUTCH_SET = join(import.meta.dirname, '../../test/fixtures/extraction/nl-vacancy-sentences.jsonl');

/** Says which data is missing and where it was looked for; null when all is there. */
export function missingData(dir: string, files: string[]): string | null {
  const missing = files.filter((f) => !existsSync(join(dir, f)));
  return missing.length ? `missing in ${dir} (set VAARDIG_DATA_DIR): ${missing.join(', ')}` : null;
}

export interface LabelledSentence {
  id: string;
  text: string;
  /** Gold skills as keys: ESCO preferred labels (decorte) or concept URIs (the Dutch set). */
  gold: string[];
  vacancy?: string;
  title?: string;
}

/** A decorte validation split: rows grouped by sentence, without LABEL NOT PRESENT and UNDERSPECIFIED. */
export function readDecorte(dir: string, split: 'tech' | 'house'): LabelledSentence[] {
  const rows = parse(readFileSync(join(dir, DECORTE, `${split}_validation_annotations.csv`)), { columns: true }) as Record<
    string,
    string
  >[];
  const bySentence = new Map<string, Set<string>>();
  for (const r of rows) {
    const sentence = r.sentence!;
    if (!bySentence.has(sentence)) bySentence.set(sentence, new Set());
    const label = r.label!.trim();
    if (label && label !== 'LABEL NOT PRESENT' && label !== 'UNDERSPECIFIED') bySentence.get(sentence)!.add(label);
  }
  return [...bySentence].filter(([, gold]) => gold.size).map(([text, gold], i) => ({ id: `${split}-${i + 1}`, text, gold: [...gold] }));
}

/** The Dutch set: every sentence with its expected ESCO concept URIs. */
export function readDutchSet(): LabelledSentence[] {
  return readFileSync(DUTCH_SET, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line) as { id: string; vacancy: string; title: string; text: string; skills: { uri: string }[] };
      return { id: r.id, text: r.text, gold: r.skills.map((s) => s.uri), vacancy: r.vacancy, title: r.title };
    });
}

export interface SpanSentence {
  tokens: string[];
  text: string;
  /** Character offsets of each token in `text` (tokens joined by one space). */
  offsets: [number, number][];
  /** Gold spans as token ranges [first, last], skills and knowledge together. */
  spans: [number, number][];
  source: string;
}

function bioSpans(tags: string[]): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  tags.forEach((tag, i) => {
    if (tag.startsWith('B')) {
      if (start >= 0) out.push([start, i - 1]);
      start = i;
    } else if (tag.startsWith('I')) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push([start, i - 1]);
      start = -1;
    }
  });
  if (start >= 0) out.push([start, tags.length - 1]);
  return out;
}

/** SkillSpan (dev or train): one sentence a line with its skill and knowledge spans. */
export function readSkillSpan(dir: string, split: 'dev' | 'train'): SpanSentence[] {
  return readFileSync(join(dir, SKILLSPAN, `${split}.json`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line) as { tokens: string[]; tags_skill: string[]; tags_knowledge: string[]; source: string };
      const offsets: [number, number][] = [];
      let at = 0;
      for (const t of r.tokens) {
        offsets.push([at, at + t.length]);
        at += t.length + 1;
      }
      const spans = [...bioSpans(r.tags_skill), ...bioSpans(r.tags_knowledge)];
      return { tokens: r.tokens, text: r.tokens.join(' '), offsets, spans, source: r.source };
    });
}

/**
 * Job ads of about `size` characters: SkillSpan sentences in their order (English), or the Dutch
 * set's vacancies repeated with their title as the first line (Dutch).
 */
/** SkillSpan's anonymised names, as a real ad has them. */
const PLACEHOLDERS: Record<string, string> = {
  ORGANIZATION: 'Acme',
  LOCATION: 'Utrecht',
  ADDRESS: 'Main Street 1',
  URL: 'acme.example',
  EMAIL: 'jobs@acme.example',
  PHONE: '555 0100',
};

export function englishAds(sentences: SpanSentence[], count: number, size = 3000): string[] {
  const ads: string[] = [];
  let i = 0;
  while (ads.length < count) {
    let ad = '';
    while (ad.length < size) {
      ad += `${sentences[i % sentences.length]!.text.replace(/<(\w+)>/g, (_, tag: string) => PLACEHOLDERS[tag] ?? '')}\n`;
      i++;
    }
    ads.push(ad);
  }
  return ads;
}

export function dutchAds(set: LabelledSentence[], count: number, size = 3000): string[] {
  const byVacancy = new Map<string, LabelledSentence[]>();
  for (const s of set) {
    if (!byVacancy.has(s.vacancy!)) byVacancy.set(s.vacancy!, []);
    byVacancy.get(s.vacancy!)!.push(s);
  }
  const vacancies = [...byVacancy.values()];
  const ads: string[] = [];
  let v = 0;
  while (ads.length < count) {
    let ad = '';
    while (ad.length < size) {
      const vacancy = vacancies[v % vacancies.length]!;
      ad += `${vacancy[0]!.title}\n${vacancy.map((s) => s.text).join('\n')}\n\n`;
      v++;
    }
    ads.push(ad);
  }
  return ads;
}

/** ESCO preferred English label → skill index, and concept URI → skill index. */
export function skillKeys(vocabulary: LibraryVocabulary): { byLabel: Map<string, number>; byUri: Map<string, number> } {
  const byLabel = new Map<string, number>();
  const byUri = new Map<string, number>();
  vocabulary.skills.forEach((s, i) => {
    if (!s.externalUri) return;
    byUri.set(s.externalUri, i);
    const en = s.name.en?.trim().toLowerCase();
    if (en && !byLabel.has(en)) byLabel.set(en, i);
  });
  return { byLabel, byUri };
}
