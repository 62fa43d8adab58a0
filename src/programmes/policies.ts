import {
  anyOf,
  OPERATOR,
  onlyWithin,
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
 * The programme's own group (src/programmes/access.ts): the assessors of its cohorts and its
 * enrolled participants — roles no organisation gives. The services narrow it further: a
 * participant sees only their own work, an assessor only their cohorts'.
 */
const people = (...roles: ('assessor' | 'participant')[]) => within('programme', ...roles);
/** The playbook: the managers, the assessors and the participants. */
const INSIDERS = anyOf(MANAGERS, people('assessor', 'participant'));
/** A cohort's page, the assessment queue, moderation, writing the playbook: the managers and the assessors. */
const STAFF = anyOf(MANAGERS, people('assessor'));
/** A participant's own work: the participant only (not the managers, not the operator: nobody hands in work for them). */
const PARTICIPANT = onlyWithin('programme', 'participant');
/** An assessor's judgement: the cohort's assessors only (a manager or the operator may moderate, not review). */
const ASSESSOR = onlyWithin('programme', 'assessor');
/** A round of work and its evidence: the participant's own, their cohort's assessors, the managers. */
const WORK = anyOf(MANAGERS, people('participant', 'assessor'));

/**
 * Who may call the programmes' routes (src/platform/http/policy.ts, docs/decisions/014): published
 * programmes and the evidence a badge points to are public; applying needs signing in; the
 * organisation's owners, admins and issuers run a programme and, with the programme's own
 * assessors and participants (`anyOf`), reach its rounds and playbook; a participant's own work is
 * theirs alone and a review the assessors' alone; the network operator accredits. Exercised by
 * test/programmes/matrix-fixture.ts.
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
  'POST /programmes/:id/rounds/:roundId/review': ASSESSOR,
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
  'POST /api/v1/programmes/:id/rounds/:roundId/reviews': ASSESSOR,
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
