/**
 * Brute force on sign-in (issue 14): failed sign-ins are counted in the database per account (10 in
 * 15 minutes, from any client addresses) and per client address (50, on any accounts, known or not).
 * Past a limit the form answers 429 with Retry-After and a message in the reader's language naming
 * the wait; the right password is refused as well until the window has passed (no bypass), and
 * another account or another address is not affected. The only password sign-in is the form
 * (/signin); OAuth apps and the API send people there (the API itself takes tokens, not passwords).
 * The in-memory per-address rate limit of the forms is set high here: the database counts are tested.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADDRESS_ATTEMPT_LIMIT, ATTEMPT_LIMIT, ATTEMPT_WINDOW_MINUTES } from '../../src/accounts/attempts.ts';
import { createUser } from '../../src/accounts/service.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser } from './support.ts';

const RIGHT = 'the right password';

describeEachDatabase('sign-in: failed attempts limited per account and per client address, in the database', (ctx, kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false, authRateLimit: 10_000 });
  });
  afterAll(() => app.close());

  let n = 0;
  async function account(): Promise<string> {
    n += 1;
    const email = `limits-${kind}-${n}@example.org`;
    await createUser(ctx().db, { email, name: `Person ${n}`, password: RIGHT, emailConfirmed: true });
    return email;
  }

  /** The sign-in form posted from a client address, in a language. */
  async function signIn(
    email: string,
    password: string,
    from: string,
    lang = 'en',
    extra: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const browser = new Browser(app, lang);
    await browser.get('/signin');
    return app.inject({
      method: 'POST',
      url: '/signin',
      remoteAddress: from,
      payload: new URLSearchParams({ _csrf: browser.csrf, email, password }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'accept-language': lang,
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
        ...extra,
      },
    });
  }

  /** Moves every attempt of the window `minutes` into the past, as if that time went by. */
  async function age(minutes: number): Promise<void> {
    await sql`update sign_in_attempts set created_at = created_at - make_interval(mins => ${minutes})`.execute(ctx().db);
  }

  function retryAfter(response: LightMyRequestResponse): number {
    const seconds = Number(response.headers['retry-after']);
    expect(Number.isInteger(seconds), `Retry-After: ${response.headers['retry-after']}`).toBe(true);
    return seconds;
  }

  test('per account: 10 failures from 10 addresses, then 429 with Retry-After and the wait in en and nl, even for the right password; another account is not affected; after the window it works', async () => {
    const email = await account();
    const other = await account();
    for (let i = 0; i < ATTEMPT_LIMIT; i++) expect((await signIn(email, `guess ${i}`, `198.51.100.${i + 1}`)).statusCode).toBe(400);

    const locked = await signIn(email, RIGHT, '192.0.2.77');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['set-cookie']?.toString() ?? '').not.toContain('vaardig_session=');
    const seconds = retryAfter(locked);
    expect(seconds).toBeGreaterThan((ATTEMPT_WINDOW_MINUTES - 1) * 60);
    expect(seconds).toBeLessThanOrEqual(ATTEMPT_WINDOW_MINUTES * 60);
    expect(locked.body).toContain(`Too many attempts for this account: wait ${ATTEMPT_WINDOW_MINUTES} minutes`);
    const dutch = await signIn(email.toUpperCase(), RIGHT, '192.0.2.78', 'nl');
    expect(dutch.statusCode).toBe(429);
    expect(dutch.body).toContain(`Te veel pogingen voor dit account: wacht ${ATTEMPT_WINDOW_MINUTES} minuten`);
    retryAfter(dutch);

    // From one of the guessing addresses, another account signs in as usual.
    expect((await signIn(other, RIGHT, '198.51.100.1')).statusCode).toBe(303);

    // Part of the window gone: still refused, and the wait named is what is left.
    await age(ATTEMPT_WINDOW_MINUTES - 4);
    const later = await signIn(email, RIGHT, '192.0.2.77');
    expect(later.statusCode).toBe(429);
    expect(retryAfter(later)).toBeLessThanOrEqual(4 * 60);
    expect(later.body).toContain('wait 4 minutes');

    // The window gone: the right password signs in.
    await age(5);
    const open = await signIn(email, RIGHT, '192.0.2.77');
    expect(open.statusCode).toBe(303);
    expect(open.headers['set-cookie']?.toString()).toContain('vaardig_session=');
  });

  test('per client address: 50 failures on 50 accounts (known or not) from one address, then 429 there for any account, even with its right password; other addresses are not affected', async () => {
    const victim = await account();
    const attacker = '203.0.113.50';
    for (let i = 0; i < ADDRESS_ATTEMPT_LIMIT; i++) {
      // Half of the addresses have accounts, half do not: the count is the same.
      const email = i % 2 ? await account() : `nobody-${kind}-${i}@example.org`;
      expect((await signIn(email, 'password123', attacker)).statusCode, `attempt ${i}`).toBe(400);
    }
    const refused = await signIn(victim, RIGHT, attacker);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['set-cookie']?.toString() ?? '').not.toContain('vaardig_session=');
    expect(retryAfter(refused)).toBeGreaterThan((ATTEMPT_WINDOW_MINUTES - 1) * 60);
    expect(refused.body).toContain(`Too many failed sign-ins from your network: wait ${ATTEMPT_WINDOW_MINUTES} minutes`);
    const dutch = await signIn(victim, RIGHT, attacker, 'nl');
    expect(dutch.statusCode).toBe(429);
    expect(dutch.body).toContain(`Te veel mislukte inlogpogingen vanaf je netwerk: wacht ${ATTEMPT_WINDOW_MINUTES} minuten`);

    // Nothing of this counted against the victim's account: from another address it signs in.
    expect((await signIn(victim, RIGHT, '192.0.2.200')).statusCode).toBe(303);
    // A proxy's X-Forwarded-For is not believed without TRUST_PROXY: the client cannot pick another address.
    const spoof = await signIn(victim, RIGHT, attacker, 'en', { 'x-forwarded-for': '192.0.2.201' });
    expect(spoof.statusCode).toBe(429);

    await age(ATTEMPT_WINDOW_MINUTES + 1);
    expect((await signIn(victim, RIGHT, attacker)).statusCode).toBe(303);
  });

  test('per client address, IPv6: one network (/64) counts as one client, whichever of its addresses each guess comes from', async () => {
    const victim = await account();
    for (let i = 0; i < ADDRESS_ATTEMPT_LIMIT; i++)
      expect((await signIn(`nobody6-${kind}-${i}@example.org`, 'password123', `2001:db8:77:1::${(i + 1).toString(16)}`)).statusCode).toBe(
        400,
      );
    const refused = await signIn(victim, RIGHT, '2001:db8:77:1:ffff:ffff:ffff:fffe');
    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain('Too many failed sign-ins from your network');
    // The next network over is another client.
    expect((await signIn(victim, RIGHT, '2001:db8:77:2::1')).statusCode).toBe(303);
  });

  test('the counts live in the database: a second app over the same database (another node) refuses as well', async () => {
    const email = await account();
    for (let i = 0; i < ATTEMPT_LIMIT; i++) expect((await signIn(email, `guess ${i}`, '198.51.100.99')).statusCode).toBe(400);
    const node2 = await buildApp(ctx(), { logger: false, authRateLimit: 10_000 });
    try {
      const browser = new Browser(node2);
      const response = await browser.post('/signin', { email, password: RIGHT });
      expect(response.statusCode).toBe(429);
      expect(response.headers['retry-after']).toBeDefined();
    } finally {
      await node2.close();
    }
  });
});
