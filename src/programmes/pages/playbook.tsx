import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Programme } from '../access.ts';
import type { PageVersion, PlaybookPage } from '../playbooks.ts';
import { p, PlaybookBody, programmePath } from './components.tsx';

const base = (programmeId: string) => `/programmes/${programmeId}/playbook`;

/** `/programmes/:id/playbook`: the programme's knowledge pages. */
export function PlaybookListPage({
  request,
  programme,
  pages,
  editable,
}: {
  request: FastifyRequest;
  programme: Programme;
  pages: PlaybookPage[];
  editable: boolean;
}) {
  const title = p(request, 'playbook.title', { programme: programme.name });
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p>{escapeHtml(p(request, 'playbook.intro'))}</p>
      {editable ? (
        <p class="actions">
          <a class="button" href={`${base(programme.id)}/new`}>
            {escapeHtml(p(request, 'playbook.new'))}
          </a>
        </p>
      ) : (
        ''
      )}
      {pages.length === 0 ? (
        <p>{escapeHtml(p(request, 'playbook.none'))}</p>
      ) : (
        <ul class="item-list">
          {pages.map((page) => (
            <li>
              <span>
                <a href={`${base(programme.id)}/${page.id}`}>{escapeHtml(page.title)}</a>
                <br />
                <span class="muted">
                  {escapeHtml(
                    p(request, 'playbook.versionLine', {
                      version: page.version,
                      date: formatDate(request, page.updatedAt),
                      name: page.editedBy?.name ?? '—',
                    }),
                  )}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** A knowledge page at its latest version or an older one. */
export function PlaybookPageView({
  request,
  programme,
  page,
  editable,
}: {
  request: FastifyRequest;
  programme: Programme;
  page: PlaybookPage;
  editable: boolean;
}) {
  const old = page.version !== page.latest;
  return (
    <Layout request={request} title={page.title}>
      <p>
        <a href={base(programme.id)}>{escapeHtml(p(request, 'playbook.back'))}</a>
      </p>
      <h1>{escapeHtml(page.title)}</h1>
      {old ? (
        <p class="notice">
          {escapeHtml(p(request, 'playbook.oldVersion', { version: page.version, latest: page.latest }))}{' '}
          <a href={`${base(programme.id)}/${page.id}`}>{escapeHtml(p(request, 'playbook.toLatest'))}</a>
        </p>
      ) : (
        ''
      )}
      <p class="muted">
        {escapeHtml(
          p(request, 'playbook.versionLine', {
            version: page.version,
            date: formatDate(request, page.updatedAt),
            name: page.editedBy?.name ?? '—',
          }),
        )}
      </p>
      <PlaybookBody body={page.body} />
      <p class="actions">
        <a href={`${base(programme.id)}/${page.id}/history`}>{escapeHtml(p(request, 'playbook.history'))}</a>
        {editable && !old ? <a href={`${base(programme.id)}/${page.id}/edit`}>{escapeHtml(p(request, 'playbook.edit'))}</a> : ''}
      </p>
      {editable && old ? (
        <PostForm request={request} action={`${base(programme.id)}/${page.id}/edit`}>
          <input type="hidden" name="title" value={page.title} />
          <input type="hidden" name="body" value={page.body} />
          <input type="hidden" name="version" value={String(page.latest)} />
          <button type="submit" class="secondary">
            {escapeHtml(p(request, 'playbook.restore', { version: page.version }))}
          </button>
        </PostForm>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface PlaybookValues {
  title: string;
  body: string;
  version: string;
}

export function PlaybookFormPage({
  request,
  programme,
  pageId,
  values,
  errors,
}: {
  request: FastifyRequest;
  programme: Programme;
  pageId: string | null;
  values: PlaybookValues;
  errors?: FormErrors;
}) {
  const title = pageId ? p(request, 'playbook.editTitle', { title: values.title }) : p(request, 'playbook.newTitle');
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={pageId ? `${base(programme.id)}/${pageId}` : base(programme.id)}>{escapeHtml(p(request, 'form.back'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={pageId ? `${base(programme.id)}/${pageId}/edit` : `${base(programme.id)}/new`}>
        <Field name="title" label={p(request, 'playbook.pageTitle')} value={values.title} errors={errors} required />
        <Field
          name="body"
          label={p(request, 'playbook.body')}
          hint={p(request, 'playbook.bodyHint')}
          value={values.body}
          errors={errors}
          multiline
          required
        />
        <input type="hidden" name="version" value={values.version} />
        <button type="submit">{escapeHtml(p(request, 'form.save'))}</button>
      </PostForm>
    </Layout>
  );
}

export function HistoryPage({
  request,
  programme,
  page,
  versions,
}: {
  request: FastifyRequest;
  programme: Programme;
  page: PlaybookPage;
  versions: PageVersion[];
}) {
  const title = p(request, 'playbook.historyTitle', { title: page.title });
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={`${base(programme.id)}/${page.id}`}>{escapeHtml(page.title)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <ScrollTable label={title}>
        <table>
          <thead>
            <tr>
              <th scope="col">{escapeHtml(p(request, 'playbook.version'))}</th>
              <th scope="col">{escapeHtml(p(request, 'playbook.pageTitle'))}</th>
              <th scope="col">{escapeHtml(p(request, 'playbook.editedBy'))}</th>
              <th scope="col">{escapeHtml(p(request, 'playbook.date'))}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr>
                <td>
                  <a href={`${base(programme.id)}/${page.id}?version=${v.version}`}>
                    {escapeHtml(p(request, 'playbook.versionNumber', { version: v.version }))}
                  </a>
                </td>
                <td>{escapeHtml(v.title)}</td>
                <td>{escapeHtml(v.editedBy?.name ?? '—')}</td>
                <td>{escapeHtml(formatDate(request, v.createdAt, { time: true, style: 'medium' }))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    </Layout>
  );
}
