import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createOrganisation, createSession, createUser, getCurrentUser, SESSION_COOKIE } from '../../src/accounts/api.ts';
import { currentCode } from '../../src/communities/attendance.ts';
import type { CurrentUser } from '../../src/platform/http/types.ts';
import { localFetch } from '../credentials/issuing/helpers.ts';
import { go, launchBrowser, newPerson, startTestServer, submit, type TestServer, visit } from '../helpers/browser.ts';

/**
 * Issue 9's acceptance test, end to end in Dutch with two people in two browser contexts (each a
 * phone, 390 px wide; every page they reach is checked by axe-core, for untranslated text and for
 * sideways scrolling): Fenna, a facilitator, starts a community with a theme (Why/What/How), sets an
 * attendance badge rule and plans a session from the built-in template; Mila joins, registers and
 * checks in with the code shown in the room (the badge is issued at once); breakout notes typed by
 * Mila appear on Fenna's page without a reload; Mila makes an action item; the next session's agenda
 * shows it as open; Fenna publishes the report; the badge verifies with
 * @digitalcredentials/verifier-core and is in Mila's backpack.
 */

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await browser?.close();
  await server?.stop();
});

async function person(
  name: string,
  locale: 'nl-NL' | 'en-GB' = 'nl-NL',
): Promise<{ user: CurrentUser; context: BrowserContext; page: Page }> {
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

/** A wall-clock date and time in Amsterdam, as the session form takes them. */
function amsterdam(at: Date): { date: string; time: string } {
  const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short', timeStyle: 'short' })
    .format(at)
    .split(' ');
  return { date, time };
}

/** Screenshots for a person to look at (SHOTS=dir): the page at 1280 and 390 px. */
async function shots(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS;
  if (!dir) return;
  const before = page.viewportSize();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

describe('communities: the acceptance test of issue 9, in Dutch', () => {
  it('from a new community to a verified participation badge in the member’s backpack', async () => {
    const ctx = server.ctx;
    const fenna = await person('Fenna');
    const mila = await person('Mila');
    await createOrganisation(ctx.db, { slug: 'regio', name: 'Regionaal leernetwerk', kind: 'employer', description: '' }, fenna.user.id);
    const f = fenna.page;
    const m = mila.page;

    // Fenna starts the community and a theme with Why / What / How.
    await visit(f, '/communities/new');
    await submit(f, f.locator('main form'), { name: 'Leren in de wijk', purpose: 'Samen leren op het werk.' });
    expect(new URL(f.url()).pathname).toBe('/communities/leren-in-de-wijk');
    const slug = 'leren-in-de-wijk';
    await visit(f, `/communities/${slug}/themes/new`);
    await submit(
      f,
      f.locator('main form').first(),
      { title: 'Taal op het werk', why: 'Omdat taal de sleutel is.', what: 'Twintig taalcoaches.', how: 'Maandelijks samen.' },
      f.locator('main form button[type=submit]:not([formaction])').first(),
    );
    expect(f.url()).toMatch(/\/communities\/themes\/[0-9a-f-]{36}$/);
    expect(await f.textContent('main')).toContain('Omdat taal de sleutel is.');
    const themeId = new URL(f.url()).pathname.split('/').pop() as string;

    // The attendance rule: one session of the theme earns the badge (made in the credentials module).
    await visit(f, `/communities/${slug}/badges`);
    await submit(f, f.locator(`main form[action="/communities/${slug}/badges"]`), {
      kind: 'attended',
      threshold: '1',
      theme: themeId,
      name: 'Deelnemer Taal op het werk',
      description: 'Was bij een bijeenkomst van het thema Taal op het werk.',
    });
    expect(await f.textContent('main')).toContain('1 bijeenkomst bijwoonde');
    await shots(f, 'badges-nl');

    // A session from the built-in template, going on now (check-in is open).
    const start = amsterdam(new Date(Date.now() - 15 * 60_000));
    const end = amsterdam(new Date(Date.now() + 90 * 60_000));
    await visit(f, `/communities/${slug}/sessions/new`);
    await submit(f, f.locator('main form'), {
      template: 'builtin:community',
      title: 'Eerste bijeenkomst',
      theme: themeId,
      date: start.date,
      startTime: start.time,
      endTime: end.time,
      place: 'Buurthuis De Brug',
      capacity: '12',
    });
    expect(f.url()).toMatch(/\/communities\/sessions\/[0-9a-f-]{36}$/);
    const sessionPath = new URL(f.url()).pathname;
    const sessionId = sessionPath.split('/').pop() as string;
    expect(await f.textContent('main')).toContain('Presentatie door een lid');

    // Mila joins and registers, then checks in with the code Fenna shows in the room.
    await visit(m, `/communities/${slug}`);
    await go(m, m.locator('main button', { hasText: 'Word lid' }));
    await visit(m, sessionPath);
    await go(m, m.locator('main button', { hasText: 'Aanmelden' }));
    expect(await m.textContent('main')).toContain('Je bent aangemeld.');
    await visit(f, `${sessionPath}/code`);
    await visit(m, `${sessionPath}/check-in`);
    // The code changes every minute: read it just before typing it.
    await f.reload();
    const code = ((await f.textContent('.check-in-code')) ?? '').replace(/\D/g, '');
    expect(code).toMatch(/^\d{6}$/);
    await submit(m, m.locator('main form'), { code });
    expect(new URL(m.url()).pathname).toBe(sessionPath);
    const flash = await m.textContent('body');
    expect(flash).toContain('Je bent ingecheckt.');
    // The attendance rule issued the badge at once.
    expect(flash).toContain('Je hebt de badge “Deelnemer Taal op het werk” verdiend: hij zit in je rugzak.');
    await shots(m, 'check-in-badge-nl');
    if (process.env.SHOTS) {
      // The same pages in English, for a person to look at: Noor checks in, Fenna reads the badge rules.
      const noor = await person('Noor', 'en-GB');
      await visit(noor.page, `/communities/${slug}`);
      await go(noor.page, noor.page.locator('main button', { hasText: 'Join' }));
      await visit(noor.page, sessionPath);
      await go(noor.page, noor.page.locator('main button', { hasText: 'Register' }));
      await visit(noor.page, `${sessionPath}/check-in`);
      await submit(noor.page, noor.page.locator('main form'), { code: currentCode(ctx, sessionId).code });
      expect(await noor.page.textContent('body')).toContain('You earned the badge “Deelnemer Taal op het werk”: it is in your backpack.');
      await shots(noor.page, 'check-in-badge-en');
      await noor.context.close();
      await f.goto(`/lang/en?next=/communities/${slug}/badges`);
      await shots(f, 'badges-en');
      await f.goto(`/lang/nl?next=/communities/${slug}/badges`);
    }

    // A guiding question and breakout groups: Mila's notes appear on Fenna's page without a reload.
    const work = `/communities/${slug}/sessions/${sessionId}`;
    await visit(f, `${work}/questions`);
    await submit(f, f.locator(`main form[action="${work}/questions"]`), { text: 'Wat helpt nieuwe collega’s met de taal?' });
    await visit(f, `${work}/breakouts`);
    await submit(f, f.locator(`main form[action="${work}/breakouts/make"]`), { method: 'random', groups: '1' });
    const groupHref = await f.locator(`main a[href^="${work}/breakouts/"]`).first().getAttribute('href');
    expect(groupHref).toMatch(/\/breakouts\/[0-9a-f-]{36}$/);
    await visit(f, groupHref as string);
    const fennaUrl = f.url();
    await visit(m, groupHref as string);
    await m.getByLabel('Aan de notities toevoegen').fill('Een taalmaatje voor elke nieuwe collega.');
    await m.getByRole('button', { name: 'Toevoegen' }).click();
    await m.waitForURL(/#notes-heading$/);
    await f.getByText('Een taalmaatje voor elke nieuwe collega.').waitFor({ timeout: 10_000 });
    expect(f.url()).toBe(fennaUrl);

    // Mila makes an action item in the session.
    await visit(m, sessionPath);
    await submit(m, m.locator(`main form[action="${sessionPath}/actions"]`), { actionTitle: 'Taalmaatjes werven' });
    expect(await m.textContent('main')).toContain('Taalmaatjes werven');

    // The next session, planned a week later: its agenda shows the open action item.
    const next = amsterdam(new Date(Date.now() + 7 * 86_400_000));
    await visit(f, `/communities/${slug}/sessions/new`);
    await submit(f, f.locator('main form'), {
      template: 'builtin:community',
      title: 'Tweede bijeenkomst',
      theme: themeId,
      date: next.date,
      startTime: '14:00',
      endTime: '16:00',
    });
    const nextPath = new URL(f.url()).pathname;
    expect(nextPath).not.toBe(sessionPath);
    await visit(m, nextPath);
    const carried = m.locator('main section', { hasText: 'Open actiepunten van eerder' });
    expect(await carried.textContent()).toContain('Taalmaatjes werven');

    // Fenna drafts and publishes the report: it holds the breakout notes and the action item.
    await visit(f, `${work}/report`);
    await go(f, f.getByRole('button', { name: 'Het verslag opstellen' }));
    await go(f, f.getByRole('button', { name: 'Het verslag publiceren' }));
    expect(f.url()).toMatch(new RegExp(`/communities/${slug}/reports/[0-9a-f-]{36}$`));
    const report = await f.textContent('main');
    expect(report).toContain('Een taalmaatje voor elke nieuwe collega.');
    expect(report).toContain('Taalmaatjes werven');
    await visit(m, new URL(f.url()).pathname);

    // The badge is in Mila's backpack, and verifies with verifier-core.
    await visit(m, '/backpack');
    await go(m, m.locator('main a', { hasText: 'Deelnemer Taal op het werk' }).first());
    expect(m.url()).toMatch(/\/backpack\/items\/[0-9a-f-]{36}$/);
    const download = await mila.context.request.get(`${new URL(m.url()).pathname}/credential.json`);
    expect(download.status()).toBe(200);
    const credential = await download.json();
    expect(credential.credentialSubject.achievement.name).toBe('Deelnemer Taal op het werk');
    expect(credential.evidence.map((e: { id: string }) => e.id)).toEqual([`${server.url}/communities/sessions/${sessionId}`]);
    // verifier-core resolves the issuer's did:web and the status list over https: this server answers them in-process.
    vi.stubGlobal('fetch', localFetch(server.app, server.url));
    try {
      const { verifyCredential } = (await import('@digitalcredentials/verifier-core')) as any;
      const result = await verifyCredential({ credential, knownDIDRegistries: [] });
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      // registered_issuer: whether the issuer is in a DCC trust registry (none is configured); not a validity check.
      const failed = (result.log as { id: string; valid: boolean }[]).filter((s) => !s.valid && s.id !== 'registered_issuer');
      expect(failed).toEqual([]);
      expect(result.log.find((s: { id: string }) => s.id === 'valid_signature')?.valid).toBe(true);
      expect(result.log.find((s: { id: string }) => s.id === 'revocation_status')?.valid).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }

    // The badge's public page, and the community's badge page naming Mila.
    const award = await ctx.db
      .selectFrom('community_badge_awards')
      .select('credential_id')
      .where('user_id', '=', mila.user.id)
      .executeTakeFirstOrThrow();
    await visit(m, `/credentials/${award.credential_id}`);
    await visit(f, `/communities/${slug}/badges`);
    expect(await f.textContent('main')).toContain('Mila');
    await fenna.context.close();
    await mila.context.close();
  });
});
