import type { RoutePolicies } from '../../platform/http/policy.ts';
import { FACILITATORS, MEMBERS } from '../policies.ts';

/**
 * Who may call the guiding questions' and breakouts' routes (docs/decisions/014): members answer,
 * choose a question and see the groups; facilitators set the questions and make and fill the groups;
 * a group's member (or a facilitator) takes its notes.
 */
export const breakoutsPolicies: RoutePolicies = {
  'GET /communities/:slug/sessions/:sessionId/questions': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/questions': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/questions/:questionId/remove': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/questions/:questionId/answers': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/interest': MEMBERS,
  'GET /communities/:slug/sessions/:sessionId/breakouts': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/breakouts/make': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/breakouts': FACILITATORS,
  'GET /communities/:slug/sessions/:sessionId/breakouts/:breakoutId': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/breakouts/:breakoutId': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/breakouts/:breakoutId/members': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/breakouts/:breakoutId/note-taker': MEMBERS,
};
