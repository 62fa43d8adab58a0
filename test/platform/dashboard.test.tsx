import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSession, createUser } from '../../src/accounts/api.ts';
import { buildApp } from '../../src/platform/http/app.ts';
import type { VaardigModule } from '../../src/platform/module.ts';
import { escapeHtml } from '../../src/platform/pages/escape.ts';
import { safeHtml } from '../../src/platform/pages/safe-html.ts';
import { describeEachDatabase } from '../helpers/db.ts';

describeEachDatabase('the dashboard hook of the home page', (ctx) => {
  let app: FastifyInstance;
  let cookie = '';

  beforeAll(async () => {
    const fakes: VaardigModule[] = [
      {
        name: 'fake-one',
        dashboard: () =>
          safeHtml(
            <section class="panel">
              <h2>Fake panel one</h2>
            </section>,
          ),
      },
      {
        name: 'fake-broken',
        dashboard: () => {
          throw new Error('broken panel');
        },
      },
      // A module that forgets safeHtml: its markup shows as text, never as elements.
      { name: 'fake-plain', dashboard: (() => '<b id="plain">Plain text panel</b>') as unknown as VaardigModule['dashboard'] },
      {
        name: 'fake-two',
        dashboard: async (_ctx, request) =>
          safeHtml(
            <section class="panel">
              <h2>Fake panel two for {escapeHtml(request.user?.name)}</h2>
            </section>,
          ),
      },
    ];
    app = await buildApp({ ...ctx(), modules: [...ctx().modules, ...fakes] }, { logger: false });
    const { id } = await createUser(ctx().db, {
      email: 'dash-hook@example.org',
      name: 'Hook',
      password: 'correct horse battery',
      emailConfirmed: true,
    });
    cookie = `vaardig_session=${(await createSession(ctx().db, id)).token}; vaardig_lang=en`;
  });
  afterAll(async () => app?.close());

  it('shows every module panel in module order, leaves out one that throws and escapes a plain string', async () => {
    const page = await app.inject({ url: '/', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    const one = page.body.indexOf('<h2>Fake panel one</h2>');
    const two = page.body.indexOf('<h2>Fake panel two for Hook</h2>');
    expect(one).toBeGreaterThan(0);
    expect(two).toBeGreaterThan(one);
    expect(page.body).not.toContain('broken panel');
    expect(page.body).toMatch(/&lt;b id=&(quot|#34);plain&(quot|#34);(>|&gt;)Plain text panel&lt;\/b/);
    expect(page.body).not.toContain('<b id="plain">');
  });

  it('shows signed-out visitors the public home page without panels', async () => {
    const page = await app.inject({ url: '/', headers: { cookie: 'vaardig_lang=en' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Fake panel');
    expect(page.body).toContain('href="/signup"');
  });
});
