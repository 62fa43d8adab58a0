import { errorCodes } from '../../platform/errors.ts';

/** The matching part's error codes (namespace `insight`); texts under `errors.<name>` in its locales. */
export const MatchingErrors = errorCodes('insight', {
  /** The person has not opted in to matching (their verified skills are not used). */
  notOptedIn: 409,
  /** No current vacancy of the network with this id. */
  matchVacancyNotFound: 404,
  /** Not an occupation of the library. */
  matchOccupationNotFound: 404,
  /** The target is vacancy, occupation or demand. */
  targetKind: 400,
  /** A target of kind vacancy or occupation needs its id. */
  targetIdRequired: 400,
  /** The person is no member of the organisation they want to share with. */
  shareNotMember: 403,
  /** Not a published skill of the library. */
  targetSkillUnknown: 400,
  /** Wanted people: a whole number between {min} and {max}. */
  targetWanted: 400,
  /** At most {max} target skills. */
  tooManyTargets: 400,
  /** No badge of the network (not archived) with this id. */
  badgeNotFound: 404,
  /** The page's target is one of the regions or occupations it offers. */
  targetChoice: 400,
  /** on or off. */
  optInValue: 400,
});
export const E = MatchingErrors;
