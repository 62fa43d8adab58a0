import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * A small OAuth 2.0 client for the tests, as a wallet would be one: plain fetch against the app
 * listening on 127.0.0.1, a cookie jar for the person's browser, dynamic registration, the
 * authorization code flow with PKCE, refresh and revocation.
 */

export const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/scope';
export const ALL_SCOPES = [`${OB}/credential.readonly`, `${OB}/credential.upsert`, `${OB}/profile.readonly`, `${OB}/profile.update`];

/** A port nobody listens on now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A browser's cookies, by name (paths are not kept: the flows here are sequential). */
export class CookieJar {
  cookies = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.cookies.set(k, v);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\s*$/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('cookie', this.header());
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.keep(response);
    return response;
  }
}

export interface Registered {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  scope: string;
  [key: string]: unknown;
}

export interface Tokens {
  access_token: string;
  refresh_token?: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

const base64url = (b: Buffer) => b.toString('base64url');

export class OAuthTestClient {
  registered!: Registered;
  readonly redirectUri: string;

  constructor(
    readonly base: string,
    readonly name = 'Test Wallet',
  ) {
    this.redirectUri = 'http://127.0.0.1:9/callback';
  }

  /** Discovers the endpoints from the service description and registers the client (RFC 7591). */
  async register(scopes = ALL_SCOPES): Promise<Registered> {
    const discovery = await (await fetch(`${this.base}/ims/ob/v3p0/discovery`)).json();
    const registrationUrl = discovery.components.securitySchemes.OAuth2ACG['x-imssf-registrationUrl'];
    const response = await fetch(registrationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: this.name,
        client_uri: 'http://127.0.0.1:9/',
        logo_uri: 'http://127.0.0.1:9/logo.png',
        tos_uri: 'http://127.0.0.1:9/tos',
        policy_uri: 'http://127.0.0.1:9/privacy',
        software_id: 'vaardig-test-wallet',
        software_version: '1.0',
        redirect_uris: [this.redirectUri],
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: scopes.join(' '),
      }),
    });
    if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${await response.text()}`);
    this.registered = (await response.json()) as Registered;
    return this.registered;
  }

  /** The authorization request's address, with a fresh PKCE verifier and state. */
  authorizationRequest(scopes = ALL_SCOPES, extra: Record<string, string> = {}): { url: string; verifier: string; state: string } {
    const verifier = base64url(randomBytes(32));
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    const state = base64url(randomBytes(12));
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: this.registered.client_id,
      redirect_uri: this.redirectUri,
      scope: scopes.join(' '),
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    });
    return { url: `${this.base}/oauth/auth?${params}`, verifier, state };
  }

  private basic(): string {
    const { client_id, client_secret } = this.registered;
    return `Basic ${Buffer.from(`${encodeURIComponent(client_id)}:${encodeURIComponent(client_secret)}`).toString('base64')}`;
  }

  async tokenRequest(form: Record<string, string>): Promise<Response> {
    return fetch(`${this.base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: this.basic() },
      body: new URLSearchParams(form).toString(),
    });
  }

  async exchange(code: string, verifier: string): Promise<Tokens> {
    const response = await this.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.redirectUri,
      code_verifier: verifier,
    });
    if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as Tokens;
  }

  async refresh(refreshToken: string): Promise<Response> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async revoke(token: string, hint?: string): Promise<Response> {
    return fetch(`${this.base}/oauth/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: this.basic() },
      body: new URLSearchParams({ token, ...(hint ? { token_type_hint: hint } : {}) }).toString(),
    });
  }

  /** Calls the OB API with a bearer token. */
  api(token: string | null, path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${this.base}/ims/ob/v3p0${path}`, { ...init, headers });
  }
}

/**
 * The person's browser through an authorization request: signed in to Vaardig (its session cookie
 * in the jar), it follows the redirects, approves on the consent page with its CSRF token, and
 * returns the redirect to the app with the code (or the consent page, with `stopAtConsent`).
 */
export async function browserAuthorizes(
  jar: CookieJar,
  base: string,
  url: string,
  options: { decline?: boolean } = {},
): Promise<{ location: URL; consentPages: string[] }> {
  const consentPages: string[] = [];
  let next = url;
  for (let hop = 0; hop < 12; hop++) {
    const response = await jar.fetch(next);
    if (response.status === 200) {
      const html = await response.text();
      consentPages.push(html);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
      const action = (options.decline ? /action="([^"]+\/abort)"/ : /action="([^"]+\/confirm)"/).exec(html)?.[1];
      if (!csrf || !action) throw new Error(`no consent form at ${next}:\n${html.slice(0, 500)}`);
      const post = await jar.fetch(new URL(action, base).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf }).toString(),
      });
      if (post.status !== 303) throw new Error(`consent post answered ${post.status}: ${await post.text()}`);
      next = new URL(post.headers.get('location') ?? '', base).toString();
      continue;
    }
    if (response.status !== 302 && response.status !== 303)
      throw new Error(`${next} answered ${response.status}: ${await response.text()}`);
    const location = new URL(response.headers.get('location') ?? '', next);
    if (!location.toString().startsWith(base)) return { location, consentPages };
    next = location.toString();
  }
  throw new Error('too many redirects');
}
