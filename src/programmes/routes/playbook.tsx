import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { E } from '../errors.ts';
import { p } from '../pages/components.tsx';
import { HistoryPage, PlaybookFormPage, PlaybookListPage, PlaybookPageView } from '../pages/playbook.tsx';
import { createPage, getPage, mayEditPlaybook, pageHistory, updatePage } from '../playbooks.ts';
import { playbookView } from '../views.ts';
import { bodyOf, formErrors, hide, one } from './shared.ts';

type PageParams = { Params: { id: string; pageId: string }; Querystring: { version?: string } };

async function pageIn(ctx: AppContext, request: FastifyRequest<PageParams>, version?: number) {
  const found = await getPage(ctx, requireUser(request), request.params.pageId, version);
  if (found.access.programme.id !== request.params.id) throw E.pageNotFound('id');
  return found;
}

function values(request: FastifyRequest) {
  const body = bodyOf(request);
  return { title: one(body, 'title'), body: one(body, 'body'), version: one(body, 'version') };
}

/** The playbook: its pages, a page at any version, new pages, changes, history. */
export function playbookRoutes(app: FastifyInstance, ctx: AppContext): void {
  const base = (id: string) => `/programmes/${id}/playbook`;

  app.get<{ Params: { id: string } }>('/programmes/:id/playbook', hide, async (request, reply) => {
    const view = await playbookView(ctx, requireUser(request), request.params.id);
    return reply.page(<PlaybookListPage request={request} programme={view.access.programme} pages={view.pages} editable={view.editable} />);
  });

  app.get<{ Params: { id: string } }>('/programmes/:id/playbook/new', hide, async (request, reply) => {
    const view = await playbookView(ctx, requireUser(request), request.params.id);
    if (!view.editable) throw PlatformErrors.forbidden();
    return reply.page(
      <PlaybookFormPage request={request} programme={view.access.programme} pageId={null} values={{ title: '', body: '', version: '' }} />,
    );
  });

  app.post<{ Params: { id: string } }>('/programmes/:id/playbook/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const view = await playbookView(ctx, user, request.params.id);
    const shown = values(request);
    try {
      const page = await createPage(ctx, user, view.access.programme.id, shown);
      reply.flash('success', p(request, 'playbook.saved', { title: page.title }));
      return reply.redirect(`${base(request.params.id)}/${page.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, 'title');
      return reply.page(
        <PlaybookFormPage request={request} programme={view.access.programme} pageId={null} values={shown} errors={errors} />,
        400,
      );
    }
  });

  app.get<PageParams>('/programmes/:id/playbook/:pageId', hide, async (request, reply) => {
    const raw = request.query.version;
    if (raw !== undefined && !/^\d{1,9}$/.test(raw)) throw E.versionNotFound('version');
    const { access, page } = await pageIn(ctx, request, raw === undefined ? undefined : Number(raw));
    return reply.page(<PlaybookPageView request={request} programme={access.programme} page={page} editable={mayEditPlaybook(access)} />);
  });

  app.get<PageParams>('/programmes/:id/playbook/:pageId/history', hide, async (request, reply) => {
    await pageIn(ctx, request);
    const { access, page, versions } = await pageHistory(ctx, request.user, request.params.pageId);
    return reply.page(<HistoryPage request={request} programme={access.programme} page={page} versions={versions} />);
  });

  app.get<PageParams>('/programmes/:id/playbook/:pageId/edit', hide, async (request, reply) => {
    const { access, page } = await pageIn(ctx, request);
    if (!mayEditPlaybook(access)) throw PlatformErrors.forbidden();
    return reply.page(
      <PlaybookFormPage
        request={request}
        programme={access.programme}
        pageId={page.id}
        values={{ title: page.title, body: page.body, version: String(page.version) }}
      />,
    );
  });

  app.post<PageParams>('/programmes/:id/playbook/:pageId/edit', hide, async (request, reply) => {
    const user = requireUser(request);
    const { access, page } = await pageIn(ctx, request);
    const shown = values(request);
    try {
      const version = /^\d+$/.test(shown.version) ? Number(shown.version) : undefined;
      const saved = await updatePage(ctx, user, page.id, { title: shown.title, body: shown.body, version });
      reply.flash('success', p(request, 'playbook.saved', { title: saved.title }));
      return reply.redirect(`${base(request.params.id)}/${page.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, 'body');
      if (!errors.version)
        return reply.page(
          <PlaybookFormPage request={request} programme={access.programme} pageId={page.id} values={shown} errors={errors} />,
          400,
        );
      // Changed by someone else meanwhile: the text typed is kept, and saving again replaces the latest version.
      const latest = await pageIn(ctx, request);
      const kept = { ...shown, version: String(latest.page.latest) };
      return reply.page(
        <PlaybookFormPage
          request={request}
          programme={access.programme}
          pageId={page.id}
          values={kept}
          errors={{ body: errors.version }}
        />,
        409,
      );
    }
  });
}
