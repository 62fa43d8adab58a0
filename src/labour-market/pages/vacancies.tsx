import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors } from '../../platform/pages/forms.tsx';
import { formatDate, formatNumber } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Facets, VacancySummary } from '../vacancies.ts';
import { tr } from './components.tsx';

export interface VacancyQuery {
  skill?: string;
  occupation?: string;
  region?: string;
  from?: string;
  to?: string;
  source?: string;
  current?: string;
  page?: string;
}

export const PAGE_SIZE = 25;

function queryString(query: VacancyQuery, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v && k !== 'page') params.set(k, v);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/vacancies?${s}` : '/vacancies';
}

function Choice({
  name,
  label,
  value,
  any,
  groups,
}: {
  name: string;
  label: string;
  value?: string;
  any: string;
  groups: { label?: string; options: { value: string; label: string }[] }[];
}) {
  const options = (list: { value: string; label: string }[]) =>
    list.map((o) => (
      <option value={o.value} selected={o.value === value}>
        {escapeHtml(o.label)}
      </option>
    ));
  return (
    <div class="field">
      <label for={name}>{escapeHtml(label)}</label>
      <select id={name} name={name}>
        <option value="">{escapeHtml(any)}</option>
        {groups.map((g) =>
          g.label ? (
            <optgroup label={g.label}>{options(g.options)}</optgroup>
          ) : (
            // biome-ignore lint/complexity/noUselessFragments: the fragment marks the options as rendered JSX for xss-scan
            <>{options(g.options)}</>
          ),
        )}
      </select>
    </div>
  );
}

export function VacanciesPage({
  request,
  query,
  facets,
  items,
  total,
  page,
  errors,
  canManage,
}: {
  request: FastifyRequest;
  query: VacancyQuery;
  facets: Facets;
  items: VacancySummary[];
  total: number;
  page: number;
  errors?: FormErrors;
  canManage: boolean;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Object.entries(query).some(([k, v]) => v && k !== 'page');
  const count = (label: string, n: number) => `${label} (${formatNumber(request, n)})`;
  return (
    <Layout request={request} title={t('vacancies.title')}>
      <h1>{escapeHtml(t('vacancies.title'))}</h1>
      <p class="lead">{escapeHtml(t('vacancies.intro'))}</p>
      {canManage ? (
        <p>
          <a href="/vacancy-sources">{escapeHtml(t('vacancies.sources'))}</a>
        </p>
      ) : (
        ''
      )}
      <ErrorSummary request={request} errors={errors} />
      <form method="get" action="/vacancies" class="filters" aria-label={t('vacancies.filters')} novalidate>
        <h2>{escapeHtml(t('vacancies.filters'))}</h2>
        <Choice
          name="skill"
          label={t('vacancies.skill')}
          value={query.skill}
          any={t('vacancies.any')}
          groups={[{ options: facets.skills.map((s) => ({ value: s.id, label: count(s.label, s.count) })) }]}
        />
        <Choice
          name="occupation"
          label={t('vacancies.occupation')}
          value={query.occupation}
          any={t('vacancies.any')}
          groups={[{ options: facets.occupations.map((o) => ({ value: o.id, label: count(o.label, o.count) })) }]}
        />
        <Choice
          name="region"
          label={t('vacancies.region')}
          value={query.region}
          any={t('vacancies.any')}
          groups={[
            {
              label: t('vacancies.provinces'),
              options: facets.regions.filter((r) => r.kind === 'province').map((r) => ({ value: r.value, label: count(r.value, r.count) })),
            },
            {
              label: t('vacancies.municipalities'),
              options: facets.regions
                .filter((r) => r.kind === 'municipality')
                .map((r) => ({ value: r.value, label: count(r.value, r.count) })),
            },
          ].filter((g) => g.options.length)}
        />
        <Field name="from" type="date" label={t('vacancies.from')} value={query.from} errors={errors} />
        <Field name="to" type="date" label={t('vacancies.to')} value={query.to} errors={errors} />
        <Choice
          name="source"
          label={t('vacancies.source')}
          value={query.source}
          any={t('vacancies.any')}
          groups={[{ options: facets.sources.map((s) => ({ value: s.id, label: s.name })) }]}
        />
        <Checkbox name="current" value="1" label={t('vacancies.currentOnly')} checked={query.current === '1'} />
        <div class="actions">
          <button type="submit">{escapeHtml(t('vacancies.apply'))}</button>
          {filtered ? <a href="/vacancies">{escapeHtml(t('vacancies.clear'))}</a> : ''}
        </div>
      </form>
      <h2 id="results">{escapeHtml(t('vacancies.count', { count: total }))}</h2>
      {items.length === 0 ? (
        <p>{escapeHtml(t(filtered ? 'vacancies.none' : 'vacancies.noneYet'))}</p>
      ) : (
        <ScrollTable label={t('vacancies.table')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('vacancies.col.title'))}</th>
                <th scope="col">{escapeHtml(t('vacancies.col.employer'))}</th>
                <th scope="col">{escapeHtml(t('vacancies.col.place'))}</th>
                <th scope="col">{escapeHtml(t('vacancies.col.posted'))}</th>
                <th scope="col">{escapeHtml(t('vacancies.col.occupation'))}</th>
                <th scope="col">{escapeHtml(t('vacancies.col.skills'))}</th>
                <th scope="col">{escapeHtml(t('vacancies.col.sightings'))}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr>
                  <td>
                    <a href={`/vacancies/${v.id}`} lang={v.language ?? undefined}>
                      {escapeHtml(v.title)}
                    </a>
                  </td>
                  <td>{escapeHtml(v.employer ?? '')}</td>
                  <td>{escapeHtml([v.municipality, v.province].filter(Boolean).join(', '))}</td>
                  <td>{escapeHtml(formatDate(request, v.postedAt, { style: 'medium' }))}</td>
                  <td>{escapeHtml(v.occupationLabel ?? '')}</td>
                  <td>{escapeHtml(formatNumber(request, v.skills))}</td>
                  <td>{escapeHtml(formatNumber(request, v.sightings))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {pages > 1 ? (
        <nav aria-label={t('vacancies.pages')} class="actions">
          {page > 1 ? <a href={queryString(query, page - 1)}>{escapeHtml(t('vacancies.previous'))}</a> : ''}
          <span>{escapeHtml(`${page} / ${pages}`)}</span>
          {page < pages ? <a href={queryString(query, page + 1)}>{escapeHtml(t('vacancies.next'))}</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </Layout>
  );
}
