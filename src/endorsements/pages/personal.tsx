import type { FastifyRequest } from 'fastify';
import type { NetworkAchievement } from '../../credentials/api.ts';
import type { AppError } from '../../platform/errors.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Endorsement } from '../service.ts';
import type { EndorseValues } from './manage.tsx';
import { e } from './section.tsx';

/** `/endorsements/personal`: what the person endorsed as themselves, and (where the network allows) the form to endorse. */
export function PersonalPage({
  request,
  refusal,
  given,
  achievements,
  issuers,
  values,
  errors,
}: {
  request: FastifyRequest;
  /** Why the person may not endorse now (setting off, address not confirmed); null when they may. */
  refusal: AppError | null;
  given: Endorsement[];
  achievements: NetworkAchievement[];
  issuers: { id: string; name: string }[];
  values: EndorseValues;
  errors?: FormErrors;
}) {
  const m = (key: string, options?: Record<string, unknown>) => e(request, `personal.${key}`, options);
  return (
    <Layout request={request} title={m('title')}>
      <h1>{escapeHtml(m('title'))}</h1>
      <p class="lead">{escapeHtml(m('lead'))}</p>
      {refusal ? <p class="notice">{escapeHtml(request.t(refusal.code, refusal.params))}</p> : ''}
      <h2>{escapeHtml(m('given'))}</h2>
      {given.length === 0 ? (
        <p>{escapeHtml(m('none'))}</p>
      ) : (
        <ScrollTable label={m('given')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(e(request, 'manage.subject'))}</th>
                <th scope="col">{escapeHtml(e(request, 'manage.kind'))}</th>
                <th scope="col">{escapeHtml(e(request, 'manage.state'))}</th>
                <th scope="col">{escapeHtml(e(request, 'manage.date'))}</th>
              </tr>
            </thead>
            <tbody>
              {given.map((g) => (
                <tr>
                  <td>
                    <a href={`/endorsements/${g.id}`}>{escapeHtml(g.subjectName)}</a>
                  </td>
                  <td>{escapeHtml(e(request, `page.kinds.${g.subjectKind}`))}</td>
                  <td>{escapeHtml(g.state === 'active' ? e(request, 'manage.active') : e(request, 'section.revoked'))}</td>
                  <td>{escapeHtml(formatDate(request, g.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {refusal ? (
        ''
      ) : (
        <section aria-labelledby="endorse" class="panel">
          <h2 id="endorse">{escapeHtml(m('newTitle'))}</h2>
          <p>{escapeHtml(m('signedAs', { name: request.user?.name ?? '' }))}</p>
          <ErrorSummary request={request} errors={errors} />
          <PostForm request={request} action="/endorsements/personal">
            <Select
              name="subjectType"
              label={e(request, 'manage.subjectType')}
              value={values.subjectType}
              errors={errors}
              options={(['achievement', 'issuer', 'credential'] as const).map((k) => ({ value: k, label: e(request, `page.kinds.${k}`) }))}
            />
            <Select
              name="achievementId"
              label={e(request, 'manage.achievementId')}
              value={values.achievementId}
              errors={errors}
              options={[
                { value: '', label: '—' },
                ...achievements.map((a) => ({ value: a.id, label: `${a.name} (${a.organisationName})` })),
              ]}
            />
            <Select
              name="issuerId"
              label={e(request, 'manage.issuerId')}
              value={values.issuerId}
              errors={errors}
              options={[{ value: '', label: '—' }, ...issuers.map((i) => ({ value: i.id, label: i.name }))]}
            />
            <Field
              name="credential"
              label={e(request, 'manage.credential')}
              hint={e(request, 'manage.credentialHint')}
              value={values.credential}
              errors={errors}
            />
            <Field name="comment" label={m('comment')} hint={m('commentHint')} value={values.comment} errors={errors} multiline required />
            <button type="submit">{escapeHtml(m('submit'))}</button>
          </PostForm>
        </section>
      )}
    </Layout>
  );
}

/** `/admin/endorsements`: the operator's setting for endorsements by people. */
export function SettingsPage({ request, allowed, errors }: { request: FastifyRequest; allowed: boolean; errors?: FormErrors }) {
  const m = (key: string) => e(request, `settings.${key}`);
  return (
    <Layout request={request} title={m('title')}>
      <h1>{escapeHtml(m('title'))}</h1>
      <p class="lead">{escapeHtml(m('lead'))}</p>
      <p>
        <strong>{escapeHtml(allowed ? m('on') : m('off'))}</strong>
      </p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/admin/endorsements">
        <Checkbox name="peopleMayEndorse" label={m('peopleMayEndorse')} hint={m('hint')} checked={allowed} errors={errors} />
        <button type="submit">{escapeHtml(m('save'))}</button>
      </PostForm>
    </Layout>
  );
}

/**
 * The home page's panel: for the operator, whether people may endorse (and where to change it);
 * for others, where the network allows it, the way to their own endorsements.
 */
export function EndorsementsPanel({ request, allowed, given }: { request: FastifyRequest; allowed: boolean; given: number }) {
  const operator = request.user?.isOperator === true;
  return (
    <section class="panel aside" aria-labelledby="endorsements-panel">
      <h2 id="endorsements-panel">{escapeHtml(e(request, 'panel.title'))}</h2>
      {operator ? (
        <p>
          {escapeHtml(e(request, allowed ? 'settings.on' : 'settings.off'))}{' '}
          <a href="/admin/endorsements">{escapeHtml(e(request, 'panel.settings'))}</a>
        </p>
      ) : (
        ''
      )}
      {allowed || given > 0 ? (
        <p>
          {escapeHtml(e(request, allowed ? 'panel.lead' : 'panel.given', { count: given }))}{' '}
          <a href="/endorsements/personal">{escapeHtml(e(request, 'personal.title'))}</a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}
