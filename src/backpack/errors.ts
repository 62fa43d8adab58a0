import { errorCodes } from '../platform/errors.ts';

/**
 * The backpack module's error codes; their texts are `backpack:errors.<name>` in its locales (en,
 * nl). Rules every module shares (required, tooLong, notUrl, …) are `PlatformErrors`.
 */
export const BackpackErrors = errorCodes('backpack', {
  itemNotFound: 404,
  /** {states}: a state the person cannot put a badge in. */
  itemState: 400,
  collectionNotFound: 404,
  /** {max} */
  tooManyCollections: 409,
  /** 3 to 40 lowercase letters, digits and hyphens. */
  handle: 400,
  handleTaken: 409,
  profileNotFound: 404,
  exportNotFound: 404,
  /** The export is not finished (or failed). */
  exportNotReady: 409,
  /** An export is being made already. */
  exportRunning: 409,
  /** To delete the account, the person types their primary address. */
  confirmMismatch: 400,
  /** up or down */
  direction: 400,
  // ----- import -----
  /** Nothing (no file, no text, no link) was given. */
  importNothing: 400,
  /** More than one of file, text and link. */
  importOneOnly: 400,
  /** The file or text is no badge the verifier can read; {reason} is the verifier's explanation. */
  importNotBadge: 422,
  /** The proof does not match the credential: changed after signing, or signed by someone else. */
  importTampered: 422,
  /** Issued to an address that is not one of the person's confirmed addresses. */
  importNotYours: 422,
  /** Revoked (or suspended) by its issuer. */
  importRevoked: 422,
  /** Expired, or not yet valid. */
  importExpired: 422,
  /** Any other failed check; {reason} is the check's explanation. */
  importInvalid: 422,
  /** The link points to a private, loopback or reserved address. */
  importPrivateAddress: 422,
  /** The link could not be fetched. */
  importFetchFailed: 422,
  /** The link is not an https address. */
  importNotHttps: 422,
  /** The badge is in the backpack already. */
  importDuplicate: 409,
  /** Another issuer's badge with the same id is in the backpack: an update must come from the same issuer. */
  importIdTaken: 409,
  /** {max}: size in MB. */
  importTooLarge: 413,
});

/** Short name inside the backpack module. */
export const E = BackpackErrors;
