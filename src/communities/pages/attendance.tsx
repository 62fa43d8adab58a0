import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { AttendanceRow, ThemeAttendance } from '../attendance.ts';
import type { CommunityAccess } from '../communities.ts';
import type { SessionRow } from '../sessions.ts';
import { tr } from './components.tsx';

/** The code and QR code, refreshed by htmx every ten seconds (the code changes every minute). */
export function LiveCode({ request, session, code }: { request: FastifyRequest; session: SessionRow; code: string }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <div id="live-code" hx-get={`/communities/sessions/${session.id}/code/live`} hx-trigger="every 10s" hx-swap="outerHTML">
      <p class="check-in-code" aria-live="polite">
        <span class="visually-hidden">{escapeHtml(t('checkIn.codeIs'))} </span>
        {escapeHtml(code)}
      </p>
      <img src={`/communities/sessions/${session.id}/code.svg?c=${code}`} alt={t('checkIn.qrAlt')} width="240" height="240" />
    </div>
  );
}

/** What the facilitator shows in the room. */
export function CodePage({ request, session, code }: { request: FastifyRequest; session: SessionRow; code: string }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <Layout request={request} title={t('checkIn.codeTitle', { title: session.title })}>
      <h1>{escapeHtml(t('checkIn.codeTitle', { title: session.title }))}</h1>
      <p class="lead">{escapeHtml(t('checkIn.codeIntro'))}</p>
      <LiveCode request={request} session={session} code={code} />
      <p>
        <a href={`/communities/sessions/${session.id}`}>{escapeHtml(t('checkIn.backToSession'))}</a>
      </p>
    </Layout>
  );
}

export function CheckInPage({
  request,
  session,
  code,
  errors,
}: {
  request: FastifyRequest;
  session: SessionRow;
  code: string;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <Layout request={request} title={t('checkIn.title', { title: session.title })}>
      <h1>{escapeHtml(t('checkIn.title', { title: session.title }))}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={`/communities/sessions/${session.id}/check-in`}>
        <Field
          name="code"
          label={t('checkIn.code')}
          hint={t('checkIn.codeHint')}
          value={code}
          errors={errors}
          autocomplete="one-time-code"
          required
        />
        <button type="submit">{escapeHtml(t('checkIn.submit'))}</button>
      </PostForm>
    </Layout>
  );
}

/** On the session page: check in (members), the attendance list and marks (facilitators). */
export function AttendanceSection({
  request,
  access,
  session,
  rows,
  open,
}: {
  request: FastifyRequest;
  access: CommunityAccess;
  session: SessionRow;
  rows: AttendanceRow[];
  open: boolean;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  if (!access.isMember) return '';
  const me = rows.find((r) => r.userId === request.user?.id);
  return (
    <section>
      <h2>{escapeHtml(t('checkIn.attendance'))}</h2>
      {me?.present ? (
        <p>{escapeHtml(t('checkIn.youAreIn'))}</p>
      ) : open ? (
        <p>
          <a class="button" href={`/communities/sessions/${session.id}/check-in`}>
            {escapeHtml(t('checkIn.submit'))}
          </a>
        </p>
      ) : (
        ''
      )}
      {access.isFacilitator ? (
        <>
          {open ? (
            <p>
              <a href={`/communities/sessions/${session.id}/code`}>{escapeHtml(t('checkIn.showCode'))}</a>
            </p>
          ) : (
            ''
          )}
          <ScrollTable label={t('checkIn.attendance')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(t('member.name'))}</th>
                  <th scope="col">{escapeHtml(t('checkIn.how'))}</th>
                  <th scope="col">{escapeHtml(t('checkIn.mark'))}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td>{escapeHtml(r.name)}</td>
                    <td>{r.present ? escapeHtml(t(`checkIn.method.${r.method}`)) : '—'}</td>
                    <td>
                      <form method="post" action={`/communities/sessions/${session.id}/attendance`} class="inline-form" novalidate>
                        <input type="hidden" name="_csrf" value={request.csrfToken} />
                        <input type="hidden" name="userId" value={r.userId} />
                        <input type="checkbox" id={`present-${r.userId}`} name="present" value="on" checked={r.present} />
                        <label for={`present-${r.userId}`}>{escapeHtml(t('checkIn.presentName', { name: r.name }))}</label>
                        <input
                          type="checkbox"
                          id={`presented-${r.userId}`}
                          name="contributions"
                          value="presented"
                          checked={r.contributions.includes('presented')}
                        />
                        <label for={`presented-${r.userId}`}>{escapeHtml(t('checkIn.presented'))}</label>
                        <button type="submit">{escapeHtml(t('form.save'))}</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      ) : (
        <p>{escapeHtml(t('checkIn.count', { count: rows.filter((r) => r.present).length }))}</p>
      )}
    </section>
  );
}

/** On a theme's page (members): who attended which of its sessions. */
export function ThemeAttendanceSection({ request, data }: { request: FastifyRequest; data: ThemeAttendance }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  if (data.sessions.length === 0) return '';
  return (
    <section>
      <h2>{escapeHtml(t('checkIn.themeAttendance'))}</h2>
      <ScrollTable label={t('checkIn.themeAttendance')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{escapeHtml(t('member.name'))}</th>
              {data.sessions.map((s) => (
                <th scope="col">{escapeHtml(formatDate(request, s.startsAt, { style: 'short' }))}</th>
              ))}
              <th scope="col">{escapeHtml(t('checkIn.total'))}</th>
            </tr>
          </thead>
          <tbody>
            {data.people.map((p) => (
              <tr>
                <td>{escapeHtml(p.name)}</td>
                {data.sessions.map((s) => (
                  <td>{p.attended.has(s.id) ? escapeHtml(t('checkIn.yes')) : '—'}</td>
                ))}
                <td>{escapeHtml(String(p.count))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}
