import { OPERATOR, orgRoles, PUBLIC, type RoutePolicies, SIGNED_IN, SIGNED_OUT } from '../platform/http/policy.ts';
import { ANY_ROLE, MANAGER_ROLES } from './authorisation.ts';

const MANAGERS = orgRoles(...MANAGER_ROLES);
const MEMBERS = orgRoles(...ANY_ROLE);

/** Who may call the accounts module's routes (src/platform/http/policy.ts, docs/decisions/014). */
export const accountsPolicies: RoutePolicies = {
  // Signing up, in and out, confirming and resetting: anyone; a mailed token is the credential.
  'GET /signin': SIGNED_OUT,
  'POST /signin': SIGNED_OUT,
  'GET /signup': SIGNED_OUT,
  'POST /signup': SIGNED_OUT,
  'POST /signout': PUBLIC,
  'GET /reset': SIGNED_OUT,
  'POST /reset': SIGNED_OUT,
  'GET /reset/:token': PUBLIC,
  'POST /reset/:token': PUBLIC,
  'GET /confirm/:token': PUBLIC,
  'POST /confirm/:token': PUBLIC,
  'GET /confirm/resend': PUBLIC,
  'POST /confirm/resend': PUBLIC,
  'GET /invitations/:token': PUBLIC,
  'POST /invitations/:token': SIGNED_IN,
  'GET /account/addresses/confirm/:token': PUBLIC,
  'POST /account/addresses/confirm/:token': PUBLIC,
  // One's own account, addresses and tokens.
  'GET /account': SIGNED_IN,
  'POST /account': SIGNED_IN,
  'POST /account/addresses': SIGNED_IN,
  'POST /account/addresses/:id/remove': SIGNED_IN,
  'POST /account/addresses/:id/resend': SIGNED_IN,
  'POST /account/tokens': SIGNED_IN,
  'POST /account/tokens/:id/revoke': SIGNED_IN,
  'GET /api/v1/me': SIGNED_IN,
  'GET /api/v1/tokens': SIGNED_IN,
  'POST /api/v1/tokens': SIGNED_IN,
  'DELETE /api/v1/tokens/:id': SIGNED_IN,
  // Organisations: one's own list, starting one; an organisation's page is for its members (and the operator).
  'GET /organisations': SIGNED_IN,
  'GET /organisations/:slug': MEMBERS,
  'GET /organisations/new': SIGNED_IN,
  'POST /organisations': SIGNED_IN,
  'GET /api/v1/organisations': SIGNED_IN,
  'GET /api/v1/organisations/:slug': MEMBERS,
  'POST /api/v1/organisations': SIGNED_IN,
  // Members and invitations: members read, managers change.
  'GET /api/v1/organisations/:slug/members': MEMBERS,
  'PATCH /api/v1/organisations/:slug/members/:userId': MANAGERS,
  'DELETE /api/v1/organisations/:slug/members/:userId': MANAGERS,
  'GET /api/v1/organisations/:slug/invitations': MANAGERS,
  'POST /api/v1/organisations/:slug/invitations': MANAGERS,
  'POST /api/v1/organisations/:slug/invitations/:id/resend': MANAGERS,
  'DELETE /api/v1/organisations/:slug/invitations/:id': MANAGERS,
  'POST /organisations/:slug/invitations': MANAGERS,
  'POST /organisations/:slug/invitations/:id/resend': MANAGERS,
  'POST /organisations/:slug/invitations/:id/revoke': MANAGERS,
  'POST /organisations/:slug/members/:userId': MANAGERS,
  'POST /organisations/:slug/members/:userId/remove': MANAGERS,
  // The network operator's pages.
  'GET /admin/organisations': OPERATOR,
  'GET /admin/outbox': OPERATOR,
};
