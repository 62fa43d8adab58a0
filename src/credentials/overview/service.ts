import { sql } from 'kysely';
import { type CurrentUser, listVisibleOrganisations } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Achievement, ISSUER_ROLES, listAchievements } from '../issuing/achievements.ts';
import { claimUrl } from '../issuing/claims.ts';
import { type IssuedCredential, listIssued, toCredential } from '../issuing/issue.ts';

/** An open claim code, with the badge it gives. */
export interface OpenClaim {
  id: string;
  code: string;
  url: string;
  label: string;
  achievementId: string;
  achievementName: string;
  claimed: number;
  maxClaims: number | null;
  closesAt: Date | null;
}

/** A bulk issue that is queued or running. */
export interface RunningJob {
  id: string;
  achievementId: string;
  achievementName: string;
  status: 'queued' | 'running';
  done: number;
  total: number;
  createdAt: Date;
}

/** What an issuer of one organisation sees first: its badges, what went out lately, what is still open. */
export interface IssuerOverview {
  organisation: { id: string; slug: string; name: string };
  /** Badges that are not archived, by name. */
  achievements: (Achievement & { issued: number })[];
  recent: IssuedCredential[];
  issuedTotal: number;
  openClaims: OpenClaim[];
  runningJobs: RunningJob[];
}

const RECENT = 5;

/**
 * The issuer overview of every organisation where the person may issue (owner, admin, issuer).
 * Nothing of an organisation where they hold no such role, whoever they are (the operator too:
 * the operator sees the network's figures, not another organisation's recipients).
 */
export async function issuerOverviews(ctx: AppContext, user: CurrentUser): Promise<IssuerOverview[]> {
  const organisations = (await listVisibleOrganisations(ctx, user)).filter(
    (o) => o.role !== null && (ISSUER_ROLES as readonly string[]).includes(o.role),
  );
  const overviews: IssuerOverview[] = [];
  for (const organisation of organisations) {
    const achievements = await listAchievements(ctx, user, organisation.slug);
    const { items: recent, total: issuedTotal } = await listIssued(ctx, user, organisation.slug, { limit: RECENT });
    const now = new Date();
    const claims = await ctx.db
      .selectFrom('claim_codes')
      .innerJoin('achievements', 'achievements.id', 'claim_codes.achievement_id')
      .select([
        'claim_codes.id',
        'claim_codes.code',
        'claim_codes.label',
        'claim_codes.achievement_id',
        'claim_codes.claimed',
        'claim_codes.max_claims',
        'claim_codes.closes_at',
        'achievements.name as achievement_name',
      ])
      .where('claim_codes.organisation_id', '=', organisation.id)
      .where('achievements.archived_at', 'is', null)
      .where((eb) => eb.or([eb('claim_codes.closes_at', 'is', null), eb('claim_codes.closes_at', '>', now)]))
      .where((eb) => eb.or([eb('claim_codes.max_claims', 'is', null), eb('claim_codes.claimed', '<', eb.ref('claim_codes.max_claims'))]))
      .orderBy('claim_codes.created_at', 'desc')
      .limit(10)
      .execute();
    const jobs = await ctx.db
      .selectFrom('bulk_issues')
      .innerJoin('achievements', 'achievements.id', 'bulk_issues.achievement_id')
      .select([
        'bulk_issues.id',
        'bulk_issues.achievement_id',
        'bulk_issues.status',
        'bulk_issues.done',
        'bulk_issues.total',
        'bulk_issues.created_at',
        'achievements.name as achievement_name',
      ])
      .where('bulk_issues.organisation_id', '=', organisation.id)
      .where('bulk_issues.status', 'in', ['queued', 'running'])
      .orderBy('bulk_issues.created_at', 'desc')
      .limit(10)
      .execute();
    overviews.push({
      organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name },
      achievements,
      recent,
      issuedTotal,
      openClaims: claims.map((c) => ({
        id: c.id,
        code: c.code,
        url: claimUrl(ctx.config.baseUrl, c.code),
        label: c.label,
        achievementId: c.achievement_id,
        achievementName: c.achievement_name,
        claimed: c.claimed,
        maxClaims: c.max_claims,
        closesAt: c.closes_at,
      })),
      runningJobs: jobs.map((j) => ({
        id: j.id,
        achievementId: j.achievement_id,
        achievementName: j.achievement_name,
        status: j.status as RunningJob['status'],
        done: j.done,
        total: j.total,
        createdAt: j.created_at as unknown as Date,
      })),
    });
  }
  return overviews;
}

/** The network's issuing figures for the operator: badges issued this calendar month and in all, and by how many organisations. */
export async function networkIssuing(
  ctx: AppContext,
  user: CurrentUser,
  now = new Date(),
): Promise<{ thisMonth: number; total: number; issuers: number } | null> {
  if (!user.isOperator) return null;
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const row = await ctx.db
    .selectFrom('issued_credentials')
    .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('organisation_id').distinct().as('issuers')])
    .executeTakeFirstOrThrow();
  const month = await ctx.db
    .selectFrom('issued_credentials')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where(sql<boolean>`created_at >= ${monthStart}`)
    .executeTakeFirstOrThrow();
  return { thisMonth: Number(month.n), total: Number(row.total), issuers: Number(row.issuers) };
}

/**
 * The badges issued to the person's email address, newest first. Only once the address is
 * confirmed: an account that merely typed someone's address sees none of their badges.
 */
export async function receivedBadges(ctx: AppContext, user: CurrentUser, limit = 20): Promise<IssuedCredential[]> {
  if (!user.emailConfirmed) return [];
  const rows = await ctx.db
    .selectFrom('issued_credentials')
    .selectAll()
    .where('recipient_email', '=', user.email.trim().toLowerCase())
    .orderBy('awarded_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => toCredential(ctx, row));
}
