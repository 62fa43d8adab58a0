import { escapeHtml } from './escape.ts';
import type { FastifyRequest } from 'fastify';
import type { Problem } from '../http/problem.ts';
import { Layout } from './layout.tsx';

export function ErrorPage({ request, problem }: { request: FastifyRequest; problem: Problem }) {
  const { t } = request;
  // The CSRF failure is the one platform error people meet on pages; say it in their language.
  const detail = problem.field === '_csrf' ? t('platform:errors.csrf') : problem.detail;
  const known = [400, 403, 404, 413, 415, 429, 500].includes(problem.status) ? problem.status : problem.status >= 500 ? 500 : 400;
  return (
    <Layout request={request} title={t(`platform:errors.${known}.title`)}>
      <h1>{escapeHtml(t(`platform:errors.${known}.title`))}</h1>
      <p>{problem.status >= 500 ? escapeHtml(t('platform:errors.500.body')) : escapeHtml(detail)}</p>
      <p>
        <a href="/">{escapeHtml(t('platform:errors.home'))}</a>
      </p>
    </Layout>
  );
}
