import type { RoutePolicies } from '../../platform/http/policy.ts';
import { MEMBERS } from '../policies.ts';

/**
 * Who may call the notes' routes (docs/decisions/014): the community's members read a set of notes;
 * writing is for its facilitators, the breakout's members (for a breakout's notes) and every member
 * (for an open-space topic's notes) — `accessNoteSet`.
 */
export const notesPolicies: RoutePolicies = {
  'GET /communities/:slug/notes/:setId': MEMBERS,
  'POST /communities/:slug/notes/:setId': MEMBERS,
  'GET /communities/:slug/notes/:setId/blocks/:blockId/edit': MEMBERS,
  'POST /communities/:slug/notes/:setId/blocks/:blockId': MEMBERS,
};
