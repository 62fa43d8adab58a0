import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import { DesignerPage, DesignPreview, designerPath } from './pages/designer.tsx';
import { designerView, designPng, designSvg, parseDesign, saveDesign } from './service.ts';

type Params = { slug: string; id: string };
const hide = { schema: { hide: true } };

/**
 * The badge image designer of an achievement, for the issuers of its organisation:
 * the page, its live preview (htmx fragment; the Preview button without JavaScript), the preview
 * images in SVG and PNG, and saving the design as the badge's image.
 */
export function registerDesignerPages(app: FastifyInstance, ctx: AppContext): void {
  const view = (request: FastifyRequest<{ Params: Params }>) =>
    designerView(ctx, requireUser(request), request.params.slug, request.params.id);

  const page = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply, fields?: Record<string, unknown>) => {
    const { achievement, organisationSlug, design: saved } = await view(request);
    const props = { request, slug: organisationSlug, achievementId: achievement.id, achievementName: achievement.name };
    if (!fields) return reply.page(<DesignerPage {...props} design={saved} />);
    try {
      return reply.page(<DesignerPage {...props} design={parseDesign(fields, saved)} />);
    } catch (error) {
      const errors = fieldMessages(request.t, error);
      if (!errors) throw error;
      return reply.page(<DesignerPage {...props} design={{ ...saved, ...(fields as object) }} errors={errors} />, 400);
    }
  };

  app.get<{ Params: Params }>('/organisations/:slug/achievements/:id/image', hide, (request, reply) => page(request, reply));

  app.post<{ Params: Params; Body: Record<string, string> }>(
    '/organisations/:slug/achievements/:id/image',
    hide,
    async (request, reply) => {
      const fields = request.body ?? {};
      if (fields.action !== 'save') return page(request, reply, fields);
      try {
        const updated = await saveDesign(ctx, requireUser(request), request.params.slug, request.params.id, fields);
        reply.flash('success', request.t('credentials:design.saved', { version: updated.version }));
        return reply.redirect(`/organisations/${request.params.slug}/achievements/${updated.id}`, 303);
      } catch (error) {
        if (!fieldMessages(request.t, error)) throw error;
        return page(request, reply, fields);
      }
    },
  );

  app.post<{ Params: Params; Body: Record<string, string> }>(
    '/organisations/:slug/achievements/:id/image/preview',
    hide,
    async (request, reply) => {
      const { organisationSlug, achievement, design: saved } = await view(request);
      let design = saved;
      try {
        design = parseDesign(request.body ?? {}, saved);
      } catch (error) {
        if (!fieldMessages(request.t, error)) throw error;
        return reply
          .status(400)
          .type('text/html')
          .send(String(<p class="error-message">{escapeHtml(request.t('credentials:design.invalid'))}</p>));
      }
      return reply
        .type('text/html; charset=utf-8')
        .send(String(<DesignPreview request={request} base={designerPath(organisationSlug, achievement.id)} design={design} />));
    },
  );

  for (const format of ['svg', 'png'] as const) {
    app.get<{ Params: Params; Querystring: Record<string, string> }>(
      `/organisations/:slug/achievements/:id/image/preview.${format}`,
      hide,
      async (request, reply) => {
        const { design: saved } = await view(request);
        const design = parseDesign(request.query ?? {}, saved);
        reply.header('cache-control', 'private, max-age=60');
        return format === 'svg'
          ? reply.type('image/svg+xml').send(designSvg(design))
          : reply.type('image/png').send(designPng(design, 384));
      },
    );
  }
}
