import { crc32, inflateSync } from 'node:zlib';

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

export class BakingError extends Error {
  override name = 'BakingError';
}

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
  if (!isPng(buf)) throw new BakingError('Not a PNG image (the PNG signature is missing)');
  const chunks: Chunk[] = [];
  let pos = 8;
  while (pos < buf.length) {
    if (pos + 12 > buf.length) throw new BakingError(`Malformed PNG: truncated chunk header at byte ${pos}`);
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw new BakingError(`Malformed PNG: invalid chunk type at byte ${pos}`);
    if (length > 0x7fffffff || pos + 12 + length > buf.length)
      throw new BakingError(`Malformed PNG: chunk ${type} at byte ${pos} runs past the end of the file`);
    const data = buf.subarray(pos + 8, pos + 8 + length);
    const crc = buf.readUInt32BE(pos + 8 + length);
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== crc)
      throw new BakingError(`Malformed PNG: bad CRC in chunk ${type} at byte ${pos}`);
    chunks.push({ type, data, offset: pos });
    pos += 12 + length;
    if (type === 'IEND') break;
  }
  if (chunks[0]?.type !== 'IHDR') throw new BakingError('Malformed PNG: the first chunk is not IHDR');
  if (chunks.at(-1)?.type !== 'IEND') throw new BakingError('Malformed PNG: no IEND chunk');
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

function parseTextChunk(chunk: Chunk): TextChunk | undefined {
  const nul = chunk.data.indexOf(0);
  if (nul < 1) return undefined;
  const keyword = chunk.data.toString('latin1', 0, nul);
  if (chunk.type === 'tEXt') return { keyword, text: chunk.data.toString('latin1', nul + 1) };
  if (chunk.type === 'iTXt') {
    const compressed = chunk.data[nul + 1];
    const langEnd = chunk.data.indexOf(0, nul + 3);
    if (langEnd < 0) throw new BakingError(`Malformed PNG: iTXt chunk "${keyword}" has no language tag terminator`);
    const translatedEnd = chunk.data.indexOf(0, langEnd + 1);
    if (translatedEnd < 0) throw new BakingError(`Malformed PNG: iTXt chunk "${keyword}" has no translated keyword terminator`);
    const raw = chunk.data.subarray(translatedEnd + 1);
    let text: string;
    try {
      text = (compressed ? inflateSync(raw) : raw).toString('utf8');
    } catch {
      throw new BakingError(`Malformed PNG: the compressed iTXt chunk "${keyword}" cannot be inflated`);
    }
    return { keyword, text };
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
  return 'url';
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

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

const SVG_OPEN = /<svg\b[^>]*>/i;
const OB3_ELEMENT = /<openbadges:credential\b[^>]*?(?:\/>|>[\s\S]*?<\/openbadges:credential\s*>)\s*/gi;

/** Bakes a credential into an SVG: JSON in CDATA, or a compact JWS in the `verify` attribute. */
export function bakeSvg(svg: string | Uint8Array, payload: string | object): string {
  const text = (typeof svg === 'string' ? svg : Buffer.from(svg).toString('utf8')).replace(OB3_ELEMENT, '');
  const open = SVG_OPEN.exec(text);
  if (!open) throw new BakingError('Not an SVG image (no <svg> element)');
  let tag = open[0];
  if (!/xmlns:openbadges\s*=/.test(tag)) tag = tag.replace(/^<svg\b/i, `<svg xmlns:openbadges="${SVG_NAMESPACE_OB3}"`);
  else if (!tag.includes(SVG_NAMESPACE_OB3))
    throw new BakingError(`The SVG binds the openbadges prefix to another namespace than ${SVG_NAMESPACE_OB3}`);
  const value = payloadText(payload);
  const element =
    classify(value) === 'jws'
      ? `<openbadges:credential verify="${escapeAttribute(value)}"></openbadges:credential>`
      : `<openbadges:credential>${cdata(value)}</openbadges:credential>`;
  const selfClosing = tag.endsWith('/>');
  if (selfClosing) tag = `${tag.slice(0, -2)}>`;
  return `${text.slice(0, open.index)}${tag}\n${element}\n${selfClosing ? '</svg>' : ''}${text.slice(open.index + open[0].length)}`;
}

function decodeXmlText(raw: string): string {
  let out = '';
  const re = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    out += decodeEntities(raw.slice(last, m.index)) + m[1];
    last = m.index + m[0].length;
  }
  return (out + decodeEntities(raw.slice(last))).trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

function findElement(svg: string, name: string): { verify?: string; content: string } | undefined {
  const re = new RegExp(`<openbadges:${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</openbadges:${name}\\s*>)`, 'i');
  const m = re.exec(svg);
  if (!m) return undefined;
  const verify = /\bverify\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(m[1]);
  return { verify: verify ? decodeEntities(verify[1] ?? verify[2]) : undefined, content: decodeXmlText(m[2] ?? '') };
}

/** The credential baked into an SVG (OB 3.0 `credential`, else OB 2.0 `assertion`), or undefined. */
export function unbakeSvg(svg: string | Uint8Array): BakedPayload | undefined {
  const text = typeof svg === 'string' ? svg : Buffer.from(svg).toString('utf8');
  if (!SVG_OPEN.test(text)) throw new BakingError('Not an SVG image (no <svg> element)');
  for (const [name, version] of [
    ['credential', 'ob3'],
    ['assertion', 'ob2'],
  ] as const) {
    const found = findElement(text, name);
    if (!found) continue;
    const value = found.content || found.verify?.trim() || '';
    if (!value) throw new BakingError(`The SVG's <openbadges:${name}> element is empty`);
    return { version, text: value, form: classify(value), image: 'svg' };
  }
  return undefined;
}

/** Unbakes a PNG or SVG; throws BakingError when the bytes are neither or are malformed. */
export function unbake(image: Uint8Array): BakedPayload | undefined {
  if (isPng(image)) return unbakePng(image);
  if (isSvg(image)) return unbakeSvg(image);
  throw new BakingError('Not a PNG or SVG image');
}

/** Bakes into a PNG or SVG, by the image's own format. */
export function bake(image: Uint8Array, payload: string | object): Buffer {
  if (isPng(image)) return bakePng(image, payload);
  if (isSvg(image)) return Buffer.from(bakeSvg(image, payload), 'utf8');
  throw new BakingError('Only PNG and SVG images can be baked');
}
