import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import type { Locale } from '../platform/module.ts';
import { communityMoreApi } from './api-routes-community.ts';
import { sessionWorkApi } from './api-routes-session.ts';
import { type ActionItem, actionsOfSession, carriedActions, createAction, myActions, updateAction } from './actions.ts';
import { checkIn, markAttendance, sessionAttendance } from './attendance.ts';
import { accessCommunity, type CommunityRow, createCommunity, isUuid, listCommunities, updateCommunity } from './communities.ts';
import { E } from './errors.ts';
import { communityOverview, listMembers, personNames } from './overview.ts';
import type { ThemeRow } from './overview.ts';
import {
  accessSession,
  agendaOf,
  createSession,
  listRegistrations,
  register,
  registrationOf,
  type SessionRow,
  unregister,
  updateSession,
} from './sessions.ts';
import { accessTheme, createTheme, listGoals, updateTheme } from './themes.ts';

const Str = (max: number, description?: string) => Type.String({ maxLength: max, description });
const Opt = <T extends Parameters<typeof Type.Optional>[0]>(t: T) => Type.Optional(t);
const tags = ['communities'];
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function communityJson(c: CommunityRow) {
  return {
    id: c.id,
    slug: c.slug,
    organisationId: c.organisation_id,
    name: c.name,
    purpose: c.purpose,
    visibility: c.visibility,
    province: c.province,
    municipality: c.municipality,
    url: `/communities/${c.slug}`,
  };
}

function themeJson(t: ThemeRow, goals: { id: string; title: string; progress: number }[] = []) {
  return {
    id: t.id,
    communityId: t.community_id,
    title: t.title,
    why: t.why,
    what: t.what,
    how: t.how,
    startsOn: t.starts_on,
    endsOn: t.ends_on,
    skillIds: t.skill_ids,
    goals: goals.map((g) => ({ id: g.id, title: g.title, progress: g.progress })),
  };
}

function sessionJson(s: SessionRow) {
  return {
    id: s.id,
    communityId: s.community_id,
    themeId: s.theme_id,
    kind: s.kind,
    title: s.title,
    description: s.description,
    template: s.template,
    startsAt: iso(s.starts_at),
    endsAt: iso(s.ends_at),
    timeZone: s.time_zone,
    place: s.place,
    onlineUrl: s.online_url,
    capacity: s.capacity,
    cancelled: s.cancelled_at !== null,
    url: `/communities/sessions/${s.id}`,
    calendar: `/communities/sessions/${s.id}/calendar.ics`,
  };
}

function actionJson(a: ActionItem) {
  return {
    id: a.id,
    communityId: a.community_id,
    sessionId: a.session_id,
    themeId: a.theme_id,
    title: a.title,
    ownerId: a.owner_user_id,
    ownerName: a.ownerName,
    dueOn: a.due_on,
    status: a.status,
    doneAt: iso(a.done_at),
  };
}

const EarnedBadge = Type.Object({
  credentialId: Type.String(),
  name: Type.String(),
  url: Type.String({ description: 'The credential’s public page' }),
});

function earnedJson(a: { credentialId: string; name: string; url: string }) {
  return { credentialId: a.credentialId, name: a.name, url: a.url };
}

const CommunityBody = {
  name: Opt(Str(200)),
  purpose: Opt(Str(5000)),
  visibility: Opt(Type.String({ description: 'open, request or invitation' })),
  province: Opt(Type.Union([Str(100), Type.Null()], { description: 'A Dutch province: whose vacancies the themes’ demand reads' })),
  municipality: Opt(Type.Union([Str(100), Type.Null()])),
};
const ThemeBody = {
  title: Opt(Str(200)),
  why: Opt(Str(5000)),
  what: Opt(Str(5000)),
  how: Opt(Str(5000)),
  startsOn: Opt(Str(10, 'YYYY-MM-DD')),
  endsOn: Opt(Str(10, 'YYYY-MM-DD')),
  skills: Opt(Type.Array(Str(2000), { maxItems: 50, description: 'Library skill ids, skill URLs or ESCO URIs' })),
};
const SessionBody = {
  kind: Opt(Type.String({ description: 'community, clinic, reflection, hackathon, open-space, network or webinar' })),
  title: Opt(Str(200)),
  description: Opt(Str(5000)),
  theme: Opt(Str(100, 'A theme id of the community')),
  date: Opt(Str(10, 'YYYY-MM-DD, in the time zone')),
  startTime: Opt(Str(5, 'HH:MM')),
  endTime: Opt(Str(5, 'HH:MM')),
  timeZone: Opt(Str(64, 'IANA time zone, default Europe/Amsterdam')),
  place: Opt(Str(500)),
  onlineUrl: Opt(Str(2000)),
  capacity: Opt(Type.Union([Type.Integer(), Type.Null()])),
};
const ActionBody = {
  title: Opt(Str(500)),
  owner: Opt(Str(100, 'A member’s user id')),
  dueOn: Opt(Str(10, 'YYYY-MM-DD')),
  status: Opt(Type.String({ description: 'open, done or dropped' })),
};

/** A session of the community named in the path (404 when it belongs to another). */
async function sessionIn(ctx: AppContext, user: CurrentUser, slug: string, id: string, need: 'see' | 'member' | 'facilitator') {
  const found = await accessSession(ctx, user, id, need);
  if (found.access.community.slug !== slug && found.access.community.id !== slug) throw E.sessionNotFound();
  return found;
}

/**
 * The JSON API of communities (`/api/v1/communities/...`): communities, themes, sessions with their
 * agenda and registrations, attendance and check-in, action items. The same services and rules as
 * the pages. More in api-routes-community.ts (templates, a theme and its attendance, badge rules,
 * the directory, calls) and api-routes-session.ts (questions, breakouts, notes, clinic, open space);
 * part B adds reports and the knowledge base under the same prefix.
 */
export async function communitiesApi(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<TypeBoxTypeProvider>();
      const Slug = Type.Object({ slug: Str(200) });
      const SlugId = Type.Object({ slug: Str(200), id: Str(100) });

      api.get('/communities', { schema: { tags, summary: 'The communities you can see: yours first' } }, async (request) => {
        const items = await listCommunities(ctx, requireUser(request));
        return { items: items.map((i) => ({ ...communityJson(i.community), role: i.role, members: i.members })) };
      });

      api.post(
        '/communities',
        {
          schema: {
            tags,
            summary: 'Start a community (owners and admins of the organisation); you become its facilitator',
            body: Type.Object({ organisation: Str(200, 'Slug or id'), ...CommunityBody }, { additionalProperties: false }),
          },
        },
        async (request, reply) => reply.status(201).send(communityJson(await createCommunity(ctx, requireUser(request), request.body))),
      );

      api.get('/communities/my-actions', { schema: { tags, summary: 'Your action items in every community' } }, async (request) => ({
        items: (await myActions(ctx, requireUser(request).id)).map(actionJson),
      }));

      api.get(
        '/communities/:slug',
        { schema: { tags, summary: 'A community: its themes, sessions and (for members) members', params: Slug } },
        async (request) => {
          const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'see');
          const overview = await communityOverview(ctx, access);
          return {
            ...communityJson(access.community),
            membership: access.membership
              ? { role: access.membership.role, status: access.membership.status, core: access.membership.core }
              : null,
            themes: overview.themes.map((t) => themeJson(t)),
            upcoming: overview.upcoming.map(sessionJson),
            past: overview.past.map(sessionJson),
            members: overview.members.map((m) => ({ userId: m.userId, name: m.name, role: m.role, angle: m.angle, core: m.core })),
          };
        },
      );

      api.patch(
        '/communities/:slug',
        {
          schema: {
            tags,
            summary: 'Change a community (facilitators)',
            params: Slug,
            body: Type.Object(CommunityBody, { additionalProperties: false }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          const { community } = await accessCommunity(ctx, user, request.params.slug, 'facilitator');
          return communityJson(
            await updateCommunity(ctx, user, community.id, {
              name: community.name,
              purpose: community.purpose,
              visibility: community.visibility,
              province: community.province,
              municipality: community.municipality,
              ...request.body,
            }),
          );
        },
      );

      api.get('/communities/:slug/themes', { schema: { tags, summary: 'The themes of a community', params: Slug } }, async (request) => {
        const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'see');
        const themes = await ctx.db
          .selectFrom('community_themes')
          .selectAll()
          .where('community_id', '=', access.community.id)
          .orderBy('created_at', 'desc')
          .execute();
        return { items: await Promise.all(themes.map(async (t) => themeJson(t, await listGoals(ctx, t.id)))) };
      });

      api.post(
        '/communities/:slug/themes',
        {
          schema: {
            tags,
            summary: 'Add a theme: Why, What, How, period and library skills (facilitators)',
            params: Slug,
            body: Type.Object(ThemeBody, { additionalProperties: false }),
          },
        },
        async (request, reply) =>
          reply.status(201).send(themeJson(await createTheme(ctx, requireUser(request), request.params.slug, request.body))),
      );

      api.patch(
        '/communities/:slug/themes/:id',
        {
          schema: {
            tags,
            summary: 'Change a theme (facilitators)',
            params: SlugId,
            body: Type.Object(ThemeBody, { additionalProperties: false }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          const { theme, access } = await accessTheme(ctx, user, request.params.id, 'facilitator');
          if (access.community.slug !== request.params.slug) throw E.themeNotFound();
          const current = {
            title: theme.title,
            why: theme.why,
            what: theme.what,
            how: theme.how,
            startsOn: theme.starts_on ?? '',
            endsOn: theme.ends_on ?? '',
            skills: theme.skill_ids,
          };
          const updated = await updateTheme(ctx, user, theme.id, { ...current, ...request.body });
          return themeJson(updated, await listGoals(ctx, updated.id));
        },
      );

      api.get(
        '/communities/:slug/sessions',
        { schema: { tags, summary: 'The sessions of a community, soonest first', params: Slug } },
        async (request) => {
          const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'see');
          const rows = await ctx.db
            .selectFrom('community_sessions')
            .selectAll()
            .where('community_id', '=', access.community.id)
            .orderBy('starts_at')
            .execute();
          return { items: rows.map(sessionJson) };
        },
      );

      api.post(
        '/communities/:slug/sessions',
        {
          schema: {
            tags,
            summary: 'Plan a session from a template (facilitators): builtin:<kind> or a saved template id',
            params: Slug,
            body: Type.Object(
              { template: Str(100), ...SessionBody, lang: Opt(Type.Union([Type.Literal('nl'), Type.Literal('en')])) },
              { additionalProperties: false },
            ),
          },
        },
        async (request, reply) => {
          const { lang, capacity, ...input } = request.body;
          const session = await createSession(
            ctx,
            requireUser(request),
            request.params.slug,
            { ...input, capacity: capacity ?? null },
            (lang ?? request.lang) as Locale,
          );
          return reply.status(201).send(sessionJson(session));
        },
      );

      api.get(
        '/communities/:slug/sessions/:id',
        { schema: { tags, summary: 'A session with its agenda and, for members, registrations and action items', params: SlugId } },
        async (request) => {
          const user = requireUser(request);
          const { session, access } = await sessionIn(ctx, user, request.params.slug, request.params.id, 'see');
          const agenda = await agendaOf(ctx, session);
          return {
            ...sessionJson(session),
            agenda: agenda.map((a) => ({
              id: a.id,
              title: a.title,
              minutes: a.minutes,
              startsAt: a.startsAt.toISOString(),
              lead: a.leadName,
            })),
            registration: (await registrationOf(ctx, session.id, user.id))?.status ?? null,
            registrations: access.isMember
              ? (await listRegistrations(ctx, session.id)).map((r) => ({ userId: r.userId, name: r.name, status: r.status }))
              : [],
            carriedActions: access.isMember ? (await carriedActions(ctx, session)).map(actionJson) : [],
            actions: access.isMember ? (await actionsOfSession(ctx, session.id)).map(actionJson) : [],
          };
        },
      );

      api.patch(
        '/communities/:slug/sessions/:id',
        {
          schema: {
            tags,
            summary: 'Change a session (facilitators); send every field of the form',
            params: SlugId,
            body: Type.Object(SessionBody, { additionalProperties: false }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          const { session } = await sessionIn(ctx, user, request.params.slug, request.params.id, 'facilitator');
          const { capacity, ...rest } = request.body;
          return sessionJson(await updateSession(ctx, user, session.id, { kind: session.kind, ...rest, capacity: capacity ?? null }));
        },
      );

      api.post(
        '/communities/:slug/sessions/:id/registration',
        { schema: { tags, summary: 'Register (members): registered, or waiting when full', params: SlugId } },
        async (request) => {
          const user = requireUser(request);
          await sessionIn(ctx, user, request.params.slug, request.params.id, 'member');
          return { status: await register(ctx, user, request.params.id) };
        },
      );

      api.delete(
        '/communities/:slug/sessions/:id/registration',
        { schema: { tags, summary: 'Cancel your registration; the first waiting gets the place', params: SlugId } },
        async (request, reply) => {
          const user = requireUser(request);
          await sessionIn(ctx, user, request.params.slug, request.params.id, 'see');
          await unregister(ctx, user, request.params.id);
          return reply.status(204).send();
        },
      );

      api.get(
        '/communities/:slug/sessions/:id/attendance',
        { schema: { tags, summary: 'Who attended (members)', params: SlugId } },
        async (request) => {
          const { session } = await sessionIn(ctx, requireUser(request), request.params.slug, request.params.id, 'member');
          const rows = await sessionAttendance(ctx, session);
          return {
            items: rows.map((r) => ({
              userId: r.userId,
              name: r.name,
              present: r.present,
              method: r.method,
              checkedInAt: iso(r.checkedInAt),
              contributions: r.contributions,
            })),
          };
        },
      );

      api.post(
        '/communities/:slug/sessions/:id/attendance',
        {
          schema: {
            tags,
            summary: 'Mark a member present or absent, and what they contributed (facilitators)',
            params: SlugId,
            body: Type.Object(
              { userId: Str(100), present: Type.Boolean(), contributions: Opt(Type.Array(Str(40), { maxItems: 5 })) },
              { additionalProperties: false },
            ),
          },
        },
        async (request, reply) => {
          const user = requireUser(request);
          await sessionIn(ctx, user, request.params.slug, request.params.id, 'facilitator');
          await markAttendance(ctx, user, request.params.id, request.body);
          return reply.status(204).send();
        },
      );

      api.post(
        '/communities/:slug/sessions/:id/check-in',
        {
          config: { rateLimit: root.authRateLimit },
          schema: {
            tags,
            summary: 'Check in with the code shown in the room (members); answers the participation badges this earned at once',
            params: SlugId,
            body: Type.Object({ code: Str(20) }, { additionalProperties: false }),
            response: { 200: Type.Object({ checkedIn: Type.Boolean(), badges: Type.Array(EarnedBadge) }) },
          },
        },
        async (request) => {
          const user = requireUser(request);
          await sessionIn(ctx, user, request.params.slug, request.params.id, 'member');
          const earned = await checkIn(ctx, user, request.params.id, request.body.code);
          return { checkedIn: true, badges: earned.map(earnedJson) };
        },
      );

      api.get(
        '/communities/:slug/actions',
        { schema: { tags, summary: 'The action items of a community (members)', params: Slug } },
        async (request) => {
          const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'member');
          const sessions = await ctx.db
            .selectFrom('community_sessions')
            .select('id')
            .where('community_id', '=', access.community.id)
            .execute();
          const items: ActionItem[] = [];
          for (const s of sessions) items.push(...(await actionsOfSession(ctx, s.id)));
          return { items: items.map(actionJson) };
        },
      );

      api.post(
        '/communities/:slug/sessions/:id/actions',
        {
          schema: {
            tags,
            summary: 'Make an action item in a session (members)',
            params: SlugId,
            body: Type.Object(ActionBody, { additionalProperties: false }),
          },
        },
        async (request, reply) => {
          const user = requireUser(request);
          await sessionIn(ctx, user, request.params.slug, request.params.id, 'member');
          const action = await createAction(ctx, user, request.params.id, request.body);
          const [item] = (await actionsOfSession(ctx, request.params.id)).filter((a) => a.id === action.id);
          return reply.status(201).send(actionJson(item));
        },
      );

      api.patch(
        '/communities/:slug/actions/:id',
        {
          schema: {
            tags,
            summary: 'Change an action item (its owner, its maker, facilitators)',
            params: SlugId,
            body: Type.Object(ActionBody, { additionalProperties: false }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          const access = await accessCommunity(ctx, user, request.params.slug, 'member');
          const current = isUuid(request.params.id)
            ? await ctx.db.selectFrom('community_actions').select('community_id').where('id', '=', request.params.id).executeTakeFirst()
            : undefined;
          if (!current || current.community_id !== access.community.id) throw E.actionNotFound();
          const action = await updateAction(ctx, user, request.params.id, request.body);
          const names = await personNames(ctx, action.owner_user_id ? [action.owner_user_id] : []);
          return actionJson({
            ...action,
            ownerName: action.owner_user_id ? (names.get(action.owner_user_id) ?? null) : null,
            sessionTitle: null,
            communityName: access.community.name,
            communitySlug: access.community.slug,
          });
        },
      );

      api.get(
        '/communities/:slug/members',
        { schema: { tags, summary: 'The members of a community (members)', params: Slug } },
        async (request) => {
          const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'member');
          return {
            items: (await listMembers(ctx, access.community.id)).map((m) => ({
              userId: m.userId,
              name: m.name,
              role: m.role,
              angle: m.angle,
              core: m.core,
            })),
          };
        },
      );
    },
    { prefix: '/api/v1' },
  );
  await communityMoreApi(root, ctx);
  await sessionWorkApi(root, ctx);
}
