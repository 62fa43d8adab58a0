/**
 * Credentials a person signs as themselves (an EndorsementCredential by a person, issue 11): a key
 * of their own, made on first use — Ed25519, identified by its did:key (no document to publish: the
 * key is the identifier, and every verifier resolves it offline) — stored encrypted like the
 * organisations' keys (secret-box.ts, bound to its row), and a revocation list of their own, signed
 * with that key and served at `/people/<signer id>/status/revocation` (the signer id is random, not
 * the account's). docs/decisions/013-pathways-and-endorsements.md, "Endorsements by a person".
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { E } from '../errors.ts';
import { OB_CONTEXT, VC_CONTEXT } from './achievements.ts';
import { forgetDocuments } from './document-cache.ts';
import { newEd25519Key, type SigningKey, signDataIntegrity } from './engine.ts';
import { asProofList, isoDate } from './issue.ts';
import { open, seal } from './secret-box.ts';
import { decodeStatusList, emptyStatusList, STATUS_LIST_LENGTH, signListCredential, statusListFull } from './status.ts';

/** The person as a signer: their display name goes into the credential's issuer Profile. */
export interface PersonSigner {
  userId: string;
  name: string;
}

export const personStatusListUrl = (baseUrl: string, signerId: string) => `${baseUrl}/people/${signerId}/status/revocation`;

const keyContext = (signerId: string) => `person:${signerId}#key`;

interface SignerRow {
  id: string;
  did: string;
  public_key_multibase: string;
  private_key_encrypted: string | null;
}

async function signerRow(db: Kysely<Database>, userId: string): Promise<SignerRow | undefined> {
  return db
    .selectFrom('person_signers')
    .select(['id', 'did', 'public_key_multibase', 'private_key_encrypted'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

function signingKey(ctx: AppContext, row: SignerRow): SigningKey {
  if (!row.private_key_encrypted) throw E.signingKeyMissing(undefined, { algorithm: 'Ed25519' });
  return {
    algorithm: 'Ed25519',
    id: `${row.did}#${row.public_key_multibase}`,
    controller: row.did,
    publicKeyMultibase: row.public_key_multibase,
    publicJwk: {},
    secret: open(ctx.config.secret, row.private_key_encrypted, keyContext(row.id)),
  };
}

/**
 * The person's signer: made on first use (a new Ed25519 key and an empty revocation list signed
 * with it). Safe to call at once from two requests: the unique user_id keeps one, the other's is dropped.
 */
async function ensureSigner(ctx: AppContext, userId: string): Promise<SignerRow> {
  const found = await signerRow(ctx.db, userId);
  if (found) return found;
  const id = randomUUID();
  const key = await newEd25519Key();
  const did = `did:key:${key.publicKeyMultibase}`;
  const sealed = seal(ctx.config.secret, key.secretKeyMultibase, keyContext(id));
  const row: SignerRow = { id, did, public_key_multibase: key.publicKeyMultibase, private_key_encrypted: sealed };
  const list = await emptyStatusList('revocation');
  const credential = await signListCredential(personStatusListUrl(ctx.config.baseUrl, id), did, signingKey(ctx, row), 'revocation', list);
  await ctx.db
    .insertInto('person_signers')
    .values({
      id,
      user_id: userId,
      did,
      public_key_multibase: key.publicKeyMultibase,
      private_key_encrypted: sealed,
      length: STATUS_LIST_LENGTH,
      bits: await list.encode(),
      credential: JSON.stringify(credential) as never,
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  const stored = await signerRow(ctx.db, userId);
  if (!stored) throw E.signingKeyMissing(undefined, { algorithm: 'Ed25519' });
  return stored;
}

/** The person's did:key, when they have signed something (null before their first signature). */
export async function personDid(ctx: AppContext, userId: string): Promise<string | null> {
  return (await signerRow(ctx.db, userId))?.did ?? null;
}

/** A credential a person signed: the document and its place in their revocation list. */
export interface PersonCredential {
  document: Record<string, unknown>;
  statusIndex: number;
}

/**
 * Signs a credential of another kind than an OpenBadgeCredential (an EndorsementCredential) as the
 * person: its `@context`, an id unless given, the issuer Profile `{ id: did:key…, type: Profile,
 * name }`, `validFrom`, a revocation entry in the person's own list, and an eddsa-rdfc-2022 proof
 * with their key (made on first use). What this function sets wins over `credential`.
 */
export async function signPersonCredential(
  ctx: AppContext,
  person: PersonSigner,
  credential: Record<string, unknown>,
): Promise<PersonCredential> {
  const signer = await ensureSigner(ctx, person.userId);
  const taken = await ctx.db
    .updateTable('person_signers')
    .set((eb) => ({ next_status_index: eb('next_status_index', '+', 1) }))
    .where('id', '=', signer.id)
    .where('next_status_index', '<', STATUS_LIST_LENGTH)
    .returning('next_status_index')
    .executeTakeFirst();
  if (!taken) throw statusListFull(STATUS_LIST_LENGTH);
  const statusIndex = taken.next_status_index - 1;
  const list = personStatusListUrl(ctx.config.baseUrl, signer.id);
  const unsigned: Record<string, unknown> = {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: typeof credential.id === 'string' ? credential.id : `urn:uuid:${randomUUID()}`,
    ...credential,
    issuer: { id: signer.did, type: ['Profile'], name: person.name },
    validFrom: typeof credential.validFrom === 'string' ? credential.validFrom : isoDate(new Date()),
    credentialStatus: {
      id: `${list}#${statusIndex}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(statusIndex),
      statusListCredential: list,
    },
  };
  const document = asProofList(await signDataIntegrity(unsigned, signingKey(ctx, signer)));
  return { document, statusIndex };
}

/**
 * Revokes a credential the person signed: sets its bit in their list and signs the list anew with
 * their key (final; setting it twice changes nothing). The row is locked, so two revocations at
 * once do not lose one another.
 */
export async function revokePersonCredential(ctx: AppContext, userId: string, statusIndex: number): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('person_signers')
      .select(['id', 'did', 'public_key_multibase', 'private_key_encrypted', 'bits'])
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw E.statusListMissing(undefined, { purpose: 'revocation' });
    const list = await decodeStatusList(row.bits);
    if (list.getStatus(statusIndex)) return;
    list.setStatus(statusIndex, true);
    const credential = await signListCredential(
      personStatusListUrl(ctx.config.baseUrl, row.id),
      row.did,
      signingKey(ctx, row),
      'revocation',
      list,
    );
    forgetDocuments(ctx);
    await trx
      .updateTable('person_signers')
      .set({ bits: await list.encode(), credential: JSON.stringify(credential) as never, updated_at: new Date() as never })
      .where('id', '=', row.id)
      .execute();
  });
  forgetDocuments(ctx);
}

/** The signed revocation list of a person's signer, served at its stable URL; null when unknown. */
export async function personStatusList(ctx: AppContext, signerId: string): Promise<Record<string, unknown> | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(signerId)) return null;
  const row = await ctx.db.selectFrom('person_signers').select('credential').where('id', '=', signerId).executeTakeFirst();
  return row?.credential ?? null;
}

/**
 * The person leaves (personal data): the private key is destroyed and the account forgotten. The
 * list stays served as last signed (the endorsements module revoked what they signed before), so
 * copies of their credentials elsewhere keep reading as revoked, and the did:key still resolves.
 */
export async function forgetPersonSigner(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('person_signers').set({ private_key_encrypted: null, user_id: null }).where('user_id', '=', userId).execute();
}
