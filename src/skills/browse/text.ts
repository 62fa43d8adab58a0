import type { LangList, LangMap } from '../schema.ts';

/** A text picked for a reader: the value, the language it is in, and whether that is a fallback. */
export interface Localised {
  text: string;
  lang: string;
  /** True when the text is not in the language asked for (then `lang` says which one it is). */
  fallback: boolean;
}

/** The order languages are tried in: the one asked for, then English, then whatever the map holds. */
function languageOrder(map: Record<string, unknown>, lang: string): string[] {
  return [lang, 'en', ...Object.keys(map).sort()];
}

/** Picks the text of a language map in `lang`, falling back to English, then to any language. */
export function pickText(map: LangMap | null | undefined, lang: string): Localised {
  const m = map ?? {};
  for (const l of languageOrder(m, lang)) {
    const value = m[l];
    if (typeof value === 'string' && value.trim()) return { text: value, lang: l, fallback: l !== lang };
  }
  return { text: '', lang, fallback: false };
}

/** Picks a list of a language list map in `lang`, with the same fallback as `pickText`. */
export function pickList(map: LangList | null | undefined, lang: string): { items: string[]; lang: string; fallback: boolean } {
  const m = map ?? {};
  for (const l of languageOrder(m, lang)) {
    const value = m[l];
    if (Array.isArray(value) && value.length) return { items: value, lang: l, fallback: l !== lang };
  }
  return { items: [], lang, fallback: false };
}
