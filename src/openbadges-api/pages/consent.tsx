import { webUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { ConsentRequest } from '../oauth/interactions.ts';
import { scopeKey } from '../scopes.ts';

/** The consent page: which app asks, for what, in plain words; approve or decline. */
export function ConsentPage({ request, consent }: { request: FastifyRequest; consent: ConsentRequest }) {
  const { t } = request;
  const user = request.user;
  const app = consent.client.name;
  const base = `/oauth/interaction/${encodeURIComponent(consent.uid)}`;
  return (
    <Layout request={request} title={t('openbadges-api:consent.title')}>
      <h1>{escapeHtml(t('openbadges-api:consent.title'))}</h1>
      <p class="lead">{escapeHtml(t('openbadges-api:consent.lead', { app }))}</p>
      {consent.client.uri ? <p>{escapeHtml(t('openbadges-api:consent.appSite', { uri: consent.client.uri }))}</p> : ''}
      {user ? <p>{escapeHtml(t('openbadges-api:consent.signedInAs', { name: user.name, email: user.email }))}</p> : ''}
      {consent.scopes.length ? (
        <>
          <h2>{escapeHtml(t('openbadges-api:consent.asks', { app }))}</h2>
          <ul class="scopes">
            {consent.scopes.map((scope) => (
              <li>{escapeHtml(t(scopeKey(scope) ?? scope))}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{escapeHtml(t('openbadges-api:consent.nothing'))}</p>
      )}
      {consent.client.policyUri || consent.client.tosUri ? (
        <ul>
          {webUrl(consent.client.policyUri) ? (
            <li>
              <a href={webUrl(consent.client.policyUri) ?? ''} rel="noopener noreferrer">
                {escapeHtml(t('openbadges-api:consent.policy'))}
              </a>
            </li>
          ) : (
            ''
          )}
          {webUrl(consent.client.tosUri) ? (
            <li>
              <a href={webUrl(consent.client.tosUri) ?? ''} rel="noopener noreferrer">
                {escapeHtml(t('openbadges-api:consent.terms'))}
              </a>
            </li>
          ) : (
            ''
          )}
        </ul>
      ) : (
        ''
      )}
      <p>{escapeHtml(t('openbadges-api:consent.later'))}</p>
      <div class="actions">
        <PostForm request={request} action={`${base}/confirm`}>
          <button type="submit">{escapeHtml(t('openbadges-api:consent.approve'))}</button>
        </PostForm>
        <PostForm request={request} action={`${base}/abort`}>
          <button type="submit" class="secondary">
            {escapeHtml(t('openbadges-api:consent.decline'))}
          </button>
        </PostForm>
      </div>
      <p>{escapeHtml(t('openbadges-api:consent.notYou'))}</p>
      <PostForm request={request} action="/signout">
        <button type="submit" class="secondary">
          {escapeHtml(t('openbadges-api:consent.signOut'))}
        </button>
      </PostForm>
    </Layout>
  );
}
