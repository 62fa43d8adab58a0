import { argon2 as argon2Callback, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema.ts';

// Both run in libuv's thread pool (the callback APIs), never on the event loop.
const argon2 = promisify(argon2Callback) as (
  algorithm: 'argon2id',
  parameters: { message: string; nonce: Buffer; parallelism: number; tagLength: number; memory: number; passes: number },
) => Promise<Buffer>;
const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

/**
 * OWASP's first choice (Password Storage Cheat Sheet): Argon2id with 19 MiB of memory (m, in KiB),
 * two passes (t) and one lane (p). The parameters are stored with each hash (PHC string format), so
 * they can be raised later; hashes made with less are made again at the next sign-in.
 * Decision 022 (docs/decisions/022-password-hashing.md).
 */
export const PASSWORD_COST = { m: 19_456, t: 2, p: 1 } as const;
const SALT_BYTES = 16;
const TAG_BYTES = 32;
/** Limits on what a stored hash may ask for, so a bad row cannot make a sign-in take gigabytes. */
const MAX = { m: 1 << 21, t: 16, p: 16, N: 1 << 20, r: 32 };

export type PasswordCost = { m: number; t: number; p: number };

/**
 * The cost new hashes get: PASSWORD_COST, except in the test runs. One hash at m=19 MiB, t=2 takes
 * ≈ 35–40 ms of CPU (scrypt at N=2^17 took ≈ 450 ms), and the suites make hundreds of accounts, so vitest's configs set
 * VAARDIG_TEST_PASSWORD_COST (memory in KiB, a power of two). It counts only inside a vitest run
 * (VITEST is set, also in the processes its tests start) and never below 2^10 KiB; a server ignores
 * it. test/accounts/passwords.test.ts holds the production setting.
 */
export function passwordCost(env: Record<string, string | undefined> = process.env): PasswordCost {
  const m = Number(env.VAARDIG_TEST_PASSWORD_COST);
  if (env.VITEST && Number.isInteger(m) && m >= 2 ** 10 && m < PASSWORD_COST.m && (m & (m - 1)) === 0) return { ...PASSWORD_COST, m };
  return { ...PASSWORD_COST };
}

// PHC strings use standard base64 without padding.
const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
const B64 = /^[A-Za-z0-9+/]+$/;

function argon2id(password: string, salt: Buffer, cost: PasswordCost, tagLength: number): Promise<Buffer> {
  return argon2('argon2id', {
    message: password.normalize('NFKC'),
    nonce: salt,
    parallelism: cost.p,
    tagLength,
    memory: cost.m,
    passes: cost.t,
  });
}

/** A new hash: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
export async function hashPassword(password: string): Promise<string> {
  const cost = passwordCost();
  const salt = randomBytes(SALT_BYTES);
  const key = await argon2id(password, salt, cost, TAG_BYTES);
  return `$argon2id$v=19$m=${cost.m},t=${cost.t},p=${cost.p}$${b64(salt)}$${b64(key)}`;
}

type Parsed =
  | { scheme: 'argon2id'; cost: PasswordCost; salt: Buffer; hash: Buffer }
  | { scheme: 'scrypt'; N: number; r: number; p: number; salt: Buffer; hash: Buffer };

const whole = (value: string | undefined, max: number) => {
  const n = Number(value);
  return value && /^\d+$/.test(value) && n >= 1 && n <= max ? n : null;
};

function parse(stored: string): Parsed | null {
  if (stored.startsWith('$argon2id$')) {
    // $argon2id$v=19$m=..,t=..,p=..$salt$hash
    const [, , version, params, salt, hash] = stored.split('$');
    const match = /^m=(\d+),t=(\d+),p=(\d+)$/.exec(params ?? '');
    if (version !== 'v=19' || !match || !salt || !hash || !B64.test(salt) || !B64.test(hash)) return null;
    const [m, t, p] = [whole(match[1], MAX.m), whole(match[2], MAX.t), whole(match[3], MAX.p)];
    if (m === null || t === null || p === null || m < 8 * p) return null;
    const decoded = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    if (decoded.salt.length < 8 || decoded.hash.length < 16) return null;
    return { scheme: 'argon2id', cost: { m, t, p }, ...decoded };
  }
  if (stored.startsWith('scrypt$')) {
    // Before decision 022: scrypt$N$r$p$salt$hash (base64url).
    const [, n, r, p, salt, hash] = stored.split('$');
    const [N, R, P] = [whole(n, MAX.N), whole(r, MAX.r), whole(p, MAX.p)];
    if (N === null || R === null || P === null || !salt || !hash) return null;
    const decoded = { salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
    if (decoded.hash.length < 16) return null;
    return { scheme: 'scrypt', N, r: R, p: P, ...decoded };
  }
  return null;
}

/** Whether `password` is the one `stored` was made of (Argon2id, or scrypt from before decision 022); compared in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key =
    parsed.scheme === 'argon2id'
      ? await argon2id(password, parsed.salt, parsed.cost, parsed.hash.length)
      : await scrypt(password.normalize('NFKC'), parsed.salt, parsed.hash.length, {
          N: parsed.N,
          r: parsed.r,
          p: parsed.p,
          maxmem: 256 * parsed.N * parsed.r,
        });
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** Whether a stored hash is weaker than what new hashes get (scrypt, or Argon2id with less memory or fewer passes): made again at the next sign-in. */
export function needsRehash(stored: string, cost: PasswordCost = passwordCost()): boolean {
  const parsed = parse(stored);
  return parsed?.scheme !== 'argon2id' || parsed.cost.m < cost.m || parsed.cost.t < cost.t;
}

/**
 * Checks a person's password against their stored hash, and when it is right and the hash is weaker
 * than today's (a scrypt hash from before decision 022), stores a new Argon2id hash of it — only if
 * the stored hash is still the one checked (a password changed meanwhile wins).
 */
export async function verifyAndUpgrade(
  db: Kysely<Database>,
  user: { id: string; password_hash: string },
  password: string,
): Promise<boolean> {
  if (!(await verifyPassword(password, user.password_hash))) return false;
  if (needsRehash(user.password_hash)) {
    const upgraded = await hashPassword(password);
    await db
      .updateTable('users')
      .set({ password_hash: upgraded })
      .where('id', '=', user.id)
      .where('password_hash', '=', user.password_hash)
      .execute();
  }
  return true;
}
