import { gunzipSync } from 'node:zlib';
import { LabourMarketErrors as E } from '../errors.ts';
import { childrenOf, type DomElement, findElements, isElement, parseXml, textOf } from '../dom.ts';

export interface Sitemap {
  /** Pages listed (a `<urlset>`). */
  urls: string[];
  /** Further sitemaps (a `<sitemapindex>`). */
  sitemaps: string[];
}

/** The largest a sitemap may be once unzipped (the protocol's limit is 50 MB). */
export const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;

const local = (name: string) => name.toLowerCase().replace(/^.*:/, '');

function loc(el: DomElement): string | null {
  const child = childrenOf(el as never).find((c) => isElement(c) && local(c.name) === 'loc');
  const text = child ? textOf(child).trim() : '';
  return text || null;
}

/** A gzipped sitemap unzipped, at most MAX_SITEMAP_BYTES; a broken or cut-short one is a coded error. */
function gunzip(body: Buffer): Buffer {
  try {
    return gunzipSync(body, { maxOutputLength: MAX_SITEMAP_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ERR_BUFFER_TOO_LARGE' ? `larger than ${MAX_SITEMAP_BYTES / 1024 / 1024} MB` : (error as Error).message;
    throw E.sitemapUnreadable('sitemap', { reason: reason.slice(0, 200) });
  }
}

/** Reads a sitemap or sitemap index (sitemaps.org 0.9), gzipped or not; a plain-text sitemap (one URL a line) too. */
export function parseSitemap(body: Buffer): Sitemap {
  const bytes = body[0] === 0x1f && body[1] === 0x8b ? gunzip(body) : body;
  const text = bytes.toString('utf8');
  if (!text.trimStart().startsWith('<')) {
    const urls = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^https?:\/\//.test(l));
    return { urls, sitemaps: [] };
  }
  const nodes = parseXml(text);
  const urls = findElements(nodes, (el) => local(el.name) === 'url').flatMap((el) => loc(el) ?? []);
  const sitemaps = findElements(nodes, (el) => local(el.name) === 'sitemap').flatMap((el) => loc(el) ?? []);
  return { urls, sitemaps };
}
