import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Field, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Directory, DirectoryFilter } from '../directory.ts';
import { tr } from './components.tsx';

/** The member directory: a search form (GET) and the members who opted in. */
export function DirectoryPage({ request, directory, filter }: { request: FastifyRequest; directory: Directory; filter: DirectoryFilter }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const { community } = directory.access;
  return (
    <Layout request={request} title={t('directory.title', { name: community.name })}>
      <h1>{escapeHtml(t('directory.title', { name: community.name }))}</h1>
      <p>
        <a href={`/communities/${community.slug}`}>{escapeHtml(t('back', { name: community.name }))}</a>
      </p>
      <p class="lead">{escapeHtml(t('directory.intro'))}</p>
      <form method="get" action={`/communities/${community.slug}/directory`}>
        <Field name="skill" label={t('directory.skill')} value={filter.skill} />
        <Select
          name="organisation"
          label={t('directory.organisation')}
          options={[
            { value: '', label: t('directory.anyOrganisation') },
            ...directory.organisations.map((o) => ({ value: o.slug, label: o.name })),
          ]}
          value={filter.organisation ?? ''}
        />
        <button type="submit">{escapeHtml(t('directory.search'))}</button>
      </form>
      {directory.entries.length === 0 ? (
        <p>{escapeHtml(t('directory.none'))}</p>
      ) : (
        <ScrollTable label={t('directory.results')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('member.name'))}</th>
                <th scope="col">{escapeHtml(t('directory.organisation'))}</th>
                <th scope="col">{escapeHtml(t('directory.skills'))}</th>
              </tr>
            </thead>
            <tbody>
              {directory.entries.map((e) => (
                <tr>
                  <td>
                    {escapeHtml(e.name)}
                    <br />
                    <span class="hint">{escapeHtml(t(`role.${e.role}`))}</span>
                  </td>
                  <td>{escapeHtml(e.organisations.map((o) => o.name).join(', '))}</td>
                  <td>{e.skills.length ? escapeHtml(e.skills.map((s) => s.name).join(', ')) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <p class="hint">{escapeHtml(t('directory.hidden', { count: directory.hidden }))}</p>
    </Layout>
  );
}
