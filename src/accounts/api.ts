/**
 * The public face of the accounts module: the only file of it that other modules import
 * (test/boundaries.test.ts). People, organisations, roles, sessions and API tokens.
 */
export {
  ANY_ROLE,
  findOrganisation,
  hasOrgRole,
  MANAGER_ROLES,
  membershipOrganisationIds,
  type OrgAccess,
  type OrganisationRow,
  requireOrgRole,
  roleIn,
} from './authorisation.ts';
export {
  addConfirmedAddress,
  confirmedAddresses,
  confirmedAddressesSql,
  type EmailAddress,
  listAddresses,
  usersWithConfirmedAddresses,
} from './addresses.ts';
export { listVisibleOrganisations, type OrganisationSummary } from './organisations.ts';
export { ORG_ROLES, type OrgRole } from './schema.ts';
export {
  addMember,
  createOrganisation,
  createUser,
  getCurrentUser,
  isEmail,
  type NewOrganisation,
  type NewUser,
  normaliseEmail,
  type ProfileInput,
  updateProfile,
} from './service.ts';
export { createSession, type CurrentUser, SESSION_COOKIE } from './sessions.ts';
export { type ApiTokenInfo, createApiToken } from './tokens.ts';
