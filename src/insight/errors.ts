import { errorCodes } from '../platform/errors.ts';

/** The insight module's error codes; their texts are `insight:errors.<name>` in its locales (en, nl). */
export const InsightErrors = errorCodes('insight', {
  /** A date is not YYYY-MM-DD. */
  badDate: 400,
  /** The period ends before it starts, or is longer than {max} days. */
  badPeriod: 400,
  /** week or month. */
  badInterval: 400,
  /** Not a skill of the library. */
  unknownSkill: 400,
  /** Not a skill group (collection or category) of the library. */
  unknownGroup: 400,
  /** Not an occupation the vacancies were tagged with. */
  unknownOccupation: 400,
  /** Not one of the twelve provinces. */
  unknownProvince: 400,
  /** A municipality name is too long or empty. */
  badMunicipality: 400,
  /** A whole number between {min} and {max}. */
  badNumber: 400,
  /** csv or json. */
  badFormat: 400,
  /** What was typed to find a skill or an occupation is longer than {max} characters. */
  searchTooLong: 400,
  themeNotFound: 404,
  sessionNotFound: 404,
  /** The theme's community has no session planned after today. */
  noNextSession: 409,
  /** The skill is not one of the theme's skills. */
  skillNotInTheme: 400,
});
export const E = InsightErrors;
