import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FastifyRequest } from 'fastify';
import { Layout } from '../../platform/pages/layout.tsx';
import type { OrganisationSummary, OutboxMail } from '../organisations.ts';
import { formatDate, formatDateTime } from '../../platform/pages/format.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';

export function AdminOrganisationsPage({ request, organisations }: { request: FastifyRequest; organisations: OrganisationSummary[] }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:admin.organisations')}>
      <h1>{escapeHtml(t('accounts:admin.organisations'))}</h1>
      <p>
        <a href="/admin/outbox">{escapeHtml(t('accounts:admin.outbox'))}</a>
      </p>
      <ScrollTable label={t('accounts:admin.organisations')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{escapeHtml(t('accounts:fields.name'))}</th>
              <th scope="col">{escapeHtml(t('accounts:fields.kind'))}</th>
              <th scope="col">{escapeHtml(t('accounts:admin.members'))}</th>
              <th scope="col">{escapeHtml(t('accounts:account.created'))}</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((org) => (
              <tr>
                <td>
                  <a href={`/organisations/${org.slug}`}>{escapeHtml(org.name)}</a>
                  {org.isDemo ? <span class="tag"> {escapeHtml(t('accounts:organisations.demo'))}</span> : ''}
                </td>
                <td>{escapeHtml(t(`accounts:kinds.${org.kind}`, { defaultValue: org.kind }))}</td>
                <td>{escapeHtml(String(org.memberCount))}</td>
                <td>{escapeHtml(formatDate(request, org.createdAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </Layout>
  );
}

export function OutboxPage({ request, mails }: { request: FastifyRequest; mails: OutboxMail[] }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:admin.outbox')}>
      <h1>{escapeHtml(t('accounts:admin.outbox'))}</h1>
      <p>{escapeHtml(t('accounts:admin.outboxLead'))}</p>
      {mails.length === 0 ? <p>{escapeHtml(t('accounts:admin.empty'))}</p> : ''}
      {mails.map((mail) => (
        <article class="card">
          <h2>{escapeHtml(mail.subject)}</h2>
          <dl>
            <dt>{escapeHtml(t('accounts:admin.to'))}</dt>
            <dd>{escapeHtml(mail.to)}</dd>
            <dt>{escapeHtml(t('accounts:admin.sentAt'))}</dt>
            <dd>{escapeHtml(formatDateTime(request, mail.createdAt))}</dd>
            <dt>{escapeHtml(t('accounts:admin.status'))}</dt>
            <dd>
              {escapeHtml(t(`accounts:admin.statuses.${mail.status}`, { defaultValue: mail.status }))}
              {mail.error ? escapeHtml(` (${mail.error})`) : ''}
            </dd>
          </dl>
          <pre class="mail-text" style="white-space: pre-wrap">
            {escapeHtml(mail.text)}
          </pre>
        </article>
      ))}
    </Layout>
  );
}
