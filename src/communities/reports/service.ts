import { type Selectable, sql } from 'kysely';
import type { TFunction } from 'i18next';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import type { CurrentUser } from '../../platform/http/types.ts';
import { findSkillId } from '../../skills/api.ts';
import { type CommunityAccess, accessCommunity, collect, isUuid, text } from '../communities.ts';
import { accessSession, type SessionAccess } from '../notes/access.ts';
import { personNames } from '../overview.ts';
import { draftReport } from './draft.ts';
import { ReportErrors as RE } from './errors.ts';
import {
  type CommunityKnowledgeTable,
  type CommunityOutputsTable,
  type CommunityReportsTable,
  KNOWLEDGE_KINDS,
  type KnowledgeKind,
  OUTPUT_KINDS,
  type OutputKind,
} from './schema.ts';

export type ReportRow = Selectable<CommunityReportsTable>;
export type KnowledgeRow = Selectable<CommunityKnowledgeTable>;
export type OutputRow = Selectable<CommunityOutputsTable>;

export const MAX_REPORT_LENGTH = 100_000;

// --- What the report is drafted from ------------------------------------------------------------

/** A facilitator writes the summary of the session's opening presentation. */
export async function saveRecord(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, input: { summary?: unknown }) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const summary = text(input.summary, 'summary', 10_000, true);
  await ctx.db
    .insertInto('community_session_records')
    .values({ session_id: access.session.id, presentation_summary: summary, updated_by: user?.id ?? null, updated_at: new Date() })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({ presentation_summary: summary, updated_by: user?.id ?? null, updated_at: new Date() }),
    )
    .execute();
}

/** A facilitator notes a decision the session took. */
export async function addDecision(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string, input: { body?: unknown }) {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const body = text(input.body, 'decision', 2000);
  return ctx.db
    .insertInto('community_decisions')
    .values({ session_id: access.session.id, body, created_by: user?.id ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

// --- The report --------------------------------------------------------------------------------

export async function reportOfSession(ctx: AppContext, sessionId: string): Promise<ReportRow | null> {
  return (await ctx.db.selectFrom('community_reports').selectAll().where('session_id', '=', sessionId).executeTakeFirst()) ?? null;
}

/** The theme's library skills: a new report is tagged with them. */
async function themeSkillIds(ctx: AppContext, themeId: string | null): Promise<string[]> {
  if (!themeId) return [];
  const theme = await ctx.db.selectFrom('community_themes').select('skill_ids').where('id', '=', themeId).executeTakeFirst();
  return (theme?.skill_ids ?? []).filter(isUuid);
}

/**
 * Drafts the session's report from its work (draft.ts). A session has one report; drafting again
 * replaces the text only when asked (`replace`) and never once published.
 */
export async function draftSessionReport(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  options: { t: TFunction; lang: string; replace?: boolean },
): Promise<ReportRow> {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const existing = await reportOfSession(ctx, access.session.id);
  if (existing?.status === 'published') throw RE.reportPublished('replace');
  if (existing && !options.replace) throw RE.reportExists('replace');
  const body = await draftReport(ctx, access, options.t, options.lang);
  if (existing)
    return ctx.db
      .updateTable('community_reports')
      .set((eb) => ({ body, version: eb('version', '+', 1), updated_by: user?.id ?? null, updated_at: new Date() }))
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  return ctx.db
    .insertInto('community_reports')
    .values({
      community_id: access.community.id,
      session_id: access.session.id,
      theme_id: access.session.theme_id,
      title: access.session.title,
      body,
      skill_ids: JSON.stringify(await themeSkillIds(ctx, access.session.theme_id)),
      status: 'draft',
      published_at: null,
      published_by: null,
      updated_by: user?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Library skill ids from the picker's ids and typed addresses (one a line); unknown ones are refused. */
export async function resolveSkills(ctx: AppContext, chosen: unknown, typed: unknown): Promise<string[]> {
  const refs = [
    ...(Array.isArray(chosen) ? chosen : typeof chosen === 'string' ? [chosen] : []),
    ...(typeof typed === 'string' ? typed.split(/\r?\n/) : []),
  ]
    .filter((r): r is string => typeof r === 'string')
    .map((r) => r.trim())
    .filter(Boolean);
  if (refs.length > 100) throw PlatformErrors.tooLong('skills', { max: 100 });
  const out: string[] = [];
  for (const ref of refs) {
    const id = ref.length <= 500 ? await findSkillId(ctx, ref) : null;
    if (!id) throw RE.skillNotInLibrary('skills', { ref: ref.slice(0, 100) });
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

export interface ReportInput {
  title?: unknown;
  body?: unknown;
  version?: unknown;
  skill?: unknown;
  skills?: unknown;
}

/**
 * The facilitator's edit of the report, if no one saved it since they opened it (`version`); a
 * stale save is refused (409 reportConflict) with the newer report in `current`.
 */
export async function saveReport(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  sessionId: string,
  input: ReportInput,
): Promise<ReportRow> {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const report = await reportOfSession(ctx, access.session.id);
  if (!report) throw RE.reportNotFound();
  const values = collect({ title: () => text(input.title, 'title', 300), body: () => text(input.body, 'body', MAX_REPORT_LENGTH, true) });
  const skills = await resolveSkills(ctx, input.skill, input.skills);
  const version = Number(input.version);
  const saved = await ctx.db
    .updateTable('community_reports')
    .set((eb) => ({
      ...values,
      skill_ids: JSON.stringify(skills),
      version: eb('version', '+', 1),
      updated_by: user?.id ?? null,
      updated_at: new Date(),
    }))
    .where('id', '=', report.id)
    .where('version', '=', Number.isInteger(version) ? version : -1)
    .returningAll()
    .executeTakeFirst();
  if (!saved) {
    const current = await reportOfSession(ctx, access.session.id);
    throw RE.reportConflict(
      'body',
      {},
      { current: current ? { title: current.title, body: current.body, version: current.version } : null },
    );
  }
  return saved;
}

/** Publishes the report: its page and Markdown open to everyone who sees the community; it joins the knowledge base. */
export async function publishReport(ctx: AppContext, user: CurrentUser | null, slug: string, sessionId: string): Promise<ReportRow> {
  const access = await accessSession(ctx, user, slug, sessionId, 'facilitator');
  const report = await reportOfSession(ctx, access.session.id);
  if (!report) throw RE.reportNotFound();
  if (report.status === 'published') return report;
  return ctx.db
    .updateTable('community_reports')
    .set({ status: 'published', published_at: new Date(), published_by: user?.id ?? null, updated_at: new Date() })
    .where('id', '=', report.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A report to read: published ones for everyone who sees the community, drafts for its facilitators. */
export async function readReport(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  reportId: string,
): Promise<{ access: CommunityAccess; report: ReportRow }> {
  const access = await accessCommunity(ctx, user, slug, 'see');
  if (!isUuid(reportId)) throw RE.reportNotFound();
  const report = await ctx.db
    .selectFrom('community_reports')
    .selectAll()
    .where('id', '=', reportId)
    .where('community_id', '=', access.community.id)
    .executeTakeFirst();
  if (!report || (report.status !== 'published' && !access.isFacilitator)) throw RE.reportNotFound();
  return { access, report };
}

/** The report as a Markdown file: its title, then its text. */
export function reportMarkdown(report: Pick<ReportRow, 'title' | 'body'>): string {
  return `# ${report.title.replace(/\s*\n\s*/g, ' ')}\n\n${report.body.trim()}\n`;
}

export async function latestReports(ctx: AppContext, communityId: string, limit = 5): Promise<ReportRow[]> {
  return ctx.db
    .selectFrom('community_reports')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .limit(limit)
    .execute();
}

// --- Knowledge base ----------------------------------------------------------------------------

export interface KnowledgeInput {
  kind?: unknown;
  title?: unknown;
  body?: unknown;
  theme?: unknown;
  skill?: unknown;
  skills?: unknown;
}

async function themeOf(ctx: AppContext, communityId: string, theme: unknown, field: string, required: boolean): Promise<string | null> {
  if (theme === '' || theme === undefined || theme === null) {
    if (required) throw RE.themeOfCommunity(field);
    return null;
  }
  const row = isUuid(theme)
    ? await ctx.db
        .selectFrom('community_themes')
        .select('id')
        .where('id', '=', theme)
        .where('community_id', '=', communityId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw RE.themeOfCommunity(field);
  return row.id;
}

/** A member adds a best practice or a lesson learned, tagged with library skills. */
export async function addKnowledge(ctx: AppContext, user: CurrentUser | null, slug: string, input: KnowledgeInput): Promise<KnowledgeRow> {
  const access = await accessCommunity(ctx, user, slug, 'member');
  const values = collect({
    kind: () => {
      if (!(KNOWLEDGE_KINDS as readonly unknown[]).includes(input.kind))
        throw PlatformErrors.oneOf('kind', { options: KNOWLEDGE_KINDS.join(', ') });
      return input.kind as KnowledgeKind;
    },
    title: () => text(input.title, 'title', 300),
    body: () => text(input.body, 'body', 20_000),
  });
  const theme = await themeOf(ctx, access.community.id, input.theme, 'theme', false);
  const skills = await resolveSkills(ctx, input.skill, input.skills);
  return ctx.db
    .insertInto('community_knowledge')
    .values({
      community_id: access.community.id,
      theme_id: theme,
      ...values,
      skill_ids: JSON.stringify(skills),
      created_by: user?.id ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface KnowledgeHit {
  kind: 'report' | KnowledgeKind;
  id: string;
  title: string;
  /** The first words of the text. */
  excerpt: string;
  skillIds: string[];
  at: Date;
  href: string | null;
  author: string;
}

function excerpt(body: string): string {
  const plain = body
    .replace(/[#*>`_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 280 ? `${plain.slice(0, 277)}…` : plain;
}

/**
 * Searches the community's knowledge base: its published reports, best practices and lessons
 * learned. Every word of `q` must occur in the title or text (any case, any accents); `skill` keeps
 * entries tagged with that library skill; `kind` one kind. Newest first.
 */
export async function searchKnowledge(
  ctx: AppContext,
  access: CommunityAccess,
  query: { q?: string; skill?: string; kind?: string },
): Promise<KnowledgeHit[]> {
  const words = (query.q ?? '')
    .slice(0, 200)
    .split(/\s+/)
    .map((w) => w.trim())
    .filter(Boolean)
    .slice(0, 10);
  const skill = isUuid(query.skill) ? query.skill : null;
  const kind = ['report', ...KNOWLEDGE_KINDS].includes(query.kind ?? '') ? query.kind : null;
  const like = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const hits: KnowledgeHit[] = [];
  if (!kind || kind === 'report') {
    let q = ctx.db
      .selectFrom('community_reports')
      .selectAll()
      .where('community_id', '=', access.community.id)
      .where('status', '=', 'published');
    for (const w of words)
      q = q.where((eb) =>
        eb.or([eb(sql`unaccent(title)`, 'ilike', sql`unaccent(${like(w)})`), eb(sql`unaccent(body)`, 'ilike', sql`unaccent(${like(w)})`)]),
      );
    if (skill) q = q.where(sql<boolean>`skill_ids @> ${JSON.stringify([skill])}::jsonb`);
    for (const r of await q.orderBy('published_at', 'desc').limit(100).execute())
      hits.push({
        kind: 'report',
        id: r.id,
        title: r.title,
        excerpt: excerpt(r.body),
        skillIds: r.skill_ids,
        at: r.published_at ?? r.updated_at,
        href: `/communities/${encodeURIComponent(access.community.slug)}/reports/${r.id}`,
        author: '',
      });
  }
  if (kind !== 'report') {
    let q = ctx.db.selectFrom('community_knowledge').selectAll().where('community_id', '=', access.community.id);
    if (kind) q = q.where('kind', '=', kind as KnowledgeKind);
    for (const w of words)
      q = q.where((eb) =>
        eb.or([eb(sql`unaccent(title)`, 'ilike', sql`unaccent(${like(w)})`), eb(sql`unaccent(body)`, 'ilike', sql`unaccent(${like(w)})`)]),
      );
    if (skill) q = q.where(sql<boolean>`skill_ids @> ${JSON.stringify([skill])}::jsonb`);
    const rows = await q.orderBy('created_at', 'desc').limit(100).execute();
    const names = await personNames(
      ctx,
      rows.flatMap((r) => (r.created_by ? [r.created_by] : [])),
    );
    for (const r of rows)
      hits.push({
        kind: r.kind,
        id: r.id,
        title: r.title,
        excerpt: r.body,
        skillIds: r.skill_ids,
        at: r.created_at,
        href: null,
        author: r.created_by ? (names.get(r.created_by) ?? '') : '',
      });
  }
  return hits.sort((a, b) => b.at.getTime() - a.at.getTime());
}

// --- Outputs -----------------------------------------------------------------------------------

export interface OutputInput {
  kind?: unknown;
  title?: unknown;
  description?: unknown;
  url?: unknown;
  theme?: unknown;
}

/** A facilitator records what a theme's work grew into (a use case, skill descriptors, a funding application). */
export async function addOutput(ctx: AppContext, user: CurrentUser | null, slug: string, input: OutputInput): Promise<OutputRow> {
  const access = await accessCommunity(ctx, user, slug, 'facilitator');
  const values = collect({
    kind: () => {
      if (!(OUTPUT_KINDS as readonly unknown[]).includes(input.kind))
        throw PlatformErrors.oneOf('kind', { options: OUTPUT_KINDS.join(', ') });
      return input.kind as OutputKind;
    },
    title: () => text(input.title, 'title', 300),
    description: () => text(input.description, 'description', 10_000, true),
    url: () => {
      const url = text(input.url, 'url', 2000, true);
      if (!url) return null;
      try {
        const parsed = new URL(url);
        if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('scheme');
      } catch {
        throw PlatformErrors.notUrl('url');
      }
      return url;
    },
  });
  const theme = (await themeOf(ctx, access.community.id, input.theme, 'theme', true)) as string;
  return ctx.db
    .insertInto('community_outputs')
    .values({ community_id: access.community.id, theme_id: theme, ...values, created_by: user?.id ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listOutputs(ctx: AppContext, communityId: string, themeId?: string): Promise<OutputRow[]> {
  let q = ctx.db.selectFrom('community_outputs').selectAll().where('community_id', '=', communityId);
  if (themeId) q = q.where('theme_id', '=', themeId);
  return q.orderBy('created_at', 'desc').execute();
}

export async function communityThemes(ctx: AppContext, communityId: string): Promise<{ id: string; title: string }[]> {
  return ctx.db
    .selectFrom('community_themes')
    .select(['id', 'title'])
    .where('community_id', '=', communityId)
    .orderBy('created_at', 'desc')
    .execute();
}

export type { SessionAccess };
