import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { errorMessage } from '../../platform/http/problem.ts';
import { SkillsErrors } from '../errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { decideSuggestion, suggestEscoAlignments } from '../library/crosswalk.ts';
import * as library from '../library/service.ts';
import type { SkillStatus } from '../schema.ts';
import { formValues, NoOrganisationPage, parseSkillForm, SKILL_FORM_FIELDS, SkillEditorPage, skillToForm } from './editor.tsx';

import { type Body, back, curatorOrganisations, formErrorsOf, hide, isRefusal, str } from './route-helpers.tsx';

/** A curator's own skills: create, edit, change status, decide crosswalk suggestions. */
export async function editorRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/skills/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    if (!organisations.length) return reply.page(NoOrganisationPage({ request, title: request.t('skills:pages.editor.newTitle') }), 403);
    const values = formValues({ organisationId: organisations[0].id });
    return reply.page(SkillEditorPage({ request, values, organisations }));
  });

  app.post<{ Body: Body }>('/skills/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const organisations = await curatorOrganisations(ctx, user);
    const values = formValues(request.body);
    const { input, errors } = parseSkillForm(request, values);
    if (!organisations.some((o) => o.id === values.organisationId))
      errors.organisationId = request.t('skills:pages.editor.errors.organisation');
    if (Object.keys(errors).length) return reply.page(SkillEditorPage({ request, values, errors, organisations }), 400);
    try {
      const skill = await library.createSkill(ctx, user, { ...input, organisationId: values.organisationId });
      reply.flash('success', request.t('skills:pages.editor.created'));
      return back(reply, `/skills/${skill.id}`);
    } catch (error) {
      return reply.page(SkillEditorPage({ request, values, errors: formErrorsOf(request, error, SKILL_FORM_FIELDS), organisations }), 400);
    }
  });

  async function editable(request: FastifyRequest, id: string) {
    const user = requireUser(request);
    const skill = await library.getSkill(ctx, id, user);
    if (!(await library.canEditSkill(ctx, skill, user))) throw SkillsErrors.notCurator();
    return { user, skill };
  }

  app.get<{ Params: { id: string } }>('/skills/:id/edit', hide, async (request, reply) => {
    const { skill } = await editable(request, request.params.id);
    return reply.page(
      SkillEditorPage({
        request,
        values: skillToForm(skill),
        organisations: [],
        skillId: skill.id,
        skillName: skill.name[request.lang] ?? skill.name.en ?? Object.values(skill.name)[0],
      }),
    );
  });

  app.post<{ Params: { id: string }; Body: Body }>('/skills/:id/edit', hide, async (request, reply) => {
    const { user, skill } = await editable(request, request.params.id);
    const values = { ...formValues(request.body), organisationId: skill.organisationId ?? '' };
    const { input, errors } = parseSkillForm(request, values);
    const skillName = skill.name[request.lang] ?? skill.name.en ?? Object.values(skill.name)[0];
    if (Object.keys(errors).length)
      return reply.page(SkillEditorPage({ request, values, errors, organisations: [], skillId: skill.id, skillName }), 400);
    try {
      await library.updateSkill(ctx, user, skill.id, input);
      reply.flash('success', request.t('skills:pages.editor.saved'));
      return back(reply, `/skills/${skill.id}`);
    } catch (error) {
      const formErrors = formErrorsOf(request, error, SKILL_FORM_FIELDS);
      return reply.page(SkillEditorPage({ request, values, errors: formErrors, organisations: [], skillId: skill.id, skillName }), 400);
    }
  });

  app.post<{ Params: { id: string }; Body: Body }>('/skills/:id/status', hide, async (request, reply) => {
    const user = requireUser(request);
    const status = str(request.body?.status) as SkillStatus;
    try {
      await library.setSkillStatus(ctx, user, request.params.id, status);
      const key = status === 'published' ? 'published' : status === 'archived' ? 'archived' : 'drafted';
      reply.flash('success', request.t(`skills:pages.skill.${key}`));
    } catch (error) {
      if (!isRefusal(error)) throw error;
      reply.flash('error', request.t('skills:pages.skill.statusFailed', { reason: errorMessage(request.t, error.code, error.params) }));
    }
    return back(reply, `/skills/${request.params.id}`);
  });

  app.post<{ Params: { id: string }; Body: Body }>('/skills/:id/suggestions', hide, async (request, reply) => {
    const user = requireUser(request);
    await suggestEscoAlignments(ctx, user, request.params.id);
    return back(reply, `/skills/${request.params.id}#suggestions-heading`);
  });

  app.post<{ Params: { id: string; escoId: string }; Body: Body }>('/skills/:id/suggestions/:escoId', hide, async (request, reply) => {
    const user = requireUser(request);
    const decision = str(request.body?.decision) === 'accept' ? 'accepted' : str(request.body?.decision) === 'reject' ? 'rejected' : null;
    if (!decision) throw PlatformErrors.oneOf('decision', { options: 'accept, reject' });
    await decideSuggestion(ctx, user, request.params.id, request.params.escoId, decision);
    reply.flash('success', request.t(decision === 'accepted' ? 'skills:pages.skill.accepted' : 'skills:pages.skill.rejected'));
    return back(reply, `/skills/${request.params.id}`);
  });
}
