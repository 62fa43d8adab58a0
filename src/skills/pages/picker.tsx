import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { type SearchLang, pickLang, searchSkills } from '../search/service.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUGGESTIONS = 8;
const MAX_CHOSEN = 200;

/** A chosen skill: its library id, its name in the page's language (or another), and that language when it differs. */
export interface PickedSkill {
  id: string;
  name: string;
  /** Set when the name is not in the page's language (a skill with only an English label on a Dutch page). */
  nameLang: string | null;
}

/** The names of library skills by id, in the page's language where there is one; unknown ids are left out. */
export async function pickedSkills(ctx: AppContext, ids: string[], lang: string): Promise<PickedSkill[]> {
  const wanted = [...new Set(ids.map((id) => id.trim()).filter((id) => UUID.test(id)))].slice(0, MAX_CHOSEN);
  if (!wanted.length) return [];
  const rows = await ctx.db.selectFrom('skills').select(['id', 'name']).where('id', 'in', wanted).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return wanted.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { text, lang: found } = pickLang(row.name, lang);
    return [{ id, name: text, nameLang: found && found !== lang ? found : null }];
  });
}

function LangMark({ lang }: { lang: string | null }) {
  return lang ? <span class="tag lang-mark">{escapeHtml(lang.toUpperCase())}</span> : '';
}

/** One chosen skill: a checked checkbox (unchecking removes it, with or without JavaScript), shown as a chip. */
export function SkillChip({ skill, name }: { skill: PickedSkill; name: string }) {
  const id = `${name}-${skill.id}`;
  return (
    <li class="chip">
      <input type="checkbox" id={id} name={name} value={skill.id} checked />
      <label for={id}>
        <span lang={skill.nameLang ?? undefined}>{escapeHtml(skill.name)}</span> <LangMark lang={skill.nameLang} />
      </label>
    </li>
  );
}

export interface SkillPickerProps {
  request: FastifyRequest;
  /** The form field the chosen skills' ids are sent in (one value each). */
  name: string;
  label: string;
  hint?: string;
  chosen: PickedSkill[];
  /**
   * The plain field that works without JavaScript (a text box with one skill address per line),
   * shown inside "Add by address" once the picker runs.
   */
  fallback: JSX.Element;
  error?: string;
}

/**
 * Choosing skills from the library: type in Dutch or English, pick from suggestions (fetched with
 * htmx from `/skills/picker`), the choice shown as chips. Without JavaScript the search box stays
 * hidden and the text box of the fallback does the work; chosen skills are checkboxes either way.
 */
export function SkillPicker({ request, name, label, hint, chosen, fallback, error }: SkillPickerProps) {
  const { t } = request;
  const p = (key: string, options?: Record<string, unknown>) => t(`skills:pages.picker.${key}`, options);
  return (
    <fieldset
      class={error ? 'skill-picker field-error' : 'skill-picker'}
      data-skill-picker={name}
      data-remove-label={p('remove', { name: '{name}' })}
      data-added-label={p('added', { name: '{name}' })}
      data-removed-label={p('removed', { name: '{name}' })}
    >
      <legend>{escapeHtml(label)}</legend>
      {hint ? (
        <p class="hint" id={`${name}-picker-hint`}>
          {escapeHtml(hint)}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="error-message" id={`${name}-picker-error`}>
          {escapeHtml(error)}
        </p>
      ) : (
        ''
      )}
      <ul class="chips" id={`${name}-chips`} aria-label={p('chosen')}>
        {chosen.map((skill) => (
          <SkillChip skill={skill} name={name} />
        ))}
      </ul>
      <div class="picker-search" hidden>
        <label for={`${name}-search`}>{escapeHtml(p('search'))}</label>
        <p class="hint" id={`${name}-search-hint`}>
          {escapeHtml(p('searchHint'))}
        </p>
        <input
          type="search"
          id={`${name}-search`}
          name="skillQuery"
          autocomplete="off"
          spellcheck="false"
          aria-describedby={`${name}-search-hint`}
          aria-controls={`${name}-suggestions`}
          hx-get={`/skills/picker?field=${encodeURIComponent(name)}`}
          hx-trigger="input changed delay:250ms, search"
          hx-target={`#${name}-suggestions`}
          hx-swap="innerHTML"
          hx-include={`[name='${name}']`}
        />
        <div id={`${name}-suggestions`} class="suggestions"></div>
        <p class="visually-hidden" role="status" aria-live="polite" data-picker-status=""></p>
      </div>
      {/* Open without JavaScript (the text box is then the way in); vaardig.js folds it away. */}
      <details class="picker-fallback" open>
        <summary>{escapeHtml(p('byAddress'))}</summary>
        {fallback}
      </details>
    </fieldset>
  );
}

/** The suggestions for what was typed: buttons that add a skill (vaardig.js turns them into chips). */
export function Suggestions({ request, items, query }: { request: FastifyRequest; items: PickedSkill[]; query: string }) {
  const { t } = request;
  if (!query) return '';
  if (!items.length) return <p class="muted">{escapeHtml(t('skills:pages.picker.none', { query }))}</p>;
  return (
    <>
      <p class="visually-hidden">{escapeHtml(t('skills:pages.picker.count', { count: items.length }))}</p>
      <ul class="suggestion-list" aria-label={t('skills:pages.picker.suggestions')}>
        {items.map((s) => (
          <li>
            <button type="button" class="suggestion" data-pick-skill={s.id} data-skill-name={s.name} data-skill-lang={s.nameLang ?? ''}>
              <span lang={s.nameLang ?? undefined}>{escapeHtml(s.name)}</span> <LangMark lang={s.nameLang} />
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** `GET /skills/picker?skillQuery=…`: suggestions as an HTML fragment, leaving out what is chosen already. */
export async function pickerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/skills/picker', { schema: { hide: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const field = typeof query.field === 'string' && /^[a-zA-Z][\w-]{0,40}$/.test(query.field) ? query.field : 'skill';
    const q = (list(query.skillQuery)[0] ?? '').replaceAll('\u0000', '').trim().slice(0, 200);
    const chosen = new Set(list(query[field]));
    let items: PickedSkill[] = [];
    if (q) {
      const lang: SearchLang = request.lang === 'nl' ? 'nl' : 'en';
      const user = request.user;
      const result = await searchSkills(ctx.db, {
        q,
        lang,
        limit: SUGGESTIONS + chosen.size,
        baseUrl: ctx.config.baseUrl,
        viewer: user ? { userId: user.id, isOperator: user.isOperator } : null,
      });
      items = result.items
        .filter((item) => !chosen.has(item.id))
        .slice(0, SUGGESTIONS)
        .map((item) => ({ id: item.id, name: item.name, nameLang: item.lang && item.lang !== lang ? item.lang : null }));
    }
    return reply.page(await Suggestions({ request, items, query: q }));
  });
}

/** The picker for skills chosen by id: looks their names up itself (for forms of other modules). */
export async function SkillPickerField(props: Omit<SkillPickerProps, 'chosen'> & { chosenIds: string[] }) {
  const { chosenIds, ...rest } = props;
  const chosen = await pickedSkills(props.request.server.ctx, chosenIds, props.request.lang);
  return <SkillPicker {...rest} chosen={chosen} />;
}
