import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { checkIn, checkInOpen, checkInQr, currentCode, markAttendance } from '../attendance.ts';
import { E } from '../errors.ts';
import { CheckInPage, CodePage, LiveCode } from '../pages/attendance.tsx';
import { accessSession } from '../sessions.ts';
import { formError, formFields } from './communities.ts';

type Id = { Params: { id: string } };

const noStore = 'private, no-store';

/** Check-in with the rotating code (or its QR), the code shown in the room, and the facilitator's marks. */
export function attendanceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const facilitatorSession = async (request: FastifyRequest, id: string) => {
    const { session } = await accessSession(ctx, requireUser(request), id, 'facilitator');
    if (!checkInOpen(session)) throw E.checkInClosed();
    return session;
  };

  app.get<Id>('/communities/sessions/:id/code', async (request, reply) => {
    const session = await facilitatorSession(request, request.params.id);
    reply.header('cache-control', noStore);
    return reply.page(CodePage({ request, session, code: currentCode(ctx, session.id).code }));
  });

  app.get<Id>('/communities/sessions/:id/code/live', async (request, reply) => {
    const session = await facilitatorSession(request, request.params.id);
    reply.header('cache-control', noStore).type('text/html; charset=utf-8');
    return LiveCode({ request, session, code: currentCode(ctx, session.id).code });
  });

  app.get<Id>('/communities/sessions/:id/code.svg', async (request, reply) => {
    const session = await facilitatorSession(request, request.params.id);
    return reply
      .header('cache-control', noStore)
      .type('image/svg+xml')
      .send(await checkInQr(ctx, session.id));
  });

  app.get<Id & { Querystring: { code?: string } }>('/communities/sessions/:id/check-in', async (request, reply) => {
    const { session } = await accessSession(ctx, requireUser(request), request.params.id, 'member');
    const code = typeof request.query?.code === 'string' ? request.query.code.slice(0, 20) : '';
    return reply.page(CheckInPage({ request, session, code }));
  });

  app.post<Id>('/communities/sessions/:id/check-in', { config: { rateLimit: app.authRateLimit } }, async (request, reply) => {
    const user = requireUser(request);
    const { code } = formFields(request, ['code'] as const, 20);
    let earned: string[];
    try {
      earned = (await checkIn(ctx, user, request.params.id, code ?? '')).map((a) => `“${a.name}”`);
    } catch (error) {
      const errors = formError(request, error);
      const { session } = await accessSession(ctx, user, request.params.id, 'member');
      return reply.page(CheckInPage({ request, session, code: code ?? '', errors }), (error as AppError).status);
    }
    const done = request.t('communities:checkIn.done');
    reply.flash('success', earned.length ? `${done} ${request.t('communities:checkIn.earned', { names: earned.join(', ') })}` : done);
    return reply.redirect(`/communities/sessions/${request.params.id}`, 303);
  });

  app.post<Id>('/communities/sessions/:id/attendance', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const contributions = ([] as unknown[]).concat(body.contributions ?? []).filter((c): c is string => typeof c === 'string');
    const { userId, present } = formFields(request, ['userId', 'present'] as const);
    await markAttendance(ctx, requireUser(request), request.params.id, { userId, present: present === 'on', contributions });
    reply.flash('success', request.t('communities:form.saved'));
    return reply.redirect(`/communities/sessions/${request.params.id}`, 303);
  });
}
