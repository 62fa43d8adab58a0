import type { Kysely } from 'kysely';
import { confirmedAddresses } from '../accounts/api.ts';
import { receivedSummary } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { Database } from '../platform/db/schema.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import { collectionItems, listCollections } from './collections.ts';
import { E } from './errors.ts';
import { type BackpackItem, type BackpackItemDetail, findItems, getItem, isUuid } from './items.ts';
import { type SkillGroup, skillProfile } from './skill-profile.ts';

/**
 * The public profile at /p/<handle>: the person's name, a short text, the collections they made
 * public and (when they choose) their skills profile, each badge verifiable from there. Nothing is
 * public until the person publishes it; unpublishing hides it again at once.
 */

export const HANDLE = /^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/;
const RESERVED = ['admin', 'api', 'backpack', 'new', 'me', 'profile', 'settings', 'vaardig'];
export const MAX_BIO = 500;

export interface ProfileSettings {
  handle: string;
  displayName: string;
  bio: string;
  published: boolean;
  showSkills: boolean;
  findable: boolean;
  /** False until the person saved the profile once. */
  saved: boolean;
}

export interface ProfileInput {
  handle: string;
  displayName: string;
  bio?: string;
  published?: boolean;
  showSkills?: boolean;
  findable?: boolean;
}

function suggestHandle(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  return base.length >= 3 ? base : `profile-${base}`.replace(/-+$/, '');
}

/** The person's profile settings (defaults from their name before they save it). */
export async function profileSettings(db: Kysely<Database>, user: { id: string; name: string }): Promise<ProfileSettings> {
  const row = await db.selectFrom('backpack_profiles').selectAll().where('user_id', '=', user.id).executeTakeFirst();
  if (!row)
    return {
      handle: suggestHandle(user.name),
      displayName: user.name,
      bio: '',
      published: false,
      showSkills: true,
      findable: false,
      saved: false,
    };
  return {
    handle: row.handle,
    displayName: row.display_name,
    bio: row.bio,
    published: row.published,
    showSkills: row.show_skills,
    findable: row.findable,
    saved: true,
  };
}

/** Saves the person's profile settings; the handle is checked and must be free. */
export async function saveProfile(ctx: AppContext, userId: string, input: ProfileInput): Promise<ProfileSettings> {
  const handle = (typeof input.handle === 'string' ? input.handle : '').trim().toLowerCase();
  const displayName = (typeof input.displayName === 'string' ? input.displayName : '').trim();
  const bio = (typeof input.bio === 'string' ? input.bio : '').trim();
  const errors: AppError[] = [];
  if (!handle) errors.push(PlatformErrors.required('handle'));
  else if (!HANDLE.test(handle)) errors.push(E.handle('handle'));
  else if (RESERVED.includes(handle)) errors.push(E.handleTaken('handle'));
  if (!displayName) errors.push(PlatformErrors.required('displayName'));
  else if (displayName.length > 100) errors.push(PlatformErrors.tooLong('displayName', { max: 100 }));
  if (bio.length > MAX_BIO) errors.push(PlatformErrors.tooLong('bio', { max: MAX_BIO }));
  if (errors.length) throw invalidFields(errors);
  const taken = await ctx.db
    .selectFrom('backpack_profiles')
    .select('user_id')
    .where('handle', '=', handle)
    .where('user_id', '!=', userId)
    .executeTakeFirst();
  if (taken) throw E.handleTaken('handle');
  const values = {
    handle,
    display_name: displayName,
    bio,
    published: input.published === true,
    show_skills: input.showSkills !== false,
    findable: input.findable === true,
    updated_at: new Date(),
  };
  const before = await ctx.db.selectFrom('backpack_profiles').select('published').where('user_id', '=', userId).executeTakeFirst();
  const publishedAt = values.published && !before?.published ? new Date() : undefined;
  try {
    await ctx.db
      .insertInto('backpack_profiles')
      .values({ user_id: userId, ...values, published_at: publishedAt ?? null })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, ...(publishedAt ? { published_at: publishedAt } : {}) }))
      .execute();
  } catch (error) {
    // The same handle taken a moment ago by someone else: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw E.handleTaken('handle');
    throw error;
  }
  return { handle, displayName, bio, published: values.published, showSkills: values.show_skills, findable: values.findable, saved: true };
}

export interface PublicCollection {
  id: string;
  name: string;
  description: string;
  items: BackpackItem[];
}

export interface PublicProfile {
  userId: string;
  handle: string;
  displayName: string;
  bio: string;
  collections: PublicCollection[];
  skills: SkillGroup[] | null;
}

async function publishedRow(db: Kysely<Database>, handle: string) {
  if (!HANDLE.test(handle)) return null;
  return (
    (await db.selectFrom('backpack_profiles').selectAll().where('handle', '=', handle).where('published', '=', true).executeTakeFirst()) ??
    null
  );
}

const shown = (i: BackpackItem) => i.state !== 'hidden';

/** Who a published profile is, without what it shows (a badge's page, the embed, the JSON-LD). */
export type PublicProfileHead = Pick<PublicProfile, 'userId' | 'handle' | 'displayName' | 'bio'>;

function headOf(row: { user_id: string; handle: string; display_name: string; bio: string }): PublicProfileHead {
  return { userId: row.user_id, handle: row.handle, displayName: row.display_name, bio: row.bio };
}

/** A published profile's name and text; "not found" when there is none or it is not published. */
export async function publishedProfile(ctx: AppContext, handle: string): Promise<PublicProfileHead> {
  const row = await publishedRow(ctx.db, handle);
  if (!row) throw E.profileNotFound('handle');
  return headOf(row);
}

/**
 * Published profiles as last built, per database, person and language, with what they were built
 * from: the profile's settings (updated_at), the person's badges, collections and their items
 * (holdings_version, kept by triggers), their confirmed addresses and the credentials issued to
 * them (count, newest, last change of state). A view that finds all of these the same gets the
 * profile as built, until the next of its issued badges expires, for at most KEEP_MS (skill names
 * come from the library, which may rename a skill).
 */
const builtProfiles = new WeakMap<AppContext, Map<string, { basis: string; until: number; profile: PublicProfile }>>();
const KEEP_MS = 60_000;
const KEEP_MAX = 1000;

/** A published profile as anyone sees it; "not found" when there is none or it is not published. */
export async function publicProfile(ctx: AppContext, handle: string, lang: string): Promise<PublicProfile> {
  const row = await publishedRow(ctx.db, handle);
  if (!row) throw E.profileNotFound('handle');
  const emails = await confirmedAddresses(ctx.db, row.user_id);
  const issued = await receivedSummary(ctx, emails);
  const basis = [
    new Date(row.updated_at).getTime(),
    row.holdings_version,
    emails.join(' '),
    issued.count,
    issued.newest?.getTime(),
    issued.lastStateChange?.getTime(),
  ].join('|');
  let built = builtProfiles.get(ctx);
  if (!built) builtProfiles.set(ctx, (built = new Map()));
  const key = `${row.user_id}|${lang}`;
  const kept = built.get(key);
  const now = Date.now();
  if (kept && kept.basis === basis && now < kept.until) return kept.profile;
  const profile = await buildPublicProfile(ctx, row, lang);
  if (built.size >= KEEP_MAX) built.clear();
  built.set(key, { basis, until: Math.min(now + KEEP_MS, issued.nextExpiry?.getTime() ?? Number.POSITIVE_INFINITY), profile });
  return profile;
}

async function buildPublicProfile(
  ctx: AppContext,
  row: NonNullable<Awaited<ReturnType<typeof publishedRow>>>,
  lang: string,
): Promise<PublicProfile> {
  const collections = (await listCollections(ctx, row.user_id)).filter((c) => c.isPublic);
  const items = await collectionItems(
    ctx,
    row.user_id,
    collections.map((c) => c.id),
  );
  return {
    ...headOf(row),
    collections: collections.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      items: (items.get(c.id) ?? []).filter(shown),
    })),
    skills: row.show_skills ? await skillProfile(ctx, row.user_id, lang) : null,
  };
}

/**
 * One badge of a published profile (with the credential, to verify it); "not found" unless the
 * profile shows it: in one of its public collections, or, with the skills profile shown, among
 * the badges that prove a skill there (accepted, valid, naming a skill). Asked about this badge
 * alone: the rest of the profile is not read.
 */
export async function publicBadge(
  ctx: AppContext,
  handle: string,
  itemId: string,
  lang: string,
): Promise<{ profile: PublicProfileHead; item: BackpackItemDetail }> {
  const row = await publishedRow(ctx.db, handle);
  if (!row) throw E.profileNotFound('handle');
  if (!isUuid(itemId)) throw E.itemNotFound('id');
  const [item] = await findItems(ctx, row.user_id, { ids: [itemId] });
  if (!item || !shown(item)) throw E.itemNotFound('id');
  const inPublicCollection = await ctx.db
    .selectFrom('backpack_collection_items as ci')
    .innerJoin('backpack_collections as c', 'c.id', 'ci.collection_id')
    .select('ci.item_id')
    .where('c.user_id', '=', row.user_id)
    .where('c.is_public', '=', true)
    .where('ci.item_id', '=', itemId)
    .executeTakeFirst();
  const provesSkill = !inPublicCollection && row.show_skills && (await skillProfile(ctx, row.user_id, lang, [item])).length > 0;
  if (!inPublicCollection && !provesSkill) throw E.itemNotFound('id');
  return { profile: headOf(row), item: await getItem(ctx, row.user_id, itemId) };
}

/** The profile as an Open Badges 3.0 Profile (JSON-LD); no email address, only what the page shows. */
export function profileJsonLd(baseUrl: string, profile: PublicProfileHead): Record<string, unknown> {
  const url = `${baseUrl}/p/${profile.handle}`;
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: url,
    type: ['Profile'],
    name: profile.displayName,
    ...(profile.bio ? { description: profile.bio } : {}),
    url,
  };
}

/** Whether the person opted in to be findable by their verified skills inside the network. */
export async function isFindable(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('backpack_profiles').select('findable').where('user_id', '=', userId).executeTakeFirst();
  return row?.findable ?? false;
}

/**
 * Turns the opt-in to be findable by verified skills on or off (the matching page's switch), without
 * touching the rest of the profile. A person without a saved profile gets an unpublished one with a
 * free handle made from their name, so nothing becomes public.
 */
export async function setFindable(ctx: AppContext, user: { id: string; name: string }, findable: boolean): Promise<void> {
  const updated = await ctx.db.updateTable('backpack_profiles').set({ findable }).where('user_id', '=', user.id).executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0 || !findable) return;
  const base = suggestHandle(user.name).slice(0, 30).replace(/-+$/, '');
  for (let n = 1; n <= 20; n++) {
    const handle = n === 1 ? base : `${base}-${n === 20 ? Math.random().toString(36).slice(2, 8) : n}`;
    if (RESERVED.includes(handle) || !HANDLE.test(handle)) continue;
    const inserted = await ctx.db
      .insertInto('backpack_profiles')
      .values({ user_id: user.id, handle, display_name: user.name.slice(0, 100) || handle, bio: '', findable: true })
      .onConflict((oc) => oc.doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (inserted) return;
    // Made a moment ago by another request: then only the switch is left to set.
    const mine = await ctx.db.updateTable('backpack_profiles').set({ findable: true }).where('user_id', '=', user.id).executeTakeFirst();
    if (Number(mine.numUpdatedRows) > 0) return;
  }
  throw E.handleTaken('handle');
}

/** The people who opted in to be findable by their verified skills (for a member directory or matching). */
export async function findablePeople(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('backpack_profiles').select('user_id').where('findable', '=', true).execute();
  return rows.map((r) => r.user_id);
}

/** Suggestions for the home page: publish the profile when there are accepted badges and none is published. */
export async function profileSuggestion(ctx: AppContext, userId: string): Promise<'publish' | null> {
  const row = await ctx.db.selectFrom('backpack_profiles').select('published').where('user_id', '=', userId).executeTakeFirst();
  if (row?.published) return null;
  return (await findItems(ctx, userId, { states: ['accepted'], limit: 1 })).length > 0 ? 'publish' : null;
}
