/**
 * The public face of the endorsements module: the only file of it that other modules import
 * (test/boundaries.test.ts). Accreditation (issue 11, part B: the network operator accredits an
 * issuer or a programme) is an endorsement given with `endorse`.
 */
export {
  activeDocuments,
  type Endorsement,
  type EndorseInput,
  endorse,
  endorseAsPerson,
  endorsementsFor,
  getEndorsement,
  peopleMayEndorse,
  revokeEndorsement,
} from './service.ts';
