import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addMember, createOrganisation, createSession, createUser } from '../../src/accounts/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('the accounts panels of the home page and the organisation page links', (ctx) => {
  let app: FastifyInstance;
  const users: Record<string, string> = {};
  const as = async (key: string, lang = 'en') => {
    const { token } = await createSession(ctx().db, users[key]);
    return { cookie: `vaardig_session=${token}; vaardig_lang=${lang}` };
  };

  beforeAll(async () => {
    app = await buildApp(ctx(), { logger: false });
    const make = async (key: string, extra: { emailConfirmed?: boolean; isOperator?: boolean } = {}) => {
      users[key] = (
        await createUser(ctx().db, {
          email: `${key}-dash@example.org`,
          name: key,
          password: 'correct horse battery',
          emailConfirmed: extra.emailConfirmed ?? true,
          isOperator: extra.isOperator,
        })
      ).id;
    };
    await make('Nina');
    await make('Uma', { emailConfirmed: false });
    await make('Olga');
    await make('Ivo');
    await make('Op', { isOperator: true });
    const a = await createOrganisation(ctx().db, { slug: 'acc-dash-a', name: 'Dash School' });
    const b = await createOrganisation(ctx().db, { slug: 'acc-dash-b', name: 'Dash Works' });
    await addMember(ctx().db, a.id, users.Olga, 'owner');
    await addMember(ctx().db, a.id, users.Ivo, 'issuer');
    await addMember(ctx().db, b.id, users.Nina, 'member');
  });
  afterAll(async () => app?.close());

  it('gives someone without an organisation the next step: create one', async () => {
    const body = (await app.inject({ url: '/', headers: await as('Ivo') })).body;
    expect(body).toContain('Dash School');
    const none = await createUser(ctx().db, {
      email: 'lone-dash@example.org',
      name: 'Lone',
      password: 'correct horse battery',
      emailConfirmed: true,
    });
    users.Lone = none.id;
    const lone = (await app.inject({ url: '/', headers: await as('Lone', 'nl') })).body;
    expect(lone).toContain('Je bent nog geen lid van een organisatie.');
    expect(lone).toContain('href="/organisations/new"');
  });

  it('asks someone who has not confirmed their address to do that first', async () => {
    const body = (await app.inject({ url: '/', headers: await as('Uma') })).body;
    expect(body).toContain('First confirm your email address');
    expect(body).toContain('action="/confirm/resend"');
  });

  it("lists a member's own organisations only", async () => {
    const body = (await app.inject({ url: '/', headers: await as('Nina') })).body;
    expect(body).toContain('Dash Works');
    expect(body).not.toContain('Dash School');
    expect(body).not.toContain('acc-dash-a');
  });

  it('shows the operator the network in numbers', async () => {
    const body = (await app.inject({ url: '/', headers: await as('Op', 'nl') })).body;
    expect(body).toContain('Het netwerk');
    expect(body).toMatch(/Organisaties<\/dt>\s*<dd>\d+<\/dd>/);
    expect(body).toMatch(/Mensen<\/dt>\s*<dd>\d+<\/dd>/);
    expect(body).toContain('Vaardighedenbibliotheek');
    expect(body).toContain('ESCO-import:');
    expect(body).toContain('Badges in het netwerk');
    expect((await app.inject({ url: '/', headers: await as('Nina') })).body).not.toContain('The network');
  });

  it('links an organisation page to its members, and to its badges and issuer settings for those who may issue', async () => {
    const owner = (await app.inject({ url: '/organisations/acc-dash-a', headers: await as('Olga') })).body;
    expect(owner).toContain('href="#members"');
    expect(owner).toContain('id="members"');
    expect(owner).toContain('href="/organisations/acc-dash-a/achievements"');
    expect(owner).toContain('href="/organisations/acc-dash-a/achievements#issuer-settings"');
    const issuerNl = (await app.inject({ url: '/organisations/acc-dash-a', headers: await as('Ivo', 'nl') })).body;
    expect(issuerNl).toContain('>Instellingen als uitgever</a>');
    const member = (await app.inject({ url: '/organisations/acc-dash-b', headers: await as('Nina') })).body;
    expect(member).toContain('href="#members"');
    expect(member).not.toContain('/achievements');
  });
});
