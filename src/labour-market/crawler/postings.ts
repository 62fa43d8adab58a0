import { childrenOf, type DomElement, type DomNode, findElements, isElement, parseHtml, textOf } from '../dom.ts';
import { fromJobPosting, isJobPostingType, type RawPosting } from '../posting.ts';
import { nodesToText } from '../text.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface PageReading {
  /** The JobPostings found: those in JSON-LD, else those in microdata. */
  postings: RawPosting[];
  /** JSON-LD blocks that are no JSON. */
  brokenJsonLd: number;
  /** Links on the page (absolute, without fragment, http(s) only, rel=nofollow left out). */
  links: string[];
  /** The page asks robots not to follow its links. */
  nofollow: boolean;
}

const attr = (el: DomElement, name: string) => el.attribs[name];

/** Every JobPosting in a JSON-LD value (top level, arrays, @graph, or nested in another item such as a WebPage). */
function jobPostingsIn(value: unknown, out: Json[], depth = 0): void {
  if (depth > 8) return;
  if (Array.isArray(value)) {
    for (const v of value) jobPostingsIn(v, out, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  if (isJobPostingType(value['@type'])) {
    out.push(value);
    return;
  }
  for (const [key, v] of Object.entries(value)) if (key !== '@context') jobPostingsIn(v, out, depth + 1);
}

function readJsonLd(nodes: DomNode[]): { items: Json[]; broken: number } {
  const items: Json[] = [];
  let broken = 0;
  for (const script of findElements(nodes, (el) => el.name === 'script' && /^application\/ld\+json\b/i.test(attr(el, 'type') ?? ''))) {
    const text = textOf(script as never)
      .trim()
      .replace(/^<!--|-->$/g, '')
      .replace(/^\s*\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>\s*$/g, '');
    if (!text) continue;
    try {
      jobPostingsIn(JSON.parse(text), items);
    } catch {
      broken++;
    }
  }
  return { items, broken };
}

// ------------------------------------------------------------------ microdata (WHATWG HTML §5.2)

function absolute(value: string | undefined, base: string): string {
  if (!value) return '';
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return '';
  }
}

/** The value of a property element, by the microdata rules for each element. */
function propertyValue(el: DomElement, base: string): unknown {
  if ('itemscope' in el.attribs) return readItem(el, base);
  switch (el.name) {
    case 'meta':
      return attr(el, 'content') ?? '';
    case 'audio':
    case 'embed':
    case 'iframe':
    case 'img':
    case 'source':
    case 'track':
    case 'video':
      return absolute(attr(el, 'src'), base);
    case 'a':
    case 'area':
    case 'link':
      return absolute(attr(el, 'href'), base);
    case 'object':
      return absolute(attr(el, 'data'), base);
    case 'data':
    case 'meter':
      return attr(el, 'value') ?? '';
    case 'time':
      return attr(el, 'datetime') ?? textOf(el as never).trim();
    default:
      return nodesToText(el.children);
  }
}

/** An item's properties: itemprop elements below it (and those its itemref names), not those of items nested in it. */
function readItem(item: DomElement, base: string, byId?: Map<string, DomElement>): Json {
  const out: Json = {};
  const type = attr(item, 'itemtype');
  if (type) out['@type'] = type.trim().split(/\s+/);
  const add = (name: string, value: unknown) => {
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (Array.isArray(existing) && name !== '@type') existing.push(value);
    else out[name] = [existing, value];
  };
  const visit = (nodes: DomNode[]) => {
    for (const node of nodes) {
      if (!isElement(node)) continue;
      const props = attr(node, 'itemprop');
      if (props) {
        const value = propertyValue(node, base);
        for (const name of props.trim().split(/\s+/)) add(name, value);
      }
      // A nested item's own properties are its own.
      if (!('itemscope' in node.attribs)) visit(childrenOf(node));
    }
  };
  visit(item.children);
  for (const id of (attr(item, 'itemref') ?? '').split(/\s+/).filter(Boolean)) {
    const ref = byId?.get(id);
    if (ref) visit([ref as never]);
  }
  return out;
}

function readMicrodata(nodes: DomNode[], base: string): Json[] {
  const byId = new Map(findElements(nodes, (el) => Boolean(attr(el, 'id'))).map((el) => [attr(el, 'id')!, el]));
  return findElements(nodes, (el) => 'itemscope' in el.attribs && isJobPostingType((attr(el, 'itemtype') ?? '').trim().split(/\s+/))).map(
    (el) => readItem(el, base, byId),
  );
}

// ------------------------------------------------------------------ the page

/** Reads a page's JobPostings (JSON-LD and microdata) and links; the page's own URL is the postings' URL. */
export function readPage(html: string, pageUrl: string): PageReading {
  const nodes = parseHtml(html);
  const baseEl = findElements(nodes, (el) => el.name === 'base' && Boolean(attr(el, 'href')))[0];
  const base = baseEl ? absolute(attr(baseEl, 'href'), pageUrl) || pageUrl : pageUrl;
  const { items, broken } = readJsonLd(nodes);
  const micro = readMicrodata(nodes, base);
  const robots = findElements(nodes, (el) => el.name === 'meta' && /^(?:robots|vaardig)$/i.test(attr(el, 'name') ?? ''));
  const nofollow = robots.some((el) => /\b(?:nofollow|none)\b/i.test(attr(el, 'content') ?? ''));
  const links = new Set<string>();
  if (!nofollow)
    for (const a of findElements(nodes, (el) => (el.name === 'a' || el.name === 'area') && Boolean(attr(el, 'href')))) {
      if (/\bnofollow\b/i.test(attr(a, 'rel') ?? '')) continue;
      const href = absolute(attr(a, 'href'), base);
      if (!/^https?:/.test(href)) continue;
      links.add(href.replace(/#.*$/, ''));
    }
  // A page that says it both ways says it once: JSON-LD when there is any. Several postings on one
  // page are told apart by a fragment, so each is a sighting of its own.
  const found = items.length ? items : micro;
  return {
    postings: found.map((item, i) => fromJobPosting(item, found.length > 1 ? `${pageUrl.replace(/#.*$/, '')}#posting-${i + 1}` : pageUrl)),
    brokenJsonLd: broken,
    links: [...links],
    nofollow,
  };
}
