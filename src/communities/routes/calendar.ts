import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { communityFeed, eventsOf, icalendar, personalFeed, personalFeedToken, resetPersonalFeed } from '../calendar.ts';
import { accessCommunity } from '../communities.ts';
import { E } from '../errors.ts';
import { CalendarPage } from '../pages/calendar.tsx';
import { accessSession } from '../sessions.ts';

/**
 * iCalendar: one session (signed in), a community's feed and a person's feed. The feeds are read
 * by calendar apps without cookies, so their address carries a secret token instead.
 */
export function calendarRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>('/communities/sessions/:id/calendar.ics', async (request, reply) => {
    const { session, access } = await accessSession(ctx, requireUser(request), request.params.id, 'see');
    const body = icalendar(access.community.name, await eventsOf(ctx, [session]), ctx.config.baseUrl);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="session.ics"')
      .send(body);
  });

  app.get<{ Params: { token: string } }>(
    '/communities/feed/community/:token.ics',
    { config: { authenticate: false } },
    async (request, reply) => {
      const body = await communityFeed(ctx, request.params.token);
      if (!body) throw E.feedNotFound();
      return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
    },
  );

  app.get<{ Params: { token: string } }>(
    '/communities/feed/person/:token.ics',
    { config: { authenticate: false } },
    async (request, reply) => {
      const body = await personalFeed(ctx, request.params.token, 'Vaardig');
      if (!body) throw E.feedNotFound();
      return reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(body);
    },
  );

  // The page with the feed addresses to subscribe to: the person's own, and those of their communities.
  app.get('/communities/calendar', async (request, reply) => {
    const user = requireUser(request);
    const token = await personalFeedToken(ctx, user.id);
    const mine = await ctx.db
      .selectFrom('communities as c')
      .innerJoin('community_members as m', 'm.community_id', 'c.id')
      .select(['c.slug', 'c.name', 'c.feed_token'])
      .where('m.user_id', '=', user.id)
      .where('m.status', '=', 'active')
      .orderBy('c.name')
      .execute();
    const base = ctx.config.baseUrl;
    return reply.page(
      CalendarPage({
        request,
        personal: `${base}/communities/feed/person/${token}.ics`,
        communities: mine.map((c) => ({ name: c.name, url: `${base}/communities/feed/community/${c.feed_token}.ics` })),
      }),
    );
  });

  app.post('/communities/calendar/reset', async (request, reply) => {
    await resetPersonalFeed(ctx, requireUser(request).id);
    reply.flash('success', request.t('communities:calendar.resetDone'));
    return reply.redirect('/communities/calendar', 303);
  });

  // A community's feed address, for its members (the community page links here).
  app.get<{ Params: { slug: string } }>('/communities/:slug/calendar', async (request, reply) => {
    await accessCommunity(ctx, requireUser(request), request.params.slug, 'member');
    return reply.redirect('/communities/calendar', 303);
  });
}
