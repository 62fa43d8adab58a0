import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { wantsJson } from '../../platform/http/problem.ts';
import { accessSession } from '../notes/access.ts';
import { formErrors, formValues } from '../notes/respond.ts';
import { ClinicPage, type FormState, ReflectionPage } from './pages.tsx';
import {
  addChallenge,
  gatheredChallenges,
  linkReflection,
  listChallenges,
  reflectionSessions,
  saveReflectionSummary,
  suggestSolution,
  supportSolution,
} from './service.ts';

type S = { slug: string; sessionId: string };
type C = S & { challengeId: string };
type V = S & { solutionId: string };
type Where = 'clinic' | 'reflection';

async function page(ctx: AppContext, request: FastifyRequest, where: Where, p: S, state: FormState = {}) {
  const user = requireUser(request);
  const access = await accessSession(ctx, user, p.slug, p.sessionId, 'member');
  if (where === 'reflection')
    return ReflectionPage({ request, access, challenges: await gatheredChallenges(ctx, access.session.id, user.id), state });
  return ClinicPage({
    request,
    access,
    challenges: await listChallenges(ctx, access.session.id, user.id),
    reflections: access.isFacilitator ? await reflectionSessions(ctx, access.community.id) : [],
    state,
  });
}

const back = (p: S, where: Where, anchor = '') => `/communities/${encodeURIComponent(p.slug)}/sessions/${p.sessionId}/${where}${anchor}`;

/** `/communities/:slug/sessions/:sessionId/{clinic,reflection}`: challenges, solutions and support, the reflection. */
export function clinicRoutes(app: FastifyInstance, ctx: AppContext): void {
  async function form(request: FastifyRequest, reply: FastifyReply, where: Where, errorsFor: string, action: () => Promise<string>) {
    try {
      const to = await action();
      return wantsJson(request) ? reply.status(204).send() : reply.redirect(to, 303);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      const p = request.params as S;
      return reply.page(
        await page(ctx, request, where, p, { errors, errorsFor, values: formValues(request) }),
        (error as { status: number }).status,
      );
    }
  }

  for (const where of ['clinic', 'reflection'] as const) {
    app.get<{ Params: S }>(`/communities/:slug/sessions/:sessionId/${where}`, async (request, reply) =>
      reply.page(await page(ctx, request, where, request.params)),
    );

    app.post<{ Params: C }>(`/communities/:slug/sessions/:sessionId/${where}/challenges/:challengeId/solutions`, async (request, reply) => {
      const p = request.params;
      return form(request, reply, where, `solution:${p.challengeId}`, async () => {
        await suggestSolution(ctx, requireUser(request), p.slug, p.sessionId, p.challengeId, formValues(request));
        return back(p, where, `#c-${p.challengeId}`);
      });
    });

    app.post<{ Params: V }>(`/communities/:slug/sessions/:sessionId/${where}/solutions/:solutionId/support`, async (request, reply) => {
      const p = request.params;
      const support = formValues(request).support !== 'off';
      const votes = await supportSolution(ctx, requireUser(request), p.slug, p.sessionId, p.solutionId, support);
      if (wantsJson(request)) return { votes, support };
      return reply.redirect(back(p, where), 303);
    });
  }

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/clinic/challenges', async (request, reply) => {
    const p = request.params;
    return form(request, reply, 'clinic', 'add', async () => {
      const challenge = await addChallenge(ctx, requireUser(request), p.slug, p.sessionId, formValues(request));
      return back(p, 'clinic', `#c-${challenge.id}`);
    });
  });

  app.post<{ Params: C }>('/communities/:slug/sessions/:sessionId/clinic/challenges/:challengeId/reflection', async (request, reply) => {
    const p = request.params;
    return form(request, reply, 'clinic', `link:${p.challengeId}`, async () => {
      await linkReflection(ctx, requireUser(request), p.slug, p.sessionId, p.challengeId, formValues(request).reflection ?? '');
      return back(p, 'clinic', `#c-${p.challengeId}`);
    });
  });

  app.post<{ Params: C }>('/communities/:slug/sessions/:sessionId/reflection/challenges/:challengeId/summary', async (request, reply) => {
    const p = request.params;
    return form(request, reply, 'reflection', `summary:${p.challengeId}`, async () => {
      await saveReflectionSummary(ctx, requireUser(request), p.slug, p.sessionId, p.challengeId, formValues(request));
      return back(p, 'reflection', `#c-${p.challengeId}`);
    });
  });
}
