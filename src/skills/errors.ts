import { errorCodes } from '../platform/errors.ts';

/**
 * The skills module's error codes. Texts: `errors.<name>` in the locales of the part that throws
 * them (search codes in src/skills/search/locales). Parts append their codes here.
 */
export const SkillsErrors = errorCodes('skills', {
  /** A whole number outside its range (search limit and offset). */
  notWholeNumber: 400,
  /** An ESCO import run that does not exist (or an id that cannot be one). */
  importRunNotFound: 404,
});
