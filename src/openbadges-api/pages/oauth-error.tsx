import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Layout } from '../../platform/pages/layout.tsx';

/** The OAuth server's error page (a bad authorization request): what happened, in the reader's language. */
export function OAuthErrorPage({ request, error }: { request: FastifyRequest; error: string }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('openbadges-api:oauthError.title')}>
      <h1>{escapeHtml(t('openbadges-api:oauthError.title'))}</h1>
      <p>{escapeHtml(t('openbadges-api:oauthError.body'))}</p>
      <p>
        <small>{escapeHtml(t('openbadges-api:oauthError.technical', { error }))}</small>
      </p>
      <p>
        <a href="/">{escapeHtml(t('platform:errors.home'))}</a>
      </p>
    </Layout>
  );
}
