import { webUrl } from '../../platform/pages/urls.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FastifyRequest } from 'fastify';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { checkText } from './messages.ts';
import type { Verdict } from './types.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';

export interface VerifyFormValues {
  text?: string;
  url?: string;
  allowNetwork?: boolean;
  recipientEmail?: string;
}

const SYMBOLS: Record<string, string> = { ok: '✓', failed: '✗', warning: '!', skipped: '–' };

function credentialDate(request: FastifyRequest, value: string | undefined): string {
  if (!value) return '';
  // What the credential says, to the minute and in UTC, as it is written in it.
  const formatted = formatDate(request, value, { time: true, timeZone: 'UTC' });
  return formatted ? `${formatted} UTC` : value;
}

/**
 * A hashed recipient identity: its kind in the reader's language (an email address, a name…), or as
 * the credential writes it for a kind without a text here. The caller escapes it: it comes from the credential.
 */
function hashedIdentity(t: FastifyRequest['t'], type: string | undefined): string {
  const kind =
    type && /^[A-Za-z]{1,40}$/.test(type) ? t(`credentials:verify.result.identityTypes.${type}`, { defaultValue: type }) : (type ?? '');
  return t('credentials:verify.result.hashedIdentity', { kind });
}

/**
 * A verdict check by check, as a table (status in words and a symbol, never colour alone), followed
 * by what the credential says. Reusable by other pages (the public credential page).
 */
export function VerdictReport({ request, verdict }: { request: FastifyRequest; verdict: Verdict }) {
  const { t } = request;
  const warnings = verdict.checks.some((c) => c.status === 'warning');
  const headline = verdict.valid
    ? warnings
      ? t('credentials:verify.result.validWithWarnings')
      : t('credentials:verify.result.valid')
    : t('credentials:verify.result.invalid');
  const subject = verdict.recipient;
  return (
    <section aria-labelledby="verdict-heading" class="verdict">
      <h2 id="verdict-heading">{escapeHtml(t('credentials:verify.result.heading'))}</h2>
      <p class={verdict.valid ? 'flash flash-success' : 'flash flash-error'} role="status" data-valid={String(verdict.valid)}>
        <strong>
          {verdict.valid ? '✓ ' : '✗ '}
          {escapeHtml(headline)}
        </strong>
      </p>
      <ScrollTable label={t('credentials:verify.result.checks')}>
        <table class="verdict-checks">
          <caption>{escapeHtml(t('credentials:verify.result.checks'))}</caption>
          <thead>
            <tr>
              <th scope="col">{escapeHtml(t('credentials:verify.result.check'))}</th>
              <th scope="col">{escapeHtml(t('credentials:verify.result.status'))}</th>
              <th scope="col">{escapeHtml(t('credentials:verify.result.message'))}</th>
            </tr>
          </thead>
          <tbody>
            {verdict.checks.map((c) => (
              <tr data-check={c.check} data-status={c.status}>
                <th scope="row">{escapeHtml(t(`credentials:verify.checks.${c.check}`))}</th>
                <td>
                  <span aria-hidden="true">{escapeHtml(SYMBOLS[c.status])} </span>
                  {escapeHtml(t(`credentials:verify.statuses.${c.status}`))}
                </td>
                <td>{escapeHtml(checkText(t, c))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <h3>{escapeHtml(t('credentials:verify.result.details'))}</h3>
      <dl class="verdict-details">
        {verdict.name ? (
          <>
            <dt>{escapeHtml(t('credentials:verify.result.name'))}</dt>
            <dd>{escapeHtml(verdict.name)}</dd>
          </>
        ) : (
          ''
        )}
        {verdict.issuer?.id ? (
          <>
            <dt>{escapeHtml(t('credentials:verify.result.issuer'))}</dt>
            <dd>
              {verdict.issuer.name ? `${escapeHtml(verdict.issuer.name)} ` : ''}
              <span class="muted">({escapeHtml(verdict.issuer.id)})</span>
            </dd>
          </>
        ) : (
          ''
        )}
        {subject && (subject.name || subject.id || subject.identities?.length) ? (
          <>
            <dt>{escapeHtml(t('credentials:verify.result.recipient'))}</dt>
            <dd>
              {escapeHtml(subject.name) ?? escapeHtml(subject.id) ?? ''}
              {subject.identities?.map((i) => (
                <span class="muted"> {escapeHtml(i.hashed ? hashedIdentity(t, i.type) : (i.identity ?? ''))}</span>
              ))}
            </dd>
          </>
        ) : (
          ''
        )}
        {verdict.validFrom ? (
          <>
            <dt>{escapeHtml(t('credentials:verify.result.validFrom'))}</dt>
            <dd>{escapeHtml(credentialDate(request, verdict.validFrom))}</dd>
          </>
        ) : (
          ''
        )}
        {verdict.validUntil ? (
          <>
            <dt>{escapeHtml(t('credentials:verify.result.validUntil'))}</dt>
            <dd>{escapeHtml(credentialDate(request, verdict.validUntil))}</dd>
          </>
        ) : (
          ''
        )}
        <dt>{escapeHtml(t('credentials:verify.result.format'))}</dt>
        <dd>
          {verdict.format}
          {verdict.source === 'png' || verdict.source === 'svg' ? ` (${escapeHtml(verdict.source.toUpperCase())})` : ''}
        </dd>
      </dl>
      <h3>{escapeHtml(t('credentials:verify.result.skills'))}</h3>
      {verdict.skills.length ? (
        <ul class="verdict-skills">
          {verdict.skills.map((s) => (
            <li>
              {webUrl(s.targetUrl) ? (
                <a href={webUrl(s.targetUrl) ?? ''}>{escapeHtml(s.targetName ?? s.targetUrl)}</a>
              ) : (
                escapeHtml(s.targetName ?? s.targetCode ?? '')
              )}
              {s.targetFramework ? <span class="muted"> ({escapeHtml(s.targetFramework)})</span> : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{escapeHtml(t('credentials:verify.result.noSkills'))}</p>
      )}
    </section>
  );
}

export function VerifyPage({
  request,
  values = {},
  errors,
  verdict,
  unusable,
}: {
  request: FastifyRequest;
  values?: VerifyFormValues;
  errors?: FormErrors;
  verdict?: Verdict;
  unusable?: string;
}) {
  const { t } = request;
  return (
    <Layout request={request} title={t('credentials:verify.title')} description={t('credentials:verify.lead')}>
      <h1>{escapeHtml(t('credentials:verify.title'))}</h1>
      <p class="lead">{escapeHtml(t('credentials:verify.lead'))}</p>
      {unusable ? (
        <div class="flash flash-error" role="alert">
          <strong>{escapeHtml(t('credentials:verify.result.unusable'))}: </strong>
          {escapeHtml(unusable)}
        </div>
      ) : (
        ''
      )}
      {verdict ? <VerdictReport request={request} verdict={verdict} /> : ''}
      {verdict ? <h2>{escapeHtml(t('credentials:verify.result.again'))}</h2> : ''}
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/verify" multipart>
        <Field
          name="file"
          type="file"
          label={t('credentials:verify.form.file')}
          hint={t('credentials:verify.form.fileHint')}
          errors={errors}
        />
        <Field
          name="text"
          label={t('credentials:verify.form.text')}
          hint={t('credentials:verify.form.textHint')}
          value={values.text}
          errors={errors}
          multiline
        />
        <Field
          name="url"
          type="url"
          label={t('credentials:verify.form.url')}
          hint={t('credentials:verify.form.urlHint')}
          value={values.url}
          errors={errors}
        />
        <Checkbox name="allowNetwork" label={t('credentials:verify.form.allowNetwork')} checked={values.allowNetwork} errors={errors} />
        <Field
          name="recipientEmail"
          type="email"
          label={t('credentials:verify.form.recipient')}
          hint={t('credentials:verify.form.recipientHint')}
          value={values.recipientEmail}
          errors={errors}
          autocomplete="off"
        />
        <p>
          <button type="submit" class="button">
            {escapeHtml(t('credentials:verify.form.submit'))}
          </button>
        </p>
      </PostForm>
    </Layout>
  );
}
