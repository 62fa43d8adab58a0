import { errorCodes } from '../platform/errors.ts';

/** The pathways module's error codes; their texts are `pathways:errors.<name>` in its locales (en, nl). */
export const PathwayErrors = errorCodes('pathways', {
  pathwayNotFound: 404,
  /** The pathway was changed by someone else since the form was opened. */
  pathwayChanged: 409,
  /** The pathway badge must be an achievement of the pathway's organisation. */
  badgeNotOwn: 400,
  /** draft, published or archived */
  status: 400,
  /** {max} */
  tooManySteps: 400,
  /** A pathway needs at least one step. */
  noSteps: 400,
  /** {step}: a step needs at least one badge or skill. */
  stepEmpty: 400,
  /** {step} {max}: too many options in a step. */
  tooManyOptions: 400,
  /** {step}: all or any. */
  stepRule: 400,
  /** {step} {max}: "any N" needs 1 ≤ N ≤ the options. */
  stepCount: 400,
  /** {value}: not an achievement id (a URL or URN). */
  achievementRef: 400,
  /** {value}: no skill of the library. */
  unknownSkill: 400,
  /** {name}: an achievement named in two steps. */
  achievementTwice: 400,
  /** The pathway badge cannot be one of its own steps. */
  badgeInSteps: 400,
  /** The first step cannot wait for one before it. */
  firstOrdered: 400,
});
export const E = PathwayErrors;
