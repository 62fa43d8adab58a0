import type { FastifyRequest } from 'fastify';
import { Layout } from '../../pages/layout.tsx';
import type { OrganisationSummary, OutboxMail } from '../organisations.ts';
import { formatDate } from './format.ts';

export function AdminOrganisationsPage({ request, organisations }: { request: FastifyRequest; organisations: OrganisationSummary[] }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:admin.organisations')}>
      <h1>{t('accounts:admin.organisations')}</h1>
      <p>
        <a href="/admin/outbox">{t('accounts:admin.outbox')}</a>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('accounts:fields.name')}</th>
            <th scope="col">{t('accounts:fields.kind')}</th>
            <th scope="col">{t('accounts:admin.members')}</th>
            <th scope="col">{t('accounts:account.created')}</th>
          </tr>
        </thead>
        <tbody>
          {organisations.map((org) => (
            <tr>
              <td>
                <a href={`/organisations/${org.slug}`}>{org.name}</a>
                {org.isDemo ? <span class="tag"> {t('accounts:organisations.demo')}</span> : ''}
              </td>
              <td>{t(`accounts:kinds.${org.kind}`, { defaultValue: org.kind })}</td>
              <td>{String(org.memberCount)}</td>
              <td>{formatDate(request, org.createdAt, false)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export function OutboxPage({ request, mails }: { request: FastifyRequest; mails: OutboxMail[] }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:admin.outbox')}>
      <h1>{t('accounts:admin.outbox')}</h1>
      <p>{t('accounts:admin.outboxLead')}</p>
      {mails.length === 0 ? <p>{t('accounts:admin.empty')}</p> : ''}
      {mails.map((mail) => (
        <article class="card">
          <h2>{mail.subject}</h2>
          <dl>
            <dt>{t('accounts:admin.to')}</dt>
            <dd>{mail.to}</dd>
            <dt>{t('accounts:admin.sentAt')}</dt>
            <dd>{formatDate(request, mail.createdAt)}</dd>
            <dt>{t('accounts:admin.status')}</dt>
            <dd>
              {mail.status}
              {mail.error ? ` (${mail.error})` : ''}
            </dd>
          </dl>
          <pre class="mail-text" style="white-space: pre-wrap">
            {mail.text}
          </pre>
        </article>
      ))}
    </Layout>
  );
}
