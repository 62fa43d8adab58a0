import { generateKeyPair as generateKeyPairCb } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { findOrganisation, type OrganisationRow } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { invalidFields } from '../../platform/errors.ts';
import { E } from '../errors.ts';
import { forgetDocuments } from './document-cache.ts';
import { newEd25519Key, type SigningKey } from './engine.ts';
import { open, seal } from './secret-box.ts';

const generateKeyPair = promisify(generateKeyPairCb);

/** did:web of an organisation under BASE_URL: `did:web:host%3Aport[:path]:orgs:<slug>`. */
export function issuerDid(baseUrl: string, slug: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname
    .split('/')
    .filter(Boolean)
    .map((p) => encodeURIComponent(p));
  return ['did:web', encodeURIComponent(url.host), ...path, 'orgs', slug].join(':');
}

/** Where did:web says the document of `did` is: https://host/.../did.json (http for a local http BASE_URL). */
export function didWebUrl(did: string, scheme = 'https'): string {
  const [, , host, ...path] = did.split(':');
  return `${scheme}://${decodeURIComponent(host)}/${path.map(decodeURIComponent).join('/')}/did.json`;
}

/** The slug of an organisation of this instance, when `did` (or a key id under it) is one of ours. */
export function slugForDid(baseUrl: string, did: string): string | null {
  const prefix = issuerDid(baseUrl, '');
  const bare = did.split('#')[0];
  if (!bare.startsWith(prefix)) return null;
  const slug = bare.slice(prefix.length);
  return /^[a-z0-9-]+$/.test(slug) ? slug : null;
}

export function organisationUrl(baseUrl: string, slug: string): string {
  return `${baseUrl}/orgs/${slug}`;
}

export interface IssuerKeys {
  did: string;
  ed25519: SigningKey & { algorithm: 'Ed25519' };
  rsa: SigningKey & { algorithm: 'RSA' };
}

interface KeyCache {
  keys: Map<string, IssuerKeys>;
  ensured: Set<string>;
}
const caches = new WeakMap<object, KeyCache>();
function cacheOf(ctx: AppContext): KeyCache {
  let cache = caches.get(ctx.db);
  if (!cache) {
    cache = { keys: new Map(), ensured: new Set() };
    caches.set(ctx.db, cache);
  }
  return cache;
}

const keyContext = (organisationId: string, fragment: string) => `${organisationId}#${fragment}`;

async function nextFragment(db: Kysely<Database>, organisationId: string, prefix: string): Promise<string> {
  const rows = await db.selectFrom('issuer_keys').select('fragment').where('organisation_id', '=', organisationId).execute();
  const used = rows
    .filter((r) => r.fragment.startsWith(`${prefix}-`))
    .map((r) => Number(r.fragment.slice(prefix.length + 1)))
    .filter((n) => r0(n));
  return `${prefix}-${(used.length ? Math.max(...used) : 0) + 1}`;
}
const r0 = (n: number) => Number.isInteger(n) && n > 0;

async function createEd25519(ctx: AppContext, db: Kysely<Database>, organisationId: string): Promise<void> {
  const fragment = await nextFragment(db, organisationId, 'key');
  const key = await newEd25519Key();
  await db
    .insertInto('issuer_keys')
    .values({
      organisation_id: organisationId,
      algorithm: 'Ed25519',
      fragment,
      public_key_multibase: key.publicKeyMultibase,
      public_jwk: JSON.stringify(key.publicJwk) as never,
      private_key_encrypted: seal(ctx.config.secret, key.secretKeyMultibase, keyContext(organisationId, fragment)),
      status: 'active',
    })
    .execute();
}

async function createRsa(ctx: AppContext, db: Kysely<Database>, organisationId: string): Promise<void> {
  const fragment = await nextFragment(db, organisationId, 'rsa');
  const { publicKey, privateKey } = await generateKeyPair('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  await db
    .insertInto('issuer_keys')
    .values({
      organisation_id: organisationId,
      algorithm: 'RSA',
      fragment,
      public_key_multibase: null,
      public_jwk: JSON.stringify({ ...jwk, alg: 'RS256', use: 'sig' }) as never,
      private_key_encrypted: seal(ctx.config.secret, pem, keyContext(organisationId, fragment)),
      status: 'active',
    })
    .execute();
}

/**
 * Makes an organisation an issuer: its profile row and an active Ed25519 and RSA key. Safe to call
 * any number of times and concurrently (the unique index on active keys settles races).
 */
export async function ensureIssuer(ctx: AppContext, organisationId: string): Promise<void> {
  const cache = cacheOf(ctx);
  if (cache.ensured.has(organisationId)) return;
  await ctx.db
    .insertInto('issuer_profiles')
    .values({ organisation_id: organisationId, primary_colour: '#1d4ed8', accent_colour: '#f59e0b' })
    .onConflict((oc) => oc.column('organisation_id').doNothing())
    .execute();
  const active = await ctx.db
    .selectFrom('issuer_keys')
    .select('algorithm')
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'active')
    .execute();
  try {
    if (!active.some((k) => k.algorithm === 'Ed25519')) await createEd25519(ctx, ctx.db, organisationId);
    if (!active.some((k) => k.algorithm === 'RSA')) await createRsa(ctx, ctx.db, organisationId);
  } catch (error) {
    // Someone else created it at the same time: theirs is as good.
    const again = await ctx.db
      .selectFrom('issuer_keys')
      .select('algorithm')
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .execute();
    if (again.length < 2) throw error;
  }
  if (active.length < 2) forgetDocuments(ctx);
  cache.ensured.add(organisationId);
}

/** The organisation's active signing keys, decrypted (cached in memory; never sent anywhere). */
export async function issuerKeys(ctx: AppContext, organisation: Pick<OrganisationRow, 'id' | 'slug'>): Promise<IssuerKeys> {
  const cache = cacheOf(ctx);
  const cached = cache.keys.get(organisation.id);
  if (cached) return cached;
  await ensureIssuer(ctx, organisation.id);
  const rows = await ctx.db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('organisation_id', '=', organisation.id)
    .where('status', '=', 'active')
    .execute();
  const did = issuerDid(ctx.config.baseUrl, organisation.slug);
  const find = (algorithm: 'Ed25519' | 'RSA') => {
    const row = rows.find((r) => r.algorithm === algorithm);
    if (!row) throw E.signingKeyMissing(undefined, { algorithm });
    return {
      algorithm,
      id: `${did}#${row.fragment}`,
      controller: did,
      publicKeyMultibase: row.public_key_multibase ?? undefined,
      publicJwk: row.public_jwk,
      secret: open(ctx.config.secret, row.private_key_encrypted, keyContext(organisation.id, row.fragment)),
    };
  };
  const keys = { did, ed25519: find('Ed25519'), rsa: find('RSA') } as IssuerKeys;
  cache.keys.set(organisation.id, keys);
  return keys;
}

/**
 * Retires the organisation's active key(s) and makes new ones. Retired keys stay in the DID
 * document, so what was signed with them keeps verifying. Status lists are re-signed with the new key.
 */
export async function rotateKeys(
  ctx: AppContext,
  organisationId: string,
  algorithms: ('Ed25519' | 'RSA')[] = ['Ed25519', 'RSA'],
): Promise<void> {
  await ensureIssuer(ctx, organisationId);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('issuer_keys')
      .set({ status: 'retired', retired_at: new Date() })
      .where('organisation_id', '=', organisationId)
      .where('status', '=', 'active')
      .where('algorithm', 'in', algorithms)
      .execute();
    if (algorithms.includes('Ed25519')) await createEd25519(ctx, trx, organisationId);
    if (algorithms.includes('RSA')) await createRsa(ctx, trx, organisationId);
  });
  cacheOf(ctx).keys.delete(organisationId);
  forgetDocuments(ctx);
}

/** The DID document of an organisation: every key it ever signed with, active or retired. */
export async function didDocument(ctx: AppContext, slug: string): Promise<Record<string, unknown>> {
  const organisation = await findOrganisation(ctx.db, slug);
  if (!organisation) throw E.issuerNotFound();
  await ensureIssuer(ctx, organisation.id);
  const did = issuerDid(ctx.config.baseUrl, organisation.slug);
  const rows = await ctx.db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('organisation_id', '=', organisation.id)
    .orderBy('created_at')
    .execute();
  const methods = rows.map((r) =>
    r.algorithm === 'Ed25519'
      ? { id: `${did}#${r.fragment}`, type: 'Multikey', controller: did, publicKeyMultibase: r.public_key_multibase }
      : { id: `${did}#${r.fragment}`, type: 'JsonWebKey', controller: did, publicKeyJwk: r.public_jwk },
  );
  const ids = methods.map((m) => m.id);
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: ids,
    authentication: ids,
  };
}

/** The organisation's OB 3.0 Profile as it appears as `issuer` in its credentials. */
export async function issuerProfile(ctx: AppContext, organisation: OrganisationRow): Promise<Record<string, unknown>> {
  const did = issuerDid(ctx.config.baseUrl, organisation.slug);
  const profile: Record<string, unknown> = {
    id: did,
    type: ['Profile'],
    name: organisation.name,
    url: organisation.website || organisationUrl(ctx.config.baseUrl, organisation.slug),
  };
  if (organisation.description) profile.description = organisation.description;
  const row = await ctx.db
    .selectFrom('issuer_profiles')
    .select('did_key')
    .where('organisation_id', '=', organisation.id)
    .executeTakeFirst();
  if (row?.did_key) {
    const keys = await issuerKeys(ctx, organisation);
    profile.otherIdentifier = [
      { type: 'IdentifierEntry', identifier: `did:key:${keys.ed25519.publicKeyMultibase}`, identifierType: 'identifier' },
    ];
  }
  return profile;
}

export async function issuerColours(ctx: AppContext, organisationId: string): Promise<{ primary: string; accent: string }> {
  await ensureIssuer(ctx, organisationId);
  const row = await ctx.db
    .selectFrom('issuer_profiles')
    .select(['primary_colour', 'accent_colour'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow();
  return { primary: row.primary_colour, accent: row.accent_colour };
}

export async function updateIssuerSettings(
  ctx: AppContext,
  organisationId: string,
  input: { primaryColour?: string; accentColour?: string; didKey?: boolean },
): Promise<void> {
  await ensureIssuer(ctx, organisationId);
  const colour = /^#[0-9a-fA-F]{6}$/;
  const errors = [];
  if (input.primaryColour !== undefined && !colour.test(input.primaryColour)) errors.push(E.colour('primaryColour'));
  if (input.accentColour !== undefined && !colour.test(input.accentColour)) errors.push(E.colour('accentColour'));
  if (errors.length) throw invalidFields(errors);
  await ctx.db
    .updateTable('issuer_profiles')
    .set({
      ...(input.primaryColour ? { primary_colour: input.primaryColour.toLowerCase() } : {}),
      ...(input.accentColour ? { accent_colour: input.accentColour.toLowerCase() } : {}),
      ...(input.didKey !== undefined ? { did_key: input.didKey } : {}),
    })
    .where('organisation_id', '=', organisationId)
    .execute();
}
