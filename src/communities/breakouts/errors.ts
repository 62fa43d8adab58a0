import { errorCodes } from '../../platform/errors.ts';

/** Error codes of guiding questions and breakout groups (texts: `communities:errors.<name>`). */
export const BreakoutErrors = errorCodes('communities', {
  guidingQuestionNotFound: 404,
  breakoutNotFound: 404,
  /** Groups exist already: tick "replace" to make them again. */
  breakoutsExist: 409,
  /** Groups cannot be made again once one has notes. */
  breakoutsHaveNotes: 409,
  /** No one is registered for the session to put in groups. */
  noParticipants: 409,
  /** Groups by interest need guiding questions. */
  noQuestions: 409,
  /** Groups by skill need a theme with skills. */
  noThemeSkills: 409,
  /** {max}: a number of groups from 1 to max. */
  badGroupCount: 400,
  /** The person is no active member of the community. */
  notCommunityMember: 400,
  /** {max}: a session has at most this many guiding questions. */
  tooManyGuidingQuestions: 409,
});
