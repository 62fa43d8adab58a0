import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../context.ts';
import { isLocale, negotiateLocale, translatorFor } from '../i18n.ts';
import { safeNext } from './next.ts';
import type { Flash } from './types.ts';
import './types.ts';

export const LANG_COOKIE = 'vaardig_lang';
const FLASH_COOKIE = 'vaardig_flash';

declare module 'fastify' {
  interface FastifyRequest {
    /** The message the previous request left for this page. */
    incomingFlash: Flash | null;
  }
}

/** Language, translation, flash messages and HTML replies for every request. */
export function registerPageRendering(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('lang', 'en');
  app.decorateRequest('t', null as never);
  app.decorateRequest('incomingFlash', null);

  // Runs after auth (registered earlier) so a signed-in person's saved language counts.
  app.addHook('onRequest', async (request, reply) => {
    const cookieLang = request.cookies[LANG_COOKIE];
    request.lang = isLocale(cookieLang)
      ? cookieLang
      : isLocale(request.user?.locale)
        ? request.user.locale
        : negotiateLocale(request.headers['accept-language']);
    request.t = translatorFor(ctx.i18n, request.lang);
    const raw = request.cookies[FLASH_COOKIE];
    if (raw) {
      const unsigned = request.unsignCookie(raw);
      if (unsigned.valid && unsigned.value) {
        try {
          request.incomingFlash = JSON.parse(unsigned.value);
        } catch {}
      }
      reply.clearCookie(FLASH_COOKIE, { path: '/' });
    }
  });

  app.decorateReply('page', function (html: string | Promise<string>, status = 200) {
    this.status(status).type('text/html; charset=utf-8');
    // A rendered page is personal (user menu, CSRF token): keep it out of shared caches.
    this.header('cache-control', 'private, no-store');
    // A page with an async component renders to a promise: send it once it resolves (the handler
    // returns this promise, so a rendering error reaches the error handler).
    if (typeof html !== 'string') return html.then((text) => this.send(text)) as unknown as FastifyReply;
    return this.send(html);
  });
  app.decorateReply('flash', function (kind: Flash['kind'], message: string) {
    this.setCookie(FLASH_COOKIE, JSON.stringify({ kind, message }), {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      signed: true,
      secure: ctx.config.secureCookies,
    });
    return this;
  });

  // The language switch: links work without JavaScript and the choice is remembered for a year.
  app.get<{ Params: { lang: string }; Querystring: { next?: string } }>(
    '/lang/:lang',
    { schema: { hide: true } },
    async (request, reply) => {
      const { lang } = request.params;
      if (!isLocale(lang)) return reply.status(404).send();
      reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, secure: ctx.config.secureCookies });
      // The module that keeps people (accounts) remembers a signed-in person's choice.
      if (request.user) for (const module of ctx.modules) await module.localeChosen?.(ctx, request.user, lang);
      // Back to a path on this site only: `/\host` is `//host` to a browser.
      return reply.redirect(safeNext(request.query.next));
    },
  );
}
