/**
 * Who may call a route: declared by each module for each of its routes (`routePolicies` on the
 * module, keyed `'METHOD /url'` as Fastify registered it) and checked for every route by
 * test/platform/authorisation-matrix.test.ts, which fails for a route that has none
 * (docs/decisions/014-route-policies.md).
 *
 * - `public`: anyone, signed out too.
 * - `signedIn`: any signed-in person; signed out is a 401 (API) or a redirect to sign-in (pages).
 * - `org`: people with one of `roles` in the organisation the route's object belongs to (the URL
 *   names it, or the object); everyone else a 403 or 404 (a form may instead send the browser back
 *   with an error message), signed out as above. With `anyOrganisation`, the role in any organisation.
 * - `person`: only the person the route's object belongs to (their backpack item, their token).
 * - `within`: people holding one of `roles` in a group of the module's own that the route's object
 *   belongs to — not an organisation: a community's facilitators or members (`group: 'community'`),
 *   kept by the module. The network operator passes too, unless `operator: false` (a participant's
 *   own work, an assessor's judgement: nobody acts in their place). Everyone else a 403 or 404 (a
 *   form may instead send the browser back with an error message), signed out as above.
 * - `operator`: the network operator only.
 * - `bearer`: the route reads its own bearer token (OAuth, the Open Badges API); a session is not
 *   enough, so everyone the matrix tries is refused with a 401 — or, for `public` bearer endpoints
 *   such as the token endpoint, use `public`.
 * - `signedOut`: pages for people who are not signed in (sign-in, sign-up): anyone may call them,
 *   signed-in people may be sent on; nothing to refuse.
 * - `anyOf`: whoever one of `policies` lets through (e.g. a programme's round: the organisation's
 *   owners, admins and issuers, and the programme's own assessors and participant); everyone else
 *   refused as those policies refuse.
 */
export type RoutePolicy =
  | { access: 'public' | 'signedIn' | 'person' | 'operator' | 'bearer' | 'signedOut' }
  | { access: 'org'; roles: readonly string[]; anyOrganisation?: boolean }
  | { access: 'within'; group: string; roles: readonly string[]; operator?: false }
  | { access: 'anyOf'; policies: readonly RoutePolicy[] };

/** A module's policies, by `'METHOD /url'`. */
export type RoutePolicies = Record<string, RoutePolicy>;

export const PUBLIC: RoutePolicy = { access: 'public' };
export const SIGNED_IN: RoutePolicy = { access: 'signedIn' };
export const PERSON: RoutePolicy = { access: 'person' };
export const OPERATOR: RoutePolicy = { access: 'operator' };
export const BEARER: RoutePolicy = { access: 'bearer' };
export const SIGNED_OUT: RoutePolicy = { access: 'signedOut' };
export const orgRoles = (...roles: string[]): RoutePolicy => ({ access: 'org', roles });
/** One of `roles` in any organisation (e.g. starting a skill: a curator somewhere, who picks the organisation). */
export const rolesAnywhere = (...roles: string[]): RoutePolicy => ({ access: 'org', roles, anyOrganisation: true });

/** One of `roles` in the module's own `group` the route's object belongs to (e.g. a community's facilitators). */
export const within = (group: string, ...roles: string[]): RoutePolicy => ({ access: 'within', group, roles });

/** Like `within`, but the network operator does not pass (e.g. handing in a programme participant's work). */
export const onlyWithin = (group: string, ...roles: string[]): RoutePolicy => ({ access: 'within', group, roles, operator: false });

/** Whoever one of `policies` lets through (e.g. `anyOf(orgRoles('owner', 'admin'), within('programme', 'assessor'))`). */
export const anyOf = (...policies: RoutePolicy[]): RoutePolicy => ({ access: 'anyOf', policies });

/** One route as registered, with the module that registered it (`platform` for the shell's own). */
export interface RouteEntry {
  method: string;
  url: string;
  module: string;
  /** The route's schemas of body and query string, when it declares them (the fuzzer generates input from them: test/fuzz). */
  schema?: { body?: unknown; querystring?: unknown };
}
