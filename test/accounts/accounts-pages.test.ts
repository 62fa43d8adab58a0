import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import en from '../../src/accounts/locales/en.ts';
import nl from '../../src/accounts/locales/nl.ts';
import { seedDemoIfEmpty } from '../../src/platform/demo.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import type { Messages } from '../../src/platform/module.ts';
import { describeEachDatabase } from '../helpers/db.ts';
import { Browser } from './support.ts';

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)))
    .sort();
}

test('English and Dutch messages of the accounts module have the same keys', () => {
  expect(keys(nl)).toEqual(keys(en));
});

describeEachDatabase('accounts pages with the demo network', (ctx) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
  });
  afterAll(() => app.close());

  test('the demo seed makes accounts that sign in and organisations with owners', async () => {
    const seeded = await seedDemoIfEmpty(ctx());
    expect(seeded?.accounts.length).toBeGreaterThan(3);
    const operator = seeded?.accounts.find((a) => a.role === 'network operator');
    const browser = new Browser(app);
    const signin = await browser.post('/signin', { email: operator?.email ?? '', password: operator?.password ?? '' });
    expect(signin.statusCode).toBe(303);
    const mine = await browser.get('/organisations');
    expect(mine.body).toContain('De Lerende Stad Oss');
    const all = await browser.get('/admin/organisations');
    for (const name of ['De Lerende Stad Oss', 'Maasdal Techniek', 'Brabant College', 'Oss Leert Events']) expect(all.body).toContain(name);
    const city = await browser.get('/organisations/lerende-stad-oss');
    expect(city.body).toContain('Anouk Analist');
  });

  test('pages render in Dutch with labels tied to their fields', async () => {
    const browser = new Browser(app, 'nl');
    const signup = await browser.get('/signup');
    expect(signup.body).toContain('<html lang="nl">');
    expect(signup.body).toContain('<label for="email">E-mailadres</label>');
    expect(signup.body).toContain('autocomplete="email"');
    const signin = await browser.get('/signin');
    expect(signin.body).toContain('autocomplete="current-password"');
    expect(signin.body).toContain('Wachtwoord vergeten?');
    const errors = await browser.post('/signup', { name: '', email: 'nope', password: 'x' });
    expect(errors.body).toContain('Vul een e-mailadres in');
    expect(errors.body).toContain('aria-invalid="true"');
    expect(errors.body).toContain('aria-describedby="email-error"');
  });

  test('behind https the session cookie is Secure, HttpOnly and SameSite=Lax', async () => {
    const secure = await buildApp({ ...ctx(), config: { ...ctx().config, secureCookies: true } }, { logger: false });
    const browser = new Browser(secure);
    await browser.post('/signup', { name: 'Sam Secure', email: 'secure@example.org', password: 'secure password' });
    const response = await browser.post('/signin', { email: 'secure@example.org', password: 'secure password' });
    expect(response.statusCode).toBe(303);
    const cookie = response.cookies.find((c) => c.name === 'vaardig_session');
    expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
    await secure.close();
  });
});
