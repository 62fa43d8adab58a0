import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Badge images: SVG templates, rendered to PNG by resvg (@resvg/resvg-js) with a bundled OFL font
 * (Inter, from @expo-google-fonts/inter), so that the PNG and the SVG of a badge look the same. No
 * system fonts are read: the PNG is the same on every machine.
 */
export const BADGE_FONT_FAMILY = 'Inter';

let fontFiles: string[] | undefined;
/** The TrueType files of the bundled font (regular and bold), from node_modules. */
export function badgeFontFiles(): string[] {
  if (!fontFiles) {
    const root = dirname(require.resolve('@expo-google-fonts/inter/package.json'));
    fontFiles = [join(root, '400Regular/Inter_400Regular.ttf'), join(root, '700Bold/Inter_700Bold.ttf')];
  }
  return fontFiles;
}

type ResvgClass = typeof import('@resvg/resvg-js').Resvg;
let ResvgCtor: ResvgClass | undefined;

/**
 * Renders an SVG to a PNG of `width` pixels (height by the aspect ratio) with the bundled font.
 * The native renderer loads on first use. External images and system fonts are never loaded.
 */
export function svgToPng(svg: string | Buffer, width = 512): Buffer {
  ResvgCtor ??= (require('@resvg/resvg-js') as typeof import('@resvg/resvg-js')).Resvg;
  const resvg = new ResvgCtor(withoutExternalReferences(svg.toString()), {
    fitTo: { mode: 'width', value: width },
    font: { fontFiles: badgeFontFiles(), loadSystemFonts: false, defaultFontFamily: BADGE_FONT_FAMILY },
    imageRendering: 0,
  });
  return resvg.render().asPng();
}

/**
 * resvg draws an `<image>` from any path of the server's disk it names (absolute, relative or
 * `file:`), so an uploaded SVG could show the server's files in its PNG. Only embedded `data:`
 * images and references inside the document (`#id`) are kept; any other reference, however it is
 * written (entities included), is dropped.
 */
export function withoutExternalReferences(svg: string): string {
  return svg.replace(/(\s[\w.-]*:?href\s*=\s*)("[^"]*"|'[^']*')/gi, (whole, name: string, quoted: string) => {
    const value = quoted.slice(1, -1).trim();
    return /^(data:|#)/i.test(value) ? whole : `${name}""`;
  });
}

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
        `<text x="256" y="${start + i * 34}" text-anchor="middle" dominant-baseline="middle" font-family="${BADGE_FONT_FAMILY}, sans-serif" font-size="30" font-weight="700" fill="#ffffff">${escapeXml(line)}</text>`,
    ),
    issuer
      ? `<text x="256" y="400" text-anchor="middle" font-family="${BADGE_FONT_FAMILY}, sans-serif" font-size="18" fill="#ffffff">${escapeXml(lines(issuer, 28)[0] ?? '')}</text>`
      : '',
    '</svg>',
  ].join('');
}

/**
 * The same template as a PNG (for baking PNG credentials when the achievement has no image of its
 * own): the SVG of `badgeSvg`, rendered by resvg, text included.
 */
export function badgePng(name: string, colours: { primary: string; accent: string }, issuer = '', width = 512): Buffer {
  return svgToPng(badgeSvg(name, colours, issuer), width);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * What runs script in an SVG opened on its own: a script element, an event handler attribute
 * (onload=, onclick=, …), a javascript: address (entities like &#106; spell it too, so those in an
 * address are refused as well), HTML inside foreignObject.
 */
const SVG_SCRIPT = /<script|<foreignObject|\son[a-z]+\s*=|javascript\s*:|(?:href|src)\s*=\s*["']?\s*&#/i;

/** Checks an upload: a PNG by its signature, an SVG by its root element and without script; returns the type or null. */
export function sniffImage(data: Buffer): 'image/png' | 'image/svg+xml' | null {
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  const head = data.subarray(0, 4096).toString('utf8');
  if (/<svg[\s>]/i.test(head) && !SVG_SCRIPT.test(data.toString('utf8'))) return 'image/svg+xml';
  return null;
}

/** An SVG that shows a PNG, for baking an SVG credential from an achievement whose image is a PNG. */
export function svgAroundPng(png: Buffer, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="512" height="512" viewBox="0 0 512 512" role="img" aria-label="${escapeXml(title)}"><title>${escapeXml(title)}</title><image width="512" height="512" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
}
