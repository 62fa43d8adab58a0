import { normaliseText } from './text.ts';

/** The twelve provinces of the Netherlands, by their Dutch names (the form kept on a vacancy). */
export const PROVINCES = [
  'Drenthe',
  'Flevoland',
  'Friesland',
  'Gelderland',
  'Groningen',
  'Limburg',
  'Noord-Brabant',
  'Noord-Holland',
  'Overijssel',
  'Utrecht',
  'Zeeland',
  'Zuid-Holland',
] as const;

const ALIASES: Record<string, string> = {
  dr: 'Drenthe',
  fl: 'Flevoland',
  fr: 'Friesland',
  fryslan: 'Friesland',
  frisia: 'Friesland',
  ge: 'Gelderland',
  gld: 'Gelderland',
  guelders: 'Gelderland',
  gr: 'Groningen',
  li: 'Limburg',
  nb: 'Noord-Brabant',
  brabant: 'Noord-Brabant',
  'north brabant': 'Noord-Brabant',
  nh: 'Noord-Holland',
  'north holland': 'Noord-Holland',
  ov: 'Overijssel',
  ut: 'Utrecht',
  ze: 'Zeeland',
  zealand: 'Zeeland',
  zh: 'Zuid-Holland',
  'south holland': 'Zuid-Holland',
};

/** A province as written in an ad ("NB", "North Brabant", "NL-NB", "noord-brabant") by its Dutch name; null when unknown. */
export function canonicalProvince(value: string | null | undefined): string | null {
  if (!value) return null;
  const key = normaliseText(value).replace(/^nl /, '');
  for (const p of PROVINCES) if (normaliseText(p) === key) return p;
  return ALIASES[key] ?? null;
}

/**
 * The province of a Dutch postcode by its first two digits. Postcode areas follow the post's sorting
 * regions, not the provinces' borders, so a few areas near a border fall on the wrong side: good
 * enough for counting demand by region when an ad names no province.
 */
const POSTCODE_RANGES: [number, number, string][] = [
  [10, 12, 'Noord-Holland'],
  [13, 13, 'Flevoland'],
  [14, 21, 'Noord-Holland'],
  [22, 33, 'Zuid-Holland'],
  [34, 39, 'Utrecht'],
  [40, 41, 'Gelderland'],
  [42, 42, 'Zuid-Holland'],
  [43, 45, 'Zeeland'],
  [46, 58, 'Noord-Brabant'],
  [59, 64, 'Limburg'],
  [65, 73, 'Gelderland'],
  [74, 77, 'Overijssel'],
  [78, 79, 'Drenthe'],
  [80, 81, 'Overijssel'],
  [82, 83, 'Flevoland'],
  [84, 92, 'Friesland'],
  [93, 94, 'Drenthe'],
  [95, 99, 'Groningen'],
];

/** A Dutch postcode as "1234 AB"; null when the text holds none. */
export function canonicalPostcode(value: string | null | undefined): string | null {
  const m = /\b([1-9]\d{3})\s?([A-Za-z]{2})?\b/.exec(value ?? '');
  if (!m) return null;
  return m[2] ? `${m[1]} ${m[2].toUpperCase()}` : m[1];
}

export function provinceOfPostcode(postcode: string | null | undefined): string | null {
  const code = canonicalPostcode(postcode);
  if (!code) return null;
  const two = Number(code.slice(0, 2));
  return POSTCODE_RANGES.find(([from, to]) => two >= from && two <= to)?.[2] ?? null;
}
