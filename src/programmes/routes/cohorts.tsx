import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { managerAccess } from '../access.ts';
import { addAssessor, addCohort, type CohortInput, cohortAccess, decide, enrol, removeAssessor, updateCohort } from '../cohorts.ts';
import { E } from '../errors.ts';
import { ApplyPage, CohortFormPage, CohortPage, type CohortValues } from '../pages/cohort.tsx';
import { p, programmePath } from '../pages/components.tsx';
import { cohortView } from '../views.ts';
import { bodyOf, formErrors, hide, one } from './shared.ts';

function cohortValues(request: FastifyRequest): CohortValues {
  const body = bodyOf(request);
  return {
    name: one(body, 'name'),
    startsOn: one(body, 'startsOn'),
    endsOn: one(body, 'endsOn'),
    capacity: one(body, 'capacity'),
    enrolmentOpen: one(body, 'enrolmentOpen') !== '',
  };
}

const toInput = (v: CohortValues): CohortInput => ({ ...v });

type CohortParams = { Params: { id: string; cohortId: string } };

/** The cohort in the programme of the address, or "not found". */
async function cohortIn(ctx: AppContext, request: FastifyRequest<CohortParams>) {
  const found = await cohortAccess(ctx, request.user, request.params.cohortId);
  if (found.access.programme.id !== request.params.id) throw E.cohortNotFound('id');
  return found;
}

/** Cohorts (new, changed, their page), assessors, decisions on applications, and applying. */
export function cohortRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>('/programmes/:id/cohorts/new', hide, async (request, reply) => {
    const { programme } = await managerAccess(ctx, requireUser(request), request.params.id);
    const values = { name: '', startsOn: '', endsOn: '', capacity: '20', enrolmentOpen: true };
    return reply.page(<CohortFormPage request={request} programme={programme} cohortId={null} values={values} />);
  });

  app.post<{ Params: { id: string } }>('/programmes/:id/cohorts/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const { programme } = await managerAccess(ctx, user, request.params.id);
    const values = cohortValues(request);
    try {
      const cohort = await addCohort(ctx, user, programme.id, toInput(values));
      reply.flash('success', p(request, 'cohortForm.saved', { name: cohort.name }));
      return reply.redirect(`/programmes/${programme.id}/cohorts/${cohort.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, 'name');
      return reply.page(<CohortFormPage request={request} programme={programme} cohortId={null} values={values} errors={errors} />, 400);
    }
  });

  app.get<CohortParams>('/programmes/:id/cohorts/:cohortId', hide, async (request, reply) => {
    const user = requireUser(request);
    const view = await cohortView(ctx, user, request.params.id, request.params.cohortId);
    return reply.page(<CohortPage request={request} {...view} />);
  });

  app.get<CohortParams>('/programmes/:id/cohorts/:cohortId/edit', hide, async (request, reply) => {
    requireUser(request);
    const { access, cohort } = await cohortIn(ctx, request);
    if (!access.manager) throw PlatformErrors.forbidden();
    const values = {
      name: cohort.name,
      startsOn: cohort.startsOn,
      endsOn: cohort.endsOn,
      capacity: String(cohort.capacity),
      enrolmentOpen: cohort.enrolmentOpen,
    };
    return reply.page(<CohortFormPage request={request} programme={access.programme} cohortId={cohort.id} values={values} />);
  });

  app.post<CohortParams>('/programmes/:id/cohorts/:cohortId/edit', hide, async (request, reply) => {
    const user = requireUser(request);
    const { access, cohort } = await cohortIn(ctx, request);
    if (!access.manager) throw PlatformErrors.forbidden();
    const values = cohortValues(request);
    try {
      await updateCohort(ctx, user, cohort.id, toInput(values));
      reply.flash('success', p(request, 'cohortForm.saved', { name: values.name }));
      return reply.redirect(`/programmes/${access.programme.id}/cohorts/${cohort.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, 'name');
      return reply.page(
        <CohortFormPage request={request} programme={access.programme} cohortId={cohort.id} values={values} errors={errors} />,
        400,
      );
    }
  });

  app.post<CohortParams>('/programmes/:id/cohorts/:cohortId/assessors', hide, async (request, reply) => {
    const user = requireUser(request);
    const { cohort } = await cohortIn(ctx, request);
    const email = one(bodyOf(request), 'email');
    try {
      const person = await addAssessor(ctx, user, cohort.id, email);
      reply.flash('success', p(request, 'cohortPage.assessorAdded', { name: person.name }));
      return reply.redirect(`/programmes/${request.params.id}/cohorts/${cohort.id}#assessors`, 303);
    } catch (error) {
      const errors = formErrors(request, error, 'email');
      const view = await cohortView(ctx, user, request.params.id, cohort.id);
      return reply.page(<CohortPage request={request} {...view} errors={errors} email={email} />, 400);
    }
  });

  app.post<{ Params: { id: string; cohortId: string; userId: string } }>(
    '/programmes/:id/cohorts/:cohortId/assessors/:userId/remove',
    hide,
    async (request, reply) => {
      const user = requireUser(request);
      const { cohort } = await cohortIn(ctx, request);
      await removeAssessor(ctx, user, cohort.id, request.params.userId);
      reply.flash('success', p(request, 'cohortPage.assessorRemoved'));
      return reply.redirect(`/programmes/${request.params.id}/cohorts/${cohort.id}#assessors`, 303);
    },
  );

  app.post<{ Params: { id: string; enrolmentId: string } }>(
    '/programmes/:id/enrolments/:enrolmentId/decision',
    hide,
    async (request, reply) => {
      const user = requireUser(request);
      try {
        const decided = await decide(ctx, user, request.params.enrolmentId, one(bodyOf(request), 'decision'), request.params.id);
        reply.flash(
          'success',
          p(request, decided.state === 'enrolled' ? 'cohortPage.accepted' : 'cohortPage.declined', { name: decided.person?.name ?? '' }),
        );
        return reply.redirect(`/programmes/${request.params.id}/cohorts/${decided.cohortId}`, 303);
      } catch (error) {
        const errors = formErrors(request, error, 'decision');
        reply.flash('error', Object.values(errors).join(' '));
        return reply.redirect(programmePath(request.params.id), 303);
      }
    },
  );

  app.get<CohortParams>('/programmes/:id/cohorts/:cohortId/apply', hide, async (request, reply) => {
    requireUser(request);
    const { access, cohort } = await cohortIn(ctx, request);
    return reply.page(<ApplyPage request={request} programme={access.programme} cohort={cohort} motivation="" />);
  });

  app.post<CohortParams>('/programmes/:id/cohorts/:cohortId/apply', hide, async (request, reply) => {
    const user = requireUser(request);
    const { access, cohort } = await cohortIn(ctx, request);
    const motivation = one(bodyOf(request), 'motivation');
    try {
      const enrolment = await enrol(ctx, user, cohort.id, { motivation });
      reply.flash(
        'success',
        p(request, enrolment.state === 'enrolled' ? 'apply.enrolled' : 'apply.applied', { programme: access.programme.name }),
      );
      return reply.redirect(programmePath(access.programme.id), 303);
    } catch (error) {
      const errors = formErrors(request, error, 'motivation');
      // An error about the cohort (full, closed, already in) is shown above the form.
      const shown = errors.cohortId ? { motivation: errors.cohortId } : errors;
      return reply.page(
        <ApplyPage request={request} programme={access.programme} cohort={cohort} motivation={motivation} errors={shown} />,
        errors.cohortId ? 409 : 400,
      );
    }
  });
}
