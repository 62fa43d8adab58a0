import type { FastifyInstance } from 'fastify';
import { addMember, createOrganisation, getCurrentUser, type CurrentUser, type OrgRole } from '../../src/accounts/api.ts';
import { createCommunity, type CommunityRow } from '../../src/communities/communities.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { createSkill } from '../../src/skills/library/service.ts';
import { type Browser, signedInBrowser } from '../accounts/support.ts';

export interface Person {
  browser: Browser;
  user: CurrentUser;
  email: string;
}

/** A confirmed person with a signed-in browser (Dutch pages when `lang` is nl). */
export async function person(ctx: AppContext, app: FastifyInstance, name = 'Someone', lang = 'en'): Promise<Person> {
  const { browser, userId, email } = await signedInBrowser(ctx, app, { name });
  (browser as { lang: string }).lang = lang;
  return { browser, user: (await getCurrentUser(ctx.db, userId)) as CurrentUser, email };
}

let n = 0;
/** An organisation with these people in these roles; returns its slug. */
export async function organisation(ctx: AppContext, members: [CurrentUser, OrgRole][]): Promise<string> {
  n++;
  const slug = `org-${n}-${Math.random().toString(36).slice(2, 7)}`;
  const { id } = await createOrganisation(ctx.db, { slug, name: `Org ${n}`, kind: 'employer', description: 'Test host' });
  for (const [user, role] of members) await addMember(ctx.db, id, user.id, role);
  return slug;
}

/** A community hosted by a fresh organisation, with `facilitator` as its facilitator (an owner there). */
export async function community(
  ctx: AppContext,
  facilitator: CurrentUser,
  options: { name?: string; visibility?: string; role?: OrgRole } = {},
): Promise<CommunityRow> {
  const org = await organisation(ctx, [[facilitator, options.role ?? 'owner']]);
  return createCommunity(ctx, facilitator, {
    organisation: org,
    name: options.name ?? 'Skills network',
    purpose: 'Working on skills together.',
    visibility: options.visibility ?? 'open',
  });
}

/** Adds a person to a community directly (as joining or accepting would). */
export async function addToCommunity(
  ctx: AppContext,
  communityId: string,
  user: CurrentUser,
  role: 'member' | 'facilitator' | 'expert' = 'member',
) {
  await ctx.db
    .insertInto('community_members')
    .values({ community_id: communityId, user_id: user.id, role, status: 'active', angle: null, joined_at: new Date() })
    .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet({ role, status: 'active' }))
    .execute();
}

/** A published library skill of a fresh organisation curated by `curator` (names in en and nl). */
export async function librarySkill(ctx: AppContext, curator: CurrentUser, en: string, nl: string): Promise<string> {
  const slug = await organisation(ctx, [[curator, 'owner']]);
  const { id } = await ctx.db.selectFrom('organisations').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const skill = await createSkill(ctx, curator, {
    organisationId: id,
    name: { en, nl },
    statement: { en: `${en}.`, nl: `${nl}.` },
    status: 'published',
  });
  return skill.id;
}

/** Inserts a session directly (for tests that need sessions in the past, which the form refuses to register for). */
export async function sessionAt(
  ctx: AppContext,
  communityId: string,
  startsAt: Date,
  options: { title?: string; themeId?: string | null; kind?: string; capacity?: number | null } = {},
): Promise<string> {
  const row = await ctx.db
    .insertInto('community_sessions')
    .values({
      community_id: communityId,
      theme_id: options.themeId ?? null,
      kind: (options.kind ?? 'community') as never,
      title: options.title ?? `Session ${startsAt.toISOString().slice(0, 10)}`,
      description: '',
      template: 'builtin:community',
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 2 * 3600_000),
      time_zone: 'Europe/Amsterdam',
      place: null,
      online_url: null,
      capacity: options.capacity ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const DAY = 86_400_000;
