import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { LANG_COOKIE } from '../../platform/http/render.ts';
import { isLocale } from '../../platform/i18n.ts';
import { AccountPage } from '../pages/account.tsx';
import { listAddresses } from '../addresses.ts';
import { updateProfile } from '../service.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../tokens.ts';
import { field, fields, formErrors, page } from './shared.ts';

/** The person's own account: profile and API tokens. */
export function accountRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/account',
    page(async (request, reply) => {
      const user = requireUser(request);
      const addresses = await listAddresses(ctx.db, user.id);
      return reply.page(AccountPage({ request, user, tokens: await listApiTokens(ctx.db, user.id), addresses }));
    }),
  );

  app.post(
    '/account',
    page(async (request, reply) => {
      const user = requireUser(request);
      const values = fields(request, ['name', 'locale']);
      try {
        await updateProfile(ctx.db, user.id, { name: values.name, locale: values.locale || null });
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return reply.page(AccountPage({ request, user, tokens: await listApiTokens(ctx.db, user.id), values, errors }), 400);
      }
      if (isLocale(values.locale))
        reply.setCookie(LANG_COOKIE, values.locale, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, secure: ctx.config.secureCookies });
      else reply.clearCookie(LANG_COOKIE, { path: '/' });
      const lang = isLocale(values.locale) ? values.locale : request.lang;
      reply.flash('success', ctx.i18n.getFixedT(lang)('accounts:account.saved'));
      return reply.redirect('/account', 303);
    }),
  );

  app.post(
    '/account/tokens',
    page(async (request, reply) => {
      const user = requireUser(request);
      try {
        const created = await createApiToken(ctx.db, user.id, field(request, 'tokenName'));
        return reply.page(AccountPage({ request, user, tokens: await listApiTokens(ctx.db, user.id), newToken: created.token }), 201);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        const tokenErrors = errors.name ? { tokenName: errors.name } : errors;
        return reply.page(AccountPage({ request, user, tokens: await listApiTokens(ctx.db, user.id), tokenErrors }), 400);
      }
    }),
  );

  app.post<{ Params: { id: string } }>(
    '/account/tokens/:id/revoke',
    page(async (request, reply) => {
      const user = requireUser(request);
      await revokeApiToken(ctx.db, user.id, (request.params as { id: string }).id);
      reply.flash('success', request.t('accounts:account.revoked'));
      return reply.redirect('/account#tokens', 303);
    }),
  );
}
