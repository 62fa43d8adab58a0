/**
 * The sections of each insight page: which views it shows, and each view's chart with its title
 * and the description screen readers hear (the figures in words).
 */
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.ts';
import { noHtml, type SafeHtml } from '../platform/pages/safe-html.ts';
import { barChart, lineChart } from './charts.ts';
import type { Filters } from './filters.ts';
import type { PageName, Section } from './pages/view.tsx';
import { runView, type ViewName, type ViewResult } from './views.ts';

export const PAGE_VIEWS: Record<PageName, ViewName[]> = {
  demand: ['skills', 'trend'],
  emerging: ['emerging'],
  cooccurrence: ['cooccurrence'],
  supply: ['supply', 'regions'],
  gaps: ['gaps'],
};

const num = (v: unknown) => (typeof v === 'number' ? v : null);

function periodLabel(request: FastifyRequest, period: string, interval: 'week' | 'month'): string {
  const d = new Date(`${period}T00:00:00Z`);
  const locale = request.lang === 'nl' ? 'nl-NL' : 'en-GB';
  return interval === 'month'
    ? new Intl.DateTimeFormat(locale, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(d)
    : new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d);
}

async function chartOf(request: FastifyRequest, result: ViewResult, f: Filters): Promise<{ svg: SafeHtml; description: string }> {
  const t = (key: string, vars?: Record<string, unknown>) => request.t(`insight:${key}`, vars);
  const rows = result.rows;
  const first = rows[0];
  const none = t('charts.none');
  switch (result.view) {
    case 'skills': {
      const description = first
        ? t('charts.skills', { count: rows.length, skill: first.skill, n: first.vacancies, total: result.totals.vacancies ?? 0 })
        : none;
      return {
        description,
        svg: await barChart(
          rows.map((r) => String(r.skill)),
          [{ name: t('columns.vacancies'), values: rows.map((r) => num(r.vacancies)) }],
          description,
        ),
      };
    }
    case 'trend': {
      const peak = rows.reduce((best, r) => ((num(r.vacancies) ?? 0) > (num(best?.vacancies) ?? -1) ? r : best), rows[0]);
      const description = peak
        ? t('charts.trend', {
            total: result.totals.vacancies ?? 0,
            peak: periodLabel(request, String(peak.period), f.interval),
            n: peak.vacancies,
          })
        : none;
      return {
        description,
        svg: await lineChart(
          rows.map((r) => periodLabel(request, String(r.period), f.interval)),
          [{ name: t('columns.vacancies'), values: rows.map((r) => num(r.vacancies)) }],
          description,
        ),
      };
    }
    case 'emerging': {
      const description = first
        ? t('charts.emerging', { count: rows.length, skill: first.skill, n: first.vacancies, baseline: first.baseline })
        : none;
      return {
        description,
        svg: await barChart(
          rows.map((r) => String(r.skill)),
          [
            { name: t('columns.vacancies'), values: rows.map((r) => num(r.vacancies)) },
            { name: t('columns.baseline'), values: rows.map((r) => num(r.baseline)) },
          ],
          description,
        ),
      };
    }
    case 'cooccurrence': {
      const description = first
        ? t('charts.cooccurrence', { count: Number(first.vacancies), a: first.skillA, b: first.skillB, n: first.vacancies })
        : none;
      return {
        description,
        svg: await barChart(
          rows.map((r) => `${r.skillA} + ${r.skillB}`),
          [{ name: t('columns.vacancies'), values: rows.map((r) => num(r.vacancies)) }],
          description,
        ),
      };
    }
    case 'supply':
    case 'regions': {
      const shown = rows.filter((r) => r.people !== null);
      const label = (r: (typeof rows)[number]) => (result.view === 'supply' ? String(r.skill) : String(r.province) || t('table.noRegion'));
      const description = shown[0]
        ? t(`charts.${result.view}`, { name: label(shown[0]), n: shown[0].people, hidden: rows.length - shown.length })
        : t('charts.allHidden');
      return {
        description,
        // Every count hidden: no chart at all (an empty axis says nothing).
        svg: shown.length
          ? await barChart(shown.map(label), [{ name: t('columns.people'), values: shown.map((r) => num(r.people)) }], description)
          : noHtml,
      };
    }
    case 'gaps': {
      const description = first ? t('charts.gaps', { count: rows.length, skill: first.skill, demand: first.demand, gap: first.gap }) : none;
      return {
        description,
        svg: await barChart(
          rows.map((r) => String(r.skill)),
          [
            { name: t('columns.demand'), values: rows.map((r) => num(r.demand)) },
            // A hidden count (fewer than 5) draws no bar rather than a false 0.
            { name: t('columns.supply'), values: rows.map((r) => num(r.supply)) },
          ],
          description,
        ),
      };
    }
  }
}

/** One view as a section (chart, description, table) under the filters: a page's, or a report's chart. */
export async function viewSection(ctx: AppContext, request: FastifyRequest, view: ViewName, f: Filters): Promise<Section> {
  const result = await runView(ctx, request.user, view, f, request.lang);
  const { svg, description } = await chartOf(request, result, f);
  return { result, svg, description, title: request.t(`insight:views.${view}`) };
}

/** The sections of a page under the filters. */
export async function pageSections(ctx: AppContext, request: FastifyRequest, page: PageName, f: Filters): Promise<Section[]> {
  const out: Section[] = [];
  for (const view of PAGE_VIEWS[page]) out.push(await viewSection(ctx, request, view, f));
  return out;
}
