import { deflateSync } from 'node:zlib';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** Splits a name into at most three lines of about `width` characters. */
function lines(text: string, width = 14): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && `${line} ${word}`.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length > 3)
    return [
      ...out.slice(0, 2),
      `${out
        .slice(2)
        .join(' ')
        .slice(0, width - 1)}…`,
    ];
  return out;
}

/** The badge image template: a rosette in the organisation's colours with the badge's name. */
export function badgeSvg(name: string, colours: { primary: string; accent: string }, issuer = ''): string {
  const text = lines(name);
  const start = 256 - (text.length - 1) * 17;
  const rays = Array.from({ length: 16 }, (_, i) => {
    const a = (i * Math.PI) / 8;
    const x = (r: number, d = 0) => (256 + r * Math.cos(a + d)).toFixed(1);
    const y = (r: number, d = 0) => (256 + r * Math.sin(a + d)).toFixed(1);
    return `${x(250, -0.1)},${y(250, -0.1)} ${x(250, 0.1)},${y(250, 0.1)} ${x(200, 0.2)},${y(200, 0.2)} ${x(200, -0.2)},${y(200, -0.2)}`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512" role="img" aria-label="${escapeXml(name)}">`,
    `<title>${escapeXml(name)}</title>`,
    ...rays.map((points) => `<polygon points="${points}" fill="${colours.accent}"/>`),
    `<circle cx="256" cy="256" r="210" fill="${colours.primary}"/>`,
    `<circle cx="256" cy="256" r="188" fill="none" stroke="${colours.accent}" stroke-width="8"/>`,
    ...text.map(
      (line, i) =>
        `<text x="256" y="${start + i * 34}" text-anchor="middle" dominant-baseline="middle" font-family="system-ui, sans-serif" font-size="30" font-weight="700" fill="#ffffff">${escapeXml(line)}</text>`,
    ),
    issuer
      ? `<text x="256" y="400" text-anchor="middle" font-family="system-ui, sans-serif" font-size="18" fill="#ffffff">${escapeXml(lines(issuer, 28)[0] ?? '')}</text>`
      : '',
    '</svg>',
  ].join('');
}

function parseColour(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * The same template as a PNG (for baking PNG credentials when the achievement has no PNG of its
 * own): rosette and rings in the organisation's colours, without the text (no font rasteriser here).
 */
export function badgePng(colours: { primary: string; accent: string }, size = 256): Buffer {
  const primary = parseColour(colours.primary);
  const accent = parseColour(colours.accent);
  const rows: Buffer[] = [];
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - c;
      const dy = y + 0.5 - c;
      const r = Math.hypot(dx, dy) / c;
      const angle = Math.atan2(dy, dx);
      const ray = r <= 0.98 && r > 0.8 && Math.abs(((angle * 8) / Math.PI) % 1) < 0.3;
      let colour: [number, number, number] | null = null;
      if (r <= 0.82) colour = r > 0.7 && r < 0.76 ? accent : primary;
      else if (ray || r <= 0.84) colour = accent;
      if (r < 0.3 && Math.abs(dx - dy * 0.2) < size * 0.02) colour = [255, 255, 255];
      const o = 1 + x * 4;
      if (colour) {
        row[o] = colour[0];
        row[o + 1] = colour[1];
        row[o + 2] = colour[2];
        row[o + 3] = 255;
      }
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Checks an upload: a PNG by its signature, an SVG by its root element; returns the type or null. */
export function sniffImage(data: Buffer): 'image/png' | 'image/svg+xml' | null {
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  const head = data.subarray(0, 4096).toString('utf8');
  if (/<svg[\s>]/i.test(head) && !/<script/i.test(data.toString('utf8'))) return 'image/svg+xml';
  return null;
}

/** An SVG that shows a PNG, for baking an SVG credential from an achievement whose image is a PNG. */
export function svgAroundPng(png: Buffer, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="512" height="512" viewBox="0 0 512 512" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title><image width="512" height="512" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
}
