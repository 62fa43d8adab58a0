import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { createRule, evaluateRules, listRules, setRuleActive } from '../badges.ts';
import { accessCommunity } from '../communities.ts';
import { BadgesPage } from '../pages/badges.tsx';
import { formError, formFields } from './communities.ts';

type Slug = { Params: { slug: string } };
const FIELDS = ['kind', 'threshold', 'theme', 'name', 'description', 'criteriaNarrative'] as const;

/** Participation badges: the rules of a community, adding one, pausing one, running them now. */
export function badgeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const page = async (request: FastifyRequest, slug: string, values = {}, errors?: Record<string, string>) => {
    const { community } = await accessCommunity(ctx, requireUser(request), slug, 'facilitator');
    const themes = await ctx.db.selectFrom('community_themes').select(['id', 'title']).where('community_id', '=', community.id).execute();
    return BadgesPage({ request, community, rules: await listRules(ctx, community.id), themes, values, errors });
  };

  app.get<Slug>('/communities/:slug/badges', async (request, reply) => reply.page(await page(request, request.params.slug)));

  app.post<Slug>('/communities/:slug/badges', async (request, reply) => {
    const values = formFields(request, FIELDS);
    try {
      await createRule(ctx, requireUser(request), request.params.slug, values);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await page(request, request.params.slug, values, errors), (error as AppError).status);
    }
    reply.flash('success', request.t('communities:badges.added'));
    return reply.redirect(`/communities/${request.params.slug}/badges`, 303);
  });

  app.post<Slug>('/communities/:slug/badges/run', async (request, reply) => {
    const { community } = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
    const result = await evaluateRules(ctx, { communityId: community.id });
    reply.flash('success', request.t('communities:badges.ran', { count: result.issued }));
    return reply.redirect(`/communities/${community.slug}/badges`, 303);
  });

  app.post<{ Params: { id: string } }>('/communities/rules/:id/active', async (request, reply) => {
    const { active } = formFields(request, ['active'] as const);
    const rule = await setRuleActive(ctx, requireUser(request), request.params.id, active === 'on');
    const community = await ctx.db.selectFrom('communities').select('slug').where('id', '=', rule.community_id).executeTakeFirstOrThrow();
    return reply.redirect(`/communities/${community.slug}/badges`, 303);
  });
}
