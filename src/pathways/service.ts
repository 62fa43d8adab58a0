import type { Selectable } from 'kysely';
import {
  type CurrentUser,
  confirmedAddresses,
  findOrganisation,
  getCurrentUser,
  hasOrgRole,
  type OrganisationRow,
  type OrgRole,
  requireOrgRole,
} from '../accounts/api.ts';
import { allItems } from '../backpack/api.ts';

type HeldItem = Awaited<ReturnType<typeof allItems>>[number];
import { achievementIdOf, type NetworkAchievement, networkAchievements } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { findSkillId, getSkill, skillUri } from '../skills/api.ts';
import { E } from './errors.ts';
import { evaluate, type Holding, type PathwayProgress, type StepOption, type StepRecord, type StepRule } from './rules.ts';
import type { PathwayStatus, PathwaysTable } from './schema.ts';

/** Who may define an organisation's pathways (the network operator may for every organisation). */
export const EDITOR_ROLES: readonly OrgRole[] = ['owner', 'admin', 'issuer'];
export const STATUSES: readonly PathwayStatus[] = ['draft', 'published', 'archived'];
export const MAX_STEPS = 20;
export const MAX_OPTIONS = 30;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);
/** An achievement id of any issuer: a URL, a URN or a DID (as `credentialSubject.achievement.id` carries it). */
const ACHIEVEMENT_REF = /^(?:https?:\/\/[^\s<>"]+|urn:[a-z0-9][a-z0-9-]{0,31}:[^\s<>"]+|did:[a-z0-9]+:[^\s<>"]+)$/i;

type Row = Selectable<PathwaysTable>;

export interface Pathway {
  id: string;
  organisationId: string;
  organisationSlug: string;
  organisationName: string;
  name: string;
  description: string;
  achievementId: string;
  status: PathwayStatus;
  steps: StepRecord[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A pathway with what its pages show: the pathway badge and the network achievements its steps name. */
export interface PathwayDetail extends Pathway {
  badge: NetworkAchievement | null;
  /** The network's achievements named in steps, by OB 3.0 id. */
  achievements: Map<string, NetworkAchievement>;
  /** The skills of the pathway: those of its steps (aligned to their badges, or named), once each. */
  skills: { url: string; name: string }[];
}

/** What a form or the API gives for one step. */
export interface StepInput {
  name?: string;
  rule?: string;
  count?: number | string;
  ordered?: boolean;
  /** Achievements: this network's by id or URL, any other issuer's by its id (URL, URN, DID). */
  achievements?: string[];
  /** Skills: library skill ids or URLs, or ESCO concept URIs. */
  skills?: string[];
}

export interface PathwayInput {
  name?: string;
  description?: string;
  /** The pathway badge: an achievement of the organisation. */
  achievementId?: string;
  status?: string;
  steps?: StepInput[];
  /** The version the editor started from (a change since is refused). */
  version?: number;
}

function toPathway(row: Row, organisation: Pick<OrganisationRow, 'slug' | 'name'>): Pathway {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationSlug: organisation.slug,
    organisationName: organisation.name,
    name: row.name,
    description: row.description,
    achievementId: row.achievement_id,
    status: row.status,
    steps: row.steps,
    version: row.version,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

async function withOrganisations(ctx: AppContext, rows: Row[]): Promise<Pathway[]> {
  const organisations = new Map<string, OrganisationRow | null>();
  for (const r of rows)
    if (!organisations.has(r.organisation_id)) organisations.set(r.organisation_id, await findOrganisation(ctx.db, r.organisation_id));
  return rows.flatMap((r) => {
    const organisation = organisations.get(r.organisation_id);
    return organisation ? [toPathway(r, organisation)] : [];
  });
}

/** Whether the person may edit the organisation's pathways (and see its drafts). */
export async function mayEdit(ctx: AppContext, user: CurrentUser | null, organisationId: string): Promise<boolean> {
  if (!user) return false;
  const organisation = await findOrganisation(ctx.db, organisationId);
  return organisation ? hasOrgRole(ctx, user, organisation.slug, EDITOR_ROLES) : false;
}

// ----- definitions -----

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Checks a step's options against the network's achievements and the skills library. */
async function checkSteps(ctx: AppContext, user: CurrentUser | null, input: StepInput[], badgeUri: string): Promise<StepRecord[]> {
  const errors: AppError[] = [];
  if (input.length === 0) throw E.noSteps('steps');
  if (input.length > MAX_STEPS) throw E.tooManySteps('steps', { max: MAX_STEPS });
  // Network achievements named by id or URL, looked up at once.
  const refs = input.flatMap((s) => (s.achievements ?? []).map(text).filter(Boolean));
  const localIds = refs.map((r) => (isUuid(r) ? r : achievementIdOf(ctx.config.baseUrl, r))).filter((id): id is string => id !== null);
  const known = new Map((await networkAchievements(ctx, { ids: [...new Set(localIds)] })).map((a) => [a.id, a]));
  const seen = new Map<string, number>();
  const steps: StepRecord[] = [];
  for (const [index, raw] of input.entries()) {
    const number = index + 1;
    const before = errors.length;
    const options: StepOption[] = [];
    for (const ref of (raw.achievements ?? []).map(text).filter(Boolean)) {
      const localId = isUuid(ref) ? ref : achievementIdOf(ctx.config.baseUrl, ref);
      let option: StepOption;
      if (localId) {
        const achievement = known.get(localId);
        if (!achievement) {
          errors.push(E.achievementRef(`steps.${index}.achievements`, { value: ref }));
          continue;
        }
        option = { type: 'achievement', uri: achievement.uri, name: achievement.name };
      } else if (ACHIEVEMENT_REF.test(ref) && ref.length <= 500) {
        option = { type: 'achievement', uri: ref, name: ref };
      } else {
        errors.push(E.achievementRef(`steps.${index}.achievements`, { value: ref.slice(0, 80) }));
        continue;
      }
      if (option.uri === badgeUri) errors.push(E.badgeInSteps(`steps.${index}.achievements`));
      const before = seen.get(option.uri);
      if (before !== undefined && before !== index) errors.push(E.achievementTwice(`steps.${index}.achievements`, { name: option.name }));
      if (before === index) continue;
      seen.set(option.uri, index);
      options.push(option);
    }
    for (const ref of (raw.skills ?? []).map(text).filter(Boolean)) {
      const id = await findSkillId(ctx, ref);
      const skill = id ? await getSkill(ctx, id, user).catch(() => null) : null;
      if (!skill) {
        errors.push(E.unknownSkill(`steps.${index}.skills`, { value: ref.slice(0, 80) }));
        continue;
      }
      const url = skillUri(ctx.config.baseUrl, skill.id);
      if (options.some((o) => o.type === 'skill' && o.url === url)) continue;
      const name = skill.name.nl ?? skill.name.en ?? Object.values(skill.name)[0] ?? url;
      options.push({ type: 'skill', skillId: skill.id, url, ...(skill.externalUri ? { code: skill.externalUri } : {}), name });
    }
    const rule = (text(raw.rule) || 'all') as StepRule;
    if (rule !== 'all' && rule !== 'any') errors.push(E.stepRule(`steps.${index}.rule`, { step: number }));
    if (options.length === 0 && errors.length === before) errors.push(E.stepEmpty(`steps.${index}.achievements`, { step: number }));
    if (options.length > MAX_OPTIONS) errors.push(E.tooManyOptions(`steps.${index}.achievements`, { step: number, max: MAX_OPTIONS }));
    const rawCount = raw.count === undefined || raw.count === '' ? (rule === 'any' ? 1 : options.length) : Number(raw.count);
    const count = rule === 'all' ? options.length : rawCount;
    if (rule === 'any' && (!Number.isInteger(count) || count < 1 || count > Math.max(options.length, 1)))
      errors.push(E.stepCount(`steps.${index}.count`, { step: number, max: Math.max(options.length, 1) }));
    if (raw.ordered && index === 0) errors.push(E.firstOrdered(`steps.${index}.ordered`));
    const name = text(raw.name);
    if (name.length > 200) errors.push(PlatformErrors.tooLong(`steps.${index}.name`, { max: 200 }));
    steps.push({ key: `s${number}`, name, rule, count, ordered: Boolean(raw.ordered) && index > 0, options });
  }
  if (errors.length) throw invalidFields(errors);
  return steps;
}

interface Checked {
  name: string;
  description: string;
  achievementId: string;
  status: PathwayStatus;
  steps: StepRecord[];
}

async function checkInput(
  ctx: AppContext,
  user: CurrentUser | null,
  organisation: OrganisationRow,
  input: PathwayInput,
  current?: Row,
): Promise<Checked> {
  const errors: AppError[] = [];
  const name = input.name === undefined ? (current?.name ?? '') : text(input.name);
  const description = input.description === undefined ? (current?.description ?? '') : text(input.description);
  const achievementId = input.achievementId === undefined ? (current?.achievement_id ?? '') : text(input.achievementId);
  const status = (input.status === undefined ? (current?.status ?? 'draft') : text(input.status)) as PathwayStatus;
  if (!name) errors.push(PlatformErrors.required('name'));
  else if (name.length > 200) errors.push(PlatformErrors.tooLong('name', { max: 200 }));
  if (description.length > 5000) errors.push(PlatformErrors.tooLong('description', { max: 5000 }));
  if (!STATUSES.includes(status)) errors.push(E.status('status'));
  let badgeUri = '';
  if (!achievementId) errors.push(PlatformErrors.required('achievementId'));
  else {
    const [badge] = isUuid(achievementId) ? await networkAchievements(ctx, { ids: [achievementId] }) : [];
    if (!badge || badge.organisationId !== organisation.id) errors.push(E.badgeNotOwn('achievementId'));
    else badgeUri = badge.uri;
  }
  let steps: StepRecord[] = current?.steps ?? [];
  if (input.steps !== undefined || !current) {
    try {
      steps = await checkSteps(ctx, user, input.steps ?? [], badgeUri);
    } catch (error) {
      errors.push(error as AppError);
    }
  }
  if (errors.length) throw invalidFields(errors);
  return { name, description, achievementId, status, steps };
}

/** Defines a pathway of the organisation (its editors, or the network operator). */
export async function createPathway(ctx: AppContext, user: CurrentUser | null, orgSlug: string, input: PathwayInput): Promise<Pathway> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, EDITOR_ROLES);
  const checked = await checkInput(ctx, user, organisation, input);
  const row = await ctx.db
    .insertInto('pathways')
    .values({
      organisation_id: organisation.id,
      name: checked.name,
      description: checked.description,
      achievement_id: checked.achievementId,
      status: checked.status,
      steps: JSON.stringify(checked.steps) as never,
      created_by: user?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPathway(row, organisation);
}

/** The pathway for its editors (404 for anyone else: they do not learn that a draft exists). */
async function editableRow(ctx: AppContext, user: CurrentUser | null, id: string): Promise<{ row: Row; organisation: OrganisationRow }> {
  if (!user) throw PlatformErrors.unauthorized();
  const row = isUuid(id) ? await ctx.db.selectFrom('pathways').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw E.pathwayNotFound('id');
  const organisation = await findOrganisation(ctx.db, row.organisation_id);
  if (!organisation) throw E.pathwayNotFound('id');
  if (!(await hasOrgRole(ctx, user, organisation.slug, EDITOR_ROLES))) {
    if (row.status === 'published') throw PlatformErrors.forbidden();
    throw E.pathwayNotFound('id');
  }
  return { row, organisation };
}

/** Changes a pathway (a new version); awarded pathway badges stay. */
export async function updatePathway(ctx: AppContext, user: CurrentUser | null, id: string, input: PathwayInput): Promise<Pathway> {
  const { row: current, organisation } = await editableRow(ctx, user, id);
  if (input.version !== undefined && input.version !== current.version) throw E.pathwayChanged('version');
  const checked = await checkInput(ctx, user, organisation, input, current);
  const row = await ctx.db
    .updateTable('pathways')
    .set({
      name: checked.name,
      description: checked.description,
      achievement_id: checked.achievementId,
      status: checked.status,
      steps: JSON.stringify(checked.steps) as never,
      version: current.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw E.pathwayChanged('version');
  return toPathway(row, organisation);
}

/** A pathway as its editors see it (drafts included). */
export async function editablePathway(ctx: AppContext, user: CurrentUser | null, id: string): Promise<Pathway> {
  const { row, organisation } = await editableRow(ctx, user, id);
  return toPathway(row, organisation);
}

/** A published pathway for anyone; a draft or archived one only for its editors (else not found). */
export async function getPathway(ctx: AppContext, user: CurrentUser | null, id: string): Promise<PathwayDetail> {
  const row = isUuid(id) ? await ctx.db.selectFrom('pathways').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw E.pathwayNotFound('id');
  if (row.status !== 'published' && !(await mayEdit(ctx, user, row.organisation_id))) throw E.pathwayNotFound('id');
  const [pathway] = await withOrganisations(ctx, [row]);
  if (!pathway) throw E.pathwayNotFound('id');
  return detail(ctx, pathway);
}

/** The pathway badge, the network achievements its steps name, and the skills of its steps. */
export async function detail(ctx: AppContext, pathway: Pathway): Promise<PathwayDetail> {
  const uris = pathway.steps.flatMap((s) => s.options.filter((o) => o.type === 'achievement').map((o) => o.uri));
  const ids = uris.map((u) => achievementIdOf(ctx.config.baseUrl, u)).filter((id): id is string => id !== null);
  const found = await networkAchievements(ctx, { ids: [...new Set([...ids, pathway.achievementId])] });
  const achievements = new Map(found.map((a) => [a.uri, a]));
  const badge = found.find((a) => a.id === pathway.achievementId) ?? null;
  const skills = new Map<string, string>();
  for (const step of pathway.steps)
    for (const option of step.options) {
      if (option.type === 'skill') skills.set(option.url, option.name);
      else for (const s of achievements.get(option.uri)?.skills ?? []) if (!skills.has(s.targetUrl)) skills.set(s.targetUrl, s.targetName);
    }
  return {
    ...pathway,
    badge,
    achievements,
    skills: [...skills].map(([url, name]) => ({ url, name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * Pathways: the published ones of the network (by name), or with `organisation` that
 * organisation's — drafts and archived ones too when the person may edit them.
 */
export async function listPathways(
  ctx: AppContext,
  user: CurrentUser | null,
  options: { organisation?: string; limit?: number } = {},
): Promise<Pathway[]> {
  let query = ctx.db.selectFrom('pathways').selectAll();
  if (options.organisation) {
    const organisation = await findOrganisation(ctx.db, options.organisation);
    if (!organisation) return [];
    query = query.where('organisation_id', '=', organisation.id);
    if (!(await hasOrgRole(ctx, user, organisation.slug, EDITOR_ROLES))) query = query.where('status', '=', 'published');
  } else query = query.where('status', '=', 'published');
  const rows = await query
    .orderBy('name')
    .orderBy('id')
    .limit(options.limit ?? 200)
    .execute();
  return withOrganisations(ctx, rows);
}

/** Published pathways whose steps name one of these achievements (OB 3.0 ids), or any skill. */
export async function publishedPathways(ctx: AppContext): Promise<Pathway[]> {
  return withOrganisations(ctx, await ctx.db.selectFrom('pathways').selectAll().where('status', '=', 'published').execute());
}

// ----- progress -----

const httpUrl = (value: unknown): string | null => (typeof value === 'string' && /^https?:\/\/[^\s]+$/.test(value) ? value : null);

/** A backpack badge as the rules see it. */
export function holdingOf(item: HeldItem): Holding {
  const doc = item.document as Record<string, any>;
  const subject = Array.isArray(doc.credentialSubject) ? doc.credentialSubject[0] : doc.credentialSubject;
  const achievementId = subject?.achievement?.id;
  return {
    id: item.id,
    name: item.name,
    achievementUri: typeof achievementId === 'string' ? achievementId : null,
    skills: item.skills.map((s) => ({
      ...(s.targetUrl ? { url: s.targetUrl } : {}),
      ...(s.targetCode ? { code: s.targetCode } : {}),
    })),
    awardedAt: item.awardedAt ?? item.createdAt,
    active: item.status === 'active',
    evidenceUrl: item.publicUrl ?? item.sourceUrl ?? httpUrl(doc.id),
  };
}

/** The badges a person holds, from their backpack (deleted ones are not held). */
export async function holdingsOf(ctx: AppContext, userId: string): Promise<Holding[]> {
  return (await allItems(ctx, userId)).map(holdingOf);
}

export interface Award {
  pathwayId: string;
  /** The period (1, then 2 after the first expired and was renewed, …). */
  n: number;
  credentialId: string;
  credentialUrl: string;
  awardedAt: Date;
  validUntil: Date | null;
}

/** The latest award per pathway. */
export async function awardsOf(ctx: AppContext, userId: string, pathwayIds?: string[]): Promise<Map<string, Award>> {
  if (pathwayIds?.length === 0) return new Map();
  let query = ctx.db.selectFrom('pathway_awards').selectAll().where('user_id', '=', userId);
  if (pathwayIds) query = query.where('pathway_id', 'in', pathwayIds);
  const rows = await query.orderBy('n').execute();
  // In order of n: the latest period's award stays in the map.
  return new Map(
    rows.map((r) => [
      r.pathway_id,
      {
        pathwayId: r.pathway_id,
        n: r.n,
        credentialId: r.credential_id,
        credentialUrl: r.credential_url,
        awardedAt: r.awarded_at as Date,
        validUntil: (r.valid_until as Date | null) ?? null,
      },
    ]),
  );
}

/** A person's progress on a pathway, and the award when they have it. */
export interface MyProgress {
  progress: PathwayProgress;
  award: Award | null;
}

/** Whether a page should ask the job to look: complete, and no award or the latest one expired. */
export const awardDue = (mine: MyProgress | undefined, now = new Date()) =>
  Boolean(mine?.progress.complete && (!mine.award || (mine.award.validUntil !== null && mine.award.validUntil.getTime() <= now.getTime())));

export async function progressOn(ctx: AppContext, userId: string, pathways: Pathway[]): Promise<Map<string, MyProgress>> {
  if (pathways.length === 0) return new Map();
  const holdings = await holdingsOf(ctx, userId);
  const awards = await awardsOf(
    ctx,
    userId,
    pathways.map((p) => p.id),
  );
  return new Map(pathways.map((p) => [p.id, { progress: evaluate(p.steps, holdings), award: awards.get(p.id) ?? null }]));
}

/** The address a pathway badge goes to: the person's primary address when confirmed, else their first confirmed one. */
export async function awardAddress(ctx: AppContext, userId: string): Promise<{ email: string; name: string; lang: 'en' | 'nl' } | null> {
  const person = await getCurrentUser(ctx.db, userId);
  if (!person) return null;
  const [email] = await confirmedAddresses(ctx.db, userId);
  if (!email) return null;
  return { email, name: person.name, lang: person.locale === 'nl' ? 'nl' : 'en' };
}
