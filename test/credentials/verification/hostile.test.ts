import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BAKED_TEXT, unbake } from '../../../src/credentials/baking/index.ts';
import { verifyCredential } from '../../../src/credentials/verification/verify.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { describeEachDatabase } from '../../helpers/db.ts';
import { tempDir } from '../../helpers/temp.ts';
import { Browser } from '../../accounts/support.ts';
import { chunk, tinyPng } from '../baking/png.ts';

/**
 * Hostile uploads to the public verifier, built in memory and scaled down so the tests are quick:
 * an SVG with a repeated unclosed `<openbadges:credential ` (quadratic with a backtracking scan), a
 * PNG whose compressed iTXt chunk inflates far past the limit, oversized and over-deep JSON, and
 * text that must never come back in the answer.
 */
const MARKER = 'HOSTILE-MARKER';

/** `<svg>` and `<openbadges:credential ` repeated, never closed (≈ 1 MB). */
function unclosedSvg(): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${'<openbadges:credential '.repeat(45_000)}`);
}

/** A small PNG whose compressed iTXt `openbadgecredential` chunk inflates to `size` bytes of zeros. */
function inflatingPng(size: number): Buffer {
  const bomb = deflateSync(Buffer.alloc(size), { level: 9 });
  return tinyPng([chunk('iTXt', Buffer.concat([Buffer.from('openbadgecredential\0\x01\0\0\0', 'latin1'), bomb]))]);
}

/** An SVG holding `size` bytes of text that is not a credential, with a marker to look for. */
function junkSvg(size: number): Buffer {
  const junk = `${MARKER} `.repeat(Math.ceil(size / (MARKER.length + 1)));
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/spec/ob/v3p0"><openbadges:credential><![CDATA[${junk}]]></openbadges:credential></svg>`,
  );
}

let bomb: Buffer | undefined;
/** The inflating PNG of the report, scaled: 16 MB of zeros in a PNG of ≈ 16 KB (made once). */
const pngBomb = () => (bomb ??= inflatingPng(16 * 1024 * 1024));

const deepJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

function multipart(name: string, data: Buffer, filename?: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----hostile-boundary';
  const disposition = filename ? `form-data; name="${name}"; filename="${filename}"` : `form-data; name="${name}"`;
  return {
    payload: Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition: ${disposition}\r\ncontent-type: application/octet-stream\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('the verifier service bounds every parse of outside input', () => {
  it('an SVG of unclosed openbadges elements is refused at once (linear scan), not after minutes', async () => {
    const started = performance.now();
    await expect(verifyCredential(unclosedSvg())).rejects.toMatchObject({ status: 422, code: 'credentials:errors.svgUnclosed' });
    // Before: the regular expression rescanned the rest of the file from every element (> 15 s here).
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('a PNG whose compressed chunk inflates past 1 MB is 413, without inflating it all', async () => {
    for (const png of [inflatingPng(MAX_BAKED_TEXT + 1), pngBomb()]) {
      expect(png.length).toBeLessThan(100 * 1024);
      expect(() => unbake(png)).toThrow('credentials:errors.inputTooLarge');
      await expect(verifyCredential(png)).rejects.toMatchObject({ status: 413, code: 'credentials:errors.inputTooLarge' });
    }
  });

  it('JSON over 1 MB is 413, JSON nested deeper than 64 levels is 422', async () => {
    const big = JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], name: 'x'.repeat(MAX_BAKED_TEXT) });
    await expect(verifyCredential(big)).rejects.toMatchObject({ status: 413 });
    await expect(verifyCredential(deepJson(100_000))).rejects.toMatchObject({ status: 422, code: 'credentials:errors.inputTooDeep' });
    let nested: unknown = {};
    for (let i = 0; i < 1000; i++) nested = { a: nested };
    await expect(verifyCredential(nested)).rejects.toMatchObject({ code: 'credentials:errors.inputTooDeep' });
  });

  it('a verification that takes too long is given up with a coded error', async () => {
    const never = { resolveLocal: () => new Promise(() => {}) };
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:web:slow.example',
      credentialSubject: {},
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: 'did:web:slow.example#k' },
    };
    await expect(verifyCredential(credential, { timeoutMs: 200, documentLoaderOptions: never })).rejects.toMatchObject({
      status: 422,
      code: 'credentials:errors.verifyTimeout',
    });
  });
});

describeEachDatabase('hostile uploads to the public verify page and API', (ctx) => {
  let app: FastifyInstance;
  let browser: Browser;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    browser = new Browser(app);
    await browser.get('/verify');
  });

  /** A multipart POST as the page's form or an API client sends it (the page with its CSRF token). */
  const post = (url: string, form: { payload: Buffer; headers: Record<string, string> }) =>
    app.inject({
      method: 'POST',
      url: url === '/verify' ? `/verify?_csrf=${encodeURIComponent(browser.csrf)}` : url,
      payload: form.payload,
      headers: { ...form.headers, cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
  afterAll(async () => {
    await app.close();
  });

  const endpoints = ['/api/v1/verify/upload', '/verify'];

  it('answers 422 at once for the unclosed-element SVG and 413 for the inflating PNG, on the page and the API', async () => {
    for (const url of endpoints) {
      const svg = await post(url, multipart('file', unclosedSvg(), 'badge.svg'));
      expect(svg.statusCode, url).toBe(422);
      const png = await post(url, multipart('file', pngBomb(), 'badge.png'));
      expect(png.statusCode, url).toBe(413);
    }
  });

  it('answers 413 for text over 1 MB and 422 for JSON nested too deeply, on all three endpoints', async () => {
    const big = 'x'.repeat(MAX_BAKED_TEXT + 10);
    for (const url of endpoints) {
      const res = await post(url, multipart('text', Buffer.from(big)));
      expect(res.statusCode, url).toBe(413);
      const deep = await post(url, multipart('text', Buffer.from(deepJson(5000))));
      expect(deep.statusCode, url).toBe(422);
    }
    const api = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: deepJson(5000) } });
    expect(api.statusCode).toBe(422);
    expect(api.json().code).toBe('credentials:errors.inputTooDeep');
  });

  it('a 422 answer is short and never repeats the embedded text', async () => {
    for (const url of endpoints) {
      const res = await post(url, multipart('file', junkSvg(200_000), 'badge.svg'));
      expect(res.statusCode, url).toBe(422);
      expect(res.body, url).not.toContain(MARKER);
      if (url.startsWith('/api/')) expect(res.body.length).toBeLessThan(1000);
    }
    const api = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: `${MARKER} `.repeat(1000) } });
    expect(api.statusCode).toBe(422);
    expect(api.body).not.toContain(MARKER);
    const broken = await app.inject({ method: 'POST', url: '/api/v1/verify', payload: { credential: `{"a": ${MARKER}` } });
    expect(broken.statusCode).toBe(422);
    expect(broken.body).not.toContain(MARKER);
  });
});

describe('vaardig verify with hostile files', () => {
  const root = resolve(import.meta.dirname, '../../..');
  // The command's own temp files (tsx's cache) land in a folder this test removes.
  const tmp = tempDir('verify-hostile-tmp');
  function verify(file: string): Promise<{ code: number; stdout: string }> {
    return new Promise((done) =>
      execFile(
        join(root, 'node_modules/.bin/node'),
        ['bin/vaardig.js', 'verify', file],
        {
          cwd: root,
          env: {
            ...process.env,
            TMPDIR: tmp,
            VAARDIG_HOME: tempDir('verify-hostile'),
            BASE_URL: 'http://vaardig.test',
            VAARDIG_DEMO: 'false',
            LOG_LEVEL: 'silent',
          },
        },
        (error, stdout, stderr) => done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: stdout || stderr }),
      ),
    );
  }

  it('exits 2 with a short coded error for the unclosed-element SVG, the inflating PNG and the junk SVG', async () => {
    const dir = tempDir('verify-hostile-files');
    const files: [string, Buffer, string][] = [
      ['unclosed.svg', unclosedSvg(), 'credentials:errors.svgUnclosed'],
      ['bomb.png', pngBomb(), 'credentials:errors.inputTooLarge'],
      ['junk.svg', junkSvg(200_000), 'credentials:errors.unknownInput'],
    ];
    for (const [name, data] of files) writeFileSync(join(dir, name), data);
    // The three run side by side: each command start loads the whole program.
    const results = await Promise.all(files.map(([name]) => verify(join(dir, name))));
    for (const [i, result] of results.entries()) {
      expect(result.code, result.stdout.slice(0, 300)).toBe(2);
      expect(JSON.parse(result.stdout)).toMatchObject({ valid: false, code: files[i][2] });
      expect(result.stdout).not.toContain(MARKER);
      expect(result.stdout.length).toBeLessThan(1000);
    }
  }, 180_000);
});
