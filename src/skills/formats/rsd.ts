import { RSD_CONTEXT_URL, VAARDIG_RSD_CONTEXT_PATH } from '../contexts/index.ts';
import type { LangList, LangMap, NamedReference, SkillStatus } from '../schema.ts';
import type { OccupationReference } from '../library/types.ts';
import { SkillsErrors as E } from '../errors.ts';
import {
  compact,
  type ExchangeCollection,
  type ExchangeSkill,
  type ExportLanguage,
  type ImportBatch,
  ImportFileError,
  type ImportedSkill,
  iso,
  pick,
  pickList,
  primaryLanguage,
  uuidFromUri,
} from './common.ts';

/**
 * RSD JSON-LD as OSMT writes it (RichSkillDescriptor: skillName, skillStatement, categories,
 * keywords, standards, alignments, certifications, employers, occupations, author, status and the
 * four dates, collections).
 *
 * Languages. RSD holds one string per field. `lang=<code>` writes the texts of that language (falling
 * back to English, then any) and says which with `language`. `lang=all` writes the primary language
 * (English when there is one) in the RSD fields and every other language under `translations`
 * (`{"nl": {"skillName", "skillStatement", "keywords"}}`), a term of Vaardig's small extension
 * context, which is then listed after the RSD context. OSMT reads the plain fields and ignores
 * `translations`.
 */
export interface RsdOptions {
  lang: ExportLanguage;
  baseUrl: string;
  /** Leave out `@context` (skills inside a collection document). */
  nested?: boolean;
}

function context(options: RsdOptions): unknown {
  return options.lang === 'all' ? [RSD_CONTEXT_URL, `${options.baseUrl.replace(/\/$/, '')}${VAARDIG_RSD_CONTEXT_PATH}`] : RSD_CONTEXT_URL;
}

function ref(r: NamedReference): Record<string, string | undefined> {
  return compact({ id: r.id, name: r.name, framework: r.framework });
}

function occupation(r: OccupationReference): Record<string, string | undefined> {
  return compact({ id: r.id, name: r.name, code: r.code, framework: r.framework });
}

export function toRsd(skill: ExchangeSkill, options: RsdOptions): Record<string, unknown> {
  const lang = options.lang === 'all' ? primaryLanguage(skill.name) : options.lang;
  const doc: Record<string, unknown> = compact({
    '@context': options.nested ? undefined : context(options),
    id: skill.uri,
    uuid: skill.id,
    type: 'RichSkillDescriptor',
    status: skill.status,
    creationDate: iso(skill.createdAt),
    updateDate: iso(skill.updatedAt),
    publishDate: iso(skill.publishedAt),
    archiveDate: iso(skill.archivedAt),
    skillName: pick(skill.name, lang),
    skillStatement: pick(skill.statement, lang) ?? '',
    categories: skill.categories,
    keywords: pickList(skill.keywords, lang),
    standards: skill.standards.map(ref),
    alignments: skill.alignments.map(ref),
    certifications: skill.certifications.map(ref),
    employers: skill.employers.map(ref),
    occupations: skill.occupations.map(occupation),
    author: skill.author ?? undefined,
    collections: skill.collections?.map((c) => ({ id: c.uri, uuid: c.id, name: pick(c.name, lang) })),
    language: lang,
  });
  if (options.lang === 'all') {
    const translations: Record<string, Record<string, unknown>> = {};
    const langs = new Set([...Object.keys(skill.name), ...Object.keys(skill.statement), ...Object.keys(skill.keywords)]);
    langs.delete(lang);
    for (const other of [...langs].sort()) {
      translations[other] = compact({
        skillName: skill.name[other],
        skillStatement: skill.statement[other],
        keywords: skill.keywords[other],
      });
    }
    if (Object.keys(translations).length) doc.translations = translations;
  }
  return doc;
}

export function toRsdCollection(collection: ExchangeCollection, skills: ExchangeSkill[], options: RsdOptions): Record<string, unknown> {
  const lang = options.lang === 'all' ? primaryLanguage(collection.name) : options.lang;
  const doc: Record<string, unknown> = compact({
    '@context': context(options),
    id: collection.uri,
    uuid: collection.id,
    type: 'RichSkillCollection',
    status: collection.status,
    creationDate: iso(collection.createdAt),
    updateDate: iso(collection.updatedAt),
    name: pick(collection.name, lang),
    description: pick(collection.description, lang),
    author: collection.author ?? undefined,
    language: lang,
  });
  if (options.lang === 'all') {
    const translations: Record<string, Record<string, unknown>> = {};
    for (const other of new Set([...Object.keys(collection.name), ...Object.keys(collection.description)])) {
      if (other !== lang) translations[other] = compact({ name: collection.name[other], description: collection.description[other] });
    }
    if (Object.keys(translations).length) doc.translations = translations;
  }
  doc.skills = skills.map((s) => toRsd(s, { ...options, nested: true }));
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Import

/** Line of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Offsets of the objects that are elements of the top-level array, or of the `skills` array of a
 * top-level object: where each RSD starts, so that errors can name its line.
 */
function recordOffsets(text: string): number[] {
  const offsets: number[] = [];
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      if (c === '{' && ((stack.length === 1 && stack[0] === '[') || (stack.length === 2 && stack[0] === '{' && stack[1] === '[')))
        offsets.push(i);
      stack.push(c);
    } else if (c === ']' || c === '}') stack.pop();
  }
  return offsets;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  const o = asObject(value);
  // A JSON-LD value object or a name object.
  if (o && typeof o['@value'] === 'string') return o['@value'];
  if (o && typeof o.name === 'string') return o.name;
  return undefined;
}

/** A field that may be a plain string (in `lang`) or already a language map. */
function langField(value: unknown, lang: string): LangMap {
  const o = asObject(value);
  if (o && !('@value' in o) && !('name' in o)) {
    const out: LangMap = {};
    for (const [k, v] of Object.entries(o)) if (typeof v === 'string' && v.trim()) out[k] = v;
    return out;
  }
  const t = text(value);
  return t ? { [lang]: t } : {};
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

function references(value: unknown): NamedReference[] {
  return list(value).flatMap((item) => {
    if (typeof item === 'string') return item.trim() ? [/^(https?|urn):/i.test(item) ? { id: item.trim() } : { name: item.trim() }] : [];
    const o = asObject(item);
    if (!o) return [];
    const isPartOf = asObject(o.isPartOf);
    return [
      compact({
        id: text(o.id ?? o.url ?? o.targetNode),
        name: text(o.name ?? o.skillName ?? o.targetNodeName),
        framework: text(o.framework ?? o.frameworkName ?? isPartOf?.name ?? o.isPartOf),
      }) as NamedReference,
    ];
  });
}

function occupations(value: unknown): OccupationReference[] {
  return list(value).flatMap((item) => {
    if (typeof item === 'string') return item.trim() ? [/^(https?|urn):/i.test(item) ? { id: item.trim() } : { name: item.trim() }] : [];
    const o = asObject(item);
    if (!o) return [];
    return [
      compact({
        id: text(o.id ?? o.targetNode),
        name: text(o.name ?? o.targetNodeName),
        code: text(o.code),
        framework: text(o.framework ?? o.frameworkName),
      }) as OccupationReference,
    ];
  });
}

function author(doc: Json): string | null {
  const authors = list(doc.author ?? doc.authors)
    .map(text)
    .filter((a): a is string => !!a);
  return authors.length ? authors.join('; ') : null;
}

function statusOf(value: unknown, fileName: string, line: number): SkillStatus {
  if (value === undefined || value === null || value === '') return 'draft';
  const s = String(value).toLowerCase();
  if (s === 'draft' || s === 'unpublished') return 'draft';
  if (s === 'published') return 'published';
  if (s === 'archived') return 'archived';
  throw new ImportFileError(fileName, line, E.importStatus, { value: String(value) }, 'status');
}

function translationsOf(doc: Json): Record<string, Json> {
  const t = asObject(doc.translations) ?? {};
  const out: Record<string, Json> = {};
  for (const [lang, value] of Object.entries(t)) if (asObject(value)) out[lang] = value as Json;
  return out;
}

function skillFrom(doc: Json, fileName: string, line: number, fallbackLang: string): ExchangeSkill {
  const lang = typeof doc.language === 'string' && doc.language ? doc.language : fallbackLang;
  const name = langField(doc.skillName ?? doc.name, lang);
  const statement = langField(doc.skillStatement ?? doc.statement, lang);
  const keywords: LangList = {};
  const kw = list(doc.keywords)
    .map(text)
    .filter((k): k is string => !!k);
  if (kw.length) keywords[lang] = kw;
  for (const [other, t] of Object.entries(translationsOf(doc))) {
    if (typeof t.skillName === 'string') name[other] = t.skillName;
    if (typeof t.skillStatement === 'string') statement[other] = t.skillStatement;
    if (Array.isArray(t.keywords)) keywords[other] = t.keywords.filter((k): k is string => typeof k === 'string');
  }
  if (!Object.keys(name).length) throw new ImportFileError(fileName, line, E.rsdNoName, {}, 'skillName');
  const uri = typeof doc.id === 'string' ? doc.id : undefined;
  const uuid = typeof doc.uuid === 'string' ? doc.uuid.toLowerCase() : uuidFromUri(uri);
  const categories = list(doc.categories ?? doc.category)
    .map(text)
    .filter((c): c is string => !!c);
  return {
    id: uuid,
    uri,
    name,
    statement,
    keywords,
    categories,
    standards: references(doc.standards),
    certifications: references(doc.certifications),
    occupations: occupations(doc.occupations),
    employers: references(doc.employers),
    alignments: references(doc.alignments),
    author: author(doc),
    status: statusOf(doc.status, fileName, line),
  };
}

/**
 * Reads an RSD JSON file: a single RichSkillDescriptor, an array of them, or a collection export
 * (`{"type": "RichSkillCollection", "skills": [...]}`). Throws ImportFileError naming the line.
 */
export function parseRsd(content: string, fileName: string, fallbackLang = 'en'): ImportBatch {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    const message = (error as Error).message;
    const lineMatch = /line (\d+)/.exec(message);
    const posMatch = /position (\d+)/.exec(message);
    const line = lineMatch ? Number(lineMatch[1]) : posMatch ? lineAt(content, Number(posMatch[1])) : lineAt(content, content.length);
    // The parser's sentence is English: the API gets it as `reason`, pages say "not valid JSON" and the line.
    throw new ImportFileError(fileName, line, E.rsdNotJson, {}, undefined, { reason: message.replace(/\s*\(line \d+ column \d+\)/, '') });
  }
  const offsets = recordOffsets(content);
  const lineOf = (i: number) => (offsets[i] !== undefined ? lineAt(content, offsets[i]) : 1);
  const batch: ImportBatch = { fileName, skills: [] };
  let records: unknown[];
  const top = asObject(data);
  if (Array.isArray(data)) records = data;
  else if (top && Array.isArray(top.skills)) {
    records = top.skills;
    const lang = typeof top.language === 'string' ? top.language : fallbackLang;
    const name = langField(top.name, lang);
    const description = langField(top.description, lang);
    for (const [other, t] of Object.entries(translationsOf(top))) {
      if (typeof t.name === 'string') name[other] = t.name;
      if (typeof t.description === 'string') description[other] = t.description;
    }
    if (!Object.keys(name).length) throw new ImportFileError(fileName, 1, E.rsdCollectionNoName, {}, 'name');
    const uri = typeof top.id === 'string' ? top.id : undefined;
    batch.collection = {
      line: 1,
      id: typeof top.uuid === 'string' ? top.uuid.toLowerCase() : uuidFromUri(uri),
      uri,
      name,
      description,
      author: author(top),
      status: statusOf(top.status, fileName, 1),
    };
  } else if (top) {
    records = [top];
    offsets.unshift(content.indexOf('{'));
  } else throw new ImportFileError(fileName, 1, E.rsdShape);
  const skills: ImportedSkill[] = records.map((record, i) => {
    const line = lineOf(i);
    const doc = asObject(record);
    if (!doc) throw new ImportFileError(fileName, line, E.rsdSkillNotObject, { position: i + 1 });
    return { line, skill: skillFrom(doc, fileName, line, fallbackLang) };
  });
  batch.skills = skills;
  return batch;
}
