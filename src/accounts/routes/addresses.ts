import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import { addAddress, addressLinkValid, confirmAddress, listAddresses, removeAddress, resendAddressConfirmation } from '../addresses.ts';
import { AddressErrors } from '../address-errors.ts';
import { AccountPage } from '../pages/account.tsx';
import { ConfirmAddressPage } from '../pages/addresses.tsx';
import { listApiTokens } from '../tokens.ts';

function formValue(request: FastifyRequest, name: string): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/** The person's extra email addresses: add (a link is mailed), send the link again, remove, confirm. */
export function addressRoutes(app: FastifyInstance, ctx: AppContext): void {
  // Adding and resending send mail: the same per-client limit as the other forms that mail a link.
  const limited = { config: { rateLimit: app.authRateLimit } };

  app.post('/account/addresses', limited, async (request, reply) => {
    const user = requireUser(request);
    const email = formValue(request, 'email');
    try {
      const added = await addAddress(ctx, user, email, request.lang);
      reply.flash('info', request.t('accounts:addresses.added', { email: added.email }));
      return reply.redirect('/account#addresses', 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      // JSON clients get the problem document (naming the field); browsers the page with the message.
      if (!errors || wantsJson(request)) throw error;
      const [addresses, tokens] = await Promise.all([listAddresses(ctx.db, user.id), listApiTokens(ctx.db, user.id)]);
      return reply.page(
        AccountPage({ request, user, tokens, addresses, addressErrors: errors, addressValue: email }),
        (error as AppError).status,
      );
    }
  });

  app.post<{ Params: { id: string } }>('/account/addresses/:id/resend', limited, async (request, reply) => {
    const user = requireUser(request);
    const email = await resendAddressConfirmation(ctx, user, request.params.id, request.lang);
    reply.flash('info', request.t('accounts:addresses.resent', { email }));
    return reply.redirect('/account#addresses', 303);
  });

  app.post<{ Params: { id: string } }>('/account/addresses/:id/remove', async (request, reply) => {
    const user = requireUser(request);
    const email = await removeAddress(ctx.db, user.id, request.params.id);
    reply.flash('success', request.t('accounts:addresses.removed', { email }));
    return reply.redirect('/account#addresses', 303);
  });

  app.get<{ Params: { token: string } }>('/account/addresses/confirm/:token', async (request, reply) => {
    const { token } = request.params;
    if (await addressLinkValid(ctx.db, token)) return reply.page(ConfirmAddressPage({ request, token }));
    return reply.page(ConfirmAddressPage({ request, token, error: request.t(AddressErrors.addressLinkInvalid.code) }), 404);
  });

  app.post<{ Params: { token: string } }>('/account/addresses/confirm/:token', limited, async (request, reply) => {
    const { token } = request.params;
    try {
      const { email } = await confirmAddress(ctx.db, token);
      reply.flash('success', request.t('accounts:addresses.confirmedDone', { email }));
      return reply.redirect(request.user ? '/account#addresses' : '/signin', 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      return reply.page(ConfirmAddressPage({ request, token, error: request.t(error.code, error.params) }), error.status);
    }
  });
}
