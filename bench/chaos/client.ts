// A browser-like HTTP client for a running Vaardig server: a cookie jar, the CSRF token of its
// pages, sign-in through the form, and the JSON API with a bearer token.

export const DEMO_PASSWORD = 'demo-vaardig';
export const DEMO_OPERATOR = 'operator@demo.vaardig.local';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

/** Cookies by name (one site, path /: all Vaardig sets). */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page read (HMAC of the seed cookie under the instance secret). */
  csrf = '';

  constructor(public origin: string) {}

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(
    method: string,
    path: string,
    init: { body?: string; type?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookieHeader(), accept: 'text/html', ...(init.headers ?? {}) };
    if (init.type) headers['content-type'] = init.type;
    const response = await fetch(`${this.origin}${path}`, { method, headers, body: init.body, redirect: 'manual' });
    this.keep(response);
    return response;
  }

  /** GET a page and remember its CSRF token. */
  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.request('GET', path);
    const html = await response.text();
    const token = /name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: response.status, html };
  }

  /** POST a form (urlencoded, with `_csrf`), as a browser does; answers the status and Location. */
  async form(path: string, fields: Record<string, string>): Promise<{ status: number; location: string | null; html: string }> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    const response = await this.request('POST', path, { body, type: 'application/x-www-form-urlencoded' });
    return { status: response.status, location: response.headers.get('location'), html: await response.text() };
  }

  /** Signs in through the form; throws unless the server answers with the redirect of a success. */
  async signIn(email: string, password: string): Promise<void> {
    await this.page('/signin');
    const result = await this.form('/signin', { email, password, next: '/' });
    if (result.status !== 303 || !this.cookies.has('vaardig_session'))
      throw new HttpError(result.status, result.html, `sign-in of ${email}`);
  }

  /** An API token made with the browser session (POST /api/v1/tokens needs a session and the CSRF token). */
  async createToken(name: string): Promise<string> {
    if (!this.csrf) await this.page('/account');
    const response = await this.request('POST', '/api/v1/tokens', {
      body: JSON.stringify({ name }),
      type: 'application/json',
      headers: { 'x-csrf-token': this.csrf, accept: 'application/json' },
    });
    const text = await response.text();
    if (response.status !== 201) throw new HttpError(response.status, text, 'creating an API token');
    return (JSON.parse(text) as { token: string }).token;
  }
}

/** The JSON API with a bearer token. */
export class Api {
  constructor(
    public origin: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
    const response = await fetch(`${this.origin}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) throw new HttpError(response.status, text, `${method} /api/v1${path}`);
    return JSON.parse(text) as T;
  }
}
