import { linkUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { checkText, type Verdict } from '../../credentials/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Endorsement } from '../service.ts';
import { e } from './section.tsx';

/** `/endorsements/:id`: what is endorsed, by whom, the comment, its live verification, and revoking it for the endorser. */
export function EndorsementPage({
  request,
  endorsement,
  verdict,
  subjectUrl,
  canRevoke,
  errors,
}: {
  request: FastifyRequest;
  endorsement: Endorsement;
  verdict: Verdict | null;
  /** A page of the subject to link to, when there is one. */
  subjectUrl: string | null;
  canRevoke: boolean;
  errors?: FormErrors;
}) {
  const { t } = request;
  const title = e(request, 'page.title', { organisation: endorsement.endorserName, subject: endorsement.subjectName });
  const person = endorsement.endorserKind === 'person';
  const issuer = (endorsement.document.issuer ?? {}) as { id?: string };
  const revoked = endorsement.state === 'revoked';
  return (
    <Layout request={request} title={title}>
      <h1>
        {escapeHtml(title)} {revoked ? <span class="tag">{escapeHtml(e(request, 'section.revoked'))}</span> : ''}
      </h1>
      {revoked && endorsement.revokedAt ? (
        <p class="notice">
          {escapeHtml(
            e(request, 'section.revokedOn', { date: formatDate(request, endorsement.revokedAt), reason: endorsement.revokedReason ?? '' }),
          )}
        </p>
      ) : (
        ''
      )}
      <dl>
        <dt>{escapeHtml(e(request, 'page.subject'))}</dt>
        <dd>
          {escapeHtml(e(request, `page.kinds.${endorsement.subjectKind}`))}:{' '}
          {linkUrl(subjectUrl) ? (
            <a href={linkUrl(subjectUrl) ?? ''}>{escapeHtml(endorsement.subjectName)}</a>
          ) : (
            escapeHtml(endorsement.subjectName)
          )}
          <br />
          <code>{escapeHtml(endorsement.subjectUri)}</code>
        </dd>
        <dt>{escapeHtml(e(request, 'page.endorser'))}</dt>
        <dd>
          {escapeHtml(endorsement.endorserName)}
          {person ? (
            <>
              {' '}
              <span class="tag">{escapeHtml(e(request, 'section.byPerson'))}</span>
              <br />
              <code>{escapeHtml(String(issuer.id ?? ''))}</code>
            </>
          ) : (
            ''
          )}
        </dd>
        <dt>{escapeHtml(e(request, 'page.date'))}</dt>
        <dd>{escapeHtml(formatDate(request, endorsement.createdAt))}</dd>
        <dt>{escapeHtml(e(request, 'page.comment'))}</dt>
        <dd>
          <blockquote>{escapeHtml(endorsement.comment)}</blockquote>
        </dd>
      </dl>
      <h2>{escapeHtml(e(request, 'page.verification'))}</h2>
      {verdict ? (
        <>
          <p class={verdict.valid ? '' : 'notice'}>
            {escapeHtml(verdict.valid ? e(request, 'page.valid', { organisation: endorsement.endorserName }) : e(request, 'page.invalid'))}
          </p>
          <ScrollTable label={e(request, 'page.verification')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(e(request, 'page.check'))}</th>
                  <th scope="col">{escapeHtml(e(request, 'page.result'))}</th>
                </tr>
              </thead>
              <tbody>
                {verdict.checks.map((c) => (
                  <tr>
                    <th scope="row">{escapeHtml(t(`credentials:verify.checks.${c.check}`, { defaultValue: c.check }))}</th>
                    <td>
                      <strong>{escapeHtml(e(request, `page.statuses.${c.status}`))}</strong>: {escapeHtml(checkText(t, c))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      ) : (
        <p>{escapeHtml(e(request, 'page.invalid'))}</p>
      )}
      <p>
        <a href={`/endorsements/${endorsement.id}/credential.json`} download="">
          {escapeHtml(e(request, 'page.download'))}
        </a>
      </p>
      {canRevoke && !revoked ? (
        <section aria-labelledby="revoke" class="panel">
          <h2 id="revoke">{escapeHtml(e(request, 'page.revokeTitle'))}</h2>
          <ErrorSummary request={request} errors={errors} />
          <PostForm
            request={request}
            action={person ? `/endorsements/personal/${endorsement.id}/revoke` : `/endorsements/${endorsement.id}/revoke`}
          >
            <Field name="reason" label={e(request, 'page.reason')} errors={errors} required />
            <button type="submit">{escapeHtml(e(request, 'page.revoke'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
