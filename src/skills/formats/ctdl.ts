import type { LangList, LangMap } from '../schema.ts';
import {
  compact,
  type ExchangeCollection,
  type ExchangeSkill,
  type ExportLanguage,
  iso,
  languagesOf,
  nameUuid,
  pick,
  pickList,
  primaryLanguage,
} from './common.ts';

/**
 * CTDL-ASN JSON-LD: an `@graph` with one ceasn:CompetencyFramework (the collection, or one made for
 * a selection) and a ceasn:Competency per skill. Texts are language maps (`{"en": ..., "nl": ...}`;
 * with `lang=<code>` a map holding that one language). Each competency is ceasn:isPartOf and
 * ceasn:isTopChildOf the framework; alignments with a URI (ESCO concepts and others) become
 * ceasn:exactAlignment. CTIDs are `ce-` + the uuid. The context is named by its URL only; Vaardig
 * does no JSON-LD processing of it.
 */
export const CTDL_ASN_CONTEXT = 'https://credreg.net/ctdlasn/schema/context/json';

export interface CtdlOptions {
  lang: ExportLanguage;
  baseUrl: string;
}

const STATUS: Record<string, string> = {
  draft: 'https://credreg.net/ctdlasn/vocabs/publicationStatus/Draft',
  published: 'https://credreg.net/ctdlasn/vocabs/publicationStatus/Published',
  archived: 'https://credreg.net/ctdlasn/vocabs/publicationStatus/Deprecated',
};

function map(value: LangMap, lang: ExportLanguage): LangMap | undefined {
  if (lang === 'all') return Object.keys(value).length ? value : undefined;
  const text = pick(value, lang);
  return text ? { [lang]: text } : undefined;
}

function listMap(value: LangList, lang: ExportLanguage): LangList | undefined {
  if (lang === 'all') return Object.keys(value).length ? value : undefined;
  const list = pickList(value, lang);
  return list.length ? { [lang]: list } : undefined;
}

export function toCtdl(collection: ExchangeCollection | null, skills: ExchangeSkill[], options: CtdlOptions): Record<string, unknown> {
  const frameworkId =
    collection?.id ??
    nameUuid(
      `selection:${skills
        .map((s) => s.id)
        .sort()
        .join(',')}`,
    );
  const frameworkUri = collection?.uri ?? `urn:uuid:${frameworkId}`;
  const languages =
    options.lang === 'all' ? [...new Set(skills.flatMap(languagesOf).concat(Object.keys(collection?.name ?? {})))].sort() : [options.lang];
  const framework = compact({
    '@id': frameworkUri,
    '@type': 'ceasn:CompetencyFramework',
    'ceterms:ctid': `ce-${frameworkId}`,
    'ceasn:name': collection ? map(collection.name, options.lang) : map({ en: 'Skills' }, options.lang === 'all' ? 'all' : 'en'),
    'ceasn:description': collection ? map(collection.description, options.lang) : undefined,
    'ceasn:author': collection?.author ? [collection.author] : undefined,
    'ceasn:inLanguage': languages,
    'ceasn:publicationStatusType': collection ? STATUS[collection.status] : undefined,
    'ceasn:dateCreated': collection?.createdAt ? iso(collection.createdAt)?.slice(0, 10) : undefined,
    'ceasn:dateModified': iso(collection?.updatedAt),
    'ceasn:hasTopChild': skills.map((s) => s.uri),
  });
  const competencies = skills.map((skill) => {
    const lang = options.lang === 'all' ? primaryLanguage(skill.name) : options.lang;
    const text = Object.keys(skill.statement).length ? skill.statement : skill.name;
    return compact({
      '@id': skill.uri,
      '@type': 'ceasn:Competency',
      'ceterms:ctid': `ce-${skill.id}`,
      'ceasn:competencyLabel': map(skill.name, options.lang),
      'ceasn:competencyText': map(text, options.lang),
      'ceasn:conceptKeyword': listMap(skill.keywords, options.lang),
      'ceasn:competencyCategory': skill.categories.length ? { [lang]: skill.categories } : undefined,
      'ceasn:author': skill.author ? [skill.author] : undefined,
      'ceasn:inLanguage': options.lang === 'all' ? languagesOf(skill) : [options.lang],
      'ceasn:isPartOf': frameworkUri,
      'ceasn:isTopChildOf': frameworkUri,
      'ceasn:exactAlignment': skill.alignments.some((a) => a.id) ? skill.alignments.filter((a) => a.id).map((a) => a.id) : undefined,
      'ceasn:dateCreated': skill.createdAt ? iso(skill.createdAt)?.slice(0, 10) : undefined,
      'ceasn:dateModified': iso(skill.updatedAt),
    });
  });
  return { '@context': CTDL_ASN_CONTEXT, '@graph': [framework, ...competencies] };
}
