import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bakePng, unbake } from '../../../src/credentials/baking/index.ts';
import { badgePng, badgeSvg, svgToPng } from '../../../src/credentials/issuing/images.ts';
import { tempDir } from '../../helpers/temp.ts';
import { decodePng, tinyPng, whitePixelsInDisc } from './png.ts';

const colours = { primary: '#1f4e79', accent: '#f2a900' };

const withoutText = (svg: string) => svg.replace(/<text\b[\s\S]*?<\/text>/g, '');

describe('badge PNG rendered from the badge SVG', () => {
  const svg = badgeSvg('Lassen niveau 2', colours, 'Gemeente Oss');

  it('shows the name and issuer as text (not a blank bar), like the SVG', () => {
    const png = badgePng('Lassen niveau 2', colours, 'Gemeente Oss');
    const blank = svgToPng(withoutText(svg));
    expect(whitePixelsInDisc(blank)).toBe(0);
    // Text glyphs: many white pixels in the disc, and the picture differs from the text-less one.
    expect(whitePixelsInDisc(png)).toBeGreaterThan(1500);
    expect(decodePng(png).pixels.equals(decodePng(blank).pixels)).toBe(false);
  });

  it('is the same picture as the SVG: pixel-equal to rendering the SVG, and baking keeps the pixels', () => {
    const png = badgePng('Lassen niveau 2', colours, 'Gemeente Oss');
    const rendered = svgToPng(svg);
    expect(decodePng(png).pixels.equals(decodePng(rendered).pixels)).toBe(true);
    const baked = bakePng(png, { id: 'urn:uuid:1', name: 'x' });
    expect(decodePng(baked).pixels.equals(decodePng(png).pixels)).toBe(true);
    expect(unbake(baked)).toMatchObject({ version: 'ob3', form: 'json' });
  });

  it('renders without system fonts: the same bytes every time', () => {
    expect(svgToPng(svg, 128).equals(svgToPng(svg, 128))).toBe(true);
    expect(decodePng(svgToPng(svg, 128)).width).toBe(128);
  });
});

describe('an uploaded SVG rendered to PNG', () => {
  it('never loads a file of the server that the SVG points at (only data: images are drawn)', () => {
    const dir = tempDir('svg-href');
    {
      // A red 1×1 PNG on the server's disk, pointed at by absolute path, relative path and file: URL.
      const red = tinyPng();
      const file = join(dir, 'secret.png');
      writeFileSync(file, red);
      const image = (href: string) =>
        `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64"><rect width="64" height="64" fill="#ffffff"/><image width="64" height="64" href="${href}"/><image width="64" height="64" xlink:href="${href}"/></svg>`;
      const white = decodePng(svgToPng(image('#nothing'), 64)).pixels;
      for (const href of [file, `file://${file}`, 'secret.png'])
        expect(decodePng(svgToPng(image(href), 64)).pixels.equals(white), href).toBe(true);
      // An embedded (data:) image is still drawn.
      const embedded = decodePng(svgToPng(image(`data:image/png;base64,${red.toString('base64')}`), 64)).pixels;
      expect(embedded.equals(white)).toBe(false);
    }
  });
});
