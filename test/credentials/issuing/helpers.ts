import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormatsImport from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { createUser, addMember, createOrganisation, getCurrentUser } from '../../../src/accounts/api.ts';
import type { CurrentUser } from '../../../src/accounts/api.ts';
import type { AppContext } from '../../../src/platform/context.ts';
import type { OrgRole } from '../../../src/accounts/api.ts';
import { bundledContext } from '../../../src/credentials/contexts/index.ts';
import { OB_SCHEMA_URL } from '../../../src/credentials/issuing/issue.ts';
import { bundledSchema } from '../../../src/credentials/verification/schema.ts';

export const SCHEMA_PATH = resolve(import.meta.dirname, '../../../../shared/data/ob3/schema/ob_v3p0_achievementcredential_schema.json');
const schemaText = readFileSync(SCHEMA_PATH, 'utf8');

const addFormats = addFormatsImport as unknown as (ajv: Ajv2019) => Ajv2019;
const ajv = addFormats(new Ajv2019({ allErrors: true, strict: false }));
const validate = ajv.compile(JSON.parse(schemaText));

/** Errors of the 1EdTech OB 3.0 AchievementCredential JSON Schema (empty when valid). */
export function schemaErrors(credential: unknown): string[] {
  return validate(credential) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

let counter = 0;
export async function person(ctx: AppContext, name: string): Promise<CurrentUser> {
  counter++;
  const { id } = await createUser(ctx.db, {
    email: `${name.toLowerCase()}-${counter}-${Date.now()}@example.org`,
    name,
    password: 'correct horse battery',
    emailConfirmed: true,
  });
  return (await getCurrentUser(ctx.db, id)) as CurrentUser;
}

export async function organisationWith(ctx: AppContext, slug: string, members: [CurrentUser, OrgRole][]): Promise<string> {
  const { id } = await createOrganisation(ctx.db, { slug, name: `Org ${slug}`, kind: 'employer', description: 'Test issuer' });
  for (const [user, role] of members) await addMember(ctx.db, id, user.id, role);
  return id;
}

/**
 * Replaces global fetch for @digitalcredentials/verifier-core (whose document loader fetches what
 * it does not bundle): this instance's URLs (did:web documents, status lists) are answered by the
 * app in-process, the OB 3.0 schemas (AchievementCredential from the data folder, EndorsementCredential
 * bundled in src/credentials/verification/schemas) and JSON-LD contexts from local copies, and anything
 * else fails. Nothing leaves the process.
 */
export function localFetch(app: FastifyInstance, baseUrl: string): typeof fetch {
  const host = new URL(baseUrl).host;
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url === OB_SCHEMA_URL) return new Response(schemaText, { headers: { 'content-type': 'application/json' } });
    const schema = bundledSchema(url);
    if (schema) return new Response(schema, { headers: { 'content-type': 'application/json' } });
    const context = bundledContext(url);
    if (context) return new Response(JSON.stringify(context), { headers: { 'content-type': 'application/ld+json' } });
    const parsed = new URL(url);
    if (parsed.host !== host) throw new TypeError(`test fetch: ${url} is not local (no network in tests)`);
    const response = await app.inject({
      method: (init?.method as 'GET') ?? 'GET',
      url: parsed.pathname + parsed.search,
      headers: { accept: 'application/json' },
    });
    return new Response(new Uint8Array(response.rawPayload), {
      status: response.statusCode,
      headers: { 'content-type': String(response.headers['content-type'] ?? 'application/json') },
    });
  }) as typeof fetch;
}
