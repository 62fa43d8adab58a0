import { OPERATOR, orgRoles, PERSON, PUBLIC, type RoutePolicies, SIGNED_IN } from '../platform/http/policy.ts';
import { ENDORSER_ROLES } from './service.ts';

const ENDORSERS = orgRoles(...ENDORSER_ROLES);

/** Who may call the endorsements module's routes (src/platform/http/policy.ts, docs/decisions/014). */
export const endorsementsPolicies: RoutePolicies = {
  'GET /endorsements/:id': PUBLIC,
  'GET /endorsements/:id/credential.json': PUBLIC,
  'GET /api/v1/endorsements': PUBLIC,
  'GET /api/v1/endorsements/:id': PUBLIC,
  'GET /organisations/:slug/endorsements': ENDORSERS,
  'POST /organisations/:slug/endorsements': ENDORSERS,
  'POST /api/v1/endorsements': ENDORSERS,
  'POST /endorsements/:id/revoke': ENDORSERS,
  'POST /api/v1/endorsements/:id/revoke': ENDORSERS,
  // Endorsing as oneself (where the network allows it; the service refuses with a coded 403 otherwise)
  // and revoking one's own: the person who gave it only.
  'GET /endorsements/personal': SIGNED_IN,
  'POST /endorsements/personal': SIGNED_IN,
  'POST /endorsements/personal/:id/revoke': PERSON,
  'GET /api/v1/endorsements/personal': SIGNED_IN,
  'POST /api/v1/endorsements/personal': SIGNED_IN,
  'POST /api/v1/endorsements/personal/:id/revoke': PERSON,
  // The network's setting: anyone may read it, the operator changes it.
  'GET /api/v1/endorsements/settings': PUBLIC,
  'PUT /api/v1/endorsements/settings': OPERATOR,
  'GET /admin/endorsements': OPERATOR,
  'POST /admin/endorsements': OPERATOR,
};
