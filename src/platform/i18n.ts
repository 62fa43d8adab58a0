import i18next, { type i18n, type TFunction } from 'i18next';
import { LOCALES, type Locale, type VaardigModule } from './module.ts';

export type { TFunction };

export function createI18n(modules: VaardigModule[]): i18n {
  const instance = i18next.createInstance();
  const resources: Record<string, Record<string, object>> = {};
  for (const lang of LOCALES) {
    resources[lang] = {};
    for (const module of modules) if (module.locales) resources[lang][module.name] = module.locales[lang];
  }
  instance.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LOCALES],
    ns: modules.filter((m) => m.locales).map((m) => m.name),
    defaultNS: 'platform',
    // Pages are escaped by the JSX renderer; escaping here would escape twice.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

/** At most this many texts are remembered per language (keys come from code, but a key built from input must not grow it). */
const REMEMBERED_MAX = 5000;
const translators = new WeakMap<i18n, Map<string, TFunction>>();

/**
 * The `t` of a language: i18next's fixed t, with the texts asked for without options remembered.
 * A page asks for the same texts many times (a backpack page of 48 badge cards, a few hundred
 * calls) and i18next resolves every call anew; the resources are loaded once at start, so a
 * remembered text never goes stale. Calls with options (interpolation, count) go to i18next.
 */
export function translatorFor(instance: i18n, lang: string): TFunction {
  let byLang = translators.get(instance);
  if (!byLang) translators.set(instance, (byLang = new Map()));
  let t = byLang.get(lang);
  if (!t) {
    const fixed = instance.getFixedT(lang) as unknown as (...args: unknown[]) => string;
    const texts = new Map<string, string>();
    const remembering = (key: unknown, ...rest: unknown[]) => {
      if (rest.length > 0 || typeof key !== 'string') return fixed(key, ...rest);
      let text = texts.get(key);
      if (text === undefined) {
        text = fixed(key);
        if (texts.size < REMEMBERED_MAX) texts.set(key, text);
      }
      return text;
    };
    t = Object.assign(remembering, { lng: lang }) as unknown as TFunction;
    byLang.set(lang, t);
  }
  return t;
}

/** The best supported language for an Accept-Language header. */
export function negotiateLocale(header: string | undefined): Locale {
  if (!header) return 'en';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if ((LOCALES as readonly string[]).includes(lang)) return lang as Locale;
  return 'en';
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
