import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { RuleItem } from '../badges.ts';
import type { CommunityRow } from '../communities.ts';
import { RULE_KINDS } from '../schema.ts';
import { tr } from './components.tsx';

/** A facilitator's page of the community's participation badges: the rules, who got them, a new rule. */
export function BadgesPage({
  request,
  community,
  rules,
  themes,
  values = {},
  errors,
}: {
  request: FastifyRequest;
  community: CommunityRow;
  rules: RuleItem[];
  themes: { id: string; title: string }[];
  values?: Record<string, string | undefined>;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const base = `/communities/${community.slug}/badges`;
  return (
    <Layout request={request} title={t('badges.pageTitle', { name: community.name })}>
      <h1>{escapeHtml(t('badges.pageTitle', { name: community.name }))}</h1>
      <p>
        <a href={`/communities/${community.slug}`}>{escapeHtml(t('back', { name: community.name }))}</a>
      </p>
      <p class="lead">{escapeHtml(t('badges.intro'))}</p>
      {rules.length === 0 ? (
        <p>{escapeHtml(t('badges.none'))}</p>
      ) : (
        <ScrollTable label={t('badges.rules')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('badges.rule'))}</th>
                <th scope="col">{escapeHtml(t('session.theme'))}</th>
                <th scope="col">{escapeHtml(t('badges.awarded'))}</th>
                <th scope="col">{escapeHtml(t('badges.state'))}</th>
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr>
                  <td>{escapeHtml(t(`badges.kind.${r.kind}`, { count: r.threshold }))}</td>
                  <td>{escapeHtml(r.themeTitle ?? t('badges.wholeCommunity'))}</td>
                  <td>
                    {r.awards.length === 0
                      ? '—'
                      : r.awards.map((a) => (
                          <>
                            <a href={`/credentials/${a.credentialId}`}>{escapeHtml(a.name)}</a> (
                            {escapeHtml(formatDate(request, a.issuedAt, { style: 'medium' }))})
                            <br />
                          </>
                        ))}
                  </td>
                  <td>
                    <PostForm request={request} action={`/communities/rules/${r.id}/active`}>
                      <input type="hidden" name="active" value={r.active ? 'off' : 'on'} />
                      <button type="submit" class="secondary">
                        {escapeHtml(t(r.active ? 'badges.pause' : 'badges.resume'))}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <PostForm request={request} action={`${base}/run`}>
        <button type="submit">{escapeHtml(t('badges.runNow'))}</button>
      </PostForm>
      <section>
        <h2>{escapeHtml(t('badges.newRule'))}</h2>
        <p class="hint">{escapeHtml(t('badges.newRuleHint'))}</p>
        <ErrorSummary request={request} errors={errors} />
        <PostForm request={request} action={base}>
          <Select
            name="kind"
            label={t('badges.when')}
            // The plural form with the letter N in place of the number (i18next picks a form only for a number).
            options={RULE_KINDS.map((k) => ({ value: k, label: t(`badges.kind.${k}_other`, { count: 'N' }) }))}
            value={values.kind ?? 'attended'}
            errors={errors}
          />
          <Field name="threshold" type="number" label={t('badges.threshold')} value={values.threshold ?? '3'} errors={errors} />
          <Select
            name="theme"
            label={t('session.theme')}
            options={[{ value: '', label: t('badges.wholeCommunity') }, ...themes.map((th) => ({ value: th.id, label: th.title }))]}
            value={values.theme ?? ''}
            errors={errors}
          />
          <Field name="name" label={t('badges.name')} value={values.name} errors={errors} required />
          <Field name="description" label={t('badges.description')} value={values.description} errors={errors} multiline required />
          <Field
            name="criteriaNarrative"
            label={t('badges.criteria')}
            hint={t('badges.criteriaHint')}
            value={values.criteriaNarrative}
            errors={errors}
            multiline
          />
          <button type="submit">{escapeHtml(t('badges.add'))}</button>
        </PostForm>
      </section>
    </Layout>
  );
}
