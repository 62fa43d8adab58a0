/**
 * The authorisation matrix (issue 14): every route of the server's route table, pages and API of
 * every module, called as signed out, as each role of organisation A, as each role of organisation
 * B, as the person who owns A's personal objects, as the people holding roles in a module's own
 * groups (a community's facilitator and member) and as the network operator, against the policy its
 * module declares (`routePolicies`, src/platform/http/policy.ts, docs/decisions/014). A route without
 * a policy fails the first test, which names it. Path parameters are filled from objects of
 * organisation A, so B's people exercise "another organisation"; a module whose objects the demo does
 * not give A adds them (test/helpers/matrix.ts).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addMember, createSession, createUser, SESSION_COOKIE } from '../../src/accounts/api.ts';
import { sql } from 'kysely';
import type { AppContext } from '../../src/platform/context.ts';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import type { RouteEntry, RoutePolicy } from '../../src/platform/http/policy.ts';
import { communitiesMatrix } from '../communities/matrix-fixture.ts';
import { endorsementsMatrix } from '../endorsements/matrix-fixture.ts';
import { createTestContext } from '../helpers/db.ts';
import type { MatrixFixture } from '../helpers/matrix.ts';
import { labourMarketMatrix } from '../labour-market/matrix-fixture.ts';
import { programmesMatrix } from '../programmes/matrix-fixture.ts';

const ROLES = ['member', 'issuer', 'facilitator', 'analyst', 'admin', 'owner'] as const;
type Role = (typeof ROLES)[number];

interface Actor {
  name: string;
  org: 'A' | 'B' | null;
  role: Role | null;
  kind: 'signedOut' | 'member' | 'person' | 'operator';
  /** Roles in a module's own groups (`within` policies): e.g. { community: 'facilitator' }. */
  groups: Record<string, string>;
  cookie: string;
  csrf: string;
}

// The demo's school (A) issues badges, holds claim codes and skills; the employer (B) endorses.
const ORG_A = 'brabant-college';
const ORG_B = 'maasdal-techniek';

let ctx: AppContext;
let app: FastifyInstance;
const actors: Actor[] = [];
/** The memberships the matrix made, put back after each route (a route may remove a member or change a role). */
const memberships: [string, string, Role][] = [];
const ids: Record<string, string> = {};
const fixtures: MatrixFixture[] = [];

async function actor(
  name: string,
  kind: Actor['kind'],
  org: Actor['org'],
  role: Role | null,
  userId: string | null,
  groups: Record<string, string> = {},
): Promise<Actor> {
  let cookie = '';
  if (userId) cookie = `${SESSION_COOKIE}=${(await createSession(ctx.db, userId)).token}`;
  const home = await app.inject({ method: 'GET', url: '/', headers: cookie ? { cookie } : {} });
  const seed = home.cookies.find((c) => c.name === 'vaardig_csrf');
  if (seed) cookie = [cookie, `vaardig_csrf=${seed.value}`].filter(Boolean).join('; ');
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(home.body)?.[1] ?? '';
  return { name, kind, org, role, groups, cookie, csrf };
}

async function first(query: string): Promise<string> {
  const { rows } = await sql.raw<{ v: string }>(query).execute(ctx.db);
  return rows[0]?.v ?? '00000000-0000-4000-8000-000000000000';
}

beforeAll(async () => {
  ctx = await createTestContext('pglite');
  await seedDemoIfEmpty(ctx);
  app = await buildApp(ctx, { logger: false });
  await app.ready();
  const orgs = Object.fromEntries(
    (
      await sql
        .raw<{ id: string; slug: string }>(`select id, slug from organisations where slug in ('${ORG_A}', '${ORG_B}')`)
        .execute(ctx.db)
    ).rows.map((r) => [r.slug, r.id]),
  );
  actors.push(await actor('signed out', 'signedOut', null, null, null));
  for (const [org, slug] of [
    ['A', ORG_A],
    ['B', ORG_B],
  ] as const) {
    for (const role of ROLES) {
      const { id } = await createUser(ctx.db, {
        email: `${role}-${org.toLowerCase()}@matrix.test`,
        name: `${role} ${org}`,
        password: 'matrix-password-1',
        emailConfirmed: true,
      });
      await addMember(ctx.db, orgs[slug], id, role);
      memberships.push([orgs[slug], id, role]);
      if (org === 'A') ids[`${role}A`] = id;
      actors.push(await actor(`${role} of ${org}`, 'member', org, role, id));
    }
  }
  const learner = await first(`select id as v from users where email = 'learner@demo.vaardig.local'`);
  const operator = await first(`select id as v from users where is_operator limit 1`);
  actors.push(await actor('person (owner of the backpack)', 'person', null, null, learner));
  const a = orgs[ORG_A];
  ids.achievement = await first(`select id as v from achievements where organisation_id = '${a}' limit 1`);
  ids.credential = await first(`select id as v from issued_credentials where organisation_id = '${a}' limit 1`);
  ids.claimCode = await first(`select id as v from claim_codes where organisation_id = '${a}' limit 1`);
  ids.claim = await first(`select code as v from claim_codes where organisation_id = '${a}' limit 1`);
  ids.bulk = await first(`select id as v from bulk_issues where organisation_id = '${a}' limit 1`);
  ids.endorsement = await first(`select id as v from endorsements where organisation_id = '${a}' limit 1`);
  ids.pathway = await first(`select id as v from pathways where organisation_id = '${a}' limit 1`);
  ids.skill = await first(`select id as v from skills where organisation_id = '${a}' limit 1`);
  ids.collection = await first(`select id as v from collections where organisation_id = '${a}' limit 1`);
  ids.item = await first(`select id as v from backpack_items where user_id = '${learner}' limit 1`);
  ids.bpCollection = await first(`select id as v from backpack_collections where user_id = '${learner}' limit 1`);
  ids.handle = await first(`select handle as v from backpack_profiles where user_id = '${learner}' limit 1`);
  fixtures.push(
    await communitiesMatrix(ctx, a, ids.achievement),
    await labourMarketMatrix(ctx, ORG_A, ids.analystA),
    await programmesMatrix(ctx, ORG_A, ids.ownerA),
    await endorsementsMatrix(ctx, learner, ids.achievement),
  );
  for (const f of fixtures) for (const p of f.people ?? []) actors.push(await actor(p.name, 'member', null, null, p.userId, p.groups));
  actors.push(await actor('operator', 'operator', null, null, operator));
}, 180_000);

afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

function declared(): Map<string, RoutePolicy> {
  const all = new Map<string, RoutePolicy>();
  for (const m of ctx.modules) for (const [k, v] of Object.entries(m.routePolicies ?? {})) all.set(k, v);
  return all;
}

/** The routes the matrix calls: HEAD mirrors GET, so it is left out; signing out ends the actors' sessions, so it comes last. */
function routes(): RouteEntry[] {
  const last = (r: RouteEntry) => (r.url === '/signout' ? 1 : 0);
  return [...app.routeTable.values()].filter((r) => r.method !== 'HEAD').sort((a, b) => last(a) - last(b));
}

/** Fills a route's path parameters from organisation A's objects (and the backpack owner's). */
function fill(url: string): string {
  const byPrefix: [RegExp, string][] = [
    ...fixtures.flatMap((f) => f.fills),
    [/\/achievements\/:id/, ids.achievement],
    [/\/credentials\/:id/, ids.credential],
    [/\/claim-codes\/:id/, ids.claimCode],
    [/\/bulk\/:id/, ids.bulk],
    [/\/endorsements\/:id/, ids.endorsement],
    [/\/pathways\/:id/, ids.pathway],
    [/\/skills\/:id/, ids.skill],
    [/\/backpack\/collections\/:id/, ids.bpCollection],
    [/\/collections\/:id/, ids.collection],
    [/\/items\/:id/, ids.item],
    [/\/p\/:handle\/badges\/:id/, ids.item],
    [/\/members\/:userId/, ids.memberA],
  ];
  let out = url;
  for (const [pattern, value] of byPrefix) if (pattern.test(out)) out = out.replace(pattern, (m) => m.replace(/:[A-Za-z]+/, value));
  return out
    .replace(':slug', ORG_A)
    .replace(':handle', ids.handle)
    .replace(':code', ids.claim)
    .replace(':lang', 'nl')
    .replace(':purpose', 'revocation')
    .replace(/\*$/, 'x')
    .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
}

async function call(route: RouteEntry, who: Actor): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { accept: route.url.startsWith('/api/') ? 'application/json' : 'text/html' };
  if (who.cookie) headers.cookie = who.cookie;
  if (who.csrf) headers['x-csrf-token'] = who.csrf;
  const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method) ? (route.url.startsWith('/api/') ? {} : '') : undefined;
  if (typeof body === 'string') headers['content-type'] = 'application/x-www-form-urlencoded';
  return app.inject({ method: route.method as 'GET', url: fill(route.url), headers, payload: body });
}

const toSignIn = (r: LightMyRequestResponse) =>
  r.statusCode >= 300 && r.statusCode < 400 && String(r.headers.location ?? '').startsWith('/signin');
/** A form page refuses by sending the browser back with an error message (a flash cookie of kind error). */
const backWithError = (r: LightMyRequestResponse) =>
  r.statusCode >= 300 &&
  r.statusCode < 400 &&
  r.cookies.some((c) => c.name === 'vaardig_flash' && decodeURIComponent(c.value).includes('"kind":"error"'));
function refused(r: LightMyRequestResponse, who: Actor, policy: RoutePolicy): boolean {
  if (policy.access === 'bearer') return [401, 404, 405].includes(r.statusCode);
  if (who.kind === 'signedOut') return r.statusCode === 401 || toSignIn(r);
  return r.statusCode === 403 || r.statusCode === 404 || backWithError(r);
}
const letThrough = (r: LightMyRequestResponse) => r.statusCode !== 401 && r.statusCode !== 403 && !toSignIn(r) && r.statusCode < 500;

/** A policy for a failure message: its access and roles. */
function describe(policy: RoutePolicy): string {
  if (policy.access === 'anyOf') return ` ${policy.policies.map((p) => `${p.access}${describe(p)}`).join(' | ')}`;
  return 'roles' in policy ? ` ${policy.roles.join('/')}` : '';
}

/** Whether the policy lets this actor through. */
function allows(policy: RoutePolicy, who: Actor): boolean | 'any' {
  switch (policy.access) {
    case 'public':
    case 'signedOut':
      return true;
    case 'signedIn':
      return who.kind !== 'signedOut';
    case 'bearer':
      return false;
    case 'operator':
      return who.kind === 'operator';
    case 'person':
      return who.kind === 'person';
    case 'within':
      return (who.kind === 'operator' && policy.operator !== false) || policy.roles.includes(who.groups[policy.group] ?? '');
    case 'org':
      if (who.kind === 'operator') return true;
      if (who.role === null || !policy.roles.includes(who.role)) return false;
      return who.org === 'A' || (policy.anyOrganisation === true && who.org !== null);
    case 'anyOf':
      return policy.policies.some((p) => allows(p, who) === true);
  }
}

test('every route has a declared policy', () => {
  const policies = declared();
  const missing = routes().filter((r) => !policies.has(`${r.method} ${r.url}`));
  const byModule = new Map<string, string[]>();
  for (const r of missing) byModule.set(r.module, [...(byModule.get(r.module) ?? []), `${r.method} ${r.url}`]);
  const report = [...byModule]
    .map(([m, list]) => `module ${m}: ${list.length} route(s) without a policy\n  ${list.join('\n  ')}`)
    .join('\n');
  expect(report, "Declare a policy for each route in its module's routePolicies (docs/decisions/014-route-policies.md)").toBe('');
});

test('no policy names a route that does not exist', () => {
  const known = new Set(routes().map((r) => `${r.method} ${r.url}`));
  expect([...declared().keys()].filter((k) => !known.has(k))).toEqual([]);
});

test('every route answers every actor as its policy says', async () => {
  const policies = declared();
  const failures: string[] = [];
  // A body the route's schema refuses is a 400 before its handler (and its authorisation) runs:
  // such calls check nothing and are counted, not passed or failed.
  const unchecked: string[] = [];
  // What a call may have changed is put back only when something was written since it was last put
  // back: PGlite counts every statement but a select (`writes`, which the kept pages rely on too),
  // and this process is the only one writing. About 1 call in 10 writes; putting back after every
  // call that is no GET was a third of this test's time. Without a counter, after every such call.
  const writes = () => ctx.database.writes?.() ?? Number.NaN;
  let fixturesPutBackAt = Number.NaN;
  let membershipsPutBackAt = Number.NaN;
  for (const route of routes()) {
    const policy = policies.get(`${route.method} ${route.url}`);
    if (!policy) continue;
    for (const who of actors) {
      const response = await call(route, who);
      if (route.method !== 'GET' && writes() !== fixturesPutBackAt) {
        for (const f of fixtures) await f.restore?.();
        fixturesPutBackAt = writes();
      }
      const allowed = allows(policy, who);
      if (!allowed && response.statusCode === 400) {
        unchecked.push(`${route.method} ${route.url} as ${who.name}`);
        continue;
      }
      const ok = allowed ? letThrough(response) : refused(response, who, policy);
      if (!ok)
        failures.push(
          `${route.method} ${route.url} (${policy.access}${describe(policy)}) as ${who.name}: ${response.statusCode}${response.headers.location ? ` → ${response.headers.location}` : ''} ${allowed ? 'expected through' : 'expected refused'}`,
        );
    }
    if (writes() !== membershipsPutBackAt) {
      for (const [org, user, role] of memberships) await addMember(ctx.db, org, user, role);
      membershipsPutBackAt = writes();
    }
  }
  if (unchecked.length) console.log(`${unchecked.length} refusals not checked (the body was refused first):\n  ${unchecked.join('\n  ')}`);
  expect(failures.join('\n')).toBe('');
  // About 2 minutes on a busy two-core machine (one call per route and actor, several hundred routes); the limit is for a hang, not a speed.
}, 900_000);
