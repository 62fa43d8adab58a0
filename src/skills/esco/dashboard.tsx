import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate, formatNumber } from '../../platform/pages/format.ts';
import { noHtml, type SafeHtml, safeHtml } from '../../platform/pages/safe-html.ts';
import { listImportRuns } from './service.ts';

/** What the library holds: skills by source, and occupations. */
async function libraryFigures(ctx: AppContext): Promise<{ esco: number; own: number; occupations: number }> {
  const bySource = await ctx.db
    .selectFrom('skills')
    .select(['source', (eb) => eb.fn.countAll<string>().as('n')])
    .where('kind', '=', 'skill')
    .groupBy('source')
    .execute();
  const occupations = await ctx.db
    .selectFrom('occupations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const count = (source: string) => Number(bySource.find((r) => r.source === source)?.n ?? 0);
  return {
    esco: count('esco'),
    own: bySource.reduce((sum, r) => sum + (r.source === 'esco' ? 0 : Number(r.n)), 0),
    occupations: Number(occupations.n),
  };
}

/** The operator's panel on the home page: the size of the library and how the last ESCO import went. */
export async function escoDashboard(ctx: AppContext, request: FastifyRequest): Promise<SafeHtml> {
  if (!request.user?.isOperator) return noHtml;
  const { t } = request;
  const figures = await libraryFigures(ctx);
  const [run] = await listImportRuns(ctx.db, 1);
  const state = !run
    ? t('skills:esco.dashboard.never')
    : run.status === 'running' || run.status === 'queued'
      ? t('skills:esco.dashboard.running', {
          status: t(`skills:esco.status.${run.status}`),
          percent: formatNumber(request, run.total > 0 ? run.done / run.total : 0, { style: 'percent' }),
        })
      : run.status === 'done'
        ? t('skills:esco.dashboard.done', { date: formatDate(request, run.finished_at ?? run.created_at, { time: true, style: 'medium' }) })
        : t('skills:esco.dashboard.failed', {
            date: formatDate(request, run.finished_at ?? run.created_at, { time: true, style: 'medium' }),
          });
  return safeHtml(
    <section class="panel" aria-labelledby="network-library">
      <h2 id="network-library">{escapeHtml(t('skills:esco.dashboard.title'))}</h2>
      <dl class="stats">
        <div>
          <dt>{escapeHtml(t('skills:esco.dashboard.escoSkills'))}</dt>
          <dd>{escapeHtml(formatNumber(request, figures.esco))}</dd>
        </div>
        <div>
          <dt>{escapeHtml(t('skills:esco.dashboard.ownSkills'))}</dt>
          <dd>{escapeHtml(formatNumber(request, figures.own))}</dd>
        </div>
        <div>
          <dt>{escapeHtml(t('skills:esco.dashboard.occupations'))}</dt>
          <dd>{escapeHtml(formatNumber(request, figures.occupations))}</dd>
        </div>
      </dl>
      <p>
        <strong>{escapeHtml(t('skills:esco.dashboard.import'))}</strong> {escapeHtml(state)}{' '}
        <a href="/skills/import">{escapeHtml(t('skills:esco.dashboard.toImport'))}</a>
      </p>
    </section>,
  );
}
