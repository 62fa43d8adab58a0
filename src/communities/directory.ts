import { findOrganisation, membershipOrganisationIds } from '../accounts/api.ts';
import { isFindable, skillProfile } from '../backpack/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { accessCommunity, type CommunityAccess } from './communities.ts';
import { listMembers } from './overview.ts';

export interface DirectoryEntry {
  userId: string;
  name: string;
  role: string;
  angle: string | null;
  organisations: { slug: string; name: string }[];
  /** Skills verified by badges the person accepted in their backpack. */
  skills: { id: string | null; name: string; url: string | null }[];
}

export interface DirectoryFilter {
  /** Part of a skill's name. */
  skill?: string;
  /** An organisation's slug. */
  organisation?: string;
}

export interface Directory {
  access: CommunityAccess;
  entries: DirectoryEntry[];
  /** Every organisation of the people listed (for the filter), by name. */
  organisations: { slug: string; name: string }[];
  /** How many members are not listed because they did not opt in. */
  hidden: number;
}

const normal = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * The community's member directory, for its members: the members who opted in to be findable (in
 * their backpack's profile settings), with their organisations and the skills their accepted badges
 * show, filtered by a skill and an organisation.
 */
export async function memberDirectory(
  ctx: AppContext,
  user: CurrentUser | null,
  ref: string,
  filter: DirectoryFilter,
  lang: string,
): Promise<Directory> {
  const access = await accessCommunity(ctx, user, ref, 'member');
  const members = await listMembers(ctx, access.community.id);
  const entries: DirectoryEntry[] = [];
  let hidden = 0;
  for (const member of members) {
    if (!(await isFindable(ctx.db, member.userId))) {
      hidden++;
      continue;
    }
    const organisations: { slug: string; name: string }[] = [];
    for (const id of await membershipOrganisationIds(ctx.db, member.userId)) {
      const org = await findOrganisation(ctx.db, id);
      if (org) organisations.push({ slug: org.slug, name: org.name });
    }
    const skills = (await skillProfile(ctx, member.userId, lang)).flatMap((group) =>
      group.skills.map((s) => ({ id: s.skillId, name: s.name, url: s.url })),
    );
    entries.push({ userId: member.userId, name: member.name, role: member.role, angle: member.angle, organisations, skills });
  }
  const organisations = [...new Map(entries.flatMap((e) => e.organisations).map((o) => [o.slug, o])).values()].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const wanted = normal(filter.skill?.trim() ?? '');
  const filtered = entries.filter(
    (e) =>
      (!wanted || e.skills.some((s) => normal(s.name).includes(wanted))) &&
      (!filter.organisation || e.organisations.some((o) => o.slug === filter.organisation)),
  );
  return { access, entries: filtered, organisations, hidden };
}
