import type { FastifyRequest } from 'fastify';
import type { NetworkAchievement } from '../../credentials/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Endorsement } from '../service.ts';
import { e } from './section.tsx';

export interface EndorseValues {
  subjectType: string;
  achievementId: string;
  issuerId: string;
  credential: string;
  comment: string;
}

/** `/organisations/:slug/endorsements`: what the organisation endorsed, and the form to endorse something. */
export function ManagePage({
  request,
  organisation,
  given,
  achievements,
  issuers,
  values,
  errors,
}: {
  request: FastifyRequest;
  organisation: { slug: string; name: string };
  given: Endorsement[];
  /** Badges of other organisations. */
  achievements: NetworkAchievement[];
  /** Other issuers of the network. */
  issuers: { id: string; name: string }[];
  values: EndorseValues;
  errors?: FormErrors;
}) {
  const m = (key: string, options?: Record<string, unknown>) => e(request, `manage.${key}`, options);
  const title = m('title', { organisation: organisation.name });
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">{escapeHtml(m('lead'))}</p>
      <h2>{escapeHtml(m('given'))}</h2>
      {given.length === 0 ? (
        <p>{escapeHtml(m('none'))}</p>
      ) : (
        <ScrollTable label={m('given')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(m('subject'))}</th>
                <th scope="col">{escapeHtml(m('kind'))}</th>
                <th scope="col">{escapeHtml(m('state'))}</th>
                <th scope="col">{escapeHtml(m('date'))}</th>
              </tr>
            </thead>
            <tbody>
              {given.map((g) => (
                <tr>
                  <td>
                    <a href={`/endorsements/${g.id}`}>{escapeHtml(g.subjectName)}</a>
                  </td>
                  <td>{escapeHtml(e(request, `page.kinds.${g.subjectKind}`))}</td>
                  <td>{escapeHtml(g.state === 'active' ? m('active') : e(request, 'section.revoked'))}</td>
                  <td>{escapeHtml(formatDate(request, g.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <section aria-labelledby="endorse" class="panel">
        <h2 id="endorse">{escapeHtml(m('newTitle'))}</h2>
        <ErrorSummary request={request} errors={errors} />
        <PostForm request={request} action={`/organisations/${organisation.slug}/endorsements`}>
          <Select
            name="subjectType"
            label={m('subjectType')}
            value={values.subjectType}
            errors={errors}
            options={(['achievement', 'issuer', 'credential'] as const).map((k) => ({ value: k, label: e(request, `page.kinds.${k}`) }))}
          />
          <Select
            name="achievementId"
            label={m('achievementId')}
            value={values.achievementId}
            errors={errors}
            options={[{ value: '', label: '—' }, ...achievements.map((a) => ({ value: a.id, label: `${a.name} (${a.organisationName})` }))]}
          />
          <Select
            name="issuerId"
            label={m('issuerId')}
            value={values.issuerId}
            errors={errors}
            options={[{ value: '', label: '—' }, ...issuers.map((i) => ({ value: i.id, label: i.name }))]}
          />
          <Field name="credential" label={m('credential')} hint={m('credentialHint')} value={values.credential} errors={errors} />
          <Field name="comment" label={m('comment')} hint={m('commentHint')} value={values.comment} errors={errors} multiline required />
          <button type="submit">{escapeHtml(m('submit'))}</button>
        </PostForm>
      </section>
    </Layout>
  );
}
