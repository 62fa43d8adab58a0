import type { FastifyInstance } from 'fastify';
import type { CurrentUser } from '../../src/accounts/api.ts';
import type { CommunityRow } from '../../src/communities/communities.ts';
import type { SessionKind } from '../../src/communities/schema.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { Browser } from '../accounts/support.ts';
import { addToCommunity, community, type Person, person } from './support.ts';
import { seeded } from '../helpers/seeded.ts';

/** A session of a community, made directly (as planning one would). */
export async function session(
  ctx: AppContext,
  communityId: string,
  options: { kind?: SessionKind; title?: string; themeId?: string | null; startsAt?: Date } = {},
): Promise<string> {
  const starts = options.startsAt ?? new Date(Date.now() + 86_400_000);
  const row = await ctx.db
    .insertInto('community_sessions')
    .values({
      community_id: communityId,
      theme_id: options.themeId ?? null,
      kind: options.kind ?? 'community',
      title: options.title ?? 'Session',
      description: '',
      template: null,
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 7_200_000),
      time_zone: 'Europe/Amsterdam',
      place: null,
      online_url: null,
      capacity: null,
      cancelled_at: null,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Registers people for a session directly. */
export async function register(ctx: AppContext, sessionId: string, users: CurrentUser[]): Promise<void> {
  for (const user of users)
    await ctx.db
      .insertInto('community_registrations')
      .values({
        session_id: sessionId,
        user_id: user.id,
        status: 'registered',
        registered_at: new Date(),
        updated_at: new Date(),
        reminded_at: null,
      })
      .execute();
}

/**
 * The cast of the authorisation tests: community A (by invitation, so closed) with a facilitator and
 * three members; community B (open) with its own facilitator, who is no member of A; a signed-in
 * stranger; a signed-out browser.
 */
export interface Cast {
  a: CommunityRow;
  b: CommunityRow;
  facilitator: Person;
  members: Person[];
  otherFacilitator: Person;
  stranger: Person;
  signedOut: Browser;
}

export async function cast(ctx: AppContext, app: FastifyInstance, options: { visibility?: string; lang?: string } = {}): Promise<Cast> {
  const facilitator = await person(ctx, app, 'Fenna Facilitator', options.lang);
  const members = [
    await person(ctx, app, 'Mila Member', options.lang),
    await person(ctx, app, 'Noor Member', options.lang),
    await person(ctx, app, 'Otto Member', options.lang),
  ];
  const otherFacilitator = await person(ctx, app, 'Bram Elsewhere', options.lang);
  const stranger = await person(ctx, app, 'Sam Stranger', options.lang);
  const a = await community(ctx, facilitator.user, {
    name: `Closed ${Math.random().toString(36).slice(2, 7)}`,
    visibility: options.visibility ?? 'invitation',
  });
  const b = await community(ctx, otherFacilitator.user, { name: `Open ${Math.random().toString(36).slice(2, 7)}`, visibility: 'open' });
  for (const m of members) await addToCommunity(ctx, a.id, m.user);
  const signedOut = new Browser(app);
  await signedOut.get('/signin');
  return { a, b, facilitator, members, otherFacilitator, stranger, signedOut };
}

export { seeded };

/** A JSON call to a page route as a script would make it (session cookie, CSRF header, Accept: JSON). */
export async function json(browser: Browser, method: 'GET' | 'POST', url: string, payload?: unknown) {
  if (!browser.csrf) await browser.get('/');
  return browser.app.inject({
    method,
    url,
    payload: payload === undefined ? undefined : JSON.stringify(payload),
    headers: {
      cookie: [...browser.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '),
      'x-csrf-token': browser.csrf,
      accept: 'application/json',
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
  });
}
