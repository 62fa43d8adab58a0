import { randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import { findOrganisation, requireOrgRole } from '../../accounts/api.ts';
import { isEmail, normaliseEmail } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { randomToken, sha256 } from '../../platform/crypto.ts';
import { type AppError, invalidFields, PlatformErrors } from '../../platform/errors.ts';
import type { ProofFormat } from '../schema.ts';
import { E } from '../errors.ts';
import type { Locale } from '../../platform/module.ts';
import { achievementRow, ISSUER_ROLES, isUuid, userRef } from './achievements.ts';
import { chooseProofFormat, type IssuedCredential, issueAs } from './issue.ts';

// No 0/O, 1/I/L: codes are read off a screen and typed.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function newCode(): string {
  return Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

export const normaliseCode = (code: string) => code.trim().toUpperCase().replace(/[\s-]/g, '');
export const claimUrl = (baseUrl: string, code: string) => `${baseUrl}/claim/${code}`;

export interface ClaimCode {
  id: string;
  code: string;
  url: string;
  label: string;
  achievementId: string;
  maxClaims: number | null;
  claimed: number;
  closesAt: Date | null;
  open: boolean;
  /** The proof format of what the code issues (null: the achievement's default). */
  proofFormat: ProofFormat | null;
  createdAt: Date;
}

type ClaimRow = {
  id: string;
  code: string;
  label: string;
  achievement_id: string;
  max_claims: number | null;
  claimed: number;
  closes_at: Date | null;
  proof_format: ProofFormat | null;
  created_at: unknown;
};

function toClaim(ctx: AppContext, r: ClaimRow): ClaimCode {
  const closed = r.closes_at !== null && new Date(r.closes_at).getTime() <= Date.now();
  const full = r.max_claims !== null && r.claimed >= r.max_claims;
  return {
    id: r.id,
    code: r.code,
    url: claimUrl(ctx.config.baseUrl, r.code),
    label: r.label,
    achievementId: r.achievement_id,
    maxClaims: r.max_claims,
    claimed: r.claimed,
    closesAt: r.closes_at,
    open: !closed && !full,
    proofFormat: r.proof_format,
    createdAt: r.created_at as Date,
  };
}

export async function createClaimCode(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  achievementId: string,
  input: { label?: string; maxClaims?: number | null; closesAt?: Date | string | null; proofFormat?: string | null },
): Promise<ClaimCode> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  const achievement = await achievementRow(ctx, organisation.id, achievementId);
  const errors: AppError[] = [];
  const maxClaims = input.maxClaims ?? null;
  if (maxClaims !== null && (!Number.isInteger(maxClaims) || maxClaims < 1 || maxClaims > 100_000))
    errors.push(E.notWholeNumberBetween('maxClaims', { min: 1, max: 100_000 }));
  let closesAt: Date | null = null;
  if (input.closesAt) {
    closesAt = input.closesAt instanceof Date ? input.closesAt : new Date(input.closesAt);
    if (Number.isNaN(closesAt.getTime())) errors.push(E.notDateTime('closesAt'));
    else if (closesAt.getTime() <= Date.now()) errors.push(E.notInFuture('closesAt'));
  }
  const label = (input.label ?? '').trim();
  if (label.length > 200) errors.push(PlatformErrors.tooLong('label', { max: 200 }));
  let proofFormat: ProofFormat | null = null;
  try {
    proofFormat = input.proofFormat ? chooseProofFormat(input.proofFormat, achievement.proof_format) : null;
  } catch (error) {
    errors.push(error as AppError);
  }
  if (errors.length) throw invalidFields(errors);
  for (let attempt = 0; ; attempt++) {
    try {
      const row = await ctx.db
        .insertInto('claim_codes')
        .values({
          organisation_id: organisation.id,
          achievement_id: achievement.id,
          code: newCode(),
          label,
          max_claims: maxClaims,
          closes_at: closesAt,
          proof_format: proofFormat,
          created_by: userRef(user),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toClaim(ctx, row);
    } catch (error) {
      if (attempt > 3) throw error;
    }
  }
}

export async function listClaimCodes(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  achievementId: string,
): Promise<ClaimCode[]> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  await achievementRow(ctx, organisation.id, achievementId);
  const rows = await ctx.db
    .selectFrom('claim_codes')
    .selectAll()
    .where('achievement_id', '=', achievementId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => toClaim(ctx, r));
}

/** Closes a code now. */
export async function closeClaimCode(ctx: AppContext, user: CurrentUser | null, orgSlug: string, claimId: string): Promise<void> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  if (!isUuid(claimId)) throw E.claimNotFound();
  const done = await ctx.db
    .updateTable('claim_codes')
    .set({ closes_at: new Date() })
    .where('id', '=', claimId)
    .where('organisation_id', '=', organisation.id)
    .executeTakeFirst();
  if (!done.numUpdatedRows) throw E.claimNotFound();
}

export interface ClaimView extends ClaimCode {
  achievementName: string;
  achievementDescription: string;
  imageUrl: string | null;
  organisation: string;
  organisationId: string;
}

/** What a claim link shows (public); null for an unknown code. */
export async function findClaim(ctx: AppContext, code: string): Promise<ClaimView | null> {
  const normal = normaliseCode(code);
  if (!/^[A-Z0-9]{4,16}$/.test(normal)) return null;
  const row = await ctx.db
    .selectFrom('claim_codes')
    .innerJoin('achievements', 'achievements.id', 'claim_codes.achievement_id')
    .leftJoin('achievement_images', 'achievement_images.id', 'achievements.image_id')
    .selectAll('claim_codes')
    .select([
      'achievements.name as achievement_name',
      'achievements.description as achievement_description',
      'achievements.archived_at',
      'achievement_images.id as image_id',
      'achievement_images.mime',
    ])
    .where('claim_codes.code', '=', normal)
    .executeTakeFirst();
  if (!row) return null;
  // The organisation through the platform's service, not its table.
  const organisation = await findOrganisation(ctx.db, row.organisation_id);
  if (!organisation) return null;
  const claim = toClaim(ctx, row);
  return {
    ...claim,
    open: claim.open && !row.archived_at,
    achievementName: row.achievement_name,
    achievementDescription: row.achievement_description,
    imageUrl: row.image_id ? `${ctx.config.baseUrl}/achievement-images/${row.image_id}.${row.mime === 'image/png' ? 'png' : 'svg'}` : null,
    organisation: organisation.name,
    organisationId: organisation.id,
  };
}

/** How long the link mailed to an address stays valid. */
export const CLAIM_LINK_HOURS = 24;
/** Links that may wait at once for one address and code; more requests send nothing new. */
const OPEN_LINKS_PER_ADDRESS = 3;

const closedError = (full: boolean) =>
  full ? E.claimFull('code', undefined, { reason: 'full' }) : E.claimClosed('code', undefined, { reason: 'closed' });

/** What a claim came to: the credential (the address is proven), or a link mailed to the address. */
export type ClaimOutcome = { kind: 'issued'; credential: IssuedCredential } | { kind: 'pending'; email: string };

/**
 * Redeems a code. A badge goes to an address only once its owner has shown it is theirs: a person
 * signed in with a confirmed account address gets it at once; anyone else (or an unconfirmed
 * account) gets a single-use link mailed to the address, valid for CLAIM_LINK_HOURS, and the claim
 * waits until the link is followed (`confirmClaim`).
 *
 * The limit of a code counts issued badges, not waiting claims: a pending claim takes no place, so
 * links requested for addresses nobody owns cannot use a code up; whoever confirms first gets the
 * places, and a link confirmed after the code is full or closed says so.
 */
export async function redeemClaim(
  ctx: AppContext,
  code: string,
  who: { user?: CurrentUser | null; email?: string; name?: string },
  lang: Locale = 'en',
): Promise<ClaimOutcome> {
  const claim = await findClaim(ctx, code);
  if (!claim) throw E.claimNotFound('code');
  if (who.user?.emailConfirmed)
    return { kind: 'issued', credential: await issueClaimTo(ctx, claim.code, { email: who.user.email, name: who.user.name }, lang) };
  const email = normaliseEmail(who.user?.email ?? who.email ?? '');
  if (!email) throw PlatformErrors.required('email');
  if (!isEmail(email)) throw PlatformErrors.notEmail('email');
  const name = (who.user?.name ?? who.name ?? '').trim() || null;
  if (name && name.length > 200) throw PlatformErrors.tooLong('name', { max: 200 });
  if (!claim.open) throw closedError(claim.maxClaims !== null && claim.claimed >= claim.maxClaims);
  const open = await ctx.db
    .selectFrom('claim_requests')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('claim_code_id', '=', claim.id)
    .where('email', '=', email)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow();
  // The same answer either way: the page does not tell whether a link was sent before.
  if (Number(open.n) >= OPEN_LINKS_PER_ADDRESS) return { kind: 'pending', email };
  const token = randomToken();
  await ctx.db
    .insertInto('claim_requests')
    .values({
      claim_code_id: claim.id,
      email,
      name,
      token_hash: sha256(token),
      expires_at: new Date(Date.now() + CLAIM_LINK_HOURS * 3600_000),
    })
    .execute();
  const t = ctx.i18n.getFixedT(lang, 'credentials');
  const vars = {
    badge: claim.achievementName,
    organisation: claim.organisation,
    link: claimConfirmUrl(ctx.config.baseUrl, token),
    hours: CLAIM_LINK_HOURS,
  };
  await ctx.mail.send({ to: email, subject: t('badge.claim.mail.subject', vars), text: t('badge.claim.mail.body', vars) });
  return { kind: 'pending', email };
}

export const claimConfirmUrl = (baseUrl: string, token: string) => `${baseUrl}/claim/confirm/${token}`;

/** The waiting claim a link stands for (public: the confirm page shows the badge), null when not valid. */
export async function findClaimRequest(ctx: AppContext, token: string): Promise<{ claim: ClaimView; email: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const row = await ctx.db
    .selectFrom('claim_requests')
    .innerJoin('claim_codes', 'claim_codes.id', 'claim_requests.claim_code_id')
    .select(['claim_codes.code', 'claim_requests.email'])
    .where('claim_requests.token_hash', '=', sha256(token))
    .where('claim_requests.used_at', 'is', null)
    .where('claim_requests.expires_at', '>', new Date())
    .executeTakeFirst();
  const claim = row ? await findClaim(ctx, row.code) : null;
  return row && claim ? { claim, email: row.email } : null;
}

/**
 * Follows a mailed link: the address is proven, so the badge is issued to it (once: the token is
 * taken in one conditional UPDATE, and the credential's idempotency key is per code and address).
 */
export async function confirmClaim(ctx: AppContext, token: string, lang: Locale = 'en'): Promise<IssuedCredential> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw E.claimLinkInvalid('token');
  const request = await ctx.db
    .updateTable('claim_requests')
    .set({ used_at: new Date() })
    .where('token_hash', '=', sha256(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .returningAll()
    .executeTakeFirst();
  if (!request) throw E.claimLinkInvalid('token');
  try {
    const code = await ctx.db.selectFrom('claim_codes').select('code').where('id', '=', request.claim_code_id).executeTakeFirstOrThrow();
    const credential = await issueClaimTo(ctx, code.code, { email: request.email, name: request.name ?? undefined }, lang);
    await ctx.db.updateTable('claim_requests').set({ credential_id: credential.id }).where('id', '=', request.id).execute();
    return credential;
  } catch (error) {
    // Nothing was issued: the link stays usable (a full or closed code keeps saying so).
    await ctx.db.updateTable('claim_requests').set({ used_at: null }).where('id', '=', request.id).execute();
    throw error;
  }
}

/**
 * Issues a code's badge to an address whose owner has been shown (signed in with it, or followed
 * the link mailed to it); never call it with an address someone merely typed. The count is taken
 * under a row lock, so a limit of N gives at most N credentials; the same address redeeming twice
 * gets the credential it already has.
 */
export async function issueClaimTo(
  ctx: AppContext,
  code: string,
  who: { email: string; name?: string },
  lang: Locale = 'en',
): Promise<IssuedCredential> {
  const claim = await findClaim(ctx, code);
  if (!claim) throw E.claimNotFound('code');
  const email = normaliseEmail(who.email);
  if (!isEmail(email)) throw PlatformErrors.notEmail('email');
  const name = who.name?.trim() || undefined;
  const key = `claim:${claim.id}:${email}`;
  const before = await ctx.db
    .selectFrom('issued_credentials')
    .select('id')
    .where('organisation_id', '=', claim.organisationId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
  if (!before) {
    const full = () => claim.maxClaims !== null && claim.claimed >= claim.maxClaims;
    // Closed, archived or full when read: nothing to take (and nothing to give back).
    if (!claim.open) throw closedError(full());
    // The count is taken in one conditional UPDATE: the row lock makes concurrent redemptions queue,
    // and each re-checks the limit against the count the one before it left.
    const taken = await ctx.db
      .updateTable('claim_codes')
      .set((eb) => ({ claimed: eb('claimed', '+', 1) }))
      .where('id', '=', claim.id)
      .where((eb) => eb.or([eb('max_claims', 'is', null), eb('claimed', '<', eb.ref('max_claims'))]))
      .where((eb) => eb.or([eb('closes_at', 'is', null), eb('closes_at', '>', new Date())]))
      .returning('claimed')
      .executeTakeFirst();
    if (!taken) {
      const now = await ctx.db.selectFrom('claim_codes').select(['claimed', 'max_claims']).where('id', '=', claim.id).executeTakeFirst();
      throw closedError(!!now && now.max_claims !== null && now.claimed >= now.max_claims);
    }
  }
  const organisation = await findOrganisation(ctx.db, claim.organisationId);
  if (!organisation) throw E.issuerNotFound();
  const giveBack = () =>
    ctx.db
      .updateTable('claim_codes')
      .set((eb) => ({ claimed: eb('claimed', '-', 1) }))
      .where('id', '=', claim.id)
      .execute();
  try {
    const credential = await issueAs(
      ctx,
      organisation,
      {
        achievementId: claim.achievementId,
        recipient: { email, name },
        proofFormat: claim.proofFormat,
        idempotencyKey: key,
        claimCodeId: claim.id,
        lang,
      },
      null,
    );
    if (!before && credential.created === false) await giveBack();
    return credential;
  } catch (error) {
    if (!before) await giveBack();
    throw error;
  }
}

export async function claimQrSvg(ctx: AppContext, code: string): Promise<string | null> {
  const claim = await findClaim(ctx, code);
  if (!claim) return null;
  return QRCode.toString(claim.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
