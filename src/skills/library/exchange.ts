import type { AppContext } from '../../platform/context.ts';
import { AppError, HttpProblem, PlatformErrors } from '../../platform/errors.ts';
import { SkillsErrors as E } from '../errors.ts';
import {
  decodeUtf8,
  type ExchangeSkill,
  type ExportFormat,
  EXPORT_FORMATS,
  type ImportBatch,
  ImportFileError,
  type ImportFormat,
  IMPORT_FORMATS,
  parseCsv,
  parseRsd,
  pick,
  toCase,
  toCsv,
  toCtdl,
  toRsd,
  toRsdCollection,
} from '../formats/index.ts';
import { requireCurator, type Viewer } from './access.ts';
import {
  addSkillsIn,
  applySkillChanges,
  changeStatus,
  getCollection,
  insertCollection,
  insertSkill,
  listCollectionSkills,
  listSkills,
} from './service.ts';
import type { Collection, Skill } from './types.ts';

export interface ExportFile {
  contentType: string;
  fileName: string;
  body: string;
}

const LANG = /^([a-z]{2,3}(-[A-Za-z0-9]{2,8})*|all)$/;

function checkOptions(format: string, lang: string): { format: ExportFormat; lang: string } {
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) throw PlatformErrors.oneOf('format', { options: EXPORT_FORMATS.join(', ') });
  if (!LANG.test(lang)) throw E.notLanguageOrAll('lang');
  return { format: format as ExportFormat, lang };
}

function render(
  format: ExportFormat,
  lang: string,
  baseUrl: string,
  collection: Collection | null,
  skills: ExchangeSkill[],
  stem: string,
): ExportFile {
  const json = (body: unknown, type: string, ext: string) => ({
    contentType: type,
    fileName: `${stem}.${ext}`,
    body: JSON.stringify(body, null, 2),
  });
  switch (format) {
    case 'rsd':
      return json(
        collection
          ? toRsdCollection(collection, skills, { lang, baseUrl })
          : skills.length === 1
            ? toRsd(skills[0], { lang, baseUrl })
            : skills.map((s) => toRsd(s, { lang, baseUrl })),
        'application/ld+json; charset=utf-8',
        'rsd.json',
      );
    case 'csv':
      return { contentType: 'text/csv; charset=utf-8', fileName: `${stem}.csv`, body: toCsv(skills, lang) };
    case 'case':
      return json(toCase(collection, skills, { lang, baseUrl }), 'application/json; charset=utf-8', 'case.json');
    case 'ctdl':
      return json(toCtdl(collection, skills, { lang, baseUrl }), 'application/ld+json; charset=utf-8', 'ctdl-asn.json');
  }
}

/**
 * The skills as the formats write them. A skill imported from ESCO carries its ESCO concept URI as
 * an alignment (RSD `alignments`, CASE `exactMatchOf`, CTDL `ceasn:exactAlignment`, CSV `Alignment
 * URL`), first, so that another system (or an import elsewhere) knows which concept it is.
 */
export function exchangeSkills(skills: Skill[], lang: string): ExchangeSkill[] {
  return skills.map((skill) => {
    if (skill.source !== 'esco' || !skill.externalUri || skill.alignments.some((a) => a.id === skill.externalUri)) return skill;
    const name = pick(skill.name, lang === 'all' ? 'en' : lang);
    const esco = { id: skill.externalUri, ...(name ? { name } : {}), framework: 'ESCO' };
    return { ...skill, alignments: [esco, ...skill.alignments] };
  });
}

/**
 * A collection with its skills (those the viewer may see) in one of the formats. `lang` is a
 * language code or 'all' (default: every language, in the way each format allows).
 */
export async function exportCollection(
  ctx: AppContext,
  viewer: Viewer,
  collectionId: string,
  format: string,
  lang = 'all',
): Promise<ExportFile> {
  const options = checkOptions(format, lang);
  const collection = await getCollection(ctx, collectionId, viewer);
  const { items } = await listCollectionSkills(ctx, collectionId, viewer, { limit: 100_000 });
  return render(
    options.format,
    options.lang,
    ctx.config.baseUrl,
    collection,
    exchangeSkills(items, options.lang),
    `collection-${collection.id}`,
  );
}

/** One skill or a selection (in the order given); skills the viewer may not see are refused. */
export async function exportSkills(ctx: AppContext, viewer: Viewer, skillIds: string[], format: string, lang = 'all'): Promise<ExportFile> {
  const options = checkOptions(format, lang);
  const ids = [...new Set(skillIds)];
  if (!ids.length) throw PlatformErrors.required('ids');
  if (ids.length > 5000) throw E.tooManyEntries('ids', { max: 5000 });
  const { items } = await listSkills(ctx, viewer, { ids, limit: 5000 });
  const byId = new Map(items.map((s) => [s.id, s]));
  ids.forEach((id, i) => {
    if (!byId.has(id)) throw E.unknownSkill(`ids.${i}`);
  });
  const skills = exchangeSkills(
    ids.map((id) => byId.get(id) as Skill),
    options.lang,
  );
  return render(options.format, options.lang, ctx.config.baseUrl, null, skills, ids.length === 1 ? `skill-${ids[0]}` : 'skills');
}

export interface ImportRequest {
  /** The organisation the skills are created for; the importer must curate it. */
  organisationId: string;
  format: ImportFormat;
  fileName: string;
  content: Buffer | string;
  /** Also add every imported skill to this (existing, writable) collection. */
  collectionId?: string;
  /** Language of plain texts that do not say theirs; default 'en'. */
  lang?: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  skillIds: string[];
  /** The collection an RSD collection export became (or the one given). */
  collectionId: string | null;
}

/** Reads a file without writing anything: the skills it holds, or an ImportFileError naming the line. */
export function readImportFile(format: string, fileName: string, content: Buffer | string, lang = 'en'): ImportBatch {
  if (!IMPORT_FORMATS.includes(format as ImportFormat)) throw PlatformErrors.oneOf('format', { options: IMPORT_FORMATS.join(', ') });
  const text = decodeUtf8(content, fileName);
  return format === 'csv' ? parseCsv(text, fileName, lang) : parseRsd(text, fileName, lang);
}

/**
 * Batch import of own skills from OSMT CSV or RSD JSON, all or nothing (one transaction). A skill
 * whose uuid is already an own skill of the same organisation is updated in place (re-importing a
 * file does not duplicate); a uuid that is free is kept, so an export imported into another
 * instance keeps its identity; a uuid taken by another organisation gets a new one.
 */
export async function importSkills(ctx: AppContext, user: Viewer, request: ImportRequest): Promise<ImportResult> {
  const writer = await requireCurator(ctx.db, user, request.organisationId);
  const fileName = request.fileName || 'upload';
  const batch = readImportFile(request.format, fileName, request.content, request.lang ?? 'en');
  if (!batch.skills.length) throw new ImportFileError(fileName, null, E.fileNoSkills);
  if (request.collectionId) {
    const target = await getCollection(ctx, request.collectionId, writer);
    await requireCurator(ctx.db, writer, target.organisationId);
  }
  return ctx.db.transaction().execute(async (trx) => {
    let created = 0;
    let updated = 0;
    const skillIds: string[] = [];
    let line = 0;
    try {
      for (const { line: at, skill } of batch.skills) {
        line = at;
        const existing = skill.id ? await trx.selectFrom('skills').selectAll().where('id', '=', skill.id).executeTakeFirst() : undefined;
        const fields = {
          name: skill.name,
          statement: skill.statement,
          keywords: skill.keywords,
          categories: skill.categories,
          standards: skill.standards,
          certifications: skill.certifications,
          occupations: skill.occupations,
          employers: skill.employers,
          alignments: skill.alignments,
          author: skill.author,
        };
        if (existing && existing.source === 'local' && existing.organisation_id === request.organisationId) {
          let row = await applySkillChanges(trx, writer, existing, fields, 'import-update');
          row = await changeStatus(trx, writer, row, skill.status);
          skillIds.push(row.id);
          updated++;
        } else {
          const row = await insertSkill(
            trx,
            writer,
            { ...fields, organisationId: request.organisationId, status: skill.status, id: existing ? undefined : skill.id },
            'import',
          );
          skillIds.push(row.id);
          created++;
        }
      }
      line = batch.collection?.line ?? 0;
      let collectionId = request.collectionId ?? null;
      if (batch.collection) {
        const c = batch.collection;
        const existing = c.id ? await trx.selectFrom('collections').selectAll().where('id', '=', c.id).executeTakeFirst() : undefined;
        if (existing && existing.organisation_id === request.organisationId) {
          await trx
            .updateTable('collections')
            .set({ name: JSON.stringify(c.name), description: JSON.stringify(c.description), author: c.author, status: c.status })
            .where('id', '=', existing.id)
            .execute();
          collectionId = existing.id;
        } else {
          const row = await insertCollection(trx, writer, {
            organisationId: request.organisationId,
            id: existing ? undefined : c.id,
            name: c.name,
            description: c.description,
            author: c.author,
            status: c.status,
          });
          collectionId = row.id;
        }
        await addSkillsIn(trx, writer, collectionId, skillIds);
      }
      if (request.collectionId) await addSkillsIn(trx, writer, request.collectionId, skillIds);
      return { created, updated, skillIds, collectionId };
    } catch (error) {
      // A record the service refuses: its coded error, with the file and the line it starts on.
      if (error instanceof AppError && !(error instanceof HttpProblem) && !(error instanceof ImportFileError) && error.status < 500) {
        throw new ImportFileError(fileName, line || null, error);
      }
      throw error;
    }
  });
}
