import { webUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate, formatNumber } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { insertHtml, type SafeHtml } from '../../platform/pages/safe-html.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { VacancyDetail } from '../vacancies.ts';
import { MarkedText, tr } from './components.tsx';

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  if (!value) return '';
  return (
    <div>
      <dt>{escapeHtml(label)}</dt>
      <dd>{escapeHtml(value)}</dd>
    </div>
  );
}

export function VacancyPage({ request, detail, sections }: { request: FastifyRequest; detail: VacancyDetail; sections?: SafeHtml }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const v = detail.vacancy;
  const offset = v.description ? v.title.length + 2 : 0;
  // Spans point into title + "\n\n" + description: those in the description are shown in it.
  const spans = detail.skills.flatMap((s) =>
    s.spans.map(([start, end]) => ({ start: start - offset, end: end - offset, label: s.label })).filter((s) => s.end > 0),
  );
  const salary =
    v.salary_min !== null || v.salary_max !== null
      ? [
          [v.salary_min, v.salary_max]
            .filter((n, i, all) => n !== null && (i === 0 || n !== all[0]))
            .map((n) =>
              formatNumber(
                request,
                n,
                v.salary_currency ? { style: 'currency', currency: v.salary_currency, maximumFractionDigits: 0 } : {},
              ),
            )
            .join(' – '),
          v.salary_unit
            ? t('vacancy.salaryPer', { unit: t(`vacancy.units.${v.salary_unit}`, { defaultValue: v.salary_unit.toLowerCase() }) })
            : '',
        ]
          .filter(Boolean)
          .join(' ')
      : null;
  const experience = v.experience?.startsWith('months:')
    ? t('vacancy.experienceMonths', { count: Number(v.experience.slice(7)) })
    : v.experience;
  const lang = v.language ?? undefined;
  return (
    <Layout request={request} title={v.title}>
      <p>
        <a href="/vacancies">{escapeHtml(t('vacancy.back'))}</a>
      </p>
      <h1 lang={lang}>{escapeHtml(v.title)}</h1>
      <h2>{escapeHtml(t('vacancy.details'))}</h2>
      <dl>
        <Row label={t('vacancy.employer')} value={v.employer} />
        <Row label={t('vacancy.place')} value={[v.municipality, v.postcode, v.province].filter(Boolean).join(', ')} />
        <Row label={t('vacancy.posted')} value={formatDate(request, v.date_posted ?? v.first_seen_at)} />
        <Row label={t('vacancy.validThrough')} value={v.valid_through ? formatDate(request, v.valid_through) : null} />
        <Row
          label={t('vacancy.employmentType')}
          value={v.employment_type.map((e) => t(`employment.${e}`, { defaultValue: e })).join(', ')}
        />
        <Row label={t('vacancy.education')} value={v.education} />
        <Row label={t('vacancy.experience')} value={experience} />
        <Row label={t('vacancy.salary')} value={salary} />
        <Row label={t('vacancy.language')} value={v.language ? t(`vacancy.languages.${v.language}`) : null} />
        {v.occupation_label ? (
          <div>
            <dt>{escapeHtml(t('vacancy.occupation'))}</dt>
            <dd>
              {webUrl(v.occupation_uri) ? (
                <a href={webUrl(v.occupation_uri) ?? ''}>{escapeHtml(v.occupation_label)}</a>
              ) : (
                escapeHtml(v.occupation_label)
              )}{' '}
              <span class="muted">
                {escapeHtml(t('vacancy.confidence', { percent: Math.round((v.occupation_confidence ?? 0) * 100) }))}
              </span>
            </dd>
          </div>
        ) : (
          ''
        )}
        <Row label={t('vacancy.state')} value={t(detail.current ? 'vacancy.current' : 'vacancy.closed')} />
      </dl>
      <h2 id="skills">{escapeHtml(t('vacancy.skills'))}</h2>
      {detail.skills.length ? (
        <>
          <p>{escapeHtml(t('vacancy.skillsIntro'))}</p>
          <ul class="skill-list">
            {detail.skills.map((s) => (
              <li>
                <a href={`/skills/${s.skillId}`}>{escapeHtml(s.label)}</a>{' '}
                <span class="muted">
                  {escapeHtml(t('vacancy.score', { score: formatNumber(request, s.score, { maximumFractionDigits: 2 }) }))}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{escapeHtml(t(v.tagged_at ? 'vacancy.noSkills' : 'vacancy.untagged'))}</p>
      )}
      {insertHtml(sections)}
      {v.description ? (
        <section aria-labelledby="vacancy-text" lang={lang}>
          <h2 id="vacancy-text">{escapeHtml(t('vacancy.text'))}</h2>
          <MarkedText text={v.description} spans={spans} />
        </section>
      ) : (
        ''
      )}
      <h2>{escapeHtml(t('vacancy.sightings'))}</h2>
      <ScrollTable label={t('vacancy.sightingsTable')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{escapeHtml(t('vacancy.col.source'))}</th>
              <th scope="col">{escapeHtml(t('vacancy.col.address'))}</th>
              <th scope="col">{escapeHtml(t('vacancy.col.match'))}</th>
              <th scope="col">{escapeHtml(t('vacancy.col.first'))}</th>
              <th scope="col">{escapeHtml(t('vacancy.col.last'))}</th>
              <th scope="col">{escapeHtml(t('vacancy.col.times'))}</th>
            </tr>
          </thead>
          <tbody>
            {detail.sightings.map((s) => (
              <tr>
                <td>{escapeHtml(s.sourceName)}</td>
                <td>{webUrl(s.url) ? <a href={webUrl(s.url) ?? ''}>{escapeHtml(s.url)}</a> : <code>{escapeHtml(s.url)}</code>}</td>
                <td>{escapeHtml(t(`match.${s.match}`, { similarity: Math.round((s.similarity ?? 0) * 100) }))}</td>
                <td>{escapeHtml(formatDate(request, s.firstSeenAt, { style: 'medium' }))}</td>
                <td>{escapeHtml(formatDate(request, s.lastSeenAt, { style: 'medium' }))}</td>
                <td>{escapeHtml(formatNumber(request, s.timesSeen))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </Layout>
  );
}
