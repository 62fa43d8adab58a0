/**
 * Choosing a skill or an occupation for the filters by its name: what a person typed is searched
 * in the skills module (the same search as `/api/v1/skills` and `/api/v1/occupations`), in the
 * page's language; the chosen one is shown by its name. Works without JavaScript: the search box
 * submits the filter form and the page lists the matches as choices.
 */
import type { AppContext } from '../platform/context.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { occupationNames, searchOccupations, searchSkills, skillNames } from '../skills/api.ts';
import { E } from './errors.ts';
import { nameIn } from './views.ts';

export const MAX_SEARCH = 200;
/** Matches listed for what was typed. */
export const MATCHES = 8;

export interface Choice {
  id: string;
  name: string;
  /** Set when the name is not in the page's language ("en"). */
  lang: string | null;
}

export interface PickerState {
  /** What was typed ('' when nothing). */
  query: string;
  /** The chosen one, by name; null when none (or the filter was refused). */
  chosen: Choice | null;
  /** The matches for `query` (null when nothing was typed). */
  matches: Choice[] | null;
}

/** The text typed in a search box of the filters: at most MAX_SEARCH characters (longer: a 400 naming the field). */
export function searchText(value: unknown, field: string): string {
  const v = (typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '').replaceAll('\u0000', '').trim();
  if (v.length > MAX_SEARCH) throw E.searchTooLong(field, { max: MAX_SEARCH });
  return v;
}

const pageLang = (lang: string) => (lang === 'nl' ? 'nl' : 'en');

function choiceOf(id: string, names: Record<string, string> | undefined, lang: string): Choice {
  const name = nameIn(names, lang) || id;
  return { id, name, lang: names && !names[lang] ? (names.en ? 'en' : (Object.keys(names)[0] ?? null)) : null };
}

/** The skill picker: the chosen skill's name, and the matches for what was typed. */
export async function skillPicker(
  ctx: AppContext,
  user: CurrentUser | null,
  chosenId: string | null,
  query: string,
  lang: string,
): Promise<PickerState> {
  const chosen = chosenId ? choiceOf(chosenId, (await skillNames(ctx.db, [chosenId])).get(chosenId) as never, lang) : null;
  if (!query || chosen) return { query, chosen, matches: null };
  const found = await searchSkills(ctx.db, {
    q: query,
    lang: pageLang(lang),
    limit: MATCHES,
    filters: { kind: 'skill' },
    baseUrl: ctx.config.baseUrl,
    viewer: user ? { userId: user.id, isOperator: user.isOperator } : null,
  });
  return {
    query,
    chosen,
    matches: found.items.map((s) => ({ id: s.id, name: s.name, lang: s.lang && s.lang !== pageLang(lang) ? s.lang : null })),
  };
}

/** The occupation picker, the same way. */
export async function occupationPicker(ctx: AppContext, chosenId: string | null, query: string, lang: string): Promise<PickerState> {
  const chosen = chosenId
    ? ((await occupationNames(ctx.db, [chosenId])).map((o) => choiceOf(o.id, o.name as Record<string, string>, lang))[0] ?? null)
    : null;
  if (!query || chosen) return { query, chosen, matches: null };
  const found = await searchOccupations(ctx.db, { q: query, lang: pageLang(lang), limit: MATCHES, baseUrl: ctx.config.baseUrl });
  return { query, chosen, matches: found.items.map((o) => ({ id: o.id, name: o.name, lang: o.labelLang })) };
}
