import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { FormPage, type FormValues, ManagePage } from '../pages/manage.tsx';
import { p } from '../pages/components.tsx';
import { createPathway, updatePathway } from '../service.ts';
import { editorView, formValuesOf, manageView } from '../views.ts';
import { hide, readForm, toInput } from './shared.ts';

/** A coded 4xx about the input as messages next to the fields; anything else is rethrown for the error page. */
function formErrors(request: FastifyRequest, error: unknown, values: FormValues): FormErrors {
  if (!(error instanceof AppError) || error.status >= 500 || [401, 403, 404].includes(error.status)) throw error;
  // An achievement id typed in a step's text box is named there, not at the list of the network's badges.
  const errors = error.errors.map((e) => {
    const step = /^steps\.(\d+)\.achievements$/.exec(e.field)?.[1];
    const typed = step !== undefined ? values.steps[Number(step)]?.external : undefined;
    return typed && typeof e.params?.value === 'string' && typed.includes(e.params.value) ? { ...e, field: `steps.${step}.external` } : e;
  });
  return (
    fieldMessages(request.t, new AppError(error.status, error.code, { errors, params: error.params })) ?? {
      name: request.t(error.code, error.params),
    }
  );
}

const blank: FormValues = { name: '', description: '', achievementId: '', status: 'draft', version: '', steps: [] };

/** The organisation's pathways and the editor (its editors and the network operator). */
export function manageRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>('/organisations/:slug/pathways', hide, async (request, reply) => {
    const view = await manageView(ctx, requireUser(request), request.params.slug);
    return reply.page(<ManagePage request={request} {...view} />);
  });

  app.get<{ Params: { slug: string } }>('/organisations/:slug/pathways/new', hide, async (request, reply) => {
    const view = await editorView(ctx, requireUser(request), request.params.slug);
    return reply.page(<FormPage request={request} pathwayId={null} values={blank} {...view} />);
  });

  app.post<{ Params: { slug: string } }>('/organisations/:slug/pathways/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const view = await editorView(ctx, user, request.params.slug);
    const values = readForm(request);
    try {
      const pathway = await createPathway(ctx, user, view.organisation.slug, toInput(values));
      reply.flash('success', p(request, 'form.saved', { name: pathway.name }));
      return reply.redirect(`/pathways/${pathway.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, values);
      return reply.page(<FormPage request={request} pathwayId={null} values={values} errors={errors} {...view} />, 400);
    }
  });

  app.get<{ Params: { slug: string; id: string } }>('/organisations/:slug/pathways/:id/edit', hide, async (request, reply) => {
    const user = requireUser(request);
    const view = await editorView(ctx, user, request.params.slug);
    const { pathway, values } = await formValuesOf(ctx, user, request.params.id);
    if (pathway.organisationId !== view.organisation.id) return reply.callNotFound();
    return reply.page(<FormPage request={request} pathwayId={pathway.id} values={values} {...view} />);
  });

  app.post<{ Params: { slug: string; id: string } }>('/organisations/:slug/pathways/:id/edit', hide, async (request, reply) => {
    const user = requireUser(request);
    const view = await editorView(ctx, user, request.params.slug);
    const { pathway } = await formValuesOf(ctx, user, request.params.id);
    if (pathway.organisationId !== view.organisation.id) return reply.callNotFound();
    const values = readForm(request);
    try {
      const saved = await updatePathway(ctx, user, pathway.id, toInput(values));
      reply.flash('success', p(request, 'form.saved', { name: saved.name }));
      return reply.redirect(`/pathways/${saved.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, values);
      return reply.page(<FormPage request={request} pathwayId={pathway.id} values={values} errors={errors} {...view} />, 400);
    }
  });
}
