import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser, signedInBrowser } from './support/accounts.ts';

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
});
