import { orgRoles, PUBLIC, type RoutePolicies, type RoutePolicy, rolesAnywhere, SIGNED_IN } from '../platform/http/policy.ts';
import { EDITOR_ROLES } from './service.ts';

/** Defining and changing an organisation's pathways: its owners, admins and issuers. */
const EDITORS: RoutePolicy = orgRoles(...EDITOR_ROLES);

/**
 * Who may call the pathways' routes (src/platform/http/policy.ts, docs/decisions/014): published
 * pathways are public (a draft or archived one is not found but for its organisation's editors);
 * one's progress needs signing in; the editors of the organisation define and change them.
 */
export const pathwaysPolicies: RoutePolicies = {
  'GET /pathways': PUBLIC,
  'GET /pathways/:id': PUBLIC,
  'GET /organisations/:slug/pathways': EDITORS,
  'GET /organisations/:slug/pathways/new': EDITORS,
  'POST /organisations/:slug/pathways/new': EDITORS,
  'GET /organisations/:slug/pathways/:id/edit': EDITORS,
  'POST /organisations/:slug/pathways/:id/edit': EDITORS,
  'GET /api/v1/pathways': PUBLIC,
  'GET /api/v1/pathways/:id': PUBLIC,
  'GET /api/v1/pathways/:id/progress': SIGNED_IN,
  // The organisation is named in the body.
  'POST /api/v1/pathways': rolesAnywhere(...EDITOR_ROLES),
  'PATCH /api/v1/pathways/:id': EDITORS,
};
