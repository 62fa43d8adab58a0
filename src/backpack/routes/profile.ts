import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages, wantsJson } from '../../platform/http/problem.ts';
import { verifyItem } from '../items.ts';
import { ProfileSettingsPage, PublicBadgePage, PublicProfilePage } from '../pages/profile.tsx';
import { type ProfileSettings, profileJsonLd, profileSettings, publicBadge, publicProfile, saveProfile } from '../profile.ts';
import { field } from './shared.ts';

/** Whether a request for /p/<handle> asks for the Profile as JSON-LD rather than the page. */
function wantsJsonLd(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /application\/(ld\+)?json/.test(accept) && !accept.includes('text/html');
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
    const profile = await publicProfile(ctx, request.params.handle, request.lang);
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
