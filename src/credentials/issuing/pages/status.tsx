import type { FastifyRequest } from 'fastify';
import type { OrganisationRow } from '../../../accounts/api.ts';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { formatDate } from '../../../platform/pages/format.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../../platform/pages/forms.tsx';
import { Layout } from '../../../platform/pages/layout.tsx';
import type { IssuedCredential, StatusAction } from '../issue.ts';

const date = (d: Date | null | undefined, lang: string) => formatDate({ lang }, d);

/**
 * The confirmation step before a credential's status changes (revoking is final). A plain form:
 * the change happens only when this page's form is sent, with or without JavaScript.
 */
export function ConfirmStatusPage({
  request,
  organisation,
  credential,
  action,
  reason,
  errors,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  credential: IssuedCredential;
  action: StatusAction;
  reason?: string;
  errors?: FormErrors;
}) {
  const { t, lang } = request;
  const title = t(`credentials:badge.confirm.title.${action}`);
  const list = `/organisations/${organisation.slug}/credentials`;
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <p>
        {escapeHtml(
          t('credentials:badge.confirm.lead', {
            name: credential.name,
            recipient: credential.recipientName ?? credential.recipientEmail ?? credential.recipientDid ?? '',
            date: date(credential.awardedAt, lang),
          }),
        )}
      </p>
      <p class={action === 'revoke' ? 'notice' : ''}>{escapeHtml(t(`credentials:badge.confirm.warn.${action}`))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={`${list}/${credential.id}/status`}>
        <input type="hidden" name="action" value={action} />
        <input type="hidden" name="confirmed" value="yes" />
        <Field name="reason" label={t('credentials:badge.confirm.reason')} value={reason} errors={errors} required />
        <button type="submit" class={action === 'revoke' ? 'danger' : ''}>
          {escapeHtml(t(`credentials:badge.confirm.submit.${action}`))}
        </button>{' '}
        <a href={list}>{escapeHtml(t('credentials:badge.confirm.cancel'))}</a>
      </PostForm>
    </Layout>
  );
}
