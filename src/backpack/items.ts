import { type Selectable, sql } from 'kysely';
import { confirmedAddresses } from '../accounts/api.ts';
import {
  credentialsIssuedTo,
  type ReceivedCredential,
  type ReceivedState,
  receivedCredentials,
  receivedDocuments,
  receivedStates,
  receivedSummary,
  type Verdict,
  verifyInContext,
} from '../credentials/api.ts';
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

/**
 * The columns a badge is listed with: never the imported file or the credential itself. Issued
 * badges carry the same summary (copied from the signed credential, which never changes, when the
 * badge first reaches the backpack), so that lists, counts and pages are read from this table
 * alone; only the state at the issuer (revoked, suspended) is read live, without documents.
 */
const SUMMARY = [
  'id',
  'source',
  'credential_id',
  'state',
  'seen_at',
  'created_at',
  'name',
  'description',
  'issuer_name',
  'image',
  'awarded_at',
  'valid_until',
  'recipient_email',
  'skills',
  'verdict',
  'valid',
  'verified_at',
] as const;
type SummaryRow = Pick<Row, (typeof SUMMARY)[number]>;
/** A badge with its credential: the summary and, for an imported one, what it was given as (never the file itself). */
type DetailRow = Pick<Row, (typeof SUMMARY)[number] | 'document' | 'jwt' | 'original_type' | 'source_url'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** Above this many issued badges, their states are read for all the person's addresses at once rather than by id. */
const STATES_BY_ID_MAX = 200;

function issuedStatus(c: { state: ReceivedState['state']; expired: boolean }): ItemStatus {
  if (c.state !== 'active') return c.state;
  return c.expired ? 'expired' : 'active';
}

function importedStatus(row: Pick<Row, 'verdict' | 'valid'>): ItemStatus {
  const failed = row.verdict?.checks.find((c) => c.status === 'failed');
  if (failed?.check === 'status') return 'revoked';
  if (failed?.check === 'validity') return 'expired';
  if (row.valid === false) return 'invalid';
  return 'active';
}

const alignments = (skills: ReceivedCredential['skills']): StoredAlignment[] =>
  skills.map(({ targetName, targetUrl, targetCode, targetFramework }) => ({ targetName, targetUrl, targetCode, targetFramework }));

/** What an issued badge's row keeps of its credential, to be listed without reading the credential. */
function issuedSummary(c: ReceivedCredential) {
  return {
    name: c.name,
    description: c.description,
    issuer_name: c.issuerName,
    image: c.image,
    awarded_at: c.awardedAt,
    valid_until: c.validUntil,
    recipient_email: c.recipientEmail,
    skills: JSON.stringify(alignments(c.skills)) as never,
  };
}

function fromIssued(row: DetailRow, c: ReceivedCredential): BackpackItemDetail {
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
    skills: alignments(c.skills),
    publicUrl: c.url,
    verifiedAt: null,
    createdAt: row.created_at,
    document: c.document,
    jwt: c.jwt,
    originalType: null,
    sourceUrl: null,
  };
}

/** A badge as listed: an issued one with its state at the issuer. */
function fromSummary(row: SummaryRow, issued?: ReceivedState): BackpackItem {
  return {
    id: row.id,
    source: row.source,
    state: row.state,
    isNew: row.seen_at === null,
    name: row.name ?? '',
    description: row.description ?? '',
    issuerName: row.issuer_name ?? '',
    image: row.image,
    awardedAt: row.awarded_at,
    validUntil: row.valid_until,
    status: issued ? issuedStatus(issued) : importedStatus(row),
    recipientEmail: row.recipient_email ?? '',
    skills: row.skills ?? [],
    publicUrl: issued ? issued.url : null,
    verifiedAt: issued ? null : row.verified_at,
    createdAt: row.created_at,
  };
}

function fromImported(row: DetailRow): BackpackItemDetail {
  return {
    ...fromSummary(row),
    document: row.document ?? {},
    jwt: row.jwt,
    originalType: row.original_type,
    sourceUrl: row.source_url,
  };
}

/** Writes the summary of these issued credentials into the person's rows, adding the rows that are missing. */
async function storeIssued(ctx: AppContext, userId: string, emails: string[], ids: string[]): Promise<void> {
  for (let at = 0; at < ids.length; at += 500) {
    const credentials = await receivedCredentials(ctx, emails, ids.slice(at, at + 500));
    if (credentials.length === 0) continue;
    await ctx.db
      .insertInto('backpack_items')
      .values(credentials.map((c) => ({ user_id: userId, source: 'issued' as const, credential_id: c.id, ...issuedSummary(c) })))
      .onConflict((oc) =>
        oc
          .columns(['user_id', 'credential_id'])
          .where('credential_id', 'is not', null)
          .doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            description: eb.ref('excluded.description'),
            issuer_name: eb.ref('excluded.issuer_name'),
            image: eb.ref('excluded.image'),
            awarded_at: eb.ref('excluded.awarded_at'),
            valid_until: eb.ref('excluded.valid_until'),
            recipient_email: eb.ref('excluded.recipient_email'),
            skills: eb.ref('excluded.skills'),
          })),
      )
      .execute();
  }
}

/**
 * What syncIssued last saw per person (their addresses, and the count and newest of the credentials
 * issued to them), per database: when it is the same, nothing new was issued to them and the sync is
 * skipped. In memory, so each process syncs once after it starts; at most SYNCED_MAX people.
 */
const lastSynced = new WeakMap<AppContext, Map<string, string>>();
const SYNCED_MAX = 10_000;

/**
 * Gives every credential issued to the person's confirmed addresses that has no row yet a row
 * (pending, new) with its summary; answers their addresses. Reads one summary row of the issued
 * credentials and, only when it changed since the last look, their ids. Safe to run at the same
 * time twice: the unique index decides.
 */
async function syncIssued(ctx: AppContext, userId: string): Promise<{ emails: string[] }> {
  const emails = await confirmedAddresses(ctx.db, userId);
  if (emails.length === 0) return { emails };
  const summary = await receivedSummary(ctx, emails);
  const seen = `${emails.join(' ')}|${summary.count}|${summary.newest?.getTime() ?? ''}`;
  let memory = lastSynced.get(ctx);
  if (!memory) lastSynced.set(ctx, (memory = new Map()));
  if (memory.get(userId) === seen) return { emails };
  if (summary.count > 0) {
    const states = await receivedStates(ctx, emails);
    const known = await ctx.db
      .selectFrom('backpack_items')
      .select('credential_id')
      .where('user_id', '=', userId)
      .where('source', '=', 'issued')
      .where('name', 'is not', null)
      .execute();
    const have = new Set(known.map((r) => r.credential_id));
    const missing = states.filter((s) => !have.has(s.id)).map((s) => s.id);
    if (missing.length) await storeIssued(ctx, userId, emails, missing);
  }
  if (memory.size >= SYNCED_MAX) memory.clear();
  memory.set(userId, seen);
  return { emails };
}

/** Forgets what syncIssued saw of a person (their rows were removed: the next look adds them again). */
export function forgetSynced(ctx: AppContext, userId: string): void {
  lastSynced.get(ctx)?.delete(userId);
}

/**
 * The person's badges but the deleted ones; issued ones only while one of their confirmed addresses
 * is the recipient. With `bare`, also issued rows that keep no summary yet (made before rows kept
 * one): the caller fills them (`summaries`), and leaves out those no longer issued to the person.
 */
function listed(ctx: AppContext, userId: string, emails: string[], options: { bare?: boolean } = {}) {
  return ctx.db
    .selectFrom('backpack_items')
    .where('user_id', '=', userId)
    .where('state', '!=', 'deleted')
    .where((eb) => {
      const shown = [eb('source', '=', 'imported')];
      if (emails.length) shown.push(eb('recipient_email', 'in', emails));
      if (options.bare) shown.push(eb.and([eb('source', '=', 'issued'), eb('name', 'is', null)]));
      return eb.or(shown);
    });
}

/** Newest first (issue date, else when it was added), then by id: the same order on every page. */
const newestFirst = sql`coalesce(awarded_at, created_at) desc, id`;

/**
 * Listed badges from their rows: issued ones with their state at the issuer (read here), those
 * whose credential is no longer issued to the person left out.
 */
async function summaries(ctx: AppContext, userId: string, emails: string[], rows: SummaryRow[]) {
  const issuedIds = rows.filter((r) => r.source === 'issued' && r.credential_id).map((r) => r.credential_id as string);
  let states: Map<string, ReceivedState> | undefined;
  if (issuedIds.length)
    states = new Map(
      (await receivedStates(ctx, emails, issuedIds.length > STATES_BY_ID_MAX ? undefined : issuedIds)).map((s) => [s.id, s]),
    );
  // Rows made before issued badges kept a summary: filled once, here.
  const bare = rows.filter((r) => r.source === 'issued' && r.name === null && r.credential_id);
  if (bare.length) {
    await storeIssued(
      ctx,
      userId,
      emails,
      bare.map((r) => r.credential_id as string),
    );
    const filled = new Map(
      (
        await ctx.db
          .selectFrom('backpack_items')
          .select(SUMMARY)
          .where('user_id', '=', userId)
          .where(
            'id',
            'in',
            bare.map((r) => r.id),
          )
          .execute()
      ).map((r) => [r.id, r]),
    );
    rows = rows.map((r) => filled.get(r.id) ?? r);
  }
  const items: BackpackItem[] = [];
  for (const row of rows) {
    if (row.source === 'imported') items.push(fromSummary(row));
    else {
      const state = row.credential_id ? states?.get(row.credential_id) : undefined;
      if (state && row.name !== null) items.push(fromSummary(row, state));
    }
  }
  return items;
}

/** Every badge of the person but the deleted ones, with the credentials, newest first (the export, the OB API). */
export async function allItems(ctx: AppContext, userId: string): Promise<BackpackItemDetail[]> {
  const { emails } = await syncIssued(ctx, userId);
  const rows = await listed(ctx, userId, emails).selectAll().orderBy(newestFirst).execute();
  // Every credential, so all of them at once, by address (one query, as the issuer's records are indexed).
  const credentials = new Map(
    rows.some((r) => r.source === 'issued') ? (await credentialsIssuedTo(ctx, emails)).map((c) => [c.id, c]) : [],
  );
  const items: BackpackItemDetail[] = [];
  for (const row of rows) {
    if (row.source === 'issued') {
      const credential = row.credential_id ? credentials.get(row.credential_id) : undefined;
      if (credential) items.push(fromIssued(row, credential));
    } else items.push(fromImported(row));
  }
  return items;
}

/** A badge as the Open Badges API hands it out: the credential as signed. */
export interface CredentialItem {
  id: string;
  document: Record<string, unknown>;
  jwt: string | null;
}

/**
 * One page of the person's badges that are Open Badges 3.0 credentials (issued in the network, a
 * VC as JSON-LD, or any signed JWT), not hidden, newest first, with their credentials: for the
 * Open Badges API's getCredentials. `since` keeps those issued (or, without an issue date, added)
 * after it. Only the page's credentials are read, and of each only what is handed out.
 */
export async function credentialItems(
  ctx: AppContext,
  userId: string,
  query: { offset: number; limit: number; since?: Date | null },
): Promise<{ total: number; items: CredentialItem[] }> {
  const { emails } = await syncIssued(ctx, userId);
  const chosen = () => {
    let q = listed(ctx, userId, emails)
      .where('state', '!=', 'hidden')
      .where((eb) => eb.or([eb('source', '=', 'issued'), eb('jwt', 'is not', null), eb('format', '=', 'json-ld')]));
    if (query.since) q = q.where(sql<boolean>`coalesce(awarded_at, created_at) > ${query.since}`);
    return q;
  };
  const counted = await chosen()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await chosen()
    .select(['id', 'source', 'credential_id', 'document', 'jwt'])
    .orderBy(newestFirst)
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  // Read with the issuer's record, by address: one no longer issued to the person is left out.
  const issuedIds = rows.filter((r) => r.source === 'issued' && r.credential_id).map((r) => r.credential_id as string);
  const credentials = new Map((await receivedDocuments(ctx, emails, issuedIds)).map((c) => [c.id, c]));
  const items: CredentialItem[] = [];
  for (const row of rows) {
    if (row.source === 'imported') items.push({ id: row.id, document: row.document ?? {}, jwt: row.jwt });
    else {
      const credential = row.credential_id ? credentials.get(row.credential_id) : undefined;
      if (credential) items.push({ id: row.id, document: credential.document, jwt: credential.jwt });
    }
  }
  return { total: Number(counted.n), items };
}

/**
 * The person's badges as listed (no credentials), newest first: by state, by id, not seen yet
 * (`unseen`), at most `limit`; with `sync`, credentials issued since the last look are added first.
 */
export async function findItems(
  ctx: AppContext,
  userId: string,
  options: { states?: ItemState[]; ids?: string[]; sync?: boolean; unseen?: boolean; limit?: number } = {},
): Promise<BackpackItem[]> {
  if (options.ids?.length === 0) return [];
  const synced = options.sync ? await syncIssued(ctx, userId) : null;
  const emails = synced?.emails ?? (await confirmedAddresses(ctx.db, userId));
  let query = listed(ctx, userId, emails, { bare: !synced }).select(SUMMARY);
  if (options.states) query = query.where('state', 'in', options.states);
  if (options.ids) query = query.where('id', 'in', options.ids.filter(isUuid));
  if (options.unseen) query = query.where('seen_at', 'is', null);
  if (options.limit !== undefined) query = query.limit(options.limit);
  return summaries(ctx, userId, emails, await query.orderBy(newestFirst).execute());
}

/** What the skills profile needs of a badge. */
export type SkillBadge = Pick<BackpackItem, 'id' | 'name' | 'state' | 'status' | 'skills'>;

/**
 * The person's accepted badges with only what the skills profile needs (a few columns of a
 * thousand rows instead of every column: the public profile reads them on every view).
 */
export async function acceptedSkillBadges(ctx: AppContext, userId: string): Promise<SkillBadge[]> {
  const emails = await confirmedAddresses(ctx.db, userId);
  const rows = await listed(ctx, userId, emails, { bare: true })
    .select(['id', 'source', 'credential_id', 'state', 'name', 'skills', 'verdict', 'valid'])
    .where('state', '=', 'accepted')
    .orderBy(newestFirst)
    .execute();
  // Rows made before issued badges kept a summary: read in full once, which fills them.
  if (rows.some((r) => r.source === 'issued' && r.name === null)) return findItems(ctx, userId, { states: ['accepted'] });
  const issuedIds = rows.filter((r) => r.source === 'issued' && r.credential_id).map((r) => r.credential_id as string);
  const states = new Map(
    issuedIds.length
      ? (await receivedStates(ctx, emails, issuedIds.length > STATES_BY_ID_MAX ? undefined : issuedIds)).map((s) => [s.id, s])
      : [],
  );
  const badges: SkillBadge[] = [];
  for (const row of rows) {
    const issued = row.credential_id ? states.get(row.credential_id) : undefined;
    if (row.source === 'issued' && !issued) continue;
    badges.push({
      id: row.id,
      name: row.name ?? '',
      state: row.state,
      status: issued ? issuedStatus(issued) : importedStatus(row),
      skills: row.skills ?? [],
    });
  }
  return badges;
}

export interface BackpackList {
  items: BackpackItem[];
  counts: { current: number; hidden: number; new: number };
  /** The page shown (1-based) and how many there are; all badges on one page when no page size is given. */
  page: number;
  pages: number;
}

/** How many badges a page of the backpack shows. */
export const PAGE_SIZE = 48;

/**
 * The backpack page: the badges shown (pending and accepted) or the hidden ones, newest first, one
 * page of `pageSize` (all of them without it), with the counts of both and of the new ones.
 */
export async function listItems(
  ctx: AppContext,
  userId: string,
  show: 'current' | 'hidden' = 'current',
  paging: { page?: number; pageSize?: number } = {},
): Promise<BackpackList> {
  const { emails } = await syncIssued(ctx, userId);
  const counted = await listed(ctx, userId, emails)
    .select([
      sql<string>`count(*) filter (where state <> 'hidden')`.as('current'),
      sql<string>`count(*) filter (where state = 'hidden')`.as('hidden'),
      sql<string>`count(*) filter (where state <> 'hidden' and seen_at is null)`.as('new'),
    ])
    .executeTakeFirstOrThrow();
  const counts = { current: Number(counted.current), hidden: Number(counted.hidden), new: Number(counted.new) };
  const total = show === 'hidden' ? counts.hidden : counts.current;
  const size = paging.pageSize ?? Math.max(total, 1);
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Math.min(Math.max(1, Math.floor(paging.page ?? 1) || 1), pages);
  let query = listed(ctx, userId, emails).select(SUMMARY);
  query = show === 'hidden' ? query.where('state', '=', 'hidden') : query.where('state', '!=', 'hidden');
  const rows = await query
    .orderBy(newestFirst)
    .limit(size)
    .offset((page - 1) * size)
    .execute();
  // The issuer's state of this page's badges only.
  return { items: await summaries(ctx, userId, emails, rows), counts, page, pages };
}

/** The new badges (not seen yet, not hidden), for the home page. */
export async function newItems(ctx: AppContext, userId: string): Promise<BackpackItem[]> {
  return findItems(ctx, userId, { states: ['pending', 'accepted'], sync: true, unseen: true });
}

/** The person's badge (not deleted) that is the credential of this network with this public address; null when none. */
export async function heldIssuedItem(ctx: AppContext, userId: string, url: string): Promise<string | null> {
  const { emails } = await syncIssued(ctx, userId);
  // This instance's credential pages are <BASE_URL>/credentials/<id>.
  const prefix = `${ctx.config.baseUrl}/credentials/`;
  const id = url.startsWith(prefix) ? url.slice(prefix.length) : '';
  if (!isUuid(id)) return null;
  const ids = (await receivedStates(ctx, emails, [id])).filter((s) => s.url === url).map((s) => s.id);
  if (ids.length === 0) return null;
  const row = await ctx.db
    .selectFrom('backpack_items')
    .select('id')
    .where('user_id', '=', userId)
    .where('credential_id', 'in', ids)
    .where('state', '!=', 'deleted')
    .executeTakeFirst();
  return row?.id ?? null;
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
  const emails = await confirmedAddresses(ctx.db, userId);
  const [credential] = row.credential_id ? await receivedCredentials(ctx, emails, [row.credential_id]) : [];
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
