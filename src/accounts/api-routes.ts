import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import { E } from './errors.ts';
import { ORG_ROLES, type OrgRole } from './schema.ts';
import {
  changeMemberRole,
  createOrganisationAs,
  getOrganisation,
  inviteMember,
  type InvitationInfo,
  listMembers,
  listPendingInvitations,
  listVisibleOrganisations,
  removeMember,
  resendInvitation,
  revokeInvitation,
  type Member,
  type OrganisationSummary,
} from './organisations.ts';
import { ORG_KINDS } from './service.ts';
import { createApiToken, listApiTokens, revokeApiToken, type ApiTokenInfo } from './tokens.ts';

const DateTime = Type.String({ format: 'date-time' });
const Role = Type.Unsafe<OrgRole>({ type: 'string', enum: [...ORG_ROLES], description: 'Role in the organisation' });
const Kind = Type.Unsafe<(typeof ORG_KINDS)[number]>({ type: 'string', enum: [...ORG_KINDS] });
const Slug = Type.String({ minLength: 1, maxLength: 64, description: 'Web address of the organisation' });
const Uuid = Type.String({ format: 'uuid' });

const Me = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  emailConfirmed: Type.Boolean(),
  isOperator: Type.Boolean(),
  locale: Type.Union([Type.String(), Type.Null()]),
});

const Organisation = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  website: Type.Union([Type.String(), Type.Null()]),
  isDemo: Type.Boolean(),
  createdAt: DateTime,
  role: Type.Union([Role, Type.Null()], { description: 'Your role; null for the operator when not a member' }),
  memberCount: Type.Integer(),
});

const NewOrganisation = Type.Object(
  {
    slug: Type.String({ maxLength: 64, description: 'Lowercase letters, digits and hyphens' }),
    name: Type.String({ maxLength: 200 }),
    kind: Type.Optional(Kind),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    website: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);

const MemberSchema = Type.Object({ userId: Uuid, name: Type.String(), email: Type.String(), role: Role, joinedAt: DateTime });
const Invitation = Type.Object({ id: Uuid, email: Type.String(), role: Role, expiresAt: DateTime, createdAt: DateTime });
const NewInvitation = Type.Object({ email: Type.String({ maxLength: 320 }), role: Role }, { additionalProperties: false });
const RoleChange = Type.Object({ role: Role }, { additionalProperties: false });

const Token = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'First characters of the token, to recognise it' }),
  createdAt: DateTime,
  lastUsedAt: Type.Union([DateTime, Type.Null()]),
});
const NewToken = Type.Composite([
  Token,
  Type.Object({ token: Type.String({ description: 'The token itself: shown only in this response' }) }),
]);
const TokenBody = Type.Object({ name: Type.String({ maxLength: 100 }) }, { additionalProperties: false });

const List = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item) });

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

function organisationJson(o: OrganisationSummary): Static<typeof Organisation> {
  return {
    id: o.id,
    slug: o.slug,
    name: o.name,
    kind: o.kind,
    description: o.description,
    website: o.website,
    isDemo: o.isDemo,
    createdAt: iso(o.createdAt),
    role: o.role,
    memberCount: o.memberCount,
  };
}

const memberJson = (m: Member): Static<typeof MemberSchema> => ({
  userId: m.userId,
  name: m.name,
  email: m.email,
  role: m.role,
  joinedAt: iso(m.joinedAt),
});
const invitationJson = (i: InvitationInfo): Static<typeof Invitation> => ({
  id: i.id,
  email: i.email,
  role: i.role,
  expiresAt: iso(i.expiresAt),
  createdAt: iso(i.createdAt),
});
const tokenJson = (t: ApiTokenInfo): Static<typeof Token> => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: iso(t.createdAt),
  lastUsedAt: t.lastUsedAt ? iso(t.lastUsedAt) : null,
});

const tags = ['accounts'];

/** The accounts and organisations part of the JSON API, under /api/v1. Every route needs a signed-in person. */
export async function accountsApi(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(
    async (plugin) => {
      const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
      // Refuse signed-out calls before the body is even read.
      app.addHook('onRequest', async (request) => {
        requireUser(request);
      });

      app.get('/me', { schema: { tags, summary: 'The signed-in person', response: { 200: Me } } }, async (request) => {
        const user = requireUser(request);
        return {
          id: user.id,
          email: user.email,
          name: user.name,
          emailConfirmed: user.emailConfirmed,
          isOperator: user.isOperator,
          locale: user.locale,
        };
      });

      app.get(
        '/organisations',
        { schema: { tags, summary: 'Your organisations (the operator: all organisations)', response: { 200: List(Organisation) } } },
        async (request) => ({ items: (await listVisibleOrganisations(ctx, requireUser(request))).map(organisationJson) }),
      );

      app.post(
        '/organisations',
        {
          schema: {
            tags,
            summary: 'Create an organisation; you become its owner (needs a confirmed email address)',
            body: NewOrganisation,
            response: { 201: Organisation },
          },
        },
        async (request, reply) => {
          const user = requireUser(request);
          const body = request.body;
          const org = await createOrganisationAs(ctx, user, { ...body, kind: body.kind as string | undefined });
          return reply.code(201).send(organisationJson(await getOrganisation(ctx, user, org.id)));
        },
      );

      app.get(
        '/organisations/:slug',
        {
          schema: {
            tags,
            summary: 'One organisation (members and the operator)',
            params: Type.Object({ slug: Slug }),
            response: { 200: Organisation },
          },
        },
        async (request) => organisationJson(await getOrganisation(ctx, requireUser(request), request.params.slug)),
      );

      app.get(
        '/organisations/:slug/members',
        {
          schema: {
            tags,
            summary: 'Members of an organisation with their roles',
            params: Type.Object({ slug: Slug }),
            response: { 200: List(MemberSchema) },
          },
        },
        async (request) => ({ items: (await listMembers(ctx, requireUser(request), request.params.slug)).map(memberJson) }),
      );

      app.post(
        '/organisations/:slug/invitations',
        {
          // Each call sends a mail to an address of the caller's choosing.
          config: { rateLimit: app.authRateLimit },
          schema: {
            tags,
            summary: 'Invite someone by email with a role (owners and admins); the invitation is mailed',
            params: Type.Object({ slug: Slug }),
            body: NewInvitation,
            response: { 201: Invitation },
          },
        },
        async (request, reply) => {
          const user = requireUser(request);
          const lang = request.lang;
          const i = await inviteMember(
            ctx,
            user,
            request.params.slug,
            { email: request.body.email, role: request.body.role as string },
            lang,
          );
          return reply.code(201).send(invitationJson(i));
        },
      );

      app.get(
        '/organisations/:slug/invitations',
        {
          schema: {
            tags,
            summary: 'Open invitations: not accepted and not expired (owners and admins)',
            params: Type.Object({ slug: Slug }),
            response: { 200: List(Invitation) },
          },
        },
        async (request) => ({
          items: (await listPendingInvitations(ctx, requireUser(request), request.params.slug)).map(invitationJson),
        }),
      );

      app.delete(
        '/organisations/:slug/invitations/:id',
        {
          schema: {
            tags,
            summary: 'Revoke an invitation not yet accepted; its link stops working (owners and admins)',
            params: Type.Object({ slug: Slug, id: Uuid }),
            response: { 204: Type.Null() },
          },
        },
        async (request, reply) => {
          await revokeInvitation(ctx, requireUser(request), request.params.slug, request.params.id);
          return reply.code(204).send(null);
        },
      );

      app.post(
        '/organisations/:slug/invitations/:id/resend',
        {
          config: { rateLimit: app.authRateLimit },
          schema: {
            tags,
            summary: 'Mail an invitation again with a new link, valid 7 more days; the old link stops working (owners and admins)',
            params: Type.Object({ slug: Slug, id: Uuid }),
            response: { 200: Invitation },
          },
        },
        async (request) =>
          invitationJson(await resendInvitation(ctx, requireUser(request), request.params.slug, request.params.id, request.lang)),
      );

      app.patch(
        '/organisations/:slug/members/:userId',
        {
          schema: {
            tags,
            summary: 'Change the role of a member (owners and admins; only owners touch owners)',
            params: Type.Object({ slug: Slug, userId: Uuid }),
            body: RoleChange,
            response: { 200: MemberSchema },
          },
        },
        async (request) =>
          memberJson(
            await changeMemberRole(ctx, requireUser(request), request.params.slug, request.params.userId, request.body.role as string),
          ),
      );

      app.delete(
        '/organisations/:slug/members/:userId',
        {
          schema: {
            tags,
            summary: 'Remove a member (owners and admins; never the last owner)',
            params: Type.Object({ slug: Slug, userId: Uuid }),
            response: { 204: Type.Null() },
          },
        },
        async (request, reply) => {
          await removeMember(ctx, requireUser(request), request.params.slug, request.params.userId);
          return reply.code(204).send(null);
        },
      );

      app.get(
        '/tokens',
        { schema: { tags, summary: 'Your API tokens (never the tokens themselves)', response: { 200: List(Token) } } },
        async (request) => ({
          items: (await listApiTokens(ctx.db, requireUser(request).id)).map(tokenJson),
        }),
      );

      app.post(
        '/tokens',
        {
          schema: {
            tags,
            summary: 'Create an API token; only with a browser session, a token cannot create tokens',
            body: TokenBody,
            response: { 201: NewToken },
          },
        },
        async (request, reply) => {
          const user = requireUser(request);
          if (request.authMethod !== 'session') throw E.tokenNeedsSession();
          const created = await createApiToken(ctx.db, user.id, request.body.name);
          return reply.code(201).send({ ...tokenJson(created), token: created.token });
        },
      );

      app.delete(
        '/tokens/:id',
        { schema: { tags, summary: 'Revoke one of your API tokens', params: Type.Object({ id: Uuid }), response: { 204: Type.Null() } } },
        async (request, reply) => {
          await revokeApiToken(ctx.db, requireUser(request).id, request.params.id);
          return reply.code(204).send(null);
        },
      );
    },
    { prefix: '/api/v1' },
  );
}
