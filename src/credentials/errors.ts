import { errorCodes } from '../platform/errors.ts';

/**
 * The credentials module's error codes, shared by its parts (issuing, verification, baking, proofs).
 * Each part appends its codes in its own block below; the texts are `errors.<name>` in the locales
 * of the part that throws them (issuing: src/credentials/issuing/locales). Rules every module shares
 * (required, notEmail, tooLong, notFound, …) are `PlatformErrors`, not repeated here.
 */
export const CredentialErrors = errorCodes('credentials', {
  // ----- issuing -----
  achievementNotFound: 404,
  achievementVersionNotFound: 404,
  credentialNotFound: 404,
  claimNotFound: 404,
  issuerNotFound: 404,
  bulkIssueNotFound: 404,
  statusListNotFound: 404,
  imageNotFound: 404,
  fileNotFound: 404,
  /** The achievement is archived and is not issued any more. */
  achievementArchived: 409,
  /** The achievement was changed by someone else since it was read. */
  achievementChanged: 409,
  /** Neither an email address nor a DID. */
  recipientRequired: 400,
  notDid: 400,
  notDate: 400,
  notDateTime: 400,
  notInFuture: 400,
  validUntilBeforeValidFrom: 400,
  /** {url}: an evidence entry that is not an http(s) URL. */
  evidenceNotUrl: 400,
  urlCharacters: 400,
  /** {name}: a result the achievement does not describe. */
  unknownResult: 400,
  /** {name}, {options}: a result value outside the allowed values. */
  resultNotAllowed: 400,
  /** {min}, {max}: a whole number outside its range. */
  notWholeNumberBetween: 400,
  statusAction: 400,
  revokedIsFinal: 409,
  notSuspendable: 409,
  alreadySuspended: 409,
  notSuspended: 409,
  /** {length}: every position of the issuer's status lists is taken. */
  statusListFull: 409,
  claimClosed: 409,
  claimFull: 409,
  /** A claim confirmation link that is unknown, used or expired. */
  claimLinkInvalid: 400,
  criteriaRequired: 400,
  achievementType: 400,
  /** {type} */
  resultType: 400,
  languageCode: 400,
  proofFormat: 400,
  /** {skills}: skill references that match no skill of the library. */
  unknownSkill: 400,
  imageFormat: 400,
  /** {max} */
  imageTooLarge: 400,
  colour: 400,
  /** {reason}: the CSV parser's own explanation. */
  csvUnreadable: 400,
  csvEmpty: 400,
  csvNoEmailColumn: 400,
  csvNoRows: 400,
  /** {rows}, {max} */
  csvTooManyRows: 400,
  /** Bulk rows (stored with the row, shown in the reader's language). */
  rowEmailMissing: 400,
  /** {email} */
  rowEmailInvalid: 400,
  /** {reason}: a row refused by a check that has no code of its own yet. */
  rowFailed: 400,
  /** A bulk job stopped for a reason that is not a row's fault; {reason} is the system's message. */
  bulkFailed: 500,
  /** Programming or configuration faults: never the user's input. */
  signingKeyMissing: 500,
  signingKeyAlgorithm: 500,
  keyEncryptionFormat: 500,
  statusListMissing: 500,
  // ----- verification (appended by that part) -----
  // Texts: src/credentials/verification/locales. Input that is not a credential at all (422), too
  // large (413) or that takes too long; never the input itself in a parameter.
  /** Nothing was given to verify. */
  nothingToVerify: 400,
  /** More than one of credential, jwt, url. */
  oneInputOnly: 400,
  /** A multipart body was expected. */
  multipartRequired: 415,
  /** {max}: size in MB of an upload or of the text inside it. */
  inputTooLarge: 413,
  /** {max}: nesting depth of the JSON. */
  inputTooDeep: 422,
  /** {seconds} */
  verifyTimeout: 422,
  notCredential: 422,
  /** {position} */
  notJson: 422,
  jwsUndecodable: 422,
  jwsNotCredential: 422,
  unknownInput: 422,
  urlNotAllowed: 422,
  /** {reason}: why fetching failed (the fetcher's words, no input). */
  fetchFailed: 422,
  hostedBadgeNotAllowed: 422,
  /** {image}: PNG or SVG. */
  nothingBaked: 422,
  // ----- baking (reading and writing baked images) -----
  notPng: 422,
  notSvg: 422,
  notImage: 422,
  /** {offset} */
  pngTruncated: 422,
  /** {offset}, {type} */
  pngChunkInvalid: 422,
  /** {offset}, {type} */
  pngBadCrc: 422,
  pngStructure: 422,
  itxtMalformed: 422,
  itxtInflate: 422,
  svgNamespace: 422,
  svgUnclosed: 422,
  svgEmptyElement: 422,
});

/** Short name inside the credentials module. */
export const E = CredentialErrors;
