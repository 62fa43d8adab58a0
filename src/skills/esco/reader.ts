import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { compose, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import yauzl from 'yauzl';
import { AppError, type ErrorFactory, type ErrorParams } from '../../platform/errors.ts';
import { SkillsErrors as E } from '../errors.ts';

/**
 * A problem in an input file: a coded error (src/skills/errors.ts, `esco…`) whose params name the
 * file and (when it has one) the line, so the import page says it in the reader's language and the
 * CLI and API in English (`describeEscoError`). `extra.reason` keeps a library's own English words
 * (a zip or CSV parser's) for the CLI; pages never show it.
 */
export class EscoFileError extends AppError {
  readonly file: string;
  readonly line: number | null;
  constructor(file: string, line: number | null, problem: ErrorFactory, params: ErrorParams = {}, reason?: string) {
    super(400, problem.code, {
      params: { ...params, file, ...(line ? { line } : {}) },
      extra: reason ? { reason } : {},
    });
    this.name = 'EscoFileError';
    this.file = file;
    this.line = line;
  }
}

/** A coded ESCO file error as one line in the language of `t`: `file:line: message`. */
export function describeEscoError(
  t: (key: string, options?: Record<string, unknown>) => string,
  code: string,
  params: ErrorParams,
): string {
  const message = t(code, { ...params, defaultValue: code });
  return params.file ? `${params.file}${params.line ? `:${params.line}` : ''}: ${message}` : message;
}

/** The ESCO CSV files the importer understands, by the name before `_lang.csv` / `.csv`. */
export type EscoFileKind =
  | 'skills'
  | 'skillGroups'
  | 'skillsHierarchy'
  | 'occupations'
  | 'iscoGroups'
  | 'collection'
  | 'occupationSkillRelations'
  | 'broaderRelationsSkillPillar'
  | 'skillSkillRelations';

/** Skill collections: file-name stem → the collection's external_key. */
export const COLLECTION_FILES: Record<string, string> = {
  digitalSkillsCollection: 'digital',
  greenSkillsCollection: 'green',
  languageSkillsCollection: 'language',
  transversalSkillsCollection: 'transversal',
  researchSkillsCollection: 'research',
  digCompSkillsCollection: 'digcomp',
};

const FILE_KINDS: Record<string, EscoFileKind> = {
  skills: 'skills',
  skillGroups: 'skillGroups',
  skillsHierarchy: 'skillsHierarchy',
  occupations: 'occupations',
  ISCOGroups: 'iscoGroups',
  occupationSkillRelations: 'occupationSkillRelations',
  broaderRelationsSkillPillar: 'broaderRelationsSkillPillar',
  skillSkillRelations: 'skillSkillRelations',
  ...Object.fromEntries(Object.keys(COLLECTION_FILES).map((k) => [k, 'collection' as const])),
};

/** Columns a file must have; others (ESCO adds some between versions) are ignored. */
export const REQUIRED_COLUMNS: Record<EscoFileKind, string[]> = {
  skills: ['conceptUri', 'skillType', 'reuseLevel', 'preferredLabel', 'altLabels', 'hiddenLabels', 'description'],
  skillGroups: ['conceptUri', 'preferredLabel', 'code'],
  skillsHierarchy: [0, 1, 2, 3].flatMap((l) => [`Level ${l} URI`, `Level ${l} preferred term`, `Level ${l} code`]),
  occupations: ['conceptUri', 'iscoGroup', 'preferredLabel', 'altLabels', 'description', 'code'],
  iscoGroups: ['conceptUri', 'code', 'preferredLabel'],
  collection: ['conceptUri', 'preferredLabel'],
  occupationSkillRelations: ['occupationUri', 'relationType', 'skillUri'],
  broaderRelationsSkillPillar: ['conceptUri', 'broaderUri'],
  skillSkillRelations: ['originalSkillUri', 'relationType', 'relatedSkillUri'],
};

/** One CSV file of an ESCO download, in a folder or inside a zip. */
export interface CsvSource {
  /** How messages name it: the path, or `zip path!entry` inside a zip. */
  label: string;
  kind: EscoFileKind;
  /** Name stem (e.g. "digitalSkillsCollection"). */
  stem: string;
  /** Language from the file name (`skills_nl.csv` → "nl"); null for the language-less relation files. */
  lang: string | null;
  open(): Promise<Readable>;
}

/** Recognises an ESCO file name; null for files the importer does not use (conceptSchemes, ...). */
export function classifyFileName(name: string): { kind: EscoFileKind; stem: string; lang: string | null } | null {
  const match = /^([A-Za-z]+?)(?:_([a-z]{2,3}(?:-[A-Za-z]+)?))?\.csv$/.exec(basename(name));
  if (!match) return null;
  const kind = FILE_KINDS[match[1]!];
  if (!kind) return null;
  return { kind, stem: match[1]!, lang: match[2] ?? null };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) => {
      if (error || !zip) reject(new EscoFileError(path, null, E.escoNotZip, {}, error?.message));
      else resolve(zip);
    });
  });
}

function zipEntries(path: string, zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) => reject(new EscoFileError(path, null, E.escoZipCorrupt, {}, error.message)));
    zip.readEntry();
  });
}

/**
 * The ESCO CSV files in the given paths: each is a zip as the ESCO download service ships it, an
 * unpacked folder, or a single CSV file. Zips stay open (entries are streamed when read) until `close`.
 */
export async function listSources(paths: string[]): Promise<{ sources: CsvSource[]; close(): void }> {
  const sources: CsvSource[] = [];
  const zips: yauzl.ZipFile[] = [];
  const close = () => {
    for (const zip of zips) zip.close();
  };
  try {
    for (const path of paths) {
      const info = await stat(path).catch(() => {
        throw new EscoFileError(path, null, E.escoPathMissing);
      });
      if (info.isDirectory()) {
        for (const name of (await readdir(path)).sort()) {
          const full = join(path, name);
          if (name.toLowerCase().endsWith('.zip')) {
            sources.push(...(await zipSources(full, zips)));
            continue;
          }
          const kind = classifyFileName(name);
          if (kind) sources.push({ label: full, ...kind, open: async () => createReadStream(full) });
        }
      } else if (path.toLowerCase().endsWith('.zip')) {
        sources.push(...(await zipSources(path, zips)));
      } else {
        const kind = classifyFileName(path);
        if (!kind) throw new EscoFileError(path, null, E.escoFileName);
        sources.push({ label: path, ...kind, open: async () => createReadStream(path) });
      }
    }
    if (sources.length === 0) throw new EscoFileError(paths.join(', '), null, E.escoNoFiles);
    return { sources, close };
  } catch (error) {
    close();
    throw error;
  }
}

async function zipSources(path: string, zips: yauzl.ZipFile[]): Promise<CsvSource[]> {
  const zip = await openZip(path);
  zips.push(zip);
  const result: CsvSource[] = [];
  for (const entry of await zipEntries(path, zip)) {
    if (entry.fileName.endsWith('/')) continue;
    const kind = classifyFileName(entry.fileName);
    if (!kind) continue;
    const label = `${path}!${entry.fileName}`;
    result.push({
      label,
      ...kind,
      open: () =>
        new Promise<Readable>((resolve, reject) => {
          zip.openReadStream(entry, (error, stream) => {
            if (error || !stream) reject(new EscoFileError(label, null, E.escoZipEntry, {}, error?.message));
            else resolve(stream);
          });
        }),
    });
  }
  return result;
}

/**
 * Streams the rows of a CSV source as objects keyed by header, with the line each row starts on.
 * Rejects (naming file and line) anything that is not well-formed UTF-8 CSV with the required
 * columns: invalid bytes or U+FFFD, an unterminated quote, a row with the wrong number of fields,
 * a truncated zip entry.
 */
export async function readCsv(source: CsvSource, onRow: (row: Record<string, string>, line: number) => void): Promise<number> {
  const input = await source.open();
  let decodedLines = 0;
  const decode = async function* (chunks: AsyncIterable<Buffer>) {
    const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
    const check = (text: string) => {
      const bad = text.indexOf('\uFFFD');
      if (bad >= 0) {
        const line = decodedLines + countNewlines(text.slice(0, bad)) + 1;
        throw new EscoFileError(source.label, line, E.escoNotUtf8);
      }
      decodedLines += countNewlines(text);
    };
    for await (const chunk of chunks) {
      const text = decoder.decode(chunk, { stream: true });
      check(text);
      if (text) yield text;
    }
    const tail = decoder.decode();
    check(tail);
    if (tail) yield tail;
  };
  // ESCO's own files leave trailing empty fields out on some rows (skillsHierarchy): fewer fields are fine, more are not.
  const parser = parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: false, relax_column_count_less: true });
  const records = compose(input, decode, parser) as AsyncIterable<{ record: string[]; info: { lines: number } }>;
  let header: string[] | null = null;
  let previousEnd = 0;
  let count = 0;
  try {
    for await (const { record, info } of records) {
      const line = previousEnd + 1;
      previousEnd = info.lines;
      if (!header) {
        header = record.map((h) => h.trim());
        const missing = REQUIRED_COLUMNS[source.kind].filter((c) => !header!.includes(c));
        if (missing.length > 0) {
          throw new EscoFileError(source.label, line, E.escoMissingColumns, { columns: missing.join(', '), found: header.join(', ') });
        }
        continue;
      }
      const row: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) row[header[i]!] = record[i] ?? '';
      onRow(row, line);
      count++;
    }
  } catch (error) {
    if (error instanceof EscoFileError) throw error;
    const e = error as Error & { lines?: number; code?: string };
    const line = typeof e.lines === 'number' ? e.lines : previousEnd + 1;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new EscoFileError(source.label, line, E.escoQuoteNotClosed);
    if (e.code?.startsWith('CSV_') || e.code === 'INVALID_OPENING_QUOTE')
      throw new EscoFileError(source.label, line, E.escoCsv, { reason: e.code }, e.message);
    throw new EscoFileError(source.label, line, E.escoUnreadable, {}, e.message);
  }
  if (!header) throw new EscoFileError(source.label, 1, E.escoEmpty);
  return count;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
