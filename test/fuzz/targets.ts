/**
 * The fuzz targets (issue 14, "Hostile input"): every parser that reads outside input, and every
 * JSON route's body and query string. A target names what it reads, how to generate its input, how
 * to run it on one input, and which errors are the module's own answer to bad input (coded errors:
 * `AppError` and its kinds). Anything else thrown is a crash; a case over the time limit is a hang.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { parseCsv, parseRsd } from '../../src/skills/formats/index.ts';
import { readCsv, REQUIRED_COLUMNS, type EscoFileKind } from '../../src/skills/esco/reader.ts';
import { checkBulkCsv } from '../../src/credentials/issuing/bulk.ts';
import { unbake } from '../../src/credentials/baking/index.ts';
import { verifyCredential } from '../../src/credentials/verification/verify.ts';
import { feedRecords, recordToPosting } from '../../src/labour-market/feeds.ts';
import { FEED_FIELDS, type FeedMapping } from '../../src/labour-market/schema.ts';
import { parseSitemap } from '../../src/labour-market/crawler/sitemaps.ts';
import { parseRobots } from '../../src/labour-market/crawler/robots.ts';
import { readPage } from '../../src/labour-market/crawler/postings.ts';
import { importBadge } from '../../src/backpack/imports.ts';
import { AppError } from '../../src/platform/errors.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { RouteEntry } from '../../src/platform/http/policy.ts';
import {
  csvText,
  deepJsonText,
  hostileString,
  jsonText,
  jsonWithKeys,
  jwtText,
  markup,
  pngBytes,
  svgText,
  toJsonText,
} from './arbitraries.ts';
import { inputOf, queryOf } from './schema.ts';

export interface FuzzTarget<T = unknown> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  run: (input: T) => unknown | Promise<unknown>;
  /** Errors that are the module's coded answer to bad input (not crashes). */
  accepts: (error: unknown) => boolean;
}

const coded = (error: unknown) => error instanceof AppError;
const none = () => false;

const target = <T>(t: FuzzTarget<T>): FuzzTarget => t as FuzzTarget;

// ---------------------------------------------------------------- credentials

const CREDENTIAL_KEYS = [
  '@context',
  'id',
  'type',
  'issuer',
  'name',
  'validFrom',
  'validUntil',
  'issuanceDate',
  'expirationDate',
  'credentialSubject',
  'achievement',
  'identifier',
  'identityHash',
  'identityType',
  'hashed',
  'salt',
  'proof',
  'verificationMethod',
  'proofValue',
  'cryptosuite',
  'credentialStatus',
  'statusListCredential',
  'statusListIndex',
  'credentialSchema',
  'endorsement',
  'alignment',
  'targetName',
  'criteria',
  'image',
  'recipient',
  'badge',
  'verify',
  'verification',
  'issuedOn',
  'expires',
  'evidence',
  'vc',
  'iss',
  'sub',
  'nbf',
  'exp',
];
const CONTEXTS = [
  'https://www.w3.org/ns/credentials/v2',
  'https://www.w3.org/2018/credentials/v1',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  'https://w3id.org/openbadges/v2',
  'https://example.org/unknown-context.json',
];

/** Credentials shaped like OB 3.0 / VC, with hostile values in the places the verifier reads. */
const credentialObject = fc
  .record({
    context: fc.oneof(fc.subarray(CONTEXTS), fc.constantFrom(...CONTEXTS), hostileString),
    type: fc.oneof(
      fc.constant(['VerifiableCredential', 'OpenBadgeCredential']),
      fc.constantFrom('Assertion', 'VerifiableCredential'),
      jsonWithKeys(['type'], 1),
    ),
    rest: jsonWithKeys(CREDENTIAL_KEYS, 4),
  })
  .map(({ context, type, rest }) => ({
    ...(rest && typeof rest === 'object' && !Array.isArray(rest) ? rest : {}),
    '@context': context,
    type,
  }));

/** OB 2.0 assertions (hosted or signed), with hostile values. */
const ob2Assertion = fc
  .record({
    recipient: jsonWithKeys(['type', 'identity', 'hashed', 'salt'], 2),
    badge: fc.oneof(hostileString, jsonWithKeys(['id', 'name', 'issuer', 'criteria', 'image', 'alignment', 'type'], 3)),
    verification: fc.oneof(
      fc.constant({ type: 'hosted' }),
      fc.constant({ type: 'signed', creator: 'https://example.org/key' }),
      jsonWithKeys(['type', 'creator', 'url'], 2),
    ),
    issuedOn: fc.oneof(
      hostileString,
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    ),
  })
  .map((a) => ({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: 'urn:uuid:1', ...a }));

const credentialInput = fc.oneof(
  { weight: 3, arbitrary: credentialObject },
  { weight: 2, arbitrary: ob2Assertion },
  { weight: 2, arbitrary: credentialObject.map((c) => JSON.stringify(c)) },
  { weight: 1, arbitrary: jsonText(CREDENTIAL_KEYS) },
  { weight: 1, arbitrary: deepJsonText },
);

// ---------------------------------------------------------------- labour market

const FEED_KEYS = [...FEED_FIELDS, 'records', 'jobs', 'items', 'title', 'description', 'url', 'id'] as string[];
const feedMapping: fc.Arbitrary<FeedMapping> = fc.dictionary(
  fc.constantFrom(...FEED_FIELDS),
  fc.oneof(fc.constantFrom(...FEED_KEYS, 'a.b', '@id', 'title.0', '__proto__.x'), hostileString),
  { maxKeys: 6, noNullPrototype: true },
) as fc.Arbitrary<FeedMapping>;

const JOB_POSTING = fc
  .record({
    posting: jsonWithKeys(
      [
        '@type',
        'title',
        'description',
        'hiringOrganization',
        'jobLocation',
        'datePosted',
        'validThrough',
        'identifier',
        'address',
        'addressLocality',
        'postalCode',
        'employmentType',
        '@graph',
        'name',
        'url',
      ],
      4,
    ),
    type: fc.constantFrom('JobPosting', ['JobPosting'], 'WebPage', 'x'),
  })
  .map(({ posting, type }) => ({
    ...(posting && typeof posting === 'object' && !Array.isArray(posting) ? posting : {}),
    '@context': 'https://schema.org',
    '@type': type,
  }));

const crawledPage = fc
  .record({
    body: markup(['div', 'a', 'p', 'script', 'meta', 'span', 'html', 'body', 'head', 'base', 'link'], 4),
    ldJson: fc.array(
      fc.oneof(
        JOB_POSTING.map((p) => JSON.stringify(p)),
        jsonText(['@type', '@graph', 'title']),
        hostileString,
      ),
      { maxLength: 3 },
    ),
    links: fc.array(fc.oneof(fc.webUrl(), hostileString), { maxLength: 5 }),
    microdata: fc.boolean(),
  })
  .map(
    ({ body, ldJson, links, microdata }) =>
      `<html><head>${ldJson.map((j) => `<script type="application/ld+json">${j}</script>`).join('')}<meta name="robots" content="nofollow"></head><body>${
        microdata ? '<div itemscope itemtype="https://schema.org/JobPosting"><span itemprop="title">x</span>' : ''
      }${links.map((l) => `<a href="${l.replace(/"/g, '&quot;')}">l</a>`).join('')}${body}</body></html>`,
  );

const sitemapBody = fc.oneof(
  markup(['urlset', 'url', 'loc', 'sitemapindex', 'sitemap', 'lastmod', 'xhtml:link'], 4).map((x) =>
    Buffer.from(`<?xml version="1.0"?>${x}`),
  ),
  fc.array(fc.oneof(fc.webUrl(), hostileString), { maxLength: 10 }).map((lines) => Buffer.from(lines.join('\n'))),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from([0x1f, 0x8b, ...b])),
  hostileString.map((s) => Buffer.from(s)),
);

const robotsText = fc
  .array(
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom('User-agent', 'Disallow', 'Allow', 'Crawl-delay', 'Sitemap', 'Host', 'user-AGENT', 'x'),
          fc.oneof(
            fc.constantFrom('*', 'Vaardig', '/', '/a*', '/$', '*$', '/a/b?c', '-1', '1e309', 'NaN', 'http://127.0.0.1/s.xml'),
            hostileString,
          ),
        )
        .map(([k, v]) => `${k}: ${v}`),
      hostileString,
    ),
    { maxLength: 12 },
  )
  .map((lines) => lines.join('\n'));

// ---------------------------------------------------------------- skills

const SKILL_CSV_COLUMNS = [
  'Canonical URL',
  'RSD Name',
  'Skill Name',
  'Author',
  'Skill Statement',
  'Category',
  'Keywords',
  'Standards',
  'Occupations',
  'Alignment Name',
  'Alignment URL',
  'Status',
  'Language',
  'RSD Name@nl',
  'Keywords@nl',
  'Occupation URIs',
];
const RSD_KEYS = [
  'type',
  'skills',
  'id',
  'uuid',
  'skillName',
  'name',
  'skillStatement',
  'statement',
  'keywords',
  'categories',
  'category',
  'standards',
  'certifications',
  'occupations',
  'employers',
  'alignments',
  'author',
  'authors',
  'status',
  'language',
  'translations',
  'targetNode',
  'targetNodeName',
  'isPartOf',
  'code',
  'framework',
];
const BULK_COLUMNS = ['email', 'e-mail', 'name', 'naam', 'issue_date', 'date', 'evidence', 'evidence_url', 'recipient_email'];

const escoFile = fc
  .record({
    kind: fc.constantFrom(...(Object.keys(REQUIRED_COLUMNS) as EscoFileKind[])),
    text: fc.constant(''),
    bytes: fc.option(fc.uint8Array({ maxLength: 40 })),
  })
  .chain(({ kind, bytes }) =>
    csvText(REQUIRED_COLUMNS[kind]).map((text) => ({
      kind,
      data: bytes ? Buffer.concat([Buffer.from(text), Buffer.from(bytes)]) : Buffer.from(text),
    })),
  );

/** The parsers of outside input, runnable without a database. */
export const parserTargets: FuzzTarget[] = [
  target({ name: 'skills csv', arbitrary: csvText(SKILL_CSV_COLUMNS), run: (text) => parseCsv(text, 'fuzz.csv'), accepts: coded }),
  target({ name: 'skills rsd', arbitrary: jsonText(RSD_KEYS), run: (text) => parseRsd(text, 'fuzz.json'), accepts: coded }),
  target({ name: 'bulk issue csv', arbitrary: csvText(BULK_COLUMNS), run: (text) => checkBulkCsv(text), accepts: coded }),
  target({
    name: 'esco csv',
    arbitrary: escoFile,
    run: async ({ kind, data }) =>
      readCsv({ label: 'fuzz.csv', kind, stem: kind, lang: 'en', open: async () => Readable.from([data]) }, () => undefined),
    accepts: coded,
  }),
  target({
    name: 'feed csv',
    arbitrary: fc.tuple(csvText(FEED_KEYS), feedMapping),
    run: ([text, mapping]) => feedRecords({ format: 'csv', records: '' }, text).map((r) => recordToPosting(r, mapping)),
    accepts: coded,
  }),
  target({
    name: 'feed json',
    arbitrary: fc.tuple(jsonText(FEED_KEYS), fc.constantFrom('', 'records', 'data.jobs', '__proto__', 'a.b.c'), feedMapping),
    run: ([text, records, mapping]) => feedRecords({ format: 'json', records }, text).map((r) => recordToPosting(r, mapping)),
    accepts: coded,
  }),
  target({
    name: 'feed xml',
    arbitrary: fc.tuple(
      markup(['jobs', 'job', 'vacancy', 'title', 'description', 'url', 'id', 'item'], 4),
      fc.constantFrom('', 'job', 'vacancy'),
      feedMapping,
    ),
    run: ([text, records, mapping]) => feedRecords({ format: 'xml', records }, text).map((r) => recordToPosting(r, mapping)),
    accepts: coded,
  }),
  target({ name: 'sitemap', arbitrary: sitemapBody, run: (body) => parseSitemap(body), accepts: coded }),
  target({
    name: 'robots.txt',
    arbitrary: fc.tuple(robotsText, fc.array(fc.oneof(fc.webUrl(), hostileString), { maxLength: 3 })),
    run: ([text, urls]) => {
      const rules = parseRobots('https://example.org/robots.txt', text);
      for (const url of urls) rules.allowed(url);
      return rules;
    },
    accepts: none,
  }),
  target({ name: 'crawled page', arbitrary: crawledPage, run: (html) => readPage(html, 'https://example.org/jobs/1'), accepts: none }),
  target({ name: 'baked png', arbitrary: pngBytes(jsonText(CREDENTIAL_KEYS)), run: (png) => unbake(png), accepts: coded }),
  target({ name: 'baked svg', arbitrary: svgText(jsonText(CREDENTIAL_KEYS)), run: (svg) => unbake(Buffer.from(svg)), accepts: coded }),
  target({ name: 'verify json-ld credential', arbitrary: credentialInput, run: (input) => verifyCredential(input), accepts: coded }),
  target({ name: 'verify ob2 assertion', arbitrary: ob2Assertion, run: (input) => verifyCredential(input), accepts: coded }),
  target({ name: 'verify vc-jwt', arbitrary: jwtText(CREDENTIAL_KEYS), run: (jwt) => verifyCredential(jwt), accepts: coded }),
  target({
    name: 'verify baked image',
    arbitrary: fc.oneof(
      pngBytes(credentialInput.map((c) => (typeof c === 'string' ? c : JSON.stringify(c)))),
      svgText(jwtText(CREDENTIAL_KEYS)).map((s) => new Uint8Array(Buffer.from(s))),
    ),
    run: (bytes) => verifyCredential(bytes),
    accepts: coded,
  }),
];

// ---------------------------------------------------------------- with a database: imports and API bodies

/** What the targets needing a server get: an app on a migrated database, a person with an API token, their organisation. */
export interface FuzzWorld {
  ctx: AppContext;
  app: FastifyInstance;
  userId: string;
  token: string;
  organisationSlug: string;
}

/** A route's path with its parameters filled (the organisation's slug; any id a fresh UUID, so the handler answers "not found" or refuses). */
function fillPath(url: string, world: FuzzWorld): string {
  return url
    .replace(':slug', world.organisationSlug)
    .replace(':lang', 'nl')
    .replace(/\*$/, 'x')
    .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
}

/** The JSON routes that declare a body or query schema, in a stable order. */
export function jsonRoutes(app: FastifyInstance): RouteEntry[] {
  return [...app.routeTable.values()]
    .filter((r) => r.method !== 'HEAD' && (r.schema?.body || r.schema?.querystring))
    .sort((a, b) => `${a.method} ${a.url}`.localeCompare(`${b.method} ${b.url}`));
}

export class ServerError extends Error {
  override name = 'ServerError';
}

export function worldTargets(world: FuzzWorld): FuzzTarget[] {
  const routes = jsonRoutes(world.app);
  const request = fc.oneof(
    ...routes.map((route) =>
      fc.record({
        route: fc.constant(`${route.method} ${route.url}`),
        body: route.schema?.body ? inputOf(route.schema.body) : fc.constant(undefined),
        query: route.schema?.querystring ? queryOf(route.schema.querystring) : fc.constant({}),
      }),
    ),
  );
  const byKey = new Map(routes.map((r) => [`${r.method} ${r.url}`, r]));
  return [
    target({
      name: 'backpack import',
      arbitrary: fc.oneof(
        credentialInput.map((c) => ({ text: typeof c === 'string' ? c : JSON.stringify(c) })),
        jwtText(CREDENTIAL_KEYS).map((text) => ({ text })),
        pngBytes(credentialInput.map((c) => JSON.stringify(c))).map((b) => ({ file: Buffer.from(b) })),
      ),
      // Links are fetched (under the SSRF rules, web-security.test.ts): noise that starts like one is left out here.
      run: (input: { text?: string; file?: Buffer }) =>
        /^\s*https?:/i.test(input.text ?? '') ? undefined : importBadge(world.ctx, world.userId, input),
      accepts: coded,
    }),
    target({
      name: `api bodies (${routes.length} routes)`,
      arbitrary: request,
      run: async ({ route, body, query }) => {
        const entry = byKey.get(route) as RouteEntry;
        const response = await world.app.inject({
          method: entry.method as 'POST',
          url: fillPath(entry.url, world),
          query,
          headers: { authorization: `Bearer ${world.token}`, accept: 'application/json', 'content-type': 'application/json' },
          payload: body === undefined ? undefined : toJsonText(body),
        });
        if (response.statusCode >= 500) throw new ServerError(`${route} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
        if (response.statusCode === 400) {
          // A coded error, or the schema check's problem naming the field at fault.
          const problem = response.json() as { code?: string; field?: string; errors?: { field?: string }[] };
          if (!problem.code && !problem.field && typeof problem.errors?.[0]?.field !== 'string')
            throw new ServerError(`${route} answered 400 naming neither a code nor a field: ${response.body.slice(0, 300)}`);
        }
        return response.statusCode;
      },
      accepts: none,
    }),
  ];
}
