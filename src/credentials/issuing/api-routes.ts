import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { createAchievement, getAchievement, listAchievements, updateAchievement } from './achievements.ts';
import { bulkProgress, startBulkIssue } from './bulk.ts';
import { createClaimCode } from './claims.ts';
import { changeCredentialStatus, type IssuedCredential, issueCredential, listIssued, MAX_LIST_OFFSET } from './issue.ts';

const tags = ['credentials'];
/** The proof of what is issued; without it, the achievement's default. */
const ProofFormatSchema = Type.Union([Type.Literal('eddsa-rdfc-2022'), Type.Literal('vc-jwt')]);
const Slug = Type.Object({ slug: Type.String() });
const SlugId = Type.Object({ slug: Type.String(), id: Type.String() });
const AchievementBody = Type.Object(
  {
    name: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    criteriaNarrative: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    criteriaUrl: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    achievementType: Type.Optional(Type.String()),
    skills: Type.Optional(Type.Array(Type.String(), { maxItems: 100 })),
    resultDescriptions: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Type.String(), resultType: Type.Optional(Type.String()), allowedValue: Type.Optional(Type.Array(Type.String())) },
          { additionalProperties: false },
        ),
      ),
    ),
    tags: Type.Optional(Type.Array(Type.String())),
    language: Type.Optional(Type.String()),
    proofFormat: Type.Optional(Type.Union([Type.Literal('eddsa-rdfc-2022'), Type.Literal('vc-jwt')])),
    suspendable: Type.Optional(Type.Boolean()),
    validMonths: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  },
  { additionalProperties: false },
);
const IssueBody = Type.Object(
  {
    achievementId: Type.String(),
    recipient: Type.Object(
      { email: Type.Optional(Type.String()), did: Type.Optional(Type.String()), name: Type.Optional(Type.String()) },
      { additionalProperties: false },
    ),
    awardedAt: Type.Optional(Type.String()),
    validFrom: Type.Optional(Type.String()),
    validUntil: Type.Optional(Type.String()),
    evidence: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
    results: Type.Optional(Type.Record(Type.String(), Type.String())),
    idempotencyKey: Type.Optional(Type.String({ maxLength: 200 })),
    notify: Type.Optional(Type.Boolean()),
    proofFormat: Type.Optional(ProofFormatSchema),
  },
  { additionalProperties: false },
);

function credentialJson(c: IssuedCredential) {
  return {
    id: c.id,
    url: c.url,
    achievementId: c.achievementId,
    achievementVersion: c.achievementVersion,
    recipientEmail: c.recipientEmail,
    recipientDid: c.recipientDid,
    recipientName: c.recipientName,
    state: c.state,
    stateReason: c.stateReason,
    expired: c.expired,
    proofFormat: c.proofFormat,
    credential: c.jwt ?? c.document,
  };
}

/** The issuing JSON API under /api/v1/organisations/:slug/... (issuer roles; bearer tokens). */
export async function registerIssuingApi(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(
    async (plain) => {
      const app = plain.withTypeProvider<TypeBoxTypeProvider>();
      app.get(
        '/organisations/:slug/achievements',
        { schema: { tags, summary: 'Badges (achievements) of an organisation', params: Slug } },
        async (request) => listAchievements(ctx, requireUser(request), request.params.slug, { archived: true }),
      );
      app.post(
        '/organisations/:slug/achievements',
        { schema: { tags, summary: 'Define a badge', params: Slug, body: AchievementBody } },
        async (request, reply) =>
          reply.status(201).send(await createAchievement(ctx, requireUser(request), request.params.slug, request.body)),
      );
      app.get('/organisations/:slug/achievements/:id', { schema: { tags, summary: 'One badge', params: SlugId } }, async (request) =>
        getAchievement(ctx, requireUser(request), request.params.slug, request.params.id),
      );
      app.patch(
        '/organisations/:slug/achievements/:id',
        { schema: { tags, summary: 'Change a badge (makes a new version)', params: SlugId, body: AchievementBody } },
        async (request) => updateAchievement(ctx, requireUser(request), request.params.slug, request.params.id, request.body),
      );
      app.post(
        '/organisations/:slug/credentials',
        { schema: { tags, summary: 'Issue a credential to one recipient', params: Slug, body: IssueBody } },
        async (request, reply) => {
          const credential = await issueCredential(ctx, requireUser(request), request.params.slug, { ...request.body, lang: request.lang });
          return reply.status(credential.created === false ? 200 : 201).send(credentialJson(credential));
        },
      );
      app.get(
        '/organisations/:slug/credentials',
        {
          schema: {
            tags,
            summary: 'Issued credentials',
            params: Slug,
            querystring: Type.Object({
              achievementId: Type.Optional(Type.String()),
              limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
              offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_LIST_OFFSET })),
            }),
          },
        },
        async (request) => {
          const { items, total } = await listIssued(ctx, requireUser(request), request.params.slug, request.query);
          return { items: items.map(credentialJson), total };
        },
      );
      app.post(
        '/organisations/:slug/credentials/:id/status',
        {
          schema: {
            tags,
            summary: 'Revoke, suspend or reinstate a credential',
            params: SlugId,
            body: Type.Object(
              { action: Type.Union([Type.Literal('revoke'), Type.Literal('suspend'), Type.Literal('reinstate')]), reason: Type.String() },
              { additionalProperties: false },
            ),
          },
        },
        async (request) =>
          credentialJson(
            await changeCredentialStatus(
              ctx,
              requireUser(request),
              request.params.slug,
              request.params.id,
              request.body.action,
              request.body.reason,
            ),
          ),
      );
      app.post(
        '/organisations/:slug/achievements/:id/bulk',
        {
          schema: {
            tags,
            summary: 'Issue from CSV text (email, name, issue date, evidence, result columns) as a background job',
            params: SlugId,
            body: Type.Object(
              { csv: Type.String(), notify: Type.Optional(Type.Boolean()), proofFormat: Type.Optional(ProofFormatSchema) },
              { additionalProperties: false },
            ),
          },
        },
        async (request, reply) => {
          const id = await startBulkIssue(ctx, requireUser(request), request.params.slug, request.params.id, request.body.csv, {
            lang: request.lang,
            notify: request.body.notify,
            proofFormat: request.body.proofFormat,
          });
          return reply.status(202).send({ id, progress: `/api/v1/organisations/${request.params.slug}/bulk/${id}` });
        },
      );
      app.get(
        '/organisations/:slug/bulk/:id',
        { schema: { tags, summary: 'Progress and per-row report of a bulk issue', params: SlugId } },
        async (request) => bulkProgress(ctx, requireUser(request), request.params.slug, request.params.id),
      );
      app.post(
        '/organisations/:slug/achievements/:id/claim-codes',
        {
          schema: {
            tags,
            summary: 'Make a claim code',
            params: SlugId,
            body: Type.Object(
              {
                label: Type.Optional(Type.String()),
                maxClaims: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
                closesAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
                proofFormat: Type.Optional(ProofFormatSchema),
              },
              { additionalProperties: false },
            ),
          },
        },
        async (request, reply) =>
          reply.status(201).send(await createClaimCode(ctx, requireUser(request), request.params.slug, request.params.id, request.body)),
      );
    },
    { prefix: '/api/v1' },
  );
}
