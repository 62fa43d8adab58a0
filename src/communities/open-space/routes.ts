import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { wantsJson } from '../../platform/http/problem.ts';
import { accessSession, type SessionAccess } from '../notes/access.ts';
import { formErrors, formValues } from '../notes/respond.ts';
import { registerNotesOwner } from '../notes/routes.ts';
import { accessNoteSet, listBlocks } from '../notes/service.ts';
import { type FormState, OpenSpacePage, TopicPage } from './pages.tsx';
import { addRoom, addSlot, findTopic, hostTopic, openSpace, placeTopic, proposeTopic, scheduleTopics, voteTopic } from './service.ts';

type S = { slug: string; sessionId: string };
type T = S & { topicId: string };

async function spacePage(ctx: AppContext, request: FastifyRequest, p: S, state: FormState = {}) {
  const user = requireUser(request);
  const access = await accessSession(ctx, user, p.slug, p.sessionId, 'member');
  return OpenSpacePage({ request, access, space: await openSpace(ctx, access.session.id, user.id), state });
}

async function topicPage(ctx: AppContext, request: FastifyRequest, access: SessionAccess, topicId: string, state: FormState = {}) {
  const topic = await findTopic(ctx, access, topicId);
  const notes = await accessNoteSet(ctx, request.user, access.community.slug, topic.note_set_id, 'read');
  const space = await openSpace(ctx, access.session.id, request.user?.id ?? '');
  const view = space.topics.find((x) => x.id === topic.id);
  if (!view) throw new Error('topic vanished');
  return TopicPage({ request, notes, space, topic: view, blocks: await listBlocks(ctx, topic.note_set_id), state });
}

/** `/communities/:slug/sessions/:sessionId/open-space`: topics, votes, rooms, slots, the schedule, topic pages with notes. */
export function openSpaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  registerNotesOwner('topic', async (ctx, request, access, { errors, draft }) =>
    topicPage(ctx, request, access, access.set.owner_id, { errors, errorsFor: 'notes', values: { body: draft } }),
  );

  async function form(
    request: FastifyRequest,
    reply: FastifyReply,
    action: () => Promise<string>,
    page: (errors: Record<string, string>) => Promise<string>,
  ) {
    try {
      const to = await action();
      return wantsJson(request) ? reply.status(204).send() : reply.redirect(to, 303);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(await page(errors), (error as { status: number }).status);
    }
  }
  const home = (p: S) => `/communities/${encodeURIComponent(p.slug)}/sessions/${p.sessionId}/open-space`;
  const spaceForm = (path: string, errorsFor: string, action: (request: FastifyRequest, p: S) => Promise<unknown>) =>
    app.post<{ Params: S }>(`/communities/:slug/sessions/:sessionId/open-space${path}`, async (request, reply) =>
      form(
        request,
        reply,
        async () => {
          await action(request, request.params);
          return home(request.params);
        },
        (errors) => spacePage(ctx, request, request.params, { errors, errorsFor, values: formValues(request) }),
      ),
    );
  const topicForm = (path: string, errorsFor: string, action: (request: FastifyRequest, p: T) => Promise<unknown>) =>
    app.post<{ Params: T }>(`/communities/:slug/sessions/:sessionId/open-space/topics/:topicId${path}`, async (request, reply) =>
      form(
        request,
        reply,
        async () => {
          await action(request, request.params);
          return `${home(request.params)}/topics/${request.params.topicId}`;
        },
        async (errors) => {
          const access = await accessSession(ctx, request.user, request.params.slug, request.params.sessionId, 'member');
          return topicPage(ctx, request, access, request.params.topicId, { errors, errorsFor, values: formValues(request) });
        },
      ),
    );

  app.get<{ Params: S }>('/communities/:slug/sessions/:sessionId/open-space', async (request, reply) =>
    reply.page(await spacePage(ctx, request, request.params)),
  );

  app.get<{ Params: T }>('/communities/:slug/sessions/:sessionId/open-space/topics/:topicId', async (request, reply) => {
    const access = await accessSession(ctx, requireUser(request), request.params.slug, request.params.sessionId, 'member');
    return reply.page(await topicPage(ctx, request, access, request.params.topicId));
  });

  spaceForm('/topics', 'propose', (request, p) => proposeTopic(ctx, requireUser(request), p.slug, p.sessionId, formValues(request)));
  spaceForm('/rooms', 'room', (request, p) => addRoom(ctx, requireUser(request), p.slug, p.sessionId, formValues(request)));
  spaceForm('/slots', 'slot', (request, p) => addSlot(ctx, requireUser(request), p.slug, p.sessionId, formValues(request)));

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/open-space/schedule', async (request, reply) => {
    const p = request.params;
    const schedule = await scheduleTopics(ctx, requireUser(request), p.slug, p.sessionId, { keep: formValues(request).keep === 'on' });
    if (wantsJson(request)) return { placed: Object.fromEntries(schedule.placed), unplaced: schedule.unplaced };
    reply.flash(
      schedule.unplaced.length ? 'info' : 'success',
      request.t(schedule.unplaced.length ? 'communities:openSpace.scheduledSome' : 'communities:openSpace.scheduled', {
        count: schedule.unplaced.length,
      }),
    );
    return reply.redirect(home(p), 303);
  });

  app.post<{ Params: T }>('/communities/:slug/sessions/:sessionId/open-space/topics/:topicId/vote', async (request, reply) => {
    const p = request.params;
    const vote = formValues(request).vote !== 'off';
    const votes = await voteTopic(ctx, requireUser(request), p.slug, p.sessionId, p.topicId, vote);
    if (wantsJson(request)) return { votes, vote };
    return reply.redirect(home(p), 303);
  });

  topicForm('/host', 'host', (request, p) =>
    hostTopic(ctx, requireUser(request), p.slug, p.sessionId, p.topicId, formValues(request).host !== 'off'),
  );
  topicForm('/place', 'place', (request, p) => placeTopic(ctx, requireUser(request), p.slug, p.sessionId, p.topicId, formValues(request)));
}
