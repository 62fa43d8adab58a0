import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
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

function fail(field: string, message: string): never {
  throw new ValidationError({ [field]: message });
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A language map: known-looking language tags, strings, trimmed; empty values dropped; keys sorted. */
export function langMap(field: string, value: unknown, max: number, required = false): LangMap {
  if (value === undefined || value === null) {
    if (required) fail(field, 'is required');
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value))
    fail(field, 'must be an object of texts by language, e.g. {"en": "...", "nl": "..."}');
  const out: LangMap = {};
  for (const key of Object.keys(value as object).sort()) {
    const text = (value as Record<string, unknown>)[key];
    if (!LANG.test(key)) fail(`${field}.${key}`, 'is not a language code (use e.g. "en" or "nl")');
    if (typeof text !== 'string') fail(`${field}.${key}`, 'must be text');
    const trimmed = field.endsWith('statement') || field.endsWith('description') ? text.trim() : clean(text);
    if (trimmed.length > max) fail(`${field}.${key}`, `must be at most ${max} characters`);
    if (trimmed) out[key] = trimmed;
  }
  if (required && Object.keys(out).length === 0) fail(field, 'needs a text in at least one language');
  return out;
}

/** Several texts per language; trimmed, empty and repeated ones dropped. */
export function langList(field: string, value: unknown, max: number): LangList {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(field, 'must be an object of lists by language, e.g. {"en": ["..."]}');
  const out: LangList = {};
  for (const key of Object.keys(value as object).sort()) {
    const list = (value as Record<string, unknown>)[key];
    if (!LANG.test(key)) fail(`${field}.${key}`, 'is not a language code (use e.g. "en" or "nl")');
    if (!Array.isArray(list)) fail(`${field}.${key}`, 'must be a list of texts');
    if (list.length > LIMITS.list) fail(`${field}.${key}`, `may hold at most ${LIMITS.list} entries`);
    const seen = new Set<string>();
    const items: string[] = [];
    list.forEach((item, i) => {
      if (typeof item !== 'string') fail(`${field}.${key}.${i}`, 'must be text');
      const c = clean(item);
      if (c.length > max) fail(`${field}.${key}.${i}`, `must be at most ${max} characters`);
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
  if (!Array.isArray(value)) fail(field, 'must be a list of texts');
  if (value.length > LIMITS.list) fail(field, `may hold at most ${LIMITS.list} entries`);
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item !== 'string') fail(`${field}.${i}`, 'must be text');
    const c = clean(item);
    if (c.length > max) fail(`${field}.${i}`, `must be at most ${max} characters`);
    if (c && !out.includes(c)) out.push(c);
  });
  return out;
}

function optionalText(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(field, 'must be text');
  const c = clean(value);
  if (c.length > max) fail(field, `must be at most ${max} characters`);
  return c || undefined;
}

function optionalUri(field: string, value: unknown): string | undefined {
  const c = optionalText(field, value, 2000);
  if (c !== undefined && !URI.test(c)) fail(field, 'must be an absolute http(s) URL or a URN');
  return c;
}

/** References (standards, certifications, employers, alignments): each needs a name or an id (URI). */
export function references(field: string, value: unknown): NamedReference[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(field, 'must be a list of {name, id, framework}');
  if (value.length > LIMITS.list) fail(field, `may hold at most ${LIMITS.list} entries`);
  const out: NamedReference[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(`${field}.${i}`, 'must be an object {name, id, framework}');
    const raw = item as Record<string, unknown>;
    for (const key of Object.keys(raw))
      if (!['name', 'id', 'url', 'framework'].includes(key)) fail(`${field}.${i}.${key}`, 'is not a known field');
    const ref: NamedReference = {};
    const id = optionalUri(`${field}.${i}.id`, raw.id ?? raw.url);
    const name = optionalText(`${field}.${i}.name`, raw.name, LIMITS.refName);
    const framework = optionalText(`${field}.${i}.framework`, raw.framework, LIMITS.refName);
    if (id) ref.id = id;
    if (name) ref.name = name;
    if (framework) ref.framework = framework;
    if (!id && !name) fail(`${field}.${i}`, 'needs a name or an id');
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
  if (!Array.isArray(value)) fail(field, 'must be a list of {id, name, code, framework}');
  if (value.length > LIMITS.list) fail(field, `may hold at most ${LIMITS.list} entries`);
  const out: OccupationReference[] = [];
  const seen = new Set<string>();
  value.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      fail(`${field}.${i}`, 'must be an object {id, name, code, framework}');
    const raw = item as Record<string, unknown>;
    for (const key of Object.keys(raw))
      if (!['name', 'id', 'code', 'framework'].includes(key)) fail(`${field}.${i}.${key}`, 'is not a known field');
    const ref: OccupationReference = {};
    const id = optionalUri(`${field}.${i}.id`, raw.id);
    const name = optionalText(`${field}.${i}.name`, raw.name, LIMITS.refName);
    const code = optionalText(`${field}.${i}.code`, raw.code, 50);
    const framework = optionalText(`${field}.${i}.framework`, raw.framework, LIMITS.refName);
    if (id) ref.id = id;
    if (name) ref.name = name;
    if (code) ref.code = code;
    if (framework) ref.framework = framework;
    if (!id && !name && !code) fail(`${field}.${i}`, 'needs a name, a code or an id');
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
  if (!STATUSES.includes(value as SkillStatus)) fail(field, `must be one of ${STATUSES.join(', ')}`);
  return value as SkillStatus;
}

/** A 404 that names the field (path parameter or body field) holding the id that was not found. */
export function notFound(what: string, field: string): NotFoundError {
  const error = new NotFoundError(what);
  error.extra.errors = [{ field, message: `${what} was not found` }];
  return error;
}

/** A 409 that names the field the conflict is about. */
export function conflict(message: string, field: string): ConflictError {
  return new ConflictError(message, { field, errors: [{ field, message }] });
}

/** Refuses U+0000 anywhere in a value (PostgreSQL text and JSONB cannot hold it), naming the path. */
export function noNul(field: string, value: unknown): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) fail(field, 'must not contain the character U+0000');
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
  if (!Number.isInteger(limit) || limit < 1 || limit > max) fail('limit', `must be a whole number from 1 to ${max}`);
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_OFFSET) fail('offset', `must be a whole number from 0 to ${MAX_OFFSET}`);
  return { limit, offset };
}
