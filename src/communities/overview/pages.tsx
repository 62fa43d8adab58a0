import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate, formatNumber } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { insertHtml, type SafeHtml } from '../../platform/pages/safe-html.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { CommunityAccess } from '../communities.ts';
import { tr } from '../pages/components.tsx';
import type { FacilitatorOverview } from './service.ts';

export interface Charts {
  attendance: SafeHtml;
  active: SafeHtml;
  actions: SafeHtml;
  badges: SafeHtml;
}

/** A chart with its caption, its short description for screen readers, and its figures as a table. */
function Chart({
  id,
  title,
  summary,
  svg,
  head,
  rows,
}: {
  id: string;
  title: string;
  summary: string;
  svg: SafeHtml;
  head: string[];
  rows: string[][];
}) {
  return (
    <figure class="chart panel" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>
        <h2>{escapeHtml(title)}</h2>
        <p>{escapeHtml(summary)}</p>
      </figcaption>
      <div role="img" aria-label={summary}>
        {insertHtml(svg)}
      </div>
      <details>
        <summary>{escapeHtml(head[0])}</summary>
        <ScrollTable label={title}>
          <table>
            <thead>
              <tr>
                {head.map((h) => (
                  <th scope="col">{escapeHtml(h)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  {row.map((cell) => (
                    <td>{escapeHtml(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </details>
    </figure>
  );
}

export function monthLabel(request: FastifyRequest, month: string): string {
  return new Intl.DateTimeFormat(request.lang === 'nl' ? 'nl-NL' : 'en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** The facilitators' overview of a community: attendance over time, active members, action items, badges issued. */
export function OverviewPage({
  request,
  access,
  data,
  charts,
}: {
  request: FastifyRequest;
  access: CommunityAccess;
  data: FacilitatorOverview;
  charts: Charts;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const n = (v: number) => formatNumber(request, v);
  const totalAttended = data.attendance.reduce((sum, s) => sum + s.attended, 0);
  return (
    <Layout request={request} title={`${t('charts.title')} · ${access.community.name}`}>
      <p class="breadcrumbs">
        <a href={`/communities/${encodeURIComponent(access.community.slug)}`}>{escapeHtml(access.community.name)}</a>
      </p>
      <h1>{escapeHtml(t('charts.title'))}</h1>
      <ul class="figures">
        <li>{escapeHtml(t('charts.members', { count: data.members }))}</li>
        <li>{escapeHtml(t('charts.activeRecently', { count: data.activeRecently }))}</li>
        <li>
          {escapeHtml(
            t('charts.actionsLine', { open: n(data.actions.open), done: n(data.actions.done), overdue: n(data.actions.overdue) }),
          )}
        </li>
        <li>{escapeHtml(t('charts.badgesLine', { count: data.badgesTotal }))}</li>
      </ul>
      <Chart
        id="attendance"
        title={t('charts.attendance')}
        summary={t('charts.attendanceSummary', { sessions: data.attendance.length, attended: n(totalAttended) })}
        svg={charts.attendance}
        head={[t('charts.session'), t('charts.date'), t('charts.registered'), t('charts.attended')]}
        rows={data.attendance.map((s) => [s.title, formatDate(request, s.startsAt), n(s.registered), n(s.attended)])}
      />
      <Chart
        id="active"
        title={t('charts.active')}
        summary={t('charts.activeSummary', { count: data.activeRecently, members: data.members })}
        svg={charts.active}
        head={[t('charts.month'), t('charts.activeMembers')]}
        rows={data.activeByMonth.map((m) => [monthLabel(request, m.month), n(m.count)])}
      />
      <Chart
        id="actions"
        title={t('charts.actions')}
        summary={t('charts.actionsLine', { open: n(data.actions.open), done: n(data.actions.done), overdue: n(data.actions.overdue) })}
        svg={charts.actions}
        head={[t('charts.status'), t('charts.count')]}
        rows={(['open', 'done', 'dropped'] as const).map((s) => [t(`actionStatus.${s}`), n(data.actions[s])])}
      />
      <Chart
        id="badges"
        title={t('charts.badges')}
        summary={t('charts.badgesLine', { count: data.badgesTotal })}
        svg={charts.badges}
        head={[t('charts.month'), t('charts.issued')]}
        rows={data.badgesByMonth.map((m) => [monthLabel(request, m.month), n(m.count)])}
      />
    </Layout>
  );
}
