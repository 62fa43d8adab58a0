import { errorCodes } from '../platform/errors.ts';

/**
 * The error codes of the Open Badges 3.0 API module; their texts are `openbadges-api:errors.<name>`
 * in its locales (en, nl). The API itself answers in the spec's Imsx_StatusInfo with the English
 * text as imsx_description (ob/status.ts).
 */
export const ObApiErrors = errorCodes('openbadges-api', {
  /** An app the person has not approved (or an id that cannot be one). */
  appNotFound: 404,
  /** The approval request is unknown or expired (the interaction cookie is gone). */
  interactionExpired: 400,
  /** The approval request was started while someone else was signed in. */
  interactionOtherPerson: 403,
  /** The approval request asks for something these pages do not handle. */
  interactionUnknown: 400,
  // ----- the OB API -----
  /** No bearer token, or one that is unknown, expired or revoked. */
  tokenInvalid: 401,
  /** {scope}: the token was not granted the scope this endpoint needs. */
  scopeMissing: 403,
  /** {min}, {max}: a query parameter that must be a whole number in a range. */
  notWholeNumber: 400,
  /** `since` is not an ISO 8601 date and time. */
  notDateTime: 400,
  /** The body is neither an OB 3.0 credential as JSON nor a compact JWS. */
  credentialUnreadable: 400,
  /** The body is not a Profile object. */
  profileInvalid: 400,
  /** {type}: a content type the endpoint does not take. */
  unsupportedType: 415,
  /** The method is not allowed on this endpoint. */
  methodNotAllowed: 405,
  /** Nothing is at this address of the API. */
  notFound: 404,
});

/** Short name inside the module. */
export const E = ObApiErrors;
