import { errorCodes } from '../platform/errors.ts';

/**
 * The skills module's error codes. Texts: `errors.<name>` in the locales of the part that throws
 * them (search codes in src/skills/search/locales, ESCO in src/skills/esco/locales, pages in
 * src/skills/pages/locales, the library and the exchange formats in src/skills/library/locales).
 * Parts append their codes here. Rules every module shares (required, tooLong, notUuid, oneOf,
 * nulCharacter, unauthorized, ...) are `PlatformErrors`, not repeated here.
 */
export const SkillsErrors = errorCodes('skills', {
  // ----- search -----
  /** {min}, {max}: a whole number outside its range (search limit and offset, list pages). */
  notWholeNumber: 400,
  // ----- ESCO import runs -----
  /** An ESCO import run that does not exist (or an id that cannot be one). */
  importRunNotFound: 404,

  // ----- library: input of skills and collections (texts: src/skills/library/locales) -----
  notTextsByLanguage: 400,
  notListsByLanguage: 400,
  notLanguageCode: 400,
  notText: 400,
  notTextList: 400,
  /** A language map that needs at least one text (a name). */
  textInOneLanguage: 400,
  /** {max} */
  tooManyEntries: 400,
  notUriOrUrn: 400,
  notReferenceList: 400,
  notReference: 400,
  notOccupationList: 400,
  notOccupation: 400,
  unknownField: 400,
  referenceIncomplete: 400,
  occupationIncomplete: 400,
  /** An export language that is neither a language code nor "all". */
  notLanguageOrAll: 400,
  statementToPublish: 400,
  statementPublished: 400,
  unknownOrganisation: 400,
  /** A skill id that names no skill the person can see. */
  unknownSkill: 400,
  skillNotFound: 404,
  collectionNotFound: 404,
  escoSkillNotFound: 404,
  skillNotInCollection: 404,
  /** Only the owner, an admin or an issuer of the organisation may change its skills. */
  notCurator: 403,
  /** Skills imported from ESCO change by re-importing ESCO only. */
  escoReadOnly: 409,
  skillIdTaken: 409,
  /** {from}, {to}: a status change the life cycle does not allow (published → draft). */
  statusNotAllowed: 409,

  // ----- exchange formats: a file that cannot be imported (ImportFileError, params {file}, {line}) -----
  /** The request carries no file in a form that can be read. */
  importBody: 400,
  /** The file name does not tell the format and none was given. */
  importFormatUnknown: 400,
  fileUtf16: 400,
  fileNotUtf8: 400,
  fileNoSkills: 400,
  csvQuoteNotClosed: 400,
  csvInvalidQuote: 400,
  /** {expected}, {found} */
  csvColumnCount: 400,
  /** {reason}: the CSV parser's code (CSV_...), for errors that have no text of their own. */
  csvUnreadable: 400,
  csvEmpty: 400,
  /** {column}, {position} */
  csvUnknownColumn: 400,
  /** {column} */
  csvDuplicateColumn: 400,
  csvNameColumnMissing: 400,
  csvNameEmpty: 400,
  /** {value} */
  importStatus: 400,
  rsdNoName: 400,
  rsdNotJson: 400,
  rsdCollectionNoName: 400,
  rsdShape: 400,
  /** {position} */
  rsdSkillNotObject: 400,

  // ----- pages (texts: src/skills/pages/locales) -----
  occupationNotFound: 404,
  skillGroupNotFound: 404,

  // ----- ESCO files (EscoFileError, params {file}, {line}; texts: src/skills/esco/locales) -----
  escoPathMissing: 400,
  escoNotZip: 400,
  escoZipCorrupt: 400,
  escoZipEntry: 400,
  escoFileName: 400,
  escoNoFiles: 400,
  escoNotUtf8: 400,
  /** {columns}, {found} */
  escoMissingColumns: 400,
  escoQuoteNotClosed: 400,
  /** {reason}: the CSV parser's code (CSV_...). */
  escoCsv: 400,
  escoUnreadable: 400,
  escoEmpty: 400,
  escoNoLanguage: 400,
  /** {column}, {value} */
  escoNoConceptUri: 400,
  /** {column} */
  escoColumnEmpty: 400,
  /** {value} */
  escoRelationType: 400,
});
