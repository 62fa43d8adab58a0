import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { addMember, createOrganisation, createUser } from '../../../src/accounts/api.ts';
import { createSession } from '../../../src/accounts/api.ts';
import type { AppContext } from '../../../src/platform/context.ts';
import type { OrgRole } from '../../../src/accounts/api.ts';
import { importEsco } from '../../../src/skills/esco/service.ts';
import { escoFixturePaths } from '../../helpers/esco-fixture.ts';

export const ESCO_FIXTURE = escoFixturePaths();

export async function importFixture(ctx: AppContext): Promise<void> {
  await importEsco(ctx, ESCO_FIXTURE);
}

/** A browser as far as app.inject goes: keeps cookies, knows the CSRF token of the last page. */
export class Client {
  cookies: Record<string, string> = {};
  csrf = '';
  constructor(
    readonly app: FastifyInstance,
    readonly lang: 'en' | 'nl' = 'en',
  ) {}

  remember(response: LightMyRequestResponse) {
    for (const c of response.cookies) {
      if (c.value === '' || (c.maxAge !== undefined && c.maxAge <= 0)) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    const meta = /<meta name="csrf-token" content="([^"]+)"/.exec(response.body);
    if (meta) this.csrf = meta[1];
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      cookies: this.cookies,
      headers: { 'accept-language': this.lang, ...headers },
    });
    this.remember(response);
    return response;
  }

  /** Posts a form; fetches a page first when there is no CSRF token yet. */
  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/skills');
    const response = await this.app.inject({
      method: 'POST',
      url,
      cookies: this.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': this.lang },
      payload: new URLSearchParams({ _csrf: this.csrf, ...form }).toString(),
    });
    this.remember(response);
    return response;
  }

  async signInAs(ctx: AppContext, userId: string): Promise<this> {
    const { token } = await createSession(ctx.db, userId);
    this.cookies.vaardig_session = token;
    return this;
  }
}

let counter = 0;

/** A person, optionally with a role in a new organisation. */
export async function person(ctx: AppContext, options: { role?: OrgRole; organisationId?: string; operator?: boolean } = {}) {
  counter += 1;
  const tag = `${Date.now().toString(36)}${counter}`;
  const user = await createUser(ctx.db, {
    email: `p${tag}@example.test`,
    name: `Person ${tag}`,
    password: 'correct horse battery',
    emailConfirmed: true,
    isOperator: options.operator,
  });
  let organisationId = options.organisationId;
  if (options.role) {
    organisationId ??= (await createOrganisation(ctx.db, { slug: `org-${tag}`, name: `Organisation ${tag}` })).id;
    await addMember(ctx.db, organisationId, user.id, options.role);
  }
  return { userId: user.id, organisationId: organisationId ?? null };
}
