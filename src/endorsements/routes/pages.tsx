import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { EndorsementPage } from '../pages/endorsement.tsx';
import { type EndorseValues, ManagePage } from '../pages/manage.tsx';
import { e } from '../pages/section.tsx';
import { endorse, getEndorsement, revokeEndorsement } from '../service.ts';
import { endorsementPageView, manageView } from '../views.ts';

const hide = { schema: { hide: true } };

const field = (request: FastifyRequest, name: string): string => {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

/** A coded 4xx about the input as messages next to the fields; anything else is rethrown for the error page. */
function formErrors(request: FastifyRequest, error: unknown, subjectField = 'subjectId'): FormErrors {
  if (!(error instanceof AppError) || error.status >= 500 || [401, 403, 404].includes(error.status)) throw error;
  const errors = error.errors.map((x) => (x.field === 'subjectId' ? { ...x, field: subjectField } : x));
  return fieldMessages(request.t, new AppError(error.status, error.code, { errors })) ?? { comment: request.t(error.code, error.params) };
}

const blank: EndorseValues = { subjectType: 'achievement', achievementId: '', issuerId: '', credential: '', comment: '' };
const SUBJECT_FIELDS: Record<string, keyof EndorseValues> = { achievement: 'achievementId', issuer: 'issuerId', credential: 'credential' };

/** An endorsement's public page and JSON, revoking it, and the organisation's endorsements with the form to give one. */
export function endorsementPages(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>('/endorsements/:id', hide, async (request, reply) => {
    const view = await endorsementPageView(ctx, request.user, request.params.id);
    return reply.page(<EndorsementPage request={request} {...view} />);
  });

  app.get<{ Params: { id: string } }>('/endorsements/:id/credential.json', hide, async (request, reply) => {
    const endorsement = await getEndorsement(ctx, request.params.id);
    return reply
      .type('application/vc+ld+json')
      .header('content-disposition', 'attachment; filename="endorsement.json"')
      .header('access-control-allow-origin', '*')
      .send(JSON.stringify(endorsement.document, null, 2));
  });

  app.post<{ Params: { id: string } }>('/endorsements/:id/revoke', hide, async (request, reply) => {
    const user = requireUser(request);
    try {
      await revokeEndorsement(ctx, user, request.params.id, field(request, 'reason'), 'organisation');
    } catch (error) {
      const errors = formErrors(request, error);
      const view = await endorsementPageView(ctx, user, request.params.id);
      return reply.page(<EndorsementPage request={request} {...view} errors={errors} />, 400);
    }
    reply.flash('success', e(request, 'page.revokedDone'));
    return reply.redirect(`/endorsements/${request.params.id}`, 303);
  });

  app.get<{ Params: { slug: string } }>('/organisations/:slug/endorsements', hide, async (request, reply) => {
    const view = await manageView(ctx, requireUser(request), request.params.slug);
    return reply.page(<ManagePage request={request} {...view} values={blank} />);
  });

  app.post<{ Params: { slug: string } }>('/organisations/:slug/endorsements', hide, async (request, reply) => {
    const user = requireUser(request);
    const view = await manageView(ctx, user, request.params.slug);
    const values: EndorseValues = {
      subjectType: field(request, 'subjectType'),
      achievementId: field(request, 'achievementId'),
      issuerId: field(request, 'issuerId'),
      credential: field(request, 'credential'),
      comment: field(request, 'comment'),
    };
    const subjectField = SUBJECT_FIELDS[values.subjectType] ?? 'subjectType';
    try {
      const endorsement = await endorse(ctx, user, view.organisation.slug, {
        subjectType: values.subjectType,
        subjectId: SUBJECT_FIELDS[values.subjectType] ? values[SUBJECT_FIELDS[values.subjectType]] : '',
        comment: values.comment,
      });
      reply.flash('success', e(request, 'manage.done', { name: endorsement.subjectName }));
      return reply.redirect(`/endorsements/${endorsement.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, subjectField);
      return reply.page(<ManagePage request={request} {...view} values={values} errors={errors} />, 400);
    }
  });
}
