import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findOrganisation } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import { accessCommunity, createCommunity, hostChoices, listCommunities, updateCommunity } from '../communities.ts';
import { communityOverview } from '../overview.ts';
import { CommunitiesPage, CommunityFormPage, type CommunityFormValues } from '../pages/communities.tsx';
import { CommunityPage } from '../pages/community.tsx';
import { communitySections } from '../sections.ts';

/** The string fields of a posted form, each cut at `max` characters. */
export function formFields<K extends string>(request: FastifyRequest, fields: readonly K[], max = 20_000): Partial<Record<K, string>> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const out: Partial<Record<K, string>> = {};
  for (const f of fields) {
    const v = body[f];
    if (typeof v === 'string') out[f] = v.slice(0, max);
    else if (Array.isArray(v))
      out[f] = v
        .filter((x) => typeof x === 'string')
        .join('\n')
        .slice(0, max);
  }
  return out;
}

/** Shows a form again with the errors of a refused post, or rethrows what is no field error. */
export function formError(request: FastifyRequest, error: unknown): Record<string, string> {
  const errors = fieldMessages(request.t, error);
  if (!errors || wantsJson(request) || [401, 403, 404].includes((error as AppError).status)) throw error;
  return errors;
}

const FIELDS = ['organisation', 'name', 'purpose', 'visibility', 'province', 'municipality'] as const;

/** `/communities`: the list, starting and changing a community, and its page. */
export function communityRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/communities', async (request, reply) => {
    const user = requireUser(request);
    const items = await listCommunities(ctx, user);
    const canStart = (await hostChoices(ctx, user)).length > 0;
    return reply.page(CommunitiesPage({ request, items, canStart }));
  });

  app.get('/communities/new', async (request, reply) => {
    const user = requireUser(request);
    const organisations = await hostChoices(ctx, user);
    return reply.page(CommunityFormPage({ request, organisations, values: { organisation: organisations[0]?.slug, visibility: 'open' } }));
  });

  app.post('/communities/new', async (request, reply) => {
    const user = requireUser(request);
    const values: CommunityFormValues = formFields(request, FIELDS);
    try {
      const community = await createCommunity(ctx, user, values);
      reply.flash('success', request.t('communities:community.created'));
      return reply.redirect(`/communities/${community.slug}`, 303);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(
        CommunityFormPage({ request, organisations: await hostChoices(ctx, user), values, errors }),
        (error as AppError).status,
      );
    }
  });

  app.get<{ Params: { slug: string } }>('/communities/:slug', async (request, reply) => {
    const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'see');
    const organisation = await findOrganisation(ctx.db, access.community.organisation_id);
    const overview = await communityOverview(ctx, access);
    const sections = await communitySections(ctx, request, access);
    return reply.page(CommunityPage({ request, access, organisationName: organisation?.name ?? '', overview, sections }));
  });

  app.get<{ Params: { slug: string } }>('/communities/:slug/edit', async (request, reply) => {
    const { community } = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
    return reply.page(CommunityFormPage({ request, organisations: [], community, values: community }));
  });

  app.post<{ Params: { slug: string } }>('/communities/:slug/edit', async (request, reply) => {
    const user = requireUser(request);
    const { community } = await accessCommunity(ctx, user, request.params.slug, 'facilitator');
    const values: CommunityFormValues = formFields(request, FIELDS);
    try {
      const updated = await updateCommunity(ctx, user, community.id, values);
      reply.flash('success', request.t('communities:form.saved'));
      return reply.redirect(`/communities/${updated.slug}`, 303);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(CommunityFormPage({ request, organisations: [], community, values, errors }), (error as AppError).status);
    }
  });
}
