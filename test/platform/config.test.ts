import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../../src/platform/config.ts';
import { tempDir } from '../helpers/temp.ts';

const home = () => tempDir('config');

test('defaults: port 3000, embedded database, data sets beside the project', () => {
  const dir = home();
  const config = loadConfig({ VAARDIG_HOME: dir });
  expect(config.port).toBe(3000);
  expect(config.baseUrl).toBe('http://localhost:3000');
  expect(config.databaseUrl).toBeUndefined();
  expect(config.dataDir).toMatch(/shared\/data$/);
  expect(config.smtp).toBeUndefined();
  expect(config.demo).toBe(true);
  expect(config.secureCookies).toBe(false);
});

test('the instance secret is generated once, kept with mode 0600 and reused', () => {
  const dir = home();
  const first = loadConfig({ VAARDIG_HOME: dir });
  const file = join(dir, 'secret');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
  expect(loadConfig({ VAARDIG_HOME: dir }).secret).toBe(first.secret);
});

test('an https BASE_URL makes cookies Secure and loses its trailing slash', () => {
  const config = loadConfig({ VAARDIG_HOME: home(), BASE_URL: 'https://skills.example.org/' });
  expect(config.baseUrl).toBe('https://skills.example.org');
  expect(config.secureCookies).toBe(true);
});

test('bad settings are refused with the setting named', () => {
  expect(() => loadConfig({ VAARDIG_HOME: home(), PORT: 'abc' })).toThrow(ConfigError);
  expect(() => loadConfig({ VAARDIG_HOME: home(), PORT: 'abc' })).toThrow(/PORT/);
  expect(() => loadConfig({ VAARDIG_HOME: home(), BASE_URL: 'not a url' })).toThrow(/BASE_URL/);
  expect(() => loadConfig({ VAARDIG_HOME: home(), VAARDIG_SECRET: 'short' })).toThrow(/VAARDIG_SECRET/);
  expect(() => loadConfig({ VAARDIG_HOME: home(), SMTP_HOST: 'mail', SMTP_PORT: '99999' })).toThrow(/SMTP_PORT/);
});

test('SMTP settings are read when SMTP_HOST is set', () => {
  const config = loadConfig({
    VAARDIG_HOME: home(),
    SMTP_HOST: 'mail.example.org',
    SMTP_PORT: '465',
    SMTP_SECURE: 'true',
    SMTP_USER: 'u',
    SMTP_PASSWORD: 'p',
  });
  expect(config.smtp).toEqual({ host: 'mail.example.org', port: 465, secure: true, user: 'u', password: 'p', rejectUnauthorized: true });
  expect(loadConfig({ VAARDIG_HOME: home(), SMTP_HOST: 'mail', SMTP_TLS_INSECURE: 'true' }).smtp?.rejectUnauthorized).toBe(false);
});

test('proxies are trusted only when TRUST_PROXY says so', () => {
  expect(loadConfig({ VAARDIG_HOME: home() }).trustProxy).toBe(false);
  expect(loadConfig({ VAARDIG_HOME: home(), TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  expect(loadConfig({ VAARDIG_HOME: home(), TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
  expect(() => loadConfig({ VAARDIG_HOME: home(), TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  expect(() => loadConfig({ VAARDIG_HOME: home(), TRUST_PROXY: '1' })).toThrow(/TRUST_PROXY/);
});
