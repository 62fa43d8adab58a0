import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the platform reads from its environment, resolved once at start. */
export interface Config {
  port: number;
  host: string;
  /** Public origin, without trailing slash; credential and DID identifiers are built on it. */
  baseUrl: string;
  /** PostgreSQL server; absent means the embedded PGlite database in `home`. */
  databaseUrl?: string;
  /** Folder holding the embedded database, the instance secret and uploads. */
  home: string;
  /** Folder of public data sets (ESCO, OB 3.0 fixtures, extraction data). */
  dataDir: string;
  smtp?: SmtpConfig;
  mailFrom: string;
  /** Instance secret: signs CSRF tokens, encrypts keys. */
  secret: string;
  /** Seed the demo network when the database is empty. */
  demo: boolean;
  /** Whether cookies get the Secure flag (true when BASE_URL is https). */
  secureCookies: boolean;
  /**
   * Which proxies' X-Forwarded-* headers to believe (Fastify's `trustProxy`): false (the default:
   * the client address is the connection's, so nobody can choose their own rate-limit key), true,
   * or the proxies' addresses/CIDRs separated by commas.
   */
  trustProxy: boolean | string;
  logLevel: string;
  /**
   * Hosts the vacancy crawler may reach although they are (or resolve to) a private or loopback
   * address: `VAARDIG_CRAWL_ALLOW_HOSTS`, host names or addresses separated by commas (a test's
   * 127.0.0.1, an intranet job board). Empty: the crawler never connects to such addresses.
   */
  crawlAllowHosts?: string[];
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  /** Check the server's TLS certificate (default); SMTP_TLS_INSECURE=true turns it off for self-signed test servers. */
  rejectUnauthorized?: boolean;
}

export interface ConfigFlags {
  port?: number;
  demo?: boolean;
  home?: string;
}

export class ConfigError extends Error {}

function trustProxySetting(raw: string | undefined): boolean | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  // Not a hop count: Fastify 5 trusts no one for a number, as it cannot check the nearest peer.
  if (/[.:]/.test(raw) && /^[0-9A-Fa-f.:/,\s]+$/.test(raw)) return raw;
  throw new ConfigError(`TRUST_PROXY must be true, false, or the proxies' addresses separated by commas, got "${raw}"`);
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(`${name} must be a whole number from 0 to 65535, got "${raw}"`);
  }
  return value;
}

/** Reads the instance secret from the environment, or from `home`, creating it (mode 0600) on first start. */
function instanceSecret(env: NodeJS.ProcessEnv, home: string): string {
  if (env.VAARDIG_SECRET) {
    if (env.VAARDIG_SECRET.length < 32) throw new ConfigError('VAARDIG_SECRET must be at least 32 characters long');
    return env.VAARDIG_SECRET;
  }
  const file = join(home, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(home, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
  const port = flags.port ?? intSetting(env, 'PORT', 3000);
  const home = resolve(flags.home ?? env.VAARDIG_HOME ?? '.vaardig');
  const baseUrl = (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(baseUrl);
  } catch {
    throw new ConfigError(`BASE_URL must be an absolute URL such as https://vaardig.example.org, got "${baseUrl}"`);
  }
  const smtp: SmtpConfig | undefined = env.SMTP_HOST
    ? {
        host: env.SMTP_HOST,
        port: intSetting(env, 'SMTP_PORT', 587),
        secure: env.SMTP_SECURE === 'true',
        user: env.SMTP_USER || undefined,
        password: env.SMTP_PASSWORD || undefined,
        rejectUnauthorized: env.SMTP_TLS_INSECURE !== 'true',
      }
    : undefined;
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    baseUrl,
    databaseUrl: env.DATABASE_URL || undefined,
    home,
    dataDir: resolve(env.VAARDIG_DATA_DIR ?? '../shared/data'),
    smtp,
    mailFrom: env.MAIL_FROM ?? 'Vaardig <no-reply@vaardig.local>',
    secret: instanceSecret(env, home),
    demo: flags.demo ?? env.VAARDIG_DEMO !== 'false',
    secureCookies: baseUrl.startsWith('https://'),
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? 'info',
    crawlAllowHosts: (env.VAARDIG_CRAWL_ALLOW_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  };
}
