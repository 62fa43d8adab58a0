import { subjectSections } from '../../../platform/subjects.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.ts';
import { requireUser } from '../../../platform/http/auth.ts';
import type { FormErrors } from '../../../platform/pages/forms.tsx';
import { createAchievement, getAchievement, setAchievementArchived, updateAchievement } from '../achievements.ts';
import { issueCredential } from '../issue.ts';
import { AchievementForm, AchievementPage } from '../pages/issuer.tsx';
import { achievementView, issuerOrganisation } from '../views.ts';
import { editValues, formValues, toInput } from './achievement-form.ts';
import { formErrors, hide, orgPath, readMultipart } from './shared.ts';

type Params = { slug: string; id: string };

/** The badge's page (its issue forms, claim codes and recent credentials), with the errors of a form sent from it. */
export async function renderAchievementPage(
  ctx: AppContext,
  request: FastifyRequest<{ Params: Params }>,
  reply: FastifyReply,
  errors?: FormErrors,
  values?: Record<string, string>,
) {
  const view = await achievementView(ctx, requireUser(request), request.params.slug, request.params.id);
  const sections = await subjectSections(ctx, { kind: 'achievement', id: view.achievement.id }, request);
  return reply.page(
    <AchievementPage request={request} {...view} errors={errors} values={values} sections={sections} />,
    errors ? 400 : 200,
  );
}

/** Badges: create, edit, archive, and issue one credential from the badge's page. */
export function registerAchievementPages(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>('/organisations/:slug/achievements/new', hide, async (request, reply) => {
    const organisation = await issuerOrganisation(ctx, requireUser(request), request.params.slug);
    return reply.page(<AchievementForm request={request} organisation={organisation} values={{ language: request.lang }} />);
  });
  app.post<{ Params: { slug: string } }>('/organisations/:slug/achievements/new', hide, async (request, reply) => {
    const organisation = await issuerOrganisation(ctx, requireUser(request), request.params.slug);
    const { fields, file } = await readMultipart(request);
    const values = formValues(fields);
    try {
      const created = await createAchievement(ctx, request.user, organisation.slug, { ...toInput(values), image: file?.data ?? null });
      reply.flash('success', request.t('credentials:achievements.created', { name: created.name }));
      return reply.redirect(`${orgPath(organisation.slug)}/achievements/${created.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(<AchievementForm request={request} organisation={organisation} values={values} errors={errors} />, 400);
    }
  });
  app.get<{ Params: Params }>('/organisations/:slug/achievements/:id', hide, async (request, reply) =>
    renderAchievementPage(ctx, request, reply),
  );
  app.get<{ Params: Params }>('/organisations/:slug/achievements/:id/edit', hide, async (request, reply) => {
    const { organisation, achievement } = await achievementView(ctx, requireUser(request), request.params.slug, request.params.id);
    return reply.page(
      <AchievementForm request={request} organisation={organisation} values={editValues(achievement)} achievement={achievement} />,
    );
  });
  app.post<{ Params: Params }>('/organisations/:slug/achievements/:id/edit', hide, async (request, reply) => {
    const organisation = await issuerOrganisation(ctx, requireUser(request), request.params.slug);
    const current = await getAchievement(ctx, request.user, organisation.slug, request.params.id);
    const { fields, file } = await readMultipart(request);
    const values = formValues(fields);
    try {
      const updated = await updateAchievement(ctx, request.user, organisation.slug, current.id, {
        ...toInput(values),
        ...(file ? { image: file.data } : {}),
      });
      reply.flash('success', request.t('credentials:achievements.updated', { version: updated.version }));
      return reply.redirect(`${orgPath(organisation.slug)}/achievements/${updated.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error);
      if (!errors) throw error;
      return reply.page(
        <AchievementForm request={request} organisation={organisation} values={values} errors={errors} achievement={current} />,
        400,
      );
    }
  });
  app.post<{ Params: Params; Body: Record<string, string> }>(
    '/organisations/:slug/achievements/:id/archive',
    hide,
    async (request, reply) => {
      const { slug, id } = request.params;
      await setAchievementArchived(ctx, requireUser(request), slug, id, request.body?.archived === 'true');
      return reply.redirect(`${orgPath(slug)}/achievements/${id}`, 303);
    },
  );
  app.post<{ Params: Params; Body: Record<string, string> }>(
    '/organisations/:slug/achievements/:id/issue',
    hide,
    async (request, reply) => {
      const { slug, id } = request.params;
      const body = request.body ?? {};
      const results: Record<string, string> = {};
      for (const [k, v] of Object.entries(body)) if (k.startsWith('result:') && v) results[k.slice(7)] = v;
      try {
        const credential = await issueCredential(ctx, requireUser(request), slug, {
          achievementId: id,
          recipient: { email: body.email || undefined, did: body.did || undefined, name: body.name || undefined },
          awardedAt: body.awardedAt || undefined,
          evidence: body.evidence ? [body.evidence] : [],
          results,
          proofFormat: body.proofFormat || undefined,
          lang: request.lang,
        });
        const recipient = credential.recipientName ?? credential.recipientEmail ?? credential.recipientDid;
        reply.flash('success', request.t('credentials:achievements.issued', { recipient }));
        return reply.redirect(`${orgPath(slug)}/achievements/${id}`, 303);
      } catch (error) {
        const errors = formErrors(request, error);
        if (!errors) throw error;
        return renderAchievementPage(ctx, request, reply, errors, body);
      }
    },
  );
}
