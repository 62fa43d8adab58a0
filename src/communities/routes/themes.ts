import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { themeAttendance } from '../attendance.ts';
import { accessCommunity } from '../communities.ts';
import { ThemeAttendanceSection } from '../pages/attendance.tsx';
import { ThemeFormPage, type ThemeFormValues, ThemePage } from '../pages/themes.tsx';
import { themeSections } from '../sections.ts';
import {
  accessTheme,
  addGoal,
  createTheme,
  listGoals,
  removeGoal,
  type ThemeInput,
  type ThemeRow,
  themeSkills,
  themeTimeline,
  updateGoal,
  updateTheme,
} from '../themes.ts';
import { formError, formFields } from './communities.ts';

const FIELDS = ['title', 'why', 'what', 'how', 'startsOn', 'endsOn', 'skill', 'skills'] as const;

const lines = (text?: string) =>
  (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function formValues(request: FastifyRequest): ThemeFormValues {
  const { skill, ...rest } = formFields(request, FIELDS);
  return { ...rest, chosenSkills: skill };
}

export function themeInput(values: ThemeFormValues): ThemeInput {
  return { ...values, skills: [...lines(values.chosenSkills), ...lines(values.skills)] };
}

const valuesOf = (theme: ThemeRow): ThemeFormValues => ({
  title: theme.title,
  why: theme.why,
  what: theme.what,
  how: theme.how,
  startsOn: theme.starts_on ?? '',
  endsOn: theme.ends_on ?? '',
  chosenSkills: theme.skill_ids.join('\n'),
});

/** Themes: adding and changing one (Why, What, How, period, skills), its page with goals and timeline. */
export function themeRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>('/communities/:slug/themes/new', async (request, reply) => {
    const { community } = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
    return reply.page(ThemeFormPage({ request, community, values: {} }));
  });

  app.post<{ Params: { slug: string } }>('/communities/:slug/themes/new', async (request, reply) => {
    const user = requireUser(request);
    const { community } = await accessCommunity(ctx, user, request.params.slug, 'facilitator');
    const values = formValues(request);
    try {
      const theme = await createTheme(ctx, user, community.id, themeInput(values));
      reply.flash('success', request.t('communities:theme.created'));
      return reply.redirect(`/communities/themes/${theme.id}`, 303);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(ThemeFormPage({ request, community, values, errors }), (error as AppError).status);
    }
  });

  const themePage = async (request: FastifyRequest, id: string, errors?: Record<string, string>) => {
    const user = requireUser(request);
    const { theme, access } = await accessTheme(ctx, user, id, 'see');
    const [goals, skills, timeline, sections] = [
      await listGoals(ctx, theme.id),
      await themeSkills(ctx, user, theme.skill_ids, request.lang),
      await themeTimeline(ctx, theme, access),
      [
        access.isMember ? ThemeAttendanceSection({ request, data: await themeAttendance(ctx, theme.id) }) : '',
        ...(await themeSections(ctx, request, access, theme.id)),
      ],
    ];
    return ThemePage({ request, access, theme, goals, skills, timeline, sections, errors });
  };

  app.get<{ Params: { id: string } }>('/communities/themes/:id', async (request, reply) =>
    reply.page(await themePage(request, request.params.id)),
  );

  app.get<{ Params: { id: string } }>('/communities/themes/:id/edit', async (request, reply) => {
    const { theme, access } = await accessTheme(ctx, requireUser(request), request.params.id, 'facilitator');
    return reply.page(ThemeFormPage({ request, community: access.community, theme, values: valuesOf(theme) }));
  });

  app.post<{ Params: { id: string } }>('/communities/themes/:id/edit', async (request, reply) => {
    const user = requireUser(request);
    const { theme, access } = await accessTheme(ctx, user, request.params.id, 'facilitator');
    const values = formValues(request);
    try {
      await updateTheme(ctx, user, theme.id, themeInput(values));
      reply.flash('success', request.t('communities:form.saved'));
      return reply.redirect(`/communities/themes/${theme.id}`, 303);
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(ThemeFormPage({ request, community: access.community, theme, values, errors }), (error as AppError).status);
    }
  });

  app.post<{ Params: { id: string } }>('/communities/themes/:id/goals', async (request, reply) => {
    try {
      await addGoal(ctx, requireUser(request), request.params.id, formFields(request, ['title', 'progress'] as const));
    } catch (error) {
      const errors = formError(request, error);
      return reply.page(await themePage(request, request.params.id, errors), (error as AppError).status);
    }
    return reply.redirect(`/communities/themes/${request.params.id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/communities/goals/:id', async (request, reply) => {
    const goal = await updateGoal(ctx, requireUser(request), request.params.id, formFields(request, ['progress'] as const));
    reply.flash('success', request.t('communities:form.saved'));
    return reply.redirect(`/communities/themes/${goal.theme_id}`, 303);
  });

  app.post<{ Params: { id: string } }>('/communities/goals/:id/remove', async (request, reply) => {
    const themeId = await removeGoal(ctx, requireUser(request), request.params.id);
    return reply.redirect(`/communities/themes/${themeId}`, 303);
  });
}
