import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDateTime, formatNumber } from '../../platform/pages/format.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { ExportStatus } from '../personal-data.ts';
import { BackpackNav } from './components.tsx';

/** The state of a download being built; while it runs it asks for itself again every two seconds (htmx). */
export function ExportProgress({ request, status }: { request: FastifyRequest; status: ExportStatus }) {
  const { t } = request;
  const running = status.status === 'queued' || status.status === 'running';
  return (
    <div
      id="export-status"
      role="status"
      hx-get={running ? `/backpack/data/exports/${status.id}/status` : undefined}
      hx-trigger={running ? 'every 2s' : undefined}
      hx-swap={running ? 'outerHTML' : undefined}
    >
      {running ? (
        <>
          <p>
            {escapeHtml(
              t('backpack:data.running', { done: formatNumber(request, status.done), total: formatNumber(request, status.total) }),
            )}
          </p>
          <progress max={String(Math.max(status.total, 1))} value={String(status.done)} aria-label={t('backpack:data.progress')} />
          <p>
            <a href="/backpack/data">{escapeHtml(t('backpack:data.refresh'))}</a>
          </p>
        </>
      ) : status.status === 'done' ? (
        <p>
          <a class="button" href={`/backpack/data/exports/${status.id}/download`} download="">
            {escapeHtml(t('backpack:data.download'))}
          </a>{' '}
          <span class="muted">
            {escapeHtml(
              t('backpack:data.ready', {
                size: formatNumber(request, Math.ceil((status.size ?? 0) / 1024)),
                date: formatDateTime(request, status.expiresAt),
              }),
            )}
          </span>
        </p>
      ) : (
        <p class="error-message">{escapeHtml(t('backpack:data.failed'))}</p>
      )}
    </div>
  );
}

/** `/backpack/data`: download everything Vaardig holds about me; delete my account. */
export function DataPage({ request, latest, errors }: { request: FastifyRequest; latest: ExportStatus | null; errors?: FormErrors }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('backpack:data.title')}>
      <h1>{escapeHtml(t('backpack:data.title'))}</h1>
      <BackpackNav request={request} current="/backpack/data" />
      <h2 id="download">{escapeHtml(t('backpack:data.downloadTitle'))}</h2>
      <p>{escapeHtml(t('backpack:data.downloadLead'))}</p>
      {latest ? <ExportProgress request={request} status={latest} /> : ''}
      {latest && (latest.status === 'queued' || latest.status === 'running') ? (
        ''
      ) : (
        <PostForm request={request} action="/backpack/data/exports">
          <button type="submit" class={latest ? 'secondary' : undefined}>
            {escapeHtml(t('backpack:data.start'))}
          </button>
        </PostForm>
      )}
      <h2 id="delete">{escapeHtml(t('backpack:data.deleteTitle'))}</h2>
      <p>{escapeHtml(t('backpack:data.deleteLead'))}</p>
      <ul>
        <li>{escapeHtml(t('backpack:data.deleteGone'))}</li>
        <li>{escapeHtml(t('backpack:data.deleteStays'))}</li>
      </ul>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/backpack/data/delete">
        <Field
          name="confirm"
          type="email"
          label={t('backpack:data.confirm')}
          hint={t('backpack:data.confirmHint')}
          errors={errors}
          required
          autocomplete="off"
        />
        <button type="submit" class="danger">
          {escapeHtml(t('backpack:data.deleteButton'))}
        </button>
      </PostForm>
    </Layout>
  );
}
