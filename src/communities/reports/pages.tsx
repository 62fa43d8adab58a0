import { webUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import { SkillPickerField } from '../../skills/api.ts';
import type { CommunityAccess } from '../communities.ts';
import { type SessionAccess, sessionUrl } from '../notes/access.ts';
import { SessionHeader } from '../notes/nav.tsx';
import { Paragraphs, tr } from '../pages/components.tsx';
import { Markdown } from './markdown.tsx';
import { KNOWLEDGE_KINDS, OUTPUT_KINDS } from './schema.ts';
import type { KnowledgeHit, OutputRow, ReportRow } from './service.ts';

type T = (key: string, params?: Record<string, unknown>) => string;
const translator =
  (request: FastifyRequest): T =>
  (key, params) =>
    tr(request, key, params);

export interface FormState {
  errors?: FormErrors;
  /** 'record', 'decision', 'draft', 'report' or 'conflict'. */
  errorsFor?: string;
  values?: Record<string, string>;
  /** The newer report after a conflict. */
  newer?: { title: string; body: string; version: number };
}

const communityBase = (access: CommunityAccess) => `/communities/${encodeURIComponent(access.community.slug)}`;

/** A session's report: what it is drafted from, the draft, editing and publishing (facilitators); the link to it (members). */
export function ReportEditorPage({
  request,
  access,
  report,
  summary,
  decisions,
  state = {},
}: {
  request: FastifyRequest;
  access: SessionAccess;
  report: ReportRow | null;
  summary: string;
  decisions: { id: string; body: string }[];
  state?: FormState;
}) {
  const t = translator(request);
  const base = sessionUrl(access, 'report');
  const errs = (name: string) => (state.errorsFor === name ? state.errors : undefined);
  const reportUrl = report ? `${communityBase(access)}/reports/${report.id}` : '';
  return (
    <Layout request={request} title={`${t('synthesis.title')} · ${access.session.title}`}>
      <SessionHeader request={request} access={access} title={t('synthesis.title')} />
      {report?.status === 'published' ? (
        <p class="actions">
          <a class="button" href={reportUrl}>
            {escapeHtml(t('synthesis.read'))}
          </a>
          <a href={`${reportUrl}/markdown`}>{escapeHtml(t('synthesis.download'))}</a>
        </p>
      ) : (
        <p>{escapeHtml(t(report ? 'synthesis.isDraft' : 'synthesis.noReport'))}</p>
      )}
      {access.isFacilitator ? (
        <>
          <section class="panel" aria-labelledby="sources-heading">
            <h2 id="sources-heading">{escapeHtml(t('synthesis.sources'))}</h2>
            <p>{escapeHtml(t('synthesis.sourcesIntro'))}</p>
            <PostForm request={request} action={`${base}/record`}>
              {errs('record') ? <ErrorSummary request={request} errors={errs('record')} /> : ''}
              <Field
                name="summary"
                label={t('synthesis.presentation')}
                hint={t('synthesis.presentationHint')}
                value={errs('record') ? state.values?.summary : summary}
                errors={errs('record')}
                multiline
              />
              <button type="submit">{escapeHtml(t('synthesis.save'))}</button>
            </PostForm>
            <h3>{escapeHtml(t('synthesis.decisions'))}</h3>
            {decisions.length ? (
              <ul>
                {decisions.map((d) => (
                  <li>{escapeHtml(d.body)}</li>
                ))}
              </ul>
            ) : (
              <p>{escapeHtml(t('synthesis.noDecisions'))}</p>
            )}
            <PostForm request={request} action={`${base}/decisions`}>
              {errs('decision') ? <ErrorSummary request={request} errors={errs('decision')} /> : ''}
              <Field
                name="decision"
                label={t('synthesis.decision')}
                value={errs('decision') ? state.values?.decision : undefined}
                errors={errs('decision')}
                required
              />
              <button type="submit">{escapeHtml(t('synthesis.addDecision'))}</button>
            </PostForm>
          </section>
          {report?.status !== 'published' ? (
            <section class="panel" aria-labelledby="draft-heading">
              <h2 id="draft-heading">{escapeHtml(t('synthesis.draftTitle'))}</h2>
              <p>{escapeHtml(t('synthesis.draftIntro'))}</p>
              <PostForm request={request} action={`${base}/draft`}>
                {errs('draft') ? <ErrorSummary request={request} errors={errs('draft')} /> : ''}
                {report ? <Checkbox name="replace" label={t('synthesis.replace')} errors={errs('draft')} /> : ''}
                <button type="submit">{escapeHtml(t('synthesis.draftButton'))}</button>
              </PostForm>
            </section>
          ) : (
            ''
          )}
          {report ? (
            <section class="panel" aria-labelledby="edit-heading">
              <h2 id="edit-heading">{escapeHtml(t('synthesis.edit'))}</h2>
              {state.newer ? (
                <div class="conflict">
                  <h3>{escapeHtml(t('synthesis.newerTitle'))}</h3>
                  <p>{escapeHtml(t('notes.newerIntro'))}</p>
                  <blockquote class="newer-text">
                    <Paragraphs text={state.newer.body} />
                  </blockquote>
                </div>
              ) : (
                ''
              )}
              <PostForm request={request} action={base}>
                {errs('report') ? <ErrorSummary request={request} errors={errs('report')} /> : ''}
                <input type="hidden" name="version" value={String(state.newer?.version ?? report.version)} />
                <Field
                  name="title"
                  label={t('synthesis.reportTitle')}
                  value={state.values?.title ?? report.title}
                  errors={errs('report')}
                  required
                />
                <Field
                  name="body"
                  label={t('synthesis.body')}
                  hint={t('synthesis.bodyHint')}
                  value={state.values?.body ?? report.body}
                  errors={errs('report')}
                  multiline
                />
                <SkillPickerField
                  request={request}
                  name="skill"
                  label={t('synthesis.skills')}
                  hint={t('synthesis.skillsHint')}
                  chosenIds={report.skill_ids}
                  fallback={
                    <Field
                      name="skills"
                      label={t('synthesis.skillAddresses')}
                      value={state.values?.skills}
                      errors={errs('report')}
                      multiline
                    />
                  }
                />
                <button type="submit">{escapeHtml(t('synthesis.save'))}</button>
              </PostForm>
              <p class="actions">
                <a href={reportUrl}>{escapeHtml(t('synthesis.preview'))}</a>
              </p>
              {report.status !== 'published' ? (
                <PostForm request={request} action={`${base}/publish`}>
                  <p>{escapeHtml(t('synthesis.publishIntro'))}</p>
                  <button type="submit">{escapeHtml(t('synthesis.publish'))}</button>
                </PostForm>
              ) : (
                ''
              )}
            </section>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** A report to read and print (public/vaardig.css has its print stylesheet). */
export function ReportPage({
  request,
  access,
  report,
  session,
  skills,
}: {
  request: FastifyRequest;
  access: CommunityAccess;
  report: ReportRow;
  session: { id: string; title: string; starts_at: Date; time_zone: string };
  skills: { id: string; name: string }[];
}) {
  const t = translator(request);
  const url = `${communityBase(access)}/reports/${report.id}`;
  return (
    <Layout request={request} title={report.title}>
      <article class="report">
        <p class="breadcrumbs no-print">
          <a href={communityBase(access)}>{escapeHtml(access.community.name)}</a>
          {' › '}
          <a href={`${communityBase(access)}/knowledge`}>{escapeHtml(t('knowledge.title'))}</a>
        </p>
        <h1>{escapeHtml(report.title)}</h1>
        <p class="meta">
          {escapeHtml(
            t(report.status === 'published' ? 'synthesis.meta' : 'synthesis.metaDraft', {
              community: access.community.name,
              session: session.title,
              date: formatDate(request, session.starts_at, { timeZone: session.time_zone }),
              published: formatDate(request, report.published_at),
            }),
          )}
        </p>
        <Markdown text={report.body} />
        {skills.length ? (
          <>
            <h2>{escapeHtml(t('synthesis.skills'))}</h2>
            <ul class="tags">
              {skills.map((s) => (
                <li>
                  <a class="tag" href={`/skills/${s.id}`}>
                    {escapeHtml(s.name)}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
        <p class="actions no-print">
          <a href={`${url}/markdown`}>{escapeHtml(t('synthesis.download'))}</a>
          {access.isFacilitator ? (
            <a href={`/communities/${encodeURIComponent(access.community.slug)}/sessions/${session.id}/report`}>
              {escapeHtml(t('synthesis.toEditor'))}
            </a>
          ) : (
            ''
          )}
        </p>
        <p class="hint no-print">{escapeHtml(t('synthesis.printHint'))}</p>
      </article>
    </Layout>
  );
}

/** The community's knowledge base: search published reports, best practices and lessons learned; add one. */
export function KnowledgePage({
  request,
  access,
  hits,
  query,
  skillNames,
  themes,
  state = {},
}: {
  request: FastifyRequest;
  access: CommunityAccess;
  hits: KnowledgeHit[];
  query: { q?: string; skill?: string; kind?: string };
  skillNames: Map<string, string>;
  themes: { id: string; title: string }[];
  state?: FormState;
}) {
  const t = translator(request);
  const base = `${communityBase(access)}/knowledge`;
  const errs = state.errorsFor === 'add' ? state.errors : undefined;
  return (
    <Layout request={request} title={`${t('knowledge.title')} · ${access.community.name}`}>
      <p class="breadcrumbs">
        <a href={communityBase(access)}>{escapeHtml(access.community.name)}</a>
      </p>
      <h1>{escapeHtml(t('knowledge.title'))}</h1>
      <p class="lead">{escapeHtml(t('knowledge.intro'))}</p>
      <form method="get" action={base}>
        <Field name="q" type="search" label={t('knowledge.search')} value={query.q} />
        <Select
          name="kind"
          label={t('knowledge.kind')}
          value={query.kind ?? ''}
          options={[
            { value: '', label: t('knowledge.allKinds') },
            ...['report', ...KNOWLEDGE_KINDS].map((k) => ({ value: k, label: t(`knowledge.kinds.${k}`) })),
          ]}
        />
        <Select
          name="skill"
          label={t('knowledge.skill')}
          value={query.skill ?? ''}
          options={[{ value: '', label: t('knowledge.allSkills') }, ...[...skillNames].map(([id, name]) => ({ value: id, label: name }))]}
        />
        <button type="submit">{escapeHtml(t('knowledge.searchButton'))}</button>
      </form>
      <h2>{escapeHtml(t('knowledge.results', { count: hits.length }))}</h2>
      {hits.length === 0 ? <p>{escapeHtml(t('knowledge.none'))}</p> : ''}
      <ul class="knowledge">
        {hits.map((h) => (
          <li class="panel">
            <h3>{h.href ? <a href={h.href}>{escapeHtml(h.title)}</a> : escapeHtml(h.title)}</h3>
            <p class="meta">
              {escapeHtml([t(`knowledge.kinds.${h.kind}`), formatDate(request, h.at), h.author].filter(Boolean).join(' · '))}
            </p>
            {h.href ? <p>{escapeHtml(h.excerpt)}</p> : <Paragraphs text={h.excerpt} />}
            {h.skillIds.length ? (
              <ul class="tags">
                {h.skillIds.map((id) => (
                  <li>
                    <a class="tag" href={`${base}?skill=${id}`}>
                      {escapeHtml(skillNames.get(id) ?? id)}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
      {access.isMember ? (
        <section class="panel" aria-labelledby="add-heading">
          <h2 id="add-heading">{escapeHtml(t('knowledge.add'))}</h2>
          <PostForm request={request} action={base}>
            {errs ? <ErrorSummary request={request} errors={errs} /> : ''}
            <Select
              name="kind"
              label={t('knowledge.kind')}
              value={state.values?.kind ?? 'practice'}
              errors={errs}
              options={KNOWLEDGE_KINDS.map((k) => ({ value: k, label: t(`knowledge.kinds.${k}`) }))}
            />
            <Field name="title" label={t('knowledge.entryTitle')} value={state.values?.title} errors={errs} required />
            <Field name="body" label={t('knowledge.body')} value={state.values?.body} errors={errs} multiline required />
            <Select
              name="theme"
              label={t('knowledge.theme')}
              value={state.values?.theme ?? ''}
              errors={errs}
              options={[{ value: '', label: t('knowledge.noTheme') }, ...themes.map((th) => ({ value: th.id, label: th.title }))]}
            />
            <SkillPickerField
              request={request}
              name="skill"
              label={t('synthesis.skills')}
              hint={t('synthesis.skillsHint')}
              chosenIds={[]}
              fallback={<Field name="skills" label={t('synthesis.skillAddresses')} value={state.values?.skills} errors={errs} multiline />}
            />
            <button type="submit">{escapeHtml(t('knowledge.addButton'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** What the community's themes grew into. */
export function OutputsPage({
  request,
  access,
  outputs,
  themes,
  state = {},
}: {
  request: FastifyRequest;
  access: CommunityAccess;
  outputs: OutputRow[];
  themes: { id: string; title: string }[];
  state?: FormState;
}) {
  const t = translator(request);
  const base = `${communityBase(access)}/outputs`;
  const errs = state.errorsFor === 'add' ? state.errors : undefined;
  const themeTitle = new Map(themes.map((th) => [th.id, th.title]));
  return (
    <Layout request={request} title={`${t('outputs.title')} · ${access.community.name}`}>
      <p class="breadcrumbs">
        <a href={communityBase(access)}>{escapeHtml(access.community.name)}</a>
      </p>
      <h1>{escapeHtml(t('outputs.title'))}</h1>
      <p class="lead">{escapeHtml(t('outputs.intro'))}</p>
      {outputs.length === 0 ? (
        <p>{escapeHtml(t('outputs.none'))}</p>
      ) : (
        <ScrollTable label={t('outputs.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('outputs.output'))}</th>
                <th scope="col">{escapeHtml(t('outputs.kind'))}</th>
                <th scope="col">{escapeHtml(t('outputs.theme'))}</th>
                <th scope="col">{escapeHtml(t('outputs.date'))}</th>
              </tr>
            </thead>
            <tbody>
              {outputs.map((o) => (
                <tr id={`output-${o.id}`}>
                  <td>
                    {webUrl(o.url) ? <a href={webUrl(o.url) ?? ''}>{escapeHtml(o.title)}</a> : escapeHtml(o.title)}
                    {o.description ? <Paragraphs text={o.description} /> : ''}
                  </td>
                  <td>{escapeHtml(t(`outputs.kinds.${o.kind}`))}</td>
                  <td>{escapeHtml(themeTitle.get(o.theme_id) ?? '')}</td>
                  <td>{escapeHtml(formatDate(request, o.created_at))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {access.isFacilitator ? (
        <section class="panel" aria-labelledby="add-heading">
          <h2 id="add-heading">{escapeHtml(t('outputs.add'))}</h2>
          {themes.length === 0 ? (
            <p>{escapeHtml(t('outputs.needTheme'))}</p>
          ) : (
            <PostForm request={request} action={base}>
              {errs ? <ErrorSummary request={request} errors={errs} /> : ''}
              <Select
                name="theme"
                label={t('outputs.theme')}
                value={state.values?.theme ?? themes[0]?.id}
                errors={errs}
                options={themes.map((th) => ({ value: th.id, label: th.title }))}
              />
              <Select
                name="kind"
                label={t('outputs.kind')}
                value={state.values?.kind ?? 'use-case'}
                errors={errs}
                options={OUTPUT_KINDS.map((k) => ({ value: k, label: t(`outputs.kinds.${k}`) }))}
              />
              <Field name="title" label={t('outputs.outputTitle')} value={state.values?.title} errors={errs} required />
              <Field name="description" label={t('outputs.description')} value={state.values?.description} errors={errs} multiline />
              <Field name="url" type="url" label={t('outputs.url')} hint={t('outputs.urlHint')} value={state.values?.url} errors={errs} />
              <button type="submit">{escapeHtml(t('outputs.addButton'))}</button>
            </PostForm>
          )}
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
