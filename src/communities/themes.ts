import type { Selectable } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { findSkillId, getSkill } from '../skills/api.ts';
import { dateField } from './calls.ts';
import { accessCommunity, type CommunityAccess, collect, isUuid, text } from './communities.ts';
import { E } from './errors.ts';
import type { CommunityGoalsTable, CommunityThemesTable } from './schema.ts';

export type ThemeRow = Selectable<CommunityThemesTable>;
export type GoalRow = Selectable<CommunityGoalsTable>;
export const MAX_THEME_SKILLS = 50;

export interface ThemeInput {
  title?: string;
  why?: string;
  what?: string;
  how?: string;
  startsOn?: string;
  endsOn?: string;
  /** Library skill ids, skill URLs or ESCO URIs (the picker's chosen ids and the fallback's lines). */
  skills?: string[];
}

async function validate(ctx: AppContext, input: ThemeInput) {
  const values = collect({
    title: () => text(input.title, 'title', 200),
    why: () => text(input.why, 'why', 5000, true),
    what: () => text(input.what, 'what', 5000, true),
    how: () => text(input.how, 'how', 5000, true),
    starts_on: () => dateField(input.startsOn, 'startsOn'),
    ends_on: () => dateField(input.endsOn, 'endsOn'),
  });
  if (values.starts_on && values.ends_on && values.ends_on < values.starts_on) throw E.periodOrder('endsOn');
  const refs = [...new Set((input.skills ?? []).map((s) => s.trim()).filter(Boolean))];
  if (refs.length > MAX_THEME_SKILLS) throw E.tooManySkills('skills', { max: MAX_THEME_SKILLS });
  const skillIds: string[] = [];
  for (const ref of refs) {
    const id = await findSkillId(ctx, ref);
    if (!id) throw E.unknownSkill('skills', { skill: ref.slice(0, 200) });
    if (!skillIds.includes(id)) skillIds.push(id);
  }
  return { ...values, skill_ids: JSON.stringify(skillIds) as never };
}

export async function createTheme(ctx: AppContext, user: CurrentUser | null, ref: string, input: ThemeInput): Promise<ThemeRow> {
  const { community } = await accessCommunity(ctx, user, ref, 'facilitator');
  const values = await validate(ctx, input);
  return ctx.db
    .insertInto('community_themes')
    .values({ community_id: community.id, ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A theme and its community, for a person who needs `need` in the community. */
export async function accessTheme(
  ctx: AppContext,
  user: CurrentUser | null,
  themeId: string,
  need: 'see' | 'member' | 'facilitator',
): Promise<{ theme: ThemeRow; access: CommunityAccess }> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(themeId)) throw E.themeNotFound();
  const theme = await ctx.db.selectFrom('community_themes').selectAll().where('id', '=', themeId).executeTakeFirst();
  if (!theme) throw E.themeNotFound();
  return { theme, access: await accessCommunity(ctx, user, theme.community_id, need) };
}

export async function updateTheme(ctx: AppContext, user: CurrentUser | null, themeId: string, input: ThemeInput): Promise<ThemeRow> {
  const { theme } = await accessTheme(ctx, user, themeId, 'facilitator');
  const values = await validate(ctx, input);
  return ctx.db
    .updateTable('community_themes')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', theme.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listGoals(ctx: AppContext, themeId: string): Promise<GoalRow[]> {
  return ctx.db
    .selectFrom('community_goals')
    .selectAll()
    .where('theme_id', '=', themeId)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

function progressField(value: unknown): number {
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!raw) return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 100) throw E.progressRange('progress', { min: 0, max: 100 });
  return n;
}

/** A goal for the theme's year. */
export async function addGoal(
  ctx: AppContext,
  user: CurrentUser | null,
  themeId: string,
  input: { title?: string; progress?: string | number },
) {
  const { theme } = await accessTheme(ctx, user, themeId, 'facilitator');
  const values = collect({ title: () => text(input.title, 'title', 300), progress: () => progressField(input.progress) });
  const { n } = await ctx.db
    .selectFrom('community_goals')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('theme_id', '=', theme.id)
    .executeTakeFirstOrThrow();
  return ctx.db
    .insertInto('community_goals')
    .values({ theme_id: theme.id, ...values, position: Number(n) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function goalOfTheme(ctx: AppContext, user: CurrentUser | null, goalId: string) {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(goalId)) throw E.goalNotFound();
  const goal = await ctx.db.selectFrom('community_goals').selectAll().where('id', '=', goalId).executeTakeFirst();
  if (!goal) throw E.goalNotFound();
  await accessTheme(ctx, user, goal.theme_id, 'facilitator');
  return goal;
}

/** Changes a goal's progress (0–100) and, when given, its title. */
export async function updateGoal(
  ctx: AppContext,
  user: CurrentUser | null,
  goalId: string,
  input: { title?: string; progress?: string | number },
) {
  const goal = await goalOfTheme(ctx, user, goalId);
  const values = collect({
    title: () => (input.title === undefined ? goal.title : text(input.title, 'title', 300)),
    progress: () => (input.progress === undefined ? goal.progress : progressField(input.progress)),
  });
  return ctx.db.updateTable('community_goals').set(values).where('id', '=', goal.id).returningAll().executeTakeFirstOrThrow();
}

export async function removeGoal(ctx: AppContext, user: CurrentUser | null, goalId: string): Promise<string> {
  const goal = await goalOfTheme(ctx, user, goalId);
  await ctx.db.deleteFrom('community_goals').where('id', '=', goal.id).execute();
  return goal.theme_id;
}

/** The names of a theme's library skills in the page's language (skills the viewer may not see are left out). */
export async function themeSkills(
  ctx: AppContext,
  user: CurrentUser | null,
  ids: string[],
  lang: string,
): Promise<{ id: string; name: string; uri: string }[]> {
  const out: { id: string; name: string; uri: string }[] = [];
  for (const id of ids) {
    try {
      const skill = await getSkill(ctx, id, user);
      const name = skill.name[lang] ?? skill.name.en ?? Object.values(skill.name)[0] ?? id;
      out.push({ id, name, uri: skill.uri });
    } catch {
      // A skill removed from the library, or not visible to this person.
    }
  }
  return out;
}

/** One entry of a theme's timeline: a session, an action item, or what another part adds (a report, an output). */
export interface TimelineEntry {
  at: Date;
  /** An i18n key of the communities namespace naming the kind (timeline.session, …). */
  kind: string;
  title: string;
  href: string | null;
  /** An i18n key for a short state (status.done, …), or null. */
  note?: string | null;
}

/** Adds entries of another part (reports, outputs, lessons learned) to a theme's timeline. */
export type TimelineSource = (ctx: AppContext, theme: ThemeRow, access: CommunityAccess) => Promise<TimelineEntry[]>;
const timelineSources: TimelineSource[] = [];
export function addTimelineSource(source: TimelineSource): void {
  timelineSources.push(source);
}

/** Sessions, action items (for members) and the other parts' entries of a theme, newest first. */
export async function themeTimeline(ctx: AppContext, theme: ThemeRow, access: CommunityAccess): Promise<TimelineEntry[]> {
  const sessions = await ctx.db
    .selectFrom('community_sessions')
    .select(['id', 'title', 'kind', 'starts_at', 'cancelled_at'])
    .where('theme_id', '=', theme.id)
    .execute();
  // Action items are the members' own: others see the sessions and what was published.
  const actions = access.isMember
    ? await ctx.db
        .selectFrom('community_actions')
        .select(['id', 'title', 'status', 'created_at', 'done_at'])
        .where('theme_id', '=', theme.id)
        .execute()
    : [];
  const entries: TimelineEntry[] = [
    ...sessions.map((s) => ({
      at: new Date(s.starts_at),
      kind: `kind.${s.kind}`,
      title: s.title,
      href: `/communities/sessions/${s.id}`,
      note: s.cancelled_at ? 'session.cancelled' : null,
    })),
    ...actions.map((a) => ({
      at: new Date(a.done_at ?? a.created_at),
      kind: 'timeline.action',
      title: a.title,
      href: null,
      note: `actionStatus.${a.status}`,
    })),
  ];
  for (const source of timelineSources) entries.push(...(await source(ctx, theme, access)));
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime());
}
