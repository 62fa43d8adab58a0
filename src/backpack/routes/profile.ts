import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { isLocale } from '../../platform/i18n.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import { verifyItem } from '../items.ts';
import { EmbedBadgePage, EmbedMissingPage } from '../pages/embed.tsx';
import { ProfileSettingsPage, PublicBadgePage, PublicProfilePage } from '../pages/profile.tsx';
import {
  type ProfileSettings,
  profileJsonLd,
  profileSettings,
  publicBadge,
  publicProfile,
  publishedProfile,
  saveProfile,
} from '../profile.ts';
import { field } from './shared.ts';

/** Whether a request for /p/<handle> asks for the Profile as JSON-LD rather than the page. */
function wantsJsonLd(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /application\/(ld\+)?json/.test(accept) && !accept.includes('text/html');
}

/**
 * Lets any site show this reply in a frame: no X-Frame-Options, and `frame-ancestors *` in place of
 * helmet's `'self'` (every other page keeps refusing to be framed by other sites).
 */
function allowFraming(reply: FastifyReply): void {
  reply.removeHeader('x-frame-options');
  const csp = String(reply.getHeader('content-security-policy') ?? '');
  reply.header(
    'content-security-policy',
    /frame-ancestors[^;]*/.test(csp)
      ? csp.replace(/frame-ancestors[^;]*/, 'frame-ancestors *')
      : `${csp ? `${csp};` : ''}frame-ancestors *`,
  );
}

type Handle = { Params: { handle: string } };
type Badge = { Params: { handle: string; id: string } };

/** The profile's settings (the person's) and the published profile (anyone's to see). */
export function profileRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/backpack/profile', async (request, reply) => {
    const user = requireUser(request);
    return reply.page(ProfileSettingsPage({ request, settings: await profileSettings(ctx.db, user) }));
  });

  app.post('/backpack/profile', async (request, reply) => {
    const user = requireUser(request);
    const values: ProfileSettings = {
      handle: field(request, 'handle'),
      displayName: field(request, 'displayName'),
      bio: field(request, 'bio'),
      published: field(request, 'published') === 'on',
      showSkills: field(request, 'showSkills') === 'on',
      findable: field(request, 'findable') === 'on',
      saved: true,
    };
    try {
      const saved = await saveProfile(ctx, user.id, values);
      reply.flash('success', request.t(saved.published ? 'backpack:profile.savedPublished' : 'backpack:profile.saved'));
      return reply.redirect('/backpack/profile', 303);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors || wantsJson(request)) throw error;
      const settings = await profileSettings(ctx.db, user);
      return reply.page(ProfileSettingsPage({ request, settings, values, errors }), (error as AppError).status);
    }
  });

  const jsonLd = async (request: FastifyRequest<Handle>, reply: import('fastify').FastifyReply) => {
    const profile = await publishedProfile(ctx, request.params.handle);
    return reply.type('application/ld+json').header('access-control-allow-origin', '*').send(profileJsonLd(ctx.config.baseUrl, profile));
  };

  app.get<Handle>('/p/:handle', async (request, reply) => {
    if (wantsJsonLd(request)) return jsonLd(request, reply);
    const profile = await publicProfile(ctx, request.params.handle, request.lang);
    return reply.header('vary', 'accept').page(PublicProfilePage({ request, profile }));
  });

  app.get<Handle>('/p/:handle/profile.json', jsonLd);

  app.get<Badge>('/p/:handle/badges/:id', async (request, reply) => {
    const { profile, item } = await publicBadge(ctx, request.params.handle, request.params.id, request.lang);
    return reply.page(PublicBadgePage({ request, profile, item, verdict: await verifyItem(ctx, item) }));
  });

  // One badge as a card for other sites' iframes; the snippet on the badge's page points here.
  app.get<Badge & { Querystring: { lang?: string } }>(
    '/p/:handle/badges/:id/embed',
    {
      // Framed by other sites: no cookies (the CSRF seed, a flash) are set from inside their pages.
      onSend: async (_request, reply, payload) => {
        reply.removeHeader('set-cookie');
        return payload;
      },
    },
    async (request, reply) => {
      // The language the snippet was copied in, else the visitor's.
      if (isLocale(request.query.lang)) {
        request.lang = request.query.lang;
        request.t = ctx.i18n.getFixedT(request.lang);
      }
      allowFraming(reply);
      reply.type('text/html; charset=utf-8');
      try {
        const { profile, item } = await publicBadge(ctx, request.params.handle, request.params.id, request.lang);
        // Published badges change rarely; a short public cache spares the profile's queries on busy pages.
        reply.header('cache-control', 'public, max-age=300');
        return reply.send(await EmbedBadgePage({ request, profile, item }));
      } catch (error) {
        if (!(error instanceof AppError) || error.status !== 404) throw error;
        reply.header('cache-control', 'no-store');
        return reply.status(404).send(await EmbedMissingPage({ request }));
      }
    },
  );

  // The credential as it was signed: the JWT for a VC-JWT or OB 2.0 JWS, else the signed JSON.
  app.get<Badge & { Params: { file: string } }>('/p/:handle/badges/:id/:file', async (request, reply) => {
    const { file } = request.params;
    if (file !== 'credential.json' && file !== 'credential.jwt') return reply.callNotFound();
    const { item } = await publicBadge(ctx, request.params.handle, request.params.id, request.lang);
    if ((file === 'credential.jwt') !== Boolean(item.jwt)) return reply.callNotFound();
    reply.header('content-disposition', `attachment; filename="${file}"`).header('access-control-allow-origin', '*');
    if (item.jwt) return reply.type('application/jwt').send(item.jwt);
    return reply.type('application/ld+json').send(JSON.stringify(item.document, null, 2));
  });
}
