import type { FastifyInstance } from 'fastify';
import { accessTheme, addThemeSection, nextSessionOfTheme } from '../../communities/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { errorMessage } from '../../platform/http/problem.ts';
import { badgeDemand, communityRegion, putOnAgenda, risingForTheme } from '../joined.ts';
import { BadgeDemandPage, ThemeDemandSection } from '../pages/joined.tsx';

let registered = false;

/**
 * Joined up (issue 12): the section on a community theme (its skills rising in demand, and for a
 * facilitator "put on the agenda"), that action, and an issuer's badges against demand.
 */
export function joinedRoutes(app: FastifyInstance, ctx: AppContext): void {
  if (!registered) {
    registered = true;
    // The theme page is the communities module's; this section is added through its api.ts.
    addThemeSection(async (sectionCtx, request, access, themeId) => {
      if (!request.user) return '';
      const { theme, access: seen } = await accessTheme(sectionCtx, request.user, themeId, 'see');
      if (theme.skill_ids.length === 0) return '';
      const region = await communityRegion(sectionCtx, seen.community);
      const rising = await risingForTheme(sectionCtx, theme.skill_ids, request.lang, region);
      const facilitator = access.isFacilitator || request.user.isOperator;
      const session = facilitator ? await nextSessionOfTheme(sectionCtx, theme) : null;
      return ThemeDemandSection({ request, themeId, rising, facilitator, session, region });
    });
  }

  app.post<{ Params: { id: string }; Body: { skill?: string } }>('/communities/themes/:id/insight-agenda', async (request, reply) => {
    const user = requireUser(request);
    const back = `/communities/themes/${encodeURIComponent(request.params.id)}#insight-rising`;
    try {
      const done = await putOnAgenda(
        ctx,
        user,
        request.params.id,
        request.body?.skill,
        (skill) => request.t('insight:theme.itemTitle', { skill }),
        request.lang,
      );
      reply.flash('success', request.t('insight:theme.added', { session: done.sessionTitle }));
      return reply.redirect(back, 303);
    } catch (error) {
      // Not allowed or not found: as the communities module answers (403/404). Bad input: back with the message.
      if (!(error instanceof AppError) || (error.status !== 400 && error.status !== 409)) throw error;
      reply.flash('error', errorMessage(request.t, error.code, error.params));
      return reply.redirect(back, 303);
    }
  });

  app.get<{ Params: { slug: string } }>('/organisations/:slug/insight/badges', async (request, reply) => {
    const result = await badgeDemand(ctx, requireUser(request), request.params.slug, request.lang);
    return reply.page(
      <BadgeDemandPage request={request} organisation={result.organisation} period={result.period} badges={result.badges} />,
    );
  });
}
