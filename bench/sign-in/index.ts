// Sign-in time through the real HTTP route (POST /signin, form, CSRF, session cookie, redirect),
// issue 13 and decision 022: an account with today's Argon2id hash (m=19 MiB, t=2, p=1) against an
// account with the scrypt hash of before (N=2^17, r=8, p=1), in the same run, taken in turns so the
// machine's load falls on both alike. The scrypt account's hash is put back after each sign-in
// (a successful sign-in makes it Argon2id). Also the hash alone on one core, and sign-ins four at a
// time (what a burst of people at a class's start does). A scrypt account's sign-in now also makes its
// Argon2id hash (once per account in real life, every time here): the code before did not.
//   npm run bench -- sign-in      BENCH_SIGNIN_ROUNDS=30 (sign-ins per account, one at a time)
// Target (issue 13): sign-in ≤ 300 ms.
import { randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { createUser } from '../../src/accounts/service.ts';
import { hashPassword, PASSWORD_COST, verifyPassword } from '../../src/accounts/passwords.ts';
import { modules } from '../../src/modules.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createContext } from '../../src/platform/context.ts';
import { buildApp } from '../../src/platform/http/app.ts';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const ROUNDS = Number(process.env.BENCH_SIGNIN_ROUNDS ?? 30);
const PASSWORD = 'correct horse battery staple';
const OLD = { N: 2 ** 17, r: 8, p: 1 };

async function oldScryptHash(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, 32, { ...OLD, maxmem: 256 * OLD.N * OLD.r });
  return `scrypt$${OLD.N}$${OLD.r}$${OLD.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(sorted, 95).toFixed(0).padStart(5)} ms   (n=${sorted.length})`;
};

export async function run(): Promise<void> {
  if (process.env.VITEST) throw new Error('bench/sign-in measures the production cost: run it outside vitest');
  const home = mkdtempSync(join(tmpdir(), 'vaardig-bench-signin-'));
  const ctx = await createContext(
    loadConfig({
      VAARDIG_HOME: home,
      VAARDIG_SECRET: 'bench-secret-0123456789abcdefghijklmnop',
      BASE_URL: 'http://127.0.0.1',
      LOG_LEVEL: 'silent',
    }),
    modules,
    { log: pino({ level: 'silent' }) },
  );
  const app = await buildApp(ctx, { logger: false, authRateLimit: 1_000_000 });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

    // The hash alone, one at a time (thread pool, so the event loop is free meanwhile).
    const hashTimes = { argon2id: [] as number[], scrypt: [] as number[] };
    const argonHash = await hashPassword(PASSWORD);
    const scryptHash = await oldScryptHash(PASSWORD);
    for (let i = 0; i < 10; i++) {
      let t = performance.now();
      await verifyPassword(PASSWORD, argonHash);
      hashTimes.argon2id.push(performance.now() - t);
      t = performance.now();
      await verifyPassword(PASSWORD, scryptHash);
      hashTimes.scrypt.push(performance.now() - t);
    }

    const accounts = {
      argon2id: 'argon@bench.test',
      scrypt: 'scrypt@bench.test',
    };
    await createUser(ctx.db, { email: accounts.argon2id, name: 'Anna Argon', password: PASSWORD, emailConfirmed: true });
    const scryptUser = await createUser(ctx.db, {
      email: accounts.scrypt,
      name: 'Sam Scrypt',
      password: PASSWORD,
      passwordHash: scryptHash,
      emailConfirmed: true,
    });
    const restore = () => ctx.db.updateTable('users').set({ password_hash: scryptHash }).where('id', '=', scryptUser.id).execute();

    /** A browser's sign-in: the form (CSRF cookie and token), then the post; timed from the post to the redirect. */
    async function signIn(email: string): Promise<number> {
      const form = await fetch(`${base}/signin`);
      const cookie = (form.headers.getSetCookie() ?? []).map((c) => c.split(';')[0]).join('; ');
      const token = /name="csrf-token" content="([^"]+)"/.exec(await form.text())?.[1] ?? '';
      const started = performance.now();
      const response = await fetch(`${base}/signin`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password: PASSWORD, _csrf: token }).toString(),
      });
      await response.arrayBuffer();
      const elapsed = performance.now() - started;
      if (response.status !== 303 || !response.headers.getSetCookie().some((c) => c.startsWith('vaardig_session=')))
        throw new Error(`sign-in of ${email} answered ${response.status}`);
      return elapsed;
    }

    await signIn(accounts.argon2id);
    await signIn(accounts.scrypt);
    await restore();
    const one = { argon2id: [] as number[], scrypt: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      one.argon2id.push(await signIn(accounts.argon2id));
      one.scrypt.push(await signIn(accounts.scrypt));
      await restore();
    }
    const four = { argon2id: [] as number[], scrypt: [] as number[] };
    for (let i = 0; i < Math.max(2, Math.round(ROUNDS / 6)); i++) {
      four.argon2id.push(...(await Promise.all([0, 1, 2, 3].map(() => signIn(accounts.argon2id)))));
      // The first of the four that finishes makes the hash Argon2id; the others have read the scrypt hash by then.
      four.scrypt.push(...(await Promise.all([0, 1, 2, 3].map(() => signIn(accounts.scrypt)))));
      await restore();
    }

    const cost = `m=${PASSWORD_COST.m},t=${PASSWORD_COST.t},p=${PASSWORD_COST.p}`;
    console.log(
      `sign-in: POST /signin over HTTP (embedded PGlite, in-process server); ${process.version}, thread pool ${process.env.UV_THREADPOOL_SIZE ?? 4}`,
    );
    console.log(`  hash alone, argon2id ${cost}:        ${summary(hashTimes.argon2id)}`);
    console.log(`  hash alone, scrypt N=2^17,r=8,p=1 (before): ${summary(hashTimes.scrypt)}`);
    console.log(`  sign-in, argon2id, one at a time:         ${summary(one.argon2id)}`);
    console.log(`  sign-in, scrypt account, one at a time:   ${summary(one.scrypt)}`);
    console.log(`  sign-in, argon2id, four at once:          ${summary(four.argon2id)}`);
    console.log(`  sign-in, scrypt account, four at once:    ${summary(four.scrypt)}`);
    const p50 = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    console.log(`  ratio scrypt / argon2id (p50, one at a time): ${(p50(one.scrypt) / p50(one.argon2id)).toFixed(1)}×; target ≤ 300 ms`);
  } finally {
    await app.close();
    await ctx.close();
    rmSync(home, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
