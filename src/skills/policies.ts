import { OPERATOR, orgRoles, PUBLIC, type RoutePolicies, rolesAnywhere } from '../platform/http/policy.ts';
import { CURATOR_ROLES } from './library/access.ts';

/** Curators of the organisation that owns the skill or collection (the operator for the shared library). */
const CURATORS = orgRoles(...CURATOR_ROLES);
/** New skills and collections: a curator of some organisation (who picks it in the form). */
const ANY_CURATOR = rolesAnywhere(...CURATOR_ROLES);

/**
 * Who may call the skills library's routes (src/platform/http/policy.ts, docs/decisions/014).
 * Reading published skills is public; drafts are shown to the owning organisation's members only.
 */
export const skillsPolicies: RoutePolicies = {
  // Reading and searching.
  'GET /skills': PUBLIC,
  'GET /skills/:id': PUBLIC,
  'GET /skills/groups/:id': PUBLIC,
  'GET /skills/picker': PUBLIC,
  'GET /occupations/:id': PUBLIC,
  'GET /collections': PUBLIC,
  'GET /collections/:id': PUBLIC,
  'GET /api/v1/skills': PUBLIC,
  'GET /api/v1/skills/:id': PUBLIC,
  'GET /api/v1/skills/:id/export': PUBLIC,
  'GET /api/v1/skills/:id/history': PUBLIC,
  'GET /api/v1/skills/export': PUBLIC,
  'GET /api/v1/occupations': PUBLIC,
  'GET /api/v1/collections': PUBLIC,
  'GET /api/v1/collections/:id': PUBLIC,
  'GET /api/v1/collections/:id/export': PUBLIC,
  'GET /api/v1/collections/:id/skills': PUBLIC,
  'GET /api/v1/contexts/rsd-context-v1.json': PUBLIC,
  'GET /api/v1/contexts/vaardig-rsd-v1.json': PUBLIC,
  // Writing an organisation's skills and collections: its curators.
  'GET /skills/new': ANY_CURATOR,
  'POST /skills/new': ANY_CURATOR,
  'GET /skills/upload': ANY_CURATOR,
  'POST /skills/upload': ANY_CURATOR,
  'GET /collections/new': ANY_CURATOR,
  'POST /collections/new': ANY_CURATOR,
  'POST /api/v1/skills': ANY_CURATOR,
  'POST /api/v1/skills/import': ANY_CURATOR,
  'POST /api/v1/collections': ANY_CURATOR,
  'GET /skills/:id/edit': CURATORS,
  'POST /skills/:id/edit': CURATORS,
  'POST /skills/:id/status': CURATORS,
  'POST /skills/:id/suggestions': CURATORS,
  'POST /skills/:id/suggestions/:escoId': CURATORS,
  'PATCH /api/v1/skills/:id': CURATORS,
  'POST /api/v1/skills/:id/archive': CURATORS,
  'POST /api/v1/skills/:id/publish': CURATORS,
  'POST /api/v1/skills/:id/unarchive': CURATORS,
  'GET /api/v1/skills/:id/suggestions': CURATORS,
  'POST /api/v1/skills/:id/suggestions/:escoSkillId/accept': CURATORS,
  'POST /api/v1/skills/:id/suggestions/:escoSkillId/reject': CURATORS,
  // Only sends the browser to the collection's page with the search in its address.
  'GET /collections/:id/find': PUBLIC,
  'POST /collections/:id/skills': CURATORS,
  'POST /collections/:id/skills/:skillId/remove': CURATORS,
  'POST /collections/:id/status': CURATORS,
  'PATCH /api/v1/collections/:id': CURATORS,
  'POST /api/v1/collections/:id/archive': CURATORS,
  'POST /api/v1/collections/:id/publish': CURATORS,
  'POST /api/v1/collections/:id/unarchive': CURATORS,
  'POST /api/v1/collections/:id/skills': CURATORS,
  'DELETE /api/v1/collections/:id/skills/:skillId': CURATORS,
  // The ESCO import: the network operator.
  'GET /skills/import': OPERATOR,
  'POST /skills/import': OPERATOR,
  'GET /skills/import/runs': OPERATOR,
  'GET /api/v1/skill-imports/:id': OPERATOR,
};
