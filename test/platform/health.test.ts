import { expect, test } from 'vitest';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('platform app', (ctx) => {
  test('GET /health answers ok', async () => {
    const app = await buildApp(ctx(), { logger: false });
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    await app.close();
  });

  test('an unknown API path answers problem+json', async () => {
    const app = await buildApp(ctx(), { logger: false });
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 404, title: 'Not Found' });
    await app.close();
  });

  test('the home page renders in Dutch for a Dutch browser', async () => {
    const app = await buildApp(ctx(), { logger: false });
    const response = await app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'nl-NL,nl;q=0.9,en;q=0.8' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="nl">');
    expect(response.body).toContain('Eén taal van vaardigheden');
    await app.close();
  });

  test('pages may show images from the public address (BASE_URL) when opened under another name, and a phone menu', async () => {
    const app = await buildApp(ctx(), { logger: false });
    const response = await app.inject({ method: 'GET', url: '/', headers: { host: '127.0.0.1:3000' } });
    const csp = String(response.headers['content-security-policy']);
    const imgSrc = csp.split(';').find((d) => d.trim().startsWith('img-src'));
    expect(imgSrc).toContain(new URL(ctx().config.baseUrl).origin);
    expect(response.body).toMatch(/<button type="button" class="menu-toggle" aria-expanded="false" aria-controls="site-menu" hidden>/);
    expect(response.body).toContain('id="site-menu"');
    await app.close();
  });
});
