import type { FastifyRequest } from 'fastify';
import { PROVINCES } from '../../labour-market/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, Select } from '../../platform/pages/forms.tsx';
import { formatDate, formatNumber } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { insertHtml, type SafeHtml } from '../../platform/pages/safe-html.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { FilterInput } from '../filters.ts';
import type { PickerState } from '../pickers.ts';
import { type Cell, PEOPLE_COLUMNS, type ViewResult } from '../views.ts';
import { FilterPicker } from './picker.tsx';

export const PAGES = ['demand', 'emerging', 'cooccurrence', 'supply', 'gaps'] as const;
export type PageName = (typeof PAGES)[number];

/** One chart with its table: a title, the description screen readers hear, the figures, the exports. */
export interface Section {
  result: ViewResult;
  svg: SafeHtml;
  title: string;
  description: string;
}

const t = (request: FastifyRequest, key: string, vars?: Record<string, unknown>) => request.t(`insight:${key}`, vars);

export function InsightTabs({ request, current, query }: { request: FastifyRequest; current: string; query: string }) {
  return (
    <nav class="sub-nav" aria-label={t(request, 'home.title')}>
      <ul>
        {PAGES.map((p) => (
          <li>
            <a href={`/insight/${p}${query ? `?${query}` : ''}`} aria-current={p === current ? 'page' : undefined}>
              {escapeHtml(t(request, `pages.${p}.tab`))}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function CellView({ request, column, value }: { request: FastifyRequest; column: string; value: Cell }) {
  if (value === null) {
    if (PEOPLE_COLUMNS.has(column)) return <span class="muted">{escapeHtml(t(request, 'table.fewer', { n: 5 }))}</span>;
    if (column === 'growth') return escapeHtml(t(request, 'table.new'));
    return '–';
  }
  if (Array.isArray(value))
    return value.length === 0 ? (
      <span class="muted">{escapeHtml(t(request, 'table.noneYet'))}</span>
    ) : (
      <ul class="plain">
        {value.map((v) => (
          <li>
            <a href={v.href}>{escapeHtml(v.name)}</a>
          </li>
        ))}
      </ul>
    );
  if (typeof value === 'number')
    return escapeHtml(column === 'growth' || column === 'share' ? `${formatNumber(request, value)} %` : formatNumber(request, value));
  if (column === 'province' && value === '') return escapeHtml(t(request, 'table.noRegion'));
  if (column === 'period' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return escapeHtml(formatDate(request, new Date(`${value}T00:00:00Z`), { timeZone: 'UTC' }));
  return escapeHtml(value);
}

export function ResultTable({ request, result, label }: { request: FastifyRequest; result: ViewResult; label: string }) {
  if (result.rows.length === 0) return <p>{escapeHtml(t(request, 'table.empty'))}</p>;
  return (
    <ScrollTable label={label}>
      <table>
        <caption>{escapeHtml(label)}</caption>
        <thead>
          <tr>
            {result.columns.map((c) => (
              <th scope="col">{escapeHtml(t(request, `columns.${c}`))}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row) => (
            <tr>
              {result.columns.map((c, i) =>
                i === 0 ? (
                  <th scope="row">
                    {c === 'skill' && typeof row.skillId === 'string' ? (
                      <a href={`/skills/${row.skillId}`}>{escapeHtml(String(row.skill))}</a>
                    ) : (
                      <CellView request={request} column={c} value={row[c] ?? null} />
                    )}
                  </th>
                ) : (
                  <td>
                    <CellView request={request} column={c} value={row[c] ?? null} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

export function ChartSection({
  request,
  section,
  query,
  id = `chart-${section.result.view}`,
  heading = 'h2',
  canReport = false,
}: {
  request: FastifyRequest;
  section: Section;
  query: string;
  id?: string;
  heading?: 'h2' | 'h3';
  /** Whether to offer "add this chart to a report" (the reader writes reports somewhere). */
  canReport?: boolean;
}) {
  const Heading = heading;
  return (
    <section class="panel insight-view" aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>{escapeHtml(section.title)}</Heading>
      <figure class="chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <p id={`${id}-desc`}>{escapeHtml(section.description)}</p>
        {section.result.rows.length && String(section.svg) ? (
          <div role="img" aria-label={`${section.title}. ${section.description}`}>
            {insertHtml(section.svg)}
          </div>
        ) : (
          ''
        )}
      </figure>
      {/* Nothing to show: the description already says so. */}
      {section.result.rows.length ? (
        <ResultTable request={request} result={section.result} label={t(request, 'table.caption', { title: section.title })} />
      ) : (
        ''
      )}
      {request.user ? (
        <p class="actions">
          <a href={`/insight/export/${section.result.view}.csv?${query}`} download="">
            {escapeHtml(t(request, 'export.csv', { title: section.title }))}
          </a>{' '}
          <a href={`/insight/export/${section.result.view}.json?${query}`}>
            {escapeHtml(t(request, 'export.json', { title: section.title }))}
          </a>
          {canReport ? (
            <>
              {' '}
              <a href={`/insight/reports/add?view=${section.result.view}&${query}`}>{escapeHtml(t(request, 'reports.addThis'))}</a>
            </>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
    </section>
  );
}

export interface FilterChoices {
  groups: { value: string; label: string }[];
  skill: PickerState;
  occupation: PickerState;
  /** The page with the other filters as they are, without the skill / the occupation. */
  remove: { skill: string; occupation: string };
}

function FilterForm({
  request,
  page,
  input,
  errors,
  choices,
  summary,
}: {
  request: FastifyRequest;
  page: PageName;
  input: FilterInput;
  errors?: FormErrors;
  choices: FilterChoices;
  /** What the filters now are, in words (the period). */
  summary: string | null;
}) {
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return (
    // Open while there are errors or matches to choose from.
    <details class="panel filters" open={errors || choices.skill.matches || choices.occupation.matches ? true : undefined}>
      <summary>
        <strong>{escapeHtml(t(request, 'filters.title'))}</strong>
        {summary ? ` — ${escapeHtml(summary)}` : ''} <span class="muted">{escapeHtml(t(request, 'filters.change'))}</span>
      </summary>
      <form method="get" action={`/insight/${page}`} novalidate>
        <div class="field-row">
          <Field name="from" type="date" label={t(request, 'filters.from')} value={str(input.from)} errors={errors} />
          <Field name="to" type="date" label={t(request, 'filters.to')} value={str(input.to)} errors={errors} />
        </div>
        <Select
          name="interval"
          label={t(request, 'filters.interval')}
          value={str(input.interval) || 'month'}
          errors={errors}
          options={[
            { value: 'month', label: t(request, 'filters.month') },
            { value: 'week', label: t(request, 'filters.week') },
          ]}
        />
        <Select
          name="province"
          label={t(request, 'filters.province')}
          value={str(input.province)}
          errors={errors}
          options={[{ value: '', label: t(request, 'filters.anyProvince') }, ...PROVINCES.map((p) => ({ value: p, label: p }))]}
        />
        <Field name="municipality" label={t(request, 'filters.municipality')} value={str(input.municipality)} errors={errors} />
        <FilterPicker request={request} name="skill" state={choices.skill} removeHref={choices.remove.skill} errors={errors} />
        <Select
          name="group"
          label={t(request, 'filters.group')}
          value={str(input.group)}
          errors={errors}
          options={[{ value: '', label: t(request, 'filters.anyGroup') }, ...choices.groups]}
        />
        <FilterPicker
          request={request}
          name="occupation"
          state={choices.occupation}
          removeHref={choices.remove.occupation}
          errors={errors}
        />
        {page === 'emerging' ? (
          <>
            <Field name="min" type="number" label={t(request, 'filters.min')} value={str(input.min)} errors={errors} />
            <div class="field-row">
              <Field
                name="baselineFrom"
                type="date"
                label={t(request, 'filters.baselineFrom')}
                value={str(input.baselineFrom)}
                errors={errors}
              />
              <Field name="baselineTo" type="date" label={t(request, 'filters.baselineTo')} value={str(input.baselineTo)} errors={errors} />
            </div>
          </>
        ) : (
          ''
        )}
        <button type="submit">{escapeHtml(t(request, 'filters.show'))}</button>
      </form>
    </details>
  );
}

export function ViewPage({
  request,
  page,
  input,
  errors,
  sections,
  query,
  period,
  choices,
  canReport = false,
}: {
  request: FastifyRequest;
  canReport?: boolean;
  page: PageName;
  input: FilterInput;
  errors?: FormErrors;
  sections: Section[];
  query: string;
  /** The period shown, in words; null when the filters were refused. */
  period: string | null;
  choices: FilterChoices;
}) {
  const title = t(request, `pages.${page}.title`);
  return (
    <Layout request={request} title={title}>
      <p class="breadcrumb">
        <a href="/insight">{escapeHtml(t(request, 'home.title'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">{escapeHtml(t(request, `pages.${page}.lead`))}</p>
      <InsightTabs request={request} current={page} query={query} />
      <ErrorSummary request={request} errors={errors} />
      <FilterForm request={request} page={page} input={input} errors={errors} choices={choices} summary={period} />
      {sections.map((section) => (
        <ChartSection request={request} section={section} query={query} canReport={canReport} />
      ))}
    </Layout>
  );
}
