import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import { accredit, listAccreditations, revokeAccreditation } from './accreditation.ts';
import {
  AccreditationJson,
  accreditationJson,
  PageJson,
  pageJson,
  QueueJson,
  RoundDetailJson,
  RoundJson,
  roundDetailJson,
  roundJson,
  SubmissionJson,
  submissionJson,
  WorkJson,
  workJson,
} from './api-schemas.ts';
import { assessmentQueue, moderate, review, roundDetail } from './assessment.ts';
import { E } from './errors.ts';
import { createPage, getPage, pageHistory, playbookOf, updatePage } from './playbooks.ts';
import { readSubmission } from './routes/files.ts';
import { getSubmission, myWork, RENEWAL_DAYS, requestRenewal, submit } from './work.ts';

const tags = ['programmes'];
const Id = Type.Object({ id: Type.String({ description: 'the programme’s id' }) });
const RoundParams = Type.Object({ id: Type.String(), roundId: Type.String() });
const Judgement = Type.Object(
  {
    levels: Type.Optional(
      Type.Record(Type.String({ maxLength: 200 }), Type.String({ maxLength: 100 }), {
        description: 'a level for every criterion: criterion key (c1) or name → level key (l2) or name',
      }),
    ),
    comment: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

/** The participant's work, assessment, the playbook and accreditation as JSON (`/api/v1/programmes/...`). */
export async function workApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  participantApi(app, ctx);
  assessmentApi(app, ctx);
  playbookApi(app, ctx);
  accreditationApi(app, ctx);
}

function participantApi(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/programmes/:id/work',
    { schema: { tags, summary: 'Your work on a programme, module by module (participants)', params: Id, response: { 200: WorkJson } } },
    async (request) => {
      const { access, work } = await myWork(ctx, requireUser(request), request.params.id);
      return workJson(ctx, access.programme.id, work);
    },
  );

  api.post(
    '/api/v1/programmes/:id/assignments/:assignmentId/submissions',
    {
      schema: {
        tags,
        summary: 'Hand in (or replace) the evidence for an assignment',
        description:
          'JSON `{ text, link, file: { name, mime, content } }` (content in base64, within the 1 MB body limit) or multipart/form-data with the fields `text`, `link`, `removeFile` and the file `file` (at most 10 MB). Only the kinds the assignment asks for. The first evidence on a module opens a round; when every assignment has evidence the round goes to the assessors; it can be replaced until the first of them has judged it.',
        params: Type.Object({ id: Type.String(), assignmentId: Type.String() }),
        response: { 201: Type.Object({ submission: SubmissionJson, round: RoundJson }) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const input = await readSubmission(request);
      const { submission, round } = await submit(ctx, user, request.params.assignmentId, input, request.params.id);
      return reply.status(201).send({ submission: submissionJson(ctx, request.params.id, submission), round: roundJson(ctx, round) });
    },
  );

  api.get(
    '/api/v1/programmes/:id/submissions/:submissionId',
    {
      schema: {
        tags,
        summary: 'One submission',
        description:
          'For the participant who handed it in, the assessors of their cohort and the programme’s managers; anyone else gets 404.',
        params: Type.Object({ id: Type.String(), submissionId: Type.String() }),
        response: { 200: SubmissionJson },
      },
    },
    async (request) => {
      const { submission, round } = await getSubmission(ctx, requireUser(request), request.params.submissionId);
      if (round.access.programme.id !== request.params.id) throw E.submissionNotFound('submissionId');
      return submissionJson(ctx, round.access.programme.id, submission);
    },
  );

  api.post(
    '/api/v1/programmes/:id/modules/:moduleId/renewal',
    {
      schema: {
        tags,
        summary: 'Renew a module badge',
        description: `From ${RENEWAL_DAYS} days before the badge expires: a new round of assessment, or (when the module renews by claim) a claim with \`claimText\` and an optional \`claimLink\`, approved by an assessor at the levels held.`,
        params: Type.Object({ id: Type.String(), moduleId: Type.String() }),
        body: Type.Object(
          { claimText: Type.Optional(Type.String({ maxLength: 20000 })), claimLink: Type.Optional(Type.String({ maxLength: 2000 })) },
          { additionalProperties: false },
        ),
        response: { 201: RoundJson },
      },
    },
    async (request, reply) => {
      const round = await requestRenewal(ctx, requireUser(request), request.params.moduleId, request.body, {
        programmeId: request.params.id,
      });
      return reply.status(201).send(roundJson(ctx, round));
    },
  );
}

function assessmentApi(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/programmes/:id/assessments',
    {
      schema: {
        tags,
        summary: 'Work waiting in the cohorts you assess (every cohort for managers)',
        params: Id,
        response: { 200: QueueJson },
      },
    },
    async (request) => {
      const queue = await assessmentQueue(ctx, requireUser(request), request.params.id);
      return {
        items: queue.map((q) => ({
          round: roundJson(ctx, q.round),
          module: q.moduleName,
          participant: q.participant ? { id: q.participant.id, name: q.participant.name } : null,
          cohortId: q.cohortId,
          action: q.action,
        })),
      };
    },
  );

  const detail = async (user: Parameters<typeof roundDetail>[1], params: { id: string; roundId: string }) => {
    const found = await roundDetail(ctx, user, params.roundId);
    if (found.access.programme.id !== params.id) throw E.roundNotFound('roundId');
    return found;
  };

  api.get(
    '/api/v1/programmes/:id/rounds/:roundId',
    {
      schema: {
        tags,
        summary: 'A round of work: evidence, the judgements you may see, what you can do',
        description: 'For the participant, the assessors of their cohort and the managers; anyone else gets 404.',
        params: RoundParams,
        response: { 200: RoundDetailJson },
      },
    },
    async (request) => roundDetailJson(ctx, await detail(requireUser(request), request.params)),
  );

  api.post(
    '/api/v1/programmes/:id/rounds/:roundId/reviews',
    {
      schema: {
        tags,
        summary: 'Judge a round against the rubric (assessors of the cohort)',
        description:
          'A level for every criterion. With a second assessment the round waits for a second assessor; when the two differ, or `moderation` is asked, a moderator decides. A decision that passes issues the module badge.',
        params: RoundParams,
        body: Type.Composite([Type.Omit(Judgement, []), Type.Object({ moderation: Type.Optional(Type.Boolean()) })], {
          additionalProperties: false,
        }),
        response: { 200: RoundDetailJson },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const found = await detail(user, request.params);
      return roundDetailJson(ctx, await review(ctx, user, found.round.id, request.body));
    },
  );

  api.post(
    '/api/v1/programmes/:id/rounds/:roundId/moderation',
    {
      schema: {
        tags,
        summary: 'Decide a round in moderation',
        description: 'A manager of the programme or an assessor of the cohort who did not judge this work.',
        params: RoundParams,
        body: Judgement,
        response: { 200: RoundDetailJson },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const found = await detail(user, request.params);
      return roundDetailJson(ctx, await moderate(ctx, user, found.round.id, request.body));
    },
  );
}

function playbookApi(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const PageParams = Type.Object({ id: Type.String(), pageId: Type.String() });
  const pageIn = async (user: Parameters<typeof getPage>[1], params: { id: string; pageId: string }, version?: number) => {
    const found = await getPage(ctx, user, params.pageId, version);
    if (found.access.programme.id !== params.id) throw E.pageNotFound('pageId');
    return found;
  };

  api.get(
    '/api/v1/programmes/:id/playbook',
    {
      schema: {
        tags,
        summary: 'The programme’s playbook (its knowledge pages)',
        description: 'For managers, assessors and enrolled participants.',
        params: Id,
        response: { 200: Type.Object({ items: Type.Array(PageJson) }) },
      },
    },
    async (request) => ({ items: (await playbookOf(ctx, requireUser(request), request.params.id)).pages.map(pageJson) }),
  );

  api.post(
    '/api/v1/programmes/:id/playbook',
    {
      schema: {
        tags,
        summary: 'Add a playbook page (managers and assessors)',
        params: Id,
        body: Type.Object(
          { title: Type.Optional(Type.String({ maxLength: 200 })), body: Type.Optional(Type.String({ maxLength: 50000 })) },
          { additionalProperties: false },
        ),
        response: { 201: PageJson },
      },
    },
    async (request, reply) =>
      reply.status(201).send(pageJson(await createPage(ctx, requireUser(request), request.params.id, request.body))),
  );

  api.get(
    '/api/v1/programmes/:id/playbook/:pageId',
    {
      schema: {
        tags,
        summary: 'A playbook page, at its latest version or an older one',
        params: PageParams,
        querystring: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: { 200: PageJson },
      },
    },
    async (request) => pageJson((await pageIn(requireUser(request), request.params, request.query.version)).page),
  );

  api.patch(
    '/api/v1/programmes/:id/playbook/:pageId',
    {
      schema: {
        tags,
        summary: 'Change a playbook page (a new version)',
        description: '`version` is the version the change starts from; a change made since is a 409.',
        params: PageParams,
        body: Type.Object(
          {
            title: Type.Optional(Type.String({ maxLength: 200 })),
            body: Type.Optional(Type.String({ maxLength: 50000 })),
            version: Type.Optional(Type.Integer()),
          },
          { additionalProperties: false },
        ),
        response: { 200: PageJson },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const { page } = await pageIn(user, request.params);
      return pageJson(await updatePage(ctx, user, page.id, request.body));
    },
  );

  api.get(
    '/api/v1/programmes/:id/playbook/:pageId/history',
    {
      schema: {
        tags,
        summary: 'Every version of a playbook page, newest first',
        params: PageParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                version: Type.Integer(),
                title: Type.String(),
                editedBy: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
                createdAt: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const user = requireUser(request);
      await pageIn(user, request.params);
      const { versions } = await pageHistory(ctx, user, request.params.pageId);
      return {
        items: versions.map((v) => ({
          version: v.version,
          title: v.title,
          editedBy: v.editedBy ? { id: v.editedBy.id, name: v.editedBy.name } : null,
          createdAt: new Date(v.createdAt).toISOString(),
        })),
      };
    },
  );
}

function accreditationApi(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/api/v1/programmes/accreditations',
    {
      schema: {
        tags,
        summary: 'Accreditations of programmes and issuers by the network',
        response: { 200: Type.Object({ items: Type.Array(AccreditationJson) }) },
      },
    },
    async () => ({ items: (await listAccreditations(ctx)).map((a) => accreditationJson(ctx, a)) }),
  );

  api.post(
    '/api/v1/programmes/accreditations',
    {
      schema: {
        tags,
        summary: 'Accredit a programme or an issuer (the network operator)',
        description:
          'Given as an OB 3.0 EndorsementCredential signed by the accrediting organisation: of the programme’s certificate, or of the issuer. Verifiers check it like any credential; certificates issued after it carry it.',
        body: Type.Object(
          {
            kind: Type.String({ maxLength: 20, description: 'programme or issuer' }),
            programme: Type.Optional(Type.String({ maxLength: 100, description: 'the programme’s id (kind programme)' })),
            issuer: Type.Optional(Type.String({ maxLength: 100, description: 'the issuer’s slug (kind issuer)' })),
            accreditor: Type.String({ maxLength: 100, description: 'slug of the accrediting organisation' }),
            comment: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: AccreditationJson },
      },
    },
    async (request, reply) => reply.status(201).send(accreditationJson(ctx, await accredit(ctx, requireUser(request), request.body))),
  );

  api.post(
    '/api/v1/programmes/accreditations/:accreditationId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an accreditation (the network operator)',
        params: Type.Object({ accreditationId: Type.String() }),
        body: Type.Object({ reason: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: AccreditationJson },
      },
    },
    async (request) =>
      accreditationJson(ctx, await revokeAccreditation(ctx, requireUser(request), request.params.accreditationId, request.body.reason)),
  );
}
