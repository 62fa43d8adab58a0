import { errorCodes } from '../platform/errors.ts';

/**
 * The communities module's error codes; their texts are `communities:errors.<name>` in its locales
 * (en, nl). Rules every module shares (required, tooLong, notUrl, …) are `PlatformErrors`.
 */
export const CommunityErrors = errorCodes('communities', {
  communityNotFound: 404,
  themeNotFound: 404,
  sessionNotFound: 404,
  /** Only the community's facilitators may do this. */
  notFacilitator: 403,
  /** Only members of the community may see or do this. */
  notMember: 403,
  /** {slug}: the address name is taken. */
  slugTaken: 409,
  /** An address name of lower-case letters, digits and dashes. */
  badSlug: 400,
});

/** Short name inside the communities module. */
export const E = CommunityErrors;
