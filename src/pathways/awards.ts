import { usersWithConfirmedAddresses } from '../accounts/api.ts';
import { achievementIdOf, credentialSummary, issueForOrganisation, recipientsOf } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import { evaluate, type Holding, meets, type StepRecord } from './rules.ts';
import { type Award, awardAddress, awardsOf, holdingsOf, type Pathway, publishedPathways } from './service.ts';

/** The queue of the job that awards pathway badges: `{ userId }` for one person, `{}` for everyone concerned. */
export const AWARD_JOB = 'pathways.award';
/** Every five minutes everyone who received a step badge of a published pathway is looked at. */
export const AWARD_CRON = '*/5 * * * *';

/**
 * The idempotency key of a person's pathway badge for period n: the credentials module issues it
 * once, however often asked. Period 1 keeps the key of the awards made before renewal existed.
 */
export const awardKey = (pathwayId: string, userId: string, n = 1) => `pathways:${pathwayId}:${userId}${n > 1 ? `:${n}` : ''}`;

/**
 * The period a new award would be, or null when none is due: 1 without an award; n + 1 when award
 * n's credential is past its validUntil and was not revoked or suspended (revoked stays revoked).
 */
async function nextPeriod(ctx: AppContext, award: Award | undefined, now: Date): Promise<number | null> {
  if (!award) return 1;
  if (!award.validUntil || award.validUntil.getTime() > now.getTime()) return null;
  const summary = await credentialSummary(ctx, award.credentialId);
  if (summary?.state !== 'active') return null;
  return award.n + 1;
}

export interface AwardResult {
  /** Pathway badges issued by this run. */
  issued: number;
  failed: number;
}

/** Whether the person received a step badge (in good standing) after the given moment: a renewal. */
const renewedSince = (steps: readonly StepRecord[], holdings: readonly Holding[], after: Date) =>
  holdings.some(
    (h) => h.active && h.awardedAt.getTime() > after.getTime() && steps.some((step) => step.options.some((option) => meets(option, h))),
  );

/**
 * Awards the person every pathway badge they completed and do not have in force. Exactly once per
 * pathway, person and period, however often it runs and wherever it is stopped: the credential is
 * issued with an idempotency key of the pathway, the person and the period n (a second issue
 * returns the first credential), and the award row is keyed by the same three. Award n + 1 is made
 * only when award n's credential has expired (a revoked one stays revoked) and the steps are
 * complete again with badges in good standing, at least one of them awarded after award n (the
 * badges that earned award n do not earn it again). The evidence is the badges that completed the
 * steps.
 */
export async function awardCompleted(ctx: AppContext, userId: string, pathways?: Pathway[], now = new Date()): Promise<AwardResult> {
  const result: AwardResult = { issued: 0, failed: 0 };
  const candidates = pathways ?? (await publishedPathways(ctx));
  if (candidates.length === 0) return result;
  const awarded = await awardsOf(
    ctx,
    userId,
    candidates.map((p) => p.id),
  );
  const open: { pathway: Pathway; n: number; after: Date | null }[] = [];
  for (const pathway of candidates) {
    if (pathway.status !== 'published') continue;
    const award = awarded.get(pathway.id);
    const n = await nextPeriod(ctx, award, now);
    if (n !== null) open.push({ pathway, n, after: award?.awardedAt ?? null });
  }
  if (open.length === 0) return result;
  const holdings = await holdingsOf(ctx, userId);
  for (const { pathway, n, after } of open) {
    const progress = evaluate(pathway.steps, holdings);
    if (!progress.complete) continue;
    if (after && !renewedSince(pathway.steps, holdings, after)) continue;
    const to = await awardAddress(ctx, userId);
    if (!to) return result;
    try {
      const evidence = progress.evidence.map((h) => h.evidenceUrl).filter((u): u is string => u !== null);
      const credential = await issueForOrganisation(ctx, pathway.organisationId, {
        achievementId: pathway.achievementId,
        recipient: { email: to.email, name: to.name || undefined },
        evidence,
        idempotencyKey: awardKey(pathway.id, userId, n),
        lang: to.lang,
      });
      await ctx.db
        .insertInto('pathway_awards')
        .values({
          pathway_id: pathway.id,
          user_id: userId,
          n,
          valid_until: credential.validUntil ?? null,
          credential_id: credential.id,
          credential_url: credential.url,
          evidence: JSON.stringify(evidence) as never,
        })
        .onConflict((oc) => oc.columns(['pathway_id', 'user_id', 'n']).doNothing())
        .execute();
      // Two overlapping runs both get the one credential; only the run that made it counts it.
      if (credential.created !== false) result.issued++;
    } catch (error) {
      // An archived pathway badge, a full status list: logged, tried again on the next run.
      result.failed++;
      ctx.log.warn({ err: error, pathway: pathway.id, user: userId }, 'pathways: a pathway badge could not be issued');
    }
  }
  return result;
}

/**
 * Everyone concerned: the people who received (not revoked) a step badge of this network named by
 * a published pathway. Badges imported from elsewhere are looked at when the person opens a
 * pathway page or their home page (`requestAward`).
 */
export async function awardEveryone(ctx: AppContext): Promise<AwardResult> {
  const pathways = await publishedPathways(ctx);
  const total: AwardResult = { issued: 0, failed: 0 };
  if (pathways.length === 0) return total;
  const ids = new Set<string>();
  for (const p of pathways)
    for (const step of p.steps)
      for (const option of step.options) {
        const id = option.type === 'achievement' ? achievementIdOf(ctx.config.baseUrl, option.uri) : null;
        if (id) ids.add(id);
      }
  const people = await usersWithConfirmedAddresses(ctx.db, await recipientsOf(ctx, [...ids]));
  for (const userId of people) {
    const result = await awardCompleted(ctx, userId, pathways);
    total.issued += result.issued;
    total.failed += result.failed;
  }
  return total;
}

/** Asks the job to look at one person now (a page saw a completed pathway without its badge). */
export async function requestAward(ctx: AppContext, userId: string): Promise<void> {
  try {
    await ctx.jobs.send(AWARD_JOB, { userId }, { singletonKey: `pathways:${userId}` });
  } catch (error) {
    // Already queued for this person: that run will do.
    ctx.log.debug({ err: error, user: userId }, 'pathways: award already requested');
  }
}

/** One run of the award job: for one person when a page asked, for everyone concerned on the schedule (whose jobs carry no data). */
export async function runAwardJob(ctx: AppContext, data: { userId?: unknown } | null | undefined): Promise<AwardResult> {
  const userId = typeof data?.userId === 'string' ? data.userId : null;
  const result = userId ? await awardCompleted(ctx, userId) : await awardEveryone(ctx);
  if (result.issued || result.failed) ctx.log.info(result, 'pathways: pathway badges awarded');
  return result;
}

export async function pathwayJobs(ctx: AppContext): Promise<void> {
  await ctx.jobs.define<{ userId?: string }>(AWARD_JOB, async (data) => {
    await runAwardJob(ctx, data);
  });
  try {
    await ctx.jobs.boss.schedule(AWARD_JOB, AWARD_CRON);
  } catch (error) {
    ctx.log.warn({ err: error }, 'pathways: the award schedule could not be set');
  }
}
