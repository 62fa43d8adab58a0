import { describe, expect, test } from 'vitest';
import { hashPassword, PASSWORD_COST, passwordCost, verifyPassword } from '../../src/accounts/passwords.ts';

// The test runs hash passwords at a lower cost (VAARDIG_TEST_PASSWORD_COST in vitest.config.ts);
// this file holds what a server does.
describe('password hashing cost', () => {
  test('a server hashes at OWASP scrypt cost N=2^17, r=8, p=1, whatever VAARDIG_TEST_PASSWORD_COST says outside a test run', () => {
    expect(PASSWORD_COST).toEqual({ N: 131072, r: 8, p: 1 });
    expect(passwordCost({})).toEqual(PASSWORD_COST);
    expect(passwordCost({ VAARDIG_TEST_PASSWORD_COST: '1024' })).toEqual(PASSWORD_COST);
    expect(passwordCost({ NODE_ENV: 'test', VAARDIG_TEST_PASSWORD_COST: '1024' })).toEqual(PASSWORD_COST);
  });

  test('inside a test run only a power of two from 2^10 below the production N lowers it', () => {
    expect(passwordCost({ VITEST: 'true', VAARDIG_TEST_PASSWORD_COST: '1024' })).toEqual({ N: 1024, r: 8, p: 1 });
    for (const bad of ['', '1000', '512', '2', '0', '-1024', '262144', '131072', 'low', '1024.5']) {
      expect(passwordCost({ VITEST: 'true', VAARDIG_TEST_PASSWORD_COST: bad }), bad).toEqual(PASSWORD_COST);
    }
  });

  test('this run hashes cheaply, and a hash at production cost made elsewhere still verifies', async () => {
    expect(process.env.VAARDIG_TEST_PASSWORD_COST).toBe('1024');
    const cheap = await hashPassword('correct horse battery');
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', cheap)).toBe(true);
    const saved = process.env.VAARDIG_TEST_PASSWORD_COST;
    delete process.env.VAARDIG_TEST_PASSWORD_COST;
    let production: string;
    try {
      production = await hashPassword('correct horse battery');
    } finally {
      process.env.VAARDIG_TEST_PASSWORD_COST = saved;
    }
    expect(production).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery', production)).toBe(true);
    expect(await verifyPassword('correct horse batterY', production)).toBe(false);
  });
});
