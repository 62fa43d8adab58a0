import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { cleanPosting } from '../posting.ts';
import type { RunRecorder } from '../runs.ts';
import type { SiteSettings } from '../schema.ts';
import { ingestPosting } from '../vacancies.ts';
import { type FetchOutcome, fetchOnce } from './fetch.ts';
import { hostQueue } from './politeness.ts';
import { readPage } from './postings.ts';
import { ALLOW_ALL, DISALLOW_ALL, parseRobots, type RobotsRules, USER_AGENT_TOKEN } from './robots.ts';
import { parseSitemap } from './sitemaps.ts';

/**
 * The crawler's limits. Tests shorten the time limit (a page that never ends); the rest are what a
 * polite crawler of job pages needs.
 */
export const CRAWL_LIMITS = {
  /** A page or sitemap larger than this is cut off and skipped. */
  maxBytes: 5 * 1024 * 1024,
  maxSitemapBytes: 20 * 1024 * 1024,
  maxRobotsBytes: 512 * 1024,
  /** One request, connection to last byte. */
  timeoutMs: 15_000,
  maxRedirects: 5,
  /** Start pages are followed this many links deep (sitemap entries are pages themselves). */
  maxDepth: 1,
  maxLinksPerPage: 500,
};

export function userAgent(baseUrl: string): string {
  return `${USER_AGENT_TOKEN}/0.1 (+${baseUrl}/about/crawler)`;
}

type Get =
  | { kind: 'outsideHosts' | 'disallowed' | 'redirectLoop' | 'tooManyRedirects'; url: URL }
  | { kind: 'fetched'; url: URL; outcome: FetchOutcome };

const withoutHash = (url: URL) => {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy;
};

/** Crawls one site source for one run: robots.txt, sitemaps, start pages and the pages they link to. */
export async function crawlSite(ctx: Pick<AppContext, 'db' | 'config' | 'log'>, settings: SiteSettings, rec: RunRecorder): Promise<void> {
  const runId = rec.run.id;
  const sourceId = rec.source.id;
  const allowed = new Set(settings.allowedHosts.map((h) => h.toLowerCase()));
  const robotsCache = new Map<string, Promise<RobotsRules>>();
  const baseDelay = Math.round(settings.delaySeconds * 1000);
  const fetchOptions = {
    userAgent: userAgent(ctx.config.baseUrl),
    allowPrivateHosts: ctx.config.crawlAllowHosts ?? [],
  };

  const isAllowedHost = (url: URL) => (url.protocol === 'http:' || url.protocol === 'https:') && allowed.has(url.host.toLowerCase());
  const delayFor = (robots: RobotsRules) => Math.max(baseDelay, (robots.crawlDelay ?? 0) * 1000);

  const robotsFor = (url: URL): Promise<RobotsRules> => {
    const origin = url.origin;
    let found = robotsCache.get(origin);
    if (!found) {
      found = readRobots(new URL('/robots.txt', origin));
      robotsCache.set(origin, found);
    }
    return found;
  };

  async function readRobots(robotsUrl: URL): Promise<RobotsRules> {
    let url = robotsUrl;
    for (let hop = 0; hop <= CRAWL_LIMITS.maxRedirects; hop++) {
      const release = await hostQueue.take(url.host, baseDelay);
      let outcome: FetchOutcome;
      try {
        outcome = await fetchOnce(url, {
          ...fetchOptions,
          maxBytes: CRAWL_LIMITS.maxRobotsBytes,
          timeoutMs: CRAWL_LIMITS.timeoutMs,
          accept: 'text/plain',
        });
      } finally {
        release();
      }
      rec.count('requests');
      if (outcome.kind === 'redirect') {
        const next = new URL(outcome.location, url);
        if (!isAllowedHost(next)) break;
        url = next;
        continue;
      }
      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        const rules = parseRobots(robotsUrl.href, outcome.body.toString('utf8'));
        await rec.log('info', 'robotsRead', robotsUrl.href, rules.crawlDelay !== null ? { crawlDelay: rules.crawlDelay } : {});
        return rules;
      }
      if (outcome.kind === 'response' && outcome.status >= 400 && outcome.status < 500) {
        await rec.log('info', 'robotsMissing', robotsUrl.href, { status: outcome.status });
        return ALLOW_ALL;
      }
      if (outcome.kind === 'failed' && outcome.reason === 'private') {
        rec.count('private');
        await rec.log('error', 'privateAddress', robotsUrl.href, { address: outcome.detail });
        return DISALLOW_ALL;
      }
      const reason = outcome.kind === 'response' ? `HTTP ${outcome.status}` : outcome.kind === 'failed' ? outcome.reason : outcome.kind;
      await rec.log('warn', 'robotsUnreachable', robotsUrl.href, { reason });
      return DISALLOW_ALL;
    }
    await rec.log('warn', 'robotsUnreachable', robotsUrl.href, { reason: 'redirects' });
    return DISALLOW_ALL;
  }

  /** GET with redirects followed one hop at a time: each hop on an allowed host, allowed by its robots.txt, in its host's turn. */
  async function get(start: URL, maxBytes: number, validators: { etag: string | null; lastModified: string | null } | null): Promise<Get> {
    let url = withoutHash(start);
    const seen = new Set([url.href]);
    for (let hop = 0; hop <= CRAWL_LIMITS.maxRedirects; hop++) {
      if (!isAllowedHost(url)) return { kind: 'outsideHosts', url };
      const robots = await robotsFor(url);
      if (!robots.allowed(url.href)) return { kind: 'disallowed', url };
      const release = await hostQueue.take(url.host, delayFor(robots));
      let outcome: FetchOutcome;
      try {
        outcome = await fetchOnce(url, {
          ...fetchOptions,
          maxBytes,
          timeoutMs: CRAWL_LIMITS.timeoutMs,
          etag: hop === 0 ? validators?.etag : null,
          lastModified: hop === 0 ? validators?.lastModified : null,
        });
      } finally {
        release();
      }
      rec.count('requests');
      if (outcome.kind !== 'redirect') return { kind: 'fetched', url, outcome };
      let next: URL;
      try {
        next = withoutHash(new URL(outcome.location, url));
      } catch {
        return { kind: 'fetched', url, outcome: { kind: 'failed', reason: 'network', detail: 'bad redirect' } };
      }
      if (seen.has(next.href)) return { kind: 'redirectLoop', url: next };
      seen.add(next.href);
      url = next;
    }
    return { kind: 'tooManyRedirects', url };
  }

  const enqueue = async (entries: { url: string; depth: number; kind: 'page' | 'sitemap' }[]) => {
    if (!entries.length) return;
    for (let i = 0; i < entries.length; i += 500) {
      await ctx.db
        .insertInto('vacancy_frontier')
        .values(
          entries.slice(i, i + 500).map((e) => ({ run_id: runId, url: e.url, depth: e.depth, kind: e.kind, state: 'pending' as const })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
  };
  const frontierCounts = async () => {
    const row = await ctx.db
      .selectFrom('vacancy_frontier')
      .select([
        (eb) => eb.fn.countAll<string>().as('total'),
        sql<string>`count(*) filter (where state = 'done')`.as('done'),
        sql<string>`count(*) filter (where state = 'done' and kind = 'page')`.as('pagesDone'),
        sql<string>`count(*) filter (where kind = 'page')`.as('pages'),
      ])
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return {
      total: Number(row?.total ?? 0),
      done: Number(row?.done ?? 0),
      pagesDone: Number(row?.pagesDone ?? 0),
      pages: Number(row?.pages ?? 0),
    };
  };

  // Seeds, once per run (a resumed run goes on with the frontier it has).
  if ((await frontierCounts()).total === 0) {
    let sitemaps = settings.sitemaps;
    if (sitemaps.length === 0) {
      const fromRobots = new Set<string>();
      for (const start of settings.startUrls) {
        const url = new URL(start);
        if (isAllowedHost(url)) for (const s of (await robotsFor(url)).sitemaps) fromRobots.add(s);
      }
      sitemaps = [...fromRobots];
    }
    await enqueue([
      ...sitemaps.map((url) => ({ url, depth: 0, kind: 'sitemap' as const })),
      ...settings.startUrls.map((url) => ({ url, depth: 0, kind: 'page' as const })),
    ]);
  }

  const pageRoom = async () => settings.maxPages - (await frontierCounts()).pages;
  let limitLogged = false;
  const addPages = async (urls: string[], depth: number, from: string) => {
    const inside: string[] = [];
    for (const raw of urls) {
      let url: URL;
      try {
        url = withoutHash(new URL(raw));
      } catch {
        continue;
      }
      if (isAllowedHost(url)) inside.push(url.href);
      else rec.count('linksOutside');
    }
    const room = await pageRoom();
    if (inside.length > room && !limitLogged) {
      limitLogged = true;
      rec.count('pageLimit');
      await rec.log('warn', 'pageLimit', from, { max: settings.maxPages });
    }
    await enqueue(inside.slice(0, Math.max(0, room)).map((url) => ({ url, depth, kind: 'page' as const })));
  };

  for (;;) {
    const next = await ctx.db
      .selectFrom('vacancy_frontier')
      .selectAll()
      .where('run_id', '=', runId)
      .where('state', '=', 'pending')
      .orderBy('kind', 'desc') // sitemaps before pages: they say which pages there are
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    if (!next) break;
    await visit(next.url, next.depth, next.kind as 'page' | 'sitemap');
    await ctx.db.updateTable('vacancy_frontier').set({ state: 'done' }).where('run_id', '=', runId).where('url', '=', next.url).execute();
    const counts = await frontierCounts();
    await rec.progress('pages', counts.done, counts.total);
  }
  const counts = await frontierCounts();
  await rec.progress('pages', counts.done, counts.total, true);

  async function visit(raw: string, depth: number, kind: 'page' | 'sitemap'): Promise<void> {
    let start: URL;
    try {
      start = new URL(raw);
    } catch {
      return;
    }
    const known =
      kind === 'page'
        ? await ctx.db
            .selectFrom('vacancy_pages')
            .selectAll()
            .where('source_id', '=', sourceId)
            .where('url', '=', start.href)
            .executeTakeFirst()
        : undefined;
    const result = await get(
      start,
      kind === 'sitemap' ? CRAWL_LIMITS.maxSitemapBytes : CRAWL_LIMITS.maxBytes,
      known ? { etag: known.etag, lastModified: known.last_modified } : null,
    );
    const where = result.url.href;
    switch (result.kind) {
      case 'outsideHosts':
        rec.count('outsideHosts');
        return rec.log('warn', 'outsideHosts', where, { from: start.href });
      case 'disallowed':
        rec.count('disallowed');
        return rec.log('info', 'disallowed', where);
      case 'redirectLoop':
        rec.count('redirectLoops');
        return rec.log('warn', 'redirectLoop', start.href, { to: where });
      case 'tooManyRedirects':
        rec.count('redirectLoops');
        return rec.log('warn', 'tooManyRedirects', start.href, { max: CRAWL_LIMITS.maxRedirects });
    }
    const { outcome } = result;
    if (outcome.kind === 'notModified') {
      rec.count('notModified');
      await refreshSightings(ctx, sourceId, start.href);
      return rec.log('info', 'notModified', where);
    }
    if (outcome.kind === 'failed') {
      const counter = { tooLarge: 'tooLarge', timeout: 'timeouts', private: 'private', dns: 'networkErrors', network: 'networkErrors' }[
        outcome.reason
      ];
      rec.count(counter);
      if (outcome.reason === 'tooLarge')
        return rec.log('warn', 'tooLarge', where, { max: Math.round(CRAWL_LIMITS.maxBytes / 1024 / 1024) });
      if (outcome.reason === 'timeout') return rec.log('warn', 'timeout', where, { seconds: CRAWL_LIMITS.timeoutMs / 1000 });
      if (outcome.reason === 'private') return rec.log('error', 'privateAddress', where, { address: outcome.detail });
      return rec.log('warn', 'networkError', where, { detail: outcome.detail.slice(0, 200) });
    }
    if (outcome.kind !== 'response') return;
    const status = outcome.status;
    if (status === 404 || status === 410) {
      rec.count('notFound');
      return rec.log('warn', 'notFound', where, { status });
    }
    if (status < 200 || status >= 300) {
      rec.count('httpErrors');
      return rec.log('warn', 'httpError', where, { status });
    }
    if (kind === 'sitemap') {
      let map: ReturnType<typeof parseSitemap>;
      try {
        map = parseSitemap(outcome.body);
      } catch {
        rec.count('brokenSitemaps');
        return rec.log('warn', 'sitemapBroken', where);
      }
      rec.count('sitemaps');
      await rec.log('info', 'sitemapRead', where, { urls: map.urls.length, sitemaps: map.sitemaps.length });
      const inside = map.sitemaps.filter((s) => {
        try {
          return isAllowedHost(new URL(s));
        } catch {
          return false;
        }
      });
      rec.count('linksOutside', map.sitemaps.length - inside.length);
      await enqueue(inside.map((url) => ({ url, depth: 0, kind: 'sitemap' as const })));
      return addPages(map.urls, 0, where);
    }
    await ctx.db
      .insertInto('vacancy_pages')
      .values({
        source_id: sourceId,
        url: start.href,
        etag: String(outcome.headers.etag ?? '') || null,
        last_modified: String(outcome.headers['last-modified'] ?? '') || null,
        status,
        fetched_at: new Date(),
      })
      .onConflict((oc) =>
        oc.columns(['source_id', 'url']).doUpdateSet((eb) => ({
          etag: eb.ref('excluded.etag'),
          last_modified: eb.ref('excluded.last_modified'),
          status: eb.ref('excluded.status'),
          fetched_at: eb.ref('excluded.fetched_at'),
        })),
      )
      .execute();
    rec.count('pages');
    const type = String(outcome.headers['content-type'] ?? '').toLowerCase();
    if (type && !/html|xml/.test(type)) {
      rec.count('notHtml');
      return rec.log('info', 'notHtml', where, { type: type.slice(0, 100) });
    }
    const charset = /charset=([\w-]+)/.exec(type)?.[1] ?? 'utf-8';
    let html: string;
    try {
      html = new TextDecoder(charset).decode(outcome.body);
    } catch {
      html = outcome.body.toString('utf8');
    }
    const page = readPage(html, where);
    if (page.brokenJsonLd) {
      rec.count('brokenJsonLd', page.brokenJsonLd);
      await rec.log('warn', 'brokenJsonLd', where, { count: page.brokenJsonLd });
    }
    const tally: Record<string, number> = {};
    for (const raw of page.postings) {
      const posting = cleanPosting(raw);
      if (!posting) {
        rec.count('invalid');
        await rec.log('warn', 'postingInvalid', where);
        continue;
      }
      const result = await ingestPosting(ctx, { id: sourceId, organisationId: rec.source.organisation_id, kind: 'site' }, posting);
      rec.count('postings');
      rec.count(result.status);
      tally[result.status] = (tally[result.status] ?? 0) + 1;
    }
    if (page.postings.length === 0) {
      rec.count('noPosting');
      await rec.log('info', 'noPosting', where);
    } else
      await rec.log('info', 'postingsFound', where, {
        count: page.postings.length,
        new: tally.new ?? 0,
        duplicates: (tally.exact ?? 0) + (tally.near ?? 0),
        seen: (tally.seen ?? 0) + (tally.updated ?? 0),
      });
    if (depth < CRAWL_LIMITS.maxDepth && !page.nofollow)
      await addPages(page.links.slice(0, CRAWL_LIMITS.maxLinksPerPage), depth + 1, where);
  }
}

/** A page that did not change since the last run: what was seen on it is seen again. */
export async function refreshSightings(ctx: Pick<AppContext, 'db'>, sourceId: string, url: string): Promise<void> {
  const now = new Date();
  const rows = await ctx.db
    .updateTable('vacancy_sightings')
    .set({ last_seen_at: now, times_seen: sql`times_seen + 1` })
    .where('source_id', '=', sourceId)
    .where((eb) => eb.or([eb('url', '=', url), eb('url', 'like', `${url.replace(/[\\%_]/g, '\\$&')}#posting-%`)]))
    .returning('vacancy_id')
    .execute();
  if (rows.length)
    await ctx.db
      .updateTable('vacancies')
      .set({ last_seen_at: now })
      .where(
        'id',
        'in',
        rows.map((r) => r.vacancy_id),
      )
      .execute();
}
