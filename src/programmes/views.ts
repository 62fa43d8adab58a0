/**
 * What the programme pages show, each gathered by one call, so a route reads its input, calls one
 * function and renders.
 */
import { type CurrentUser, listVisibleOrganisations, requireOrgRole } from '../accounts/api.ts';
import { progressOn } from '../pathways/api.ts';
import type { AppContext } from '../platform/context.ts';
import { PlatformErrors } from '../platform/errors.ts';
import { insider, MANAGER_ROLES, managerAccess } from './access.ts';
import { type Accreditation, accreditationsOf } from './accreditation.ts';
import { assessmentQueue } from './assessment.ts';
import { assessorsOf, cohortAccess, cohortsOf, enrolmentsOf } from './cohorts.ts';
import { mayEditPlaybook, playbookOf } from './playbooks.ts';
import { certificatePathway, getProgramme, listProgrammes, myProgrammes } from './programmes.ts';
import { workOf } from './work.ts';

export async function listView(ctx: AppContext, user: CurrentUser | null) {
  const programmes = await listProgrammes(ctx, user);
  const mine = user ? await myProgrammes(ctx, user) : [];
  const manage = user
    ? (await listVisibleOrganisations(ctx, user)).filter(
        (o) => (o.role !== null && MANAGER_ROLES.includes(o.role)) || (user.isOperator && o.role !== null),
      )
    : [];
  const organisations = new Map<string, string>();
  for (const p of programmes) organisations.set(p.organisationId, p.organisationName);
  return { programmes, mine, manage: manage.map((o) => ({ slug: o.slug, name: o.name })) };
}

export async function programmeView(ctx: AppContext, user: CurrentUser | null, id: string) {
  const detail = await getProgramme(ctx, user, id);
  const cohorts = await cohortsOf(ctx, detail.programme.id);
  const accreditations: Accreditation[] = await accreditationsOf(ctx, detail.programme);
  const pathway = await certificatePathway(ctx, user, detail.programme);
  const certificateProgress = pathway && user ? ((await progressOn(ctx, user.id, [pathway])).get(pathway.id) ?? null) : null;
  const work = detail.enrolment?.state === 'enrolled' ? await workOf(ctx, detail.enrolment.id, detail.programme.id) : null;
  const accreditors = user?.isOperator
    ? (await listVisibleOrganisations(ctx, user))
        .filter((o) => o.id !== detail.programme.organisationId)
        .sort((a, b) => Number(b.kind === 'network') - Number(a.kind === 'network') || a.name.localeCompare(b.name))
        .map((o) => ({ slug: o.slug, name: o.name }))
    : [];
  const enrolmentCohort = detail.enrolment ? (cohorts.find((c) => c.id === detail.enrolment?.cohort_id) ?? null) : null;
  return { ...detail, cohorts, accreditations, pathway, certificateProgress, work, accreditors, enrolmentCohort, insider: insider(detail) };
}

/** An organisation's programmes for its managers. */
export async function manageView(ctx: AppContext, user: CurrentUser | null, slug: string) {
  const { organisation } = await requireOrgRole(ctx, user, slug, MANAGER_ROLES);
  const programmes = await listProgrammes(ctx, user, { organisation: organisation.slug });
  return { organisation, programmes };
}

/** A cohort's page: managers see applications, participants and assessors; assessors the participants. */
export async function cohortView(ctx: AppContext, user: CurrentUser | null, programmeId: string, cohortId: string) {
  if (!user) throw PlatformErrors.unauthorized();
  const { access, cohort } = await cohortAccess(ctx, user, cohortId);
  if (access.programme.id !== programmeId) throw PlatformErrors.notFound();
  const enrolments = await enrolmentsOf(ctx, user, cohort.id);
  return { access, cohort, enrolments, assessors: await assessorsOf(ctx, cohort.id) };
}

export async function queueView(ctx: AppContext, user: CurrentUser | null, programmeId: string) {
  const detail = await getProgramme(ctx, user, programmeId);
  const queue = await assessmentQueue(ctx, user, detail.programme.id);
  return { ...detail, queue, cohorts: await cohortsOf(ctx, detail.programme.id) };
}

export async function playbookView(ctx: AppContext, user: CurrentUser | null, programmeId: string) {
  const { access, pages } = await playbookOf(ctx, user, programmeId);
  return { access, pages, editable: mayEditPlaybook(access) };
}

export async function managerView(ctx: AppContext, user: CurrentUser | null, programmeId: string) {
  return managerAccess(ctx, user, programmeId);
}
