import { crc32, inflateSync } from 'node:zlib';
import { AppError, type ErrorFactory, type ErrorParams } from '../../platform/errors.ts';
import { E } from '../errors.ts';

/**
 * Baking: putting a credential inside its badge image, and getting it out again.
 * - PNG (OB 3.0): one uncompressed iTXt chunk, keyword `openbadgecredential`, before IEND; the text
 *   is the credential JSON or the compact JWS (VC-JWT). OB 2.0 used keyword `openbadges`.
 * - SVG (OB 3.0): `<openbadges:credential>` with xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"
 *   holding the JSON in CDATA, or a `verify` attribute holding the JWS. OB 2.0 used
 *   `<openbadges:assertion>` (namespace https://openbadges.org) the same way.
 */

export const PNG_KEYWORD_OB3 = 'openbadgecredential';
export const PNG_KEYWORD_OB2 = 'openbadges';
export const SVG_NAMESPACE_OB3 = 'https://purl.imsglobal.org/ob/v3p0';
export const SVG_NAMESPACE_OB2 = 'https://openbadges.org';

/**
 * The most text a baked image may hold (the credential JSON or JWS): 1 MB. A compressed chunk is
 * inflated with this as its output limit, so a small image that inflates to gigabytes stops here.
 */
export const MAX_BAKED_TEXT = 1024 * 1024;

/** An image that cannot be baked or unbaked; a coded error (credentials:errors.*), 422 or 413. */
export class BakingError extends AppError {
  override name = 'BakingError';
  constructor(factory: ErrorFactory, params?: ErrorParams) {
    const error = factory(undefined, params);
    super(error.status, error.code, { params: error.params });
  }
}

const tooLarge = () => new BakingError(E.inputTooLarge, { max: MAX_BAKED_TEXT / 1024 / 1024 });

/** What was found baked into an image. */
export interface BakedPayload {
  /** ob3: an OB 3.0 credential (keyword/element of 3.0); ob2: an OB 2.0 assertion. */
  version: 'ob3' | 'ob2';
  /** The JSON text, a compact JWS, or (OB 2.0 hosted) a URL. */
  text: string;
  form: 'json' | 'jws' | 'url';
  image: 'png' | 'svg';
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(data: Uint8Array): boolean {
  return data.length >= 8 && Buffer.from(data.subarray(0, 8)).equals(PNG_SIGNATURE);
}

export function isSvg(data: Uint8Array | string): boolean {
  const head = (typeof data === 'string' ? data : Buffer.from(data.subarray(0, 4096)).toString('utf8')).replace(/^\uFEFF/, '');
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head);
}

interface Chunk {
  type: string;
  data: Buffer;
  /** Offset of the chunk's length field. */
  offset: number;
}

/** Reads a PNG's chunks, checking lengths and CRCs; throws BakingError naming what is wrong. */
export function readPngChunks(png: Uint8Array): Chunk[] {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!isPng(buf)) throw new BakingError(E.notPng);
  const chunks: Chunk[] = [];
  let pos = 8;
  while (pos < buf.length) {
    if (pos + 12 > buf.length) throw new BakingError(E.pngTruncated, { offset: pos });
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new BakingError(E.pngChunkInvalid, { offset: pos, type: '????' });
    if (length > 0x7fffffff || pos + 12 + length > buf.length) throw new BakingError(E.pngTruncated, { offset: pos });
    const data = buf.subarray(pos + 8, pos + 8 + length);
    const crc = buf.readUInt32BE(pos + 8 + length);
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== crc) throw new BakingError(E.pngBadCrc, { offset: pos, type });
    chunks.push({ type, data, offset: pos });
    pos += 12 + length;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw new BakingError(E.pngStructure);
  if (chunks.at(-1)?.type !== 'IEND') throw new BakingError(E.pngStructure);
  return chunks;
}

function encodeChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

interface TextChunk {
  keyword: string;
  text: string;
}

const BAKED_KEYWORDS = new Set([PNG_KEYWORD_OB3, PNG_KEYWORD_OB2]);

/** The text of a tEXt/iTXt chunk with one of the Open Badges keywords (others are not read). */
function parseTextChunk(chunk: Chunk): TextChunk | undefined {
  const nul = chunk.data.indexOf(0);
  if (nul < 1 || nul > 79) return undefined;
  const keyword = chunk.data.toString('latin1', 0, nul);
  if (!BAKED_KEYWORDS.has(keyword)) return undefined;
  if (chunk.type === 'tEXt') {
    if (chunk.data.length - nul - 1 > MAX_BAKED_TEXT) throw tooLarge();
    return { keyword, text: chunk.data.toString('latin1', nul + 1) };
  }
  if (chunk.type === 'iTXt') {
    const compressed = chunk.data[nul + 1];
    const langEnd = chunk.data.indexOf(0, nul + 3);
    if (langEnd < 0) throw new BakingError(E.itxtMalformed);
    const translatedEnd = chunk.data.indexOf(0, langEnd + 1);
    if (translatedEnd < 0) throw new BakingError(E.itxtMalformed);
    const raw = chunk.data.subarray(translatedEnd + 1);
    let bytes: Buffer;
    if (compressed) {
      try {
        bytes = inflateSync(raw, { maxOutputLength: MAX_BAKED_TEXT });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) throw tooLarge();
        throw new BakingError(E.itxtInflate);
      }
    } else {
      if (raw.length > MAX_BAKED_TEXT) throw tooLarge();
      bytes = raw;
    }
    return { keyword, text: bytes.toString('utf8') };
  }
  return undefined;
}

function payloadText(payload: string | object): string {
  return typeof payload === 'string' ? payload.trim() : JSON.stringify(payload);
}

/** Bakes a credential (object/JSON text or compact JWS) into a PNG, replacing one baked before. */
export function bakePng(png: Uint8Array, payload: string | object): Buffer {
  const chunks = readPngChunks(png);
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const text = payloadText(payload);
  const data = Buffer.concat([Buffer.from(`${PNG_KEYWORD_OB3}\0\0\0\0\0`, 'latin1'), Buffer.from(text, 'utf8')]);
  const parts: Buffer[] = [buf.subarray(0, 8)];
  for (const chunk of chunks) {
    if (chunk.type === 'iTXt' || chunk.type === 'tEXt' || chunk.type === 'zTXt') {
      const nul = chunk.data.indexOf(0);
      if (nul > 0 && chunk.data.toString('latin1', 0, nul) === PNG_KEYWORD_OB3) continue;
    }
    if (chunk.type === 'IEND') parts.push(encodeChunk('iTXt', data));
    parts.push(buf.subarray(chunk.offset, chunk.offset + 12 + chunk.data.length));
  }
  return Buffer.concat(parts);
}

function classify(text: string): BakedPayload['form'] {
  const t = text.trim();
  if (t.startsWith('{')) return 'json';
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(t)) return 'jws';
  // Anything else is read as JSON (and fails as such): only an http(s) address is a hosted badge.
  return /^https?:\/\/\S+$/i.test(t) && t.length <= 2048 ? 'url' : 'json';
}

/** The credential baked into a PNG (OB 3.0 first, then OB 2.0), or undefined when none is. */
export function unbakePng(png: Uint8Array): BakedPayload | undefined {
  let ob2: BakedPayload | undefined;
  for (const chunk of readPngChunks(png)) {
    if (chunk.type !== 'iTXt' && chunk.type !== 'tEXt') continue;
    const parsed = parseTextChunk(chunk);
    if (!parsed) continue;
    const text = parsed.text.trim();
    if (parsed.keyword === PNG_KEYWORD_OB3) return { version: 'ob3', text, form: classify(text), image: 'png' };
    if (parsed.keyword === PNG_KEYWORD_OB2 && !ob2) ob2 = { version: 'ob2', text, form: classify(text), image: 'png' };
  }
  return ob2;
}

// The SVG is read by scanning with indexOf, never by regular expressions over the whole text:
// each search starts where the previous one ended, so a hostile file costs time linear in its size.

/** The root `<svg …>` start tag: its position and text; undefined when there is none. */
function svgOpenTag(text: string): { index: number; tag: string } | undefined {
  for (let i = text.indexOf('<svg'); i >= 0; i = text.indexOf('<svg', i + 4)) {
    if (!/[\s>/]/.test(text.charAt(i + 4))) continue;
    const close = text.indexOf('>', i);
    if (close < 0) throw new BakingError(E.notSvg);
    return { index: i, tag: text.slice(i, close + 1) };
  }
  return undefined;
}

interface ElementSpan {
  start: number;
  end: number;
  /** The attributes of the start tag. */
  attributes: string;
  /** The raw content (undefined for a self-closing element). */
  content?: string;
}

/** The first `<openbadges:NAME …>…</openbadges:NAME>` from `from`, found in linear time. */
function findSpan(text: string, name: string, from = 0): ElementSpan | undefined {
  const open = `<openbadges:${name}`;
  let start = text.indexOf(open, from);
  while (start >= 0 && !/[\s>/]/.test(text.charAt(start + open.length))) start = text.indexOf(open, start + open.length);
  if (start < 0) return undefined;
  const tagEnd = text.indexOf('>', start + open.length);
  if (tagEnd < 0) throw new BakingError(E.svgUnclosed);
  const attributes = text.slice(start + open.length, tagEnd);
  if (attributes.endsWith('/')) return { start, end: tagEnd + 1, attributes: attributes.slice(0, -1) };
  const closeTag = `</openbadges:${name}`;
  const close = text.indexOf(closeTag, tagEnd + 1);
  if (close < 0) throw new BakingError(E.svgUnclosed);
  const closeEnd = text.indexOf('>', close + closeTag.length);
  if (closeEnd < 0) throw new BakingError(E.svgUnclosed);
  if (close - tagEnd - 1 > MAX_BAKED_TEXT) throw tooLarge();
  return { start, end: closeEnd + 1, attributes, content: text.slice(tagEnd + 1, close) };
}

/** The value of the `verify` attribute, read without backtracking. */
function verifyAttribute(attributes: string): string | undefined {
  for (let i = attributes.indexOf('verify'); i >= 0; i = attributes.indexOf('verify', i + 6)) {
    if (i > 0 && !/\s/.test(attributes.charAt(i - 1))) continue;
    let j = i + 6;
    while (/\s/.test(attributes.charAt(j))) j++;
    if (attributes.charAt(j) !== '=') continue;
    j++;
    while (/\s/.test(attributes.charAt(j))) j++;
    const quote = attributes.charAt(j);
    if (quote !== '"' && quote !== "'") return undefined;
    const end = attributes.indexOf(quote, j + 1);
    if (end < 0) throw new BakingError(E.svgUnclosed);
    return decodeEntities(attributes.slice(j + 1, end));
  }
  return undefined;
}

/** The text without any `openbadges:credential` element (baking again replaces the credential). */
function withoutCredentialElements(text: string): string {
  const parts: string[] = [];
  let from = 0;
  for (let span = findSpan(text, 'credential'); span; span = findSpan(text, 'credential', from)) {
    parts.push(text.slice(from, span.start));
    from = span.end;
    while (/\s/.test(text.charAt(from))) from++;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

/** Bakes a credential into an SVG: JSON in CDATA, or a compact JWS in the `verify` attribute. */
export function bakeSvg(svg: string | Uint8Array, payload: string | object): string {
  const text = withoutCredentialElements(typeof svg === 'string' ? svg : Buffer.from(svg).toString('utf8'));
  const open = svgOpenTag(text);
  if (!open) throw new BakingError(E.notSvg);
  let tag = open.tag;
  if (!/xmlns:openbadges\s*=/.test(tag)) tag = tag.replace(/^<svg\b/, `<svg xmlns:openbadges="${SVG_NAMESPACE_OB3}"`);
  else if (!tag.includes(SVG_NAMESPACE_OB3)) throw new BakingError(E.svgNamespace);
  const value = payloadText(payload);
  const element =
    classify(value) === 'jws'
      ? `<openbadges:credential verify="${escapeAttribute(value)}"></openbadges:credential>`
      : `<openbadges:credential>${cdata(value)}</openbadges:credential>`;
  const selfClosing = tag.endsWith('/>');
  if (selfClosing) tag = `${tag.slice(0, -2)}>`;
  return `${text.slice(0, open.index)}${tag}\n${element}\n${selfClosing ? '</svg>' : ''}${text.slice(open.index + open.tag.length)}`;
}

/** Element content as text: CDATA sections as they are, the rest with entities decoded. */
function decodeXmlText(raw: string): string {
  let out = '';
  let last = 0;
  for (let i = raw.indexOf('<![CDATA['); i >= 0; i = raw.indexOf('<![CDATA[', last)) {
    const end = raw.indexOf(']]>', i + 9);
    if (end < 0) throw new BakingError(E.svgUnclosed);
    out += decodeEntities(raw.slice(last, i)) + raw.slice(i + 9, end);
    last = end + 3;
  }
  return (out + decodeEntities(raw.slice(last))).trim();
}

function codePoint(value: number, original: string): string {
  return value <= 0x10ffff ? String.fromCodePoint(value) : original;
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text
    .replace(/&#x([0-9a-f]{1,8});/gi, (m, h) => codePoint(Number.parseInt(h, 16), m))
    .replace(/&#(\d{1,10});/g, (m, d) => codePoint(Number(d), m))
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The credential baked into an SVG (OB 3.0 `credential`, else OB 2.0 `assertion`), or undefined. */
export function unbakeSvg(svg: string | Uint8Array): BakedPayload | undefined {
  const text = typeof svg === 'string' ? svg : Buffer.from(svg).toString('utf8');
  if (!svgOpenTag(text)) throw new BakingError(E.notSvg);
  for (const [name, version] of [
    ['credential', 'ob3'],
    ['assertion', 'ob2'],
  ] as const) {
    const found = findSpan(text, name);
    if (!found) continue;
    const content = found.content === undefined ? '' : decodeXmlText(found.content);
    const value = content || verifyAttribute(found.attributes)?.trim() || '';
    if (!value) throw new BakingError(E.svgEmptyElement);
    if (value.length > MAX_BAKED_TEXT) throw tooLarge();
    return { version, text: value, form: classify(value), image: 'svg' };
  }
  return undefined;
}

/** Unbakes a PNG or SVG; throws BakingError when the bytes are neither or are malformed. */
export function unbake(image: Uint8Array): BakedPayload | undefined {
  if (isPng(image)) return unbakePng(image);
  if (isSvg(image)) return unbakeSvg(image);
  throw new BakingError(E.notImage);
}

/** Bakes into a PNG or SVG, by the image's own format. */
export function bake(image: Uint8Array, payload: string | object): Buffer {
  if (isPng(image)) return bakePng(image, payload);
  if (isSvg(image)) return Buffer.from(bakeSvg(image, payload), 'utf8');
  throw new BakingError(E.notImage);
}
