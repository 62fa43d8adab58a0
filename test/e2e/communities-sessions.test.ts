import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createOrganisation, createSession, createUser, getCurrentUser, SESSION_COOKIE } from '../../src/accounts/api.ts';
import { makeBreakouts } from '../../src/communities/breakouts/service.ts';
import { createCommunity } from '../../src/communities/communities.ts';
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

/** A person with a signed-in browser context (phone-sized, in Dutch unless told otherwise). */
async function person(name: string, locale: 'nl-NL' | 'en-GB' = 'nl-NL'): Promise<{ user: CurrentUser; context: BrowserContext }> {
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
  return { user: (await getCurrentUser(db, id)) as CurrentUser, context };
}

describe('communities part B in the browser', () => {
  it('breakout notes typed by one appear for the other without a reload; every part B page passes the checks at 390 px in Dutch and English', async () => {
    const ctx = server.ctx;
    const fenna = await person('Fenna');
    const mila = await person('Mila');
    const noor = await person('Noor', 'en-GB');
    const { id: orgId } = await createOrganisation(
      ctx.db,
      { slug: 'netwerk', name: 'Netwerk', kind: 'employer', description: '' },
      fenna.user.id,
    );
    await addMember(ctx.db, orgId, mila.user.id, 'member');
    const community = await createCommunity(ctx, fenna.user, {
      organisation: 'netwerk',
      name: 'Leren op het werk',
      purpose: '',
      visibility: 'open',
    });
    for (const p of [mila, noor])
      await ctx.db
        .insertInto('community_members')
        .values({ community_id: community.id, user_id: p.user.id, role: 'member', status: 'active', angle: null, joined_at: new Date() })
        .execute();
    const makeSession = async (kind: 'community' | 'clinic' | 'open-space' | 'reflection', days: number) =>
      (
        await ctx.db
          .insertInto('community_sessions')
          .values({
            community_id: community.id,
            theme_id: null,
            kind,
            title: `Sessie ${kind}`,
            description: '',
            template: null,
            starts_at: new Date(Date.now() + days * 86_400_000),
            ends_at: new Date(Date.now() + days * 86_400_000 + 7_200_000),
            time_zone: 'Europe/Amsterdam',
            place: null,
            online_url: null,
            capacity: null,
            cancelled_at: null,
            created_by: fenna.user.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const sid = await makeSession('community', 1);
    for (const p of [mila, noor])
      await ctx.db
        .insertInto('community_registrations')
        .values({
          session_id: sid,
          user_id: p.user.id,
          status: 'registered',
          registered_at: new Date(),
          updated_at: new Date(),
          reminded_at: null,
        })
        .execute();
    await ctx.db
      .insertInto('community_questions')
      .values({ session_id: sid, position: 1, text: 'Wat werkt?', created_by: fenna.user.id })
      .execute();
    const [group] = await makeBreakouts(ctx, fenna.user, community.slug, sid, { method: 'random', groups: '1' });
    const base = `/communities/${community.slug}/sessions/${sid}`;

    const milaPage = await mila.context.newPage();
    const noorPage = await noor.context.newPage();
    await visit(milaPage, `${base}/breakouts/${group.id}`);
    await visit(noorPage, `${base}/breakouts/${group.id}`);
    const noorUrl = noorPage.url();

    await milaPage.getByLabel('Aan de notities toevoegen').fill('We willen een maatje voor elke nieuwe collega.');
    await milaPage.getByRole('button', { name: 'Toevoegen' }).click();
    await milaPage.waitForURL(/#notes-heading$/);
    // Noor's page was not reloaded: the list asked again within seconds and shows Mila's note.
    await noorPage.getByText('We willen een maatje voor elke nieuwe collega.').waitFor({ timeout: 10_000 });
    expect(noorPage.url()).toBe(noorUrl);
    if (process.env.SHOTS) await noorPage.screenshot({ path: '/tmp/shot-group.png', fullPage: true });

    // Every page of part B: axe-core clean, translated, no sideways scrolling at 390 px.
    const clinic = await makeSession('clinic', 2);
    const open = await makeSession('open-space', 3);
    const reflection = await makeSession('reflection', 4);
    const fennaPage = await fenna.context.newPage();
    for (const path of [
      `${base}/questions`,
      `${base}/breakouts`,
      `${base}/breakouts/${group.id}`,
      `${base}/report`,
      `/communities/${community.slug}/sessions/${clinic}/clinic`,
      `/communities/${community.slug}/sessions/${reflection}/reflection`,
      `/communities/${community.slug}/sessions/${open}/open-space`,
      `/communities/${community.slug}/knowledge`,
      `/communities/${community.slug}/outputs`,
      `/communities/${community.slug}/overview`,
    ])
      await visit(fennaPage, path);
    await visit(fennaPage, `${base}/report`);
    await fennaPage.getByRole('button', { name: 'Het verslag opstellen' }).click();
    await fennaPage.waitForURL(/report/);
    await fennaPage.getByRole('button', { name: 'Het verslag publiceren' }).click();
    await fennaPage.waitForURL(/\/reports\//);
    await visit(fennaPage, new URL(fennaPage.url()).pathname);
    if (process.env.SHOTS) await fennaPage.screenshot({ path: '/tmp/shot-report.png', fullPage: true });
    await visit(fennaPage, `/communities/${community.slug}/overview`);
    if (process.env.SHOTS) await fennaPage.screenshot({ path: '/tmp/shot-overview.png', fullPage: true });
    await fennaPage.goBack();
    expect(await fennaPage.textContent('main')).toContain('We willen een maatje voor elke nieuwe collega.');
    for (const path of [`${base}/breakouts/${group.id}`, `/communities/${community.slug}/knowledge`]) await visit(noorPage, path);
  });
});
