import { randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import { findOrganisation, requireOrgRole } from '../../accounts/api.ts';
import { isEmail, normaliseEmail } from '../../accounts/api.ts';
import type { CurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Locale } from '../../platform/module.ts';
import { achievementRow, ISSUER_ROLES, isUuid, userRef } from './achievements.ts';
import { type IssuedCredential, issueAs } from './issue.ts';

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
    createdAt: r.created_at as Date,
  };
}

export async function createClaimCode(
  ctx: AppContext,
  user: CurrentUser | null,
  orgSlug: string,
  achievementId: string,
  input: { label?: string; maxClaims?: number | null; closesAt?: Date | string | null },
): Promise<ClaimCode> {
  const { organisation } = await requireOrgRole(ctx, user, orgSlug, ISSUER_ROLES);
  const achievement = await achievementRow(ctx, organisation.id, achievementId);
  const errors: Record<string, string> = {};
  const maxClaims = input.maxClaims ?? null;
  if (maxClaims !== null && (!Number.isInteger(maxClaims) || maxClaims < 1 || maxClaims > 100_000))
    errors.maxClaims = 'must be a whole number from 1 to 100000';
  let closesAt: Date | null = null;
  if (input.closesAt) {
    closesAt = input.closesAt instanceof Date ? input.closesAt : new Date(input.closesAt);
    if (Number.isNaN(closesAt.getTime())) errors.closesAt = 'must be a date and time';
    else if (closesAt.getTime() <= Date.now()) errors.closesAt = 'must be in the future';
  }
  const label = (input.label ?? '').trim();
  if (label.length > 200) errors.label = 'must be at most 200 characters';
  if (Object.keys(errors).length) throw new ValidationError(errors);
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
  if (!isUuid(claimId)) throw new NotFoundError('The claim code');
  const done = await ctx.db
    .updateTable('claim_codes')
    .set({ closes_at: new Date() })
    .where('id', '=', claimId)
    .where('organisation_id', '=', organisation.id)
    .executeTakeFirst();
  if (!done.numUpdatedRows) throw new NotFoundError('The claim code');
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

export class ClaimClosedError extends ConflictError {
  constructor(reason: 'closed' | 'full') {
    super(reason === 'full' ? 'This code has been used as often as it may be' : 'This code is closed', { reason, field: 'code' });
  }
}

/**
 * Redeems a code for a signed-in person (their email) or for an email address given on the page.
 * The count is taken under a row lock, so a limit of N gives at most N credentials; the same email
 * redeeming twice gets the credential it already has.
 */
export async function redeemClaim(
  ctx: AppContext,
  code: string,
  who: { user?: CurrentUser | null; email?: string; name?: string },
  lang: Locale = 'en',
): Promise<IssuedCredential> {
  const claim = await findClaim(ctx, code);
  if (!claim) throw new NotFoundError('The claim code');
  const email = normaliseEmail(who.user?.email ?? who.email ?? '');
  if (!email) throw new ValidationError({ email: 'is required' });
  if (!isEmail(email)) throw new ValidationError({ email: 'is not a valid email address' });
  const name = who.user?.name ?? who.name?.trim() ?? undefined;
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
    if (!claim.open) throw new ClaimClosedError(full() ? 'full' : 'closed');
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
      throw new ClaimClosedError(now && now.max_claims !== null && now.claimed >= now.max_claims ? 'full' : 'closed');
    }
  }
  const organisation = await findOrganisation(ctx.db, claim.organisationId);
  if (!organisation) throw new NotFoundError('The issuer');
  try {
    const credential = await issueAs(
      ctx,
      organisation,
      {
        achievementId: claim.achievementId,
        recipient: { email, name: name || undefined },
        idempotencyKey: key,
        claimCodeId: claim.id,
        lang,
      },
      null,
    );
    if (!before && credential.created === false)
      await ctx.db
        .updateTable('claim_codes')
        .set((eb) => ({ claimed: eb('claimed', '-', 1) }))
        .where('id', '=', claim.id)
        .execute();
    return credential;
  } catch (error) {
    if (!before)
      await ctx.db
        .updateTable('claim_codes')
        .set((eb) => ({ claimed: eb('claimed', '-', 1) }))
        .where('id', '=', claim.id)
        .execute();
    throw error;
  }
}

export async function claimQrSvg(ctx: AppContext, code: string): Promise<string | null> {
  const claim = await findClaim(ctx, code);
  if (!claim) return null;
  return QRCode.toString(claim.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
