import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { requireUser } from '../../../platform/http/auth.ts';
import { updateIssuerSettings } from '../issuer.ts';
import { Dashboard } from '../pages/issuer.tsx';
import { issuerDashboard, issuerOrganisation, rotateIssuerKeys } from '../views.ts';
import { hide, orgPath } from './shared.ts';

/** The issuer's dashboard (its badges) and its issuer settings: colours, did:key, key rotation. */
export function registerIssuerPages(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>('/organisations/:slug/achievements', hide, async (request, reply) => {
    const dashboard = await issuerDashboard(ctx, requireUser(request), request.params.slug);
    return reply.page(<Dashboard request={request} {...dashboard} />);
  });
  app.post<{ Params: { slug: string }; Body: Record<string, string> }>('/organisations/:slug/issuer', hide, async (request, reply) => {
    const organisation = await issuerOrganisation(ctx, requireUser(request), request.params.slug);
    await updateIssuerSettings(ctx, organisation.id, {
      primaryColour: request.body.primaryColour,
      accentColour: request.body.accentColour,
      didKey: request.body.didKey === 'on',
    });
    reply.flash('success', request.t('credentials:issuing.settingsSaved'));
    return reply.redirect(`${orgPath(organisation.slug)}/achievements`, 303);
  });
  app.post<{ Params: { slug: string } }>('/organisations/:slug/issuer/rotate', hide, async (request, reply) => {
    const organisation = await rotateIssuerKeys(ctx, requireUser(request), request.params.slug);
    reply.flash('success', request.t('credentials:issuing.rotated'));
    return reply.redirect(`${orgPath(organisation.slug)}/achievements`, 303);
  });
}
