import { escapeHtml } from './escape.ts';
import type { FastifyRequest } from 'fastify';
import { Layout } from './layout.tsx';

export function HomePage({ request, demo }: { request: FastifyRequest; demo: boolean }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('platform:nav.home')} description={t('platform:home.lead')}>
      <h1>{escapeHtml(t('platform:home.title'))}</h1>
      <p class="lead">{escapeHtml(t('platform:home.lead'))}</p>
      {demo ? <p class="notice">{escapeHtml(t('platform:home.demo'))}</p> : ''}
      {request.user ? (
        ''
      ) : (
        <p>
          <a class="button" href="/signup">
            {escapeHtml(t('platform:home.getStarted'))}
          </a>
        </p>
      )}
    </Layout>
  );
}
