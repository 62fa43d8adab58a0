import type { Kysely } from 'kysely';
import { membershipOrganisationIds, roleIn } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { Database } from '../../platform/db/schema.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { SkillsErrors } from '../errors.ts';
import type { OrgRole } from '../../accounts/api.ts';

/** Roles that may create and change an organisation's skills and collections. */
export const CURATOR_ROLES: readonly OrgRole[] = ['owner', 'admin', 'issuer'];

/** The viewer of a skill: a signed-in person, or null for the public. */
export type Viewer = CurrentUser | null;

/**
 * The instance itself, for commands run on the server (`vaardig skills import ...`): the operator's
 * rights and no person behind them, so history and `created_by` record no one (null).
 */
export const SYSTEM_USER: CurrentUser = {
  id: '00000000-0000-0000-0000-000000000000',
  email: 'cli@localhost',
  name: 'vaardig CLI',
  isOperator: true,
  emailConfirmed: true,
  locale: null,
};

/** The users row a change is recorded against: the person, or null for the system and the public. */
export function userRef(user: Viewer): string | null {
  return user && user.id !== SYSTEM_USER.id ? user.id : null;
}

/** The author a new skill or collection gets when none is given: the person's name, none for the system. */
export function defaultAuthor(user: Viewer): string | null {
  return user && user.id !== SYSTEM_USER.id ? user.name : null;
}

/** The person's role in the organisation, through the accounts module (the one place roles are read). */
export async function orgRole(db: Kysely<Database>, user: Viewer, organisationId: string | null): Promise<OrgRole | null> {
  if (!user || !organisationId) return null;
  return roleIn(db, organisationId, user.id);
}

/** Whether the person may write the skills of an organisation (null organisation: the shared library, operators only). */
export async function canCurate(db: Kysely<Database>, user: Viewer, organisationId: string | null): Promise<boolean> {
  if (!user) return false;
  if (user.isOperator) return true;
  const role = await orgRole(db, user, organisationId);
  return role !== null && CURATOR_ROLES.includes(role);
}

export async function requireCurator(db: Kysely<Database>, user: Viewer, organisationId: string | null): Promise<CurrentUser> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!(await canCurate(db, user, organisationId))) throw SkillsErrors.notCurator();
  return user;
}

/** Whether the person may see drafts of an organisation: any member, or the operator. */
export async function canReadDrafts(db: Kysely<Database>, user: Viewer, organisationId: string | null): Promise<boolean> {
  if (!user) return false;
  if (user.isOperator) return true;
  return (await orgRole(db, user, organisationId)) !== null;
}

/** The organisations whose drafts the person may see (all, for an operator). */
export async function memberOrganisations(db: Kysely<Database>, user: Viewer): Promise<string[] | 'all'> {
  if (!user) return [];
  if (user.isOperator) return 'all';
  return membershipOrganisationIds(db, user.id);
}
