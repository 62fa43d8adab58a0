import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { requireUser } from '../../../platform/http/auth.ts';
import { errorMessage, fieldMessages } from '../../../platform/http/problem.ts';
import { badgeView } from '../badge.ts';
import { BadgePage } from '../pages/badge.tsx';
import { m } from '../pages/components.tsx';
import { MatchingPage, SharingPage, VacancyMatchPage } from '../pages/person.tsx';
import { matchesForPerson, nextBadges, optedIn, parseTargetChoice, setOptIn, targetChoices, vacancyMatch } from '../service.ts';
import { myShares, setShare } from '../team.ts';

/** A text field of a posted form ('' when absent). */
export function formField(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** A coded 4xx from a form post: back to the page with the message as a flash; anything else is rethrown. */
function backWithError(request: FastifyRequest, reply: import('fastify').FastifyReply, error: unknown, to: string) {
  if (!(error instanceof AppError) || error.status >= 500 || error.status === 401) throw error;
  reply.flash('error', errorMessage(request.t, error.code, error.params));
  return reply.redirect(to, 303);
}

/** The person's pages: `/insight/matching` (switch, matches, next badge), one vacancy's match, and sharing. */
export function personRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { target?: string } }>('/insight/matching', async (request, reply) => {
    const user = requireUser(request);
    const on = await optedIn(ctx, user);
    if (!on) return reply.page(MatchingPage({ request, optIn: false, matches: null, advice: null, choices: null, target: '' }));
    const matches = await matchesForPerson(ctx, user, request.lang, { limit: 20 });
    const choices = await targetChoices(ctx, request.lang);
    const target = typeof request.query.target === 'string' ? request.query.target.slice(0, 200) : '';
    try {
      const advice = await nextBadges(ctx, user, request.lang, parseTargetChoice(target, choices));
      return reply.page(MatchingPage({ request, optIn: true, matches, advice, choices, target }));
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors) throw error;
      return reply.page(MatchingPage({ request, optIn: true, matches, advice: null, choices, target, errors }), (error as AppError).status);
    }
  });

  app.post('/insight/matching/opt-in', async (request, reply) => {
    const user = requireUser(request);
    try {
      const on = await setOptIn(ctx, user, formField(request, 'optIn'));
      reply.flash('success', m(request, on ? 'optIn.turnedOn' : 'optIn.turnedOff'));
      return reply.redirect('/insight/matching', 303);
    } catch (error) {
      return backWithError(request, reply, error, '/insight/matching');
    }
  });

  app.get<{ Params: { id: string } }>('/insight/matching/vacancies/:id', async (request, reply) => {
    const user = requireUser(request);
    if (!(await optedIn(ctx, user))) {
      reply.flash('info', m(request, 'optIn.needed'));
      return reply.redirect('/insight/matching', 303);
    }
    const match = await vacancyMatch(ctx, user, request.lang, request.params.id);
    const advice = await nextBadges(ctx, user, request.lang, { kind: 'vacancy', id: match.vacancy.id });
    return reply.page(VacancyMatchPage({ request, match, advice }));
  });

  app.get<{ Params: { id: string } }>('/insight/badges/:id', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(BadgePage({ request, view: await badgeView(ctx, user, request.lang, request.params.id) }));
  });

  app.get('/insight/matching/sharing', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(SharingPage({ request, shares: await myShares(ctx, user) }));
  });

  app.post('/insight/matching/sharing', async (request, reply) => {
    const user = requireUser(request);
    try {
      const organisation = formField(request, 'organisation');
      const on = await setShare(ctx, user, organisation, formField(request, 'share'));
      reply.flash('success', m(request, on ? 'sharing.started' : 'sharing.stopped'));
      return reply.redirect('/insight/matching/sharing', 303);
    } catch (error) {
      return backWithError(request, reply, error, '/insight/matching/sharing');
    }
  });
}
