import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import type { AppContext } from '../../src/platform/context.ts';
import { createUser } from '../../src/accounts/service.ts';
import { createSession, SESSION_COOKIE } from '../../src/accounts/sessions.ts';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function parseMail(raw: string, to: string[]): ReceivedMail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1] ?? '';
  let subject = header('Subject');
  subject = subject
    .replace(/=\?utf-8\?Q\?(.*?)\?=/gi, (_, q: string) => decodeQuotedPrintable(q.replace(/_/g, ' ')))
    .replace(/\?=\s+=\?/g, '');
  let body = rest.join('\n\n');
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { to, subject, text: body };
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export async function startSmtp(): Promise<{
  port: number;
  mails: ReceivedMail[];
  waitFor(to: string, count?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(
          parseMail(
            Buffer.concat(chunks).toString('utf8'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    async waitFor(to, count = 1) {
      for (let i = 0; i < 100; i++) {
        const found = mails.filter((m) => m.to.includes(to));
        if (found.length >= count) return found[count - 1];
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no mail number ${count} to ${to} arrived`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function linkIn(text: string, path: string): string {
  const match = new RegExp(`https?://[^\\s/]+(/${path}/[A-Za-z0-9_-]+)`).exec(text);
  if (!match) throw new Error(`no /${path}/ link in:\n${text}`);
  return match[1];
}

/** A browser for app.inject: keeps cookies, finds the CSRF token of the last page. */
export class Browser {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(
    readonly app: FastifyInstance,
    readonly lang = 'en',
  ) {}

  private cookieHeader(): string {
    // Values as a browser sends them back: encoded as the server set them (a flash message may hold a ';').
    return [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body) ?? /name="csrf-token" content="([^"]+)"/.exec(response.body);
    if (token) this.csrf = token[1];
    return response;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), 'accept-language': this.lang } }));
  }

  /** Posts a form as a browser does, with the CSRF token unless `csrf: false`. */
  async post(url: string, form: Record<string, string> = {}, options: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/');
    const body = new URLSearchParams(options.csrf === false ? form : { _csrf: this.csrf, ...form }).toString();
    return this.keep(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', 'accept-language': this.lang },
      }),
    );
  }

  /** A JSON API call with the session cookie and the CSRF header. */
  async api(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/');
    return this.app.inject({
      method,
      url,
      payload: payload === undefined ? undefined : JSON.stringify(payload),
      headers: {
        cookie: this.cookieHeader(),
        'x-csrf-token': this.csrf,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
    });
  }

  get session(): string | undefined {
    return this.cookies.get(SESSION_COOKIE);
  }
}

/** An API call with a bearer token. */
export function bearer(app: FastifyInstance, token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) {
  return app.inject({
    method,
    url,
    payload: payload === undefined ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
  });
}

let counter = 0;

/** A confirmed (or not) account with a signed-in browser. */
export async function signedInBrowser(
  ctx: AppContext,
  app: FastifyInstance,
  options: { confirmed?: boolean; operator?: boolean; name?: string } = {},
): Promise<{ browser: Browser; userId: string; email: string }> {
  counter += 1;
  const email = `person${counter}-${Math.random().toString(36).slice(2, 8)}@example.org`;
  const { id } = await createUser(ctx.db, {
    email,
    name: options.name ?? `Person ${counter}`,
    password: 'correct horse battery',
    emailConfirmed: options.confirmed ?? true,
    isOperator: options.operator,
  });
  const browser = new Browser(app);
  const { token } = await createSession(ctx.db, id);
  browser.cookies.set(SESSION_COOKIE, token);
  await browser.get('/account');
  return { browser, userId: id, email };
}

export async function count(
  ctx: AppContext,
  table: 'users' | 'organisations' | 'memberships' | 'invitations' | 'api_tokens' | 'sessions' | 'mail_outbox' | 'email_tokens',
): Promise<number> {
  const row = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function expectProblem(response: LightMyRequestResponse, status: number): Record<string, unknown> {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  return response.json();
}
