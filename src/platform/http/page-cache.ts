import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../context.ts';
import './types.ts';

/**
 * Public pages kept rendered for signed-out visitors (issue 13). A page is kept per address and
 * language with the version of what public pages show (`public_pages_version`, raised by statement
 * triggers on every table that feeds one, in the same transaction as the change), and shown again
 * only while that version — read from the database on every request, one row by its key (on
 * embedded PGlite, which only this process can write to, after any statement that may have written)
 * — is the same and its own time has not run out (an expiry date on the page, at most `maxAgeMs`). So a
 * revocation shows on the next request, also on another server on the same database; nothing is
 * told in memory. Each visitor's CSRF token is put into the kept page as it is sent; signed-in
 * visitors and pages with a flash message are rendered as before.
 */
export interface PageCacheOptions {
  /** Most pages kept (least recently shown go first). */
  maxEntries?: number;
  /** The longest a page is kept: a safety net for anything a page shows that no trigger watches. */
  maxAgeMs?: number;
}

interface Entry {
  /** The page in UTF-8, cut where the visitor's CSRF token goes: encoded once, not on every answer. */
  parts: Buffer[];
  version: string;
  staleAt: number;
  etag: string;
  modified: string;
}

/** Where the visitor's CSRF token goes in a kept page: random per process, so no content of a page can be it. */
const TOKEN_MARK = `csrf${randomBytes(16).toString('hex')}`;

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  /** Pages being rendered (per page and version): requests that ask meanwhile wait for that one rendering. */
  private readonly rendering = new Map<string, Promise<Entry>>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;
  /** Answers from a kept page (also those that waited for its rendering), and renderings. */
  hits = 0;
  misses = 0;

  constructor(options: PageCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 2000;
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Sends the page kept under `key` for this version, or renders it (`render` gets the request with
   * the token mark for its CSRF token and returns the page and, optionally, when it stops being
   * true, e.g. a credential's expiry), keeps it and sends it. Only for signed-out GET/HEAD requests
   * without a flash message (see `keepsPages`). Requests for a page that is being rendered for this
   * version wait for that rendering rather than render it again each (when a kept page ends, every
   * visitor of that moment would otherwise render it at once).
   */
  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    version: string,
    render: () => Promise<{ html: string | Promise<string>; staleAt?: Date | null }>,
  ): Promise<FastifyReply> {
    const now = Date.now();
    const fullKey = `${request.lang}\u0000${key}`;
    let entry = this.entries.get(fullKey);
    if (entry && entry.version === version && entry.staleAt > now) {
      this.hits++;
      // Least recently shown last.
      this.entries.delete(fullKey);
      this.entries.set(fullKey, entry);
    } else {
      const flightKey = `${fullKey}\u0000${version}`;
      let flight = this.rendering.get(flightKey);
      if (flight) this.hits++;
      else {
        this.misses++;
        flight = this.renderAndKeep(request, fullKey, version, render).finally(() => this.rendering.delete(flightKey));
        this.rendering.set(flightKey, flight);
      }
      entry = await flight;
    }
    return sendKept(request, reply, entry);
  }

  private async renderAndKeep(
    request: FastifyRequest,
    fullKey: string,
    version: string,
    render: () => Promise<{ html: string | Promise<string>; staleAt?: Date | null }>,
  ): Promise<Entry> {
    const token = request.csrfToken;
    request.csrfToken = TOKEN_MARK;
    let rendered: Awaited<ReturnType<typeof render>>;
    let html: string;
    try {
      rendered = await render();
      html = await rendered.html;
    } finally {
      request.csrfToken = token;
    }
    const now = Date.now();
    const until = rendered.staleAt ? rendered.staleAt.getTime() : Number.POSITIVE_INFINITY;
    const entry: Entry = {
      parts: html.split(TOKEN_MARK).map((part) => Buffer.from(part, 'utf8')),
      version,
      staleAt: Math.min(now + this.maxAgeMs, until > now ? until : now + this.maxAgeMs),
      etag: createHash('sha256').update(version).update(html).digest('base64url').slice(0, 16),
      modified: new Date(Math.floor(now / 1000) * 1000).toUTCString(),
    };
    // A page whose time has run out already (just expired) is sent, not kept.
    if (until > now) {
      this.entries.delete(fullKey);
      this.entries.set(fullKey, entry);
      if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    }
    return entry;
  }
}

/** The kept page with the visitor's token where the mark was: one buffer, the page's parts copied in. */
function withToken(parts: Buffer[], token: string): Buffer {
  if (parts.length === 1) return parts[0];
  const tokenBytes = Buffer.from(token, 'latin1');
  let length = tokenBytes.length * (parts.length - 1);
  for (const part of parts) length += part.length;
  const page = Buffer.allocUnsafe(length);
  let at = parts[0].copy(page, 0);
  for (let i = 1; i < parts.length; i++) {
    at += tokenBytes.copy(page, at);
    at += parts[i].copy(page, at);
  }
  return page;
}

function sendKept(request: FastifyRequest, reply: FastifyReply, entry: Entry): FastifyReply {
  // The page carries the visitor's CSRF token (tied to their cookie): the tag does too.
  const etag = `W/"${entry.etag}.${request.csrfToken.slice(0, 12)}"`;
  reply
    .header('cache-control', 'private, no-cache')
    .header('vary', 'cookie, accept-language')
    .header('etag', etag)
    .header('last-modified', entry.modified);
  // Only the tag answers 304: a date to the second cannot tell two renderings of the same second
  // apart (a revocation a moment after the page was kept), so If-Modified-Since alone gets the page.
  const match = request.headers['if-none-match'];
  if (match?.split(',').some((tag) => tag.trim() === etag)) return reply.status(304).send();
  return reply.status(200).type('text/html; charset=utf-8').send(withToken(entry.parts, request.csrfToken));
}

/** Whether this request may be answered from kept pages: signed out, a plain GET or HEAD, no message from the last request to show. */
export function keepsPages(request: FastifyRequest): boolean {
  return !request.user && !request.incomingFlash && (request.method === 'GET' || request.method === 'HEAD');
}

const lastRead = new WeakMap<object, { writes: number; version: string }>();
const reading = new WeakMap<object, { writes: number; version: Promise<string> }>();

/**
 * The version of what public pages show (raised by the triggers that call `public_pages_changed()`),
 * read from the database. On PGlite, which only this process can write to, it is read again only
 * when a statement other than a select has run since the last read (counted before reading, so a
 * write that ends during the read makes the next request read again), and requests that come while
 * it is being read for the same count wait for that read (any write that ended before they came
 * moved the count). PostgreSQL, which other servers share, reads it for every request.
 */
export async function publicPagesVersion(ctx: AppContext): Promise<string> {
  const writes = ctx.database.writes?.();
  if (writes === undefined) return readVersion(ctx);
  const last = lastRead.get(ctx.db);
  if (last?.writes === writes) return last.version;
  const pending = reading.get(ctx.db);
  if (pending?.writes === writes) return pending.version;
  const version = readVersion(ctx);
  reading.set(ctx.db, { writes, version });
  try {
    const read = await version;
    lastRead.set(ctx.db, { writes, version: read });
    return read;
  } finally {
    if (reading.get(ctx.db)?.version === version) reading.delete(ctx.db);
  }
}

async function readVersion(ctx: AppContext): Promise<string> {
  // A select built by Kysely, so reading it counts as no write.
  const row = await ctx.db
    .selectFrom('public_pages_version')
    .select(sql<string>`version::text`.as('version'))
    .where('id', '=', 1)
    .executeTakeFirst();
  return row?.version ?? '0';
}
