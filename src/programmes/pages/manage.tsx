import type { FastifyRequest } from 'fastify';
import type { OrganisationRow } from '../../accounts/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Programme } from '../access.ts';
import { p, programmePath, StatusTag } from './components.tsx';

/** `/organisations/:slug/programmes`: the organisation's programmes for its managers. */
export function ManagePage({
  request,
  organisation,
  programmes,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  programmes: Programme[];
}) {
  const title = p(request, 'manage.title', { organisation: organisation.name });
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={`/organisations/${organisation.slug}`}>{escapeHtml(organisation.name)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p class="actions">
        <a class="button" href={`/organisations/${organisation.slug}/programmes/new`}>
          {escapeHtml(p(request, 'manage.new'))}
        </a>
      </p>
      {programmes.length === 0 ? (
        <p>{escapeHtml(p(request, 'manage.none'))}</p>
      ) : (
        <ScrollTable label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(p(request, 'form.name'))}</th>
                <th scope="col">{escapeHtml(p(request, 'form.enrolment'))}</th>
                <th scope="col">{escapeHtml(p(request, 'form.status'))}</th>
              </tr>
            </thead>
            <tbody>
              {programmes.map((programme) => (
                <tr>
                  <td>
                    <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>
                  </td>
                  <td>{escapeHtml(p(request, `enrolment.${programme.enrolment}`))}</td>
                  <td>
                    {programme.status === 'published' ? (
                      escapeHtml(p(request, 'status.published'))
                    ) : (
                      <StatusTag request={request} programme={programme} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

export interface ProgrammeValues {
  name: string;
  description: string;
  enrolment: string;
  status: string;
  language: string;
  version: string;
}

/** The form of a new programme, or of a change to one. */
export function ProgrammeFormPage({
  request,
  organisation,
  programmeId,
  values,
  errors,
}: {
  request: FastifyRequest;
  organisation: Pick<OrganisationRow, 'slug' | 'name'>;
  programmeId: string | null;
  values: ProgrammeValues;
  errors?: FormErrors;
}) {
  const title = programmeId
    ? p(request, 'form.editTitle', { name: values.name })
    : p(request, 'form.newTitle', { organisation: organisation.name });
  const action = programmeId ? `/programmes/${programmeId}/edit` : `/organisations/${organisation.slug}/programmes/new`;
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={programmeId ? programmePath(programmeId) : `/organisations/${organisation.slug}/programmes`}>
          {escapeHtml(p(request, 'form.back'))}
        </a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={action}>
        <Field name="name" label={p(request, 'form.name')} value={values.name} errors={errors} required />
        <Field name="description" label={p(request, 'form.description')} value={values.description} errors={errors} multiline required />
        <Select
          name="enrolment"
          label={p(request, 'form.enrolment')}
          value={values.enrolment}
          errors={errors}
          options={[
            { value: 'application', label: p(request, 'enrolment.application') },
            { value: 'open', label: p(request, 'enrolment.open') },
          ]}
        />
        {programmeId ? (
          ''
        ) : (
          <Select
            name="language"
            label={p(request, 'form.language')}
            value={values.language}
            errors={errors}
            options={[
              { value: 'nl', label: p(request, 'form.languages.nl') },
              { value: 'en', label: p(request, 'form.languages.en') },
            ]}
          />
        )}
        <Select
          name="status"
          label={p(request, 'form.status')}
          value={values.status}
          errors={errors}
          options={['draft', 'published', 'archived'].map((s) => ({ value: s, label: p(request, `status.${s}`) }))}
        />
        <input type="hidden" name="version" value={values.version} />
        <button type="submit">{escapeHtml(p(request, 'form.save'))}</button>
      </PostForm>
    </Layout>
  );
}
