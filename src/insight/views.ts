/**
 * The views of insight as tables: what a page shows under its chart, what the CSV and JSON exports
 * hold and what the API answers — one shape for all, so they never disagree. Counts of people
 * below 5 are null here already (supply.ts) and stay hidden everywhere.
 */
import type { AppContext } from '../platform/context.ts';
import { toSpreadsheetCsv } from '../platform/csv.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import { skillNames, skillUri } from '../skills/api.ts';
import { cooccurrence, emerging, skillCounts, trend, vacancyTotal } from './demand.ts';
import type { Filters } from './filters.ts';
import { gaps } from './gaps.ts';
import { supplyByProvince, supplyCounts } from './supply.ts';

export const VIEWS = ['skills', 'trend', 'emerging', 'cooccurrence', 'supply', 'regions', 'gaps'] as const;
export type ViewName = (typeof VIEWS)[number];
export const isView = (v: string): v is ViewName => (VIEWS as readonly string[]).includes(v);

export type Cell = string | number | null | { id: string; name: string; href: string }[];
export type Row = Record<string, Cell>;

export interface ViewResult {
  view: ViewName;
  /** Column keys in order; their headings are `insight:columns.<key>`. */
  columns: string[];
  rows: Row[];
  /** Figures beside the table (the period's vacancy total). */
  totals: Record<string, number | null>;
}

type Named = { skillId: string };

export function nameIn(map: Record<string, string> | undefined, lang: string): string {
  if (!map) return '';
  return map[lang] ?? map.en ?? map.nl ?? Object.values(map)[0] ?? '';
}

async function names(ctx: AppContext, ids: string[], lang: string): Promise<(id: string) => string> {
  const map = await skillNames(ctx.db, [...new Set(ids)]);
  return (id) => nameIn(map.get(id) as Record<string, string> | undefined, lang) || id;
}

const skillCells = (ctx: AppContext, name: (id: string) => string, r: Named) => ({
  skill: name(r.skillId),
  skillId: r.skillId,
  skillUri: skillUri(ctx.config.baseUrl, r.skillId),
});

/** Runs one view under the filters, in the reader's language for skill names. */
export async function runView(ctx: AppContext, user: CurrentUser | null, view: ViewName, f: Filters, lang: string): Promise<ViewResult> {
  switch (view) {
    case 'skills': {
      const [rows, total] = await Promise.all([skillCounts(ctx, f), vacancyTotal(ctx, f)]);
      const name = await names(
        ctx,
        rows.map((r) => r.skillId),
        lang,
      );
      return {
        view,
        columns: ['skill', 'vacancies', 'share'],
        rows: rows.map((r) => ({
          ...skillCells(ctx, name, r),
          vacancies: r.vacancies,
          share: total ? Math.round((1000 * r.vacancies) / total) / 10 : null,
        })),
        totals: { vacancies: total },
      };
    }
    case 'trend': {
      const rows = await trend(ctx, f);
      return {
        view,
        columns: ['period', 'vacancies'],
        rows: rows.map((r) => ({ ...r })),
        totals: { vacancies: rows.reduce((n, r) => n + r.vacancies, 0) },
      };
    }
    case 'emerging': {
      const rows = await emerging(ctx, f);
      const name = await names(
        ctx,
        rows.map((r) => r.skillId),
        lang,
      );
      return {
        view,
        columns: ['skill', 'vacancies', 'baseline', 'growth'],
        rows: rows.map((r) => ({
          ...skillCells(ctx, name, r),
          vacancies: r.vacancies,
          baseline: r.baseline,
          growth: r.growth === null ? null : Math.round(r.growth * 1000) / 10,
        })),
        totals: {},
      };
    }
    case 'cooccurrence': {
      const rows = await cooccurrence(ctx, f);
      const name = await names(
        ctx,
        rows.flatMap((r) => [r.skillA, r.skillB]),
        lang,
      );
      return {
        view,
        columns: ['skillA', 'skillB', 'vacancies'],
        rows: rows.map((r) => ({
          skillA: name(r.skillA),
          skillAId: r.skillA,
          skillB: name(r.skillB),
          skillBId: r.skillB,
          vacancies: r.vacancies,
        })),
        totals: {},
      };
    }
    case 'supply': {
      const rows = await supplyCounts(ctx, f, f.limit);
      const name = await names(
        ctx,
        rows.map((r) => r.skillId),
        lang,
      );
      return { view, columns: ['skill', 'people'], rows: rows.map((r) => ({ ...skillCells(ctx, name, r), people: r.people })), totals: {} };
    }
    case 'regions': {
      const rows = await supplyByProvince(ctx, f);
      return { view, columns: ['province', 'people'], rows: rows.map((r) => ({ province: r.province, people: r.people })), totals: {} };
    }
    case 'gaps': {
      const rows = await gaps(ctx, user, f);
      const name = await names(
        ctx,
        rows.map((r) => r.skillId),
        lang,
      );
      return {
        view,
        columns: ['skill', 'demand', 'supply', 'gap', 'badges', 'pathways', 'themes'],
        rows: rows.map((r) => ({
          ...skillCells(ctx, name, r),
          demand: r.demand,
          supply: r.supply,
          gap: r.gap,
          badges: r.badges.map((b) => ({ id: b.id, name: `${b.name} (${b.organisationName})`, href: `/insight/badges/${b.id}` })),
          pathways: r.pathways.map((p) => ({ id: p.id, name: p.name, href: `/pathways/${p.id}` })),
          themes: r.themes.map((t) => ({
            id: t.themeId,
            name: `${t.title} (${t.communityName})`,
            href: `/communities/themes/${t.themeId}`,
          })),
        })),
        totals: {},
      };
    }
  }
}

/** A cell as text: a hidden count (null) as `empty`, lists by their names. */
export function cellText(value: Cell, empty = ''): string {
  if (value === null) return empty;
  if (Array.isArray(value)) return value.map((v) => v.name).join('; ');
  return String(value);
}

/** Columns whose null means hidden (fewer than 5 people, or protecting such a count), not "none". */
export const PEOPLE_COLUMNS = new Set(['people', 'supply']);

/**
 * A hidden count in CSV: "hidden" — fewer than 5 people, or a cell hidden with it so that it cannot
 * be worked out by subtraction (supply.ts); not "<5", which a cell hidden with it need not be.
 */
export const HIDDEN = 'hidden';

/** The view as CSV: a heading row of column keys, ids of skills beside their names; hidden counts as "hidden". */
export function toCsv(result: ViewResult): string {
  const columns = result.columns.flatMap((c) =>
    c === 'skill' ? ['skill', 'skillId', 'skillUri'] : c === 'skillA' || c === 'skillB' ? [c, `${c}Id`] : [c],
  );
  const rows = result.rows.map((r) =>
    columns.map((c) => (PEOPLE_COLUMNS.has(c) && r[c] === null ? HIDDEN : typeof r[c] === 'number' ? r[c] : cellText(r[c] ?? null))),
  );
  return toSpreadsheetCsv([columns, ...rows]);
}
