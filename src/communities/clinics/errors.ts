import { errorCodes } from '../../platform/errors.ts';

/** Error codes of clinics and reflections (texts: `communities:errors.<name>`). */
export const ClinicErrors = errorCodes('communities', {
  challengeNotFound: 404,
  solutionNotFound: 404,
  /** Challenges are presented at clinic sessions only. */
  notAClinic: 409,
  /** Solutions are gathered by a reflection session of the same community. */
  notAReflection: 400,
  /** Support goes to other members' solutions. */
  ownSolution: 409,
});
