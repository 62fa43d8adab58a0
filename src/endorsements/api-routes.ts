import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import {
  type Endorsement,
  endorse,
  endorseAsPerson,
  getEndorsement,
  listEndorsements,
  peopleMayEndorse,
  revokeEndorsement,
  setPeopleMayEndorse,
} from './service.ts';

const EndorsementJson = Type.Object({
  id: Type.String(),
  url: Type.String({ description: 'its public page, also the credential’s id' }),
  endorserType: Type.String({ description: 'organisation, or person (endorsing as themselves, signed with their own did:key)' }),
  endorserName: Type.String({ description: 'the organisation’s name, or the person’s as signed' }),
  organisation: Type.Union([Type.String(), Type.Null()], { description: 'slug of the endorsing organisation; null for a person' }),
  organisationName: Type.Union([Type.String(), Type.Null()]),
  subjectType: Type.String({ description: 'achievement, issuer or credential' }),
  subjectId: Type.String(),
  subject: Type.String({ description: 'credentialSubject.id: the achievement’s OB 3.0 id, the issuer’s DID or the credential’s URL' }),
  subjectName: Type.String(),
  comment: Type.String(),
  state: Type.String({ description: 'active or revoked' }),
  revokedReason: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
const WithCredential = Type.Intersect([
  EndorsementJson,
  Type.Object({ credential: Type.Object({}, { additionalProperties: true, description: 'the signed OB 3.0 EndorsementCredential' }) }),
]);

const json = (endorsement: Endorsement) => ({
  id: endorsement.id,
  url: endorsement.url,
  endorserType: endorsement.endorserKind,
  endorserName: endorsement.endorserName,
  organisation: endorsement.organisationSlug,
  organisationName: endorsement.organisationName,
  subjectType: endorsement.subjectKind,
  subjectId: endorsement.subjectId,
  subject: endorsement.subjectUri,
  subjectName: endorsement.subjectName,
  comment: endorsement.comment,
  state: endorsement.state,
  revokedReason: endorsement.revokedReason,
  revokedAt: endorsement.revokedAt?.toISOString() ?? null,
  createdAt: endorsement.createdAt.toISOString(),
});

/** Endorsements as JSON (`/api/v1/endorsements`), in the OpenAPI document. */
export async function endorsementApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['endorsements'];
  const Id = Type.Object({ id: Type.String({ description: 'the endorsement’s id' }) });

  api.get(
    '/api/v1/endorsements',
    {
      schema: {
        tags,
        summary: 'Endorsements',
        description: 'Public: the endorsements an organisation gave (`organisation`), or those of a subject by its OB 3.0 id (`subject`).',
        querystring: Type.Object({
          organisation: Type.Optional(Type.String({ maxLength: 100 })),
          subject: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(EndorsementJson) }) },
      },
    },
    async (request) => ({ items: (await listEndorsements(ctx, request.query)).map(json) }),
  );

  api.get(
    '/api/v1/endorsements/:id',
    { schema: { tags, summary: 'One endorsement, with its signed credential', params: Id, response: { 200: WithCredential } } },
    async (request) => {
      const endorsement = await getEndorsement(ctx, request.params.id);
      return { ...json(endorsement), credential: endorsement.document };
    },
  );

  api.post(
    '/api/v1/endorsements',
    {
      schema: {
        tags,
        summary: 'Endorse an achievement, an issuer or one credential',
        description:
          'For members with an issuing role (owner, admin, issuer) of the endorsing organisation. `subjectId`: an achievement’s id or OB 3.0 id, an organisation’s slug or id, a credential’s id or URL. Signed as an OB 3.0 EndorsementCredential; achievements’ endorsements travel in credentials issued after it.',
        body: Type.Object(
          {
            organisation: Type.String({ maxLength: 100 }),
            subjectType: Type.String({ maxLength: 20, description: 'achievement, issuer or credential' }),
            subjectId: Type.String({ maxLength: 500 }),
            comment: Type.String({ maxLength: 4000 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: WithCredential },
      },
    },
    async (request, reply) => {
      const { organisation, ...input } = request.body;
      const endorsement = await endorse(ctx, requireUser(request), organisation, input);
      return reply.status(201).send({ ...json(endorsement), credential: endorsement.document });
    },
  );

  api.post(
    '/api/v1/endorsements/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an endorsement',
        description: 'Final. Sets its bit in the endorsing organisation’s revocation list, so every verifier sees it revoked.',
        params: Id,
        body: Type.Object({ reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: EndorsementJson },
      },
    },
    async (request) => json(await revokeEndorsement(ctx, requireUser(request), request.params.id, request.body.reason, 'organisation')),
  );

  await personalEndorsementApi(app, ctx);
}

const Subject = {
  subjectType: Type.String({ maxLength: 20, description: 'achievement, issuer or credential' }),
  subjectId: Type.String({ maxLength: 500 }),
  comment: Type.String({ maxLength: 4000 }),
};

/** Endorsements by a person as themselves (where the network allows), and the network's setting. */
async function personalEndorsementApi(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['endorsements'];
  const Settings = Type.Object({ peopleMayEndorse: Type.Boolean({ description: 'whether people may endorse as themselves' }) });

  api.get(
    '/api/v1/endorsements/settings',
    { schema: { tags, summary: 'The network’s endorsement settings', description: 'Public.', response: { 200: Settings } } },
    async () => ({ peopleMayEndorse: await peopleMayEndorse(ctx) }),
  );

  api.put(
    '/api/v1/endorsements/settings',
    {
      schema: {
        tags,
        summary: 'Allow or stop endorsements by people',
        description: 'The network operator only. Endorsements already given stay as they are (shown, revocable).',
        body: Type.Object({ peopleMayEndorse: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Settings },
      },
    },
    async (request) => {
      await setPeopleMayEndorse(ctx, requireUser(request), request.body.peopleMayEndorse);
      return { peopleMayEndorse: await peopleMayEndorse(ctx) };
    },
  );

  api.get(
    '/api/v1/endorsements/personal',
    {
      schema: {
        tags,
        summary: 'The endorsements you gave as yourself',
        response: { 200: Type.Object({ items: Type.Array(EndorsementJson), peopleMayEndorse: Type.Boolean() }) },
      },
    },
    async (request) => ({
      items: (await listEndorsements(ctx, { person: requireUser(request).id })).map(json),
      peopleMayEndorse: await peopleMayEndorse(ctx),
    }),
  );

  api.post(
    '/api/v1/endorsements/personal',
    {
      schema: {
        tags,
        summary: 'Endorse as yourself',
        description:
          'Where the network allows it (else a 403 `endorsements:errors.peopleMayNotEndorse`), for a signed-in person with a confirmed address (else `addressNotConfirmed`). Not a credential issued to you, nor anything of an organisation you belong to. Signed as an OB 3.0 EndorsementCredential whose issuer is a Profile with your own did:key and name; revocable through your own status list. Shown where the subject is shown; not carried in credentials the issuer issues.',
        body: Type.Object(Subject, { additionalProperties: false }),
        response: { 201: WithCredential },
      },
    },
    async (request, reply) => {
      const endorsement = await endorseAsPerson(ctx, requireUser(request), request.body);
      return reply.status(201).send({ ...json(endorsement), credential: endorsement.document });
    },
  );

  api.post(
    '/api/v1/endorsements/personal/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an endorsement you gave as yourself',
        description: 'Final. Sets its bit in your own revocation list (signed with your key), so every verifier sees it revoked.',
        params: Type.Object({ id: Type.String({ description: 'the endorsement’s id' }) }),
        body: Type.Object({ reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: EndorsementJson },
      },
    },
    async (request) => json(await revokeEndorsement(ctx, requireUser(request), request.params.id, request.body.reason, 'person')),
  );
}
