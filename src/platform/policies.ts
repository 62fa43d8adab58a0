import { PUBLIC, type RoutePolicies } from './http/policy.ts';

/** Who may call the shell's routes (src/platform/http/policy.ts): all of them are public. */
export const platformPolicies: RoutePolicies = {
  'GET /': PUBLIC,
  'GET /health': PUBLIC,
  'GET /lang/:lang': PUBLIC,
  'GET /assets/*': PUBLIC,
  'GET /assets/htmx/*': PUBLIC,
  'GET /api/docs': PUBLIC,
  'GET /api/docs/json': PUBLIC,
  'GET /api/docs/yaml': PUBLIC,
  'GET /api/docs/static/*': PUBLIC,
  'GET /api/docs/static/index.html': PUBLIC,
  'GET /api/docs/static/swagger-initializer.js': PUBLIC,
};
