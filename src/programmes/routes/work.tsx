import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { E } from '../errors.ts';
import { p } from '../pages/components.tsx';
import { AssignmentPage, RenewPage, WorkPage } from '../pages/work.tsx';
import { fileOf, getSubmission, myWork, requestRenewal, submit } from '../work.ts';
import { readSubmission, sendFile } from './files.ts';
import { bodyOf, formErrors, hide, one } from './shared.ts';

type AssignmentParams = { Params: { id: string; assignmentId: string } };
type ModuleParams = { Params: { id: string; moduleId: string } };

/** The participant's work on the module of an assignment (404 when the assignment is not of this programme). */
async function assignmentWork(ctx: AppContext, request: FastifyRequest<AssignmentParams>) {
  const { access, work } = await myWork(ctx, requireUser(request), request.params.id);
  for (const w of work) {
    const assignment = w.module.assignments.find((a) => a.id === request.params.assignmentId);
    if (assignment) return { programme: access.programme, work: w, assignment };
  }
  throw E.assignmentNotFound('assignmentId');
}

async function moduleWork(ctx: AppContext, request: FastifyRequest<ModuleParams>) {
  const { access, work } = await myWork(ctx, requireUser(request), request.params.id);
  const found = work.find((w) => w.module.id === request.params.moduleId);
  if (!found) throw E.moduleNotFound('moduleId');
  return { programme: access.programme, work: found };
}

/** The participant's work: the overview, handing in evidence, files, renewal. */
export function workRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>('/programmes/:id/work', hide, async (request, reply) => {
    const { access, work } = await myWork(ctx, requireUser(request), request.params.id);
    return reply.page(<WorkPage request={request} programme={access.programme} work={work} />);
  });

  app.get<AssignmentParams>('/programmes/:id/assignments/:assignmentId', hide, async (request, reply) => {
    const view = await assignmentWork(ctx, request);
    return reply.page(<AssignmentPage request={request} {...view} />);
  });

  app.post<AssignmentParams>('/programmes/:id/assignments/:assignmentId', hide, async (request, reply) => {
    const user = requireUser(request);
    const view = await assignmentWork(ctx, request);
    let values = { text: '', link: '' };
    try {
      const input = await readSubmission(request);
      values = { text: input.text ?? '', link: input.link ?? '' };
      const { round } = await submit(ctx, user, view.assignment.id, input, view.programme.id);
      reply.flash(
        'success',
        p(request, round.state === 'submitted' ? 'assignment.savedComplete' : 'assignment.saved', { title: view.assignment.title }),
      );
      return reply.redirect(`/programmes/${view.programme.id}/work#module-${view.work.module.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, 'text');
      const fresh = await assignmentWork(ctx, request);
      return reply.page(<AssignmentPage request={request} {...fresh} values={values} errors={errors} />, 400);
    }
  });

  app.get<{ Params: { id: string; submissionId: string } }>(
    '/programmes/:id/submissions/:submissionId/file',
    hide,
    async (request, reply) => {
      const { submission, round } = await getSubmission(ctx, requireUser(request), request.params.submissionId);
      if (round.access.programme.id !== request.params.id) throw E.submissionNotFound('id');
      const file = await fileOf(ctx, submission.id);
      if (!file) throw E.submissionNotFound('id');
      return sendFile(reply, file);
    },
  );

  app.get<ModuleParams>('/programmes/:id/modules/:moduleId/renew', hide, async (request, reply) => {
    const view = await moduleWork(ctx, request);
    return reply.page(<RenewPage request={request} {...view} values={{ claimText: '', claimLink: '' }} />);
  });

  app.post<ModuleParams>('/programmes/:id/modules/:moduleId/renew', hide, async (request, reply) => {
    const user = requireUser(request);
    const view = await moduleWork(ctx, request);
    const body = bodyOf(request);
    const values = { claimText: one(body, 'claimText'), claimLink: one(body, 'claimLink') };
    try {
      const round = await requestRenewal(ctx, user, view.work.module.id, values);
      reply.flash('success', p(request, round.mode === 'claim' ? 'renew.claimSent' : 'renew.started', { module: view.work.module.name }));
      return reply.redirect(`/programmes/${view.programme.id}/work#module-${view.work.module.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, 'claimText');
      const shown = errors.moduleId ? { claimText: errors.moduleId } : errors;
      return reply.page(<RenewPage request={request} {...view} values={values} errors={shown} />, errors.moduleId ? 409 : 400);
    }
  });
}
