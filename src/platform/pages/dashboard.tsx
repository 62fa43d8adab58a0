import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { escapeHtml } from './escape.ts';
import { Layout } from './layout.tsx';
import { insertHtml, isSafeHtml, joinHtml, type SafeHtml } from './safe-html.ts';

/**
 * The panels of every module for the person making the request, in module order. A panel that
 * throws is left out and logged, so one module's trouble never takes the home page down.
 */
export async function dashboardPanels(ctx: AppContext, request: FastifyRequest): Promise<(SafeHtml | string)[]> {
  const panels: (SafeHtml | string)[] = [];
  for (const module of ctx.modules) {
    if (!module.dashboard) continue;
    try {
      const panel: SafeHtml | string = await module.dashboard(ctx, request);
      if (isSafeHtml(panel) ? panel.html : panel) panels.push(panel);
    } catch (error) {
      request.log.error({ err: error, module: module.name }, 'dashboard panel failed');
    }
  }
  return panels;
}

/** A signed-in person's home page: a greeting, then what each module has for them. */
export function DashboardPage({ request, demo, panels }: { request: FastifyRequest; demo: boolean; panels: (SafeHtml | string)[] }) {
  const { t, user } = request;
  return (
    <Layout request={request} title={t('platform:dashboard.title')}>
      <h1>{escapeHtml(t('platform:dashboard.greeting', { name: user?.name ?? '' }))}</h1>
      {demo ? <p class="notice">{escapeHtml(t('platform:home.demo'))}</p> : ''}
      <div class="dashboard">{insertHtml(joinHtml(panels))}</div>
    </Layout>
  );
}
