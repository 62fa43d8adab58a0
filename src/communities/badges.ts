import type { Selectable } from 'kysely';
import { findOrganisation, getCurrentUser } from '../accounts/api.ts';
import { createAchievement, issueCredential } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { accessCommunity, type CommunityRow, collect, isUuid, text } from './communities.ts';
import { E } from './errors.ts';
import { mailLang } from './members.ts';
import { personNames } from './people.ts';
import { type CommunityBadgeRulesTable, RULE_KINDS, type RuleKind } from './schema.ts';

export type RuleRow = Selectable<CommunityBadgeRulesTable>;

export interface RuleInput {
  kind?: string;
  threshold?: string | number;
  /** A theme of the community: its sessions count, and the badge is aligned to its skills. */
  theme?: string;
  /** The badge (an achievement of the community's organisation, made with the rule). */
  name?: string;
  description?: string;
  criteriaNarrative?: string;
}

/**
 * A facilitator who may issue for the community's organisation sets a participation badge rule:
 * the achievement is made at once (aligned to the theme's library skills) and issued, in that
 * facilitator's name, to every member who meets the rule.
 */
export async function createRule(ctx: AppContext, user: CurrentUser | null, ref: string, input: RuleInput): Promise<RuleRow> {
  const { community } = await accessCommunity(ctx, user, ref, 'facilitator');
  const values = collect({
    kind: () => {
      const kind = input.kind ?? '';
      if (!(RULE_KINDS as readonly string[]).includes(kind)) throw PlatformErrors.oneOf('kind', { options: RULE_KINDS.join(', ') });
      return kind as RuleKind;
    },
    threshold: () => {
      const raw = String(input.threshold ?? '').trim() || '1';
      if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) throw E.thresholdRange('threshold', { min: 1, max: 1000 });
      return Number(raw);
    },
    name: () => text(input.name, 'name', 200),
    description: () => text(input.description, 'description', 5000),
    criteriaNarrative: () => text(input.criteriaNarrative, 'criteriaNarrative', 5000, true),
  });
  let themeId: string | null = null;
  let skills: string[] = [];
  if (input.theme) {
    const theme = isUuid(input.theme)
      ? await ctx.db
          .selectFrom('community_themes')
          .selectAll()
          .where('id', '=', input.theme)
          .where('community_id', '=', community.id)
          .executeTakeFirst()
      : undefined;
    if (!theme) throw E.themeNotFound('theme');
    themeId = theme.id;
    skills = theme.skill_ids;
  }
  if (values.kind === 'completed-year' && !themeId) throw E.themeRequired('theme');
  const organisation = await findOrganisation(ctx.db, community.organisation_id);
  if (!organisation) throw E.communityNotFound();
  const achievement = await createAchievement(ctx, user, organisation.slug, {
    name: values.name,
    description: values.description,
    criteriaNarrative: values.criteriaNarrative || values.description,
    achievementType: 'Badge',
    skills,
  });
  return ctx.db
    .insertInto('community_badge_rules')
    .values({
      community_id: community.id,
      theme_id: themeId,
      kind: values.kind,
      threshold: values.threshold,
      achievement_id: achievement.id,
      issuer_user_id: (user as CurrentUser).id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function setRuleActive(ctx: AppContext, user: CurrentUser | null, ruleId: string, active: boolean): Promise<RuleRow> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(ruleId)) throw E.ruleNotFound();
  const rule = await ctx.db.selectFrom('community_badge_rules').selectAll().where('id', '=', ruleId).executeTakeFirst();
  if (!rule) throw E.ruleNotFound();
  await accessCommunity(ctx, user, rule.community_id, 'facilitator');
  return ctx.db.updateTable('community_badge_rules').set({ active }).where('id', '=', rule.id).returningAll().executeTakeFirstOrThrow();
}

/** The sessions by which each member meets a rule (those who meet it only). */
export async function qualifying(
  ctx: AppContext,
  rule: RuleRow,
  today = new Date().toISOString().slice(0, 10),
  userId?: string,
): Promise<Map<string, string[]>> {
  let sessions = ctx.db
    .selectFrom('community_sessions')
    .select('id')
    .where('community_id', '=', rule.community_id)
    .where('cancelled_at', 'is', null);
  if (rule.theme_id) sessions = sessions.where('theme_id', '=', rule.theme_id);
  if (rule.kind === 'completed-year') {
    const theme = await ctx.db
      .selectFrom('community_themes')
      .select('ends_on')
      .where('id', '=', rule.theme_id as string)
      .executeTakeFirst();
    if (!theme?.ends_on || theme.ends_on >= today) return new Map();
  }
  const rows =
    rule.kind === 'attended' || rule.kind === 'completed-year'
      ? await ctx.db
          .selectFrom('community_attendance as a')
          .innerJoin('community_members as m', (j) => j.on('m.community_id', '=', rule.community_id).onRef('m.user_id', '=', 'a.user_id'))
          .select(['a.user_id', 'a.session_id'])
          .where('m.status', '=', 'active')
          .where('a.session_id', 'in', sessions)
          .$if(userId !== undefined, (q) => q.where('a.user_id', '=', userId as string))
          .execute()
      : await ctx.db
          .selectFrom('community_contributions as c')
          .innerJoin('community_members as m', (j) => j.on('m.community_id', '=', rule.community_id).onRef('m.user_id', '=', 'c.user_id'))
          .select(['c.user_id', 'c.session_id'])
          .where('m.status', '=', 'active')
          .where('c.kind', '=', rule.kind)
          .where('c.session_id', 'in', sessions)
          .$if(userId !== undefined, (q) => q.where('c.user_id', '=', userId as string))
          .execute();
  const by = new Map<string, string[]>();
  for (const r of rows) by.set(r.user_id, [...(by.get(r.user_id) ?? []), r.session_id]);
  for (const [user, list] of by) if (list.length < rule.threshold) by.delete(user);
  return by;
}

/** The published reports of these sessions, by their pages (evidence beside the sessions). */
async function reportUrls(ctx: AppContext, community: CommunityRow, sessionIds: string[]): Promise<string[]> {
  if (!sessionIds.length) return [];
  const rows = await ctx.db
    .selectFrom('community_reports')
    .select('id')
    .where('session_id', 'in', sessionIds)
    .where('community_id', '=', community.id)
    .where('status', '=', 'published')
    .orderBy('published_at')
    .limit(10)
    .execute();
  return rows.map((r) => `${ctx.config.baseUrl}/communities/${encodeURIComponent(community.slug)}/reports/${r.id}`);
}

export interface RuleRunResult {
  issued: number;
  failed: number;
  /** The badges this run issued (not those an overlapping run issued first): their credential and name. */
  awarded: { ruleId: string; userId: string; credentialId: string; name: string; url: string }[];
}

export interface RuleRunOptions {
  /** Only this community's rules. */
  communityId?: string;
  /** Only this person (e.g. who just checked in). */
  userId?: string;
  /** Only rules of these kinds (e.g. the attendance rules after a check-in). */
  kinds?: readonly RuleKind[];
  now?: Date;
}

/**
 * Issues each active rule's badge to every member who meets it and has none yet. Exactly once per
 * rule and member, even when two runs overlap: the credential is issued with an idempotency key of
 * the rule and the member (a second issue returns the first credential), and the award row's key
 * is the same pair. The evidence is the sessions that count, each by its page, and the published
 * reports of those sessions (published by then: a badge issued at check-in has the session only, whose
 * page links to its report later). A run stopped
 * between the credential and the award row is finished by the next one (same key, same credential).
 */
export async function evaluateRules(ctx: AppContext, options: RuleRunOptions = {}): Promise<RuleRunResult> {
  let query = ctx.db.selectFrom('community_badge_rules').selectAll().where('active', '=', true);
  if (options.communityId) query = query.where('community_id', '=', options.communityId);
  if (options.kinds) {
    if (options.kinds.length === 0) return { issued: 0, failed: 0, awarded: [] };
    query = query.where('kind', 'in', [...options.kinds]);
  }
  const rules = await query.orderBy('created_at').execute();
  const result: RuleRunResult = { issued: 0, failed: 0, awarded: [] };
  for (const rule of rules) {
    const community = (await ctx.db.selectFrom('communities').selectAll().where('id', '=', rule.community_id).executeTakeFirst()) as
      | CommunityRow
      | undefined;
    const organisation = community ? await findOrganisation(ctx.db, community.organisation_id) : null;
    const issuer = await getCurrentUser(ctx.db, rule.issuer_user_id);
    if (!community || !organisation || !issuer) continue;
    const awarded = new Set(
      (await ctx.db.selectFrom('community_badge_awards').select('user_id').where('rule_id', '=', rule.id).execute()).map((r) => r.user_id),
    );
    const today = (options.now ?? new Date()).toISOString().slice(0, 10);
    for (const [userId, sessionIds] of await qualifying(ctx, rule, today, options.userId)) {
      if (awarded.has(userId)) continue;
      const person = await getCurrentUser(ctx.db, userId);
      if (!person) continue;
      try {
        const counted = [...new Set(sessionIds)].slice(0, 40);
        const credential = await issueCredential(ctx, issuer, organisation.slug, {
          achievementId: rule.achievement_id,
          recipient: { email: person.email, name: person.name || undefined },
          evidence: [
            ...counted.map((id) => `${ctx.config.baseUrl}/communities/sessions/${id}`),
            ...(await reportUrls(ctx, community, counted)),
          ],
          idempotencyKey: `communities:rule:${rule.id}:${userId}`,
          lang: await mailLang(ctx, userId),
        });
        await ctx.db
          .insertInto('community_badge_awards')
          .values({ rule_id: rule.id, user_id: userId, credential_id: credential.id })
          .onConflict((oc) => oc.columns(['rule_id', 'user_id']).doNothing())
          .execute();
        // Two overlapping runs both get the one credential; only the run that made it counts it.
        if (credential.created !== false) {
          result.issued++;
          result.awarded.push({ ruleId: rule.id, userId, credentialId: credential.id, name: credential.name, url: credential.url });
        }
      } catch (error) {
        // An issuer who lost the issuing role, an archived achievement: logged, tried again next run.
        result.failed++;
        ctx.log.warn({ err: error, rule: rule.id, user: userId }, 'communities: a participation badge could not be issued');
      }
    }
  }
  return result;
}

/** The rules a member's attendance counts for. */
export const ATTENDANCE_RULES: readonly RuleKind[] = ['attended', 'completed-year'];

/**
 * Right after someone's attendance is recorded (a check-in, a facilitator's mark): issues at once
 * the badges of this community's attendance rules they now meet, instead of waiting for the
 * quarter-hourly job. The same once-only issue as the job's (same keys), so the job never issues it
 * again, and a failure here (logged) is only a delay: the job tries again. Never throws, so the
 * attendance stays recorded whatever the credentials module says.
 */
export async function awardAttendance(
  ctx: AppContext,
  communityId: string,
  userId: string,
  now = new Date(),
): Promise<RuleRunResult['awarded']> {
  try {
    return (await evaluateRules(ctx, { communityId, userId, kinds: ATTENDANCE_RULES, now })).awarded;
  } catch (error) {
    ctx.log.warn({ err: error, community: communityId, user: userId }, 'communities: attendance badges wait for the job');
    return [];
  }
}

export interface RuleItem extends RuleRow {
  themeTitle: string | null;
  awards: { userId: string; name: string; credentialId: string; issuedAt: Date }[];
}

export async function listRules(ctx: AppContext, communityId: string): Promise<RuleItem[]> {
  const rules = await ctx.db
    .selectFrom('community_badge_rules')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('created_at')
    .execute();
  const out: RuleItem[] = [];
  for (const rule of rules) {
    const awards = await ctx.db
      .selectFrom('community_badge_awards')
      .selectAll()
      .where('rule_id', '=', rule.id)
      .orderBy('issued_at')
      .execute();
    const names = await personNames(
      ctx,
      awards.map((a) => a.user_id),
    );
    const theme = rule.theme_id
      ? await ctx.db.selectFrom('community_themes').select('title').where('id', '=', rule.theme_id).executeTakeFirst()
      : undefined;
    out.push({
      ...rule,
      themeTitle: theme?.title ?? null,
      awards: awards.map((a) => ({
        userId: a.user_id,
        name: names.get(a.user_id) ?? '',
        credentialId: a.credential_id,
        issuedAt: new Date(a.issued_at),
      })),
    });
  }
  return out;
}
