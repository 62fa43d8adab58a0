import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { ApprovedApp } from '../apps.ts';
import { scopeKey } from '../scopes.ts';

/** `/account/apps`: the apps the person approved, what each may do, and a button to withdraw it. */
export function AppsPage({ request, apps }: { request: FastifyRequest; apps: ApprovedApp[] }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('openbadges-api:apps.title')}>
      <h1>{escapeHtml(t('openbadges-api:apps.title'))}</h1>
      <p class="lead">{escapeHtml(t('openbadges-api:apps.lead'))}</p>
      {apps.length === 0 ? (
        <p>{escapeHtml(t('openbadges-api:apps.none'))}</p>
      ) : (
        <ScrollTable label={t('openbadges-api:apps.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('openbadges-api:apps.app'))}</th>
                <th scope="col">{escapeHtml(t('openbadges-api:apps.permissions'))}</th>
                <th scope="col">{escapeHtml(t('openbadges-api:apps.approved'))}</th>
                <th scope="col">
                  <span class="visually-hidden">{escapeHtml(t('openbadges-api:apps.withdraw'))}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {apps.map((app) => (
                <tr>
                  <td>
                    {escapeHtml(app.name)}
                    {app.uri ? (
                      <>
                        <br />
                        <small>{escapeHtml(app.uri)}</small>
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                  <td>
                    <ul>
                      {app.scopes.map((scope) => (
                        <li>{escapeHtml(t(scopeKey(scope) ?? scope))}</li>
                      ))}
                    </ul>
                  </td>
                  <td>{escapeHtml(formatDate(request, app.approvedAt))}</td>
                  <td>
                    <PostForm request={request} action={`/account/apps/${encodeURIComponent(app.clientId)}/withdraw`}>
                      <button type="submit" class="secondary" aria-label={t('openbadges-api:apps.withdrawLabel', { app: app.name })}>
                        {escapeHtml(t('openbadges-api:apps.withdraw'))}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

/** The home page panel: how many apps may use the person's badges, and the way to the list. */
export function AppsPanel({ request, count }: { request: FastifyRequest; count: number }) {
  const { t } = request;
  return (
    <section class="panel aside">
      <h2>{escapeHtml(t('openbadges-api:dashboard.title'))}</h2>
      <p>{escapeHtml(t('openbadges-api:dashboard.count', { count }))}</p>
      <p>
        <a href="/account/apps">{escapeHtml(t('openbadges-api:dashboard.link'))}</a>
      </p>
    </section>
  );
}
