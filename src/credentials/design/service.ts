import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type CurrentUser, requireOrgRole } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../../platform/errors.ts';
import { E } from '../errors.ts';
import { type Achievement, getAchievement, ISSUER_ROLES, updateAchievement } from '../issuing/achievements.ts';
import { BADGE_FONT_FAMILY, svgToPng } from '../issuing/images.ts';
import { issuerColours } from '../issuing/issuer.ts';

/**
 * The badge image designer: a shape, three colours, an icon from the bundled Lucide set
 * (lucide-static, ISC) and one or two lines of text, drawn as one SVG; the PNG is the same SVG
 * rendered by resvg with the bundled font (issuing/images.ts), so both look the same.
 */
export const SHAPES = ['circle', 'shield', 'hexagon', 'rounded'] as const;
export type Shape = (typeof SHAPES)[number];

/** The icons offered (Lucide names): a choice that suits badges, checked to exist in the package. */
export const ICONS = [
  'award',
  'medal',
  'trophy',
  'star',
  'badge-check',
  'graduation-cap',
  'book-open',
  'lightbulb',
  'wrench',
  'hammer',
  'flame',
  'chef-hat',
  'heart-handshake',
  'users',
  'leaf',
  'code',
  'cpu',
  'palette',
  'music',
  'languages',
  'shield-check',
  'rocket',
  'truck',
  'stethoscope',
] as const;

export interface BadgeDesign {
  shape: Shape;
  background: string;
  accent: string;
  text: string;
  /** A Lucide icon name, or '' for none. */
  icon: string;
  line1: string;
  line2: string;
}

export const MAX_LINE = 24;
const COLOUR = /^#[0-9a-fA-F]{6}$/;

/** A first design for an achievement: the organisation's colours, an award icon, the badge's name. */
export function defaultDesign(name: string, colours: { primary: string; accent: string }): BadgeDesign {
  const words = name.trim().split(/\s+/);
  let line1 = '';
  let i = 0;
  while (i < words.length && `${line1} ${words[i]}`.trim().length <= MAX_LINE) line1 = `${line1} ${words[i++]}`.trim();
  const line2 = words.slice(i).join(' ').slice(0, MAX_LINE);
  return {
    shape: 'circle',
    background: colours.primary,
    accent: colours.accent,
    text: '#ffffff',
    icon: 'award',
    line1: line1 || name.slice(0, MAX_LINE),
    line2,
  };
}

/** Reads a design from form or query fields; a coded error names every field at fault. */
export function parseDesign(fields: Record<string, unknown>, fallback: BadgeDesign): BadgeDesign {
  const text = (key: keyof BadgeDesign) => (typeof fields[key] === 'string' ? (fields[key] as string).trim() : fallback[key]);
  const design: BadgeDesign = {
    shape: text('shape') as Shape,
    background: text('background'),
    accent: text('accent'),
    text: text('text'),
    icon: text('icon'),
    line1: text('line1'),
    line2: text('line2'),
  };
  const errors: AppError[] = [];
  if (!SHAPES.includes(design.shape)) errors.push(PlatformErrors.oneOf('shape', { options: SHAPES.join(', ') }));
  for (const key of ['background', 'accent', 'text'] as const) if (!COLOUR.test(design[key])) errors.push(E.colour(key));
  if (design.icon && !(ICONS as readonly string[]).includes(design.icon))
    errors.push(PlatformErrors.oneOf('icon', { options: ICONS.join(', ') }));
  if (!design.line1) errors.push(PlatformErrors.required('line1'));
  for (const key of ['line1', 'line2'] as const)
    if (design[key].length > MAX_LINE) errors.push(PlatformErrors.tooLong(key, { max: MAX_LINE }));
  if (errors.length) throw invalidFields(errors);
  return design;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const require = createRequire(import.meta.url);
const iconCache = new Map<string, string>();

/** The inner elements of a Lucide icon (24×24, stroked with currentColor). */
export function iconMarkup(name: string): string {
  if (!(ICONS as readonly string[]).includes(name)) return '';
  let markup = iconCache.get(name);
  if (markup === undefined) {
    const root = dirname(require.resolve('lucide-static/package.json'));
    const svg = readFileSync(join(root, 'icons', `${name}.svg`), 'utf8');
    markup = svg.slice(svg.indexOf('>', svg.indexOf('<svg')) + 1, svg.lastIndexOf('</svg>')).trim();
    iconCache.set(name, markup);
  }
  return markup;
}

function shapePath(shape: Shape): string {
  switch (shape) {
    case 'shield':
      return 'M256 24 L452 92 V236 C452 364 368 448 256 492 C144 448 60 364 60 236 V92 Z';
    case 'hexagon':
      return 'M256 20 L460 138 V374 L256 492 L52 374 V138 Z';
    case 'rounded':
      return 'M120 36 H392 A84 84 0 0 1 476 120 V392 A84 84 0 0 1 392 476 H120 A84 84 0 0 1 36 392 V120 A84 84 0 0 1 120 36 Z';
    default:
      return 'M256 28 A228 228 0 1 1 255.9 28 Z';
  }
}

/**
 * Width the text may take: what every shape (the hexagon is the narrowest at the text's rows) holds
 * inside its border with a margin.
 */
const TEXT_WIDTH = 330;

/**
 * The font size at which a line fits TEXT_WIDTH: `size` or smaller. Widths are Inter's advances in
 * em (upper case and digits wider than lower case), so the estimate errs on the wide side.
 */
export function fittedSize(line: string, size: number, bold: boolean): number {
  let em = 0;
  for (const ch of line) {
    if (ch === ' ') em += 0.28;
    else if (/[MWmw@%]/.test(ch)) em += 0.95;
    else if (/[A-Z0-9]/.test(ch)) em += 0.72;
    else if (/[iljtf.,:;'!|]/.test(ch)) em += 0.32;
    else em += 0.6;
  }
  const width = em * (bold ? 1.04 : 1);
  return width * size <= TEXT_WIDTH ? size : Math.floor((TEXT_WIDTH / width) * 10) / 10;
}

/** The badge as an SVG of 512×512: the shape in the background colour with an accent border, the icon, the text. */
export function designSvg(design: BadgeDesign, title = design.line1): string {
  const path = shapePath(design.shape);
  const lines = [design.line1, design.line2].filter(Boolean);
  const icon = iconMarkup(design.icon);
  const textTop = icon ? 330 : 262 - (lines.length - 1) * 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512" role="img" aria-label="${escapeXml(lines.join(' '))}">`,
    `<title>${escapeXml(title)}</title>`,
    `<path d="${path}" fill="${design.background}" stroke="${design.accent}" stroke-width="20" stroke-linejoin="round"/>`,
    icon
      ? `<g transform="translate(184 112) scale(6)" fill="none" stroke="${design.accent}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" color="${design.accent}">${icon.replaceAll('currentColor', design.accent)}</g>`
      : '',
    ...lines.map(
      (line, i) =>
        `<text x="256" y="${textTop + i * 48}" text-anchor="middle" font-family="${BADGE_FONT_FAMILY}, sans-serif" font-size="${fittedSize(line, i === 0 ? 40 : 32, i === 0)}" font-weight="${i === 0 ? 700 : 400}" fill="${design.text}">${escapeXml(line)}</text>`,
    ),
    '</svg>',
  ].join('');
}

/** The same design as a PNG (the SVG rendered by resvg with the bundled font). */
export function designPng(design: BadgeDesign, width = 512): Buffer {
  return svgToPng(designSvg(design), width);
}

export interface DesignerView {
  achievement: Achievement;
  organisationSlug: string;
  design: BadgeDesign;
}

/** The designer's starting point for an achievement: its saved design, else a first one. Issuers of the organisation only. */
export async function designerView(ctx: AppContext, user: CurrentUser | null, slug: string, id: string): Promise<DesignerView> {
  const { organisation } = await requireOrgRole(ctx, user, slug, ISSUER_ROLES);
  const achievement = await getAchievement(ctx, user, organisation.slug, id);
  const imageId = achievement.imageUrl ? /\/achievement-images\/([0-9a-f-]{36})\./.exec(achievement.imageUrl)?.[1] : undefined;
  const saved = imageId
    ? await ctx.db.selectFrom('achievement_images').select('design').where('id', '=', imageId).executeTakeFirst()
    : undefined;
  const fallback = defaultDesign(achievement.name, await issuerColours(ctx, organisation.id));
  const design = saved?.design ? parseDesign(saved.design as unknown as Record<string, unknown>, fallback) : fallback;
  return { achievement, organisationSlug: organisation.slug, design };
}

/**
 * Saves a design as the achievement's image (a new version of the achievement, as any image change
 * is), keeping the design with the image so the designer opens it again.
 */
export async function saveDesign(
  ctx: AppContext,
  user: CurrentUser | null,
  slug: string,
  id: string,
  fields: Record<string, unknown>,
): Promise<Achievement> {
  const { design: current } = await designerView(ctx, user, slug, id);
  const design = parseDesign(fields, current);
  const updated = await updateAchievement(ctx, user, slug, id, { image: Buffer.from(designSvg(design), 'utf8') });
  const imageId = updated.imageUrl ? /\/achievement-images\/([0-9a-f-]{36})\./.exec(updated.imageUrl)?.[1] : undefined;
  if (imageId)
    await ctx.db
      .updateTable('achievement_images')
      .set({ design: JSON.stringify(design) })
      .where('id', '=', imageId)
      .execute();
  return updated;
}
