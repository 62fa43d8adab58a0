/**
 * Who someone is to a programme: a manager (owner, admin or issuer of its organisation, or the
 * network operator), an assessor of some of its cohorts, a participant (or applicant), or nobody.
 * Every service asks here first; what a person may not see is "not found" to them.
 */
import type { Selectable } from 'kysely';
import { type CurrentUser, findOrganisation, hasOrgRole, type OrganisationRow, type OrgRole } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import { PlatformErrors } from '../platform/errors.ts';
import { E } from './errors.ts';
import type { ProgrammeEnrolmentsTable, ProgrammesTable } from './schema.ts';

/** Who runs an organisation's programmes (the network operator may for every organisation). */
export const MANAGER_ROLES: readonly OrgRole[] = ['owner', 'admin', 'issuer'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export type ProgrammeRow = Selectable<ProgrammesTable>;
export type EnrolmentRow = Selectable<ProgrammeEnrolmentsTable>;

export interface Programme {
  id: string;
  organisationId: string;
  organisationSlug: string;
  organisationName: string;
  name: string;
  description: string;
  enrolment: ProgrammeRow['enrolment'];
  language: string;
  status: ProgrammeRow['status'];
  certificateAchievementId: string;
  pathwayId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export function toProgramme(row: ProgrammeRow, organisation: Pick<OrganisationRow, 'slug' | 'name'>): Programme {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisationSlug: organisation.slug,
    organisationName: organisation.name,
    name: row.name,
    description: row.description,
    enrolment: row.enrolment,
    language: row.language,
    status: row.status,
    certificateAchievementId: row.certificate_achievement_id,
    pathwayId: row.pathway_id,
    version: row.version,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

export interface Access {
  programme: Programme;
  organisation: OrganisationRow;
  manager: boolean;
  /** The cohorts (ids) the person assesses. */
  assessorOf: string[];
  /** The person's enrolment or application in force (applied or enrolled), if any. */
  enrolment: EnrolmentRow | null;
}

/** Whether the person belongs to the programme's work: a manager, an assessor or an enrolled participant. */
export const insider = (access: Access) => access.manager || access.assessorOf.length > 0 || access.enrolment?.state === 'enrolled';

export async function accessOf(ctx: AppContext, user: CurrentUser | null, row: ProgrammeRow): Promise<Access | null> {
  const organisation = await findOrganisation(ctx.db, row.organisation_id);
  if (!organisation) return null;
  const manager = user ? await hasOrgRole(ctx, user, organisation.slug, MANAGER_ROLES) : false;
  let assessorOf: string[] = [];
  let enrolment: EnrolmentRow | null = null;
  if (user) {
    assessorOf = (
      await ctx.db
        .selectFrom('programme_cohort_assessors')
        .innerJoin('programme_cohorts', 'programme_cohorts.id', 'programme_cohort_assessors.cohort_id')
        .select('programme_cohorts.id')
        .where('programme_cohorts.programme_id', '=', row.id)
        .where('programme_cohort_assessors.user_id', '=', user.id)
        .execute()
    ).map((r) => r.id);
    enrolment =
      (await ctx.db
        .selectFrom('programme_enrolments')
        .selectAll()
        .where('programme_id', '=', row.id)
        .where('user_id', '=', user.id)
        .where('state', 'in', ['applied', 'enrolled'])
        .executeTakeFirst()) ?? null;
  }
  return { programme: toProgramme(row, organisation), organisation, manager, assessorOf, enrolment };
}

/**
 * The programme as this person may see it: a published one for anyone; a draft only for its
 * managers; an archived one for the people who worked in it. Anyone else gets "not found".
 */
export async function access(ctx: AppContext, user: CurrentUser | null, id: string): Promise<Access> {
  const row = isUuid(id) ? await ctx.db.selectFrom('programmes').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  const found = row ? await accessOf(ctx, user, row) : null;
  if (!found) throw E.programmeNotFound('id');
  const visible =
    found.manager ||
    found.programme.status === 'published' ||
    (found.programme.status === 'archived' && (found.assessorOf.length > 0 || found.enrolment !== null));
  if (!visible) throw E.programmeNotFound('id');
  return found;
}

/** The programme for one of its managers: 401 signed out, "not found" for those who may not see it, 403 for the others. */
export async function managerAccess(ctx: AppContext, user: CurrentUser | null, id: string): Promise<Access> {
  if (!user) throw PlatformErrors.unauthorized();
  const found = await access(ctx, user, id);
  if (!found.manager) throw PlatformErrors.forbidden();
  return found;
}

/** The programme's row of a module, cohort, assignment… by the programme id it names. */
export async function programmeIdOf(ctx: AppContext, table: 'programme_modules' | 'programme_cohorts', id: string): Promise<string | null> {
  if (!isUuid(id)) return null;
  const row = await ctx.db.selectFrom(table).select('programme_id').where('id', '=', id).executeTakeFirst();
  return row?.programme_id ?? null;
}
