import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createSession, createUser, getCurrentUser, SESSION_COOKIE } from '../../src/accounts/api.ts';
import { currentCode } from '../../src/communities/attendance.ts';
import type { CurrentUser } from '../../src/platform/http/types.ts';
import { launchBrowser, newPerson, startTestServer, type TestServer, visit } from '../helpers/browser.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function person(name: string, locale: 'nl-NL' | 'en-GB'): Promise<{ user: CurrentUser; context: BrowserContext; page: Page }> {
  const db = server.ctx.db;
  const { id } = await createUser(db, {
    email: `${name.toLowerCase()}@example.org`,
    name,
    password: 'correct horse battery',
    emailConfirmed: true,
  });
  const { token } = await createSession(db, id);
  const context = await newPerson(browser, server.url, locale);
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server.url }]);
  return { user: (await getCurrentUser(db, id)) as CurrentUser, context, page: await context.newPage() };
}

describe('communities (part A) in the browser', () => {
  it('a facilitator in Dutch starts a community, a theme and a session from the built-in template; a member registers and checks in with the room code; every page passes the checks at 390 px in Dutch and English', async () => {
    const ctx = server.ctx;
    const fenna = await person('Fenna', 'nl-NL');
    const noor = await person('Noor', 'en-GB');
    const { id: orgId } = await createOrganisation(
      ctx.db,
      { slug: 'regio', name: 'Regionaal netwerk', kind: 'employer', description: '' },
      fenna.user.id,
    );
    await addMember(ctx.db, orgId, noor.user.id, 'member');
    const f = fenna.page;

    // The community, by the form.
    await visit(f, '/communities');
    await visit(f, '/communities/new');
    await f.fill('#name', 'Leren in de wijk');
    await f.fill('#purpose', 'Samen leren.');
    await Promise.all([f.waitForURL(/\/communities\/leren-in-de-wijk$/), f.click('main button[type=submit]')]);
    await visit(f, '/communities/leren-in-de-wijk');

    // A theme with Why / What / How.
    await visit(f, '/communities/leren-in-de-wijk/themes/new');
    await f.fill('#title', 'Taal op het werk');
    await f.fill('#why', 'Omdat taal de sleutel is.');
    await f.fill('#what', 'Twintig taalcoaches.');
    await f.fill('#how', 'Maandelijks.');
    await Promise.all([f.waitForURL(/\/communities\/themes\//), f.click('main form button[type=submit]:not([formaction])')]);
    const themePath = new URL(f.url()).pathname;
    await f.fill('input[name=title]', 'Tien coaches');
    await f.fill('input[name=progress]', '30');
    await Promise.all([f.waitForLoadState('load'), f.click('text=Doel toevoegen')]);
    await visit(f, themePath);

    // A session from the built-in template, starting now so check-in is open.
    const now = new Date();
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' })
      .format(now)
      .split(' ');
    const end = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', timeStyle: 'short' }).format(
      new Date(now.getTime() + 90 * 60_000),
    );
    await visit(f, '/communities/leren-in-de-wijk/sessions/new');
    await f.selectOption('#template', 'builtin:community');
    await f.fill('#title', 'Eerste bijeenkomst');
    await f.fill('#date', local[0]);
    await f.fill('#startTime', local[1]);
    await f.fill('#endTime', end);
    await f.fill('#place', 'Buurthuis');
    await f.fill('#capacity', '12');
    await Promise.all([f.waitForURL(/\/communities\/sessions\/[0-9a-f-]{36}$/), f.click('main form button[type=submit]')]);
    const sessionPath = new URL(f.url()).pathname;
    const sessionId = sessionPath.split('/').pop() as string;
    await visit(f, sessionPath);
    expect(await f.textContent('main')).toContain('Presentatie door een lid');

    // The member (in English) joins, registers, and checks in with the code shown in the room.
    const n = noor.page;
    await visit(n, '/communities/leren-in-de-wijk');
    await Promise.all([n.waitForLoadState('load'), n.click('main button:has-text("Join")')]);
    await visit(n, sessionPath);
    await Promise.all([n.waitForLoadState('load'), n.click('main button:has-text("Register")')]);
    await visit(n, `${sessionPath}/check-in`);
    // (The code turns every minute: the one of the minute the page was shown in, read before and after.)
    const before = currentCode(ctx, sessionId).code;
    await visit(f, `${sessionPath}/code`);
    const shown = (await f.textContent('.check-in-code'))?.replace(/\D/g, '') ?? '';
    expect([before, currentCode(ctx, sessionId).code]).toContain(shown);
    await n.fill('#code', shown);
    await Promise.all([n.waitForURL(new RegExp(`${sessionPath}$`)), n.click('main form button[type=submit]')]);
    expect(await n.textContent('main')).toContain('You are checked in.');

    // An action item, then every page in both languages.
    await n.fill('#actionTitle', 'Write the summary');
    await Promise.all([n.waitForLoadState('load'), n.click('text=Add the action item')]);
    for (const [who, paths] of [
      [
        f,
        [
          '/communities',
          '/communities/leren-in-de-wijk',
          '/communities/leren-in-de-wijk/edit',
          '/communities/leren-in-de-wijk/members',
          '/communities/leren-in-de-wijk/calls/new',
          '/communities/leren-in-de-wijk/badges',
          '/communities/leren-in-de-wijk/directory',
          `${themePath}/edit`,
          themePath,
          sessionPath,
          `${sessionPath}/edit`,
          '/communities/calendar',
          '/communities/my-actions',
        ],
      ],
      [
        n,
        [
          '/communities',
          '/communities/leren-in-de-wijk',
          themePath,
          sessionPath,
          '/communities/my-actions',
          '/communities/calendar',
          '/communities/leren-in-de-wijk/directory',
        ],
      ],
    ] as const)
      for (const path of paths) await visit(who, path);
    await visit(n, '/communities/my-actions');
    expect(await n.textContent('main')).toContain('Write the summary');
    await fenna.context.close();
    await noor.context.close();
  });
});
