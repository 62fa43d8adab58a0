import { errorCodes } from '../platform/errors.ts';

/**
 * The accounts module's error codes; their texts are `accounts:errors.<name>` in its locales (en, nl).
 * Throw them as `AccountsErrors.tooManyAttempts('email', { minutes })`. Rules every module shares
 * (required, notEmail, notUrl, tooLong, unauthorized) are `PlatformErrors`, not repeated here.
 */
export const AccountsErrors = errorCodes('accounts', {
  /** {minutes} */
  tooManyAttempts: 429,
  /** {minutes}: too many failed sign-ins from one client address, on any accounts. */
  tooManyAttemptsFromAddress: 429,
  // ----- input -----
  /** {min} */
  passwordLength: 400,
  slug: 400,
  /** A word that is a path of its own under /organisations (new, admin, …). */
  slugReserved: 400,
  kind: 400,
  role: 400,
  locale: 400,
  /** Sign-in with an address or password that is not right (never says which). */
  signInFailed: 400,
  // ----- conflicts -----
  emailTaken: 409,
  slugTaken: 409,
  alreadyMember: 409,
  lastOwner: 409,
  // ----- not allowed -----
  emailNotConfirmed: 403,
  operatorOnly: 403,
  notMember: 403,
  /** The person is a member, but in a role that may not do this (the roles that may are in `roles`). */
  roleNotAllowed: 403,
  inviteOwner: 403,
  changeOwner: 403,
  wrongInvitee: 403,
  tokenNeedsSession: 403,
  // ----- not found -----
  organisationNotFound: 404,
  invitationNotFound: 404,
  memberNotFound: 404,
  apiTokenNotFound: 404,
});

/** Short name inside the accounts module. */
export const E = AccountsErrors;
