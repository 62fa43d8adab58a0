import { orgRoles, type RoutePolicies, type RoutePolicy, SIGNED_IN } from '../../platform/http/policy.ts';
import { EMPLOYER_ROLES, TARGET_ROLES } from './service.ts';

/** An organisation's candidates and team view: its owners, admins and analysts. */
const EMPLOYERS: RoutePolicy = orgRoles(...EMPLOYER_ROLES);
/** Setting the organisation's target skills: its owners and admins. */
const TARGET_SETTERS: RoutePolicy = orgRoles(...TARGET_ROLES);

/**
 * Who may call the matching part's routes (src/platform/http/policy.ts, docs/decisions/014). A
 * person's matching, sharing and next badge are their own (anyone signed in, about themselves);
 * an organisation's candidates and team for its owners, admins and analysts.
 */
export const matchingPolicies: RoutePolicies = {
  'GET /insight/matching': SIGNED_IN,
  'POST /insight/matching/opt-in': SIGNED_IN,
  'GET /insight/matching/vacancies/:id': SIGNED_IN,
  'GET /insight/badges/:id': SIGNED_IN,
  'GET /insight/matching/sharing': SIGNED_IN,
  'POST /insight/matching/sharing': SIGNED_IN,
  'GET /organisations/:slug/insight/candidates': EMPLOYERS,
  'GET /organisations/:slug/insight/team': EMPLOYERS,
  'POST /organisations/:slug/insight/targets': TARGET_SETTERS,
  'GET /api/v1/insight/matching/settings': SIGNED_IN,
  'PUT /api/v1/insight/matching/opt-in': SIGNED_IN,
  'PUT /api/v1/insight/matching/shares/:slug': SIGNED_IN,
  'GET /api/v1/insight/matching/vacancies': SIGNED_IN,
  'GET /api/v1/insight/matching/vacancies/:id': SIGNED_IN,
  'GET /api/v1/insight/next-badge': SIGNED_IN,
  'GET /api/v1/insight/organisations/:slug/candidates': EMPLOYERS,
  'GET /api/v1/insight/organisations/:slug/team': EMPLOYERS,
  'PUT /api/v1/insight/organisations/:slug/targets': TARGET_SETTERS,
};
