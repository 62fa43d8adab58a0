import { createHash } from 'node:crypto';
import type { TFunction } from 'i18next';
import { AppError, type ErrorFactory, type ErrorParams } from '../../platform/errors.ts';
import { SkillsErrors as E } from '../errors.ts';
import type { LangList, LangMap, NamedReference, SkillStatus } from '../schema.ts';
import type { OccupationReference } from '../library/types.ts';

/**
 * A skill as the exchange formats read and write it: the RSD fields with their language maps, the
 * canonical URL and uuid. Export takes the library's `Skill` (a superset); import gives these.
 */
export interface ExchangeSkill {
  id?: string;
  uri?: string;
  name: LangMap;
  statement: LangMap;
  keywords: LangList;
  categories: string[];
  standards: NamedReference[];
  certifications: NamedReference[];
  occupations: OccupationReference[];
  employers: NamedReference[];
  alignments: NamedReference[];
  author: string | null;
  status: SkillStatus;
  createdAt?: Date;
  updatedAt?: Date;
  publishedAt?: Date | null;
  archivedAt?: Date | null;
  collections?: { id: string; uri: string; name: LangMap }[];
}

export interface ExchangeCollection {
  id?: string;
  uri?: string;
  name: LangMap;
  description: LangMap;
  author: string | null;
  status: SkillStatus;
  createdAt?: Date;
  updatedAt?: Date;
}

/** One skill read from a file, with the line it starts on (for error messages). */
export interface ImportedSkill {
  line: number;
  skill: ExchangeSkill;
}

export interface ImportBatch {
  fileName: string;
  collection?: ExchangeCollection & { line: number };
  skills: ImportedSkill[];
}

/**
 * Which language(s) an export carries: one language code (texts in it, falling back to English,
 * then any), or 'all' (the primary language in the format's plain fields plus the others in the
 * format's way of carrying translations).
 */
export type ExportLanguage = string;

/**
 * A file that cannot be imported, and the import writes nothing. A coded error (`problem`: one of
 * the file codes of src/skills/errors.ts, or a service's error about one record, wrapped) whose
 * params also carry `file` and (when known) `line`; the field is the column or record field at
 * fault, else `file`. Pages say it in the reader's language, the API and the CLI in English
 * (`describeImportError`); the problem document has `file` and `line` too.
 */
export class ImportFileError extends AppError {
  readonly fileName: string;
  readonly line: number | null;
  /** A service's error about one record (its field is a record path, named in the message). */
  readonly wrapped: boolean;

  constructor(
    fileName: string,
    line: number | null,
    problem: ErrorFactory | AppError,
    params: ErrorParams = {},
    field?: string,
    /** Machine-readable extras for the API (e.g. the parser's own `reason`, never shown on a page). */
    extra: Record<string, unknown> = {},
  ) {
    const inner = problem instanceof AppError ? problem : null;
    super(400, problem.code, {
      field: field ?? inner?.field ?? 'file',
      params: { ...(inner ? inner.params : params), file: fileName, ...(line ? { line } : {}) },
      extra: { ...inner?.extra, ...extra, file: fileName, line },
    });
    this.name = 'ImportFileError';
    this.fileName = fileName;
    this.line = line;
    this.wrapped = inner !== null;
  }
}

/** What is wrong, in the language of `t`; a wrapped record error names its field first. */
export function importErrorMessage(t: TFunction, error: ImportFileError): string {
  const message = t(error.code, { ...error.params, defaultValue: error.code });
  return error.wrapped && error.field ? `${error.field}: ${message}` : message;
}

/** The whole error as one line in the language of `t`, for the API and the CLI: "rows.csv, line 3: …". */
export function describeImportError(t: TFunction, error: ImportFileError): string {
  const where = error.line
    ? t('skills:library.import.at', { file: error.fileName, line: error.line })
    : t('skills:library.import.atFile', { file: error.fileName });
  return `${where}: ${importErrorMessage(t, error)}`;
}

/** Text in the wanted language, else English, else the first there is. */
export function pick(map: LangMap | undefined, lang: string): string | undefined {
  if (!map) return undefined;
  return map[lang] ?? map.en ?? Object.values(map)[0];
}

export function pickList(map: LangList | undefined, lang: string): string[] {
  if (!map) return [];
  return map[lang] ?? map.en ?? Object.values(map)[0] ?? [];
}

/** The language a skill's plain fields are written in when all are exported: English if it has it. */
export function primaryLanguage(map: LangMap): string {
  return map.en ? 'en' : (Object.keys(map)[0] ?? 'en');
}

export function languagesOf(skill: Pick<ExchangeSkill, 'name' | 'statement' | 'keywords'>): string[] {
  return [...new Set([...Object.keys(skill.name), ...Object.keys(skill.statement), ...Object.keys(skill.keywords)])].sort();
}

/**
 * Decodes a file as UTF-8 and refuses anything else, naming the first line with a byte that is
 * not UTF-8 (a Latin-1 or Windows-1252 export, typically). A UTF-8 byte order mark is dropped.
 */
export function decodeUtf8(content: Buffer | string, fileName: string): string {
  if (typeof content === 'string') return content.replace(/^\uFEFF/, '');
  if ((content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff)) {
    throw new ImportFileError(fileName, 1, E.fileUtf16);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(content).replace(/^\uFEFF/, '');
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= content.length; i++) {
      if (i === content.length || content[i] === 0x0a) {
        try {
          decoder.decode(content.subarray(start, i));
        } catch {
          throw new ImportFileError(fileName, line, E.fileNotUtf8);
        }
        line++;
        start = i + 1;
      }
    }
    throw new ImportFileError(fileName, null, E.fileNotUtf8);
  }
}

/** A stable UUID (version 5 layout) for a name, for identifiers formats need where we have none (CASE associations). */
export function nameUuid(name: string): string {
  const h = createHash('sha1').update(`vaardig:${name}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const UUID_AT_END = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

/** The uuid at the end of a canonical URL (`.../skills/<uuid>`), if there is one. */
export function uuidFromUri(uri: string | undefined): string | undefined {
  return uri ? UUID_AT_END.exec(uri)?.[1]?.toLowerCase() : undefined;
}

export function iso(date: Date | null | undefined): string | undefined {
  return date ? new Date(date).toISOString() : undefined;
}

/** Drops undefined fields so exports carry no `null`s for absent values. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}
