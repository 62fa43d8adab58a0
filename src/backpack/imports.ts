import { createHash } from 'node:crypto';
import { confirmedAddresses } from '../accounts/api.ts';
import { type Check, fetchRefusal, recipientAmong, UnusableInputError, type Verdict, verifyInContext } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import { AppError, PlatformErrors } from '../platform/errors.ts';
import { E } from './errors.ts';
import { type BackpackItemDetail, getItem, heldIssuedItem } from './items.ts';
import type { StoredVerdict } from './schema.ts';

/**
 * Importing a badge earned elsewhere (OB 3.0 JSON-LD or VC-JWT, OB 2.0 assertion or JWS, baked in
 * a PNG or SVG, pasted, or behind a link): verified with the credentials module's verifier under
 * the rules of /verify (fetches only over https, never to private or loopback addresses), its
 * recipient matched against the person's confirmed addresses, and stored with the verdict. A badge
 * that does not verify is refused with the reason, never stored.
 */

export interface ImportInput {
  file?: Buffer;
  text?: string;
  url?: string;
}

export interface ImportOptions {
  /** Documents the verifier reads instead of fetching them (tests: an OB 2.0 issuer's key). */
  extraDocuments?: Record<string, unknown>;
  now?: Date;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const failedCheck = (checks: Check[], name: string) => checks.find((c) => c.check === name && c.status === 'failed');

function pick(input: ImportInput): { field: 'file' | 'text' | 'url'; value: Buffer | string } {
  const given = (
    [
      ['file', input.file && input.file.length > 0 ? input.file : undefined],
      ['text', input.text?.trim() || undefined],
      ['url', input.url?.trim() || undefined],
    ] as const
  ).filter(([, v]) => v !== undefined);
  if (given.length === 0) throw E.importNothing('file');
  if (given.length > 1) throw E.importOneOnly(given[1][0]);
  const [field, value] = given[0];
  return { field, value: value as Buffer | string };
}

/** The reason of the first failed check, as a message key with its parameters (for `$t(...)` in the error text). */
function reasonOf(check: Check | undefined): Record<string, string | number> {
  if (!check?.code) return { reason: 'backpack:import.unknownReason' };
  // A check made of coded parts (schema errors, proofs): its first part, whose text is in the reader's
  // language; the whole check's `which` is the English of the API.
  const part = check.details?.[0] ?? check;
  return { ...(part.params ?? {}), reason: `credentials:verify.messages.${part.code}` };
}

async function verify(ctx: AppContext, field: string, value: Buffer | string, options: ImportOptions): Promise<Verdict> {
  // A link (given as one, or pasted) is checked before anything is fetched.
  if (field === 'url' || (typeof value === 'string' && /^https?:\/\//i.test(value))) {
    const url = String(value);
    if (url.length > 2000 || !/^https?:\/\/\S+$/i.test(url)) throw PlatformErrors.notUrl(field);
    const refusal = await fetchRefusal(url);
    if (refusal === 'private') throw E.importPrivateAddress(field);
    if (refusal === 'notHttps') throw E.importNotHttps(field);
  }
  try {
    return await verifyInContext(ctx, value, { allowNetwork: true, extraDocuments: options.extraDocuments, now: options.now });
  } catch (error) {
    if (!(error instanceof UnusableInputError)) throw error;
    if (error.code === 'credentials:errors.fetchFailed') throw E.importFetchFailed(field);
    if (error.status === 413) throw E.importTooLarge(field, { max: 10 });
    throw E.importNotBadge(field, { ...error.params, reason: error.code });
  }
}

function originalOf(
  field: string,
  value: Buffer | string,
  verdict: Verdict,
): { original: string; type: 'json' | 'jwt' | 'png' | 'svg' | 'url' } {
  if (field === 'url') return { original: String(value), type: 'url' };
  const buffer = typeof value === 'string' ? Buffer.from(value) : value;
  if (buffer.subarray(0, 4).equals(PNG)) return { original: buffer.toString('base64'), type: 'png' };
  if (verdict.source === 'svg') return { original: buffer.toString('utf8'), type: 'svg' };
  return { original: buffer.toString('utf8').trim(), type: verdict.jwt ? 'jwt' : 'json' };
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
const date = (value: unknown) => {
  if (typeof value !== 'string') return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
};

export function storedVerdict(verdict: Verdict, checks: Check[] = verdict.checks): StoredVerdict {
  return { valid: verdict.valid, format: verdict.format, checks };
}

/** Verifies and imports one badge for the person; refused with a coded error naming the field (one held already too). */
export async function importBadge(
  ctx: AppContext,
  userId: string,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<BackpackItemDetail> {
  return (await storeBadge(ctx, userId, input, options, false)).item;
}

/**
 * Verifies and imports one badge, or replaces the copy the backpack holds of it (the same id, from
 * the same issuer: an updated credential), keeping what the person did with it (accepted, hidden,
 * its collections). A badge of this network is the issuer's record: it is answered as held. The
 * new version is verified as an import is; when refused, the held copy stays as it was.
 */
export async function importOrReplace(
  ctx: AppContext,
  userId: string,
  input: ImportInput,
  options: ImportOptions = {},
): Promise<{ created: boolean; item: BackpackItemDetail }> {
  return storeBadge(ctx, userId, input, options, true);
}

const idOf = (value: unknown): string | null =>
  typeof value === 'string'
    ? value
    : value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string'
      ? (value as { id: string }).id
      : null;

async function storeBadge(
  ctx: AppContext,
  userId: string,
  input: ImportInput,
  options: ImportOptions,
  replace: boolean,
): Promise<{ created: boolean; item: BackpackItemDetail }> {
  const { field, value } = pick(input);
  const verdict = await verify(ctx, field, value, options);
  // Why a badge is refused, most telling first.
  if (failedCheck(verdict.checks, 'proof') || failedCheck(verdict.checks, 'issuer-key')) throw E.importTampered(field);
  if (failedCheck(verdict.checks, 'status')) throw E.importRevoked(field);
  if (failedCheck(verdict.checks, 'validity')) throw E.importExpired(field);
  const match = await recipientAmong(verdict, await confirmedAddresses(ctx.db, userId));
  if (!match) throw E.importNotYours(field);
  const checks = verdict.checks.map((c) => (c.check === 'recipient' ? match.check : c));
  const proofOk = checks.some((c) => c.check === 'proof' && c.status === 'ok');
  if (!proofOk || checks.some((c) => c.status === 'failed')) {
    const why =
      checks.find((c) => c.status === 'failed') ??
      checks.find((c) => c.check === 'issuer-key' && c.status !== 'ok') ??
      checks.find((c) => c.check === 'proof');
    throw E.importInvalid(field, reasonOf(why));
  }
  const credential = verdict.credential ?? {};
  const key =
    typeof credential.id === 'string' && credential.id ? `id:${credential.id}` : `content:${verdict.jwt ?? JSON.stringify(credential)}`;
  const contentHash = createHash('sha256').update(key).digest('hex');
  // A badge of this network that is in the backpack already (issued to one of the addresses).
  const issued = typeof credential.id === 'string' ? await heldIssuedItem(ctx, userId, credential.id) : null;
  if (issued && !replace) throw E.importDuplicate(field);
  if (issued) return { created: false, item: await getItem(ctx, userId, issued) };
  const { original, type } = originalOf(field, value, verdict);
  // What the badge says, as its row keeps it (the same for a new row and a replaced copy).
  const content = {
    document: JSON.stringify(credential) as never,
    jwt: verdict.jwt ?? null,
    original,
    original_type: type,
    source_url: field === 'url' ? String(value) : null,
    format: verdict.format,
    name: text(verdict.achievement?.name) ?? text(verdict.name),
    description: text(verdict.achievement?.description),
    issuer_name: text(verdict.issuer?.name),
    image: text(verdict.achievement?.image),
    awarded_at: date(credential.awardedDate) ?? date(verdict.validFrom) ?? date(credential.issuedOn),
    valid_until: date(verdict.validUntil),
    recipient_email: match.email,
    skills: JSON.stringify(
      verdict.skills.map(({ targetName, targetUrl, targetCode, targetFramework }) => ({
        targetName,
        targetUrl,
        targetCode,
        targetFramework,
      })),
    ) as never,
    verdict: JSON.stringify(storedVerdict({ ...verdict, valid: true }, checks)) as never,
    valid: true,
    verified_at: new Date(),
  };
  const row = await ctx.db
    .insertInto('backpack_items')
    .values({ user_id: userId, source: 'imported', state: 'pending', seen_at: new Date(), content_hash: contentHash, ...content })
    .onConflict((oc) => oc.columns(['user_id', 'content_hash']).where('content_hash', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) return { created: true, item: await getItem(ctx, userId, row.id) };
  if (!replace) throw E.importDuplicate(field);
  const held = await ctx.db
    .selectFrom('backpack_items')
    .select(['id', 'document'])
    .where('user_id', '=', userId)
    .where('content_hash', '=', contentHash)
    .executeTakeFirst();
  if (!held) throw E.importDuplicate(field);
  // The same id from someone else is not an update of this badge.
  const before = idOf(held.document?.issuer);
  if (!before || before !== idOf(credential.issuer)) throw E.importIdTaken(field);
  await ctx.db.updateTable('backpack_items').set(content).where('id', '=', held.id).where('user_id', '=', userId).execute();
  return { created: false, item: await getItem(ctx, userId, held.id) };
}

/**
 * Verifies imported badges again, so that a revocation or expiry elsewhere shows in the backpack:
 * those not verified since `olderThan`, oldest first, at most `limit`. Safe to run twice (each
 * run overwrites the last verdict). Returns how many were verified.
 */
export async function reverifyImported(ctx: AppContext, options: { olderThan?: Date; limit?: number; now?: Date } = {}): Promise<number> {
  const olderThan = options.olderThan ?? new Date();
  const rows = await ctx.db
    .selectFrom('backpack_items')
    .select(['id', 'document', 'jwt', 'recipient_email'])
    .where('source', '=', 'imported')
    .where((eb) => eb.or([eb('verified_at', 'is', null), eb('verified_at', '<', olderThan)]))
    .orderBy('verified_at')
    .limit(options.limit ?? 500)
    .execute();
  let done = 0;
  for (const row of rows) {
    let stored: StoredVerdict;
    try {
      const verdict = await verifyInContext(ctx, row.jwt ?? row.document, {
        allowNetwork: true,
        recipientEmail: row.recipient_email ?? undefined,
        now: options.now,
      });
      stored = storedVerdict(verdict);
    } catch (error) {
      if (!(error instanceof AppError)) {
        ctx.log.warn({ err: error, item: row.id }, 'backpack: re-verification failed to run');
        continue;
      }
      stored = { valid: false, format: 'unknown', checks: [{ check: 'input', status: 'failed', message: error.code, code: undefined }] };
    }
    await ctx.db
      .updateTable('backpack_items')
      .set({ verdict: JSON.stringify(stored) as never, valid: stored.valid, verified_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    done++;
  }
  return done;
}
