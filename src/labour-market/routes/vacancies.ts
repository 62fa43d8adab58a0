import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import type { AppError } from '../../platform/errors.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { fieldMessages } from '../../platform/http/problem.ts';
import { parsePeriod } from '../filters.ts';
import { PAGE_SIZE, type VacancyQuery, VacanciesPage } from '../pages/vacancies.tsx';
import { VacancyPage } from '../pages/vacancy.tsx';
import { vacancySections } from '../sections.ts';
import { managedOrganisations } from '../sources.ts';
import { getVacancy, listVacancies, vacancyFacets } from '../vacancies.ts';

const text = (value: unknown, max = 200) => (typeof value === 'string' ? value.slice(0, max) : undefined);

/** `/vacancies` (the list with its filters) and `/vacancies/:id` (one vacancy, its skills marked in the text). */
export function vacancyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/vacancies', async (request, reply) => {
    const user = requireUser(request);
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const query: VacancyQuery = {
      skill: text(raw.skill, 100),
      occupation: text(raw.occupation, 100),
      region: text(raw.region),
      from: text(raw.from, 10),
      to: text(raw.to, 10),
      source: text(raw.source, 100),
      current: raw.current === '1' ? '1' : undefined,
    };
    const page = Math.min(10_000, Math.max(1, Number.parseInt(text(raw.page, 6) ?? '1', 10) || 1));
    const managed = await managedOrganisations(ctx, user);
    const facets = await vacancyFacets(ctx, user);
    let period: { from?: Date; to?: Date } = {};
    let status = 200;
    let errors: Record<string, string> | undefined;
    try {
      period = parsePeriod(query.from, query.to);
    } catch (error) {
      errors = fieldMessages(request.t, error) ?? undefined;
      if (!errors) throw error;
      status = (error as AppError).status;
    }
    const result = errors
      ? { items: [], total: 0 }
      : await listVacancies(ctx, user, {
          skill: query.skill || undefined,
          occupation: query.occupation || undefined,
          region: query.region || undefined,
          source: query.source || undefined,
          current: query.current === '1',
          ...period,
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        });
    return reply.page(
      VacanciesPage({
        request,
        query: { ...query, page: String(page) },
        facets,
        ...result,
        page,
        errors,
        canManage: managed === null || managed.length > 0,
      }),
      status,
    );
  });

  app.get<{ Params: { id: string } }>('/vacancies/:id', async (request, reply) => {
    const detail = await getVacancy(ctx, requireUser(request), request.params.id);
    const v = detail.vacancy;
    const sections = await vacancySections(ctx, { id: v.id, organisationId: v.organisation_id, occupationId: v.occupation_id }, request);
    return reply.page(VacancyPage({ request, detail, sections }));
  });
}
