import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import type { Locale } from '../../platform/module.ts';
import { actionsOfSession, carriedActions } from '../actions.ts';
import { checkInOpen, sessionAttendance } from '../attendance.ts';
import { AttendanceSection } from '../pages/attendance.tsx';
import { accessCommunity, type CommunityRow } from '../communities.ts';
import { SessionActions } from '../pages/actions.tsx';
import { listMembers } from '../overview.ts';
import { SessionFormPage, type SessionFormValues, SessionPage } from '../pages/sessions.tsx';
import { sessionSections } from '../sections.ts';
import {
  accessSession,
  agendaOf,
  cancelSession,
  createSession,
  listRegistrations,
  registrationOf,
  type SessionRow,
  updateSession,
} from '../sessions.ts';
import { templateChoices } from '../templates.ts';
import { localDateTime } from '../time.ts';
import { formError, formFields } from './communities.ts';

const FIELDS = [
  'template',
  'kind',
  'title',
  'description',
  'theme',
  'date',
  'startTime',
  'endTime',
  'timeZone',
  'place',
  'onlineUrl',
  'capacity',
] as const;

async function themesOf(ctx: AppContext, communityId: string) {
  return ctx.db
    .selectFrom('community_themes')
    .select(['id', 'title'])
    .where('community_id', '=', communityId)
    .orderBy('created_at', 'desc')
    .execute();
}

function valuesOf(session: SessionRow): SessionFormValues {
  const start = localDateTime(new Date(session.starts_at), session.time_zone);
  const end = localDateTime(new Date(session.ends_at), session.time_zone);
  return {
    kind: session.kind,
    title: session.title,
    description: session.description,
    theme: session.theme_id ?? '',
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    timeZone: session.time_zone,
    place: session.place ?? '',
    onlineUrl: session.online_url ?? '',
    capacity: session.capacity === null ? '' : String(session.capacity),
  };
}

/** The session's page for the person asking, with the sections of every part. */
export async function sessionPage(ctx: AppContext, request: FastifyRequest, id: string, errors?: Record<string, string>) {
  const user = requireUser(request);
  const { session, access } = await accessSession(ctx, user, id, 'see');
  const theme = session.theme_id
    ? await ctx.db.selectFrom('community_themes').select('title').where('id', '=', session.theme_id).executeTakeFirst()
    : undefined;
  const members = access.isMember ? await listMembers(ctx, session.community_id) : [];
  return SessionPage({
    request,
    access,
    session,
    themeTitle: theme?.title ?? null,
    agenda: await agendaOf(ctx, session),
    registrations: access.isMember ? await listRegistrations(ctx, session.id) : [],
    mine: (await registrationOf(ctx, session.id, user.id))?.status ?? null,
    members: access.isFacilitator ? members : [],
    sections: [
      SessionActions({
        request,
        access,
        sessionId: session.id,
        // Action items are the members' own (as in the API): their titles and owners are not shown to others.
        carried: access.isMember ? await carriedActions(ctx, session) : [],
        made: access.isMember ? await actionsOfSession(ctx, session.id) : [],
        members,
        errors,
      }),
      AttendanceSection({
        request,
        access,
        session,
        rows: access.isMember ? await sessionAttendance(ctx, session) : [],
        open: checkInOpen(session),
      }),
      ...(await sessionSections(ctx, request, access, session.id)),
    ],
    errors,
  });
}

/** Planning a session from a template, changing and cancelling it, and its page. */
export function sessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const formPage = async (
    request: FastifyRequest,
    community: CommunityRow,
    values: SessionFormValues,
    errors?: Record<string, string>,
    session?: SessionRow,
  ) =>
    SessionFormPage({
      request,
      community,
      session,
      templates: await templateChoices(ctx, community.id, request.lang as Locale),
      themes: await themesOf(ctx, community.id),
      values,
      errors,
    });

  app.get<{ Params: { slug: string }; Querystring: { theme?: string; template?: string } }>(
    '/communities/:slug/sessions/new',
    async (request, reply) => {
      const { community } = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
      const q = request.query ?? {};
      return reply.page(
        await formPage(request, community, {
          theme: typeof q.theme === 'string' ? q.theme : '',
          template: typeof q.template === 'string' ? q.template : 'builtin:community',
          startTime: '14:00',
          endTime: '16:00',
        }),
      );
    },
  );

  app.post<{ Params: { slug: string } }>('/communities/:slug/sessions/new', async (request, reply) => {
    const user = requireUser(request);
    const { community } = await accessCommunity(ctx, user, request.params.slug, 'facilitator');
    const values = formFields(request, FIELDS);
    try {
      const session = await createSession(ctx, user, community.id, values, request.lang as Locale);
      reply.flash('success', request.t('communities:session.created'));
      return reply.redirect(`/communities/sessions/${session.id}`, 303);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await formPage(request, community, values, errors), (error as AppError).status);
    }
  });

  app.get<{ Params: { id: string } }>('/communities/sessions/:id', async (request, reply) =>
    reply.page(await sessionPage(ctx, request, request.params.id)),
  );

  app.get<{ Params: { id: string } }>('/communities/sessions/:id/edit', async (request, reply) => {
    const { session, access } = await accessSession(ctx, requireUser(request), request.params.id, 'facilitator');
    return reply.page(await formPage(request, access.community, valuesOf(session), undefined, session));
  });

  app.post<{ Params: { id: string } }>('/communities/sessions/:id/edit', async (request, reply) => {
    const user = requireUser(request);
    const { session, access } = await accessSession(ctx, user, request.params.id, 'facilitator');
    const values = formFields(request, FIELDS);
    try {
      await updateSession(ctx, user, session.id, { ...values, kind: values.kind || session.kind });
      reply.flash('success', request.t('communities:form.saved'));
      return reply.redirect(`/communities/sessions/${session.id}`, 303);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await formPage(request, access.community, values, errors, session), (error as AppError).status);
    }
  });

  app.post<{ Params: { id: string } }>('/communities/sessions/:id/cancel', async (request, reply) => {
    await cancelSession(ctx, requireUser(request), request.params.id);
    reply.flash('success', request.t('communities:session.cancelledFlash'));
    return reply.redirect(`/communities/sessions/${request.params.id}`, 303);
  });
}
