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
  memberNotFound: 404,
  invitationNotFound: 404,
  /** {email}: the invitation was sent to another address than the person's confirmed ones. */
  invitationOtherAddress: 403,
  /** A community by invitation takes no requests to join. */
  byInvitation: 403,
  /** A community keeps at least one facilitator. */
  lastFacilitator: 409,
  callNotFound: 404,
  applicationNotFound: 404,
  /** The call for applications is closed. */
  callClosed: 409,
  /** A date as YYYY-MM-DD. */
  badDate: 400,
  goalNotFound: 404,
  /** The end of a period before its start. */
  periodOrder: 400,
  /** {max} */
  tooManySkills: 400,
  /** {skill}: not a skill of the library. */
  unknownSkill: 400,
  /** {min} {max} */
  progressRange: 400,
  /** The template chosen is not one of the built-in ones or the community's own. */
  templateNotFound: 400,
  agendaItemNotFound: 404,
  /** A time as HH:MM. */
  badTime: 400,
  /** Not a time zone the server knows (Europe/Amsterdam, …). */
  badTimeZone: 400,
  /** {min} {max} */
  capacityRange: 400,
  /** {min} {max} */
  minutesRange: 400,
  /** {max} */
  tooManyItems: 400,
  /** The session is cancelled. */
  sessionCancelled: 409,
  /** The session is over. */
  sessionOver: 409,
  /** A calendar feed address that is unknown (or was replaced). */
  feedNotFound: 404,
  actionNotFound: 404,
  /** Only the action item's owner, its maker and the facilitators may change it. */
  notActionOwner: 403,
  /** The code is not this session's code of this minute (or the one before). */
  badCode: 400,
  /** Check-in opens an hour before the session and closes an hour after. */
  checkInClosed: 409,
  ruleNotFound: 404,
  /** {min} {max} */
  thresholdRange: 400,
  /** "Completed the year" needs a theme (its end date and sessions count). */
  themeRequired: 400,
  /** {max}: at most this many questions. */
  tooManyQuestions: 400,
});

/** Short name inside the communities module. */
export const E = CommunityErrors;
