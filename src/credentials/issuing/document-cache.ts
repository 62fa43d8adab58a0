import type { AppContext } from '../../platform/context.ts';

/**
 * This instance's public documents (did:web documents and status list credentials) as the local
 * resolver hands them to verifiers, kept for a short while so that verifying the instance's own
 * credentials does not read the database every time (docs/decisions/011-fast-lane.md).
 *
 * - Every change this process makes (a status bit, a new or rotated key, a re-signed list) forgets
 *   them all at once, before and after its transaction: a verifier here never sees an old status.
 * - Another process (several app nodes on one PostgreSQL) sees such a change after at most
 *   DOCUMENT_TTL_MS.
 * - The same object is handed out until it is forgotten, so verifiers can remember what they
 *   checked about it (a status list's signature) by the object itself. Nobody may change it.
 */
export const DOCUMENT_TTL_MS = 2000;

interface Entry {
  until: number;
  value: Promise<Record<string, unknown> | undefined>;
}

const caches = new WeakMap<object, Map<string, Entry>>();

function cacheOf(ctx: AppContext): Map<string, Entry> {
  let cache = caches.get(ctx.db);
  if (!cache) {
    cache = new Map();
    caches.set(ctx.db, cache);
  }
  return cache;
}

/** The document under `key`, loaded when it is not held (or held too long). */
export function cachedDocument(
  ctx: AppContext,
  key: string,
  load: () => Promise<Record<string, unknown> | undefined>,
): Promise<Record<string, unknown> | undefined> {
  const cache = cacheOf(ctx);
  const now = Date.now();
  const held = cache.get(key);
  if (held && held.until > now) return held.value;
  const value = load();
  const entry = { until: now + DOCUMENT_TTL_MS, value };
  cache.set(key, entry);
  value.catch(() => cache.get(key) === entry && cache.delete(key));
  if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
  return value;
}

/** Forgets every document held for this database (after any change to keys or status lists). */
export function forgetDocuments(ctx: AppContext): void {
  caches.get(ctx.db)?.clear();
}
