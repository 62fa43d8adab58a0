import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Layout } from '../../platform/pages/layout.tsx';

/** `/insight`: the way into demand, supply and gaps. */
export function HomePage({ request }: { request: FastifyRequest }) {
  const t = (key: string) => request.t(`insight:${key}`);
  return (
    <Layout request={request} title={t('home.title')}>
      <h1>{escapeHtml(t('home.title'))}</h1>
      <p class="lead">{escapeHtml(t('home.lead'))}</p>
    </Layout>
  );
}
