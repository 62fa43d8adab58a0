import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { wantsJson } from '../../platform/http/problem.ts';
import { accessSession, type SessionAccess, sessionParticipants } from '../notes/access.ts';
import { formErrors, formValues } from '../notes/respond.ts';
import { registerNotesOwner } from '../notes/routes.ts';
import { accessNoteSet, listBlocks, type NoteSetAccess } from '../notes/service.ts';
import {
  BreakoutsPage,
  type BreakoutsPageProps,
  BreakoutPage,
  type BreakoutPageProps,
  QuestionsPage,
  type QuestionsPageProps,
} from './pages.tsx';
import {
  addBreakout,
  addQuestion,
  answerQuestion,
  assignMember,
  breakoutOf,
  chooseInterest,
  findBreakout,
  interestOf,
  listBreakouts,
  listQuestions,
  makeBreakouts,
  memberChoices,
  removeQuestion,
  takeNotes,
  updateBreakout,
} from './service.ts';

type S = { slug: string; sessionId: string };
type Q = S & { questionId: string };
type B = S & { breakoutId: string };

async function questionsPage(
  ctx: AppContext,
  request: FastifyRequest,
  slug: string,
  sessionId: string,
  extra: Partial<QuestionsPageProps> = {},
) {
  const user = requireUser(request);
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  return QuestionsPage({
    request,
    access,
    questions: await listQuestions(ctx, access.session.id),
    interest: await interestOf(ctx, access.session.id, user.id),
    ...extra,
  });
}

async function breakoutsPage(
  ctx: AppContext,
  request: FastifyRequest,
  slug: string,
  sessionId: string,
  extra: Partial<BreakoutsPageProps> = {},
) {
  const user = requireUser(request);
  const access = await accessSession(ctx, user, slug, sessionId, 'member');
  return BreakoutsPage({
    request,
    access,
    groups: await listBreakouts(ctx, access.session.id),
    mine: await breakoutOf(ctx, access.session.id, user.id),
    participants: (await sessionParticipants(ctx, access.session.id)).length,
    ...extra,
  });
}

async function groupPage(
  ctx: AppContext,
  request: FastifyRequest,
  access: SessionAccess,
  breakoutId: string,
  extra: Partial<BreakoutPageProps> = {},
) {
  const breakout = await findBreakout(ctx, access, breakoutId);
  const notes: NoteSetAccess = await accessNoteSet(ctx, request.user, access.community.slug, breakout.note_set_id, 'read');
  const group = (await listBreakouts(ctx, access.session.id)).find((g) => g.id === breakout.id);
  if (!group) throw new Error('breakout vanished');
  const me = request.user?.id ?? '';
  return BreakoutPage({
    request,
    notes,
    group,
    blocks: await listBlocks(ctx, breakout.note_set_id),
    members: access.isFacilitator ? await memberChoices(ctx, access.community.id) : [],
    inGroup: group.members.some((m) => m.userId === me),
    ...extra,
  });
}

/** Runs a form's action; on a field error shows the form's page again with its messages. */
async function form(
  request: FastifyRequest,
  reply: FastifyReply,
  action: () => Promise<string>,
  page: (errors: Record<string, string>) => Promise<string>,
) {
  try {
    const to = await action();
    if (wantsJson(request)) return reply.status(204).send();
    return reply.redirect(to, 303);
  } catch (error) {
    const errors = formErrors(request, error);
    if (!errors) throw error;
    return reply.page(await page(errors), (error as { status: number }).status);
  }
}

/** `/communities/:slug/sessions/:sessionId/{questions,interest,breakouts}`: guiding questions and breakout groups. */
export function breakoutRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerNotesOwner('breakout', (ctx, request, access, { errors, draft }) =>
    groupPage(ctx, request, access, access.set.owner_id, { errors, errorsFor: 'notes', values: { body: draft } }),
  );

  app.get<{ Params: S }>('/communities/:slug/sessions/:sessionId/questions', async (request, reply) =>
    reply.page(await questionsPage(ctx, request, request.params.slug, request.params.sessionId)),
  );

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/questions', async (request, reply) => {
    const { slug, sessionId } = request.params;
    return form(
      request,
      reply,
      async () => {
        await addQuestion(ctx, requireUser(request), slug, sessionId, formValues(request));
        return `/communities/${encodeURIComponent(slug)}/sessions/${sessionId}/questions`;
      },
      (errors) => questionsPage(ctx, request, slug, sessionId, { errors, errorsFor: 'add', values: formValues(request) }),
    );
  });

  app.post<{ Params: Q }>('/communities/:slug/sessions/:sessionId/questions/:questionId/remove', async (request, reply) => {
    const { slug, sessionId, questionId } = request.params;
    await removeQuestion(ctx, requireUser(request), slug, sessionId, questionId);
    if (wantsJson(request)) return reply.status(204).send();
    return reply.redirect(`/communities/${encodeURIComponent(slug)}/sessions/${sessionId}/questions`, 303);
  });

  app.post<{ Params: Q }>('/communities/:slug/sessions/:sessionId/questions/:questionId/answers', async (request, reply) => {
    const { slug, sessionId, questionId } = request.params;
    return form(
      request,
      reply,
      async () => {
        await answerQuestion(ctx, requireUser(request), slug, sessionId, questionId, formValues(request));
        return `/communities/${encodeURIComponent(slug)}/sessions/${sessionId}/questions#q-${questionId}`;
      },
      (errors) => questionsPage(ctx, request, slug, sessionId, { errors, errorsFor: questionId, values: formValues(request) }),
    );
  });

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/interest', async (request, reply) => {
    const { slug, sessionId } = request.params;
    await chooseInterest(ctx, requireUser(request), slug, sessionId, formValues(request).question ?? '');
    if (wantsJson(request)) return reply.status(204).send();
    reply.flash('success', request.t('communities:questions.interestSaved'));
    return reply.redirect(`/communities/${encodeURIComponent(slug)}/sessions/${sessionId}/questions`, 303);
  });

  app.get<{ Params: S }>('/communities/:slug/sessions/:sessionId/breakouts', async (request, reply) =>
    reply.page(await breakoutsPage(ctx, request, request.params.slug, request.params.sessionId)),
  );

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/breakouts/make', async (request, reply) => {
    const { slug, sessionId } = request.params;
    return form(
      request,
      reply,
      async () => {
        await makeBreakouts(ctx, requireUser(request), slug, sessionId, formValues(request), { lang: request.lang });
        reply.flash('success', request.t('communities:breakouts.made'));
        return `/communities/${encodeURIComponent(slug)}/sessions/${sessionId}/breakouts`;
      },
      (errors) => breakoutsPage(ctx, request, slug, sessionId, { errors, errorsFor: 'make', values: formValues(request) }),
    );
  });

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/breakouts', async (request, reply) => {
    const { slug, sessionId } = request.params;
    return form(
      request,
      reply,
      async () => {
        const group = await addBreakout(ctx, requireUser(request), slug, sessionId, formValues(request));
        return `/communities/${encodeURIComponent(slug)}/sessions/${sessionId}/breakouts/${group.id}`;
      },
      (errors) => breakoutsPage(ctx, request, slug, sessionId, { errors, errorsFor: 'add', values: formValues(request) }),
    );
  });

  app.get<{ Params: B }>('/communities/:slug/sessions/:sessionId/breakouts/:breakoutId', async (request, reply) => {
    const { slug, sessionId, breakoutId } = request.params;
    const access = await accessSession(ctx, requireUser(request), slug, sessionId, 'member');
    return reply.page(await groupPage(ctx, request, access, breakoutId));
  });

  const groupForm = (
    path: string,
    errorsFor: BreakoutPageProps['errorsFor'],
    action: (request: FastifyRequest, p: B) => Promise<unknown>,
  ) =>
    app.post<{ Params: B }>(`/communities/:slug/sessions/:sessionId/breakouts/:breakoutId${path}`, async (request, reply) => {
      const p = request.params;
      return form(
        request,
        reply,
        async () => {
          await action(request, p);
          return `/communities/${encodeURIComponent(p.slug)}/sessions/${p.sessionId}/breakouts/${p.breakoutId}`;
        },
        async (errors) => {
          const access = await accessSession(ctx, request.user, p.slug, p.sessionId, 'member');
          return groupPage(ctx, request, access, p.breakoutId, { errors, errorsFor, values: formValues(request) });
        },
      );
    });

  groupForm('', 'edit', (request, p) => updateBreakout(ctx, requireUser(request), p.slug, p.sessionId, p.breakoutId, formValues(request)));
  groupForm('/members', 'members', (request, p) =>
    assignMember(ctx, requireUser(request), p.slug, p.sessionId, p.breakoutId, formValues(request)),
  );
  groupForm('/note-taker', 'edit', (request, p) => takeNotes(ctx, requireUser(request), p.slug, p.sessionId, p.breakoutId));
}
