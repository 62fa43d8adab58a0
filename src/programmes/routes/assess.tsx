import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { moderate, review, roundDetail } from '../assessment.ts';
import { E } from '../errors.ts';
import { QueuePage, type ReviewValues, RoundPage } from '../pages/assess.tsx';
import { p } from '../pages/components.tsx';
import { queueView } from '../views.ts';
import { bodyOf, formErrors, hide, one } from './shared.ts';

type RoundParams = { Params: { id: string; roundId: string } };

async function detailIn(ctx: AppContext, request: FastifyRequest<RoundParams>) {
  const detail = await roundDetail(ctx, requireUser(request), request.params.roundId);
  if (detail.access.programme.id !== request.params.id) throw E.roundNotFound('id');
  return detail;
}

function reviewValues(request: FastifyRequest): ReviewValues {
  const body = bodyOf(request);
  const levels: Record<string, string> = {};
  for (const key of Object.keys(body)) {
    const criterion = /^levels\.(c\d+)$/.exec(key)?.[1];
    if (criterion) levels[criterion] = one(body, key);
  }
  return { levels, comment: one(body, 'comment'), moderation: one(body, 'moderation') !== '' };
}

/** The assessment queue, a round of work, judgements and moderation. */
export function assessRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { id: string } }>('/programmes/:id/assess', hide, async (request, reply) => {
    const view = await queueView(ctx, requireUser(request), request.params.id);
    return reply.page(<QueuePage request={request} programme={view.programme} queue={view.queue} cohorts={view.cohorts} />);
  });

  app.get<RoundParams>('/programmes/:id/rounds/:roundId', hide, async (request, reply) => {
    const detail = await detailIn(ctx, request);
    return reply.page(<RoundPage request={request} detail={detail} />);
  });

  for (const kind of ['review', 'moderate'] as const) {
    app.post<RoundParams>(`/programmes/:id/rounds/:roundId/${kind}`, hide, async (request, reply) => {
      const user = requireUser(request);
      const detail = await detailIn(ctx, request);
      const values = reviewValues(request);
      // Criteria the form left empty are named by their key, so the service can say which.
      const levels = Object.fromEntries(detail.module.rubric.map((c) => [c.key, values.levels[c.key] ?? '']));
      try {
        const input = { levels, comment: values.comment, moderation: values.moderation };
        const after =
          kind === 'review' ? await review(ctx, user, detail.round.id, input) : await moderate(ctx, user, detail.round.id, input);
        reply.flash('success', p(request, `roundPage.saved.${after.round.state}`));
        return reply.redirect(`/programmes/${request.params.id}/assess`, 303);
      } catch (error) {
        const errors = formErrors(request, error, 'comment');
        const fresh = await detailIn(ctx, request);
        return reply.page(<RoundPage request={request} detail={fresh} values={values} errors={errors} />, 400);
      }
    });
  }
}
