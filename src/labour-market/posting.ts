import { webUrl } from '../platform/pages/urls.ts';
import { canonicalPostcode, canonicalProvince, provinceOfPostcode } from './regions.ts';
import { detectLanguage, htmlToText, tidyText } from './text.ts';

/** A vacancy as read from a page, a feed or the API, before de-duplication. */
export interface Posting {
  title: string;
  description: string;
  employer: string | null;
  municipality: string | null;
  province: string | null;
  postcode: string | null;
  country: string | null;
  datePosted: Date | null;
  validThrough: Date | null;
  employmentType: string[];
  education: string | null;
  /** As the ad says it, or `months:N` for schema.org's monthsOfExperience. */
  experience: string | null;
  salaryMin: number | null;
  salaryMax: number | null;
  salaryCurrency: string | null;
  salaryUnit: string | null;
  language: 'nl' | 'en' | null;
  /** Where it was seen (a page), or null (a feed record or API call without one). */
  url: string | null;
  /** The source's own id for it (a feed's or the API caller's), or schema.org's identifier. */
  externalId: string | null;
}

export const MAX_TITLE = 300;
export const MAX_DESCRIPTION = 60_000;
const MAX_SHORT = 500;

/** Loosely typed input (a JobPosting object, a feed record): each value text, number, or absent. */
export type RawPosting = Partial<Record<keyof Posting, unknown>>;

function text(value: unknown, max = MAX_SHORT): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const t = htmlToText(value).replace(/\s+/g, ' ').trim();
  return t ? t.slice(0, max) : null;
}

function number(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const cleaned = value.replace(/[^\d,.-]/g, '');
  // "3.500,00" (Dutch) and "3,500.00" (English) both read as 3500.
  const normal = /,\d{1,2}$/.test(cleaned) ? cleaned.replace(/\./g, '').replace(',', '.') : cleaned.replace(/,/g, '');
  const n = Number(normal);
  return normal && Number.isFinite(n) ? n : null;
}

function date(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value !== 'string' || !value.trim()) return null;
  const d = new Date(value.trim());
  if (Number.isNaN(d.getTime())) return null;
  const year = d.getUTCFullYear();
  return year >= 1990 && year <= 2200 ? d : null;
}

const EMPLOYMENT: Record<string, string> = {
  full_time: 'FULL_TIME',
  fulltime: 'FULL_TIME',
  voltijd: 'FULL_TIME',
  part_time: 'PART_TIME',
  parttime: 'PART_TIME',
  deeltijd: 'PART_TIME',
  contractor: 'CONTRACTOR',
  freelance: 'CONTRACTOR',
  zzp: 'CONTRACTOR',
  temporary: 'TEMPORARY',
  tijdelijk: 'TEMPORARY',
  intern: 'INTERN',
  internship: 'INTERN',
  stage: 'INTERN',
  volunteer: 'VOLUNTEER',
  vrijwilliger: 'VOLUNTEER',
  vrijwilligerswerk: 'VOLUNTEER',
  per_diem: 'PER_DIEM',
  other: 'OTHER',
};
export const EMPLOYMENT_TYPES = ['FULL_TIME', 'PART_TIME', 'CONTRACTOR', 'TEMPORARY', 'INTERN', 'VOLUNTEER', 'PER_DIEM', 'OTHER'];

function employmentTypes(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;/|]/) : [];
  const out = new Set<string>();
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const key = item
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\/schema\.org\//, '')
      .replace(/[\s-]+/g, '_');
    const found = EMPLOYMENT[key] ?? EMPLOYMENT[key.replace(/_/g, '')];
    if (found) out.add(found);
  }
  return [...out];
}

/**
 * A posting checked and tidied: texts trimmed and cut to size, HTML turned into text, dates read,
 * the province from the postcode when the ad names none, the language detected when not given.
 * Null when it has no title or no text at all.
 */
export function cleanPosting(raw: RawPosting): Posting | null {
  const title = text(raw.title, MAX_TITLE);
  const description = typeof raw.description === 'string' ? htmlToText(raw.description).slice(0, MAX_DESCRIPTION) : '';
  if (!title) return null;
  const postcode = canonicalPostcode(text(raw.postcode));
  const province = canonicalProvince(text(raw.province)) ?? provinceOfPostcode(postcode);
  const given = text(raw.language)?.toLowerCase().slice(0, 2);
  const language = given === 'nl' || given === 'en' ? given : detectLanguage(`${title}\n${description}`);
  let salaryMin = number(raw.salaryMin);
  let salaryMax = number(raw.salaryMax);
  if (salaryMin !== null && salaryMax !== null && salaryMin > salaryMax) [salaryMin, salaryMax] = [salaryMax, salaryMin];
  return {
    title,
    description: tidyText(description),
    employer: text(raw.employer),
    municipality: text(raw.municipality, 120),
    province,
    postcode,
    country: text(raw.country, 60),
    datePosted: date(raw.datePosted),
    validThrough: date(raw.validThrough),
    employmentType: employmentTypes(raw.employmentType),
    education: text(raw.education),
    experience: text(raw.experience),
    salaryMin,
    salaryMax,
    salaryCurrency: text(raw.salaryCurrency, 10)?.toUpperCase() ?? null,
    salaryUnit: text(raw.salaryUnit, 20)?.toUpperCase() ?? null,
    language,
    // A feed's record is someone else's: an address that is not http(s) (javascript:, data:) is dropped.
    url: webAddress(text(raw.url, 2000)),
    externalId: text(raw.externalId, 300),
  };
}

/** The address as given (so stored de-duplication keys stay the same) when it is http(s), else null. */
const webAddress = (value: string | null): string | null => (webUrl(value) ? value : null);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const nameOf = (v: unknown): unknown => (isObject(v) ? (v.name ?? v.legalName) : v);

/** Whether a JSON-LD or microdata item's type is schema.org's JobPosting. */
export function isJobPostingType(type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === 'string' && /^(?:(?:https?:\/\/)?schema\.org\/|schema:)?JobPosting$/i.test(t.trim()));
}

/** The raw fields of a schema.org JobPosting (from JSON-LD or microdata). */
export function fromJobPosting(item: Json, pageUrl: string | null): RawPosting {
  const place = first(item.jobLocation);
  const address = isObject(place) ? (isObject(place.address) ? place.address : first(place.address)) : null;
  const addr: Json = isObject(address) ? address : typeof address === 'string' ? { addressLocality: address } : {};
  const salary = first(item.baseSalary ?? item.estimatedSalary);
  let salaryMin: unknown = null;
  let salaryMax: unknown = null;
  let salaryUnit: unknown = null;
  let salaryCurrency: unknown = null;
  if (isObject(salary)) {
    salaryCurrency = salary.currency;
    const value = first(salary.value);
    if (isObject(value)) {
      salaryMin = value.minValue ?? value.value;
      salaryMax = value.maxValue ?? value.value;
      salaryUnit = value.unitText;
    } else salaryMin = salaryMax = value;
  } else if (salary !== undefined) salaryMin = salaryMax = salary;
  const education = first(item.educationRequirements);
  const experience = first(item.experienceRequirements);
  const months = isObject(experience) ? Number(experience.monthsOfExperience) : Number.NaN;
  const identifier = first(item.identifier);
  return {
    title: first(item.title) ?? first(item.name),
    description: first(item.description),
    employer: nameOf(first(item.hiringOrganization)),
    municipality: addr.addressLocality,
    province: addr.addressRegion,
    postcode: addr.postalCode,
    country: nameOf(first(addr.addressCountry)),
    datePosted: first(item.datePosted),
    validThrough: first(item.validThrough),
    employmentType: item.employmentType,
    education: isObject(education) ? (education.credentialCategory ?? education.name ?? education.description) : education,
    experience: Number.isFinite(months) ? `months:${months}` : isObject(experience) ? experience.description : experience,
    salaryMin,
    salaryMax,
    salaryCurrency,
    salaryUnit,
    language: first(item.inLanguage),
    url: pageUrl ?? first(item.url),
    externalId: isObject(identifier) ? (identifier.value ?? identifier.name) : identifier,
  };
}
