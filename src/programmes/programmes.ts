/**
 * Programmes and their modules. A programme's certificate is an achievement of its organisation
 * made with the programme; each module's badge is an achievement made with the module, carrying
 * the rubric as result descriptions and the module's skills as alignments; the certificate is a
 * pathway (pathways module) with a step per module badge, kept in step with the programme.
 */
import type { Selectable } from 'kysely';
import { type CurrentUser, findOrganisation, requireOrgRole } from '../accounts/api.ts';
import { createAchievement, type NetworkAchievement, networkAchievements } from '../credentials/api.ts';
import { createPathway, getPathway, updatePathway } from '../pathways/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { access, accessOf, type Access, insider, MANAGER_ROLES, managerAccess, type Programme, type ProgrammeRow } from './access.ts';
import { E } from './errors.ts';
import { type CriterionInput, checkRubric, criteriaNarrative, type Rubric, resultDescriptions } from './rubric.ts';
import type { Enrolment, EvidenceKind, ProgrammeAssignmentsTable, ProgrammeModulesTable, ProgrammeStatus, RenewalMode } from './schema.ts';

export const STATUSES: readonly ProgrammeStatus[] = ['draft', 'published', 'archived'];
export const ENROLMENTS: readonly Enrolment[] = ['application', 'open'];
export const RENEWALS: readonly RenewalMode[] = ['assessment', 'claim'];
export const EVIDENCE_KINDS: readonly EvidenceKind[] = ['text', 'file', 'link'];
/** A pathway has at most 20 steps: one per module. */
export const MAX_MODULES = 20;
export const MAX_ASSIGNMENTS = 10;
export const LANGUAGES = ['nl', 'en'] as const;

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

export interface Assignment {
  id: string;
  moduleId: string;
  position: number;
  title: string;
  instructions: string;
  evidence: EvidenceKind[];
}

export interface Module {
  id: string;
  programmeId: string;
  position: number;
  name: string;
  description: string;
  achievementId: string;
  rubric: Rubric;
  secondAssessment: boolean;
  validMonths: number | null;
  renewal: RenewalMode;
  assignments: Assignment[];
  /** The badge, as the network knows it (null if it went missing). */
  badge: NetworkAchievement | null;
}

export const toAssignment = (r: Selectable<ProgrammeAssignmentsTable>): Assignment => ({
  id: r.id,
  moduleId: r.module_id,
  position: r.position,
  title: r.title,
  instructions: r.instructions,
  evidence: r.evidence,
});

/** A programme's modules in order, with their assignments and badges. */
export async function modulesOf(ctx: AppContext, programmeId: string): Promise<Module[]> {
  const rows = await ctx.db
    .selectFrom('programme_modules')
    .selectAll()
    .where('programme_id', '=', programmeId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const assignments = await ctx.db
    .selectFrom('programme_assignments')
    .selectAll()
    .where(
      'module_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('position')
    .orderBy('id')
    .execute();
  const badges = new Map((await networkAchievements(ctx, { ids: rows.map((r) => r.achievement_id) })).map((a) => [a.id, a]));
  return rows.map((r) =>
    toModule(r, assignments.filter((a) => a.module_id === r.id).map(toAssignment), badges.get(r.achievement_id) ?? null),
  );
}

export function toModule(r: Selectable<ProgrammeModulesTable>, assignments: Assignment[], badge: NetworkAchievement | null): Module {
  return {
    id: r.id,
    programmeId: r.programme_id,
    position: r.position,
    name: r.name,
    description: r.description,
    achievementId: r.achievement_id,
    rubric: r.rubric,
    secondAssessment: r.second_assessment,
    validMonths: r.valid_months,
    renewal: r.renewal,
    assignments,
    badge,
  };
}

// ----- programmes -----

export interface ProgrammeInput {
  name?: string;
  description?: string;
  enrolment?: string;
  status?: string;
  language?: string;
  version?: number;
}

interface CheckedProgramme {
  name: string;
  description: string;
  enrolment: Enrolment;
  status: ProgrammeStatus;
  language: string;
}

function checkProgramme(input: ProgrammeInput, current?: ProgrammeRow): CheckedProgramme {
  const errors: AppError[] = [];
  const name = input.name === undefined ? (current?.name ?? '') : text(input.name);
  const description = input.description === undefined ? (current?.description ?? '') : text(input.description);
  const enrolment = (input.enrolment === undefined ? (current?.enrolment ?? 'application') : text(input.enrolment)) as Enrolment;
  const status = (input.status === undefined ? (current?.status ?? 'draft') : text(input.status)) as ProgrammeStatus;
  const language = input.language === undefined ? (current?.language ?? 'en') : text(input.language);
  if (!name) errors.push(PlatformErrors.required('name'));
  else if (name.length > 200) errors.push(PlatformErrors.tooLong('name', { max: 200 }));
  if (!description) errors.push(PlatformErrors.required('description'));
  else if (description.length > 5000) errors.push(PlatformErrors.tooLong('description', { max: 5000 }));
  if (!ENROLMENTS.includes(enrolment)) errors.push(E.enrolmentKind('enrolment'));
  if (!STATUSES.includes(status)) errors.push(E.status('status'));
  if (!(LANGUAGES as readonly string[]).includes(language))
    errors.push(PlatformErrors.oneOf('language', { options: LANGUAGES.join(', ') }));
  if (errors.length) throw invalidFields(errors);
  return { name, description, enrolment, status, language };
}

/** A new programme of the organisation, with its certificate (an achievement of the organisation). */
export async function createProgramme(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  input: ProgrammeInput,
): Promise<Programme> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, MANAGER_ROLES);
  const checked = checkProgramme(input);
  const nl = checked.language === 'nl';
  const certificate = await createAchievement(ctx, user, organisation.slug, {
    name: checked.name,
    description: checked.description,
    criteriaNarrative: nl
      ? `Haalde de badge van elke module van het programma ${checked.name}, beoordeeld door assessoren aan de hand van een rubric.`
      : `Earned the badge of every module of the programme ${checked.name}, assessed by assessors against a rubric.`,
    achievementType: 'Certification',
    language: checked.language,
  });
  const row = await ctx.db
    .insertInto('programmes')
    .values({
      organisation_id: organisation.id,
      name: checked.name,
      description: checked.description,
      enrolment: checked.enrolment,
      language: checked.language,
      status: checked.status,
      certificate_achievement_id: certificate.id,
      created_by: user?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const found = await accessOf(ctx, user, row);
  if (!found) throw E.programmeNotFound('id');
  return found.programme;
}

/** Changes a programme (a new version); the certificate pathway follows its name and status. */
export async function updateProgramme(ctx: AppContext, user: CurrentUser | null, id: string, input: ProgrammeInput): Promise<Programme> {
  const { programme } = await managerAccess(ctx, user, id);
  const current = await ctx.db.selectFrom('programmes').selectAll().where('id', '=', programme.id).executeTakeFirstOrThrow();
  if (input.version !== undefined && input.version !== current.version) throw E.programmeChanged('version');
  const checked = checkProgramme({ ...input, language: undefined }, current);
  const row = await ctx.db
    .updateTable('programmes')
    .set({
      name: checked.name,
      description: checked.description,
      enrolment: checked.enrolment,
      status: checked.status,
      version: current.version + 1,
      updated_at: new Date(),
    })
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw E.programmeChanged('version');
  await syncPathway(ctx, user, row.id);
  const found = await accessOf(ctx, user, row);
  if (!found) throw E.programmeNotFound('id');
  return found.programme;
}

/**
 * Makes the certificate's pathway match the programme: a step per module badge, the programme's
 * name, and its status (published when the programme is). Made with the first module.
 */
export async function syncPathway(ctx: AppContext, user: CurrentUser | null, programmeId: string): Promise<void> {
  const row = await ctx.db.selectFrom('programmes').selectAll().where('id', '=', programmeId).executeTakeFirstOrThrow();
  const modules = await ctx.db
    .selectFrom('programme_modules')
    .select(['name', 'achievement_id'])
    .where('programme_id', '=', programmeId)
    .orderBy('position')
    .execute();
  if (modules.length === 0) return;
  const organisation = await findOrganisation(ctx.db, row.organisation_id);
  if (!organisation) return;
  const input = {
    name: row.name,
    description: row.description,
    achievementId: row.certificate_achievement_id,
    status: row.status,
    steps: modules.map((m) => ({ name: m.name, rule: 'all', achievements: [m.achievement_id] })),
  };
  if (!row.pathway_id) {
    const pathway = await createPathway(ctx, user, organisation.slug, input);
    // Two modules added at once: the first pathway stands, the other is left as a draft nobody links to.
    await ctx.db
      .updateTable('programmes')
      .set({ pathway_id: pathway.id })
      .where('id', '=', row.id)
      .where('pathway_id', 'is', null)
      .execute();
  } else await updatePathway(ctx, user, row.pathway_id, input);
}

export interface ProgrammeDetail extends Access {
  modules: Module[];
  certificate: NetworkAchievement | null;
}

/** A programme with its modules and certificate, for its page and the API. */
export async function getProgramme(ctx: AppContext, user: CurrentUser | null, id: string): Promise<ProgrammeDetail> {
  const found = await access(ctx, user, id);
  const [certificate] = await networkAchievements(ctx, { ids: [found.programme.certificateAchievementId] });
  return { ...found, modules: await modulesOf(ctx, found.programme.id), certificate: certificate ?? null };
}

/**
 * Programmes: the published ones of the network, or with `organisation` that organisation's (all of
 * them for its managers).
 */
export async function listProgrammes(
  ctx: AppContext,
  user: CurrentUser | null,
  options: { organisation?: string } = {},
): Promise<Programme[]> {
  let query = ctx.db.selectFrom('programmes').selectAll();
  if (options.organisation) {
    const organisation = await findOrganisation(ctx.db, options.organisation);
    if (!organisation) return [];
    query = query.where('organisation_id', '=', organisation.id);
    const managed = user
      ? await requireOrgRole(ctx, user, organisation.slug, MANAGER_ROLES).then(
          () => true,
          () => false,
        )
      : false;
    if (!managed) query = query.where('status', '=', 'published');
  } else query = query.where('status', '=', 'published');
  const rows = await query.orderBy('name').orderBy('id').limit(500).execute();
  const out: Programme[] = [];
  for (const row of rows) {
    const found = await accessOf(ctx, user, row);
    if (found) out.push(found.programme);
  }
  return out;
}

/** The programmes a person takes part in (applied, enrolled), assesses or runs. */
export async function myProgrammes(ctx: AppContext, user: CurrentUser): Promise<{ programme: Programme; access: Access }[]> {
  const ids = new Set<string>();
  for (const r of await ctx.db.selectFrom('programme_enrolments').select('programme_id').where('user_id', '=', user.id).execute())
    ids.add(r.programme_id);
  for (const r of await ctx.db
    .selectFrom('programme_cohort_assessors')
    .innerJoin('programme_cohorts', 'programme_cohorts.id', 'programme_cohort_assessors.cohort_id')
    .select('programme_cohorts.programme_id')
    .where('programme_cohort_assessors.user_id', '=', user.id)
    .execute())
    ids.add(r.programme_id);
  if (ids.size === 0) return [];
  const rows = await ctx.db
    .selectFrom('programmes')
    .selectAll()
    .where('id', 'in', [...ids])
    .where('status', '!=', 'draft')
    .orderBy('name')
    .execute();
  const out: { programme: Programme; access: Access }[] = [];
  for (const row of rows) {
    const found = await accessOf(ctx, user, row);
    if (found && (insider(found) || found.enrolment)) out.push({ programme: found.programme, access: found });
  }
  return out;
}

// ----- modules -----

export interface AssignmentInput {
  title?: string;
  instructions?: string;
  evidence?: string[];
}

export interface ModuleInput {
  name?: string;
  description?: string;
  /** Library skill ids or URLs, or ESCO concept URIs: the badge's alignments. */
  skills?: string[];
  rubric?: CriterionInput[];
  assignments?: AssignmentInput[];
  secondAssessment?: boolean;
  validMonths?: number | string | null;
  renewal?: string;
}

interface CheckedModule {
  name: string;
  description: string;
  rubric: Rubric;
  assignments: { title: string; instructions: string; evidence: EvidenceKind[] }[];
  secondAssessment: boolean;
  validMonths: number | null;
  renewal: RenewalMode;
}

function checkModule(input: ModuleInput): CheckedModule {
  const errors: AppError[] = [];
  const name = text(input.name);
  const description = text(input.description);
  if (!name) errors.push(PlatformErrors.required('name'));
  else if (name.length > 200) errors.push(PlatformErrors.tooLong('name', { max: 200 }));
  if (!description) errors.push(PlatformErrors.required('description'));
  else if (description.length > 5000) errors.push(PlatformErrors.tooLong('description', { max: 5000 }));
  let rubric: Rubric = [];
  try {
    rubric = checkRubric(input.rubric);
  } catch (error) {
    errors.push(error as AppError);
  }
  const assignments = (input.assignments ?? []).filter((a) => text(a.title) || text(a.instructions));
  if (assignments.length === 0) errors.push(E.noAssignments('assignments'));
  if (assignments.length > MAX_ASSIGNMENTS) errors.push(E.tooManyAssignments('assignments', { max: MAX_ASSIGNMENTS }));
  const checkedAssignments = assignments.map((a, i) => {
    const title = text(a.title);
    const instructions = text(a.instructions);
    if (!title) errors.push(PlatformErrors.required(`assignments.${i}.title`));
    else if (title.length > 200) errors.push(PlatformErrors.tooLong(`assignments.${i}.title`, { max: 200 }));
    if (instructions.length > 5000) errors.push(PlatformErrors.tooLong(`assignments.${i}.instructions`, { max: 5000 }));
    const evidence = EVIDENCE_KINDS.filter((k) => (a.evidence ?? []).includes(k));
    if (evidence.length === 0 || (a.evidence ?? []).some((k) => !(EVIDENCE_KINDS as readonly string[]).includes(k)))
      errors.push(E.evidenceKinds(`assignments.${i}.evidence`));
    return { title, instructions, evidence };
  });
  const rawMonths = input.validMonths;
  let validMonths: number | null = null;
  if (rawMonths !== undefined && rawMonths !== null && rawMonths !== '') {
    validMonths = Number(rawMonths);
    if (!Number.isInteger(validMonths) || validMonths < 1 || validMonths > 120)
      errors.push(E.wholeNumber('validMonths', { min: 1, max: 120 }));
  }
  const renewal = (text(input.renewal) || 'assessment') as RenewalMode;
  if (!RENEWALS.includes(renewal)) errors.push(E.renewalMode('renewal'));
  if (errors.length) throw invalidFields(errors);
  return {
    name,
    description,
    rubric,
    assignments: checkedAssignments,
    secondAssessment: Boolean(input.secondAssessment),
    validMonths,
    renewal,
  };
}

/**
 * Adds a module: its badge (an achievement with the rubric as result descriptions, the skills as
 * alignments and the expiry), its assignments, and a step in the certificate's pathway. Everything
 * is checked before anything is made; the rubric is fixed from then on (its badge carries it).
 */
export async function addModule(ctx: AppContext, user: CurrentUser | null, programmeId: string, input: ModuleInput): Promise<Module> {
  const { programme } = await managerAccess(ctx, user, programmeId);
  const checked = checkModule(input);
  const count = await ctx.db
    .selectFrom('programme_modules')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('programme_id', '=', programme.id)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_MODULES) throw E.tooManyModules('name', { max: MAX_MODULES });
  const nl = programme.language === 'nl';
  const badge = await createAchievement(ctx, user, programme.organisationSlug, {
    name: checked.name,
    description: checked.description,
    criteriaNarrative: criteriaNarrative(
      checked.rubric,
      nl
        ? `Beoordeeld in het programma ${programme.name} aan de hand van deze rubric (niveau dat minstens nodig is tussen haakjes):`
        : `Assessed in the programme ${programme.name} against this rubric (the level needed in brackets):`,
    ),
    achievementType: 'Competency',
    skills: (input.skills ?? []).map(text).filter(Boolean),
    resultDescriptions: resultDescriptions(checked.rubric),
    validMonths: checked.validMonths,
    language: programme.language,
  });
  const moduleId = await ctx.db.transaction().execute(async (trx) => {
    const position = await trx
      .selectFrom('programme_modules')
      .select((eb) => eb.fn.coalesce(eb.fn.max('position'), eb.lit(0)).as('max'))
      .where('programme_id', '=', programme.id)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('programme_modules')
      .values({
        programme_id: programme.id,
        position: Number(position.max) + 1,
        name: checked.name,
        description: checked.description,
        achievement_id: badge.id,
        rubric: JSON.stringify(checked.rubric) as never,
        second_assessment: checked.secondAssessment,
        valid_months: checked.validMonths,
        renewal: checked.renewal,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('programme_assignments')
      .values(
        checked.assignments.map((a, i) => ({
          module_id: row.id,
          position: i + 1,
          title: a.title,
          instructions: a.instructions,
          evidence: JSON.stringify(a.evidence) as never,
        })),
      )
      .execute();
    return row.id;
  });
  await syncPathway(ctx, user, programme.id);
  const module = (await modulesOf(ctx, programme.id)).find((m) => m.id === moduleId);
  if (!module) throw E.moduleNotFound('id');
  return module;
}

/** A module of a programme, for the people who may see the programme. */
export async function getModule(ctx: AppContext, user: CurrentUser | null, moduleId: string): Promise<{ access: Access; module: Module }> {
  const row = /^[0-9a-f-]{36}$/i.test(moduleId)
    ? await ctx.db.selectFrom('programme_modules').select('programme_id').where('id', '=', moduleId).executeTakeFirst()
    : undefined;
  if (!row) throw E.moduleNotFound('id');
  const found = await access(ctx, user, row.programme_id);
  const module = (await modulesOf(ctx, row.programme_id)).find((m) => m.id === moduleId);
  if (!module) throw E.moduleNotFound('id');
  return { access: found, module };
}

/** The certificate's pathway, when it is there and the person may see it. */
export async function certificatePathway(ctx: AppContext, user: CurrentUser | null, programme: Programme) {
  if (!programme.pathwayId) return null;
  return getPathway(ctx, user, programme.pathwayId).catch(() => null);
}
