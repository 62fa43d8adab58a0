/**
 * The public face of the openbadges-api module: the only file of it that other modules import
 * (test/boundaries.test.ts). The apps a person approved through OAuth, and what the OAuth server
 * keeps about them (for the personal data export and account deletion).
 */
export { type ApprovedApp, approvedApps, forgetPerson, personalRecords, withdrawApp } from './apps.ts';
export { OB_SCOPES, type Scope, SCOPES } from './scopes.ts';
