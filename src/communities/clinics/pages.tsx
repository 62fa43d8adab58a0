import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import { type SessionAccess, type SessionRow, sessionUrl } from '../notes/access.ts';
import { SessionHeader } from '../notes/nav.tsx';
import { Paragraphs, tr } from '../pages/components.tsx';
import type { ChallengeView } from './service.ts';

export interface FormState {
  errors?: FormErrors;
  /** Which form failed: 'add', or a challenge's id with what ('solution:<id>', 'summary:<id>', 'link:<id>'). */
  errorsFor?: string;
  values?: Record<string, string>;
}

function Solutions({
  request,
  access,
  challenge,
  base,
  state,
}: {
  request: FastifyRequest;
  access: SessionAccess;
  challenge: ChallengeView;
  base: string;
  state: FormState;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const me = request.user?.id;
  const errs = state.errorsFor === `solution:${challenge.id}` ? state.errors : undefined;
  return (
    <>
      <h3>{escapeHtml(t('clinic.solutions'))}</h3>
      {challenge.solutions.length === 0 ? (
        <p>{escapeHtml(t('clinic.noSolutions'))}</p>
      ) : (
        <ScrollTable label={t('clinic.solutionsOf', { title: challenge.title })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('clinic.solution'))}</th>
                <th scope="col">{escapeHtml(t('clinic.by'))}</th>
                <th scope="col">{escapeHtml(t('clinic.support'))}</th>
              </tr>
            </thead>
            <tbody>
              {challenge.solutions.map((s) => (
                <tr>
                  <td>
                    <Paragraphs text={s.body} />
                  </td>
                  <td>{escapeHtml(s.name)}</td>
                  <td>
                    {escapeHtml(t('clinic.votes', { count: s.votes }))}
                    {s.userId !== me ? (
                      <PostForm request={request} action={`${base}/solutions/${s.id}/support`}>
                        <input type="hidden" name="support" value={s.mine ? 'off' : 'on'} />
                        <button type="submit" class={s.mine ? 'secondary' : undefined}>
                          {escapeHtml(t(s.mine ? 'clinic.unsupport' : 'clinic.supportButton'))}
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
      )}
      {access.isMember ? (
        <PostForm request={request} action={`${base}/challenges/${challenge.id}/solutions`}>
          {errs ? <ErrorSummary request={request} errors={errs} /> : ''}
          <Field
            name="body"
            label={t('clinic.suggest')}
            hint={t('clinic.suggestHint')}
            value={errs ? state.values?.body : undefined}
            errors={errs}
            multiline
            required
          />
          <button type="submit">{escapeHtml(t('clinic.suggestButton'))}</button>
        </PostForm>
      ) : (
        ''
      )}
    </>
  );
}

/** A clinic session: the challenges presented, the solutions members suggest and support. */
export function ClinicPage({
  request,
  access,
  challenges,
  reflections,
  state = {},
}: {
  request: FastifyRequest;
  access: SessionAccess;
  challenges: ChallengeView[];
  reflections: SessionRow[];
  state?: FormState;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const base = sessionUrl(access, 'clinic');
  const isClinic = access.session.kind === 'clinic';
  return (
    <Layout request={request} title={`${t('clinic.title')} · ${access.session.title}`}>
      <SessionHeader request={request} access={access} title={t('clinic.title')} />
      <p class="lead">{escapeHtml(t(isClinic ? 'clinic.intro' : 'clinic.notClinic'))}</p>
      {challenges.map((c) => (
        <section class="panel" aria-labelledby={`c-${c.id}`}>
          <h2 id={`c-${c.id}`}>{escapeHtml(c.title)}</h2>
          <p class="meta">{escapeHtml(t('clinic.presentedBy', { name: c.presenterName }))}</p>
          <Paragraphs text={c.body} />
          <Solutions request={request} access={access} challenge={c} base={base} state={state} />
          {access.isFacilitator ? (
            <PostForm request={request} action={`${base}/challenges/${c.id}/reflection`}>
              {state.errorsFor === `link:${c.id}` ? <ErrorSummary request={request} errors={state.errors} /> : ''}
              <Select
                name="reflection"
                label={t('clinic.gatheredBy')}
                value={c.reflection_session_id ?? ''}
                errors={state.errorsFor === `link:${c.id}` ? state.errors : undefined}
                options={[
                  { value: '', label: t('clinic.noReflection') },
                  ...reflections.map((r) => ({ value: r.id, label: `${r.title} · ${formatDate(request, r.starts_at)}` })),
                ]}
              />
              <button type="submit">{escapeHtml(t('clinic.link'))}</button>
            </PostForm>
          ) : c.reflection_session_id ? (
            <p>
              <a href={`/communities/${encodeURIComponent(access.community.slug)}/sessions/${c.reflection_session_id}/reflection`}>
                {escapeHtml(t('clinic.toReflection'))}
              </a>
            </p>
          ) : (
            ''
          )}
        </section>
      ))}
      {isClinic && challenges.length === 0 ? <p>{escapeHtml(t('clinic.none'))}</p> : ''}
      {isClinic ? (
        <section class="panel" aria-labelledby="present-heading">
          <h2 id="present-heading">{escapeHtml(t('clinic.present'))}</h2>
          <PostForm request={request} action={`${base}/challenges`}>
            {state.errorsFor === 'add' ? <ErrorSummary request={request} errors={state.errors} /> : ''}
            <Field
              name="title"
              label={t('clinic.challengeTitle')}
              value={state.errorsFor === 'add' ? state.values?.title : undefined}
              errors={state.errorsFor === 'add' ? state.errors : undefined}
              required
            />
            <Field
              name="body"
              label={t('clinic.challengeBody')}
              hint={t('clinic.challengeHint')}
              value={state.errorsFor === 'add' ? state.values?.body : undefined}
              errors={state.errorsFor === 'add' ? state.errors : undefined}
              multiline
              required
            />
            <button type="submit">{escapeHtml(t('clinic.presentButton'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** A reflection session: the challenges it gathers, their solutions by support, and what they come to. */
export function ReflectionPage({
  request,
  access,
  challenges,
  state = {},
}: {
  request: FastifyRequest;
  access: SessionAccess;
  challenges: ChallengeView[];
  state?: FormState;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const base = sessionUrl(access, 'reflection');
  return (
    <Layout request={request} title={`${t('reflection.title')} · ${access.session.title}`}>
      <SessionHeader request={request} access={access} title={t('reflection.title')} />
      <p class="lead">{escapeHtml(t('reflection.intro'))}</p>
      {challenges.length === 0 ? <p>{escapeHtml(t('reflection.none'))}</p> : ''}
      {challenges.map((c) => {
        const errs = state.errorsFor === `summary:${c.id}` ? state.errors : undefined;
        return (
          <section class="panel" aria-labelledby={`c-${c.id}`}>
            <h2 id={`c-${c.id}`}>{escapeHtml(c.title)}</h2>
            <p class="meta">
              {escapeHtml(t('clinic.presentedBy', { name: c.presenterName }))}
              {' · '}
              <a href={`/communities/${encodeURIComponent(access.community.slug)}/sessions/${c.session_id}/clinic`}>
                {escapeHtml(t('reflection.toClinic'))}
              </a>
            </p>
            <Paragraphs text={c.body} />
            <Solutions request={request} access={access} challenge={c} base={base} state={state} />
            <h3>{escapeHtml(t('reflection.summary'))}</h3>
            {c.reflection_summary ? <Paragraphs text={c.reflection_summary} /> : <p>{escapeHtml(t('reflection.noSummary'))}</p>}
            {access.isFacilitator ? (
              <PostForm request={request} action={`${base}/challenges/${c.id}/summary`}>
                {errs ? <ErrorSummary request={request} errors={errs} /> : ''}
                <Field
                  name="summary"
                  label={t('reflection.summaryField')}
                  value={errs ? state.values?.summary : c.reflection_summary}
                  errors={errs}
                  multiline
                />
                <button type="submit">{escapeHtml(t('reflection.save'))}</button>
              </PostForm>
            ) : (
              ''
            )}
          </section>
        );
      })}
    </Layout>
  );
}
