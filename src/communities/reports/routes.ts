import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { wantsJson } from '../../platform/http/problem.ts';
import { getSkill } from '../../skills/api.ts';
import { accessCommunity } from '../communities.ts';
import { accessSession } from '../notes/access.ts';
import { formErrors, formValues } from '../notes/respond.ts';
import { listDecisions, presentationSummary } from './draft.ts';
import { ReportErrors } from './errors.ts';
import { type FormState, KnowledgePage, OutputsPage, ReportEditorPage, ReportPage } from './pages.tsx';
import {
  addDecision,
  addKnowledge,
  addOutput,
  communityThemes,
  draftSessionReport,
  listOutputs,
  publishReport,
  readReport,
  reportMarkdown,
  reportOfSession,
  saveRecord,
  saveReport,
  searchKnowledge,
} from './service.ts';

type S = { slug: string; sessionId: string };
type R = { slug: string; reportId: string };

async function skillNames(ctx: AppContext, ids: string[], lang: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) {
    try {
      const name = (await getSkill(ctx, id, null)).name;
      out.set(id, name[lang] || name.en || Object.values(name)[0] || id);
    } catch {
      // A skill no longer in the library.
    }
  }
  return out;
}

async function editorPage(ctx: AppContext, request: FastifyRequest, p: S, state: FormState = {}) {
  const access = await accessSession(ctx, requireUser(request), p.slug, p.sessionId, 'member');
  return ReportEditorPage({
    request,
    access,
    report: await reportOfSession(ctx, access.session.id),
    summary: await presentationSummary(ctx, access.session.id),
    decisions: access.isFacilitator ? await listDecisions(ctx, access.session.id) : [],
    state,
  });
}

async function knowledgePage(ctx: AppContext, request: FastifyRequest, slug: string, state: FormState = {}) {
  const access = await accessCommunity(ctx, requireUser(request), slug, 'see');
  const query = (request.query ?? {}) as Record<string, string>;
  const q = {
    q: typeof query.q === 'string' ? query.q : '',
    skill: typeof query.skill === 'string' ? query.skill : '',
    kind: typeof query.kind === 'string' ? query.kind : '',
  };
  const hits = await searchKnowledge(ctx, access, q);
  const all = await searchKnowledge(ctx, access, {});
  const names = await skillNames(
    ctx,
    all.flatMap((h) => h.skillIds),
    request.lang,
  );
  return KnowledgePage({
    request,
    access,
    hits,
    query: q,
    skillNames: names,
    themes: await communityThemes(ctx, access.community.id),
    state,
  });
}

async function outputsPage(ctx: AppContext, request: FastifyRequest, slug: string, state: FormState = {}) {
  const access = await accessCommunity(ctx, requireUser(request), slug, 'see');
  return OutputsPage({
    request,
    access,
    outputs: await listOutputs(ctx, access.community.id),
    themes: await communityThemes(ctx, access.community.id),
    state,
  });
}

/** Session reports (`/communities/:slug/sessions/:id/report…`), reading them (`/communities/:slug/reports/…`), the knowledge base and outputs. */
export function reportRoutes(app: FastifyInstance, ctx: AppContext): void {
  async function form(
    request: FastifyRequest,
    reply: FastifyReply,
    action: () => Promise<string>,
    page: (errors: Record<string, string>) => Promise<string>,
  ) {
    try {
      const to = await action();
      return wantsJson(request) ? reply.status(204).send() : reply.redirect(to, 303);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(await page(errors), (error as { status: number }).status);
    }
  }
  const editor = (p: S) => `/communities/${encodeURIComponent(p.slug)}/sessions/${p.sessionId}/report`;
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

  app.get<{ Params: S }>('/communities/:slug/sessions/:sessionId/report', async (request, reply) =>
    reply.page(await editorPage(ctx, request, request.params)),
  );

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/report/record', async (request, reply) =>
    form(
      request,
      reply,
      async () => {
        await saveRecord(ctx, requireUser(request), request.params.slug, request.params.sessionId, formValues(request));
        return editor(request.params);
      },
      (errors) => editorPage(ctx, request, request.params, { errors, errorsFor: 'record', values: formValues(request) }),
    ),
  );

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/report/decisions', async (request, reply) =>
    form(
      request,
      reply,
      async () => {
        await addDecision(ctx, requireUser(request), request.params.slug, request.params.sessionId, { body: formValues(request).decision });
        return editor(request.params);
      },
      (errors) => editorPage(ctx, request, request.params, { errors, errorsFor: 'decision', values: formValues(request) }),
    ),
  );

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/report/draft', async (request, reply) =>
    form(
      request,
      reply,
      async () => {
        await draftSessionReport(ctx, requireUser(request), request.params.slug, request.params.sessionId, {
          t: request.t,
          lang: request.lang,
          replace: formValues(request).replace === 'on' || body(request).replace === true,
        });
        reply.flash('success', request.t('communities:synthesis.drafted'));
        return `${editor(request.params)}#edit-heading`;
      },
      (errors) => editorPage(ctx, request, request.params, { errors, errorsFor: 'draft', values: formValues(request) }),
    ),
  );

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/report', async (request, reply) => {
    const p = request.params;
    const values = formValues(request);
    try {
      await saveReport(ctx, requireUser(request), p.slug, p.sessionId, { ...values, skill: body(request).skill });
      if (wantsJson(request)) return reply.status(204).send();
      reply.flash('success', request.t('communities:synthesis.saved'));
      return reply.redirect(`${editor(p)}#edit-heading`, 303);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      const conflict = error instanceof AppError && error.code === ReportErrors.reportConflict.code;
      const newer = conflict ? ((error.extra.current as FormState['newer']) ?? undefined) : undefined;
      return reply.page(await editorPage(ctx, request, p, { errors, errorsFor: 'report', values, newer }), (error as AppError).status);
    }
  });

  app.post<{ Params: S }>('/communities/:slug/sessions/:sessionId/report/publish', async (request, reply) => {
    const report = await publishReport(ctx, requireUser(request), request.params.slug, request.params.sessionId);
    if (wantsJson(request)) return { id: report.id, status: report.status };
    reply.flash('success', request.t('communities:synthesis.published'));
    return reply.redirect(`/communities/${encodeURIComponent(request.params.slug)}/reports/${report.id}`, 303);
  });

  app.get<{ Params: R }>('/communities/:slug/reports/:reportId', async (request, reply) => {
    const { access, report } = await readReport(ctx, requireUser(request), request.params.slug, request.params.reportId);
    const session = await ctx.db
      .selectFrom('community_sessions')
      .select(['id', 'title', 'starts_at', 'time_zone'])
      .where('id', '=', report.session_id)
      .executeTakeFirstOrThrow();
    const names = await skillNames(ctx, report.skill_ids, request.lang);
    return reply.page(ReportPage({ request, access, report, session, skills: [...names].map(([id, name]) => ({ id, name })) }));
  });

  app.get<{ Params: R }>('/communities/:slug/reports/:reportId/markdown', async (request, reply) => {
    const { access, report } = await readReport(ctx, requireUser(request), request.params.slug, request.params.reportId);
    const day = (report.published_at ?? report.updated_at).toISOString().slice(0, 10);
    return reply
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `attachment; filename="${access.community.slug}-${day}.md"`)
      .type('text/markdown; charset=utf-8')
      .send(reportMarkdown(report));
  });

  app.get<{ Params: { slug: string } }>('/communities/:slug/knowledge', async (request, reply) =>
    reply.page(await knowledgePage(ctx, request, request.params.slug)),
  );

  app.post<{ Params: { slug: string } }>('/communities/:slug/knowledge', async (request, reply) =>
    form(
      request,
      reply,
      async () => {
        await addKnowledge(ctx, requireUser(request), request.params.slug, { ...formValues(request), skill: body(request).skill });
        return `/communities/${encodeURIComponent(request.params.slug)}/knowledge`;
      },
      (errors) => knowledgePage(ctx, request, request.params.slug, { errors, errorsFor: 'add', values: formValues(request) }),
    ),
  );

  app.get<{ Params: { slug: string } }>('/communities/:slug/outputs', async (request, reply) =>
    reply.page(await outputsPage(ctx, request, request.params.slug)),
  );

  app.post<{ Params: { slug: string } }>('/communities/:slug/outputs', async (request, reply) =>
    form(
      request,
      reply,
      async () => {
        const output = await addOutput(ctx, requireUser(request), request.params.slug, formValues(request));
        return `/communities/${encodeURIComponent(request.params.slug)}/outputs#output-${output.id}`;
      },
      (errors) => outputsPage(ctx, request, request.params.slug, { errors, errorsFor: 'add', values: formValues(request) }),
    ),
  );
}
