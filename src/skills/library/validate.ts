import { type ErrorFactory, type ErrorParams, PlatformErrors } from '../../platform/errors.ts';
import { SkillsErrors as E } from '../errors.ts';
import type { LangList, LangMap, NamedReference, SkillStatus } from '../schema.ts';
import type { OccupationReference } from './types.ts';

/** BCP 47-ish language tags: "en", "nl", "en-US", "pt-BR". */
const LANG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const URI = /^(https?:\/\/[^\s]+|urn:[a-z0-9][a-z0-9-]{0,31}:[^\s]+)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const LIMITS = { name: 300, statement: 5000, keyword: 200, category: 200, refName: 500, author: 300, list: 200 };
export const STATUSES: readonly SkillStatus[] = ['draft', 'published', 'archived'];

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** Refuses the value of one field with a coded error (`E.<name>` or a PlatformErrors code). */
function fail(field: string, code: ErrorFactory, params?: ErrorParams): never {
  throw code(field, params);
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A language map: known-looking language tags, strings, trimmed; empty values dropped; keys sorted. */
export function langMap(field: string, value: unknown, max: number, required = false): LangMap {
  if (value === undefined || value === null) {
    if (required) fail(field, PlatformErrors.required);
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) fail(field, E.notTextsByLanguage);
  const out: LangMap = {};
  for (const key of Object.keys(value as object).sort()) {
    const text = (value as Record<string, unknown>)[key];
    if (!LANG.test(key)) fail(`${field}.${key}`, E.notLanguageCode);
    if (typeof text !== 'string') fail(`${field}.${key}`, E.notText);
    const trimmed = field.endsWith('statement') || field.endsWith('description') ? text.trim() : clean(text);
    if (trimmed.length > max) fail(`${field}.${key}`, PlatformErrors.tooLong, { max });
    if (trimmed) out[key] = trimmed;
  }
  if (required && Object.keys(out).length === 0) fail(field, E.textInOneLanguage);
  return out;
}

/** Several texts per language; trimmed, empty and repeated ones dropped. */
export function langList(field: string, value: unknown, max: number): LangList {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(field, E.notListsByLanguage);
  const out: LangList = {};
  for (const key of Object.keys(value as object).sort()) {
    const list = (value as Record<string, unknown>)[key];
    if (!LANG.test(key)) fail(`${field}.${key}`, E.notLanguageCode);
    if (!Array.isArray(list)) fail(`${field}.${key}`, E.notTextList);
    if (list.length > LIMITS.list) fail(`${field}.${key}`, E.tooManyEntries, { max: LIMITS.list });
    const seen = new Set<string>();
    const items: string[] = [];
    list.forEach((item, i) => {
      if (typeof item !== 'string') fail(`${field}.${key}.${i}`, E.notText);
      const c = clean(item);
      if (c.length > max) fail(`${field}.${key}.${i}`, PlatformErrors.tooLong, { max });
      if (c && !seen.has(c.toLowerCase())) {
        seen.add(c.toLowerCase());
        items.push(c);
      }
    });
    if (items.length) out[key] = items;
  }
  return out;
}

export function stringList(field: string, value: unknown, max: number): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(field, E.notTextList);
  if (value.length > LIMITS.list) fail(field, E.tooManyEntries, { max: LIMITS.list });
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string') fail(`${field}.${i}`, E.notText);
    const c = clean(item);
    if (c.length > max) fail(`${field}.${i}`, PlatformErrors.tooLong, { max });
    if (c && !out.includes(c)) out.push(c);
  });
  return out;
}

function optionalText(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(field, E.notText);
  const c = clean(value);
  if (c.length > max) fail(field, PlatformErrors.tooLong, { max });
  return c || undefined;
}

function optionalUri(field: string, value: unknown): string | undefined {
  const c = optionalText(field, value, 2000);
  if (c !== undefined && !URI.test(c)) fail(field, E.notUriOrUrn);
  return c;
}

/** References (standards, certifications, employers, alignments): each needs a name or an id (URI). */
export function references(field: string, value: unknown): NamedReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(field, E.notReferenceList);
  if (value.length > LIMITS.list) fail(field, E.tooManyEntries, { max: LIMITS.list });
  const out: NamedReference[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(`${field}.${i}`, E.notReference);
    const raw = item as Record<string, unknown>;
    for (const key of Object.keys(raw)) if (!['name', 'id', 'url', 'framework'].includes(key)) fail(`${field}.${i}.${key}`, E.unknownField);
    const ref: NamedReference = {};
    const id = optionalUri(`${field}.${i}.id`, raw.id ?? raw.url);
    const name = optionalText(`${field}.${i}.name`, raw.name, LIMITS.refName);
    const framework = optionalText(`${field}.${i}.framework`, raw.framework, LIMITS.refName);
    if (id) ref.id = id;
    if (name) ref.name = name;
    if (framework) ref.framework = framework;
    if (!id && !name) fail(`${field}.${i}`, E.referenceIncomplete);
    const key = JSON.stringify(ref);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(ref);
    }
  });
  return out;
}

export function occupationRefs(field: string, value: unknown): OccupationReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(field, E.notOccupationList);
  if (value.length > LIMITS.list) fail(field, E.tooManyEntries, { max: LIMITS.list });
  const out: OccupationReference[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(`${field}.${i}`, E.notOccupation);
    const raw = item as Record<string, unknown>;
    for (const key of Object.keys(raw))
      if (!['name', 'id', 'code', 'framework'].includes(key)) fail(`${field}.${i}.${key}`, E.unknownField);
    const ref: OccupationReference = {};
    const id = optionalUri(`${field}.${i}.id`, raw.id);
    const name = optionalText(`${field}.${i}.name`, raw.name, LIMITS.refName);
    const code = optionalText(`${field}.${i}.code`, raw.code, 50);
    const framework = optionalText(`${field}.${i}.framework`, raw.framework, LIMITS.refName);
    if (id) ref.id = id;
    if (name) ref.name = name;
    if (code) ref.code = code;
    if (framework) ref.framework = framework;
    if (!id && !name && !code) fail(`${field}.${i}`, E.occupationIncomplete);
    const key = JSON.stringify(ref);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(ref);
    }
  });
  return out;
}

export function author(field: string, value: unknown): string | null {
  return optionalText(field, value, LIMITS.author) ?? null;
}

export function status(field: string, value: unknown): SkillStatus {
  if (!STATUSES.includes(value as SkillStatus)) fail(field, PlatformErrors.oneOf, { options: STATUSES.join(', ') });
  return value as SkillStatus;
}

/** Refuses U+0000 anywhere in a value (PostgreSQL text and JSONB cannot hold it), naming the path. */
export function noNul(field: string, value: unknown): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) fail(field, PlatformErrors.nulCharacter);
  } else if (value && typeof value === 'object') {
    // Arrays too: their entries are keyed "0", "1", ...
    for (const [key, item] of Object.entries(value)) noNul(`${field}.${key}`, item);
  }
}

/** The largest offset the lists accept (deeper pages are not useful and overflow the database's bigint). */
export const MAX_OFFSET = 1_000_000;

/** A page of a list: limit 1..max (default `fallback`), offset 0..MAX_OFFSET; names the field that is wrong. */
export function page(input: { limit?: number; offset?: number }, fallback: number, max: number): { limit: number; offset: number } {
  const limit = input.limit ?? fallback;
  const offset = input.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) fail('limit', E.notWholeNumber, { min: 1, max });
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) fail('offset', E.notWholeNumber, { min: 0, max: MAX_OFFSET });
  return { limit, offset };
}
