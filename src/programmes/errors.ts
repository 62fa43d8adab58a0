import { errorCodes } from '../platform/errors.ts';

/** The programmes module's error codes; their texts are `programmes:errors.<name>` in its locales (en, nl). */
export const ProgrammeErrors = errorCodes('programmes', {
  programmeNotFound: 404,
  moduleNotFound: 404,
  cohortNotFound: 404,
  enrolmentNotFound: 404,
  assignmentNotFound: 404,
  roundNotFound: 404,
  submissionNotFound: 404,
  pageNotFound: 404,
  versionNotFound: 404,
  accreditationNotFound: 404,
  /** Changed by someone else since the form was opened. */
  programmeChanged: 409,
  pageChanged: 409,
  /** draft, published or archived */
  status: 400,
  /** application or open */
  enrolmentKind: 400,
  /** A programme holds at most {max} modules (its certificate's pathway has a step per module). */
  tooManyModules: 400,
  rubricEmpty: 400,
  /** {max} */
  rubricTooLarge: 400,
  /** {name} */
  criterionTwice: 400,
  /** {min} {max} */
  levelCount: 400,
  levelName: 400,
  /** {name} */
  levelTwice: 400,
  /** {max}: the passing level is a level's number or name. */
  passLevel: 400,
  /** {criterion} */
  levelRequired: 400,
  /** {criterion} {options} */
  levelUnknown: 400,
  /** {criterion} */
  criterionUnknown: 400,
  noAssignments: 400,
  /** {max} */
  tooManyAssignments: 400,
  /** An assignment allows at least one kind of evidence: text, file, link. */
  evidenceKinds: 400,
  /** {min} {max} */
  wholeNumber: 400,
  /** assessment or claim */
  renewalMode: 400,
  /** A calendar day, YYYY-MM-DD. */
  notDate: 400,
  endsBeforeStart: 400,
  cohortFull: 409,
  enrolmentClosed: 409,
  alreadyEnrolled: 409,
  /** The application was decided already. */
  enrolmentDecided: 409,
  /** decision: accept or decline */
  decision: 400,
  /** {email}: no account has confirmed this address. */
  assessorUnknown: 400,
  assessorIsParticipant: 400,
  alreadyAssessor: 409,
  /** A submission holds none of what the assignment asks for. */
  evidenceEmpty: 400,
  /** {kind} is not asked for by this assignment. */
  evidenceNotAllowed: 400,
  /** {max} */
  fileTooLarge: 413,
  /** The work is with the assessors (or decided): its evidence no longer changes. */
  roundClosed: 409,
  /** Not one of this cohort's assessors. */
  notAssessor: 403,
  /** Nobody assesses their own work. */
  ownWork: 403,
  alreadyReviewed: 409,
  /** The work is not ready for assessment (or moderation). */
  notReady: 409,
  /** A moderator is someone who did not assess this work. */
  moderatorReviewed: 403,
  /** The participant has no confirmed email address to receive the badge. */
  noAddress: 409,
  /** A new attempt only after a decision that did not pass. */
  retryNotAllowed: 409,
  /** {date}: renewal opens {days} days before the badge expires. */
  renewalNotDue: 409,
  /** There is no badge of this module to renew. */
  nothingToRenew: 409,
  /** A round of work is open already. */
  roundOpen: 409,
  /** Only the network operator accredits. */
  operatorOnly: 403,
  /** programme or issuer */
  accreditationKind: 400,
});
export const E = ProgrammeErrors;
