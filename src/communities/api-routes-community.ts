import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { requireUser } from '../platform/http/auth.ts';
import type { Locale } from '../platform/module.ts';
import { themeAttendance } from './attendance.ts';
import { createRule, evaluateRules, listRules, type RuleItem, type RuleRow, setRuleActive } from './badges.ts';
import { type CallRow, callOpen, decideApplication, listApplications, listCalls } from './calls.ts';
import { accessCommunity, isUuid } from './communities.ts';
import { memberDirectory } from './directory.ts';
import { E } from './errors.ts';
import { templateChoices } from './templates.ts';
import { accessTheme, listGoals } from './themes.ts';

const tags = ['communities'];
const Str = (max: number, description?: string) => Type.String({ maxLength: max, description });
const Slug = Type.Object({ slug: Str(200) });
const SlugId = Type.Object({ slug: Str(200), id: Str(100) });
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

function ruleJson(rule: RuleRow | RuleItem) {
  return {
    id: rule.id,
    communityId: rule.community_id,
    themeId: rule.theme_id,
    kind: rule.kind,
    threshold: rule.threshold,
    achievementId: rule.achievement_id,
    issuerId: rule.issuer_user_id,
    active: rule.active,
    ...('awards' in rule
      ? {
          themeTitle: rule.themeTitle,
          awards: rule.awards.map((a) => ({
            userId: a.userId,
            name: a.name,
            credentialId: a.credentialId,
            issuedAt: a.issuedAt.toISOString(),
          })),
        }
      : {}),
  };
}

function callJson(slug: string, call: CallRow) {
  return {
    id: call.id,
    communityId: call.community_id,
    title: call.title,
    description: call.description,
    questions: call.questions,
    closesOn: call.closes_on,
    open: callOpen(call),
    url: `/communities/calls/${call.id}`,
    applications: `/api/v1/communities/${encodeURIComponent(slug)}/calls/${call.id}/applications`,
  };
}

/**
 * More of the communities JSON API (`/api/v1/communities/:slug/…`): the templates sessions are
 * planned from, one theme and its attendance list, participation badge rules (list, add, pause,
 * run), the member directory, and calls for applications with their review. The same services and
 * checks as the pages.
 */
export async function communityMoreApi(root: FastifyInstance, ctx: AppContext): Promise<void> {
  await root.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<TypeBoxTypeProvider>();

      api.get(
        '/communities/:slug/templates',
        {
          schema: {
            tags,
            summary: 'The agenda templates a session is planned from: the built-in ones, then the community’s own (facilitators)',
            params: Slug,
            querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')])) }),
          },
        },
        async (request) => {
          const { community } = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
          const choices = await templateChoices(ctx, community.id, (request.query.lang ?? request.lang) as Locale);
          return {
            items: choices.map((t) => ({
              id: t.id,
              name: t.name,
              kind: t.kind,
              builtIn: t.id.startsWith('builtin:'),
              items: t.items.map((i) => ({ title: i.title, minutes: i.minutes })),
            })),
          };
        },
      );

      const themeIn = async (
        request: { params: { slug: string; id: string } },
        user: ReturnType<typeof requireUser>,
        need: 'see' | 'member',
      ) => {
        const found = await accessTheme(ctx, user, request.params.id, need);
        if (found.access.community.slug !== request.params.slug && found.access.community.id !== request.params.slug)
          throw E.themeNotFound();
        return found;
      };

      api.get(
        '/communities/:slug/themes/:id',
        { schema: { tags, summary: 'One theme: Why, What, How, goals with progress, library skills and its sessions', params: SlugId } },
        async (request) => {
          const { theme } = await themeIn(request, requireUser(request), 'see');
          const sessions = await ctx.db
            .selectFrom('community_sessions')
            .select(['id', 'title', 'kind', 'starts_at', 'cancelled_at'])
            .where('theme_id', '=', theme.id)
            .orderBy('starts_at')
            .execute();
          return {
            id: theme.id,
            communityId: theme.community_id,
            title: theme.title,
            why: theme.why,
            what: theme.what,
            how: theme.how,
            startsOn: theme.starts_on,
            endsOn: theme.ends_on,
            skillIds: theme.skill_ids,
            goals: (await listGoals(ctx, theme.id)).map((g) => ({ id: g.id, title: g.title, progress: g.progress })),
            sessions: sessions.map((s) => ({
              id: s.id,
              title: s.title,
              kind: s.kind,
              startsAt: iso(s.starts_at),
              cancelled: s.cancelled_at !== null,
            })),
          };
        },
      );

      api.get(
        '/communities/:slug/themes/:id/attendance',
        { schema: { tags, summary: 'Who attended which past session of a theme (members)', params: SlugId } },
        async (request) => {
          const { theme } = await themeIn(request, requireUser(request), 'member');
          const data = await themeAttendance(ctx, theme.id);
          return {
            sessions: data.sessions.map((s) => ({ id: s.id, title: s.title, startsAt: s.startsAt.toISOString() })),
            people: data.people.map((p) => ({ userId: p.userId, name: p.name, count: p.count, sessionIds: [...p.attended] })),
          };
        },
      );

      api.get(
        '/communities/:slug/badge-rules',
        { schema: { tags, summary: 'The participation badge rules and who earned each badge (facilitators)', params: Slug } },
        async (request) => {
          const { community } = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
          return { items: (await listRules(ctx, community.id)).map(ruleJson) };
        },
      );

      api.post(
        '/communities/:slug/badge-rules',
        {
          schema: {
            tags,
            summary:
              'Add a participation badge rule and its badge, aligned to the theme’s skills (facilitators who may issue for the community’s organisation)',
            params: Slug,
            body: Type.Object(
              {
                kind: Type.String({ description: 'attended, presented, led-breakout, clinic-solution or completed-year' }),
                threshold: Type.Optional(Type.Integer({ description: 'N: how many times (default 1)' })),
                theme: Type.Optional(Str(100, 'A theme id of the community: only its sessions count')),
                name: Str(200, 'The badge’s name'),
                description: Str(5000),
                criteriaNarrative: Type.Optional(Str(5000)),
              },
              { additionalProperties: false },
            ),
          },
        },
        async (request, reply) => {
          const rule = await createRule(ctx, requireUser(request), request.params.slug, request.body);
          return reply.status(201).send(ruleJson(rule));
        },
      );

      api.patch(
        '/communities/:slug/badge-rules/:id',
        {
          schema: {
            tags,
            summary: 'Pause or resume a rule (facilitators)',
            params: SlugId,
            body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          const { community } = await accessCommunity(ctx, user, request.params.slug, 'facilitator');
          const rule = isUuid(request.params.id)
            ? await ctx.db.selectFrom('community_badge_rules').select('community_id').where('id', '=', request.params.id).executeTakeFirst()
            : undefined;
          if (!rule || rule.community_id !== community.id) throw E.ruleNotFound();
          return ruleJson(await setRuleActive(ctx, user, request.params.id, request.body.active));
        },
      );

      api.post(
        '/communities/:slug/badge-rules/run',
        {
          schema: {
            tags,
            summary: 'Issue now every badge of this community’s active rules that members earned and do not have (facilitators)',
            params: Slug,
          },
        },
        async (request) => {
          const { community } = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
          const result = await evaluateRules(ctx, { communityId: community.id });
          return {
            issued: result.issued,
            failed: result.failed,
            badges: result.awarded.map((a) => ({
              ruleId: a.ruleId,
              userId: a.userId,
              credentialId: a.credentialId,
              name: a.name,
              url: a.url,
            })),
          };
        },
      );

      api.get(
        '/communities/:slug/directory',
        {
          schema: {
            tags,
            summary: 'Members who chose to be findable, with their organisations and the skills their badges verify (members)',
            params: Slug,
            querystring: Type.Object({
              skill: Type.Optional(Str(200, 'Part of a skill’s name')),
              organisation: Type.Optional(Str(200, 'An organisation’s slug')),
            }),
          },
        },
        async (request) => {
          const directory = await memberDirectory(ctx, requireUser(request), request.params.slug, request.query, request.lang);
          return {
            items: directory.entries.map((e) => ({
              userId: e.userId,
              name: e.name,
              role: e.role,
              angle: e.angle,
              organisations: e.organisations,
              skills: e.skills,
            })),
            organisations: directory.organisations,
            notListed: directory.hidden,
          };
        },
      );

      api.get(
        '/communities/:slug/calls',
        {
          schema: {
            tags,
            summary: 'Calls for applications: the open ones (facilitators see every call and how many applied)',
            params: Slug,
          },
        },
        async (request) => {
          const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'see');
          const calls = (await listCalls(ctx, access.community.id)).filter((c) => access.isFacilitator || callOpen(c));
          const counts = new Map<string, number>();
          if (access.isFacilitator && calls.length)
            for (const row of await ctx.db
              .selectFrom('community_applications')
              .select(['call_id', (eb) => eb.fn.countAll<string>().as('n')])
              .where(
                'call_id',
                'in',
                calls.map((c) => c.id),
              )
              .groupBy('call_id')
              .execute())
              counts.set(row.call_id, Number(row.n));
          return {
            items: calls.map((c) => ({
              ...callJson(access.community.slug, c),
              applicationCount: access.isFacilitator ? (counts.get(c.id) ?? 0) : null,
            })),
          };
        },
      );

      /** A call of the community named in the path (facilitators); another community's call is not found here. */
      const callIn = async (user: ReturnType<typeof requireUser>, slug: string, id: string) => {
        const access = await accessCommunity(ctx, user, slug, 'facilitator');
        const call = isUuid(id)
          ? await ctx.db
              .selectFrom('community_calls')
              .selectAll()
              .where('id', '=', id)
              .where('community_id', '=', access.community.id)
              .executeTakeFirst()
          : undefined;
        if (!call) throw E.callNotFound();
        return { call, access };
      };

      api.get(
        '/communities/:slug/calls/:id/applications',
        { schema: { tags, summary: 'The applications to a call with their answers (facilitators)', params: SlugId } },
        async (request) => {
          const { call } = await callIn(requireUser(request), request.params.slug, request.params.id);
          return {
            call: callJson(request.params.slug, call),
            items: (await listApplications(ctx, call.id)).map((a) => ({
              id: a.id,
              userId: a.user_id,
              name: a.name,
              answers: call.questions.map((question, i) => ({ question, answer: a.answers[i] ?? '' })),
              status: a.status,
              appliedAt: iso(a.created_at),
              reviewedAt: iso(a.reviewed_at),
            })),
          };
        },
      );

      api.post(
        '/communities/:slug/calls/:id/applications/:application',
        {
          schema: {
            tags,
            summary: 'Decide on an application (facilitators): select into the core group, admit as a member, or decline',
            params: Type.Object({ slug: Str(200), id: Str(100), application: Str(100) }),
            body: Type.Object({ decision: Type.String({ description: 'select, admit or decline' }) }, { additionalProperties: false }),
          },
        },
        async (request) => {
          const user = requireUser(request);
          const { call } = await callIn(user, request.params.slug, request.params.id);
          const application = isUuid(request.params.application)
            ? await ctx.db
                .selectFrom('community_applications')
                .select('call_id')
                .where('id', '=', request.params.application)
                .executeTakeFirst()
            : undefined;
          if (!application || application.call_id !== call.id) throw E.applicationNotFound();
          const decided = await decideApplication(ctx, user, request.params.application, request.body.decision);
          return { id: decided.id, userId: decided.user_id, status: decided.status, reviewedAt: iso(decided.reviewed_at) };
        },
      );
    },
    { prefix: '/api/v1' },
  );
}
