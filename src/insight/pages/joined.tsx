import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate, formatNumber } from '../../platform/pages/format.ts';
import { PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { BadgeDemand, DemandRegion, RisingSkill } from '../joined.ts';

const t = (request: FastifyRequest, key: string, vars?: Record<string, unknown>) => request.t(`insight:${key}`, vars);
const day = (request: FastifyRequest, d: string) => formatDate(request, new Date(`${d}T00:00:00Z`), { timeZone: 'UTC' });

/** On a community theme: the theme's skills asked for more in the last three months; a facilitator puts one on the agenda. */
export function ThemeDemandSection({
  request,
  themeId,
  rising,
  facilitator,
  session,
  region,
}: {
  request: FastifyRequest;
  themeId: string;
  rising: RisingSkill[];
  /** Whose vacancies: the community's region, its organisation's, or the whole network. */
  region: DemandRegion;
  facilitator: boolean;
  session: { id: string; title: string; startsAt: Date } | null;
}) {
  return (
    <section class="panel" id="insight-rising" aria-labelledby="insight-rising-title">
      <h2 id="insight-rising-title">{escapeHtml(t(request, 'theme.title'))}</h2>
      <p>{escapeHtml(t(request, 'theme.lead'))}</p>
      <p class="muted" id="insight-rising-region">
        {escapeHtml(
          region.from === 'network'
            ? t(request, 'theme.network')
            : t(request, `theme.region_${region.from}`, { region: [region.municipality, region.province].filter(Boolean).join(', ') }),
        )}
      </p>
      {rising.length === 0 ? (
        <p class="muted">{escapeHtml(t(request, 'theme.none'))}</p>
      ) : (
        <ul class="plain">
          {rising.map((s) => (
            <li>
              <strong>
                <a href={`/skills/${s.skillId}`}>{escapeHtml(s.name)}</a>
              </strong>{' '}
              {escapeHtml(
                t(request, 'theme.counts', {
                  count: s.vacancies,
                  n: formatNumber(request, s.vacancies),
                  before: formatNumber(request, s.before),
                }),
              )}
              {facilitator && session ? (
                <PostForm request={request} action={`/communities/themes/${themeId}/insight-agenda`}>
                  <input type="hidden" name="skill" value={s.skillId} />
                  <button type="submit" class="secondary">
                    {escapeHtml(t(request, 'theme.add', { session: session.title }))}
                  </button>
                </PostForm>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
      {facilitator && !session && rising.length ? <p class="muted">{escapeHtml(t(request, 'errors.noNextSession'))}</p> : ''}
    </section>
  );
}

/** `/organisations/:slug/insight/badges`: each badge of the issuer with the vacancies asking for its skills. */
export function BadgeDemandPage({
  request,
  organisation,
  period,
  badges,
}: {
  request: FastifyRequest;
  organisation: { slug: string; name: string };
  period: { from: string; to: string; baselineFrom: string; baselineTo: string };
  badges: BadgeDemand[];
}) {
  const title = t(request, 'badges.title', { name: organisation.name });
  return (
    <Layout request={request} title={title}>
      <p class="breadcrumb">
        <a href={`/organisations/${organisation.slug}`}>{escapeHtml(organisation.name)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">
        {escapeHtml(
          t(request, 'badges.lead', {
            from: day(request, period.from),
            to: day(request, period.to),
            baselineFrom: day(request, period.baselineFrom),
            baselineTo: day(request, period.baselineTo),
          }),
        )}
      </p>
      {badges.length === 0 ? (
        <p>{escapeHtml(t(request, 'badges.none'))}</p>
      ) : (
        <ScrollTable label={title}>
          <table>
            <caption>{escapeHtml(title)}</caption>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t(request, 'columns.badge'))}</th>
                <th scope="col">{escapeHtml(t(request, 'columns.skill'))}</th>
                <th scope="col">{escapeHtml(t(request, 'columns.vacancies'))}</th>
                <th scope="col">{escapeHtml(t(request, 'columns.baseline'))}</th>
              </tr>
            </thead>
            <tbody>
              {badges.flatMap((b) =>
                (b.skills.length ? b.skills : [null]).map((s, i) => (
                  <tr>
                    {i === 0 ? (
                      <th scope="row" rowspan={String(Math.max(1, b.skills.length))}>
                        <a href={`/achievements/${b.id}`}>{escapeHtml(b.name)}</a>
                      </th>
                    ) : (
                      ''
                    )}
                    {s ? (
                      <>
                        <td>
                          <a href={`/insight/demand?skill=${s.skillId}`}>{escapeHtml(s.name)}</a>
                        </td>
                        <td>{escapeHtml(formatNumber(request, s.vacancies))}</td>
                        <td>{escapeHtml(formatNumber(request, s.before))}</td>
                      </>
                    ) : (
                      <td colspan="3" class="muted">
                        {escapeHtml(t(request, 'badges.noSkills'))}
                      </td>
                    )}
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}
