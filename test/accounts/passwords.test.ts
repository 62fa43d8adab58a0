import { randomBytes, scryptSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hashPassword, needsRehash, PASSWORD_COST, passwordCost, verifyPassword } from '../../src/accounts/passwords.ts';
import { createUser } from '../../src/accounts/service.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser } from './support.ts';

/** A hash as the code before decision 022 stored it: scrypt$N$r$p$salt$hash (base64url). */
function legacyScrypt(password: string, N = 1024): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return `scrypt$${N}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

async function productionHash(password: string): Promise<string> {
  const saved = process.env.VAARDIG_TEST_PASSWORD_COST;
  delete process.env.VAARDIG_TEST_PASSWORD_COST;
  try {
    return await hashPassword(password);
  } finally {
    process.env.VAARDIG_TEST_PASSWORD_COST = saved;
  }
}

// The test runs hash passwords at a lower cost (VAARDIG_TEST_PASSWORD_COST in vitest.config.ts);
// this file holds what a server does.
describe('password hashing cost', () => {
  test("a server hashes with Argon2id at OWASP's m=19 MiB, t=2, p=1, whatever VAARDIG_TEST_PASSWORD_COST says outside a test run", () => {
    expect(PASSWORD_COST).toEqual({ m: 19456, t: 2, p: 1 });
    expect(passwordCost({})).toEqual(PASSWORD_COST);
    expect(passwordCost({ VAARDIG_TEST_PASSWORD_COST: '1024' })).toEqual(PASSWORD_COST);
    expect(passwordCost({ NODE_ENV: 'test', VAARDIG_TEST_PASSWORD_COST: '1024' })).toEqual(PASSWORD_COST);
  });

  test('inside a test run only a power of two from 2^10 KiB below the production memory lowers it', () => {
    expect(passwordCost({ VITEST: 'true', VAARDIG_TEST_PASSWORD_COST: '1024' })).toEqual({ m: 1024, t: 2, p: 1 });
    for (const bad of ['', '1000', '512', '2', '0', '-1024', '32768', '19456', 'low', '1024.5']) {
      expect(passwordCost({ VITEST: 'true', VAARDIG_TEST_PASSWORD_COST: bad }), bad).toEqual(PASSWORD_COST);
    }
  });

  test('this run hashes cheaply, and a hash at production cost made elsewhere is a PHC string that still verifies', async () => {
    expect(process.env.VAARDIG_TEST_PASSWORD_COST).toBe('1024');
    const cheap = await hashPassword('correct horse battery');
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=1024,t=2,p=1\$/);
    expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
    const production = await productionHash('correct horse battery');
    expect(production).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword('correct horse battery', production)).toBe(true);
    expect(await verifyPassword('correct horse batterY', production)).toBe(false);
    // Two hashes of one password differ (salt).
    expect(await hashPassword('correct horse battery')).not.toBe(cheap);
  });

  test('scrypt hashes from before decision 022 still verify, and are weaker than today: made again', async () => {
    const old = legacyScrypt('correct horse battery');
    expect(await verifyPassword('correct horse battery', old)).toBe(true);
    expect(await verifyPassword('correct horse batterY', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('x'))).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g')).toBe(true);
    expect(needsRehash(await productionHash('x'), PASSWORD_COST)).toBe(false);
  });

  test('a stored value that is no hash, or asks for too much, is a wrong password (no throw, no work)', async () => {
    for (const bad of [
      '',
      'plain text',
      '$argon2id$v=19$m=19456,t=2,p=1$$',
      '$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g',
      '$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g',
      '$argon2id$v=19$m=1024,t=0,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g',
      '$argon2i$v=19$m=1024,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g',
      'scrypt$1073741824$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA',
      'scrypt$x$8$1$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA',
    ]) {
      expect(await verifyPassword('whatever', bad), bad).toBe(false);
    }
  });
});

describeEachDatabase('a scrypt hash from before decision 022 becomes Argon2id at the next sign-in', (ctx, kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  const storedHash = async (email: string) =>
    (await ctx().db.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow()).password_hash;

  test('a wrong password leaves the old hash; the right one signs in and stores an Argon2id hash that works next time', async () => {
    const email = `legacy-${kind}@example.org`;
    const old = legacyScrypt('an old enough password');
    await createUser(ctx().db, { email, name: 'Olga Old', password: 'an old enough password', passwordHash: old, emailConfirmed: true });

    const wrong = await new Browser(app).post('/signin', { email, password: 'not the password' });
    expect(wrong.statusCode).toBe(400);
    expect(await storedHash(email)).toBe(old);

    const right = await new Browser(app).post('/signin', { email, password: 'an old enough password' });
    expect(right.statusCode).toBe(303);
    const upgraded = await storedHash(email);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=1024,t=2,p=1\$/);
    expect(await verifyPassword('an old enough password', upgraded)).toBe(true);

    const again = await new Browser(app).post('/signin', { email, password: 'an old enough password' });
    expect(again.statusCode).toBe(303);
    expect(await storedHash(email)).toBe(upgraded);
  });
});
