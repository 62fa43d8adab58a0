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
