/** The JSON shapes of `/api/v1/programmes` (TypeBox, in the OpenAPI document) and the functions that fill them. */
import { type Static, Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.ts';
import type { Programme } from './access.ts';
import type { Accreditation } from './accreditation.ts';
import type { RoundDetail } from './assessment.ts';
import type { Cohort, EnrolmentView, Person } from './cohorts.ts';
import type { PlaybookPage } from './playbooks.ts';
import type { Module } from './programmes.ts';
import type { ModuleWork, Round, Submission } from './work.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String;

export const PersonJson = Type.Object({ id: Str(), name: Str() });

export const ProgrammeJson = Type.Object({
  id: Str(),
  organisation: Str({ description: 'slug of the organisation that runs it and issues its badges' }),
  name: Str(),
  description: Str(),
  enrolment: Str({ description: 'application (managers decide) or open (first come, while places last)' }),
  language: Str(),
  status: Str({ description: 'draft, published or archived' }),
  certificateAchievementId: Str({ description: 'the programme certificate: an achievement of the organisation' }),
  pathwayId: Nullable(Str({ description: 'the certificate as a pathway over the module badges (made with the first module)' })),
  version: Type.Integer(),
  url: Str(),
});

const Level = Type.Object({ key: Str(), name: Str(), description: Str() });
export const CriterionJson = Type.Object({
  key: Str(),
  name: Str(),
  description: Str(),
  levels: Type.Array(Level, { description: 'from the lowest to the highest' }),
  passLevel: Str({ description: 'the key of the lowest level that passes' }),
});

export const ModuleJson = Type.Object({
  id: Str(),
  position: Type.Integer(),
  name: Str(),
  description: Str(),
  achievementId: Str({ description: 'the module badge (its result descriptions are the rubric criteria)' }),
  achievementUri: Nullable(Str()),
  skills: Type.Array(Type.Object({ url: Str(), name: Str() })),
  rubric: Type.Array(CriterionJson),
  secondAssessment: Type.Boolean(),
  validMonths: Type.Union([Type.Integer(), Type.Null()]),
  renewal: Str({ description: 'assessment or claim' }),
  assignments: Type.Array(
    Type.Object({ id: Str(), title: Str(), instructions: Str(), evidence: Type.Array(Str({ description: 'text, file or link' })) }),
  ),
});

export const CohortJson = Type.Object({
  id: Str(),
  name: Str(),
  startsOn: Str({ format: 'date' }),
  endsOn: Str({ format: 'date' }),
  capacity: Type.Integer(),
  enrolmentOpen: Type.Boolean(),
  enrolled: Type.Integer(),
  applied: Type.Integer(),
  phase: Str({ description: 'upcoming, running or finished' }),
});

export const AccreditationJson = Type.Object({
  id: Str(),
  kind: Str({ description: 'programme or issuer' }),
  programmeId: Nullable(Str()),
  organisationId: Str(),
  accreditor: Str({ description: 'slug of the accrediting organisation' }),
  endorsementId: Str(),
  endorsementUrl: Str({ description: 'the EndorsementCredential’s page; its JSON at /api/v1/endorsements/{id}' }),
  state: Str({ description: 'active or revoked' }),
  comment: Str(),
  createdAt: Str(),
});

export const ProgrammeDetailJson = Type.Composite([
  ProgrammeJson,
  Type.Object({
    modules: Type.Array(ModuleJson),
    cohorts: Type.Array(CohortJson),
    accreditations: Type.Array(AccreditationJson),
    you: Type.Object({
      manager: Type.Boolean(),
      assessorOf: Type.Array(Str()),
      enrolment: Type.Union([Type.Object({ id: Str(), cohortId: Str(), state: Str() }), Type.Null()]),
    }),
  }),
]);

export const EnrolmentJson = Type.Object({
  id: Str(),
  cohortId: Str(),
  programmeId: Str(),
  person: Type.Union([PersonJson, Type.Null()]),
  state: Str({ description: 'applied, enrolled, declined or withdrawn' }),
  motivation: Str(),
  createdAt: Str(),
  decidedAt: Nullable(Str()),
});

export const SubmissionJson = Type.Object({
  id: Str(),
  roundId: Str(),
  assignmentId: Str(),
  text: Str(),
  link: Nullable(Str()),
  file: Type.Union([Type.Object({ name: Str(), mime: Str(), size: Type.Integer(), url: Str() }), Type.Null()]),
  submittedAt: Str(),
  updatedAt: Str(),
});

export const RoundJson = Type.Object({
  id: Str(),
  moduleId: Str(),
  number: Type.Integer(),
  purpose: Str({ description: 'first, retry or renewal' }),
  mode: Str({ description: 'assessment or claim' }),
  state: Str({ description: 'open, submitted, moderation, passed or not_passed' }),
  claimText: Str(),
  claimLink: Nullable(Str()),
  levels: Type.Union([Type.Record(Str(), Str()), Type.Null()], { description: 'the decided level key per criterion key' }),
  decidedAt: Nullable(Str()),
  credentialUrl: Nullable(Str()),
  validUntil: Nullable(Str()),
  evidenceUrl: Nullable(Str({ description: 'the public page the credential’s evidence points to (once issued)' })),
});

export const WorkJson = Type.Object({
  modules: Type.Array(
    Type.Object({
      moduleId: Str(),
      name: Str(),
      rounds: Type.Array(RoundJson),
      submissions: Type.Array(SubmissionJson),
      held: Type.Union([RoundJson, Type.Null()]),
      renewable: Type.Boolean(),
      editable: Type.Boolean(),
    }),
  ),
});

export const ReviewJson = Type.Object({
  id: Str(),
  assessor: Type.Union([PersonJson, Type.Null()]),
  role: Str({ description: 'first, second or moderator' }),
  levels: Type.Record(Str(), Str()),
  comment: Str(),
  moderationRequested: Type.Boolean(),
  createdAt: Str(),
});

export const RoundDetailJson = Type.Composite([
  RoundJson,
  Type.Object({
    participant: Type.Union([PersonJson, Type.Null()]),
    submissions: Type.Array(SubmissionJson),
    reviews: Type.Array(ReviewJson, {
      description: 'the judgements you may see (an assessor sees the other’s only after giving their own)',
    }),
    action: Nullable(Str({ description: 'what you can do now: review, second, moderate, wait' })),
  }),
]);

export const QueueJson = Type.Object({
  items: Type.Array(
    Type.Object({
      round: RoundJson,
      module: Str(),
      participant: Type.Union([PersonJson, Type.Null()]),
      cohortId: Str(),
      action: Nullable(Str()),
    }),
  ),
});

export const PageJson = Type.Object({
  id: Str(),
  title: Str(),
  body: Str(),
  version: Type.Integer(),
  latest: Type.Integer(),
  editedBy: Type.Union([PersonJson, Type.Null()]),
  updatedAt: Str(),
});

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);
const person = (p: Person | null) => (p ? { id: p.id, name: p.name } : null);

export function programmeJson(ctx: AppContext, p: Programme): Static<typeof ProgrammeJson> {
  return {
    id: p.id,
    organisation: p.organisationSlug,
    name: p.name,
    description: p.description,
    enrolment: p.enrolment,
    language: p.language,
    status: p.status,
    certificateAchievementId: p.certificateAchievementId,
    pathwayId: p.pathwayId,
    version: p.version,
    url: `${ctx.config.baseUrl}/programmes/${p.id}`,
  };
}

export function moduleJson(m: Module): Static<typeof ModuleJson> {
  return {
    id: m.id,
    position: m.position,
    name: m.name,
    description: m.description,
    achievementId: m.achievementId,
    achievementUri: m.badge?.uri ?? null,
    skills: (m.badge?.skills ?? []).map((s) => ({ url: s.targetUrl, name: s.targetName })),
    rubric: m.rubric,
    secondAssessment: m.secondAssessment,
    validMonths: m.validMonths,
    renewal: m.renewal,
    assignments: m.assignments.map((a) => ({ id: a.id, title: a.title, instructions: a.instructions, evidence: a.evidence })),
  };
}

export const cohortJson = (c: Cohort): Static<typeof CohortJson> => ({ ...c });

export function accreditationJson(ctx: AppContext, a: Accreditation): Static<typeof AccreditationJson> {
  return {
    id: a.id,
    kind: a.kind,
    programmeId: a.programmeId,
    organisationId: a.organisationId,
    accreditor: a.endorsement.organisationSlug ?? '',
    endorsementId: a.endorsement.id,
    endorsementUrl: a.endorsement.url || `${ctx.config.baseUrl}/endorsements/${a.endorsement.id}`,
    state: a.endorsement.state,
    comment: a.endorsement.comment,
    createdAt: new Date(a.createdAt).toISOString(),
  };
}

export function enrolmentJson(e: EnrolmentView): Static<typeof EnrolmentJson> {
  return { ...e, person: person(e.person), createdAt: new Date(e.createdAt).toISOString(), decidedAt: iso(e.decidedAt) };
}

export function submissionJson(ctx: AppContext, programmeId: string, s: Submission): Static<typeof SubmissionJson> {
  return {
    id: s.id,
    roundId: s.roundId,
    assignmentId: s.assignmentId,
    text: s.text,
    link: s.link,
    file: s.file ? { ...s.file, url: `${ctx.config.baseUrl}/programmes/${programmeId}/submissions/${s.id}/file` } : null,
    submittedAt: new Date(s.submittedAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

export function roundJson(ctx: AppContext, r: Round): Static<typeof RoundJson> {
  return {
    id: r.id,
    moduleId: r.moduleId,
    number: r.number,
    purpose: r.purpose,
    mode: r.mode,
    state: r.state,
    claimText: r.claimText,
    claimLink: r.claimLink,
    levels: r.levels,
    decidedAt: iso(r.decidedAt),
    credentialUrl: r.credentialUrl,
    validUntil: iso(r.validUntil),
    evidenceUrl: r.credentialId ? `${ctx.config.baseUrl}/programmes/evidence/${r.evidenceToken}` : null,
  };
}

export function workJson(ctx: AppContext, programmeId: string, work: ModuleWork[]): Static<typeof WorkJson> {
  return {
    modules: work.map((w) => ({
      moduleId: w.module.id,
      name: w.module.name,
      rounds: w.rounds.map((r) => roundJson(ctx, r)),
      submissions: w.submissions.map((s) => submissionJson(ctx, programmeId, s)),
      held: w.held ? roundJson(ctx, w.held) : null,
      renewable: w.renewable,
      editable: w.editable,
    })),
  };
}

export function roundDetailJson(ctx: AppContext, d: RoundDetail): Static<typeof RoundDetailJson> {
  return {
    ...roundJson(ctx, d.round),
    participant: person(d.participant),
    submissions: d.submissions.map((s) => submissionJson(ctx, d.access.programme.id, s)),
    reviews: d.reviews.map((r) => ({
      id: r.id,
      assessor: person(r.assessor),
      role: r.role,
      levels: r.levels,
      comment: r.comment,
      moderationRequested: r.moderationRequested,
      createdAt: new Date(r.createdAt).toISOString(),
    })),
    action: d.action,
  };
}

export function pageJson(p: PlaybookPage): Static<typeof PageJson> {
  return { ...p, editedBy: person(p.editedBy), updatedAt: new Date(p.updatedAt).toISOString() };
}
