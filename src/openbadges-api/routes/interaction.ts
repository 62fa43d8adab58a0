import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { approve, decline, interactionStep } from '../oauth/interactions.ts';
import { OAUTH_PATH, type OAuthServer } from '../oauth/provider.ts';
import { ConsentPage } from '../pages/consent.tsx';

type Uid = { Params: { uid: string } };

/**
 * The consent form posts here, and the answer goes on (through /oauth/auth/<uid>) to the app's own
 * address: a browser applies the form's `form-action` to every redirect after the post, so the
 * consent page allows the app's redirect origin besides its own.
 */
function allowFormActionTo(reply: FastifyReply, origin: string | null): void {
  if (!origin) return;
  const csp = reply.raw.getHeader('content-security-policy');
  if (typeof csp !== 'string') return;
  const safe = /^https?:\/\/[A-Za-z0-9.\-:[\]]+$/.test(origin) ? origin : null;
  if (safe) reply.header('content-security-policy', csp.replace(/form-action 'self'/, `form-action 'self' ${safe}`));
}

/** Sign-in and consent for the OAuth server: /oauth/interaction/<uid> (the provider sends the browser here). */
export function interactionRoutes(app: FastifyInstance, ctx: AppContext, server: OAuthServer): void {
  const base = `${OAUTH_PATH}/interaction/:uid`;

  app.get<Uid>(base, { schema: { hide: true } }, async (request, reply) => {
    // Signed out: the sign-in page brings the person back here (a 401 on a page GET redirects).
    const user = requireUser(request);
    const step = await interactionStep(ctx, server, request, reply, request.params.uid, user.id);
    if ('redirect' in step) return reply.redirect(step.redirect, 303);
    allowFormActionTo(reply, step.consent.redirectOrigin);
    return reply.page(ConsentPage({ request, consent: step.consent }));
  });

  app.post<Uid>(`${base}/confirm`, { schema: { hide: true } }, async (request, reply) => {
    const user = requireUser(request);
    return reply.redirect(await approve(server, request, reply, request.params.uid, user.id), 303);
  });

  app.post<Uid>(`${base}/abort`, { schema: { hide: true } }, async (request, reply) => {
    requireUser(request);
    return reply.redirect(await decline(server, request, reply, request.params.uid), 303);
  });
}
