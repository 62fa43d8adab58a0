import { type RoutePolicies, SIGNED_IN } from '../platform/http/policy.ts';

/**
 * Who may call the insight module's routes (src/platform/http/policy.ts, docs/decisions/014).
 * The network's views (demand, supply, gaps) are aggregates for anyone signed in; supply never
 * shows a cell of fewer than 5 people. The matching part brings its own (src/insight/matching).
 */
export const insightPolicies: RoutePolicies = {
  'GET /insight': SIGNED_IN,
};
