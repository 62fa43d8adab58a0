import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../context.ts';
import { escapeHtml } from './escape.ts';
import { Layout } from './layout.tsx';

/**
 * The panels of every module for the person making the request, in module order. A panel that
 * throws is left out and logged, so one module's trouble never takes the home page down.
 */
export async function dashboardPanels(ctx: AppContext, request: FastifyRequest): Promise<string[]> {
  const panels: string[] = [];
  for (const module of ctx.modules) {
    if (!module.dashboard) continue;
    try {
      const html = await module.dashboard(ctx, request);
      if (html) panels.push(html);
    } catch (error) {
      request.log.error({ err: error, module: module.name }, 'dashboard panel failed');
    }
  }
  return panels;
}

/** A signed-in person's home page: a greeting, then what each module has for them. */
export function DashboardPage({ request, demo, panels }: { request: FastifyRequest; demo: boolean; panels: string[] }) {
  const { t, user } = request;
  return (
    <Layout request={request} title={t('platform:dashboard.title')}>
      <h1>{escapeHtml(t('platform:dashboard.greeting', { name: user?.name ?? '' }))}</h1>
      {demo ? <p class="notice">{escapeHtml(t('platform:home.demo'))}</p> : ''}
      <div class="dashboard">{panels.join('')}</div>
    </Layout>
  );
}
