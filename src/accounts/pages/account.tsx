import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FastifyRequest } from 'fastify';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { CurrentUser } from '../sessions.ts';
import type { ApiTokenInfo } from '../tokens.ts';
import { formatDateTime } from '../../platform/pages/format.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { EmailAddress } from '../addresses.ts';
import { AddressesSection } from './addresses.tsx';

export interface AccountPageProps {
  request: FastifyRequest;
  user: CurrentUser;
  tokens: ApiTokenInfo[];
  values?: Record<string, string>;
  errors?: FormErrors;
  tokenErrors?: FormErrors;
  newToken?: string;
  /** The person's email addresses (src/accounts/addresses.ts); the section shows when given. */
  addresses?: EmailAddress[];
  addressErrors?: FormErrors;
  addressValue?: string;
}

export function AccountPage({
  request,
  user,
  tokens,
  values,
  errors,
  tokenErrors,
  newToken,
  addresses,
  addressErrors,
  addressValue,
}: AccountPageProps) {
  const { t } = request;
  const profile = values ?? { name: user.name, locale: user.locale ?? '' };
  return (
    <Layout request={request} title={t('accounts:account.title')}>
      <h1>{escapeHtml(t('accounts:account.title'))}</h1>
      <p>
        {escapeHtml(user.email)} ·{' '}
        {user.emailConfirmed ? (
          <span class="tag">{escapeHtml(t('accounts:account.confirmed'))}</span>
        ) : (
          <span class="tag">{escapeHtml(t('accounts:account.notConfirmed'))}</span>
        )}
      </p>
      {user.emailConfirmed ? (
        ''
      ) : (
        <div class="notice">
          <p>{escapeHtml(t('accounts:confirm.unconfirmed'))}</p>
          <PostForm request={request} action="/confirm/resend">
            <input type="hidden" name="email" value={user.email} />
            <button type="submit" class="secondary">
              {escapeHtml(t('accounts:account.resend'))}
            </button>
          </PostForm>
        </div>
      )}
      {user.isOperator ? (
        <p>
          {escapeHtml(t('accounts:account.operator'))} <a href="/admin/organisations">{escapeHtml(t('accounts:admin.organisations'))}</a> ·{' '}
          <a href="/admin/outbox">{escapeHtml(t('accounts:admin.outbox'))}</a>
        </p>
      ) : (
        ''
      )}

      <h2>{escapeHtml(t('accounts:account.profile'))}</h2>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/account">
        <Field name="name" label={t('accounts:fields.name')} value={profile.name} errors={errors} required autocomplete="name" />
        <Select
          name="locale"
          label={t('accounts:fields.locale')}
          value={profile.locale}
          errors={errors}
          options={[
            { value: '', label: t('accounts:fields.localeBrowser') },
            { value: 'en', label: 'English' },
            { value: 'nl', label: 'Nederlands' },
          ]}
        />
        <button type="submit">{escapeHtml(t('platform:form.save'))}</button>
      </PostForm>

      {addresses ? <AddressesSection request={request} addresses={addresses} errors={addressErrors} value={addressValue} /> : ''}

      <h2 id="tokens">{escapeHtml(t('accounts:account.tokens'))}</h2>
      <p>
        {escapeHtml(t('accounts:account.tokensLead'))} <a href="/api/docs">/api/docs</a>.
      </p>
      {newToken ? (
        <div class="flash flash-success" role="status">
          <p>{escapeHtml(t('accounts:account.newToken'))}</p>
          <label for="new-token">{escapeHtml(t('accounts:account.newTokenLabel'))}</label>
          <input id="new-token" type="text" readonly value={newToken} size="60" class="token" />
        </div>
      ) : (
        ''
      )}
      {tokens.length === 0 ? (
        <p>{escapeHtml(t('accounts:account.noTokens'))}</p>
      ) : (
        <ScrollTable label={t('accounts:account.tokens')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('accounts:fields.name'))}</th>
                <th scope="col">{escapeHtml(t('accounts:account.prefix'))}</th>
                <th scope="col">{escapeHtml(t('accounts:account.created'))}</th>
                <th scope="col">{escapeHtml(t('accounts:account.lastUsed'))}</th>
                <th scope="col">
                  <span class="visually-hidden">{escapeHtml(t('accounts:account.revoke'))}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr>
                  <td>{escapeHtml(token.name)}</td>
                  <td>
                    <code>{escapeHtml(token.prefix)}…</code>
                  </td>
                  <td>{escapeHtml(formatDateTime(request, token.createdAt))}</td>
                  <td>
                    {token.lastUsedAt ? escapeHtml(formatDateTime(request, token.lastUsedAt)) : escapeHtml(t('accounts:account.never'))}
                  </td>
                  <td>
                    <PostForm request={request} action={`/account/tokens/${token.id}/revoke`}>
                      <button type="submit" class="danger" aria-label={t('accounts:account.revokeLabel', { name: token.name })}>
                        {escapeHtml(t('accounts:account.revoke'))}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <ErrorSummary request={request} errors={tokenErrors} />
      <PostForm request={request} action="/account/tokens">
        <Field
          name="tokenName"
          label={t('accounts:fields.tokenName')}
          hint={t('accounts:fields.tokenNameHint')}
          errors={tokenErrors}
          required
          autocomplete="off"
        />
        <button type="submit">{escapeHtml(t('accounts:account.createToken'))}</button>
      </PostForm>

      <h2 id="apps">{escapeHtml(t('accounts:apps.title'))}</h2>
      <p>
        {escapeHtml(t('accounts:apps.lead'))} <a href="/account/apps">{escapeHtml(t('accounts:apps.link'))}</a>
      </p>

      <h2 id="personal-data">{escapeHtml(t('accounts:personalData.title'))}</h2>
      <p>
        {escapeHtml(t('accounts:personalData.lead'))} <a href="/backpack/data">{escapeHtml(t('accounts:personalData.link'))}</a>
      </p>
    </Layout>
  );
}
