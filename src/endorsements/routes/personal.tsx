import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireOperator, requireUser } from '../../platform/http/auth.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { EndorsementPage } from '../pages/endorsement.tsx';
import type { EndorseValues } from '../pages/manage.tsx';
import { PersonalPage, SettingsPage } from '../pages/personal.tsx';
import { e } from '../pages/section.tsx';
import { endorseAsPerson, peopleMayEndorse, personalRefusal, revokeEndorsement, setPeopleMayEndorse } from '../service.ts';
import { endorsementPageView, personalView } from '../views.ts';

const hide = { schema: { hide: true } };

const text = (source: unknown, name: string): string => {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

const SUBJECT_FIELDS: Record<string, keyof EndorseValues> = { achievement: 'achievementId', issuer: 'issuerId', credential: 'credential' };

/** A coded 4xx about the input as messages next to the fields; anything else (401, 403, 404, 5xx) is rethrown for the error page. */
function formErrors(request: FastifyRequest, error: unknown, subjectField = 'subjectId'): FormErrors {
  if (!(error instanceof AppError) || error.status >= 500 || [401, 403, 404].includes(error.status)) throw error;
  const errors = error.errors.map((x) => (x.field === 'subjectId' ? { ...x, field: subjectField } : x));
  return fieldMessages(request.t, new AppError(error.status, error.code, { errors })) ?? { comment: request.t(error.code, error.params) };
}

/** Endorsing as oneself (where the network allows it), revoking one's own, and the operator's setting. */
export function personalEndorsementPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/endorsements/personal', hide, async (request, reply) => {
    const user = requireUser(request);
    const values: EndorseValues = {
      subjectType: text(request.query, 'subjectType') || 'achievement',
      achievementId: text(request.query, 'achievementId'),
      issuerId: text(request.query, 'issuerId'),
      credential: text(request.query, 'credential'),
      comment: '',
    };
    return reply.page(<PersonalPage request={request} {...(await personalView(ctx, user))} values={values} />);
  });

  app.post('/endorsements/personal', hide, async (request, reply) => {
    const user = requireUser(request);
    // Not allowed here (the network's setting, an unconfirmed address): the coded 403 names why.
    const refusal = await personalRefusal(ctx, user);
    if (refusal) throw refusal;
    const values: EndorseValues = {
      subjectType: text(request.body, 'subjectType'),
      achievementId: text(request.body, 'achievementId'),
      issuerId: text(request.body, 'issuerId'),
      credential: text(request.body, 'credential'),
      comment: text(request.body, 'comment'),
    };
    const subjectField = SUBJECT_FIELDS[values.subjectType] ?? 'subjectType';
    try {
      const endorsement = await endorseAsPerson(ctx, user, {
        subjectType: values.subjectType,
        subjectId: SUBJECT_FIELDS[values.subjectType] ? values[SUBJECT_FIELDS[values.subjectType]] : '',
        comment: values.comment,
      });
      reply.flash('success', e(request, 'manage.done', { name: endorsement.subjectName }));
      return reply.redirect(`/endorsements/${endorsement.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, subjectField);
      return reply.page(<PersonalPage request={request} {...(await personalView(ctx, user))} values={values} errors={errors} />, 400);
    }
  });

  app.post<{ Params: { id: string } }>('/endorsements/personal/:id/revoke', hide, async (request, reply) => {
    const user = requireUser(request);
    try {
      await revokeEndorsement(ctx, user, request.params.id, text(request.body, 'reason'), 'person');
    } catch (error) {
      const errors = formErrors(request, error, 'reason');
      const view = await endorsementPageView(ctx, user, request.params.id);
      return reply.page(<EndorsementPage request={request} {...view} errors={errors} />, 400);
    }
    reply.flash('success', e(request, 'page.revokedDone'));
    return reply.redirect(`/endorsements/${request.params.id}`, 303);
  });

  app.get('/admin/endorsements', hide, async (request, reply) => {
    requireOperator(request);
    return reply.page(<SettingsPage request={request} allowed={await peopleMayEndorse(ctx)} />);
  });

  app.post('/admin/endorsements', hide, async (request, reply) => {
    const user = requireOperator(request);
    const allowed = text(request.body, 'peopleMayEndorse') === 'on';
    await setPeopleMayEndorse(ctx, user, allowed);
    reply.flash('success', e(request, allowed ? 'settings.savedOn' : 'settings.savedOff'));
    return reply.redirect('/admin/endorsements', 303);
  });
}
