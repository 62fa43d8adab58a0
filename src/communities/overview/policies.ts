import type { RoutePolicies } from '../../platform/http/policy.ts';
import { FACILITATORS } from '../policies.ts';

/** Who may call the overview's route (docs/decisions/014): the community's facilitators. */
export const overviewPolicies: RoutePolicies = {
  'GET /communities/:slug/overview': FACILITATORS,
};
