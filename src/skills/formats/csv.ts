import { CsvError, parse } from 'csv-parse/sync';
import { toSpreadsheetCsv, unescapeFormula } from '../../platform/csv.ts';
import type { LangList, LangMap, NamedReference } from '../schema.ts';
import type { OccupationReference } from '../library/types.ts';
import { SkillsErrors as E } from '../errors.ts';
import {
  compact,
  type ExchangeSkill,
  type ExportLanguage,
  type ImportBatch,
  ImportFileError,
  pick,
  pickList,
  primaryLanguage,
  uuidFromUri,
} from './common.ts';

/**
 * CSV in the columns of OSMT's batch import and CSV export, `;` between several values in a cell:
 *
 *   Canonical URL, RSD Name, Author, Skill Statement, Category, Keywords, Standards, Certifications,
 *   Occupations, Employers, Alignment Name, Alignment URL, Alignment Framework
 *
 * Vaardig adds, only when some row has a value for them: `Status`; `Language` (of the plain text
 * columns); parallel lists for what OSMT keeps as names only (`Standard URLs`, `Standard
 * Frameworks`, `Certification URLs`, ..., `Occupation URIs`, `Occupation Codes`, `Occupation
 * Frameworks`: the n-th entry belongs to the n-th name, as OSMT does for alignments); and with
 * `lang=all` a column per further language, `RSD Name@nl`, `Skill Statement@nl`, `Keywords@nl`.
 * A `;` or `\` inside a value is escaped with a backslash.
 *
 * Import also takes OSMT's `Skill Name`, `Categories`, `Authors` and the occupation code columns
 * (`Occupation Major Groups`, `Occupation Minor Groups`, `Broad Occupations`, `Detailed
 * Occupations`: SOC codes; `O*NET Job Codes`). Any other column is an error (line 1).
 */

const CORE = [
  'Canonical URL',
  'RSD Name',
  'Author',
  'Skill Statement',
  'Category',
  'Keywords',
  'Standards',
  'Certifications',
  'Occupations',
  'Employers',
  'Alignment Name',
  'Alignment URL',
  'Alignment Framework',
] as const;

const REF_LISTS = [
  ['standards', 'Standards', 'Standard'],
  ['certifications', 'Certifications', 'Certification'],
  ['employers', 'Employers', 'Employer'],
] as const;

function escapeItem(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;');
}

export function joinList(values: (string | undefined)[]): string {
  if (values.every((v) => !v)) return '';
  return values.map((v) => escapeItem(v ?? '')).join('; ');
}

export function splitList(cell: string | undefined): string[] {
  if (!cell?.trim()) return [];
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '\\' && i + 1 < cell.length) current += cell[++i];
    else if (c === ';') {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}

type Row = Record<string, string>;

function rowFor(skill: ExchangeSkill, lang: ExportLanguage): Row {
  const primary = lang === 'all' ? primaryLanguage(skill.name) : lang;
  const row: Row = {
    'Canonical URL': skill.uri ?? '',
    'RSD Name': pick(skill.name, primary) ?? '',
    Author: skill.author ?? '',
    'Skill Statement': pick(skill.statement, primary) ?? '',
    Category: joinList(skill.categories),
    Keywords: joinList(pickList(skill.keywords, primary)),
    Occupations: joinList(skill.occupations.map((o) => o.name)),
    'Alignment Name': joinList(skill.alignments.map((a) => a.name)),
    'Alignment URL': joinList(skill.alignments.map((a) => a.id)),
    'Alignment Framework': joinList(skill.alignments.map((a) => a.framework)),
    Status: skill.status,
    Language: primary,
    'Occupation URIs': joinList(skill.occupations.map((o) => o.id)),
    'Occupation Codes': joinList(skill.occupations.map((o) => o.code)),
    'Occupation Frameworks': joinList(skill.occupations.map((o) => o.framework)),
  };
  for (const [field, names, singular] of REF_LISTS) {
    const refs = skill[field];
    row[names] = joinList(refs.map((r) => r.name));
    row[`${singular} URLs`] = joinList(refs.map((r) => r.id));
    row[`${singular} Frameworks`] = joinList(refs.map((r) => r.framework));
  }
  if (lang === 'all') {
    for (const other of new Set([...Object.keys(skill.name), ...Object.keys(skill.statement), ...Object.keys(skill.keywords)])) {
      if (other === primary) continue;
      row[`RSD Name@${other}`] = skill.name[other] ?? '';
      row[`Skill Statement@${other}`] = skill.statement[other] ?? '';
      row[`Keywords@${other}`] = joinList(skill.keywords[other] ?? []);
    }
  }
  return row;
}

const EXTRA_ORDER = [
  'Status',
  'Language',
  'Standard URLs',
  'Standard Frameworks',
  'Certification URLs',
  'Certification Frameworks',
  'Employer URLs',
  'Employer Frameworks',
  'Occupation URIs',
  'Occupation Codes',
  'Occupation Frameworks',
];

/** Skills as CSV text (UTF-8, header row, CRLF line ends as RFC 4180 says). */
export function toCsv(skills: ExchangeSkill[], lang: ExportLanguage): string {
  const rows = skills.map((s) => rowFor(s, lang));
  const present = (column: string) => rows.some((r) => r[column]);
  const langColumns = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k.includes('@'))))].sort((a, b) => {
    const [fa, la] = a.split('@');
    const [fb, lb] = b.split('@');
    return la === lb
      ? ['RSD Name', 'Skill Statement', 'Keywords'].indexOf(fa) - ['RSD Name', 'Skill Statement', 'Keywords'].indexOf(fb)
      : la.localeCompare(lb);
  });
  const columns = [...CORE, ...EXTRA_ORDER.filter(present), ...langColumns.filter(present)];
  return toSpreadsheetCsv([columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))], { record_delimiter: '\r\n' });
}

// ---------------------------------------------------------------------------------------------
// Import

const ALIASES: Record<string, string> = {
  'canonical url': 'Canonical URL',
  'rsd name': 'RSD Name',
  'skill name': 'RSD Name',
  name: 'RSD Name',
  author: 'Author',
  authors: 'Author',
  'author(s)': 'Author',
  'skill statement': 'Skill Statement',
  statement: 'Skill Statement',
  category: 'Category',
  categories: 'Category',
  'category(s)': 'Category',
  keywords: 'Keywords',
  'keyword(s)': 'Keywords',
  standards: 'Standards',
  certifications: 'Certifications',
  occupations: 'Occupations',
  employers: 'Employers',
  'alignment name': 'Alignment Name',
  'alignment url': 'Alignment URL',
  'alignment framework': 'Alignment Framework',
  status: 'Status',
  language: 'Language',
  'standard urls': 'Standard URLs',
  'standard frameworks': 'Standard Frameworks',
  'certification urls': 'Certification URLs',
  'certification frameworks': 'Certification Frameworks',
  'employer urls': 'Employer URLs',
  'employer frameworks': 'Employer Frameworks',
  'occupation uris': 'Occupation URIs',
  'occupation codes': 'Occupation Codes',
  'occupation frameworks': 'Occupation Frameworks',
  'occupation major groups': 'SOC:major',
  'occupation minor groups': 'SOC:minor',
  'broad occupations': 'SOC:broad',
  'detailed occupations': 'SOC:detailed',
  'o*net job codes': 'O*NET',
};
const LANG_COLUMN = /^(rsd name|skill name|skill statement|keywords)@([a-z]{2,3}(?:-[a-z0-9]{2,8})*)$/i;

function canonicalColumn(header: string): string | undefined {
  const h = header.replace(/\s+/g, ' ').trim();
  const lang = LANG_COLUMN.exec(h);
  if (lang) {
    const base = lang[1].toLowerCase() === 'skill name' ? 'RSD Name' : ALIASES[lang[1].toLowerCase()];
    return `${base}@${lang[2].toLowerCase()}`;
  }
  return ALIASES[h.toLowerCase()];
}

function parallelRefs(names: string[], ids: string[], frameworks: string[]): NamedReference[] {
  const n = Math.max(names.length, ids.length, frameworks.length);
  const out: NamedReference[] = [];
  for (let i = 0; i < n; i++) {
    const ref = compact({ name: names[i] || undefined, id: ids[i] || undefined, framework: frameworks[i] || undefined }) as NamedReference;
    if (ref.name || ref.id) out.push(ref);
  }
  return out;
}

/** The line on which a quote opens that is never closed (RFC 4180: `""` inside quotes toggles twice). */
function openQuoteLine(content: string): number | undefined {
  let line = 1;
  let inQuote = false;
  let openedAt = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '"') {
      inQuote = !inQuote;
      if (inQuote) openedAt = line;
    } else if (c === '\n') line++;
  }
  return inQuote ? openedAt : undefined;
}

/** Reads OSMT batch CSV into skills; errors name the file and line, and nothing is kept of a bad file. */
export function parseCsv(content: string, fileName: string, fallbackLang = 'en'): ImportBatch {
  let records: { record: string[]; info: { lines: number; empty_lines?: number } }[];
  try {
    records = parse(content, { info: true, skip_empty_lines: true, bom: true, relax_column_count: false }) as never;
  } catch (error) {
    if (error instanceof CsvError) {
      const e = error as CsvError & { lines?: number };
      const line = e.code === 'CSV_QUOTE_NOT_CLOSED' ? (openQuoteLine(content) ?? e.lines) : e.lines;
      const at = line ?? null;
      if (e.code === 'CSV_QUOTE_NOT_CLOSED') throw new ImportFileError(fileName, at, E.csvQuoteNotClosed);
      if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
        const [, expected, found] = /expect (\d+), got (\d+)/.exec(e.message) ?? [];
        if (expected && found)
          throw new ImportFileError(fileName, at, E.csvColumnCount, { expected: Number(expected), found: Number(found) });
      }
      if (
        (e.code as string) === 'INVALID_OPENING_QUOTE' ||
        e.code === 'CSV_INVALID_CLOSING_QUOTE' ||
        e.code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
      )
        throw new ImportFileError(fileName, at, E.csvInvalidQuote);
      // Any other refusal of the parser: its code (not its English sentence), and the sentence for the API.
      throw new ImportFileError(fileName, at, E.csvUnreadable, { reason: e.code }, undefined, { reason: e.message });
    }
    throw error;
  }
  if (!records.length) throw new ImportFileError(fileName, 1, E.csvEmpty);
  const header = records[0].record;
  const columns: string[] = [];
  header.forEach((h, i) => {
    const column = canonicalColumn(h);
    if (!column) throw new ImportFileError(fileName, 1, E.csvUnknownColumn, { column: h, position: i + 1 }, h);
    if (columns.includes(column)) throw new ImportFileError(fileName, 1, E.csvDuplicateColumn, { column: h }, h);
    columns.push(column);
  });
  if (!columns.includes('RSD Name')) throw new ImportFileError(fileName, 1, E.csvNameColumnMissing, {}, 'RSD Name');
  const batch: ImportBatch = { fileName, skills: [] };
  let previousEnd = records[0].info.lines;
  for (const { record, info } of records.slice(1)) {
    const line = Math.min(previousEnd + 1, info.lines);
    previousEnd = info.lines;
    const row: Row = {};
    columns.forEach((c, i) => {
      // (A file of ours guards cells that look like formulas: read back as they were.)
      row[c] = unescapeFormula((record[i] ?? '').trim());
    });
    if (Object.values(row).every((v) => !v)) continue;
    const lang = (row.Language || fallbackLang).toLowerCase();
    const name: LangMap = {};
    const statement: LangMap = {};
    const keywords: LangList = {};
    if (row['RSD Name']) name[lang] = row['RSD Name'];
    if (row['Skill Statement']) statement[lang] = row['Skill Statement'];
    const kw = splitList(row.Keywords).filter(Boolean);
    if (kw.length) keywords[lang] = kw;
    for (const column of columns.filter((c) => c.includes('@'))) {
      const [field, other] = column.split('@');
      const value = row[column];
      if (!value) continue;
      if (field === 'RSD Name') name[other] = value;
      else if (field === 'Skill Statement') statement[other] = value;
      else keywords[other] = splitList(value).filter(Boolean);
    }
    if (!Object.keys(name).length) throw new ImportFileError(fileName, line, E.csvNameEmpty, {}, 'RSD Name');
    const occupations: OccupationReference[] = [];
    const occNames = splitList(row.Occupations);
    const occIds = splitList(row['Occupation URIs']);
    const occCodes = splitList(row['Occupation Codes']);
    const occFrameworks = splitList(row['Occupation Frameworks']);
    for (let i = 0; i < Math.max(occNames.length, occIds.length, occCodes.length, occFrameworks.length); i++) {
      const o = compact({
        id: occIds[i] || undefined,
        name: occNames[i] || undefined,
        code: occCodes[i] || undefined,
        framework: occFrameworks[i] || undefined,
      });
      if (o.id || o.name || o.code) occupations.push(o);
    }
    for (const [column, framework] of [
      ['SOC:major', 'SOC'],
      ['SOC:minor', 'SOC'],
      ['SOC:broad', 'SOC'],
      ['SOC:detailed', 'SOC'],
      ['O*NET', 'O*NET'],
    ] as const) {
      for (const code of splitList(row[column]).filter(Boolean)) occupations.push({ code, framework });
    }
    const status = (row.Status || 'draft').toLowerCase();
    if (!['draft', 'published', 'archived'].includes(status)) {
      throw new ImportFileError(fileName, line, E.importStatus, { value: row.Status }, 'Status');
    }
    const uri = row['Canonical URL'] || undefined;
    batch.skills.push({
      line,
      skill: {
        id: uuidFromUri(uri),
        uri,
        name,
        statement,
        keywords,
        categories: splitList(row.Category).filter(Boolean),
        standards: parallelRefs(splitList(row.Standards), splitList(row['Standard URLs']), splitList(row['Standard Frameworks'])),
        certifications: parallelRefs(
          splitList(row.Certifications),
          splitList(row['Certification URLs']),
          splitList(row['Certification Frameworks']),
        ),
        employers: parallelRefs(splitList(row.Employers), splitList(row['Employer URLs']), splitList(row['Employer Frameworks'])),
        occupations,
        alignments: parallelRefs(splitList(row['Alignment Name']), splitList(row['Alignment URL']), splitList(row['Alignment Framework'])),
        author: row.Author || null,
        status: status as ExchangeSkill['status'],
      },
    });
  }
  return batch;
}
