import type { RoutePolicies } from '../../platform/http/policy.ts';
import { FACILITATORS, MEMBERS } from '../policies.ts';

/**
 * Who may call the clinics' routes (docs/decisions/014): members present challenges, suggest and
 * support solutions; facilitators link a challenge to a reflection session and write its summary.
 */
export const clinicsPolicies: RoutePolicies = {
  'GET /communities/:slug/sessions/:sessionId/clinic': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/clinic/challenges': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/clinic/challenges/:challengeId/solutions': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/clinic/solutions/:solutionId/support': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/clinic/challenges/:challengeId/reflection': FACILITATORS,
  'GET /communities/:slug/sessions/:sessionId/reflection': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/reflection/challenges/:challengeId/solutions': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/reflection/solutions/:solutionId/support': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/reflection/challenges/:challengeId/summary': FACILITATORS,
};
