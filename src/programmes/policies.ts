import {
  OPERATOR,
  orgRoles,
  PUBLIC,
  type RoutePolicies,
  type RoutePolicy,
  rolesAnywhere,
  SIGNED_IN,
  within,
} from '../platform/http/policy.ts';
import { MANAGER_ROLES } from './access.ts';

/** Running a programme: the owners, admins and issuers of its organisation. */
const MANAGERS: RoutePolicy = orgRoles(...MANAGER_ROLES);
/**
 * The programme's own group (src/programmes/access.ts): its managers (the organisation's owners,
 * admins and issuers), the assessors of its cohorts and its enrolled participants. The services
 * narrow it further: a participant sees only their own work, an assessor only their cohorts'.
 */
const people = (...roles: ('manager' | 'assessor' | 'participant')[]) => within('programme', ...roles);
const INSIDERS = people('manager', 'assessor', 'participant');
const STAFF = people('manager', 'assessor');
const PARTICIPANT = people('participant');
/** A round of work and its evidence: the participant's own, their cohort's assessors, the managers. */
const WORK = people('participant', 'assessor', 'manager');

/**
 * Who may call the programmes' routes (src/platform/http/policy.ts, docs/decisions/014): published
 * programmes and the evidence a badge points to are public; applying needs signing in; the
 * organisation's owners, admins and issuers run a programme; the programme's own people (managers,
 * assessors, participants) reach its work and playbook; the network operator accredits.
 */
export const programmesPolicies: RoutePolicies = {
  'GET /programmes': PUBLIC,
  'GET /programmes/:id': PUBLIC,
  'GET /programmes/evidence/:token': PUBLIC,
  'GET /programmes/evidence/:token/files/:submissionId': PUBLIC,
  'GET /organisations/:slug/programmes': MANAGERS,
  'GET /organisations/:slug/programmes/new': MANAGERS,
  'POST /organisations/:slug/programmes/new': MANAGERS,
  'GET /programmes/:id/edit': MANAGERS,
  'POST /programmes/:id/edit': MANAGERS,
  'GET /programmes/:id/modules/new': MANAGERS,
  'POST /programmes/:id/modules/new': MANAGERS,
  'POST /programmes/:id/accreditations': OPERATOR,
  'GET /programmes/:id/cohorts/new': MANAGERS,
  'POST /programmes/:id/cohorts/new': MANAGERS,
  'GET /programmes/:id/cohorts/:cohortId': STAFF,
  'GET /programmes/:id/cohorts/:cohortId/edit': MANAGERS,
  'POST /programmes/:id/cohorts/:cohortId/edit': MANAGERS,
  'POST /programmes/:id/cohorts/:cohortId/assessors': MANAGERS,
  'POST /programmes/:id/cohorts/:cohortId/assessors/:userId/remove': MANAGERS,
  'POST /programmes/:id/enrolments/:enrolmentId/decision': MANAGERS,
  'GET /programmes/:id/cohorts/:cohortId/apply': SIGNED_IN,
  'POST /programmes/:id/cohorts/:cohortId/apply': SIGNED_IN,
  'GET /programmes/:id/work': PARTICIPANT,
  'GET /programmes/:id/assignments/:assignmentId': PARTICIPANT,
  'POST /programmes/:id/assignments/:assignmentId': PARTICIPANT,
  'GET /programmes/:id/submissions/:submissionId/file': WORK,
  'GET /programmes/:id/modules/:moduleId/renew': PARTICIPANT,
  'POST /programmes/:id/modules/:moduleId/renew': PARTICIPANT,
  'GET /programmes/:id/assess': STAFF,
  'GET /programmes/:id/rounds/:roundId': WORK,
  'POST /programmes/:id/rounds/:roundId/review': people('assessor'),
  'POST /programmes/:id/rounds/:roundId/moderate': STAFF,
  'GET /programmes/:id/playbook': INSIDERS,
  'GET /programmes/:id/playbook/new': STAFF,
  'POST /programmes/:id/playbook/new': STAFF,
  'GET /programmes/:id/playbook/:pageId': INSIDERS,
  'GET /programmes/:id/playbook/:pageId/history': INSIDERS,
  'GET /programmes/:id/playbook/:pageId/edit': STAFF,
  'POST /programmes/:id/playbook/:pageId/edit': STAFF,
  'GET /api/v1/programmes': PUBLIC,
  // The organisation is named in the body.
  'POST /api/v1/programmes': rolesAnywhere(...MANAGER_ROLES),
  'GET /api/v1/programmes/:id': PUBLIC,
  'PATCH /api/v1/programmes/:id': MANAGERS,
  'POST /api/v1/programmes/:id/modules': MANAGERS,
  'POST /api/v1/programmes/:id/cohorts': MANAGERS,
  'PATCH /api/v1/programmes/:id/cohorts/:cohortId': MANAGERS,
  'GET /api/v1/programmes/:id/cohorts/:cohortId/enrolments': STAFF,
  'POST /api/v1/programmes/:id/cohorts/:cohortId/enrolments': SIGNED_IN,
  'POST /api/v1/programmes/:id/enrolments/:enrolmentId/decision': MANAGERS,
  'POST /api/v1/programmes/:id/cohorts/:cohortId/assessors': MANAGERS,
  'DELETE /api/v1/programmes/:id/cohorts/:cohortId/assessors/:userId': MANAGERS,
  'GET /api/v1/programmes/:id/work': PARTICIPANT,
  'POST /api/v1/programmes/:id/assignments/:assignmentId/submissions': PARTICIPANT,
  'GET /api/v1/programmes/:id/submissions/:submissionId': WORK,
  'POST /api/v1/programmes/:id/modules/:moduleId/renewal': PARTICIPANT,
  'GET /api/v1/programmes/:id/assessments': STAFF,
  'GET /api/v1/programmes/:id/rounds/:roundId': WORK,
  'POST /api/v1/programmes/:id/rounds/:roundId/reviews': people('assessor'),
  'POST /api/v1/programmes/:id/rounds/:roundId/moderation': STAFF,
  'GET /api/v1/programmes/:id/playbook': INSIDERS,
  'POST /api/v1/programmes/:id/playbook': STAFF,
  'GET /api/v1/programmes/:id/playbook/:pageId': INSIDERS,
  'PATCH /api/v1/programmes/:id/playbook/:pageId': STAFF,
  'GET /api/v1/programmes/:id/playbook/:pageId/history': INSIDERS,
  'GET /api/v1/programmes/accreditations': PUBLIC,
  'POST /api/v1/programmes/accreditations': OPERATOR,
  'POST /api/v1/programmes/accreditations/:accreditationId/revoke': OPERATOR,
};
