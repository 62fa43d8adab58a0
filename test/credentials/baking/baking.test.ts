import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunk, tinyPng } from './png.ts';
import { BakingError, bakePng, bakeSvg, readPngChunks, unbake, unbakePng, unbakeSvg } from '../../../src/credentials/baking/index.ts';

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: 'urn:uuid:1',
  name: 'Lassen — niveau 1 ]]> <tag> & "quotes"',
};
const jws = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl';

describe('PNG baking', () => {
  it('bakes one uncompressed iTXt chunk before IEND and unbakes it', () => {
    const baked = bakePng(tinyPng(), credential);
    const chunks = readPngChunks(baked);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'iTXt', 'IEND']);
    const itxt = chunks[2].data;
    expect(itxt.subarray(0, 'openbadgecredential'.length + 5).toString('latin1')).toBe('openbadgecredential\0\0\0\0\0');
    expect(unbakePng(baked)).toEqual({ version: 'ob3', text: JSON.stringify(credential), form: 'json', image: 'png' });
  });

  it('replaces an existing credential instead of adding a second one, and bakes a JWS', () => {
    const twice = bakePng(bakePng(tinyPng(), credential), jws);
    expect(readPngChunks(twice).filter((c) => c.type === 'iTXt')).toHaveLength(1);
    expect(unbake(twice)).toMatchObject({ version: 'ob3', text: jws, form: 'jws' });
  });

  it('unbakes OB 2.0 images (keyword openbadges), also compressed iTXt and tEXt', () => {
    const compressed = chunk(
      'iTXt',
      Buffer.concat([Buffer.from('openbadges\0\x01\0\0\0', 'latin1'), deflateSync(Buffer.from('https://example.org/assertions/1'))]),
    );
    expect(unbake(tinyPng([compressed]))).toEqual({ version: 'ob2', text: 'https://example.org/assertions/1', form: 'url', image: 'png' });
    const text = chunk('tEXt', Buffer.from(`openbadges\0${jws}`, 'latin1'));
    expect(unbake(tinyPng([text]))).toMatchObject({ version: 'ob2', form: 'jws' });
    expect(unbake(tinyPng())).toBeUndefined();
  });

  it('rejects malformed PNGs with a clear error', () => {
    const good = bakePng(tinyPng(), credential);
    expect(() => unbake(good.subarray(0, good.length - 20))).toThrow(BakingError);
    expect(() => unbake(good.subarray(0, good.length - 20))).toThrow('credentials:errors.pngTruncated');
    const badCrc = Buffer.from(good);
    badCrc[40] ^= 0xff;
    expect(() => unbakePng(badCrc)).toThrow(/credentials:errors\.png(BadCrc|ChunkInvalid|Truncated)/);
    expect(() => unbake(Buffer.from('hello'))).toThrow('credentials:errors.notImage');
    expect(() => bakePng(Buffer.from('GIF89a'), credential)).toThrow('credentials:errors.notPng');
  });
});

describe('SVG baking', () => {
  const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>';

  it('bakes JSON in CDATA in openbadges:credential and unbakes it', () => {
    const baked = bakeSvg(svg, credential);
    expect(baked).toContain('xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"');
    expect(baked).toContain('<openbadges:credential><![CDATA[');
    expect(JSON.parse(unbakeSvg(baked)!.text)).toEqual(credential);
    // baking again replaces
    const again = bakeSvg(baked, jws);
    expect(again.match(/<openbadges:credential/g)).toHaveLength(1);
    expect(unbakeSvg(again)).toEqual({ version: 'ob3', text: jws, form: 'jws', image: 'svg' });
    expect(again).toContain(`verify="${jws}"`);
  });

  it('unbakes OB 2.0 SVG assertions', () => {
    const ob2 = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://openbadges.org"><openbadges:assertion verify="${jws}"></openbadges:assertion></svg>`;
    expect(unbake(Buffer.from(ob2))).toMatchObject({ version: 'ob2', form: 'jws', text: jws });
    const hosted =
      '<svg xmlns:openbadges="https://openbadges.org"><openbadges:assertion verify="https://example.org/a/1">{"id":"https://example.org/a/1"}</openbadges:assertion></svg>';
    expect(unbakeSvg(hosted)).toMatchObject({ version: 'ob2', form: 'json' });
  });
});

// Reads ../shared/data/ob3/dcc-fixtures (PNG images baked by another implementation).
const fixtures = join(process.env.VAARDIG_DATA_DIR ?? join(process.cwd(), '../shared/data'), 'ob3/dcc-fixtures/verifiableCredentials/v2');
describe.skipIf(!existsSync(fixtures))('DCC fixture PNGs (../shared/data/ob3/dcc-fixtures)', () => {
  // The fixture PNGs are QR-code images with no credential baked in (checked chunk by chunk: only
  // IHDR, IDAT, IEND), despite the README. They must read as valid PNGs without a credential, and
  // baking the matching JSON into them must round-trip.
  it('reads every fixture PNG, finds no credential, and round-trips the matching JSON when baked', () => {
    const pngs: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.png')) pngs.push(join(dir, entry.name));
      }
    };
    walk(fixtures);
    expect(pngs.length).toBeGreaterThan(20);
    for (const file of pngs) {
      const png = readFileSync(file);
      expect(unbake(png), file).toBeUndefined();
      const json = readFileSync(file.replace(/\.png$/, '.json'), 'utf8');
      expect(JSON.parse(unbake(bakePng(png, JSON.parse(json)))!.text)).toEqual(JSON.parse(json));
    }
  });
});
