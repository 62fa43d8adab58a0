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
  /** The network does not allow endorsements by people (the operator's setting is off). */
  peopleMayNotEndorse: 403,
  /** Endorsing as yourself asks for a confirmed email address. */
  addressNotConfirmed: 403,
  /** A person does not endorse a credential issued to them. */
  ownCredential: 400,
  /** {name}: a person does not endorse the badges, the credentials or the page of an organisation they belong to. */
  ownOrganisation: 400,
  /** {name}: the person endorses it already (revoke that one first). */
  alreadyEndorsedByYou: 409,
  /** Only the person who gave an endorsement revokes it. */
  notYourEndorsement: 403,
});
export const E = EndorsementErrors;
