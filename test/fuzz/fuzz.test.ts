/**
 * Hostile input (issue 14): a short seeded run of every fuzz target (test/fuzz/targets.ts — the
 * parsers of outside input and every JSON route's body and query string), and the limits that keep
 * huge and deeply nested input bounded: a 50 MB body refused by the body limit as it streams in,
 * 10,000-deep JSON answered with a 4xx, and XML read without its DOCTYPE's external entities (a file
 * and a listener on 127.0.0.1 that must not be read or called). `npm run fuzz -- --cases N` runs the
 * same targets for longer.
 */
import { writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { unbake } from '../../src/credentials/baking/index.ts';
import { feedRecords } from '../../src/labour-market/feeds.ts';
import { parseSitemap } from '../../src/labour-market/crawler/sitemaps.ts';
import { createTestContext } from '../helpers/db.ts';
import { tempDir } from '../helpers/temp.ts';
import { runFuzz } from './harness.ts';
import { type FuzzWorld, parserTargets, worldTargets } from './targets.ts';
import { buildWorld } from './world.ts';

let world: FuzzWorld;

beforeAll(async () => {
  world = await buildWorld(await createTestContext('pglite'));
}, 60_000);

afterAll(async () => {
  await world?.app.close();
  await world?.ctx.close();
});

test('a seeded run of every target: no crash, no hang', async () => {
  const targets = [...parserTargets, ...worldTargets(world)];
  const report = await runFuzz(targets, { cases: 30 * targets.length, seed: 20261207, timeLimitMs: 2000 });
  expect(report.failures.map((f) => `${f.kind} in ${f.target}: ${f.error.split('\n')[0]} — input ${f.input.slice(0, 300)}`)).toEqual([]);
  expect(report.cases).toBe(30 * targets.length);
}, 60_000);

describe('huge and deeply nested input', () => {
  test('a 50 MB JSON body is refused with 413 naming the body while it streams in, not read whole', async () => {
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = world.app.server.address() as AddressInfo;
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/verify',
          headers: {
            'content-type': 'application/json',
            'content-length': String(50 * chunk.length),
            authorization: `Bearer ${world.token}`,
          },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET'
          ? undefined
          : reject(error),
      );
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, field: 'body' });
    // The answer came before the client had sent it all: the server stopped reading at its limit.
    expect(sent).toBeLessThan(50);
  }, 30_000);

  test('JSON nested 10,000 deep, as the body and in its first field, is a 4xx on every JSON route within 2 s', async () => {
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    const routes = [...world.app.routeTable.values()].filter((r) => r.schema?.body && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const url = route.url.replace(':slug', world.organisationSlug).replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const field = Object.keys((route.schema?.body as { properties?: object } | undefined)?.properties ?? {})[0] ?? 'a';
      for (const payload of [deep, `{${JSON.stringify(field)}:${deep}}`]) {
        const started = performance.now();
        const response = await world.app.inject({
          method: route.method as 'POST',
          url,
          headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json' },
          payload,
        });
        const what = `${route.method} ${route.url} (${field}): ${response.statusCode} ${response.body.slice(0, 200)}`;
        expect(performance.now() - started, what).toBeLessThan(2000);
        expect(response.statusCode, what).toBeGreaterThanOrEqual(400);
        expect(response.statusCode, what).toBeLessThan(500);
      }
    }
  });

  test('a body that is not JSON, or empty, is a 400 naming the body', async () => {
    for (const payload of ['{"a":', '']) {
      const response = await world.app.inject({
        method: 'POST',
        url: '/api/v1/verify',
        headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json' },
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ field: 'body' });
    }
  });
});

describe('XML is read without external entities', () => {
  let listener: Server;
  let calls = 0;
  let url = '';
  const secret = 'SECRET-FROM-A-LOCAL-FILE';
  let file = '';

  beforeAll(async () => {
    listener = createServer((_req, res) => {
      calls++;
      res.end('CALLED-THE-LISTENER');
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/xxe`;
    file = join(tempDir('xxe'), 'secret.txt');
    writeFileSync(file, secret);
  });
  afterAll(async () => {
    await new Promise((resolve) => listener.close(resolve));
  });

  const doctype = () =>
    `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY file SYSTEM "file://${file}"><!ENTITY net SYSTEM "${url}"><!ENTITY % remote SYSTEM "${url}"> %remote;]>`;

  test('a sitemap', () => {
    const map = parseSitemap(
      Buffer.from(
        `${doctype()}<urlset><url><loc>https://example.org/&file;</loc></url><url><loc>https://example.org/&net;</loc></url></urlset>`,
      ),
    );
    expect(JSON.stringify(map)).not.toContain(secret);
    expect(JSON.stringify(map)).not.toContain('CALLED-THE-LISTENER');
  });

  test('an XML feed', () => {
    const records = feedRecords(
      { format: 'xml', records: '' },
      `${doctype()}<jobs><job><title>&file;</title><description>&net;</description></job></jobs>`,
    );
    expect(JSON.stringify(records)).not.toContain(secret);
    expect(JSON.stringify(records)).not.toContain('CALLED-THE-LISTENER');
  });

  test('a baked SVG', () => {
    const svg = `${doctype()}<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>&file;&net;</openbadges:credential></svg>`;
    let text = '';
    try {
      text = JSON.stringify(unbake(Buffer.from(svg)) ?? null);
    } catch (error) {
      text = String(error);
    }
    expect(text).not.toContain(secret);
    expect(text).not.toContain('CALLED-THE-LISTENER');
  });

  test('the verifier and the backpack import (API), given the SVG', async () => {
    const svg = `${doctype()}<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential>{"a":"&file;&net;"}</openbadges:credential></svg>`;
    const response = await world.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: `Bearer ${world.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ credential: svg }),
    });
    expect(response.statusCode).toBeLessThan(500);
    expect(response.body).not.toContain(secret);
  });

  test('nothing called the listener', () => {
    expect(calls).toBe(0);
  });
});
