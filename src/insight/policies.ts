import { OPERATOR, orgRoles, PUBLIC, type RoutePolicies, type RoutePolicy, SIGNED_IN, within } from '../platform/http/policy.ts';

/** An organisation's published reports are written by its analysts (and its owners and admins). */
export const REPORT_ROLES = ['owner', 'admin', 'analyst'] as const;
const ANALYSTS: RoutePolicy = orgRoles(...REPORT_ROLES);
/** An issuer's badges against demand: those who may issue them. */
const ISSUERS: RoutePolicy = orgRoles('owner', 'admin', 'issuer');
/** A community's facilitators (the communities module's own group). */
const FACILITATORS: RoutePolicy = within('community', 'facilitator');

/**
 * Who may call the insight module's routes (src/platform/http/policy.ts, docs/decisions/014).
 * The network's views (demand, supply, gaps) are aggregates for anyone signed in; supply never
 * shows a cell of fewer than 5 people. A report is read as it was published (publicly, to the
 * network, or a draft only to its organisation's analysts: a 404 to everyone else). The matching
 * part brings its own (src/insight/matching).
 */
export const insightPolicies: RoutePolicies = {
  'GET /insight': SIGNED_IN,
  'GET /insight/region': SIGNED_IN,
  'POST /insight/region': SIGNED_IN,
  'POST /insight/refresh': OPERATOR,
  'GET /insight/demand': SIGNED_IN,
  'GET /insight/emerging': SIGNED_IN,
  'GET /insight/cooccurrence': SIGNED_IN,
  'GET /insight/supply': SIGNED_IN,
  'GET /insight/gaps': SIGNED_IN,
  'GET /insight/export/:view.:format': SIGNED_IN,
  'GET /api/v1/insight/skills': SIGNED_IN,
  'GET /api/v1/insight/trend': SIGNED_IN,
  'GET /api/v1/insight/emerging': SIGNED_IN,
  'GET /api/v1/insight/cooccurrence': SIGNED_IN,
  'GET /api/v1/insight/supply': SIGNED_IN,
  'GET /api/v1/insight/regions': SIGNED_IN,
  'GET /api/v1/insight/gaps': SIGNED_IN,
  'GET /api/v1/insight/region': SIGNED_IN,
  'PUT /api/v1/insight/region': SIGNED_IN,
  'POST /communities/themes/:id/insight-agenda': FACILITATORS,
  'GET /organisations/:slug/insight/badges': ISSUERS,
  'GET /api/v1/insight/organisations/:slug/badges': ISSUERS,
  'GET /insight/reports': PUBLIC,
  'GET /insight/reports/:id': PUBLIC,
  'GET /insight/reports/add': SIGNED_IN,
  'GET /organisations/:slug/insight/reports': ANALYSTS,
  'POST /organisations/:slug/insight/reports': ANALYSTS,
  'GET /organisations/:slug/insight/reports/:id/edit': ANALYSTS,
  'POST /organisations/:slug/insight/reports/:id/edit': ANALYSTS,
  'POST /organisations/:slug/insight/reports/:id/charts': ANALYSTS,
  'POST /organisations/:slug/insight/reports/:id/charts/:chartId/remove': ANALYSTS,
  'GET /api/v1/insight/reports': PUBLIC,
  'GET /api/v1/insight/reports/:id': PUBLIC,
};
