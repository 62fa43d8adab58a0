import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import { accreditationsOf } from './accreditation.ts';
import {
  accreditationJson,
  CohortJson,
  cohortJson,
  EnrolmentJson,
  enrolmentJson,
  ModuleJson,
  moduleJson,
  PersonJson,
  ProgrammeDetailJson,
  ProgrammeJson,
  programmeJson,
} from './api-schemas.ts';
import { workApi } from './api-routes-work.ts';
import { addAssessor, addCohort, cohortAccess, cohortsOf, decide, enrol, enrolmentsOf, removeAssessor, updateCohort } from './cohorts.ts';
import { E } from './errors.ts';
import { addModule, createProgramme, getProgramme, listProgrammes, updateProgramme } from './programmes.ts';

const tags = ['programmes'];
const Id = Type.Object({ id: Type.String({ description: 'the programme’s id' }) });
const CohortParams = Type.Object({ id: Type.String(), cohortId: Type.String() });
const Text = (max: number, description?: string) => Type.Optional(Type.String({ maxLength: max, ...(description ? { description } : {}) }));
const ProgrammeFields = {
  name: Text(200),
  description: Text(5000),
  enrolment: Type.Optional(Type.Union([Type.Literal('application'), Type.Literal('open')])),
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('archived')])),
};
const CohortFields = {
  name: Text(200),
  startsOn: Text(10, 'YYYY-MM-DD'),
  endsOn: Text(10, 'YYYY-MM-DD'),
  capacity: Type.Optional(Type.Integer()),
  enrolmentOpen: Type.Optional(Type.Boolean()),
};
const ModuleBody = Type.Object(
  {
    name: Text(200),
    description: Text(5000),
    skills: Type.Optional(
      Type.Array(Type.String({ maxLength: 500 }), { maxItems: 50, description: 'library skill ids or URLs, ESCO URIs' }),
    ),
    rubric: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Text(200),
            description: Text(2000),
            levels: Type.Optional(
              Type.Array(Type.Object({ name: Text(100), description: Text(1000) }, { additionalProperties: false }), {
                maxItems: 8,
                description: 'from the lowest to the highest',
              }),
            ),
            passLevel: Type.Optional(
              Type.Union([Type.Integer(), Type.String({ maxLength: 100 })], {
                description: 'the lowest passing level: its number (1 = lowest) or name',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        { maxItems: 12 },
      ),
    ),
    assignments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            title: Text(200),
            instructions: Text(5000),
            evidence: Type.Optional(Type.Array(Type.String({ maxLength: 10 }), { maxItems: 3, description: 'text, file, link' })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 10 },
      ),
    ),
    secondAssessment: Type.Optional(Type.Boolean()),
    validMonths: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    renewal: Type.Optional(Type.Union([Type.Literal('assessment'), Type.Literal('claim')])),
  },
  { additionalProperties: false },
);

/** Programmes, modules, cohorts and enrolment as JSON (`/api/v1/programmes`), in the OpenAPI document. */
export async function programmeApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  programmesApi(app, ctx);
  cohortsApi(app, ctx);
  await workApi(app, ctx);
}

function programmesApi(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/programmes',
    {
      schema: {
        tags,
        summary: 'Programmes',
        description: 'The published certification programmes; with `organisation`, that organisation’s (all of them for its managers).',
        querystring: Type.Object({ organisation: Text(100) }),
        response: { 200: Type.Object({ items: Type.Array(ProgrammeJson) }) },
      },
    },
    async (request) => ({
      items: (await listProgrammes(ctx, request.user, { organisation: request.query.organisation })).map((p) => programmeJson(ctx, p)),
    }),
  );

  api.post(
    '/api/v1/programmes',
    {
      schema: {
        tags,
        summary: 'Start a programme',
        description:
          'For owners, admins and issuers of the organisation (and the network operator). Makes the programme certificate, an achievement of the organisation.',
        body: Type.Object(
          {
            organisation: Type.String({ maxLength: 100 }),
            ...ProgrammeFields,
            language: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')])),
          },
          { additionalProperties: false },
        ),
        response: { 201: ProgrammeJson },
      },
    },
    async (request, reply) => {
      const { organisation, ...input } = request.body;
      return reply.status(201).send(programmeJson(ctx, await createProgramme(ctx, requireUser(request), organisation, input)));
    },
  );

  api.get(
    '/api/v1/programmes/:id',
    {
      schema: {
        tags,
        summary: 'One programme: modules with rubrics and assignments, cohorts, accreditations, and your place in it',
        params: Id,
        response: { 200: ProgrammeDetailJson },
      },
    },
    async (request) => {
      const detail = await getProgramme(ctx, request.user, request.params.id);
      return {
        ...programmeJson(ctx, detail.programme),
        modules: detail.modules.map(moduleJson),
        cohorts: (await cohortsOf(ctx, detail.programme.id)).map(cohortJson),
        accreditations: (await accreditationsOf(ctx, detail.programme)).map((a) => accreditationJson(ctx, a)),
        you: {
          manager: detail.manager,
          assessorOf: detail.assessorOf,
          enrolment: detail.enrolment
            ? { id: detail.enrolment.id, cohortId: detail.enrolment.cohort_id, state: detail.enrolment.state }
            : null,
        },
      };
    },
  );

  api.patch(
    '/api/v1/programmes/:id',
    {
      schema: {
        tags,
        summary: 'Change a programme',
        description:
          'Fields left out keep their value; `version` refuses the change when someone else changed it since. The certificate pathway follows name and status.',
        params: Id,
        body: Type.Object({ ...ProgrammeFields, version: Type.Optional(Type.Integer()) }, { additionalProperties: false }),
        response: { 200: ProgrammeJson },
      },
    },
    async (request) => programmeJson(ctx, await updateProgramme(ctx, requireUser(request), request.params.id, request.body)),
  );

  api.post(
    '/api/v1/programmes/:id/modules',
    {
      schema: {
        tags,
        summary: 'Add a module',
        description:
          'Makes the module badge (an achievement of the organisation: the rubric criteria as result descriptions with their levels as allowed values, the skills as alignments, `validMonths` as its expiry) and a step in the certificate pathway. The rubric is fixed from then on.',
        params: Id,
        body: ModuleBody,
        response: { 201: ModuleJson },
      },
    },
    async (request, reply) =>
      reply.status(201).send(moduleJson(await addModule(ctx, requireUser(request), request.params.id, request.body))),
  );
}

/** The cohort of the address in the programme of the address, or "not found". */
async function cohortIn(ctx: AppContext, user: Parameters<typeof cohortAccess>[1], params: { id: string; cohortId: string }) {
  const found = await cohortAccess(ctx, user, params.cohortId);
  if (found.access.programme.id !== params.id) throw E.cohortNotFound('cohortId');
  return found;
}

function cohortsApi(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/api/v1/programmes/:id/cohorts',
    {
      schema: {
        tags,
        summary: 'Add a cohort (dates, capacity)',
        params: Id,
        body: Type.Object(CohortFields, { additionalProperties: false }),
        response: { 201: CohortJson },
      },
    },
    async (request, reply) =>
      reply.status(201).send(cohortJson(await addCohort(ctx, requireUser(request), request.params.id, request.body))),
  );

  api.patch(
    '/api/v1/programmes/:id/cohorts/:cohortId',
    {
      schema: {
        tags,
        summary: 'Change a cohort',
        params: CohortParams,
        body: Type.Object(CohortFields, { additionalProperties: false }),
        response: { 200: CohortJson },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { cohort } = await cohortIn(ctx, user, request.params);
      return cohortJson(await updateCohort(ctx, user, cohort.id, request.body));
    },
  );

  api.get(
    '/api/v1/programmes/:id/cohorts/:cohortId/enrolments',
    {
      schema: {
        tags,
        summary: 'Applications and participants of a cohort',
        description: 'Managers see applications and participants; the cohort’s assessors its participants.',
        params: CohortParams,
        response: { 200: Type.Object({ items: Type.Array(EnrolmentJson) }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { cohort } = await cohortIn(ctx, user, request.params);
      return { items: (await enrolmentsOf(ctx, user, cohort.id)).map(enrolmentJson) };
    },
  );

  api.post(
    '/api/v1/programmes/:id/cohorts/:cohortId/enrolments',
    {
      schema: {
        tags,
        summary: 'Apply for a cohort (or enrol, when enrolment is open)',
        description: 'A motivation is required for an application. One application or enrolment in force per programme.',
        params: CohortParams,
        body: Type.Object({ motivation: Text(5000) }, { additionalProperties: false }),
        response: { 201: EnrolmentJson },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { cohort } = await cohortIn(ctx, user, request.params);
      return reply.status(201).send(enrolmentJson(await enrol(ctx, user, cohort.id, request.body)));
    },
  );

  api.post(
    '/api/v1/programmes/:id/enrolments/:enrolmentId/decision',
    {
      schema: {
        tags,
        summary: 'Accept or decline an application',
        description: 'Managers of the programme; accepting needs a free place. The applicant is mailed.',
        params: Type.Object({ id: Type.String(), enrolmentId: Type.String() }),
        body: Type.Object({ decision: Type.String({ maxLength: 20, description: 'accept or decline' }) }, { additionalProperties: false }),
        response: { 200: EnrolmentJson },
      },
    },
    async (request) =>
      enrolmentJson(await decide(ctx, requireUser(request), request.params.enrolmentId, request.body.decision, request.params.id)),
  );

  api.post(
    '/api/v1/programmes/:id/cohorts/:cohortId/assessors',
    {
      schema: {
        tags,
        summary: 'Make someone an assessor of a cohort',
        description: 'By an email address the person confirmed on their account.',
        params: CohortParams,
        body: Type.Object({ email: Type.String({ maxLength: 320 }) }, { additionalProperties: false }),
        response: { 201: PersonJson },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { cohort } = await cohortIn(ctx, user, request.params);
      const person = await addAssessor(ctx, user, cohort.id, request.body.email);
      return reply.status(201).send({ id: person.id, name: person.name });
    },
  );

  api.delete(
    '/api/v1/programmes/:id/cohorts/:cohortId/assessors/:userId',
    {
      schema: {
        tags,
        summary: 'Remove an assessor from a cohort',
        params: Type.Object({ id: Type.String(), cohortId: Type.String(), userId: Type.String() }),
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { cohort } = await cohortIn(ctx, user, request.params);
      await removeAssessor(ctx, user, cohort.id, request.params.userId);
      return reply.status(204).send();
    },
  );
}
