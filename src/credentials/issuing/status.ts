import type { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';

// Loaded on first use, like the rest of the signing stack (see engine.ts).
const statusLists = () => import('@digitalbazaar/vc-bitstring-status-list');
import { type Kysely, sql } from 'kysely';
import { findOrganisation, type OrganisationRow } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { E } from '../errors.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { CredentialState, StatusPurpose } from '../schema.ts';
import { forgetDocuments } from './document-cache.ts';
import { type SigningKey, signDataIntegrity } from './engine.ts';
import { issuerKeys } from './issuer.ts';

/** 131,072 entries (16 KB): the minimum the Bitstring Status List spec asks for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;
export const STATUS_PURPOSES: readonly StatusPurpose[] = ['revocation', 'suspension', 'message'];

/**
 * The state list (`statusPurpose: "message"`, decision 012): one entry of two bits per credential of
 * a suspendable badge, so that its credential carries one credentialStatus object, as the OB 3.0
 * schema asks. The value is the two bits read most significant first; `statusMessage` says what
 * each value means.
 */
export const STATE_STATUS_SIZE = 2;
export const STATE_VALUES = { active: 0, suspended: 1, revoked: 2 } as const;
export type StateValue = (typeof STATE_VALUES)[keyof typeof STATE_VALUES];
export const STATE_MESSAGES: readonly { status: string; message: string }[] = [
  { status: '0x0', message: 'valid' },
  { status: '0x1', message: 'suspended' },
  { status: '0x2', message: 'revoked' },
  { status: '0x3', message: 'revoked' },
];
/**
 * Entries of the state list: twice STATUS_LIST_LENGTH, of which the upper half is given out (a
 * credential at position i of the organisation has entry STATUS_LIST_LENGTH + i, bits 2·entry and
 * 2·entry + 1). The single bit at the entry's own number lies in the lower half, which no credential
 * uses: it is set while the credential is not valid, for verifiers that read one bit per entry and
 * ignore statusSize (@digitalcredentials/verifier-core, @digitalbazaar/vc-bitstring-status-list).
 */
const STATE_LIST_ENTRIES = 2 * STATUS_LIST_LENGTH;
const STATE_LIST_BITS = STATE_LIST_ENTRIES * STATE_STATUS_SIZE;
export const stateEntryIndex = (index: number) => STATUS_LIST_LENGTH + index;

/** Bits of a list of a purpose: the state list holds two bits per entry and twice the entries. */
const listBits = (purpose: StatusPurpose, length: number) => (purpose === 'message' ? STATE_LIST_BITS : length);

export const statusListUrl = (baseUrl: string, slug: string, purpose: StatusPurpose) => `${baseUrl}/orgs/${slug}/status/${purpose}`;

/** The credentialStatus entry for a position in an organisation's list of a purpose. */
export function statusEntry(baseUrl: string, slug: string, purpose: StatusPurpose, index: number): Record<string, string> {
  const list = statusListUrl(baseUrl, slug, purpose);
  return {
    id: `${list}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: list,
  };
}

/**
 * The one credentialStatus object of a credential at a position: its place in the revocation list,
 * or, for a suspendable badge, its entry in the state list (valid, suspended or revoked).
 */
export function credentialStatusEntry(baseUrl: string, slug: string, suspendable: boolean, index: number): Record<string, unknown> {
  if (!suspendable) return statusEntry(baseUrl, slug, 'revocation', index);
  const list = statusListUrl(baseUrl, slug, 'message');
  const entry = stateEntryIndex(index);
  return {
    id: `${list}#${entry}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'message',
    statusListIndex: String(entry),
    statusSize: STATE_STATUS_SIZE,
    statusMessage: STATE_MESSAGES.map((m) => ({ ...m })),
    statusListCredential: list,
  };
}

/**
 * How a stored credential of this instance can be suspended: through its state-list entry, through
 * a separate suspension entry (credentials issued before decision 012 carry two entries), or not.
 */
export function suspensionOf(document: Record<string, unknown>): 'state' | 'suspension' | null {
  const entries = ([] as { statusPurpose?: string }[]).concat((document.credentialStatus ?? []) as never);
  if (entries.some((s) => s.statusPurpose === 'message')) return 'state';
  if (entries.some((s) => s.statusPurpose === 'suspension')) return 'suspension';
  return null;
}

/**
 * A signed BitstringStatusListCredential: the list at `url`, issued by `issuer` (a DID) and signed
 * with its Ed25519 key. Every list this instance serves is made here: an organisation's (signed
 * with its did:web key) and a person's revocation list (with their did:key, people.ts).
 */
export async function signListCredential(
  url: string,
  issuer: string,
  key: SigningKey,
  purpose: StatusPurpose,
  list: BitstringStatusList,
): Promise<Record<string, unknown>> {
  const { createCredential } = await statusLists();
  const unsigned = await createCredential({ id: url, list, statusPurpose: purpose });
  const credential = { ...unsigned, issuer, validFrom: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
  return signDataIntegrity(credential, key);
}

/** A new list with room for `length` credentials of a purpose, all zeros. */
export async function emptyStatusList(purpose: StatusPurpose, length = STATUS_LIST_LENGTH): Promise<BitstringStatusList> {
  const { BitstringStatusList } = await statusLists();
  return new BitstringStatusList({ length: listBits(purpose, length) });
}

/** A list from its stored bits. */
export async function decodeStatusList(bits: string): Promise<BitstringStatusList> {
  const { BitstringStatusList } = await statusLists();
  return BitstringStatusList.decode({ encodedList: bits });
}

async function signList(
  ctx: AppContext,
  organisation: Pick<OrganisationRow, 'id' | 'slug'>,
  purpose: StatusPurpose,
  list: BitstringStatusList,
): Promise<Record<string, unknown>> {
  const keys = await issuerKeys(ctx, organisation);
  return signListCredential(statusListUrl(ctx.config.baseUrl, organisation.slug, purpose), keys.did, keys.ed25519, purpose, list);
}

/**
 * Creates the organisation's status lists (all zeros, signed) when they are not there yet: revocation,
 * suspension (for credentials issued before decision 012) and the state list. `length` is the number
 * of credentials a list has room for; it is internal (tests make a small list to fill it); every list
 * in use has room for STATUS_LIST_LENGTH.
 */
export async function ensureStatusLists(
  ctx: AppContext,
  organisation: Pick<OrganisationRow, 'id' | 'slug'>,
  { length = STATUS_LIST_LENGTH }: { length?: number } = {},
): Promise<void> {
  const existing = await ctx.db.selectFrom('status_lists').select('purpose').where('organisation_id', '=', organisation.id).execute();
  for (const purpose of STATUS_PURPOSES) {
    if (existing.some((e) => e.purpose === purpose)) continue;
    const list = await emptyStatusList(purpose, length);
    const credential = await signList(ctx, organisation, purpose, list);
    await ctx.db
      .insertInto('status_lists')
      .values({
        organisation_id: organisation.id,
        purpose,
        length,
        bits: await list.encode(),
        credential: JSON.stringify(credential) as never,
      })
      .onConflict((oc) => oc.columns(['organisation_id', 'purpose']).doNothing())
      .execute();
    forgetDocuments(ctx);
  }
}

/** Every position of the issuer's status lists is taken: a new credential could not be revoked, so nothing is issued. */
export const statusListFull = (length: number) => E.statusListFull('credentialStatus', { length }, { reason: 'status-list-full' });

/**
 * Takes the next free position in the organisation's lists (call ensureStatusLists first). When
 * every position of the smallest list is taken this fails with a 409 naming the reason, and the
 * counter does not move.
 */
export async function allocateStatusIndex(db: Kysely<Database>, organisationId: string): Promise<number> {
  const lists = await db.selectFrom('status_lists').select('length').where('organisation_id', '=', organisationId).execute();
  const length = Math.min(...lists.map((l) => l.length), STATUS_LIST_LENGTH);
  const row = await db
    .updateTable('issuer_profiles')
    .set((eb) => ({ next_status_index: eb('next_status_index', '+', 1) }))
    .where('organisation_id', '=', organisationId)
    .where('next_status_index', '<', length)
    .returning('next_status_index')
    .executeTakeFirst();
  if (!row) {
    const profile = await db
      .selectFrom('issuer_profiles')
      .select('organisation_id')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    if (!profile) throw E.signingKeyMissing();
    throw statusListFull(length);
  }
  return row.next_status_index - 1;
}

/**
 * Takes up to `count` next free positions at once (a bulk issue's chunk): the first and how many;
 * fewer (possibly none) when the lists are nearly full. Call ensureStatusLists first.
 */
export async function allocateStatusIndexes(
  db: Kysely<Database>,
  organisationId: string,
  count: number,
): Promise<{ first: number; count: number; length: number }> {
  const lists = await db.selectFrom('status_lists').select('length').where('organisation_id', '=', organisationId).execute();
  const length = Math.min(...lists.map((l) => l.length), STATUS_LIST_LENGTH);
  if (count <= 0) return { first: 0, count: 0, length };
  // The position before the update comes back with the new one: the row is locked by the select.
  const { rows } = await sql<{ first: number; upto: number }>`
    with current as (
      select next_status_index as start from issuer_profiles where organisation_id = ${organisationId} for update
    )
    update issuer_profiles set next_status_index = least(current.start + ${count}, ${length})
    from current
    where issuer_profiles.organisation_id = ${organisationId} and current.start < ${length}
    returning current.start as first, issuer_profiles.next_status_index as upto`.execute(db);
  const row = rows[0];
  if (!row) {
    const profile = await db
      .selectFrom('issuer_profiles')
      .select('organisation_id')
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
    if (!profile) throw E.signingKeyMissing();
    return { first: length, count: 0, length };
  }
  return { first: Number(row.first), count: Number(row.upto) - Number(row.first), length };
}

type Organisation = Pick<OrganisationRow, 'id' | 'slug'>;

/** The organisation's list for a purpose, its row locked until the transaction ends; null if it has none. */
async function lockList(trx: Kysely<Database>, organisation: Organisation, purpose: StatusPurpose): Promise<BitstringStatusList | null> {
  const row = await trx
    .selectFrom('status_lists')
    .select('bits')
    .where('organisation_id', '=', organisation.id)
    .where('purpose', '=', purpose)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  return decodeStatusList(row.bits);
}

/** Signs the list anew and stores its bits and credential. */
async function storeList(
  ctx: AppContext,
  trx: Kysely<Database>,
  organisation: Organisation,
  purpose: StatusPurpose,
  list: BitstringStatusList,
) {
  const credential = await signList(ctx, organisation, purpose, list);
  forgetDocuments(ctx);
  await trx
    .updateTable('status_lists')
    .set({ bits: await list.encode(), credential: JSON.stringify(credential) as never, updated_at: new Date() as never })
    .where('organisation_id', '=', organisation.id)
    .where('purpose', '=', purpose)
    .execute();
}

/**
 * Sets one bit of a list and re-signs it, inside the caller's transaction (the row is locked, so two
 * changes at once do not lose one another).
 */
export async function setStatusBit(
  ctx: AppContext,
  trx: Kysely<Database>,
  organisation: Organisation,
  purpose: StatusPurpose,
  index: number,
  value: boolean,
): Promise<void> {
  const list = await lockList(trx, organisation, purpose);
  if (!list) throw E.statusListMissing(undefined, { purpose });
  if (list.getStatus(index) === value) return;
  list.setStatus(index, value);
  await storeList(ctx, trx, organisation, purpose, list);
}

/**
 * Sets a credential's value in the state list and re-signs it, inside the caller's transaction (the
 * row is locked): its two bits, and the single bit at its entry's number for one-bit readers.
 */
export async function setStateValue(
  ctx: AppContext,
  trx: Kysely<Database>,
  organisation: Organisation,
  index: number,
  value: StateValue,
): Promise<void> {
  const list = await lockList(trx, organisation, 'message');
  if (!list) throw E.statusListMissing(undefined, { purpose: 'message' });
  const entry = stateEntryIndex(index);
  const bits: [number, boolean][] = [
    [entry * STATE_STATUS_SIZE, (value & 2) !== 0],
    [entry * STATE_STATUS_SIZE + 1, (value & 1) !== 0],
    [entry, value !== STATE_VALUES.active],
  ];
  if (bits.every(([at, on]) => list.getStatus(at) === on)) return;
  for (const [at, on] of bits) list.setStatus(at, on);
  await storeList(ctx, trx, organisation, 'message', list);
}

/**
 * Records a credential's new state in the list its status entry points to, inside the caller's
 * transaction: the state list for suspendable badges, else the revocation list (or, for credentials
 * issued before decision 012 with two entries, the suspension list).
 */
export async function recordState(
  ctx: AppContext,
  trx: Kysely<Database>,
  organisation: Organisation,
  document: Record<string, unknown>,
  index: number,
  state: CredentialState,
): Promise<void> {
  if (suspensionOf(document) === 'state') return setStateValue(ctx, trx, organisation, index, STATE_VALUES[state]);
  if (state === 'revoked') return setStatusBit(ctx, trx, organisation, 'revocation', index, true);
  return setStatusBit(ctx, trx, organisation, 'suspension', index, state === 'suspended');
}

/** The signed status list credential served at its stable URL. */
export async function statusListCredential(ctx: AppContext, slug: string, purpose: string): Promise<Record<string, unknown> | null> {
  if (!(STATUS_PURPOSES as readonly string[]).includes(purpose)) return null;
  const organisation = await findOrganisation(ctx.db, slug);
  if (!organisation) return null;
  const row = await ctx.db
    .selectFrom('status_lists')
    .select('credential')
    .where('organisation_id', '=', organisation.id)
    .where('purpose', '=', purpose as StatusPurpose)
    .executeTakeFirst();
  return row?.credential ?? null;
}

/** Re-signs every list (after a key rotation). */
export async function resignStatusLists(ctx: AppContext, organisation: Organisation): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const purpose of STATUS_PURPOSES) {
      const list = await lockList(trx, organisation, purpose);
      if (list) await storeList(ctx, trx, organisation, purpose, list);
    }
  });
  forgetDocuments(ctx);
}
