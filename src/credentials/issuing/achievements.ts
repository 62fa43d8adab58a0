import type { Selectable } from 'kysely';
import { findOrganisation, type OrganisationRow, requireOrgRole } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, invalidFields, PlatformErrors } from '../../platform/errors.ts';
import { E } from '../errors.ts';
import type { OrgRole } from '../../accounts/api.ts';
import { findSkillId, getSkill, skillUri } from '../../skills/api.ts';
import type { AchievementsTable, AlignmentRecord, ProofFormat, ResultDescriptionRecord } from '../schema.ts';
import { badgeSvg, sniffImage } from './images.ts';
import { issuerColours, issuerProfile } from './issuer.ts';
import { credentialUrlProblem, MAX_URL_LENGTH } from './urls.ts';

/** Who may define achievements and issue, revoke, suspend credentials of an organisation. */
export const ISSUER_ROLES: readonly OrgRole[] = ['owner', 'admin', 'issuer'];

/** The OB 3.0 achievementType vocabulary (extensions start with "ext:"). */
export const ACHIEVEMENT_TYPES = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'AssociateDegree',
  'Award',
  'Badge',
  'BachelorDegree',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Degree',
  'Diploma',
  'DoctoralDegree',
  'Fieldwork',
  'GeneralEducationDevelopment',
  'JourneymanCertificate',
  'LearningProgram',
  'License',
  'Membership',
  'ProfessionalDoctorate',
  'QualityAssuranceCredential',
  'MasterCertificate',
  'MasterDegree',
  'MicroCredential',
  'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const;
export const RESULT_TYPES = [
  'GradePointAverage',
  'LetterGrade',
  'Percent',
  'PerformanceLevel',
  'PredictedScore',
  'RawScore',
  'Result',
  'RubricCriterion',
  'RubricCriterionLevel',
  'RubricScore',
  'ScaledScore',
  'Status',
] as const;
export const PROOF_FORMATS: readonly ProofFormat[] = ['eddsa-rdfc-2022', 'vc-jwt'];
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
const ESCO_FRAMEWORK = 'ESCO';

export interface AchievementInput {
  name?: string;
  description?: string;
  criteriaNarrative?: string | null;
  criteriaUrl?: string | null;
  achievementType?: string;
  /** Library skill ids, skill URLs (`<BASE_URL>/skills/<id>`) or ESCO concept URIs. */
  skills?: string[];
  resultDescriptions?: { name: string; resultType?: string; allowedValue?: string[] }[];
  tags?: string[];
  language?: string;
  proofFormat?: string;
  suspendable?: boolean;
  validMonths?: number | null;
  /** An uploaded PNG or SVG; absent keeps the image; null makes a generated one. */
  image?: Buffer | null;
}

export interface Achievement {
  id: string;
  uri: string;
  organisationId: string;
  version: number;
  name: string;
  description: string;
  criteriaNarrative: string | null;
  criteriaUrl: string | null;
  achievementType: string;
  imageUrl: string | null;
  alignments: AlignmentRecord[];
  resultDescriptions: ResultDescriptionRecord[];
  tags: string[];
  language: string;
  proofFormat: ProofFormat;
  suspendable: boolean;
  validMonths: number | null;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
}

type Row = Selectable<AchievementsTable>;

export const achievementUri = (baseUrl: string, id: string) => `${baseUrl}/achievements/${id}`;
export const imageUrl = (baseUrl: string, imageId: string, mime: string) =>
  `${baseUrl}/achievement-images/${imageId}.${mime === 'image/png' ? 'png' : 'svg'}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
/** The nil UUID stands for the instance itself (the CLI): no person to record. */
export const NIL_USER = '00000000-0000-0000-0000-000000000000';
export const userRef = (user: CurrentUser | null | undefined): string | null => (user && user.id !== NIL_USER ? user.id : null);

function toAchievement(ctx: AppContext, row: Row, mime: string | null): Achievement {
  return {
    id: row.id,
    uri: achievementUri(ctx.config.baseUrl, row.id),
    organisationId: row.organisation_id,
    version: row.version,
    name: row.name,
    description: row.description,
    criteriaNarrative: row.criteria_narrative,
    criteriaUrl: row.criteria_url,
    achievementType: row.achievement_type,
    imageUrl: row.image_id && mime ? imageUrl(ctx.config.baseUrl, row.image_id, mime) : null,
    alignments: row.alignments,
    resultDescriptions: row.result_descriptions,
    tags: row.tags,
    language: row.language,
    proofFormat: row.proof_format,
    suspendable: row.suspendable,
    validMonths: row.valid_months,
    archived: row.archived_at !== null,
    createdAt: row.created_at as unknown as Date,
    updatedAt: row.updated_at as unknown as Date,
  };
}

function pickText(map: Record<string, string>, lang: string): string {
  return map[lang] ?? map.en ?? Object.values(map)[0] ?? '';
}

/** OB 3.0 Alignments for library skills: the skill's URL, names and the ESCO URI as targetCode. */
export async function alignmentsFor(ctx: AppContext, user: CurrentUser | null, refs: string[], lang: string): Promise<AlignmentRecord[]> {
  const out: AlignmentRecord[] = [];
  const bad: string[] = [];
  for (const ref of refs.filter((r) => r.trim())) {
    const id = await findSkillId(ctx, ref);
    if (!id) {
      bad.push(ref);
      continue;
    }
    try {
      const skill = await getSkill(ctx, id, user);
      if (out.some((a) => a.skillId === skill.id)) continue;
      const alignment: AlignmentRecord = {
        skillId: skill.id,
        targetUrl: skillUri(ctx.config.baseUrl, skill.id),
        targetName: pickText(skill.name, lang),
        targetType: 'ceasn:Competency',
      };
      const description = pickText(skill.statement, lang);
      if (description) alignment.targetDescription = description;
      if (skill.source === 'esco') alignment.targetFramework = ESCO_FRAMEWORK;
      if (skill.externalUri) alignment.targetCode = skill.externalUri;
      out.push(alignment);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) bad.push(ref);
      else throw error;
    }
  }
  if (bad.length) throw E.unknownSkill('skills', { skills: bad.join(', ') });
  return out;
}

function slugKey(name: string, taken: Set<string>): string {
  let key =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'result';
  const base = key;
  for (let i = 2; taken.has(key); i++) key = `${base}-${i}`;
  taken.add(key);
  return key;
}

interface Validated {
  name: string;
  description: string;
  criteriaNarrative: string | null;
  criteriaUrl: string | null;
  achievementType: string;
  resultDescriptions: ResultDescriptionRecord[];
  tags: string[];
  language: string;
  proofFormat: ProofFormat;
  suspendable: boolean;
  validMonths: number | null;
}

function validate(input: AchievementInput, current?: Row): Validated {
  const errors: AppError[] = [];
  const name = (input.name ?? current?.name ?? '').trim();
  const description = (input.description ?? current?.description ?? '').trim();
  const criteriaNarrative = (input.criteriaNarrative === undefined ? current?.criteria_narrative : input.criteriaNarrative)?.trim() || null;
  const criteriaUrl = (input.criteriaUrl === undefined ? current?.criteria_url : input.criteriaUrl)?.trim() || null;
  const achievementType = (input.achievementType ?? current?.achievement_type ?? 'Badge').trim();
  const language = (input.language ?? current?.language ?? 'en').trim();
  const proofFormat = (input.proofFormat ?? current?.proof_format ?? 'eddsa-rdfc-2022') as ProofFormat;
  const validMonths = input.validMonths === undefined ? (current?.valid_months ?? null) : input.validMonths;
  if (!name) errors.push(PlatformErrors.required('name'));
  else if (name.length > 200) errors.push(PlatformErrors.tooLong('name', { max: 200 }));
  if (!description) errors.push(PlatformErrors.required('description'));
  else if (description.length > 5000) errors.push(PlatformErrors.tooLong('description', { max: 5000 }));
  if (!criteriaNarrative && !criteriaUrl) errors.push(E.criteriaRequired('criteriaNarrative'));
  const criteriaProblem = criteriaUrl ? credentialUrlProblem(criteriaUrl) : null;
  if (criteriaProblem === 'notUrl') errors.push(PlatformErrors.notUrl('criteriaUrl'));
  else if (criteriaProblem === 'characters') errors.push(E.urlCharacters('criteriaUrl', { url: String(criteriaUrl) }));
  else if (criteriaProblem === 'tooLong') errors.push(PlatformErrors.tooLong('criteriaUrl', { max: MAX_URL_LENGTH }));
  if (!(ACHIEVEMENT_TYPES as readonly string[]).includes(achievementType) && !/^ext:[A-Za-z0-9]+$/.test(achievementType))
    errors.push(E.achievementType('achievementType'));
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) errors.push(E.languageCode('language'));
  if (!PROOF_FORMATS.includes(proofFormat)) errors.push(E.proofFormat('proofFormat'));
  if (validMonths !== null && (!Number.isInteger(validMonths) || validMonths < 1 || validMonths > 1200))
    errors.push(E.notWholeNumberBetween('validMonths', { min: 1, max: 1200 }));
  const taken = new Set<string>();
  let resultDescriptions = current?.result_descriptions ?? [];
  if (input.resultDescriptions) {
    resultDescriptions = [];
    for (const r of input.resultDescriptions) {
      const rname = r.name?.trim();
      if (!rname) continue;
      const resultType = r.resultType?.trim() || 'Result';
      if (!(RESULT_TYPES as readonly string[]).includes(resultType) && !/^ext:[A-Za-z0-9]+$/.test(resultType))
        errors.push(E.resultType('resultDescriptions', { type: resultType }));
      const existing = current?.result_descriptions.find((d) => d.name === rname);
      let key: string;
      if (existing && !taken.has(existing.key)) {
        key = existing.key;
        taken.add(key);
      } else key = slugKey(rname, taken);
      resultDescriptions.push({ key, name: rname, resultType, ...(r.allowedValue?.length ? { allowedValue: r.allowedValue } : {}) });
    }
  }
  const tags = (input.tags ?? current?.tags ?? [])
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, 30);
  if (errors.length) throw invalidFields(errors);
  return {
    name,
    description,
    criteriaNarrative,
    criteriaUrl,
    achievementType,
    resultDescriptions,
    tags: [...new Set(tags)],
    language,
    proofFormat,
    suspendable: input.suspendable ?? current?.suspendable ?? false,
    validMonths,
  };
}

async function storeImage(
  ctx: AppContext,
  organisation: OrganisationRow,
  name: string,
  upload: Buffer | null | undefined,
): Promise<string> {
  let mime: 'image/png' | 'image/svg+xml';
  let data: Buffer;
  if (upload) {
    const sniffed = sniffImage(upload);
    if (!sniffed) throw E.imageFormat('image');
    if (upload.length > 2 * 1024 * 1024) throw E.imageTooLarge('image', { max: '2 MB' });
    mime = sniffed;
    data = upload;
  } else {
    mime = 'image/svg+xml';
    data = Buffer.from(badgeSvg(name, await issuerColours(ctx, organisation.id), organisation.name));
  }
  const row = await ctx.db
    .insertInto('achievement_images')
    .values({ organisation_id: organisation.id, mime, data: data.toString('base64'), generated: !upload })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The OB 3.0 Achievement object of a row at its current version. */
async function achievementJson(ctx: AppContext, row: Row, organisation: OrganisationRow): Promise<Record<string, unknown>> {
  const uri = achievementUri(ctx.config.baseUrl, row.id);
  const criteria: Record<string, string> = {};
  if (row.criteria_url) criteria.id = row.criteria_url;
  if (row.criteria_narrative) criteria.narrative = row.criteria_narrative;
  const json: Record<string, unknown> = {
    id: uri,
    type: ['Achievement'],
    achievementType: row.achievement_type,
    name: row.name,
    description: row.description,
    criteria,
  };
  if (row.image_id) {
    const image = await ctx.db.selectFrom('achievement_images').select('mime').where('id', '=', row.image_id).executeTakeFirst();
    if (image) json.image = { id: imageUrl(ctx.config.baseUrl, row.image_id, image.mime), type: 'Image', caption: row.name };
  }
  if (row.alignments.length) {
    json.alignment = row.alignments.map(({ skillId: _skillId, ...a }) => ({ type: ['Alignment'], ...a }));
  }
  if (row.result_descriptions.length) {
    json.resultDescription = row.result_descriptions.map((r) => ({
      id: `${uri}#result-${r.key}`,
      type: ['ResultDescription'],
      name: r.name,
      resultType: r.resultType,
      ...(r.allowedValue ? { allowedValue: r.allowedValue } : {}),
    }));
  }
  if (row.tags.length) json.tag = row.tags;
  json.inLanguage = row.language;
  json.version = String(row.version);
  const { id, type, name, url } = await issuerProfile(ctx, organisation);
  json.creator = { id, type, name, url };
  return json;
}

async function snapshot(ctx: AppContext, row: Row, organisation: OrganisationRow): Promise<void> {
  await ctx.db
    .insertInto('achievement_versions')
    .values({
      achievement_id: row.id,
      version: row.version,
      snapshot: JSON.stringify(await achievementJson(ctx, row, organisation)) as never,
    })
    .onConflict((oc) => oc.columns(['achievement_id', 'version']).doNothing())
    .execute();
}

/** The columns an achievement's form sets, the same on creation and on every new version. */
function achievementColumns(values: ReturnType<typeof validate>, alignments: AlignmentRecord[], imageId: string | null) {
  return {
    name: values.name,
    description: values.description,
    criteria_narrative: values.criteriaNarrative,
    criteria_url: values.criteriaUrl,
    achievement_type: values.achievementType,
    image_id: imageId,
    alignments: JSON.stringify(alignments) as never,
    result_descriptions: JSON.stringify(values.resultDescriptions) as never,
    tags: JSON.stringify(values.tags) as never,
    language: values.language,
    proof_format: values.proofFormat,
    suspendable: values.suspendable,
    valid_months: values.validMonths,
  };
}

export async function createAchievement(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  input: AchievementInput,
): Promise<Achievement> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  const values = validate(input);
  const alignments = await alignmentsFor(ctx, user, input.skills ?? [], values.language);
  const imageId = await storeImage(ctx, organisation, values.name, input.image);
  const row = await ctx.db
    .insertInto('achievements')
    .values({
      organisation_id: organisation.id,
      version: 1,
      ...achievementColumns(values, alignments, imageId),
      created_by: userRef(user),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await snapshot(ctx, row, organisation);
  return getAchievementById(ctx, row.id);
}

/** Changes an achievement; every change is a new version, and credentials keep the version they were issued under. */
export async function updateAchievement(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  id: string,
  input: AchievementInput,
): Promise<Achievement> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  const current = await achievementRow(ctx, organisation.id, id);
  const values = validate(input, current);
  const alignments = input.skills ? await alignmentsFor(ctx, user, input.skills, values.language) : current.alignments;
  let imageId = current.image_id;
  if (input.image !== undefined) imageId = await storeImage(ctx, organisation, values.name, input.image);
  else if (values.name !== current.name && imageId) {
    const image = await ctx.db.selectFrom('achievement_images').select('generated').where('id', '=', imageId).executeTakeFirst();
    if (image?.generated) imageId = await storeImage(ctx, organisation, values.name, null);
  }
  const row = await ctx.db
    .updateTable('achievements')
    .set({
      version: current.version + 1,
      ...achievementColumns(values, alignments, imageId),
      updated_at: new Date() as never,
    })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw E.achievementChanged('version');
  await snapshot(ctx, row, organisation);
  return getAchievementById(ctx, row.id);
}

export async function setAchievementArchived(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  id: string,
  archived: boolean,
): Promise<void> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  const row = await achievementRow(ctx, organisation.id, id);
  await ctx.db
    .updateTable('achievements')
    .set({ archived_at: archived ? new Date() : null })
    .where('id', '=', row.id)
    .execute();
}

export async function achievementRow(ctx: AppContext, organisationId: string, id: string): Promise<Row> {
  if (!isUuid(id)) throw E.achievementNotFound();
  const row = await ctx.db
    .selectFrom('achievements')
    .selectAll()
    .where('id', '=', id)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!row) throw E.achievementNotFound();
  return row;
}

async function getAchievementById(ctx: AppContext, id: string): Promise<Achievement> {
  const row = await ctx.db
    .selectFrom('achievements')
    .leftJoin('achievement_images', 'achievement_images.id', 'achievements.image_id')
    .selectAll('achievements')
    .select('achievement_images.mime')
    .where('achievements.id', '=', id)
    .executeTakeFirst();
  if (!row) throw E.achievementNotFound();
  return toAchievement(ctx, row, row.mime);
}

/** An achievement of the organisation, for its members with an issuing role. */
export async function getAchievement(ctx: AppContext, user: CurrentUser | null, orgSlug: string, id: string): Promise<Achievement> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  await achievementRow(ctx, organisation.id, id);
  return getAchievementById(ctx, id);
}

export async function listAchievements(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  options: { archived?: boolean } = {},
): Promise<(Achievement & { issued: number })[]> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  let query = ctx.db
    .selectFrom('achievements')
    .leftJoin('achievement_images', 'achievement_images.id', 'achievements.image_id')
    .selectAll('achievements')
    .select('achievement_images.mime')
    .select((eb) =>
      eb
        .selectFrom('issued_credentials')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('issued_credentials.achievement_id', '=', 'achievements.id')
        .as('issued'),
    )
    .where('achievements.organisation_id', '=', organisation.id);
  if (!options.archived) query = query.where('achievements.archived_at', 'is', null);
  const rows = await query.orderBy('achievements.name').execute();
  return rows.map((r) => ({ ...toAchievement(ctx, r, r.mime), issued: Number(r.issued ?? 0) }));
}

/** The Achievement object of a version, as credentials issued under it carry it. */
export async function achievementVersion(ctx: AppContext, id: string, version: number): Promise<Record<string, unknown>> {
  const row = await ctx.db
    .selectFrom('achievement_versions')
    .select('snapshot')
    .where('achievement_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw E.achievementVersionNotFound();
  return row.snapshot;
}

/** Public: the current Achievement object of a (not archived) achievement, for its URL. */
export async function publicAchievement(
  ctx: AppContext,
  id: string,
): Promise<{ json: Record<string, unknown>; organisationId: string; archived: boolean } | null> {
  if (!isUuid(id)) return null;
  const row = await ctx.db
    .selectFrom('achievements')
    .select(['version', 'organisation_id', 'archived_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return { json: await achievementVersion(ctx, id, row.version), organisationId: row.organisation_id, archived: row.archived_at !== null };
}

/** Public: an organisation's badges that are still awarded, for its public issuer page. */
export async function publicAchievementsOf(
  ctx: AppContext,
  organisationId: string,
): Promise<{ id: string; name: string; description: string; imageUrl: string | null }[]> {
  const rows = await ctx.db
    .selectFrom('achievements')
    .leftJoin('achievement_images', 'achievement_images.id', 'achievements.image_id')
    .select(['achievements.id', 'achievements.name', 'achievements.description', 'achievements.image_id', 'achievement_images.mime'])
    .where('achievements.organisation_id', '=', organisationId)
    .where('achievements.archived_at', 'is', null)
    .orderBy('achievements.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    imageUrl: r.image_id && r.mime ? imageUrl(ctx.config.baseUrl, r.image_id, r.mime) : null,
  }));
}

export async function achievementImage(ctx: AppContext, imageId: string): Promise<{ mime: string; data: Buffer } | null> {
  if (!isUuid(imageId)) return null;
  const row = await ctx.db.selectFrom('achievement_images').select(['mime', 'data']).where('id', '=', imageId).executeTakeFirst();
  return row ? { mime: row.mime, data: Buffer.from(row.data, 'base64') } : null;
}

/** Achievements (not archived) aligned to a library skill, for the skill's page. */
export async function achievementsForSkill(
  ctx: AppContext,
  skillId: string,
): Promise<{ id: string; name: string; description: string; organisation: string; organisationSlug: string; imageUrl: string | null }[]> {
  if (!isUuid(skillId)) return [];
  const rows = await ctx.db
    .selectFrom('achievements')
    .leftJoin('achievement_images', 'achievement_images.id', 'achievements.image_id')
    .select([
      'achievements.id',
      'achievements.name',
      'achievements.description',
      'achievements.image_id',
      'achievements.organisation_id',
      'achievement_images.mime',
    ])
    .where('achievements.archived_at', 'is', null)
    .where((eb) => eb(eb.ref('achievements.alignments'), '@>', JSON.stringify([{ skillId }]) as never))
    .orderBy('achievements.name')
    .limit(50)
    .execute();
  // Organisations through the platform's service, not its table.
  const organisations = new Map<string, OrganisationRow | null>();
  for (const r of rows)
    if (!organisations.has(r.organisation_id)) organisations.set(r.organisation_id, await findOrganisation(ctx.db, r.organisation_id));
  return rows.flatMap((r) => {
    const organisation = organisations.get(r.organisation_id);
    if (!organisation) return [];
    return [
      {
        id: r.id,
        name: r.name,
        description: r.description,
        organisation: organisation.name,
        organisationSlug: organisation.slug,
        imageUrl: r.image_id && r.mime ? imageUrl(ctx.config.baseUrl, r.image_id, r.mime) : null,
      },
    ];
  });
}
