import type { TFunction } from 'i18next';
import type { AppContext } from '../context.ts';
import type { Locale } from '../module.ts';
import type { RouteEntry } from './policy.ts';

/** The person behind a request, as routes and pages see them (the module that authenticates fills it in). */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  isOperator: boolean;
  emailConfirmed: boolean;
  locale: string | null;
}

export type FlashKind = 'success' | 'error' | 'info';
export interface Flash {
  kind: FlashKind;
  message: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
    /** Rate limit for routes that guess passwords or send mail: spread into a route's `config.rateLimit`. */
    authRateLimit: { max: number; timeWindow: string };
    /** Every route by `'METHOD /url'`, with the module that registered it. */
    routeTable: Map<string, RouteEntry>;
  }
  interface FastifyRequest {
    user: CurrentUser | null;
    authMethod: 'session' | 'token' | null;
    lang: Locale;
    t: TFunction;
    /** Token to put in every form (`_csrf`) or in the `x-csrf-token` header. */
    csrfToken: string;
  }
  interface FastifyReply {
    /** Sends a rendered page (a JSX element or string) as HTML. */
    page(html: string | Promise<string>, status?: number): FastifyReply;
    /** Shows a message on the next page this browser loads. */
    flash(kind: FlashKind, message: string): FastifyReply;
  }
}
