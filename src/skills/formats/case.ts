import {
  compact,
  type ExchangeCollection,
  type ExchangeSkill,
  type ExportLanguage,
  iso,
  nameUuid,
  pick,
  pickList,
  primaryLanguage,
} from './common.ts';

/**
 * 1EdTech CASE 1.1 JSON: a CFPackage with one CFDocument (the collection, or a document made for
 * a selection), a CFItem per skill (fullStatement = statement, abbreviatedStatement = name,
 * conceptKeywords = keywords, CFItemType "Skill"), `isChildOf` associations from every item to the
 * document, and an `exactMatchOf` association per alignment that has a URI (ESCO concepts, other
 * frameworks). CASE carries one language per item: `lang=all` writes each item in its primary
 * language (English when it has it). Identifiers are the skills' uuids; associations get stable
 * name-based UUIDs, so a second export gives the same identifiers.
 */
export interface CaseOptions {
  lang: ExportLanguage;
  baseUrl: string;
}

type Link = { title: string; identifier: string; uri: string };

const ADOPTION: Record<string, string> = { draft: 'Draft', published: 'Adopted', archived: 'Deprecated' };

export function toCase(collection: ExchangeCollection | null, skills: ExchangeSkill[], options: CaseOptions): Record<string, unknown> {
  const docId =
    collection?.id ??
    nameUuid(
      `selection:${skills
        .map((s) => s.id)
        .sort()
        .join(',')}`,
    );
  const docLang = options.lang === 'all' ? primaryLanguage(collection?.name ?? { en: '' }) : options.lang;
  const docUri = collection?.uri ?? `urn:uuid:${docId}`;
  const title = collection ? (pick(collection.name, docLang) ?? '') : 'Skills';
  const lastChange = [collection?.updatedAt, ...skills.map((s) => s.updatedAt)]
    .filter((d): d is Date => !!d)
    .map((d) => new Date(d).getTime());
  const documentLink: Link = { title, identifier: docId, uri: docUri };
  const now = iso(lastChange.length ? new Date(Math.max(...lastChange)) : new Date());
  const items = skills.map((skill) => {
    const lang = options.lang === 'all' ? primaryLanguage(skill.name) : options.lang;
    const name = pick(skill.name, lang) ?? '';
    return compact({
      identifier: skill.id as string,
      uri: skill.uri as string,
      fullStatement: pick(skill.statement, lang) || name,
      abbreviatedStatement: name,
      conceptKeywords: pickList(skill.keywords, lang).length ? pickList(skill.keywords, lang) : undefined,
      CFItemType: 'Skill',
      language: lang,
      notes: skill.categories.length ? `Categories: ${skill.categories.join('; ')}` : undefined,
      lastChangeDateTime: iso(skill.updatedAt) ?? now,
      CFDocumentURI: documentLink,
    });
  });
  const associations: Record<string, unknown>[] = [];
  for (const skill of skills) {
    const lang = options.lang === 'all' ? primaryLanguage(skill.name) : options.lang;
    const origin: Link = { title: pick(skill.name, lang) ?? '', identifier: skill.id as string, uri: skill.uri as string };
    const child = nameUuid(`isChildOf:${skill.id}:${docId}`);
    associations.push({
      identifier: child,
      uri: `urn:uuid:${child}`,
      associationType: 'isChildOf',
      CFDocumentURI: documentLink,
      originNodeURI: origin,
      destinationNodeURI: documentLink,
      lastChangeDateTime: iso(skill.updatedAt) ?? now,
    });
    for (const alignment of skill.alignments) {
      if (!alignment.id) continue;
      const id = nameUuid(`exactMatchOf:${skill.id}:${alignment.id}`);
      associations.push({
        identifier: id,
        uri: `urn:uuid:${id}`,
        associationType: 'exactMatchOf',
        CFDocumentURI: documentLink,
        originNodeURI: origin,
        destinationNodeURI: { title: alignment.name ?? alignment.id, identifier: nameUuid(`node:${alignment.id}`), uri: alignment.id },
        lastChangeDateTime: iso(skill.updatedAt) ?? now,
      });
    }
  }
  return {
    CFDocument: compact({
      identifier: docId,
      uri: docUri,
      creator: collection?.author ?? skills.find((s) => s.author)?.author ?? 'Vaardig',
      title,
      description: collection ? pick(collection.description, docLang) : undefined,
      adoptionStatus: collection ? ADOPTION[collection.status] : undefined,
      language: docLang,
      lastChangeDateTime: now,
      CFPackageURI: { title, identifier: docId, uri: docUri },
    }),
    CFItems: items,
    CFAssociations: associations,
  };
}
