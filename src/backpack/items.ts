import type { Selectable } from 'kysely';
import { confirmedAddresses } from '../accounts/api.ts';
import { credentialsIssuedTo, type ReceivedCredential, type Verdict, verifyInContext } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import { E } from './errors.ts';
import type { BackpackItemsTable, ItemSource, ItemState, StoredAlignment } from './schema.ts';

/**
 * The badges in a person's backpack: every credential issued in the network to one of their
 * confirmed addresses (read through the credentials module's api.ts), and the badges they
 * imported. Issued badges get a row of their own the first time the backpack is read, so that
 * "new", accepted, hidden and deleted are the person's own, whatever the issuer does.
 */

export type ItemStatus = 'active' | 'revoked' | 'suspended' | 'expired' | 'invalid';

export interface BackpackItem {
  id: string;
  source: ItemSource;
  state: ItemState;
  /** Not seen yet by the person. */
  isNew: boolean;
  name: string;
  description: string;
  issuerName: string;
  image: string | null;
  awardedAt: Date | null;
  validUntil: Date | null;
  status: ItemStatus;
  /** The address it was issued to. */
  recipientEmail: string;
  skills: StoredAlignment[];
  /** The issuer's public page of the credential (issued badges). */
  publicUrl: string | null;
  /** When an imported badge was last verified. */
  verifiedAt: Date | null;
  createdAt: Date;
}

/** One badge with the credential itself, for its page and downloads. */
export interface BackpackItemDetail extends BackpackItem {
  document: Record<string, unknown>;
  jwt: string | null;
  /** Imported: how it was given (json, jwt, png, svg, url) and, for a link, where from. */
  originalType: string | null;
  sourceUrl: string | null;
}

type Row = Selectable<BackpackItemsTable>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

function issuedStatus(c: ReceivedCredential): ItemStatus {
  if (c.state !== 'active') return c.state;
  return c.expired ? 'expired' : 'active';
}

function importedStatus(row: Row): ItemStatus {
  const failed = row.verdict?.checks.find((c) => c.status === 'failed');
  if (failed?.check === 'status') return 'revoked';
  if (failed?.check === 'validity') return 'expired';
  if (row.valid === false) return 'invalid';
  return 'active';
}

function fromIssued(row: Row, c: ReceivedCredential): BackpackItemDetail {
  return {
    id: row.id,
    source: 'issued',
    state: row.state,
    isNew: row.seen_at === null,
    name: c.name,
    description: c.description,
    issuerName: c.issuerName,
    image: c.image,
    awardedAt: c.awardedAt,
    validUntil: c.validUntil,
    status: issuedStatus(c),
    recipientEmail: c.recipientEmail,
    skills: c.skills.map(({ targetName, targetUrl, targetCode, targetFramework }) => ({
      targetName,
      targetUrl,
      targetCode,
      targetFramework,
    })),
    publicUrl: c.url,
    verifiedAt: null,
    createdAt: row.created_at,
    document: c.document,
    jwt: c.jwt,
    originalType: null,
    sourceUrl: null,
  };
}

function fromImported(row: Row): BackpackItemDetail {
  return {
    id: row.id,
    source: 'imported',
    state: row.state,
    isNew: row.seen_at === null,
    name: row.name ?? '',
    description: row.description ?? '',
    issuerName: row.issuer_name ?? '',
    image: row.image,
    awardedAt: row.awarded_at,
    validUntil: row.valid_until,
    status: importedStatus(row),
    recipientEmail: row.recipient_email ?? '',
    skills: row.skills ?? [],
    publicUrl: null,
    verifiedAt: row.verified_at,
    createdAt: row.created_at,
    document: row.document ?? {},
    jwt: row.jwt,
    originalType: row.original_type,
    sourceUrl: row.source_url,
  };
}

/**
 * Reads the credentials issued to the person's confirmed addresses and gives each one it has not
 * seen before a row (pending, new). Safe to run at the same time twice: the unique index decides.
 */
async function syncIssued(ctx: AppContext, userId: string): Promise<Map<string, ReceivedCredential>> {
  const emails = await confirmedAddresses(ctx.db, userId);
  const issued = await credentialsIssuedTo(ctx, emails);
  if (issued.length) {
    await ctx.db
      .insertInto('backpack_items')
      .values(issued.map((c) => ({ user_id: userId, source: 'issued' as const, credential_id: c.id })))
      .onConflict((oc) => oc.columns(['user_id', 'credential_id']).where('credential_id', 'is not', null).doNothing())
      .execute();
  }
  return new Map(issued.map((c) => [c.id, c]));
}

/** Every badge of the person but the deleted ones, newest first; issued ones only while their address is confirmed. */
export async function allItems(ctx: AppContext, userId: string): Promise<BackpackItemDetail[]> {
  const issued = await syncIssued(ctx, userId);
  const rows = await ctx.db
    .selectFrom('backpack_items')
    .selectAll()
    .where('user_id', '=', userId)
    .where('state', '!=', 'deleted')
    .execute();
  const items: BackpackItemDetail[] = [];
  for (const row of rows) {
    if (row.source === 'issued') {
      const credential = row.credential_id ? issued.get(row.credential_id) : undefined;
      if (credential) items.push(fromIssued(row, credential));
    } else items.push(fromImported(row));
  }
  const time = (d: Date | null) => (d ? d.getTime() : 0);
  return items.sort((a, b) => time(b.awardedAt ?? b.createdAt) - time(a.awardedAt ?? a.createdAt) || a.id.localeCompare(b.id));
}

export interface BackpackList {
  items: BackpackItem[];
  counts: { current: number; hidden: number; new: number };
}

/** The backpack page: the badges shown (pending and accepted) or the hidden ones. */
export async function listItems(ctx: AppContext, userId: string, show: 'current' | 'hidden' = 'current'): Promise<BackpackList> {
  const all = await allItems(ctx, userId);
  const current = all.filter((i) => i.state !== 'hidden');
  const hidden = all.filter((i) => i.state === 'hidden');
  return {
    items: show === 'hidden' ? hidden : current,
    counts: { current: current.length, hidden: hidden.length, new: current.filter((i) => i.isNew).length },
  };
}

/** The new badges (not seen yet, not hidden), for the home page. */
export async function newItems(ctx: AppContext, userId: string): Promise<BackpackItem[]> {
  return (await allItems(ctx, userId)).filter((i) => i.isNew && i.state !== 'hidden');
}

/** One badge of the person's; another person's badge, or a deleted one, is "not found". */
export async function getItem(ctx: AppContext, userId: string, id: string): Promise<BackpackItemDetail> {
  if (!isUuid(id)) throw E.itemNotFound('id');
  const row = await ctx.db
    .selectFrom('backpack_items')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('state', '!=', 'deleted')
    .executeTakeFirst();
  if (!row) throw E.itemNotFound('id');
  if (row.source === 'imported') return fromImported(row);
  const issued = await syncIssued(ctx, userId);
  const credential = row.credential_id ? issued.get(row.credential_id) : undefined;
  if (!credential) throw E.itemNotFound('id');
  return fromIssued(row, credential);
}

/** The states a person puts a badge in themselves. */
export const ITEM_STATES = ['pending', 'accepted', 'hidden'] as const;

/** Accepts, hides or shows again one of the person's badges (seeing it too). */
export async function setItemState(ctx: AppContext, userId: string, id: string, state: string): Promise<BackpackItemDetail> {
  if (!(ITEM_STATES as readonly string[]).includes(state)) throw E.itemState('state', { states: ITEM_STATES.join(', ') });
  const item = await getItem(ctx, userId, id);
  await ctx.db
    .updateTable('backpack_items')
    .set({ state: state as ItemState, seen_at: item.isNew ? new Date() : undefined })
    .where('id', '=', item.id)
    .where('user_id', '=', userId)
    .execute();
  return { ...item, state: state as ItemState, isNew: false };
}

/**
 * Deletes the person's copy of a badge. An imported badge is gone; an issued one stays at its
 * issuer (and valid) but leaves the backpack for good: it is not added again.
 */
export async function deleteItem(ctx: AppContext, userId: string, id: string): Promise<BackpackItem> {
  const item = await getItem(ctx, userId, id);
  await ctx.db.transaction().execute(async (trx) => {
    // A deleted badge leaves every collection (an imported one by the foreign key's cascade too).
    await trx.deleteFrom('backpack_collection_items').where('item_id', '=', item.id).execute();
    if (item.source === 'imported')
      await trx.deleteFrom('backpack_items').where('id', '=', item.id).where('user_id', '=', userId).execute();
    else
      await trx
        .updateTable('backpack_items')
        .set({ state: 'deleted', seen_at: new Date() })
        .where('id', '=', item.id)
        .where('user_id', '=', userId)
        .execute();
  });
  return item;
}

/** Marks badges as seen (after the page that showed them as new). */
export async function markSeen(ctx: AppContext, userId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.db
    .updateTable('backpack_items')
    .set({ seen_at: new Date() })
    .where('user_id', '=', userId)
    .where('id', 'in', ids)
    .where('seen_at', 'is', null)
    .execute();
}

/** The badge's live verification, as anyone checking it now would see it; null when the verifier could not run. */
export async function verifyItem(ctx: AppContext, item: BackpackItemDetail): Promise<Verdict | null> {
  try {
    return await verifyInContext(ctx, item.jwt ?? item.document, {
      recipientEmail: item.recipientEmail || undefined,
      // Badges of other hosts are checked against their issuer's documents, fetched under /verify's rules.
      allowNetwork: item.source === 'imported',
    });
  } catch (error) {
    ctx.log.warn({ err: error, item: item.id }, 'backpack: verification failed to run');
    return null;
  }
}
