import type { RoutePolicies } from '../../platform/http/policy.ts';
import { FACILITATORS, MEMBERS, SEE } from '../policies.ts';

/**
 * Who may call the reports' routes (docs/decisions/014): a session's report page is for members (its
 * editor for facilitators, who write, draft and publish it); published reports, the knowledge base
 * and outputs for everyone who sees the community (drafts for its facilitators); members add
 * knowledge, facilitators outputs.
 */
export const reportsPolicies: RoutePolicies = {
  'GET /communities/:slug/sessions/:sessionId/report': MEMBERS,
  'POST /communities/:slug/sessions/:sessionId/report/record': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/report/decisions': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/report/draft': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/report': FACILITATORS,
  'POST /communities/:slug/sessions/:sessionId/report/publish': FACILITATORS,
  'GET /communities/:slug/reports/:reportId': SEE,
  'GET /communities/:slug/reports/:reportId/markdown': SEE,
  'GET /communities/:slug/knowledge': SEE,
  'POST /communities/:slug/knowledge': MEMBERS,
  'GET /communities/:slug/outputs': SEE,
  'POST /communities/:slug/outputs': FACILITATORS,
  'GET /api/v1/communities/:slug/reports': SEE,
  'GET /api/v1/communities/:slug/reports/:id': SEE,
  'GET /api/v1/communities/:slug/knowledge': SEE,
};
