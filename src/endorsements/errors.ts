import { errorCodes } from '../platform/errors.ts';

/** The endorsements module's error codes; their texts are `endorsements:errors.<name>` in its locales (en, nl). */
export const EndorsementErrors = errorCodes('endorsements', {
  endorsementNotFound: 404,
  /** achievement, issuer or credential */
  subjectType: 400,
  /** The thing to endorse is not found (its id or address). */
  subjectNotFound: 400,
  /** An organisation does not endorse its own badges, itself or its own credentials. */
  ownSubject: 400,
  /** {name}: the organisation endorses it already (revoke that one first). */
  alreadyEndorsed: 409,
  /** A revoked endorsement stays revoked. */
  alreadyRevoked: 409,
});
export const E = EndorsementErrors;
