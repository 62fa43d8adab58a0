import { orgRoles, PUBLIC, type RoutePolicies, SIGNED_IN } from '../platform/http/policy.ts';
import { ISSUER_ROLES } from './issuing/achievements.ts';

const ISSUERS = orgRoles(...ISSUER_ROLES);
const MANAGERS = orgRoles('owner', 'admin');

/** Who may call the credentials module's routes (src/platform/http/policy.ts, docs/decisions/014). */
export const credentialsPolicies: RoutePolicies = {
  // Public: verifying, the issuer's documents, published badges and credentials, claiming by code.
  'GET /verify': PUBLIC,
  'POST /verify': PUBLIC,
  'POST /api/v1/verify': PUBLIC,
  'POST /api/v1/verify/upload': PUBLIC,
  'GET /orgs/:slug': PUBLIC,
  'GET /orgs/:slug/did.json': PUBLIC,
  'GET /orgs/:slug/status/:purpose': PUBLIC,
  'GET /people/:id/status/revocation': PUBLIC,
  'GET /achievements/:id': PUBLIC,
  'GET /achievement-images/:file': PUBLIC,
  'GET /credentials/:id': PUBLIC,
  'GET /credentials/:id/:file': PUBLIC,
  'GET /claim': PUBLIC,
  'GET /claim/:code': PUBLIC,
  'GET /claim/:code/qr.svg': PUBLIC,
  'POST /claim/:code': PUBLIC,
  'GET /claim/confirm/:token': PUBLIC,
  'POST /claim/confirm/:token': PUBLIC,
  // The badges one issues or holds, across organisations.
  'GET /badges': SIGNED_IN,
  // An organisation's issuing: owners, admins and issuers.
  'GET /organisations/:slug/achievements': ISSUERS,
  'GET /organisations/:slug/achievements/new': ISSUERS,
  'POST /organisations/:slug/achievements/new': ISSUERS,
  'GET /organisations/:slug/achievements/:id': ISSUERS,
  'GET /organisations/:slug/achievements/:id/edit': ISSUERS,
  'POST /organisations/:slug/achievements/:id/edit': ISSUERS,
  'POST /organisations/:slug/achievements/:id/archive': ISSUERS,
  'GET /organisations/:slug/achievements/:id/image': ISSUERS,
  'POST /organisations/:slug/achievements/:id/image': ISSUERS,
  'POST /organisations/:slug/achievements/:id/image/preview': ISSUERS,
  'GET /organisations/:slug/achievements/:id/image/preview.png': ISSUERS,
  'GET /organisations/:slug/achievements/:id/image/preview.svg': ISSUERS,
  'POST /organisations/:slug/achievements/:id/issue': ISSUERS,
  'POST /organisations/:slug/achievements/:id/bulk': ISSUERS,
  'POST /organisations/:slug/achievements/:id/claim-codes': ISSUERS,
  'POST /organisations/:slug/claim-codes/:id/close': ISSUERS,
  'GET /organisations/:slug/bulk/:id': ISSUERS,
  'GET /organisations/:slug/credentials': ISSUERS,
  'GET /organisations/:slug/credentials/:id/status': ISSUERS,
  'POST /organisations/:slug/credentials/:id/status': ISSUERS,
  'GET /api/v1/organisations/:slug/achievements': ISSUERS,
  'POST /api/v1/organisations/:slug/achievements': ISSUERS,
  'GET /api/v1/organisations/:slug/achievements/:id': ISSUERS,
  'PATCH /api/v1/organisations/:slug/achievements/:id': ISSUERS,
  'POST /api/v1/organisations/:slug/achievements/:id/bulk': ISSUERS,
  'POST /api/v1/organisations/:slug/achievements/:id/claim-codes': ISSUERS,
  'GET /api/v1/organisations/:slug/bulk/:id': ISSUERS,
  'GET /api/v1/organisations/:slug/credentials': ISSUERS,
  'POST /api/v1/organisations/:slug/credentials': ISSUERS,
  'POST /api/v1/organisations/:slug/credentials/:id/status': ISSUERS,
  // The issuer's profile and keys: owners and admins.
  'POST /organisations/:slug/issuer': ISSUERS,
  'POST /organisations/:slug/issuer/rotate': MANAGERS,
};
