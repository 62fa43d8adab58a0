import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { findSkillId, listCollections, occupationNames } from '../../skills/api.ts';
import { occupationPicker, searchText, skillPicker } from '../pickers.ts';
import type { FormErrors } from '../../platform/pages/forms.tsx';
import { E } from '../errors.ts';
import { type FilterInput, filterQuery, readFilters } from '../filters.ts';
import { type FilterChoices, PAGES, type PageName, ViewPage } from '../pages/view.tsx';
import { nameIn } from '../views.ts';
import { reportOrganisations } from '../reports.ts';
import { pageSections } from '../sections.ts';
import { isView, runView, toCsv } from '../views.ts';

/** The query string of a page: the filters, and what was typed to find a skill or an occupation. */
type PageInput = FilterInput & { skillSearch?: string; occupationSearch?: string; find?: string };

/** The page's address with the query as it came, leaving out `name` (and what was typed for it). */
function without(page: PageName, input: PageInput, name: 'skill' | 'occupation'): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(input))
    if (k !== name && k !== `${name}Search` && k !== 'find' && typeof v === 'string' && v !== '') q.set(k, v);
  const s = q.toString();
  return `/insight/${page}${s ? `?${s}` : ''}`;
}

async function choices(
  ctx: AppContext,
  request: FastifyRequest,
  page: PageName,
  input: PageInput,
  chosen: { skill: string | null; occupation: string | null },
  typed: { skill: string; occupation: string },
): Promise<FilterChoices> {
  const { items } = await listCollections(ctx, request.user, { limit: 200 });
  return {
    groups: items.map((c) => ({ value: c.id, label: nameIn(c.name as Record<string, string>, request.lang) })),
    skill: await skillPicker(ctx, request.user, chosen.skill, typed.skill, request.lang),
    occupation: await occupationPicker(ctx, chosen.occupation, typed.occupation, request.lang),
    remove: { skill: without(page, input, 'skill'), occupation: without(page, input, 'occupation') },
  };
}

/** A field's message, or the error thrown again when it is not about a field. */
function messages(request: FastifyRequest, error: unknown): FormErrors {
  const found = fieldMessages(request.t, error);
  if (!found) throw error;
  return found;
}

async function showPage(ctx: AppContext, request: FastifyRequest<{ Querystring: PageInput }>, reply: FastifyReply, page: PageName) {
  if (!request.user) throw PlatformErrors.unauthorized();
  const input = request.query ?? {};
  let errors: FormErrors = {};
  const typed = { skill: '', occupation: '' };
  for (const name of ['skill', 'occupation'] as const) {
    try {
      typed[name] = searchText(input[`${name}Search`], `${name}Search`);
    } catch (error) {
      errors = { ...errors, ...messages(request, error) };
    }
  }
  let filters: Awaited<ReturnType<typeof readFilters>> | null = null;
  try {
    filters = await readFilters(ctx, request.user, input);
  } catch (error) {
    errors = { ...errors, ...messages(request, error) };
  }
  if (!filters || Object.keys(errors).length) {
    // The skill and occupation chosen stay chosen when another filter was refused.
    const skill = !errors.skill && input.skill ? await findSkillId(ctx, String(input.skill).slice(0, 500)) : null;
    const occupation =
      !errors.occupation && input.occupation ? ((await occupationNames(ctx.db, [String(input.occupation)]))[0]?.id ?? null) : null;
    return reply.page(
      <ViewPage
        request={request}
        page={page}
        input={input}
        errors={errors}
        sections={[]}
        query=""
        period={null}
        choices={await choices(ctx, request, page, input, { skill, occupation }, typed)}
      />,
      400,
    );
  }
  const sections = await pageSections(ctx, request, page, filters);
  const picked = await choices(ctx, request, page, input, { skill: filters.skill, occupation: filters.occupation }, typed);
  const period = [
    request.t('insight:filters.period', {
      from: formatDate(request, new Date(`${filters.from}T00:00:00Z`), { timeZone: 'UTC' }),
      to: formatDate(request, new Date(`${filters.to}T00:00:00Z`), { timeZone: 'UTC' }),
    }),
    ...(['skill', 'occupation'] as const).flatMap((name) => {
      const chosen = picked[name].chosen;
      return chosen ? [request.t(`insight:filters.chosen_${name}`, { name: chosen.name })] : [];
    }),
  ].join(' · ');
  const shown: FilterInput = { ...input, from: filters.from, to: filters.to };
  return reply.page(
    <ViewPage
      request={request}
      page={page}
      input={shown}
      sections={sections}
      query={filterQuery(filters)}
      period={period}
      choices={picked}
      canReport={(await reportOrganisations(ctx, request.user)).length > 0}
    />,
  );
}

/** The pages of insight (`/insight/<page>`) and the exports of every view (`/insight/export/<view>.<csv|json>`). */
export function viewRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const page of PAGES)
    app.get<{ Querystring: PageInput }>(`/insight/${page}`, async (request, reply) => showPage(ctx, request, reply, page));

  app.get<{ Params: { view: string; format: string }; Querystring: FilterInput }>(
    '/insight/export/:view.:format',
    async (request, reply) => {
      if (!request.user) throw PlatformErrors.unauthorized();
      const { view, format } = request.params;
      if (!isView(view)) throw PlatformErrors.notFound();
      if (format !== 'csv' && format !== 'json') throw E.badFormat('format');
      const filters = await readFilters(ctx, request.user, request.query ?? {});
      const result = await runView(ctx, request.user, view, filters, request.lang);
      const name = `insight-${view}-${filters.from}-${filters.to}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(result));
      return reply
        .type('application/json; charset=utf-8')
        .send({ view, filters, columns: result.columns, rows: result.rows, totals: result.totals });
    },
  );
}
