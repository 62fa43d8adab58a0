import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Health, LogRow, RunRow } from '../runs.ts';
import { FEED_FORMATS, type FeedSettings, SCHEDULES, type SiteSettings } from '../schema.ts';
import { MAX_UPLOAD_MB, type SourceRow } from '../sources.ts';
import { CountsList, HealthTag, LogTable, RunsTable, tr } from './components.tsx';

export interface SourceListItem {
  source: SourceRow;
  organisationName: string;
  health: Health;
  lastRun: RunRow | null;
}

export function SourcesPage({
  request,
  items,
  organisations,
}: {
  request: FastifyRequest;
  items: SourceListItem[];
  organisations: { slug: string; name: string }[];
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <Layout request={request} title={t('sources.title')}>
      <h1>{escapeHtml(t('sources.title'))}</h1>
      <p class="lead">{escapeHtml(t('sources.intro'))}</p>
      {organisations.length ? (
        <p class="actions">
          <a class="button" href="/vacancy-sources/new">
            {escapeHtml(t('sources.add'))}
          </a>
          <a href="/vacancies">{escapeHtml(t('nav.vacancies'))}</a>
        </p>
      ) : (
        ''
      )}
      {items.length === 0 ? (
        <p>{escapeHtml(t('sources.none'))}</p>
      ) : (
        <ScrollTable label={t('sources.table')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('sources.col.name'))}</th>
                <th scope="col">{escapeHtml(t('sources.organisation'))}</th>
                <th scope="col">{escapeHtml(t('sources.col.kind'))}</th>
                <th scope="col">{escapeHtml(t('sources.col.schedule'))}</th>
                <th scope="col">{escapeHtml(t('sources.col.health'))}</th>
                <th scope="col">{escapeHtml(t('sources.col.lastRun'))}</th>
                <th scope="col">{escapeHtml(t('sources.col.found'))}</th>
              </tr>
            </thead>
            <tbody>
              {items.map(({ source, organisationName, health, lastRun }) => (
                <tr>
                  <td>
                    <a href={`/vacancy-sources/${source.id}`}>{escapeHtml(source.name)}</a>
                  </td>
                  <td>{escapeHtml(organisationName)}</td>
                  <td>{escapeHtml(t(`kind.${source.kind}`))}</td>
                  <td>{escapeHtml(t(`schedule.${source.schedule}`))}</td>
                  <td>
                    <HealthTag request={request} health={health} />
                  </td>
                  <td>{lastRun ? escapeHtml(formatDateTime(request, new Date(lastRun.created_at))) : '—'}</td>
                  <td>{lastRun ? escapeHtml(formatNumber(request, lastRun.counts?.postings ?? 0)) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

export interface SourceFormValues {
  organisation?: string;
  kind?: string;
  name?: string;
  schedule?: string;
  startUrls?: string;
  sitemaps?: string;
  allowedHosts?: string;
  maxPages?: string;
  delaySeconds?: string;
  format?: string;
  feedUrl?: string;
  mapping?: string;
  records?: string;
}

/** Adding (no `source`) or changing a source; one form for both kinds, each kind's fields in its own group. */
export function SourceFormPage({
  request,
  organisations,
  source,
  values,
  errors,
}: {
  request: FastifyRequest;
  organisations: { slug: string; name: string }[];
  source?: SourceRow;
  values: SourceFormValues;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const title = source ? t('sources.editTitle', { name: source.name }) : t('sources.newTitle');
  const kind = source?.kind ?? values.kind ?? 'site';
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={source ? `/vacancy-sources/${source.id}/edit` : '/vacancy-sources/new'}>
        {source ? (
          ''
        ) : (
          <>
            <Select
              name="organisation"
              label={t('sources.organisation')}
              options={organisations.map((o) => ({ value: o.slug, label: o.name }))}
              value={values.organisation}
              errors={errors}
            />
            <Select
              name="kind"
              label={t('sources.kind')}
              options={['site', 'feed'].map((k) => ({ value: k, label: t(`kind.${k}`) }))}
              value={kind}
              errors={errors}
            />
          </>
        )}
        <Field name="name" label={t('sources.name')} value={values.name} errors={errors} required />
        <Select
          name="schedule"
          label={t('sources.schedule')}
          options={SCHEDULES.map((s) => ({ value: s, label: t(`schedule.${s}`) }))}
          value={values.schedule ?? 'manual'}
          errors={errors}
        />
        {!source || source.kind === 'site' ? (
          <fieldset>
            <legend>{escapeHtml(t('sources.site'))}</legend>
            {source ? '' : <p class="hint">{escapeHtml(t('sources.siteHint'))}</p>}
            <Field
              name="startUrls"
              label={t('sources.startUrls')}
              hint={t('sources.startUrlsHint')}
              value={values.startUrls}
              errors={errors}
              multiline
            />
            <Field
              name="sitemaps"
              label={t('sources.sitemaps')}
              hint={t('sources.sitemapsHint')}
              value={values.sitemaps}
              errors={errors}
              multiline
            />
            <Field
              name="allowedHosts"
              label={t('sources.allowedHosts')}
              hint={t('sources.allowedHostsHint')}
              value={values.allowedHosts}
              errors={errors}
              multiline
            />
            <Field name="maxPages" type="number" label={t('sources.maxPages')} value={values.maxPages} errors={errors} />
            <Field
              name="delaySeconds"
              label={t('sources.delaySeconds')}
              hint={t('sources.delayHint')}
              value={values.delaySeconds}
              errors={errors}
            />
          </fieldset>
        ) : (
          ''
        )}
        {!source || source.kind === 'feed' ? (
          <fieldset>
            <legend>{escapeHtml(t('sources.feed'))}</legend>
            {source ? '' : <p class="hint">{escapeHtml(t('sources.feedHint'))}</p>}
            <Select
              name="format"
              label={t('sources.format')}
              options={FEED_FORMATS.map((f) => ({ value: f, label: t(`format.${f}`) }))}
              value={values.format ?? 'csv'}
              errors={errors}
            />
            <Field name="feedUrl" label={t('sources.feedUrl')} hint={t('sources.feedUrlHint')} value={values.feedUrl} errors={errors} />
            <Field
              name="mapping"
              label={t('sources.mapping')}
              hint={t('sources.mappingHint')}
              value={values.mapping}
              errors={errors}
              multiline
            />
            <Field name="records" label={t('sources.records')} hint={t('sources.recordsHint')} value={values.records} errors={errors} />
          </fieldset>
        ) : (
          ''
        )}
        <div class="actions">
          <button type="submit">{escapeHtml(t(source ? 'sources.save' : 'sources.create'))}</button>
          <a href={source ? `/vacancy-sources/${source.id}` : '/vacancy-sources'}>{escapeHtml(t('sources.cancel'))}</a>
        </div>
      </PostForm>
    </Layout>
  );
}

function Setting({ label, children }: { label: string; children: JSX.Element }) {
  return (
    <div>
      <dt>{escapeHtml(label)}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function UrlList({ urls }: { urls: string[] }) {
  if (!urls.length) return '—';
  return (
    <ul>
      {urls.map((u) => (
        <li>
          <code>{escapeHtml(u)}</code>
        </li>
      ))}
    </ul>
  );
}

/** The live part of a source's page: its runs and the last run's counts and log (htmx polls it while a run goes). */
export function RunsFragment({
  request,
  source,
  runs,
  log,
}: {
  request: FastifyRequest;
  source: SourceRow;
  runs: RunRow[];
  log: LogRow[];
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const active = runs.some((r) => r.status === 'queued' || r.status === 'running');
  return (
    <div
      id="runs"
      hx-get={`/vacancy-sources/${source.id}/runs`}
      hx-trigger={active ? 'every 1s' : undefined}
      hx-swap="outerHTML"
      aria-live="polite"
      data-active={active ? 'true' : 'false'}
    >
      <h2>{escapeHtml(t('source.runs'))}</h2>
      <RunsTable request={request} runs={runs} />
      {runs[0] ? (
        <>
          <h2>{escapeHtml(t('source.countsTitle'))}</h2>
          <CountsList request={request} counts={runs[0].counts ?? {}} />
          <h2>{escapeHtml(t('source.log'))}</h2>
          <LogTable request={request} lines={log} />
        </>
      ) : (
        ''
      )}
    </div>
  );
}

export function SourcePage({
  request,
  source,
  organisationName,
  health,
  runs,
  log,
  errors,
}: {
  request: FastifyRequest;
  source: SourceRow;
  organisationName: string;
  health: Health;
  runs: RunRow[];
  log: LogRow[];
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const site = source.kind === 'site' ? (source.settings as SiteSettings) : null;
  const feed = source.kind === 'feed' ? (source.settings as FeedSettings) : null;
  return (
    <Layout request={request} title={source.name}>
      <p>
        <a href="/vacancy-sources">{escapeHtml(t('source.back'))}</a>
      </p>
      <h1>{escapeHtml(source.name)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <dl>
        <Setting label={t('source.organisation')}>{escapeHtml(organisationName)}</Setting>
        <Setting label={t('source.kind')}>{escapeHtml(t(`kind.${source.kind}`))}</Setting>
        <Setting label={t('source.health')}>
          <HealthTag request={request} health={health} />
        </Setting>
        {source.kind !== 'api' ? <Setting label={t('source.schedule')}>{escapeHtml(t(`schedule.${source.schedule}`))}</Setting> : ''}
        {site ? (
          <>
            <Setting label={t('source.startUrls')}>
              <UrlList urls={site.startUrls} />
            </Setting>
            <Setting label={t('source.sitemaps')}>
              <UrlList urls={site.sitemaps} />
            </Setting>
            <Setting label={t('source.allowedHosts')}>
              <UrlList urls={site.allowedHosts} />
            </Setting>
            <Setting label={t('source.limits')}>
              {escapeHtml(
                t('source.limitsValue', { pages: formatNumber(request, site.maxPages), seconds: formatNumber(request, site.delaySeconds) }),
              )}
            </Setting>
          </>
        ) : (
          ''
        )}
        {feed ? (
          <>
            <Setting label={t('source.format')}>{escapeHtml(t(`format.${feed.format}`))}</Setting>
            <Setting label={t('source.feedUrl')}>{feed.url ? <code>{escapeHtml(feed.url)}</code> : '—'}</Setting>
            <Setting label={t('source.upload')}>
              {escapeHtml(
                source.upload_name
                  ? t('source.uploadValue', {
                      name: source.upload_name,
                      date: formatDate(request, source.uploaded_at as Date, { time: true, style: 'medium' }),
                    })
                  : t('source.noUpload'),
              )}
            </Setting>
          </>
        ) : (
          ''
        )}
      </dl>
      {source.kind === 'api' ? (
        <p>{escapeHtml(t('source.apiIntro'))}</p>
      ) : (
        <div class="actions">
          <PostForm request={request} action={`/vacancy-sources/${source.id}/run`}>
            <button type="submit">{escapeHtml(t('source.run'))}</button>
          </PostForm>
          <a class="button secondary" href={`/vacancy-sources/${source.id}/edit`}>
            {escapeHtml(t('source.edit'))}
          </a>
        </div>
      )}
      {feed ? (
        <section aria-labelledby="upload-title">
          <h2 id="upload-title">{escapeHtml(t('source.uploadTitle'))}</h2>
          <PostForm request={request} action={`/vacancy-sources/${source.id}/upload`} multipart>
            <Field name="file" type="file" label={t('source.file', { max: MAX_UPLOAD_MB })} errors={errors} />
            <button type="submit">{escapeHtml(t('source.uploadButton'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
      <RunsFragment request={request} source={source} runs={runs} log={log} />
      <p>
        <a href={`/vacancy-sources/${source.id}`}>{escapeHtml(t('source.refresh'))}</a>
      </p>
      <h2>{escapeHtml(t('source.delete'))}</h2>
      <p>{escapeHtml(t('source.deleteHint'))}</p>
      <PostForm request={request} action={`/vacancy-sources/${source.id}/delete`}>
        <button type="submit" class="danger">
          {escapeHtml(t('source.delete'))}
        </button>
      </PostForm>
    </Layout>
  );
}
