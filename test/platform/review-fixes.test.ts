import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { buildApp } from '../../src/platform/http/app.ts';
import { Mailer } from '../../src/platform/mail.ts';
import { describeEachDatabase, testConfig } from '../helpers/db.ts';
import { Browser, signedInBrowser } from '../accounts/support.ts';

describeEachDatabase('platform review fixes', (ctx, kind) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('the outbox page escapes the delivery error and translates the status', async () => {
    await ctx()
      .db.insertInto('mail_outbox')
      .values({
        to_address: 'x@example.org',
        subject: `Failed ${kind}`,
        text_body: 'body',
        status: 'failed',
        error: '550 <img src=x onerror=alert(1)> unknown user',
      })
      .execute();
    const operator = await signedInBrowser(ctx(), app, { operator: true });
    const page = await operator.browser.get('/admin/outbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).toContain('550 &lt;img src=x onerror=alert(1)');
    expect(page.body).toContain('could not be sent');
    operator.browser.cookies.set('vaardig_lang', 'nl');
    expect((await operator.browser.get('/admin/outbox')).body).toContain('kon niet worden verstuurd');
  });

  test('the language switch sends people back to this site only', async () => {
    const browser = new Browser(app);
    for (const next of ['/\\evil.example', '//evil.example', 'https://evil.example', '/%0d%0aLocation:x', '/ok\r\nx']) {
      const response = await browser.get(`/lang/nl?next=${encodeURIComponent(next)}`);
      expect([302, 303], next).toContain(response.statusCode);
      expect(response.headers.location, next).toBe(next === '/%0d%0aLocation:x' ? next : '/');
    }
    const back = await browser.get(`/lang/en?next=${encodeURIComponent('/organisations?x=1')}`);
    expect(back.headers.location).toBe('/organisations?x=1');
  });

  test('a client cannot dodge the sign-in rate limit with X-Forwarded-For', async () => {
    const limited = await buildApp(ctx(), { logger: false, authRateLimit: 2 });
    try {
      const statuses: number[] = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        const response = await limited.inject({
          method: 'POST',
          url: '/signin',
          payload: 'email=a%40example.org&password=x',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': address },
        });
        statuses.push(response.statusCode);
      }
      expect(statuses[2]).toBe(429);
    } finally {
      await limited.close();
    }
  });

  test('mail over TLS checks the SMTP server certificate unless SMTP_TLS_INSECURE is set', async () => {
    // smtp-server's built-in certificate is self-signed, as an attacker's in the middle would be.
    const server = new SMTPServer({
      secure: true,
      authOptional: true,
      logger: false,
      onData: (stream, _s, done) => stream.on('end', done).resume(),
    });
    // The client hanging up on the certificate is what we expect, not an error of the test.
    server.on('error', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    try {
      const statusOf = async (env: Record<string, string>, to: string) => {
        const config = testConfig({}, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'true', ...env });
        const mailer = new Mailer(ctx().db, config, pino({ level: 'silent' }));
        await mailer.send({ to, subject: 'TLS', text: 'hello' });
        mailer.close();
        return ctx().db.selectFrom('mail_outbox').select(['status', 'error']).where('to_address', '=', to).executeTakeFirstOrThrow();
      };
      const checked = await statusOf({}, `checked-${kind}@example.org`);
      expect(checked.status).toBe('failed');
      expect(checked.error).toMatch(/certificate/i);
      expect((await statusOf({ SMTP_TLS_INSECURE: 'true' }, `insecure-${kind}@example.org`)).status).toBe('sent');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("error pages for Fastify's own errors speak the reader's language; the API keeps its detail", async () => {
    const nl = new Browser(app, 'nl');
    const missing = await nl.get('/bestaat-niet');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Op dit adres staat geen pagina');
    expect(missing.body).not.toContain('Nothing is at');
    const bad = await app.inject({
      method: 'POST',
      url: '/signin',
      payload: '{not json',
      headers: { 'content-type': 'application/json', accept: 'text/html', 'accept-language': 'en' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('The request could not be understood');
    expect(bad.body).not.toContain('JSON');
    const api = await app.inject({ method: 'GET', url: '/api/v1/bestaat-niet' });
    expect(api.json().detail).toBe('Nothing is at /api/v1/bestaat-niet');
  });
});
