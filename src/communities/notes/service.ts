import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { accessCommunity, isUuid, text } from '../communities.ts';
import { personNames } from '../overview.ts';
import type { SessionAccess } from './access.ts';
import { NoteErrors } from './errors.ts';
import type { CommunityNoteBlocksTable, CommunityNoteSetsTable, NoteScope } from './schema.ts';

export type NoteSetRow = Selectable<CommunityNoteSetsTable>;
export type NoteBlockRow = Selectable<CommunityNoteBlocksTable>;

export const MAX_NOTE_LENGTH = 10_000;
export const MAX_NOTE_BLOCKS = 500;

export interface NoteBlockView extends NoteBlockRow {
  authorName: string;
  editorName: string;
}

/** A set of notes with what the person reading it may do. */
export interface NoteSetAccess extends SessionAccess {
  set: NoteSetRow;
  canWrite: boolean;
}

/** Makes the note set of a breakout or topic (inside the transaction that makes the owner). */
export async function createNoteSet(
  db: AppContext['db'],
  values: { communityId: string; sessionId: string; scope: NoteScope; ownerId: string },
): Promise<NoteSetRow> {
  return db
    .insertInto('community_note_sets')
    .values({ community_id: values.communityId, session_id: values.sessionId, scope: values.scope, owner_id: values.ownerId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Who writes a set of notes: the facilitators always; a breakout's members (its note-taker among
 * them) for a breakout's notes; every member of the community for an open-space topic's notes.
 */
async function mayWrite(ctx: AppContext, set: NoteSetRow, access: SessionAccess, user: CurrentUser): Promise<boolean> {
  if (access.isFacilitator) return true;
  if (!access.isMember) return false;
  if (set.scope === 'topic') return true;
  const row = await ctx.db
    .selectFrom('community_breakout_members')
    .select('user_id')
    .where('breakout_id', '=', set.owner_id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (row) return true;
  const breakout = await ctx.db.selectFrom('community_breakouts').select('note_taker_id').where('id', '=', set.owner_id).executeTakeFirst();
  return breakout?.note_taker_id === user.id;
}

/** The check before a set of notes is read (members of the community) or written (see mayWrite). */
export async function accessNoteSet(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  setId: string,
  need: 'read' | 'write',
): Promise<NoteSetAccess> {
  const access = await accessCommunity(ctx, user, slug, 'member');
  if (!isUuid(setId)) throw NoteErrors.noteSetNotFound();
  const set = await ctx.db
    .selectFrom('community_note_sets')
    .selectAll()
    .where('id', '=', setId)
    .where('community_id', '=', access.community.id)
    .executeTakeFirst();
  if (!set) throw NoteErrors.noteSetNotFound();
  const session = await ctx.db.selectFrom('community_sessions').selectAll().where('id', '=', set.session_id).executeTakeFirstOrThrow();
  const withSession: SessionAccess = { ...access, session };
  const canWrite = user ? await mayWrite(ctx, set, withSession, user) : false;
  if (need === 'write' && !canWrite) throw NoteErrors.notInGroup();
  return { ...withSession, set, canWrite };
}

/** The set's blocks in the order they were added, with the names of who wrote and last changed them. */
export async function listBlocks(ctx: AppContext, setId: string): Promise<NoteBlockView[]> {
  const rows = await ctx.db
    .selectFrom('community_note_blocks')
    .selectAll()
    .where('note_set_id', '=', setId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const names = await personNames(
    ctx,
    rows.flatMap((r) => [r.created_by, r.updated_by]).filter((id): id is string => id !== null),
  );
  return rows.map((r) => ({
    ...r,
    authorName: r.created_by ? (names.get(r.created_by) ?? '') : '',
    editorName: r.updated_by ? (names.get(r.updated_by) ?? '') : '',
  }));
}

/** Appends a block: never conflicts with anyone (append-only). */
export async function addBlock(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  setId: string,
  body: unknown,
): Promise<NoteBlockRow> {
  const access = await accessNoteSet(ctx, user, slug, setId, 'write');
  const value = text(body, 'body', MAX_NOTE_LENGTH);
  const count = await ctx.db
    .selectFrom('community_note_blocks')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('note_set_id', '=', access.set.id)
    .executeTakeFirstOrThrow();
  if (Number(count.n) >= MAX_NOTE_BLOCKS) throw NoteErrors.tooManyNoteBlocks('body', { max: MAX_NOTE_BLOCKS });
  const now = new Date();
  return ctx.db
    .insertInto('community_note_blocks')
    .values({
      note_set_id: access.set.id,
      body: value,
      created_by: user?.id ?? null,
      updated_by: user?.id ?? null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findBlock(ctx: AppContext, setId: string, blockId: string): Promise<NoteBlockRow> {
  if (!isUuid(blockId)) throw NoteErrors.noteBlockNotFound();
  const block = await ctx.db
    .selectFrom('community_note_blocks')
    .selectAll()
    .where('id', '=', blockId)
    .where('note_set_id', '=', setId)
    .executeTakeFirst();
  if (!block) throw NoteErrors.noteBlockNotFound();
  return block;
}

/**
 * Changes a block, if no one saved it since the writer opened it (`version`); an empty text removes
 * it. A stale version is refused: the coded 409 `noteConflict` carries the newer block in `current`
 * (the page shows the newer text above the writer's own, which stays in the box).
 */
export async function saveBlock(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  setId: string,
  blockId: string,
  input: { body?: unknown; version?: unknown },
): Promise<NoteBlockRow | null> {
  const access = await accessNoteSet(ctx, user, slug, setId, 'write');
  const body = text(input.body, 'body', MAX_NOTE_LENGTH, true);
  const version = Number(input.version);
  if (!Number.isInteger(version) || version < 1) throw NoteErrors.noteConflict('body', {}, { current: null });
  await findBlock(ctx, access.set.id, blockId);
  const changed = body
    ? await ctx.db
        .updateTable('community_note_blocks')
        .set((eb) => ({ body, version: eb('version', '+', 1), updated_by: user?.id ?? null, updated_at: new Date() }))
        .where('id', '=', blockId)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst()
    : await ctx.db
        .deleteFrom('community_note_blocks')
        .where('id', '=', blockId)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst();
  if (changed) return body ? changed : null;
  const current = await ctx.db.selectFrom('community_note_blocks').selectAll().where('id', '=', blockId).executeTakeFirst();
  throw NoteErrors.noteConflict('body', {}, { current: current ? { id: current.id, body: current.body, version: current.version } : null });
}

/** The notes of every set of a session's breakouts or topics, for the report's draft. */
export async function blocksOfSets(ctx: AppContext, setIds: string[]): Promise<Map<string, NoteBlockRow[]>> {
  const out = new Map<string, NoteBlockRow[]>();
  if (!setIds.length) return out;
  const rows = await ctx.db
    .selectFrom('community_note_blocks')
    .selectAll()
    .where('note_set_id', 'in', setIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  for (const row of rows) out.set(row.note_set_id, [...(out.get(row.note_set_id) ?? []), row]);
  return out;
}

/** A short mark of the set's state (its blocks and their versions): the live list asks again only when it changed. */
export function notesStamp(blocks: Pick<NoteBlockRow, 'id' | 'version'>[]): string {
  return createHash('sha256')
    .update(blocks.map((b) => `${b.id}:${b.version}`).join(','))
    .digest('base64url')
    .slice(0, 16);
}

/** Where the notes live: the breakout's or the topic's page. */
export function ownerUrl(slug: string, set: NoteSetRow): string {
  const base = `/communities/${encodeURIComponent(slug)}/sessions/${set.session_id}`;
  return set.scope === 'breakout' ? `${base}/breakouts/${set.owner_id}` : `${base}/open-space/topics/${set.owner_id}`;
}
