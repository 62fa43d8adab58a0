import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../../src/accounts/sessions.ts';
import { createAchievement } from '../../../src/credentials/issuing/achievements.ts';
import { changeCredentialStatus, issueCredential } from '../../../src/credentials/issuing/issue.ts';
import { endorse, endorsementsFor, revokeEndorsement } from '../../../src/endorsements/service.ts';
import { modules } from '../../../src/modules.ts';
import { type AppContext, createContext } from '../../../src/platform/context.ts';
import { openDatabase } from '../../../src/platform/db/database.ts';
import { buildApp } from '../../../src/platform/http/app.ts';
import { createPostgresDatabase, describeEachDatabase, POSTGRES_URL, testConfig } from '../../helpers/db.ts';
import { Browser } from '../../accounts/support.ts';
import { organisationWith, person } from './helpers.ts';

/**
 * Public credential pages are kept rendered for signed-out visitors (issue 13,
 * src/platform/http/page-cache.ts) and must never show a state that is no longer true: each of
 * these changes shows on the very next request, on the app that made it and on another app (its
 * own kept pages) on the same database, which hears of it only through the database.
 */
async function world(ctx: AppContext, slug: string) {
  const issuer = await person(ctx, 'Ilse');
  await organisationWith(ctx, slug, [[issuer, 'issuer']]);
  const endorser = await person(ctx, 'Erik');
  await organisationWith(ctx, `${slug}-endorser`, [[endorser, 'issuer']]);
  const achievement = await createAchievement(ctx, issuer, slug, {
    name: 'Forklift licence',
    description: 'Drives a forklift safely.',
    criteriaNarrative: 'Passed the practical exam.',
    suspendable: true,
  });
  const issue = (email: string, extra: Record<string, unknown> = {}) =>
    issueCredential(ctx, issuer, slug, { achievementId: achievement.id, recipient: { email }, notify: false, ...extra });
  return { issuer, endorser, issue };
}

/** What a signed-out visitor's page says about the credential's state. */
function state(body: string): string {
  return /class="state state-([a-z]+)"/.exec(body)?.[1] ?? 'none';
}

async function expectState(apps: FastifyInstance[], path: string, expected: string, verdict: 'valid' | 'invalid') {
  for (const [i, app] of apps.entries()) {
    const page = await new Browser(app).get(path);
    expect(page.statusCode, `app ${i}`).toBe(200);
    expect(state(page.body), `app ${i}`).toBe(expected);
    expect(page.body, `app ${i}`).toContain(`verdict verdict-${verdict}`);
    expect(page.headers['cache-control'], `app ${i}`).toBe('private, no-cache');
  }
}

describeEachDatabase('kept public credential pages', (ctx, kind) => {
  const ORG = `kept-${kind}`;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    a = await buildApp(ctx(), { logger: false });
    b = await buildApp(ctx(), { logger: false });
    w = await world(ctx(), ORG);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  test('each visitor gets the kept page with their own CSRF token; a tag answers 304 until the state changes', async () => {
    const credential = await w.issue('tag@example.org');
    const path = `/credentials/${credential.id}`;
    const one = new Browser(a);
    const two = new Browser(a);
    const first = await one.get(path);
    const second = await two.get(path);
    expect(first.statusCode).toBe(200);
    expect(one.csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(first.body).toContain(`content="${one.csrf}"`);
    expect(second.body).toContain(`content="${two.csrf}"`);
    expect(one.csrf).not.toBe(two.csrf);
    expect(first.body.replace(one.csrf, 'T')).toBe(second.body.replace(two.csrf, 'T'));
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(first.headers['last-modified']).toBeTruthy();

    const again = await a.inject({
      url: path,
      headers: { cookie: `vaardig_csrf=${one.cookies.get('vaardig_csrf')}`, 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Another visitor's tag is not theirs (their token differs).
    const other = await a.inject({
      url: path,
      headers: { cookie: `vaardig_csrf=${one.cookies.get('vaardig_csrf')}`, 'if-none-match': String(second.headers.etag) },
    });
    expect(other.statusCode).toBe(200);

    await changeCredentialStatus(ctx(), w.issuer, ORG, credential.id, 'revoke', 'issued by mistake');
    const revoked = await a.inject({
      url: path,
      headers: { cookie: `vaardig_csrf=${one.cookies.get('vaardig_csrf')}`, 'if-none-match': String(first.headers.etag) },
    });
    expect(revoked.statusCode).toBe(200);
    expect(state(revoked.body)).toBe('revoked');
  });

  test('revoked, suspended and reinstated: the next request on either app shows it, after both kept the page', async () => {
    const credential = await w.issue('state@example.org');
    const path = `/credentials/${credential.id}`;
    await expectState([a, b], path, 'active', 'valid');
    await expectState([a, b], path, 'active', 'valid');

    await changeCredentialStatus(ctx(), w.issuer, ORG, credential.id, 'suspend', 'under investigation');
    await expectState([b, a], path, 'suspended', 'invalid');
    await changeCredentialStatus(ctx(), w.issuer, ORG, credential.id, 'reinstate', 'cleared');
    await expectState([a, b], path, 'active', 'valid');
    await changeCredentialStatus(ctx(), w.issuer, ORG, credential.id, 'revoke', 'fraud');
    await expectState([b, a], path, 'revoked', 'invalid');
    const page = await new Browser(a).get(path);
    expect(page.body).toContain('banner-revoked');
    expect(page.body).toContain('fraud');
  });

  test('an endorsement of the credential shows at once, and its revocation too', async () => {
    const credential = await w.issue('endorsed@example.org');
    const path = `/credentials/${credential.id}`;
    await expectState([a, b], path, 'active', 'valid');
    expect((await new Browser(b).get(path)).body).not.toContain('Trusted forklift driver');

    await endorse(ctx(), w.endorser, `${ORG}-endorser`, {
      subjectType: 'credential',
      subjectId: credential.id,
      comment: 'Trusted forklift driver',
    });
    for (const app of [a, b]) {
      const body = (await new Browser(app).get(path)).body;
      expect(body).toContain('Trusted forklift driver');
      expect(body).not.toContain('class="endorsement revoked"');
    }

    const [given] = await endorsementsFor(ctx(), [{ kind: 'credential', id: credential.id }]);
    await revokeEndorsement(ctx(), w.endorser, given.id, 'No longer');
    for (const app of [a, b]) expect((await new Browser(app).get(path)).body).toContain('class="endorsement revoked"');
  });

  test("the issuer's name, changed in the database, shows at once", async () => {
    const credential = await w.issue('renamed@example.org');
    const path = `/credentials/${credential.id}`;
    for (const app of [a, b]) expect((await new Browser(app).get(path)).body).toContain(`">Org ${ORG}</a>`);
    await ctx().db.updateTable('organisations').set({ name: 'Heftruckschool Maasdal' }).where('slug', '=', ORG).execute();
    for (const app of [a, b]) expect((await new Browser(app).get(path)).body).toContain('">Heftruckschool Maasdal</a>');
  });

  test('on PGlite the version is read again only after a statement other than a select; raw SQL and the job queue count', async () => {
    const credential = await w.issue('raw@example.org');
    const path = `/credentials/${credential.id}`;
    await new Browser(a).get(path);
    const writes = ctx().database.writes;
    if (kind === 'pglite') {
      expect(writes).toBeTypeOf('function');
      const before = writes?.();
      await ctx().db.selectFrom('organisations').select('name').execute();
      expect(writes?.()).toBe(before);
      await ctx().db.updateTable('organisations').set({ name: 'Org raw' }).where('slug', '=', 'nobody').execute();
      expect(writes?.()).toBe((before ?? 0) + 1);
    } else {
      expect(writes).toBeUndefined();
    }
    await sql`update organisations set name = 'Rijschool Raw' where slug = ${ORG}`.execute(ctx().db);
    for (const app of [a, b]) expect((await new Browser(app).get(path)).body).toContain('">Rijschool Raw</a>');
    if (kind === 'pglite') {
      await ctx().database.executeSql(`update organisations set name = 'Rijschool Queue' where slug = '${ORG}'`);
      for (const app of [a, b]) expect((await new Browser(app).get(path)).body).toContain('">Rijschool Queue</a>');
    }
  });

  test('a credential that expires while its page is kept shows as expired once its time has come', async () => {
    // Six seconds: time enough for the first views on a loaded machine.
    const until = Date.now() + 6000;
    const credential = await w.issue('expiring@example.org', { validUntil: new Date(until) });
    const path = `/credentials/${credential.id}`;
    await expectState([a, b], path, 'active', 'valid');
    await new Promise((done) => setTimeout(done, Math.max(0, until - Date.now()) + 300));
    await expectState([a, b], path, 'expired', 'invalid');
  });

  test('signed in, or with a message to show, the page is rendered for the visitor and not kept', async () => {
    const credential = await w.issue('personal@example.org');
    const path = `/credentials/${credential.id}`;
    const session = await createSession(ctx().db, w.endorser.id);
    const signedIn = await a.inject({ url: path, headers: { cookie: `${SESSION_COOKIE}=${session.token}` } });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('private, no-store');
    expect(signedIn.headers.etag).toBeUndefined();
    expect(signedIn.body).toContain('/account');
    // The signed-out page kept meanwhile names no one.
    const signedOut = await new Browser(a).get(path);
    expect(signedOut.headers['cache-control']).toBe('private, no-cache');
    expect(signedOut.body).not.toContain(w.endorser.name);
    expect(signedOut.body).toContain('href="/signin"');
  });

  test('the home page for signed-out visitors is kept per language', async () => {
    const en = await new Browser(a, 'en').get('/');
    const nl = await new Browser(a, 'nl').get('/');
    expect(en.headers['cache-control']).toBe('private, no-cache');
    expect(en.body).toContain('<html lang="en"');
    expect(nl.body).toContain('<html lang="nl"');
    const enAgain = await new Browser(a, 'en').get('/');
    expect(enAgain.body).toContain('<html lang="en"');
  });
});

// Two servers with pools of their own on one PostgreSQL database (as behind a load balancer).
(POSTGRES_URL ? describe : describe.skip)('kept public credential pages on two servers sharing a PostgreSQL database', () => {
  const contexts: AppContext[] = [];
  const apps: FastifyInstance[] = [];
  let drop: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const database = await createPostgresDatabase('vaardig_kept');
    drop = database.drop;
    for (let i = 0; i < 2; i++) {
      const ctx = await createContext(testConfig(), modules, {
        database: await openDatabase({ url: database.url }),
        log: pino({ level: 'silent' }),
      });
      contexts.push(ctx);
      apps.push(await buildApp(ctx, { logger: false }));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const ctx of contexts) await ctx.close();
    await drop();
  });

  test('a revocation made through one server shows on the other at its next request', async () => {
    const w = await world(contexts[0], 'kept-two');
    const credential = await w.issue('two@example.org');
    const path = `/credentials/${credential.id}`;
    await expectState(apps, path, 'active', 'valid');
    await expectState(apps, path, 'active', 'valid');
    await changeCredentialStatus(contexts[1], w.issuer, 'kept-two', credential.id, 'revoke', 'withdrawn');
    await expectState(apps, path, 'revoked', 'invalid');
  });
});
