import type { RoutePolicies } from '../../platform/http/policy.ts';
import { FACILITATORS, MEMBERS } from '../policies.ts';

/**
 * Who may call the open space's routes (docs/decisions/014): members propose topics, vote and host;
 * facilitators add rooms and slots and place or schedule the topics.
 */
export const openSpacePolicies: RoutePolicies = {
  'GET /communities/:slug/sessions/:sessionId/open-space': MEMBERS,
  'GET /communities/:slug/sessions/:sessionId/open-space/topics/:topicId': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/open-space/topics': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/open-space/rooms': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/open-space/slots': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/open-space/schedule': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/open-space/topics/:topicId/vote': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/open-space/topics/:topicId/host': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/open-space/topics/:topicId/place': FACILITATORS,
};
