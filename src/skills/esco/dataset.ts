import type { LangList, LangMap } from '../schema.ts';
import { SkillsErrors as E } from '../errors.ts';
import { COLLECTION_FILES, type CsvSource, EscoFileError, type EscoFileKind, readCsv } from './reader.ts';

/** A skill or skill group, all languages joined on its conceptUri. */
export interface EscoConcept {
  uri: string;
  kind: 'skill' | 'group';
  code: string | null;
  skillType: string | null;
  reuseLevel: string | null;
  name: LangMap;
  statement: LangMap;
  scopeNote: LangMap;
  altLabels: LangList;
  hiddenLabels: LangList;
  modified: string | null;
  /** Languages given by a main file (skills_xx / skillGroups_xx): collection files do not override those. */
  mainLangs: Set<string>;
}

export interface EscoOccupation {
  uri: string;
  code: string | null;
  iscoGroup: string | null;
  name: LangMap;
  description: LangMap;
  altLabels: LangList;
}

export interface EscoIscoGroup {
  code: string;
  uri: string;
  name: LangMap;
  description: LangMap;
}

/** Everything read from the files, validated, before anything is written. */
export interface EscoDataset {
  concepts: Map<string, EscoConcept>;
  occupations: Map<string, EscoOccupation>;
  iscoGroups: Map<string, EscoIscoGroup>;
  /** "narrower\tbroader" */
  broader: Set<string>;
  /** "occupation\tskill" → essential | optional */
  occupationSkills: Map<string, string>;
  /** "skill\trelated" → relation type */
  skillRelations: Map<string, string>;
  /** collection key → skill URIs; names of the collection per language come from COLLECTION_NAMES. */
  collections: Map<string, Set<string>>;
  /** Which kinds of files were read (relations are only pruned when their file was part of the import). */
  kinds: Set<EscoFileKind>;
  files: number;
  rows: number;
}

// Main files first, so that a collection file only fills languages the main files did not give.
const ORDER: EscoFileKind[] = [
  'skills',
  'skillGroups',
  'skillsHierarchy',
  'iscoGroups',
  'occupations',
  'collection',
  'broaderRelationsSkillPillar',
  'occupationSkillRelations',
  'skillSkillRelations',
];

const text = (v: string | undefined) => (v ?? '').trim();

/** ESCO separates alternative labels by newlines in the main files and by " | " in collection files. */
function splitLabels(value: string | undefined, pipes: boolean): string[] {
  const parts = text(value).split(pipes ? /\r?\n|\s\|\s/ : /\r?\n/);
  return [...new Set(parts.map((p) => p.trim()).filter(Boolean))];
}

function concept(uri: string, kind: 'skill' | 'group'): EscoConcept {
  return {
    uri,
    kind,
    code: null,
    skillType: kind === 'group' ? 'group' : null,
    reuseLevel: null,
    name: {},
    statement: {},
    scopeNote: {},
    altLabels: {},
    hiddenLabels: {},
    modified: null,
    mainLangs: new Set(),
  };
}

function requireLang(source: CsvSource): string {
  if (!source.lang) throw new EscoFileError(source.label, null, E.escoNoLanguage);
  return source.lang;
}

function requireUri(source: CsvSource, line: number, value: string | undefined, column: string): string {
  const uri = text(value);
  if (!/^https?:\/\/\S+$/.test(uri)) throw new EscoFileError(source.label, line, E.escoNoConceptUri, { column, value: uri.slice(0, 60) });
  return uri;
}

function setText(map: LangMap, lang: string, value: string | undefined) {
  const v = text(value);
  if (v) map[lang] = v;
}

/** Reads every source into one dataset, joining languages on conceptUri. Throws EscoFileError on bad input. */
export async function readDataset(
  sources: CsvSource[],
  onFile?: (index: number, total: number, source: CsvSource) => void,
): Promise<EscoDataset> {
  const data: EscoDataset = {
    concepts: new Map(),
    occupations: new Map(),
    iscoGroups: new Map(),
    broader: new Set(),
    occupationSkills: new Map(),
    skillRelations: new Map(),
    collections: new Map(),
    kinds: new Set(),
    files: 0,
    rows: 0,
  };
  const ordered = [...sources].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  for (const [index, source] of ordered.entries()) {
    onFile?.(index, ordered.length, source);
    data.rows += await readCsv(source, (row, line) => readRow(data, source, row, line));
    data.kinds.add(source.kind);
    data.files++;
  }
  return data;
}

function readRow(data: EscoDataset, source: CsvSource, row: Record<string, string>, line: number) {
  switch (source.kind) {
    case 'skills':
    case 'skillGroups': {
      const lang = requireLang(source);
      const uri = requireUri(source, line, row.conceptUri, 'conceptUri');
      const kind = source.kind === 'skills' ? 'skill' : 'group';
      let c = data.concepts.get(uri);
      if (!c) data.concepts.set(uri, (c = concept(uri, kind)));
      c.kind = kind;
      if (kind === 'skill') {
        c.skillType = text(row.skillType) || c.skillType;
        c.reuseLevel = text(row.reuseLevel) || c.reuseLevel;
      } else {
        c.skillType = 'group';
        c.code = text(row.code) || c.code;
      }
      setText(c.name, lang, row.preferredLabel);
      setText(c.statement, lang, text(row.description) || row.definition);
      setText(c.scopeNote, lang, row.scopeNote);
      const alt = splitLabels(row.altLabels, false);
      if (alt.length) c.altLabels[lang] = alt;
      const hidden = splitLabels(row.hiddenLabels, false);
      if (hidden.length) c.hiddenLabels[lang] = hidden;
      const modified = text(row.modifiedDate);
      if (modified && !Number.isNaN(Date.parse(modified))) c.modified = modified;
      c.mainLangs.add(lang);
      return;
    }
    case 'skillsHierarchy': {
      const lang = requireLang(source);
      let narrower: string | null = null;
      for (let level = 3; level >= 0; level--) {
        const uri = text(row[`Level ${level} URI`]);
        if (!uri) continue;
        let c = data.concepts.get(uri);
        if (!c) data.concepts.set(uri, (c = concept(uri, 'group')));
        // Groups missing from skillGroups_xx (ESCO has a few) get their name and code from here.
        if (!c.mainLangs.has(lang)) setText(c.name, lang, row[`Level ${level} preferred term`]);
        c.code ??= text(row[`Level ${level} code`]) || null;
        if (narrower) data.broader.add(`${narrower}\t${uri}`);
        narrower = uri;
      }
      return;
    }
    case 'iscoGroups': {
      const lang = requireLang(source);
      const uri = requireUri(source, line, row.conceptUri, 'conceptUri');
      const code = text(row.code);
      if (!code) throw new EscoFileError(source.label, line, E.escoColumnEmpty, { column: 'code' });
      let g = data.iscoGroups.get(code);
      if (!g) data.iscoGroups.set(code, (g = { code, uri, name: {}, description: {} }));
      setText(g.name, lang, row.preferredLabel);
      setText(g.description, lang, row.description);
      return;
    }
    case 'occupations': {
      const lang = requireLang(source);
      const uri = requireUri(source, line, row.conceptUri, 'conceptUri');
      let o = data.occupations.get(uri);
      if (!o) data.occupations.set(uri, (o = { uri, code: null, iscoGroup: null, name: {}, description: {}, altLabels: {} }));
      o.code = text(row.code) || o.code;
      o.iscoGroup = text(row.iscoGroup) || o.iscoGroup;
      setText(o.name, lang, row.preferredLabel);
      setText(o.description, lang, text(row.description) || row.definition);
      const alt = splitLabels(row.altLabels, false);
      if (alt.length) o.altLabels[lang] = alt;
      return;
    }
    case 'collection': {
      const lang = requireLang(source);
      const uri = requireUri(source, line, row.conceptUri, 'conceptUri');
      const key = COLLECTION_FILES[source.stem]!;
      let members = data.collections.get(key);
      if (!members) data.collections.set(key, (members = new Set()));
      members.add(uri);
      let c = data.concepts.get(uri);
      if (!c) data.concepts.set(uri, (c = concept(uri, 'skill')));
      c.skillType ??= text(row.skillType) || null;
      c.reuseLevel ??= text(row.reuseLevel) || null;
      // A collection file adds a language the main files lacked (the Dutch partial download).
      if (!c.mainLangs.has(lang)) {
        setText(c.name, lang, row.preferredLabel);
        setText(c.statement, lang, row.description);
        const alt = splitLabels(row.altLabels, true);
        if (alt.length) c.altLabels[lang] = alt;
      }
      return;
    }
    case 'broaderRelationsSkillPillar': {
      const narrower = requireUri(source, line, row.conceptUri, 'conceptUri');
      const broader = requireUri(source, line, row.broaderUri, 'broaderUri');
      data.broader.add(`${narrower}\t${broader}`);
      return;
    }
    case 'occupationSkillRelations': {
      const occupation = requireUri(source, line, row.occupationUri, 'occupationUri');
      const skill = requireUri(source, line, row.skillUri, 'skillUri');
      const type = text(row.relationType);
      if (type !== 'essential' && type !== 'optional') {
        throw new EscoFileError(source.label, line, E.escoRelationType, { value: type });
      }
      data.occupationSkills.set(`${occupation}\t${skill}`, type);
      return;
    }
    case 'skillSkillRelations': {
      const skill = requireUri(source, line, row.originalSkillUri, 'originalSkillUri');
      const related = requireUri(source, line, row.relatedSkillUri, 'relatedSkillUri');
      data.skillRelations.set(`${skill}\t${related}`, text(row.relationType) || 'related');
      return;
    }
  }
}

/** Names of ESCO's skill collections in the languages Vaardig speaks. */
export const COLLECTION_NAMES: Record<string, { en: string; nl: string }> = {
  digital: { en: 'Digital skills (ESCO)', nl: 'Digitale vaardigheden (ESCO)' },
  green: { en: 'Green skills (ESCO)', nl: 'Groene vaardigheden (ESCO)' },
  language: { en: 'Language skills (ESCO)', nl: 'Taalvaardigheden (ESCO)' },
  transversal: { en: 'Transversal skills (ESCO)', nl: 'Transversale vaardigheden (ESCO)' },
  research: { en: 'Research skills (ESCO)', nl: 'Onderzoeksvaardigheden (ESCO)' },
  digcomp: { en: 'DigComp skills (ESCO)', nl: 'DigComp-vaardigheden (ESCO)' },
};
