import { MANAGER_ROLES } from '../accounts/api.ts';
import { PUBLIC, type RoutePolicies, type RoutePolicy, rolesAnywhere, SIGNED_IN, within } from '../platform/http/policy.ts';
import { MEMBER_ROLES } from './schema.ts';

/**
 * Who may call the communities' routes (src/platform/http/policy.ts, docs/decisions/014), as
 * `accessCommunity` decides (docs/communities.md, "Who may do what"): the roles are the
 * community's own, not the organisation's.
 *
 * - `SEE`: every signed-in person sees an open or by-request community's page, themes, sessions,
 *   calls, published reports, knowledge and outputs; a community by invitation is a 404 to
 *   everyone outside it (its members only).
 * - `MEMBERS`: the community's active members (facilitators and guest experts included).
 * - `FACILITATORS`: the community's facilitators.
 *
 * The network operator passes every check. The parts (notes, breakouts, clinics, open space,
 * reports, overview) declare their own routes in their folder's policies.ts.
 */
export const SEE: RoutePolicy = SIGNED_IN;
export const MEMBERS: RoutePolicy = within('community', ...MEMBER_ROLES);
export const FACILITATORS: RoutePolicy = within('community', 'facilitator');
/** Starting a community: an owner or admin of the organisation it is started for. */
const HOSTS: RoutePolicy = rolesAnywhere(...MANAGER_ROLES);

export const communityPolicies: RoutePolicies = {
  // Communities: the list (the ones one can see), starting one, its page, changing it.
  'GET /communities': SIGNED_IN,
  'GET /communities/new': SIGNED_IN,
  'POST /communities/new': HOSTS,
  'GET /communities/:slug': SEE,
  'GET /communities/:slug/edit': FACILITATORS,
  'POST /communities/:slug/edit': FACILITATORS,
  // Joining (open: at once; by request: a request; by invitation: refused) and leaving.
  'POST /communities/:slug/join': SEE,
  'POST /communities/:slug/leave': SEE,
  // People: the facilitators' members page, roles, removing, invitations by mail.
  'GET /communities/:slug/members': FACILITATORS,
  'POST /communities/:slug/members/:userId': FACILITATORS,
  'POST /communities/:slug/members/:userId/remove': FACILITATORS,
  'POST /communities/:slug/members/invite': FACILITATORS,
  // An invitation: its secret link, accepted signed in with the invited (confirmed) address.
  'GET /communities/invitations/:token': SIGNED_IN,
  'POST /communities/invitations/:token': SIGNED_IN,
  // Calls for applications: a call's link is for anyone signed in (also the way into a community by invitation).
  'GET /communities/:slug/calls/new': FACILITATORS,
  'POST /communities/:slug/calls/new': FACILITATORS,
  'GET /communities/calls/:id': SIGNED_IN,
  'POST /communities/calls/:id/apply': SIGNED_IN,
  'POST /communities/calls/:id/close': FACILITATORS,
  'POST /communities/applications/:id/decide': FACILITATORS,
  // Themes and their goals.
  'GET /communities/:slug/themes/new': FACILITATORS,
  'POST /communities/:slug/themes/new': FACILITATORS,
  'GET /communities/themes/:id': SEE,
  'GET /communities/themes/:id/edit': FACILITATORS,
  'POST /communities/themes/:id/edit': FACILITATORS,
  'POST /communities/themes/:id/goals': FACILITATORS,
  'POST /communities/goals/:id': FACILITATORS,
  'POST /communities/goals/:id/remove': FACILITATORS,
  // Sessions, their agenda and templates, registering.
  'GET /communities/:slug/sessions/new': FACILITATORS,
  'POST /communities/:slug/sessions/new': FACILITATORS,
  'GET /communities/sessions/:id': SEE,
  'GET /communities/sessions/:id/edit': FACILITATORS,
  'POST /communities/sessions/:id/edit': FACILITATORS,
  'POST /communities/sessions/:id/cancel': FACILITATORS,
  'POST /communities/sessions/:id/agenda': FACILITATORS,
  'POST /communities/agenda/:id/remove': FACILITATORS,
  'POST /communities/sessions/:id/save-template': FACILITATORS,
  'POST /communities/sessions/:id/register': MEMBERS,
  'POST /communities/sessions/:id/cancel-registration': SEE,
  // Calendars: one session's file; the feeds are read by calendar apps without cookies, by their secret token.
  'GET /communities/sessions/:id/calendar.ics': SEE,
  'GET /communities/feed/community/:token.ics': PUBLIC,
  'GET /communities/feed/person/:token.ics': PUBLIC,
  'GET /communities/calendar': SIGNED_IN,
  'POST /communities/calendar/reset': SIGNED_IN,
  'GET /communities/:slug/calendar': MEMBERS,
  // Action items: made by members; changed by their owner, their maker or a facilitator.
  'POST /communities/sessions/:id/actions': MEMBERS,
  'POST /communities/actions/:id': MEMBERS,
  'GET /communities/my-actions': SIGNED_IN,
  // Attendance: the code shown in the room (facilitators), checking in (members), marks (facilitators).
  'GET /communities/sessions/:id/code': FACILITATORS,
  'GET /communities/sessions/:id/code/live': FACILITATORS,
  'GET /communities/sessions/:id/code.svg': FACILITATORS,
  'GET /communities/sessions/:id/check-in': MEMBERS,
  'POST /communities/sessions/:id/check-in': MEMBERS,
  'POST /communities/sessions/:id/attendance': FACILITATORS,
  // Participation badge rules (adding one also needs the issuing role in the community's organisation).
  'GET /communities/:slug/badges': FACILITATORS,
  'POST /communities/:slug/badges': FACILITATORS,
  'POST /communities/:slug/badges/run': FACILITATORS,
  'POST /communities/rules/:id/active': FACILITATORS,
  'GET /communities/:slug/directory': MEMBERS,

  // The JSON API: the same services and checks.
  'GET /api/v1/communities': SIGNED_IN,
  'POST /api/v1/communities': HOSTS,
  'GET /api/v1/communities/my-actions': SIGNED_IN,
  'GET /api/v1/communities/:slug': SEE,
  'PATCH /api/v1/communities/:slug': FACILITATORS,
  'GET /api/v1/communities/:slug/themes': SEE,
  'POST /api/v1/communities/:slug/themes': FACILITATORS,
  'PATCH /api/v1/communities/:slug/themes/:id': FACILITATORS,
  'GET /api/v1/communities/:slug/sessions': SEE,
  'POST /api/v1/communities/:slug/sessions': FACILITATORS,
  'GET /api/v1/communities/:slug/sessions/:id': SEE,
  'PATCH /api/v1/communities/:slug/sessions/:id': FACILITATORS,
  'POST /api/v1/communities/:slug/sessions/:id/registration': MEMBERS,
  'DELETE /api/v1/communities/:slug/sessions/:id/registration': SEE,
  'GET /api/v1/communities/:slug/sessions/:id/attendance': MEMBERS,
  'POST /api/v1/communities/:slug/sessions/:id/attendance': FACILITATORS,
  'POST /api/v1/communities/:slug/sessions/:id/check-in': MEMBERS,
  'GET /api/v1/communities/:slug/actions': MEMBERS,
  'POST /api/v1/communities/:slug/sessions/:id/actions': MEMBERS,
  'PATCH /api/v1/communities/:slug/actions/:id': MEMBERS,
  'GET /api/v1/communities/:slug/members': MEMBERS,
  'GET /api/v1/communities/:slug/templates': FACILITATORS,
  'GET /api/v1/communities/:slug/themes/:id': SEE,
  'GET /api/v1/communities/:slug/themes/:id/attendance': MEMBERS,
  'GET /api/v1/communities/:slug/badge-rules': FACILITATORS,
  'POST /api/v1/communities/:slug/badge-rules': FACILITATORS,
  'PATCH /api/v1/communities/:slug/badge-rules/:id': FACILITATORS,
  'POST /api/v1/communities/:slug/badge-rules/run': FACILITATORS,
  'GET /api/v1/communities/:slug/directory': MEMBERS,
  'GET /api/v1/communities/:slug/calls': SEE,
  'GET /api/v1/communities/:slug/calls/:id/applications': FACILITATORS,
  'POST /api/v1/communities/:slug/calls/:id/applications/:application': FACILITATORS,
  // A session's work (api-routes-session.ts): members; writing notes: see notes/policies.ts.
  'GET /api/v1/communities/:slug/sessions/:id/questions': MEMBERS,
  'GET /api/v1/communities/:slug/sessions/:id/breakouts': MEMBERS,
  'GET /api/v1/communities/:slug/notes/:setId': MEMBERS,
  'POST /api/v1/communities/:slug/notes/:setId/blocks': MEMBERS,
  'PATCH /api/v1/communities/:slug/notes/:setId/blocks/:blockId': MEMBERS,
  'GET /api/v1/communities/:slug/sessions/:id/clinic': MEMBERS,
  'GET /api/v1/communities/:slug/sessions/:id/open-space': MEMBERS,
};
