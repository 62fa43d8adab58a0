import { CsvError, parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';
import { CRAWL_LIMITS, userAgent } from './crawler/crawl.ts';
import { fetchOnce } from './crawler/fetch.ts';
import { hostQueue } from './crawler/politeness.ts';
import { childrenOf, type DomElement, findElements, isElement, parseXml } from './dom.ts';
import { E } from './errors.ts';
import { cleanPosting, type RawPosting } from './posting.ts';
import type { RunRecorder } from './runs.ts';
import { FEED_FIELDS, type FeedField, type FeedMapping, type FeedSettings } from './schema.ts';
import { nodesToText } from './text.ts';
import { ingestPosting } from './vacancies.ts';

/** A feed fetched from its address may be this large. */
export const MAX_FEED_BYTES = 20 * 1024 * 1024;
const FEED_TIMEOUT_MS = 60_000;

type Row = Record<string, unknown>;

/** A value of a record by a key or a dotted (or slashed) path; arrays give their first element. */
function valueAt(record: unknown, path: string): unknown {
  if (record && typeof record === 'object' && !Array.isArray(record) && path in (record as Row)) return (record as Row)[path];
  let current: unknown = record;
  for (const part of path.split(/[./]/)) {
    if (Array.isArray(current)) current = current[0];
    if (!current || typeof current !== 'object') return undefined;
    current = (current as Row)[part];
  }
  return Array.isArray(current) && current.every((v) => typeof v === 'string') ? current : Array.isArray(current) ? current[0] : current;
}

/** A feed record, read through the mapping (a field without a mapping is read under its own name). */
export function recordToPosting(record: unknown, mapping: FeedMapping): RawPosting {
  const get = (field: FeedField) => valueAt(record, mapping[field] ?? field);
  const out: RawPosting = {};
  for (const field of FEED_FIELDS) {
    const value = get(field);
    if (value === undefined || value === null || value === '') continue;
    const scalar = typeof value === 'object' && !Array.isArray(value) ? undefined : value;
    if (field === 'id') out.externalId = scalar;
    else out[field] = scalar;
  }
  return out;
}

function csvRecords(text: string): Row[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter =
    (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0)
      ? ';'
      : firstLine.includes('\t') && !firstLine.includes(',')
        ? '\t'
        : ',';
  try {
    return parse(text, {
      columns: (header: string[]) => header.map((h) => h.trim()),
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      delimiter,
      trim: true,
    });
  } catch (error) {
    if (error instanceof CsvError) throw E.feedCsvLine('file', { line: (error as CsvError & { lines?: number }).lines ?? 0 });
    throw E.feedUnreadable('file', { reason: 'csv' });
  }
}

function jsonRecords(text: string, path: string): unknown[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw E.feedUnreadable('file', { reason: (error as Error).message.slice(0, 200) });
  }
  if (path) {
    let current: unknown = doc;
    for (const part of path.split('.')) current = current && typeof current === 'object' ? (current as Row)[part] : undefined;
    if (!Array.isArray(current)) throw E.feedNoRecords('records', { path });
    return current;
  }
  if (Array.isArray(doc)) return doc;
  if (doc && typeof doc === 'object') {
    const list = Object.values(doc as Row).find((v) => Array.isArray(v) && v.some((x) => x && typeof x === 'object'));
    if (list) return list as unknown[];
  }
  throw E.feedNoRecords('records', { path: '' });
}

const RECORD_NAMES = ['job', 'vacancy', 'vacature', 'posting', 'jobposting', 'item', 'entry', 'record'];
const local = (name: string) => name.toLowerCase().replace(/^.*:/, '');

/** An XML element as a record: each child element by its name (nested ones as records of their own), attributes as `@name`. */
function elementRecord(el: DomElement): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(el.attribs)) out[`@${k}`] = v;
  for (const child of childrenOf(el as never)) {
    if (!isElement(child)) continue;
    const hasElements = childrenOf(child).some((c) => isElement(c));
    const value = hasElements && local(child.name) !== 'description' ? elementRecord(child) : nodesToText(child.children);
    const key = local(child.name);
    if (out[key] === undefined) out[key] = value;
  }
  return out;
}

function xmlRecords(text: string, name: string): Row[] {
  const nodes = parseXml(text);
  const wanted = name ? [name.toLowerCase()] : RECORD_NAMES;
  for (const candidate of wanted) {
    const found = findElements(nodes, (el) => local(el.name) === candidate);
    if (found.length) return found.map(elementRecord);
  }
  throw E.feedNoRecords('records', { path: name });
}

/** The records of a feed file in its format: CSV (header row), JSON (an array, or one at `records`), XML (elements named `records`). */
export function feedRecords(settings: Pick<FeedSettings, 'format' | 'records'>, text: string): unknown[] {
  if (settings.format === 'csv') return csvRecords(text);
  if (settings.format === 'json') return jsonRecords(text, settings.records);
  return xmlRecords(text, settings.records);
}

/** Reads a feed source for one run: fetched from its address (conditionally) or its upload, each record taken in. */
export async function pullFeed(ctx: Pick<AppContext, 'db' | 'config' | 'log'>, settings: FeedSettings, rec: RunRecorder): Promise<void> {
  const source = rec.source;
  let text: string | null = null;
  if (settings.url) {
    const url = new URL(settings.url);
    const known = await ctx.db
      .selectFrom('vacancy_pages')
      .selectAll()
      .where('source_id', '=', source.id)
      .where('url', '=', url.href)
      .executeTakeFirst();
    let current = url;
    let outcome: Awaited<ReturnType<typeof fetchOnce>> | null = null;
    for (let hop = 0; hop <= CRAWL_LIMITS.maxRedirects; hop++) {
      const release = await hostQueue.take(current.host, 1000);
      try {
        outcome = await fetchOnce(current, {
          userAgent: userAgent(ctx.config.baseUrl),
          allowPrivateHosts: ctx.config.crawlAllowHosts ?? [],
          maxBytes: MAX_FEED_BYTES,
          timeoutMs: FEED_TIMEOUT_MS,
          accept: 'text/csv, application/json, application/xml, text/xml, */*;q=0.5',
          etag: hop === 0 ? known?.etag : null,
          lastModified: hop === 0 ? known?.last_modified : null,
        });
      } finally {
        release();
      }
      rec.count('requests');
      if (outcome.kind !== 'redirect') break;
      const next = new URL(outcome.location, current);
      // A feed's address may move within its own host only.
      if (next.host !== url.host) throw E.feedFetch('feedUrl', { reason: 'redirect' });
      current = next;
    }
    if (!outcome || outcome.kind === 'redirect') throw E.feedFetch('feedUrl', { reason: 'redirects' });
    if (outcome.kind === 'notModified') {
      rec.count('notModified');
      await rec.log('info', 'notModified', url.href);
      // Every record of the feed is seen again.
      await sql`update vacancy_sightings set last_seen_at = now(), times_seen = times_seen + 1 where source_id = ${source.id}`.execute(
        ctx.db,
      );
      await sql`update vacancies set last_seen_at = now()
        where id in (select s.vacancy_id from vacancy_sightings s where s.source_id = ${source.id})`.execute(ctx.db);
      return;
    }
    if (outcome.kind === 'failed') {
      const reason = outcome.reason === 'tooLarge' ? `> ${MAX_FEED_BYTES / 1024 / 1024} MB` : outcome.reason;
      throw E.feedFetch('feedUrl', { reason });
    }
    if (outcome.status < 200 || outcome.status >= 300) throw E.feedHttp('feedUrl', { status: outcome.status });
    text = outcome.body.toString('utf8');
    await ctx.db
      .insertInto('vacancy_pages')
      .values({
        source_id: source.id,
        url: url.href,
        etag: String(outcome.headers.etag ?? '') || null,
        last_modified: String(outcome.headers['last-modified'] ?? '') || null,
        status: outcome.status,
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
  } else text = source.upload;
  if (!text) throw E.feedNothing('feedUrl');
  const records = feedRecords(settings, text);
  await rec.log('info', 'feedRead', settings.url, { records: records.length });
  // A run that was stopped goes on after the records it had taken in.
  const from = rec.run.done;
  for (let i = from; i < records.length; i++) {
    const posting = cleanPosting(recordToPosting(records[i], settings.mapping));
    rec.count('records');
    if (!posting) {
      rec.count('invalid');
      await rec.log('warn', 'recordInvalid', settings.url, { record: i + 1 });
    } else {
      const result = await ingestPosting(ctx, { id: source.id, organisationId: source.organisation_id, kind: 'feed' }, posting);
      rec.count('postings');
      rec.count(result.status);
    }
    await rec.progress('records', i + 1, records.length, i + 1 === records.length);
  }
  await rec.progress('records', records.length, records.length, true);
}
