/** A page request, or anything that knows the page's language. */
export type PageLanguage = { lang: string };

/** The `Intl` locale of a page language: Dutch as in the Netherlands, English as in Britain (day before month). */
export function intlLocale(lang: string): string {
  return lang === 'nl' ? 'nl-NL' : 'en-GB';
}

type DateValue = Date | string | number | null | undefined;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function toDate(value: DateValue): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * A date (and with `time`, the time) in the page's language: "2 december 2026" on a Dutch page,
 * "2 December 2026" on an English one. Empty for a missing or unreadable value. A bare
 * `YYYY-MM-DD` is a calendar day and is shown as that day whatever the server's time zone.
 */
export function formatDate(
  request: PageLanguage,
  value: DateValue,
  options: { time?: boolean; style?: 'long' | 'medium' | 'short'; timeZone?: string } = {},
): string {
  const date = toDate(value);
  if (!date) return '';
  const dateOnly = typeof value === 'string' && DATE_ONLY.test(value);
  const locale = intlLocale(request.lang);
  const settings: Intl.DateTimeFormatOptions = {
    dateStyle: options.style ?? 'long',
    ...(options.time && !dateOnly ? { timeStyle: 'short' } : {}),
    ...(dateOnly ? { timeZone: 'UTC' } : options.timeZone ? { timeZone: options.timeZone } : {}),
  };
  // Making a formatter costs far more than using one (a page of 48 badge cards made 48).
  const key = `${locale}|${settings.dateStyle}|${settings.timeStyle ?? ''}|${settings.timeZone ?? ''}`;
  let formatter = dateFormats.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, settings);
    if (dateFormats.size > 200) dateFormats.clear();
    dateFormats.set(key, formatter);
  }
  return formatter.format(date);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date with its time, in the page's language ("2 dec 2026, 14:05"). */
export function formatDateTime(request: PageLanguage, value: DateValue): string {
  return formatDate(request, value, { time: true, style: 'medium' });
}

/** A number in the page's language: "1.234" on a Dutch page, "1,234" on an English one. */
export function formatNumber(
  request: PageLanguage,
  value: number | bigint | string | null | undefined,
  options?: Intl.NumberFormatOptions,
): string {
  if (value === null || value === undefined || value === '') return '';
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n === 'number' && !Number.isFinite(n)) return String(value);
  return new Intl.NumberFormat(intlLocale(request.lang), options).format(n);
}
