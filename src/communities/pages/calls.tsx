import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { ApplicationItem, ApplicationRow, CallRow } from '../calls.ts';
import { callOpen } from '../calls.ts';
import type { CommunityRow } from '../communities.ts';
import { Paragraphs, tr } from './components.tsx';

export function CallFormPage({
  request,
  community,
  values,
  errors,
}: {
  request: FastifyRequest;
  community: CommunityRow;
  values: Record<string, string | undefined>;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <Layout request={request} title={t('call.newTitle')}>
      <h1>{escapeHtml(t('call.newTitle'))}</h1>
      <p>
        <a href={`/communities/${community.slug}`}>{escapeHtml(t('back', { name: community.name }))}</a>
      </p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={`/communities/${community.slug}/calls/new`}>
        <Field name="title" label={t('call.title')} value={values.title} errors={errors} required />
        <Field name="description" label={t('call.description')} value={values.description} errors={errors} multiline />
        <Field
          name="questions"
          label={t('call.questions')}
          hint={t('call.questionsHint')}
          value={values.questions}
          errors={errors}
          multiline
        />
        <Field name="closesOn" type="date" label={t('call.closesOn')} value={values.closesOn} errors={errors} />
        <button type="submit">{escapeHtml(t('call.open'))}</button>
      </PostForm>
    </Layout>
  );
}

/** A call: its questions and the application form; for facilitators, the applications to decide on. */
export function CallPage({
  request,
  community,
  call,
  mine,
  applications,
  isFacilitator,
  values = {},
  errors,
}: {
  request: FastifyRequest;
  community: CommunityRow;
  call: CallRow;
  mine: ApplicationRow | null;
  applications: ApplicationItem[];
  isFacilitator: boolean;
  values?: Record<string, string | undefined>;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const open = callOpen(call);
  return (
    <Layout request={request} title={call.title}>
      <h1>{escapeHtml(call.title)}</h1>
      <p class="lead">
        {escapeHtml(community.name)}
        {call.closes_on ? escapeHtml(` · ${t('call.closes', { date: formatDate(request, call.closes_on) })}`) : ''}
        {open ? '' : escapeHtml(` · ${t('call.closed')}`)}
      </p>
      <Paragraphs text={call.description} />
      {mine ? <p class="notice">{escapeHtml(t(`call.status.${mine.status}`))}</p> : ''}
      {open ? (
        <section>
          <h2>{escapeHtml(t(mine ? 'call.changeAnswers' : 'call.apply'))}</h2>
          <ErrorSummary request={request} errors={errors} />
          <PostForm request={request} action={`/communities/calls/${call.id}/apply`}>
            {call.questions.map((q, i) => (
              <Field name={`answer${i}`} label={q} value={values[`answer${i}`] ?? mine?.answers[i]} errors={errors} multiline required />
            ))}
            <button type="submit">{escapeHtml(t('call.send'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
      {isFacilitator ? (
        <section>
          <h2>{escapeHtml(t('call.applications'))}</h2>
          {applications.length === 0 ? (
            <p>{escapeHtml(t('call.noApplications'))}</p>
          ) : (
            <ScrollTable label={t('call.applications')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{escapeHtml(t('member.name'))}</th>
                    {call.questions.map((q) => (
                      <th scope="col">{escapeHtml(q)}</th>
                    ))}
                    <th scope="col">{escapeHtml(t('call.decision'))}</th>
                  </tr>
                </thead>
                <tbody>
                  {applications.map((a) => (
                    <tr>
                      <td>{escapeHtml(a.name)}</td>
                      {call.questions.map((_, i) => (
                        <td>{escapeHtml(a.answers[i] ?? '')}</td>
                      ))}
                      <td>
                        <p>{escapeHtml(t(`call.status.${a.status}`))}</p>
                        <form method="post" action={`/communities/applications/${a.id}/decide`} class="inline-form" novalidate>
                          <input type="hidden" name="_csrf" value={request.csrfToken} />
                          <button type="submit" name="decision" value="select">
                            {escapeHtml(t('call.select'))}
                          </button>
                          <button type="submit" name="decision" value="admit" class="secondary">
                            {escapeHtml(t('call.admit'))}
                          </button>
                          <button type="submit" name="decision" value="decline" class="secondary">
                            {escapeHtml(t('call.decline'))}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}
          {open ? (
            <PostForm request={request} action={`/communities/calls/${call.id}/close`}>
              <button type="submit" class="secondary">
                {escapeHtml(t('call.close'))}
              </button>
            </PostForm>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
