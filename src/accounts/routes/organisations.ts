import { subjectSections } from '../../platform/subjects.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { MANAGER_ROLES, requireOrgRole } from '../authorisation.ts';
import {
  changeMemberRole,
  createOrganisationAs,
  getOrganisation,
  listMembers,
  listMyOrganisations,
  listPendingInvitations,
  removeMember,
} from '../organisations.ts';
import { NewOrganisationPage, OrganisationPage, OrganisationsPage } from '../pages/organisations.tsx';
import { getCurrentUser } from '../service.ts';
import { field, fields, formErrors, page } from './shared.ts';

/** An organisation's page, with the values and errors of a form on it that failed. */
export async function organisationPage(
  ctx: AppContext,
  request: FastifyRequest,
  slug: string,
  extra: { values?: Record<string, string>; errors?: FormErrors } = {},
) {
  const user = requireUser(request);
  const organisation = await getOrganisation(ctx, user, slug);
  const canManage = user.isOperator || (organisation.role !== null && MANAGER_ROLES.includes(organisation.role));
  return OrganisationPage({
    request,
    organisation,
    members: await listMembers(ctx, user, organisation.id),
    invitations: canManage ? await listPendingInvitations(ctx, user, organisation.id) : [],
    canManage,
    isOwner: user.isOperator || organisation.role === 'owner',
    sections: await subjectSections(ctx, { kind: 'issuer', id: organisation.id }, request),
    ...extra,
  });
}

/** Organisations and their members. */
export function organisationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/organisations',
    page(async (request, reply) => {
      const user = requireUser(request);
      return reply.page(OrganisationsPage({ request, organisations: await listMyOrganisations(ctx, user) }));
    }),
  );

  app.get(
    '/organisations/new',
    page(async (request, reply) => {
      const user = requireUser(request);
      return reply.page(NewOrganisationPage({ request, user }));
    }),
  );

  app.post(
    '/organisations',
    page(async (request, reply) => {
      const user = requireUser(request);
      const values = fields(request, ['slug', 'name', 'kind', 'description', 'website']);
      if (!user.emailConfirmed) return reply.page(NewOrganisationPage({ request, user, values }), 403);
      try {
        const org = await createOrganisationAs(ctx, user, { ...values, kind: values.kind || 'other' });
        reply.flash('success', request.t('accounts:organisations.created', { name: org.name }));
        return reply.redirect(`/organisations/${org.slug}`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(NewOrganisationPage({ request, user, values, errors }), 400);
      }
    }),
  );

  app.get(
    '/organisations/:slug',
    page(async (request, reply) => reply.page(await organisationPage(ctx, request, (request.params as { slug: string }).slug))),
  );

  app.post(
    '/organisations/:slug/members/:userId',
    page(async (request, reply) => {
      const user = requireUser(request);
      const { slug, userId } = request.params as { slug: string; userId: string };
      try {
        const member = await changeMemberRole(ctx, user, slug, userId, field(request, 'role'));
        reply.flash(
          'success',
          request.t('accounts:organisations.roleChanged', { name: member.name, role: request.t(`accounts:roles.${member.role}`) }),
        );
        return reply.redirect(`/organisations/${slug}`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(await organisationPage(ctx, request, slug, { errors: { member: Object.values(errors)[0] } }), 400);
      }
    }),
  );

  app.post(
    '/organisations/:slug/members/:userId/remove',
    page(async (request, reply) => {
      const user = requireUser(request);
      const { slug, userId } = request.params as { slug: string; userId: string };
      await requireOrgRole(ctx, user, slug, MANAGER_ROLES);
      const name = (await getCurrentUser(ctx.db, userId).catch(() => null))?.name ?? '';
      try {
        await removeMember(ctx, user, slug, userId);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(await organisationPage(ctx, request, slug, { errors: { member: Object.values(errors)[0] } }), 400);
      }
      reply.flash('success', request.t('accounts:organisations.removed', { name }));
      return reply.redirect(userId === user.id && !user.isOperator ? '/organisations' : `/organisations/${slug}`, 303);
    }),
  );
}
