import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FastifyRequest } from 'fastify';
import { CsrfField } from '../../platform/pages/forms.tsx';
import { formatDateTime } from '../../platform/pages/format.ts';
import type { LangList, LangMap, SkillStatus } from '../schema.ts';
import { type Localised, pickList, pickText } from '../browse/text.ts';
import type { SkillSummary } from '../browse/service.ts';

/**
 * Small pieces every skills page uses. Texts stay plain strings until they are rendered: the
 * page escapes them there (escapeHtml for text, the renderer for attributes), exactly once.
 */
export function plain(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** A text from a language map, escaped, marked with its language when it is a fallback. */
export function Text({ map, lang, tag = 'span' }: { map: LangMap | null | undefined; lang: string; tag?: string }) {
  const picked = pickText(map, lang);
  return (
    <tag of={tag} lang={picked.fallback ? picked.lang : undefined}>
      {escapeHtml(picked.text)}
    </tag>
  );
}

/** The name of a skill or group in the reader's language (plain, escaped). */
export function nameOf(request: FastifyRequest, map: LangMap | null | undefined, code?: string | null): string {
  const picked = pickText(map, request.lang);
  return plain(picked.text || code || request.t('skills:pages.common.untitled'));
}

/** "Shown in English: there is no Dutch text yet." under a field that fell back. */
export function FallbackNote({ request, picked }: { request: FastifyRequest; picked: Localised | { lang: string; fallback: boolean } }) {
  if (!picked.fallback) return '';
  const { t } = request;
  const name = (l: string) => t(`skills:pages.common.languages.${l}`, { defaultValue: l });
  return (
    <p class="muted fallback-note">
      <small>{escapeHtml(t('skills:pages.common.fallback', { shown: name(picked.lang), wanted: name(request.lang) }))}</small>
    </p>
  );
}

export function pickListFor(request: FastifyRequest, map: LangList | null | undefined) {
  return pickList(map, request.lang);
}

export interface Crumb {
  href?: string;
  /** Already escaped. */
  label: string;
}

/** Breadcrumbs: a labelled nav with an ordered list; the last crumb is the current page. */
export function Breadcrumbs({ request, crumbs }: { request: FastifyRequest; crumbs: Crumb[] }) {
  return (
    <nav aria-label={request.t('skills:pages.common.breadcrumbs')} class="breadcrumbs">
      <ol>
        {crumbs.map((c, i) =>
          c.href && i < crumbs.length - 1 ? (
            <li>
              <a href={c.href}>{escapeHtml(c.label)}</a>
            </li>
          ) : (
            <li aria-current="page">{escapeHtml(c.label)}</li>
          ),
        )}
      </ol>
    </nav>
  );
}

/** ESCO's required attribution, wherever ESCO data is shown. */
export function EscoAttribution({ request }: { request: FastifyRequest }) {
  return (
    <p class="esco-attribution muted">
      <small>{escapeHtml(request.t('skills:pages.common.esco'))}</small>
    </p>
  );
}

export function StatusTag({ request, status }: { request: FastifyRequest; status: SkillStatus }) {
  return <span class={`tag status-${status}`}>{escapeHtml(request.t(`skills:pages.status.${status}`))}</span>;
}

/** A translated ESCO code (skill type, reuse level), or the code itself when unknown. */
export function codeLabel(request: FastifyRequest, group: 'skillType' | 'reuseLevel', value: string | null): string {
  if (!value) return '';
  const key = value.replace(/^.*\/(skill-reuse-level|skill-type)\//, '').replace(/[^a-z0-9]+/gi, '-');
  return plain(request.t(`skills:pages.${group}.${key}`, { defaultValue: value }));
}

/** A link to a skill with its name and, for drafts and archived skills, its status. */
export function SkillLink({ request, skill }: { request: FastifyRequest; skill: Pick<SkillSummary, 'id' | 'name' | 'code' | 'status'> }) {
  return (
    <>
      <a href={`/skills/${skill.id}`}>{escapeHtml(nameOf(request, skill.name, skill.code))}</a>
      {skill.status !== 'published' ? (
        <>
          {' '}
          <StatusTag request={request} status={skill.status} />
        </>
      ) : (
        ''
      )}
    </>
  );
}

/** Previous / next links for a list, keeping the other query parameters. */
export function Pagination({
  request,
  total,
  limit,
  offset,
  path,
  params,
}: {
  request: FastifyRequest;
  total: number;
  limit: number;
  offset: number;
  path: string;
  params: Record<string, string | undefined>;
}) {
  if (total <= limit) return '';
  const { t } = request;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    if (p > 1) q.set('page', String(p));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  };
  return (
    <nav aria-label={t('skills:pages.common.pagination')} class="pagination">
      <ul class="actions">
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              {escapeHtml(t('skills:pages.common.previous'))}
            </a>
          </li>
        ) : (
          ''
        )}
        <li>{escapeHtml(t('skills:pages.common.pageOf', { page, pages }))}</li>
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {escapeHtml(t('skills:pages.common.next'))}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

/** A date as people read it in the page's language. */
export function formatDate(request: FastifyRequest, date: Date | string | null | undefined): string {
  return plain(formatDateTime(request, date));
}

/** The page number of a `?page=` parameter (1 when absent or bad). */
export function pageNumber(raw: unknown): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** Small styles for the skills pages, kept next to them (the main stylesheet is the platform's). */
export const SKILLS_STYLE = `
.breadcrumbs ol { list-style: none; padding: 0; margin: 0 0 var(--space-3); display: flex; flex-wrap: wrap; gap: var(--space-2); }
.breadcrumbs li + li::before { content: "›"; margin-right: var(--space-2); color: var(--color-muted); }
.pagination ul { list-style: none; padding: 0; }
.search-form { display: flex; flex-wrap: wrap; gap: var(--space-3); align-items: flex-end; }
.search-form .field { margin-bottom: 0; }
.search-form .grow { flex: 1 1 20rem; }
.result-list, .plain-list { list-style: none; padding: 0; }
.result-list li { padding: var(--space-2) 0; border-bottom: 1px solid var(--color-border); }
.result-list p { margin: var(--space-1) 0 0; }
dl.fields { display: grid; grid-template-columns: minmax(10rem, 16rem) 1fr; gap: var(--space-2) var(--space-3); }
dl.fields dt { font-weight: 700; }
dl.fields dd { margin: 0; }
.status-draft { background: #fff4e5; color: #7a3000; }
.status-archived { background: #eceeed; color: var(--color-text); }
`;

/** A one-button form that moves a skill or collection to another lifecycle status. */
export function StatusButton({
  request,
  action,
  status,
  label,
  secondary,
}: {
  request: FastifyRequest;
  action: string;
  status: 'published' | 'archived' | 'draft';
  label: string;
  secondary?: boolean;
}) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField request={request} />
      <input type="hidden" name="status" value={status} />
      <button type="submit" class={secondary ? 'secondary' : undefined}>
        {escapeHtml(label)}
      </button>
    </form>
  );
}
