import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/** OWASP's scrypt parameters (N=2^17, r=8, p=1); stored with the hash so they can be raised later. */
export const PASSWORD_COST = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEYLEN = 32;

/**
 * The cost new hashes get: PASSWORD_COST, except in the test runs. One hash at N=2^17 takes ≈ 0.35 s
 * of a core and 128 MB, and the suites make hundreds of accounts, so vitest's configs set
 * VAARDIG_TEST_PASSWORD_COST (a power of two for N). It counts only inside a vitest run (VITEST is
 * set, also in the processes its tests start) and never below 2^10; a server ignores it.
 * test/accounts/passwords.test.ts holds the production setting.
 */
export function passwordCost(env: Record<string, string | undefined> = process.env): { N: number; r: number; p: number } {
  const n = Number(env.VAARDIG_TEST_PASSWORD_COST);
  if (env.VITEST && Number.isInteger(n) && n >= 2 ** 10 && n < PASSWORD_COST.N && (n & (n - 1)) === 0) return { ...PASSWORD_COST, N: n };
  return { ...PASSWORD_COST };
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = passwordCost();
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEYLEN, { N, r, p, maxmem: 256 * N * r });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * Number(n) * Number(r),
  });
  return timingSafeEqual(key, expected);
}
