import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requireOrgRole } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { access, MANAGER_ROLES, managerAccess } from '../access.ts';
import { accredit } from '../accreditation.ts';
import { p, programmePath } from '../pages/components.tsx';
import { ManagePage, ProgrammeFormPage, type ProgrammeValues } from '../pages/manage.tsx';
import { type CriterionValues, emptyAssignment, emptyCriterion, ModuleFormPage, type ModuleValues } from '../pages/module-form.tsx';
import { addModule, createProgramme, type ModuleInput, updateProgramme } from '../programmes.ts';
import { manageView } from '../views.ts';
import { bodyOf, formErrors, hide, lines, many, one } from './shared.ts';

function programmeValues(request: FastifyRequest): ProgrammeValues {
  const body = bodyOf(request);
  return {
    name: one(body, 'name'),
    description: one(body, 'description'),
    enrolment: one(body, 'enrolment'),
    status: one(body, 'status'),
    language: one(body, 'language'),
    version: one(body, 'version'),
  };
}

/** Rows of the module form: the ones filled in, and one empty row more (at least three criteria and two assignments). */
function moduleValues(request: FastifyRequest): ModuleValues {
  const body = bodyOf(request);
  const criteria: CriterionValues[] = [];
  const assignments: ModuleValues['assignments'] = [];
  for (let i = 0; i < 30; i++) {
    const c = {
      name: one(body, `rubric.${i}.name`),
      description: one(body, `rubric.${i}.description`),
      levels: one(body, `rubric.${i}.levels`),
      passLevel: one(body, `rubric.${i}.passLevel`),
    };
    if (Object.values(c).some((v) => v.trim())) criteria.push(c);
    const a = {
      title: one(body, `assignments.${i}.title`),
      instructions: one(body, `assignments.${i}.instructions`),
      evidence: many(body, `assignments.${i}.evidence`),
    };
    if (a.title.trim() || a.instructions.trim()) assignments.push(a);
  }
  return {
    name: one(body, 'name'),
    description: one(body, 'description'),
    chosenSkills: many(body, 'skill'),
    skills: one(body, 'skills'),
    validMonths: one(body, 'validMonths'),
    renewal: one(body, 'renewal') || 'assessment',
    secondAssessment: one(body, 'secondAssessment') !== '',
    criteria,
    assignments,
  };
}

/** Blank rows to fill in, after the filled ones. */
function withBlankRows(values: ModuleValues): ModuleValues {
  const criteria = [...values.criteria];
  while (criteria.length < Math.max(3, values.criteria.length + 1)) criteria.push(emptyCriterion());
  const assignments = [...values.assignments];
  while (assignments.length < Math.max(2, values.assignments.length + 1)) assignments.push(emptyAssignment());
  return { ...values, criteria, assignments };
}

/** "Name: description" per line, lowest level first. */
function levelsOf(text: string) {
  return lines(text).map((line) => {
    const at = line.indexOf(':');
    return at > 0 ? { name: line.slice(0, at).trim(), description: line.slice(at + 1).trim() } : { name: line, description: '' };
  });
}

function moduleInput(values: ModuleValues): ModuleInput {
  return {
    name: values.name,
    description: values.description,
    skills: [...values.chosenSkills, ...lines(values.skills)],
    validMonths: values.validMonths,
    renewal: values.renewal,
    secondAssessment: values.secondAssessment,
    rubric: values.criteria.map((c) => ({
      name: c.name,
      description: c.description,
      levels: levelsOf(c.levels),
      passLevel: c.passLevel.trim() || undefined,
    })),
    assignments: values.assignments.map((a) => ({ title: a.title, instructions: a.instructions, evidence: a.evidence })),
  };
}

/** The organisation's programmes, new programmes and their modules, changes, accreditation. */
export function manageRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>('/organisations/:slug/programmes', hide, async (request, reply) => {
    const view = await manageView(ctx, requireUser(request), request.params.slug);
    return reply.page(<ManagePage request={request} {...view} />);
  });

  app.get<{ Params: { slug: string } }>('/organisations/:slug/programmes/new', hide, async (request, reply) => {
    const { organisation } = await requireOrgRole(ctx, requireUser(request), request.params.slug, MANAGER_ROLES);
    const values = { name: '', description: '', enrolment: 'application', status: 'draft', language: request.lang, version: '' };
    return reply.page(<ProgrammeFormPage request={request} organisation={organisation} programmeId={null} values={values} />);
  });

  app.post<{ Params: { slug: string } }>('/organisations/:slug/programmes/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const { organisation } = await requireOrgRole(ctx, user, request.params.slug, MANAGER_ROLES);
    const values = programmeValues(request);
    try {
      const programme = await createProgramme(ctx, user, organisation.slug, { ...values, version: undefined });
      reply.flash('success', p(request, 'form.saved', { name: programme.name }));
      return reply.redirect(programmePath(programme.id), 303);
    } catch (error) {
      const errors = formErrors(request, error);
      return reply.page(
        <ProgrammeFormPage request={request} organisation={organisation} programmeId={null} values={values} errors={errors} />,
        400,
      );
    }
  });

  app.get<{ Params: { id: string } }>('/programmes/:id/edit', hide, async (request, reply) => {
    const { programme, organisation } = await managerAccess(ctx, requireUser(request), request.params.id);
    const values = { ...programme, version: String(programme.version) };
    return reply.page(<ProgrammeFormPage request={request} organisation={organisation} programmeId={programme.id} values={values} />);
  });

  app.post<{ Params: { id: string } }>('/programmes/:id/edit', hide, async (request, reply) => {
    const user = requireUser(request);
    const { programme, organisation } = await managerAccess(ctx, user, request.params.id);
    const values = programmeValues(request);
    try {
      const version = /^\d+$/.test(values.version) ? Number(values.version) : undefined;
      const saved = await updateProgramme(ctx, user, programme.id, { ...values, language: undefined, version });
      reply.flash('success', p(request, 'form.saved', { name: saved.name }));
      return reply.redirect(programmePath(saved.id), 303);
    } catch (error) {
      const errors = formErrors(request, error);
      return reply.page(
        <ProgrammeFormPage request={request} organisation={organisation} programmeId={programme.id} values={values} errors={errors} />,
        400,
      );
    }
  });

  app.get<{ Params: { id: string } }>('/programmes/:id/modules/new', hide, async (request, reply) => {
    const { programme } = await managerAccess(ctx, requireUser(request), request.params.id);
    const values = withBlankRows({
      name: '',
      description: '',
      chosenSkills: [],
      skills: '',
      validMonths: '',
      renewal: 'assessment',
      secondAssessment: false,
      criteria: [],
      assignments: [],
    });
    return reply.page(<ModuleFormPage request={request} programme={programme} values={values} />);
  });

  app.post<{ Params: { id: string } }>('/programmes/:id/modules/new', hide, async (request, reply) => {
    const user = requireUser(request);
    const { programme } = await managerAccess(ctx, user, request.params.id);
    const values = moduleValues(request);
    try {
      const module = await addModule(ctx, user, programme.id, moduleInput(values));
      reply.flash('success', p(request, 'moduleForm.saved', { name: module.name }));
      return reply.redirect(`${programmePath(programme.id)}#module-${module.id}`, 303);
    } catch (error) {
      const errors = formErrors(request, error, 'name');
      return reply.page(<ModuleFormPage request={request} programme={programme} values={withBlankRows(values)} errors={errors} />, 400);
    }
  });

  app.post<{ Params: { id: string } }>('/programmes/:id/accreditations', hide, async (request, reply) => {
    const user = requireUser(request);
    const body = bodyOf(request);
    const kind = one(body, 'kind');
    try {
      const { programme } = await access(ctx, user, request.params.id);
      const accreditation = await accredit(ctx, user, {
        kind,
        programme: programme.id,
        issuer: programme.organisationSlug,
        accreditor: one(body, 'accreditor'),
        comment: one(body, 'comment'),
      });
      reply.flash('success', p(request, 'accredit.done', { name: accreditation.endorsement.subjectName }));
    } catch (error) {
      const errors = formErrors(request, error, 'comment');
      reply.flash('error', Object.values(errors).join(' '));
    }
    return reply.redirect(`${programmePath(request.params.id)}#accreditation`, 303);
  });
}
