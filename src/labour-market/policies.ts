import { ORG_ROLES } from '../accounts/api.ts';
import { orgRoles, type RoutePolicies, type RoutePolicy, rolesAnywhere, SIGNED_IN } from '../platform/http/policy.ts';
import { ANALYST_ROLES } from './sources.ts';

/** A vacancy: anyone of its organisation, whatever their role (`getVacancy`). */
const READERS: RoutePolicy = orgRoles(...ORG_ROLES);
/** A source, its runs and log: owners, admins and analysts of its organisation (`accessSource`); 404 for anyone else. */
const ANALYSTS: RoutePolicy = orgRoles(...ANALYST_ROLES);
/** Adding a source or sending a vacancy: owners, admins and analysts of the organisation named in the body. */
const ANALYSTS_ANYWHERE: RoutePolicy = rolesAnywhere(...ANALYST_ROLES);

/**
 * Who may call the harvesting part's routes (src/platform/http/policy.ts, docs/decisions/014). The
 * lists are of one's own organisations (vacancies: every organisation one belongs to; sources: those
 * one manages them for), so they are for anyone signed in.
 */
export const harvestPolicies: RoutePolicies = {
  'GET /vacancies': SIGNED_IN,
  'GET /vacancies/:id': READERS,
  'GET /vacancy-sources': SIGNED_IN,
  'GET /vacancy-sources/new': SIGNED_IN,
  'POST /vacancy-sources/new': ANALYSTS_ANYWHERE,
  'GET /vacancy-sources/:id': ANALYSTS,
  'GET /vacancy-sources/:id/runs': ANALYSTS,
  'POST /vacancy-sources/:id/run': ANALYSTS,
  'GET /vacancy-sources/:id/edit': ANALYSTS,
  'POST /vacancy-sources/:id/edit': ANALYSTS,
  'POST /vacancy-sources/:id/upload': ANALYSTS,
  'POST /vacancy-sources/:id/delete': ANALYSTS,
  'GET /api/v1/vacancies': SIGNED_IN,
  'GET /api/v1/vacancies/:id': READERS,
  'POST /api/v1/vacancies': ANALYSTS_ANYWHERE,
  'GET /api/v1/vacancy-sources': SIGNED_IN,
  'POST /api/v1/vacancy-sources': ANALYSTS_ANYWHERE,
  'GET /api/v1/vacancy-sources/:id': ANALYSTS,
  'PATCH /api/v1/vacancy-sources/:id': ANALYSTS,
  'DELETE /api/v1/vacancy-sources/:id': ANALYSTS,
  'POST /api/v1/vacancy-sources/:id/upload': ANALYSTS,
  'POST /api/v1/vacancy-sources/:id/runs': ANALYSTS,
  'GET /api/v1/vacancy-runs/:id': ANALYSTS,
};

/** Who may call the extraction part's route: anyone signed in (or with an API token). */
export const extractionPolicies: RoutePolicies = {
  'POST /api/v1/extract': SIGNED_IN,
};
