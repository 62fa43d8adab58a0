import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { requireUser } from '../../../platform/http/auth.ts';
import { E } from '../../errors.ts';
import {
  claimQrSvg,
  closeClaimCode,
  confirmClaim,
  createClaimCode,
  findClaim,
  findClaimRequest,
  normaliseCode,
  redeemClaim,
} from '../claims.ts';
import { ClaimConfirmPage, ClaimPage, ClaimSentPage, EnterCodePage } from '../pages/public.tsx';
import { renderAchievementPage } from './achievements.tsx';
import { formErrors, hide, orgPath, sameOrigin } from './shared.ts';

const closed = (error: unknown) => error instanceof AppError && (error.code === E.claimClosed.code || error.code === E.claimFull.code);

/** Claim codes: the public pages that redeem them (and confirm a mailed link), and the issuer's forms. */
export function registerClaimPages(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Querystring: { code?: string } }>('/claim', hide, async (request, reply) => {
    const code = request.query.code ? normaliseCode(request.query.code) : '';
    if (!code) return reply.page(<EnterCodePage request={request} />);
    if (await findClaim(ctx, code)) return reply.redirect(`/claim/${code}`, 303);
    return reply.page(<EnterCodePage request={request} code={code} notFound />, 404);
  });
  app.get<{ Params: { code: string } }>('/claim/:code', hide, async (request, reply) => {
    const claim = await findClaim(ctx, request.params.code);
    if (!claim) throw E.claimNotFound();
    return reply.page(<ClaimPage request={request} claim={claim} />);
  });
  app.get<{ Params: { code: string } }>('/claim/:code/qr.svg', hide, async (request, reply) => {
    const svg = await claimQrSvg(ctx, request.params.code);
    if (!svg) throw E.claimNotFound();
    return reply.type('image/svg+xml').header('cache-control', 'public, max-age=3600').send(svg);
  });
  app.post<{ Params: { code: string }; Body: Record<string, string> }>(
    '/claim/:code',
    { ...hide, config: { rateLimit: app.authRateLimit } },
    async (request, reply) => {
      const claim = await findClaim(ctx, request.params.code);
      if (!claim) throw E.claimNotFound();
      const values = { email: request.body?.email ?? '', name: request.body?.name ?? '' };
      try {
        const outcome = await redeemClaim(ctx, claim.code, { user: request.user, ...values }, request.lang);
        if (outcome.kind === 'pending') return reply.page(<ClaimSentPage request={request} claim={claim} email={outcome.email} />);
        reply.flash('success', request.t('credentials:badge.claim.done'));
        return reply.redirect(`/credentials/${outcome.credential.id}`, 303);
      } catch (error) {
        if (closed(error)) return reply.page(<ClaimPage request={request} claim={{ ...claim, open: false }} />, 409);
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(<ClaimPage request={request} claim={claim} errors={errors} values={values} />, 400);
      }
    },
  );
  // The link mailed to the address: its page shows a button, and only the POST issues the badge.
  app.get<{ Params: { token: string } }>('/claim/confirm/:token', hide, async (request, reply) => {
    const found = await findClaimRequest(ctx, request.params.token);
    if (!found) throw E.claimLinkInvalid('token');
    return reply.page(<ClaimConfirmPage request={request} claim={found.claim} email={found.email} token={request.params.token} />);
  });
  app.post<{ Params: { token: string } }>(
    '/claim/confirm/:token',
    { ...hide, config: { rateLimit: app.authRateLimit } },
    async (request, reply) => {
      const found = await findClaimRequest(ctx, request.params.token);
      if (!found) throw E.claimLinkInvalid('token');
      try {
        const credential = await confirmClaim(ctx, request.params.token, request.lang);
        reply.flash('success', request.t('credentials:badge.claim.done'));
        return reply.redirect(`/credentials/${credential.id}`, 303);
      } catch (error) {
        if (closed(error)) return reply.page(<ClaimPage request={request} claim={{ ...found.claim, open: false }} />, 409);
        const errors = formErrors(request, error);
        if (!errors) throw error;
        const page = (
          <ClaimConfirmPage request={request} claim={found.claim} email={found.email} token={request.params.token} errors={errors} />
        );
        return reply.page(page, 400);
      }
    },
  );

  app.post<{ Params: { slug: string; id: string }; Body: Record<string, string> }>(
    '/organisations/:slug/achievements/:id/claim-codes',
    hide,
    async (request, reply) => {
      const { slug, id } = request.params;
      const body = request.body ?? {};
      try {
        const claim = await createClaimCode(ctx, requireUser(request), slug, id, {
          label: body.label,
          maxClaims: body.maxClaims ? Number(body.maxClaims) : null,
          closesAt: body.closesAt || null,
          proofFormat: body.proofFormat || null,
        });
        reply.flash('success', request.t('credentials:achievements.claimCreated', { code: claim.code }));
        return reply.redirect(`${orgPath(slug)}/achievements/${id}#claim-codes`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return renderAchievementPage(ctx, request, reply, errors);
      }
    },
  );
  app.post<{ Params: { slug: string; id: string } }>('/organisations/:slug/claim-codes/:id/close', hide, async (request, reply) => {
    const { slug, id } = request.params;
    await closeClaimCode(ctx, requireUser(request), slug, id);
    reply.flash('success', request.t('credentials:achievements.claimClosed'));
    return reply.redirect(sameOrigin(ctx, request.headers.referer) ?? `${orgPath(slug)}/achievements`, 303);
  });
}
