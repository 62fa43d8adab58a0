import type { Selectable } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import type { Locale } from '../platform/module.ts';
import { accessCommunity, isUuid, text } from './communities.ts';
import { E } from './errors.ts';
import type { AgendaItemInput, CommunityTemplatesTable, SessionKind } from './schema.ts';
import { SESSION_KINDS } from './schema.ts';

export type TemplateRow = Selectable<CommunityTemplatesTable>;

/**
 * The built-in agenda of each kind of session: item keys (texts in the locales under
 * `template.<kind>.<key>`, Dutch and English) with their minutes.
 */
export const BUILT_IN: Record<SessionKind, { key: string; minutes: number }[]> = {
  community: [
    { key: 'welcome', minutes: 10 },
    { key: 'presentation', minutes: 20 },
    { key: 'discussion', minutes: 30 },
    { key: 'breakouts', minutes: 30 },
    { key: 'actions', minutes: 10 },
  ],
  clinic: [
    { key: 'welcome', minutes: 5 },
    { key: 'challenge', minutes: 20 },
    { key: 'questions', minutes: 10 },
    { key: 'solutions', minutes: 40 },
    { key: 'nextSteps', minutes: 15 },
  ],
  reflection: [
    { key: 'welcome', minutes: 5 },
    { key: 'recap', minutes: 15 },
    { key: 'solutionsTried', minutes: 30 },
    { key: 'lessons', minutes: 20 },
    { key: 'actions', minutes: 10 },
  ],
  hackathon: [
    { key: 'kickoff', minutes: 20 },
    { key: 'pitches', minutes: 30 },
    { key: 'teams', minutes: 15 },
    { key: 'hacking', minutes: 180 },
    { key: 'demos', minutes: 45 },
    { key: 'closing', minutes: 15 },
  ],
  'open-space': [
    { key: 'opening', minutes: 20 },
    { key: 'marketplace', minutes: 30 },
    { key: 'round1', minutes: 45 },
    { key: 'round2', minutes: 45 },
    { key: 'round3', minutes: 45 },
    { key: 'harvest', minutes: 30 },
  ],
  network: [
    { key: 'welcome', minutes: 15 },
    { key: 'bestPractices', minutes: 45 },
    { key: 'lessons', minutes: 30 },
    { key: 'networking', minutes: 30 },
  ],
  webinar: [
    { key: 'welcome', minutes: 5 },
    { key: 'talk', minutes: 35 },
    { key: 'qa', minutes: 15 },
    { key: 'closing', minutes: 5 },
  ],
};

export interface TemplateChoice {
  /** `builtin:<kind>` or a saved template's id. */
  id: string;
  name: string;
  kind: SessionKind;
  items: AgendaItemInput[];
}

/** The built-in template of a kind in a language. */
export function builtInTemplate(ctx: AppContext, kind: SessionKind, lang: Locale): TemplateChoice {
  const t = ctx.i18n.getFixedT(lang, 'communities');
  return {
    id: `builtin:${kind}`,
    name: t('template.builtIn', { kind: t(`kind.${kind}`) }),
    kind,
    items: BUILT_IN[kind].map((item) => ({ title: t(`template.${kind}.${item.key}`), minutes: item.minutes })),
  };
}

/** Every template a facilitator may start a session from: the built-in ones, then the community's own. */
export async function templateChoices(ctx: AppContext, communityId: string, lang: Locale): Promise<TemplateChoice[]> {
  const own = await ctx.db.selectFrom('community_templates').selectAll().where('community_id', '=', communityId).orderBy('name').execute();
  return [
    ...SESSION_KINDS.map((kind) => builtInTemplate(ctx, kind, lang)),
    ...own.map((row) => ({ id: row.id, name: row.name, kind: row.kind, items: row.items })),
  ];
}

/** One template by its id (`builtin:<kind>` or a saved template of this community); throws `templateNotFound`. */
export async function findTemplate(ctx: AppContext, communityId: string, id: string, lang: Locale): Promise<TemplateChoice> {
  if (id.startsWith('builtin:')) {
    const kind = id.slice('builtin:'.length) as SessionKind;
    if (SESSION_KINDS.includes(kind)) return builtInTemplate(ctx, kind, lang);
    throw E.templateNotFound('template');
  }
  if (!isUuid(id)) throw E.templateNotFound('template');
  const row = await ctx.db
    .selectFrom('community_templates')
    .selectAll()
    .where('id', '=', id)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  if (!row) throw E.templateNotFound('template');
  return { id: row.id, name: row.name, kind: row.kind, items: row.items };
}

/** Saves a session's agenda as the community's own template. */
export async function saveTemplate(ctx: AppContext, user: CurrentUser | null, sessionId: string, name: string): Promise<TemplateRow> {
  if (!user) throw PlatformErrors.unauthorized();
  if (!isUuid(sessionId)) throw E.sessionNotFound();
  const session = await ctx.db.selectFrom('community_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
  if (!session) throw E.sessionNotFound();
  await accessCommunity(ctx, user, session.community_id, 'facilitator');
  const title = text(name, 'name', 200);
  const items = await ctx.db
    .selectFrom('community_agenda_items')
    .select(['title', 'minutes'])
    .where('session_id', '=', session.id)
    .orderBy('position')
    .execute();
  return ctx.db
    .insertInto('community_templates')
    .values({
      community_id: session.community_id,
      name: title,
      kind: session.kind,
      items: JSON.stringify(items) as never,
      created_by: user.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
