import { BEARER, PUBLIC, type RoutePolicies, SIGNED_IN } from '../platform/http/policy.ts';

/**
 * Who may call the Open Badges API's routes (src/platform/http/policy.ts, docs/decisions/014). The
 * API itself takes only its own bearer tokens (a session is not enough); the OAuth server's
 * endpoints are public (it checks its clients and grants itself); consenting takes a signed-in person.
 */
export const openBadgesApiPolicies: RoutePolicies = {
  'GET /account/apps': SIGNED_IN,
  'POST /account/apps/:clientId/withdraw': SIGNED_IN,
  'GET /oauth/interaction/:uid': SIGNED_IN,
  'POST /oauth/interaction/:uid/confirm': SIGNED_IN,
  'POST /oauth/interaction/:uid/abort': SIGNED_IN,
  'POST /oauth/reg': PUBLIC,
  'GET /ims/ob/v3p0/discovery': PUBLIC,
};
for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
  if (method !== 'PATCH') openBadgesApiPolicies[`${method} /oauth/*`] ??= PUBLIC;
  for (const path of ['/ims/ob/v3p0/*', '/ims/ob/v3p0/credentials', '/ims/ob/v3p0/profile', '/ims/ob/v3p0/discovery'])
    openBadgesApiPolicies[`${method} ${path}`] ??= method === 'OPTIONS' ? PUBLIC : BEARER;
}
