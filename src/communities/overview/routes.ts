import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { requireUser } from '../../platform/http/auth.ts';
import { wantsJson } from '../../platform/http/problem.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { accessCommunity } from '../communities.ts';
import { tr } from '../pages/components.tsx';
import { categoryChart, partsChart } from './charts.ts';
import { monthLabel, OverviewPage } from './pages.tsx';
import { facilitatorOverview } from './service.ts';

/** `/communities/:slug/overview`: the facilitators' charts (SVG made on the server), or the figures as JSON. */
export function overviewRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: { slug: string } }>('/communities/:slug/overview', async (request, reply) => {
    const access = await accessCommunity(ctx, requireUser(request), request.params.slug, 'facilitator');
    const data = await facilitatorOverview(ctx, access.community.id);
    if (wantsJson(request)) return data;
    const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
    const months = (list: { month: string }[]) => list.map((m) => monthLabel(request, m.month));
    const charts = {
      attendance: await categoryChart(
        data.attendance.map((s) => formatDate(request, s.startsAt, { style: 'short' })),
        [
          { name: t('charts.registered'), values: data.attendance.map((s) => s.registered) },
          { name: t('charts.attended'), values: data.attendance.map((s) => s.attended) },
        ],
        { kind: 'line' },
      ),
      active: await categoryChart(months(data.activeByMonth), [
        { name: t('charts.activeMembers'), values: data.activeByMonth.map((m) => m.count) },
      ]),
      actions: await partsChart(
        (['open', 'done', 'dropped'] as const).map((s) => ({ name: t(`actionStatus.${s}`), value: data.actions[s] })),
      ),
      badges: await categoryChart(months(data.badgesByMonth), [
        { name: t('charts.issued'), values: data.badgesByMonth.map((m) => m.count) },
      ]),
    };
    return reply.page(OverviewPage({ request, access, data, charts }));
  });
}
