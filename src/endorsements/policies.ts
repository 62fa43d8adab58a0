import { orgRoles, PUBLIC, type RoutePolicies } from '../platform/http/policy.ts';
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
};
