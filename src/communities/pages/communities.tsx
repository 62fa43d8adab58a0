import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { CommunityRow, CommunitySummary } from '../communities.ts';
import { PROVINCES } from '../../labour-market/api.ts';
import { VISIBILITIES } from '../schema.ts';
import { tr } from './components.tsx';

export function CommunitiesPage({ request, items, canStart }: { request: FastifyRequest; items: CommunitySummary[]; canStart: boolean }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <Layout request={request} title={t('list.title')}>
      <h1>{escapeHtml(t('list.title'))}</h1>
      <p class="lead">{escapeHtml(t('list.intro'))}</p>
      <p class="actions">
        {canStart ? (
          <a class="button" href="/communities/new">
            {escapeHtml(t('list.start'))}
          </a>
        ) : (
          ''
        )}
        <a href="/communities/my-actions">{escapeHtml(t('actions.mine'))}</a>
        <a href="/communities/calendar">{escapeHtml(t('calendar.title'))}</a>
      </p>
      {items.length === 0 ? (
        <p>{escapeHtml(t('list.none'))}</p>
      ) : (
        <ScrollTable label={t('list.table')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('community.name'))}</th>
                <th scope="col">{escapeHtml(t('community.host'))}</th>
                <th scope="col">{escapeHtml(t('community.visibility'))}</th>
                <th scope="col">{escapeHtml(t('list.members'))}</th>
                <th scope="col">{escapeHtml(t('list.you'))}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr>
                  <td>
                    <a href={`/communities/${item.community.slug}`}>{escapeHtml(item.community.name)}</a>
                  </td>
                  <td>{escapeHtml(item.organisationName)}</td>
                  <td>{escapeHtml(t(`visibility.${item.community.visibility}`))}</td>
                  <td>{escapeHtml(String(item.members))}</td>
                  <td>{item.role ? escapeHtml(t(`role.${item.role}`)) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

export interface CommunityFormValues {
  organisation?: string;
  name?: string;
  purpose?: string;
  visibility?: string;
  province?: string | null;
  municipality?: string | null;
}

/** Starting a community (no `community`) or changing one. */
export function CommunityFormPage({
  request,
  organisations,
  community,
  values,
  errors,
}: {
  request: FastifyRequest;
  organisations: { slug: string; name: string }[];
  community?: CommunityRow;
  values: CommunityFormValues;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const title = community ? t('community.editTitle', { name: community.name }) : t('community.newTitle');
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={community ? `/communities/${community.slug}/edit` : '/communities/new'}>
        {community ? (
          ''
        ) : (
          <Select
            name="organisation"
            label={t('community.host')}
            options={organisations.map((o) => ({ value: o.slug, label: o.name }))}
            value={values.organisation}
            errors={errors}
          />
        )}
        <Field name="name" label={t('community.name')} value={values.name} errors={errors} required />
        <Field
          name="purpose"
          label={t('community.purpose')}
          hint={t('community.purposeHint')}
          value={values.purpose}
          errors={errors}
          multiline
        />
        <Select
          name="visibility"
          label={t('community.visibility')}
          options={VISIBILITIES.map((v) => ({ value: v, label: t(`visibility.${v}`) }))}
          value={values.visibility ?? 'open'}
          errors={errors}
        />
        <fieldset class="form-group">
          <legend>{escapeHtml(t('community.region'))}</legend>
          <p class="hint">{escapeHtml(t('community.regionHint'))}</p>
          <Select
            name="province"
            label={t('community.province')}
            options={[{ value: '', label: t('community.provinceNone') }, ...PROVINCES.map((p) => ({ value: p, label: p }))]}
            value={values.province ?? ''}
            errors={errors}
          />
          <Field name="municipality" label={t('community.municipality')} value={values.municipality ?? ''} errors={errors} />
        </fieldset>
        <button type="submit">{escapeHtml(t(community ? 'form.save' : 'community.create'))}</button>
      </PostForm>
    </Layout>
  );
}
