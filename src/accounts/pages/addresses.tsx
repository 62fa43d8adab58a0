import type { FastifyRequest } from 'fastify';
import type { EmailAddress } from '../addresses.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';

/** The account page's section of email addresses: the list, with resend and remove, and the form to add one. */
export function AddressesSection({
  request,
  addresses,
  errors,
  value,
}: {
  request: FastifyRequest;
  addresses: EmailAddress[];
  errors?: FormErrors;
  value?: string;
}) {
  const { t } = request;
  return (
    <div>
      <h2 id="addresses">{escapeHtml(t('accounts:addresses.title'))}</h2>
      <p>{escapeHtml(t('accounts:addresses.lead'))}</p>
      <ScrollTable label={t('accounts:addresses.title')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{escapeHtml(t('accounts:addresses.address'))}</th>
              <th scope="col">{escapeHtml(t('accounts:addresses.status'))}</th>
              <th scope="col">
                <span class="visually-hidden">{escapeHtml(t('accounts:addresses.actions'))}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {addresses.map((a) => (
              <tr>
                <td>{escapeHtml(a.email)}</td>
                <td>
                  {a.primary ? <span class="tag">{escapeHtml(t('accounts:addresses.primary'))}</span> : ''}{' '}
                  <span class="tag">{escapeHtml(t(a.confirmed ? 'accounts:addresses.confirmed' : 'accounts:addresses.waiting'))}</span>
                </td>
                <td>
                  {a.id && !a.confirmed ? (
                    <PostForm request={request} action={`/account/addresses/${a.id}/resend`}>
                      <button type="submit" class="secondary" aria-label={t('accounts:addresses.resendLabel', { email: a.email })}>
                        {escapeHtml(t('accounts:addresses.resend'))}
                      </button>
                    </PostForm>
                  ) : (
                    ''
                  )}
                  {a.id ? (
                    <PostForm request={request} action={`/account/addresses/${a.id}/remove`}>
                      <button type="submit" class="danger" aria-label={t('accounts:addresses.removeLabel', { email: a.email })}>
                        {escapeHtml(t('accounts:addresses.remove'))}
                      </button>
                    </PostForm>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/account/addresses">
        <Field
          name="email"
          type="email"
          label={t('accounts:addresses.newAddress')}
          hint={t('accounts:addresses.newAddressHint')}
          value={value}
          errors={errors}
          required
          autocomplete="email"
        />
        <button type="submit">{escapeHtml(t('accounts:addresses.add'))}</button>
      </PostForm>
    </div>
  );
}

/** The page a confirmation link opens: one button, so a mail scanner opening the link confirms nothing. */
export function ConfirmAddressPage({ request, token, error }: { request: FastifyRequest; token: string; error?: string }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:addresses.confirmTitle')}>
      <h1>{escapeHtml(t('accounts:addresses.confirmTitle'))}</h1>
      {error ? (
        <p class="error-message" role="alert">
          {escapeHtml(error)}
        </p>
      ) : (
        <>
          <p>{escapeHtml(t('accounts:addresses.confirmLead'))}</p>
          <PostForm request={request} action={`/account/addresses/confirm/${encodeURIComponent(token)}`}>
            <button type="submit">{escapeHtml(t('accounts:addresses.confirmButton'))}</button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}
