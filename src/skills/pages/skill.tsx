import { webUrl } from '../../platform/pages/urls.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { insertHtml, type SafeHtml } from '../../platform/pages/safe-html.ts';
import type { FastifyRequest } from 'fastify';
import { CsrfField } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { NamedReference } from '../schema.ts';
import type { HistoryEntry, OccupationDetail, OccupationSummary, SkillDetail, SkillSummary, SuggestionView } from '../browse/service.ts';
import { pickList, pickText } from '../browse/text.ts';
import {
  Breadcrumbs,
  codeLabel,
  EscoAttribution,
  plain,
  FallbackNote,
  formatDate,
  nameOf,
  SKILLS_STYLE,
  SkillLink,
  StatusButton,
  StatusTag,
} from './components.tsx';

export interface ExportLink {
  href: string;
  /** i18n key under skills:pages.export */
  format: 'rsd' | 'csv' | 'case' | 'ctdl';
}

export interface SkillPageProps {
  request: FastifyRequest;
  skill: SkillDetail;
  canonicalUrl: string;
  /** May edit, publish, archive and decide suggestions (curator of the owning organisation). */
  curator: boolean;
  history: HistoryEntry[] | null;
  suggestions: SuggestionView[];
  /** HTML of the sections other modules add (docs/decisions/003). */
  sections: SafeHtml;
  jsonLd: unknown | null;
  exports: ExportLink[];
}

/** JSON inside <script>: `<` is escaped so the text can never close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function References({ refs }: { refs: NamedReference[] }) {
  return (
    <ul>
      {refs.map((r) => {
        const label = plain(r.name || r.id || r.url || '');
        const href = webUrl(r.id) ?? webUrl(r.url);
        return (
          <li>
            {href ? <a href={href}>{escapeHtml(label)}</a> : escapeHtml(label)}
            {r.framework ? <span class="muted"> ({escapeHtml(r.framework)})</span> : ''}
          </li>
        );
      })}
    </ul>
  );
}

function OccupationList({ request, items }: { request: FastifyRequest; items: OccupationSummary[] }) {
  return (
    <ul>
      {items.map((o) => (
        <li>
          <a href={`/occupations/${o.id}`}>{escapeHtml(nameOf(request, o.name, o.code))}</a>
        </li>
      ))}
    </ul>
  );
}

function SkillList({ request, items }: { request: FastifyRequest; items: SkillSummary[] }) {
  return (
    <ul>
      {items.map((s) => (
        <li>
          <SkillLink request={request} skill={s} />
        </li>
      ))}
    </ul>
  );
}

function changeSummary(request: FastifyRequest, changes: HistoryEntry['changes']): string {
  const fields = Object.keys(changes);
  return plain(fields.map((f) => request.t(`skills:pages.field.${f}`, { defaultValue: f })).join(', '));
}

function HistoryTable({ request, history }: { request: FastifyRequest; history: HistoryEntry[] }) {
  const { t } = request;
  if (!history.length) return <p>{escapeHtml(t('skills:pages.skill.noHistory'))}</p>;
  return (
    <ScrollTable label={t('skills:pages.skill.historyCaption')}>
      <table>
        <caption class="visually-hidden">{escapeHtml(t('skills:pages.skill.historyCaption'))}</caption>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(t('skills:pages.skill.historyWhen'))}</th>
            <th scope="col">{escapeHtml(t('skills:pages.skill.historyWho'))}</th>
            <th scope="col">{escapeHtml(t('skills:pages.skill.historyAction'))}</th>
            <th scope="col">{escapeHtml(t('skills:pages.skill.historyFields'))}</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr>
              <td>{escapeHtml(formatDate(request, h.at))}</td>
              <td>{escapeHtml(h.userName ?? t('skills:pages.skill.historySystem'))}</td>
              <td>{escapeHtml(t(`skills:library.action.${h.action}`, { defaultValue: h.action }))}</td>
              <td>{escapeHtml(changeSummary(request, h.changes))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function Suggestions({
  request,
  skill,
  suggestions,
  curator,
}: {
  request: FastifyRequest;
  skill: SkillDetail;
  suggestions: SuggestionView[];
  curator: boolean;
}) {
  const { t } = request;
  return (
    <section aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">{escapeHtml(t('skills:pages.skill.suggestions'))}</h2>
      <p class="muted">{escapeHtml(t('skills:pages.skill.suggestionsLead'))}</p>
      <ScrollTable label={t('skills:pages.skill.suggestions')}>
        <table>
          <caption class="visually-hidden">{escapeHtml(t('skills:pages.skill.suggestions'))}</caption>
          <thead>
            <tr>
              <th scope="col">{escapeHtml(t('skills:pages.skill.suggestionSkill'))}</th>
              <th scope="col">{escapeHtml(t('skills:pages.skill.suggestionScore'))}</th>
              <th scope="col">{escapeHtml(t('skills:pages.skill.suggestionStatus'))}</th>
            </tr>
          </thead>
          <tbody>
            {suggestions.map((s) => {
              const name = nameOf(request, s.escoSkill.name, s.escoSkill.code);
              return (
                <tr>
                  <td>
                    <a href={`/skills/${s.escoSkill.id}`}>{escapeHtml(name)}</a>
                  </td>
                  <td>{escapeHtml(Math.round(s.score * 100))}%</td>
                  <td>
                    {s.status === 'suggested' && curator ? (
                      <form method="post" action={`/skills/${skill.id}/suggestions/${s.escoSkill.id}`} class="actions">
                        <CsrfField request={request} />
                        <button
                          type="submit"
                          name="decision"
                          value="accept"
                          aria-label={t('skills:pages.skill.acceptNamed', { name: pickText(s.escoSkill.name, request.lang).text })}
                        >
                          {escapeHtml(t('skills:pages.skill.accept'))}
                        </button>
                        <button
                          type="submit"
                          name="decision"
                          value="reject"
                          class="secondary"
                          aria-label={t('skills:pages.skill.rejectNamed', { name: pickText(s.escoSkill.name, request.lang).text })}
                        >
                          {escapeHtml(t('skills:pages.skill.reject'))}
                        </button>
                      </form>
                    ) : (
                      escapeHtml(t(`skills:pages.suggestion.${s.status}`))
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollTable>
      <EscoAttribution request={request} />
    </section>
  );
}

export function SkillPage(props: SkillPageProps) {
  const { request, skill, curator, history, suggestions, sections, jsonLd, canonicalUrl, exports } = props;
  const { t } = request;
  const name = pickText(skill.name, request.lang);
  const statement = pickText(skill.statement, request.lang);
  const scope = pickText(skill.scopeNote, request.lang);
  const alt = pickList(skill.altLabels, request.lang);
  const keywords = pickList(skill.keywords, request.lang);
  const title = plain(name.text || skill.code || t('skills:pages.common.untitled'));
  const isEsco = skill.source === 'esco';
  const usesEsco =
    isEsco ||
    skill.occupations.essential.length > 0 ||
    skill.occupations.optional.length > 0 ||
    skill.related.length > 0 ||
    suggestions.length > 0;
  const head = (
    <>
      <style>{SKILLS_STYLE}</style>
      <link rel="canonical" href={canonicalUrl} />
      <meta property="og:type" content="article" />
      <meta property="og:title" content={name.text || skill.code || ''} />
      {statement.text ? <meta property="og:description" content={statement.text.slice(0, 300)} /> : ''}
      <meta property="og:url" content={canonicalUrl} />
      <meta property="og:site_name" content="Vaardig" />
      {jsonLd ? <script type="application/ld+json">{scriptJson(jsonLd)}</script> : ''}
    </>
  );
  const crumbs = [
    { href: '/skills', label: t('skills:pages.browse.title') },
    ...skill.trail.map((g) => ({ href: `/skills/groups/${g.id}`, label: nameOf(request, g.name, g.code) })),
    { label: title },
  ];
  return (
    <Layout request={request} title={title} description={statement.text.slice(0, 300) || undefined} head={head}>
      <Breadcrumbs request={request} crumbs={crumbs} />
      <h1 lang={name.fallback ? name.lang : undefined}>{escapeHtml(title)}</h1>
      <FallbackNote request={request} picked={name} />
      <p>
        <StatusTag request={request} status={skill.status} />
        {skill.skillType ? <span class="tag">{escapeHtml(codeLabel(request, 'skillType', skill.skillType))}</span> : ''}
        <span class="tag">{escapeHtml(t(`skills:pages.source.${skill.source}`))}</span>
      </p>
      {skill.status === 'draft' ? <p class="notice">{escapeHtml(t('skills:pages.skill.draftNote'))}</p> : ''}
      {skill.status === 'archived' ? <p class="notice">{escapeHtml(t('skills:pages.skill.archivedNote'))}</p> : ''}
      {statement.text ? (
        <>
          <p class="lead" lang={statement.fallback ? statement.lang : undefined}>
            {escapeHtml(statement.text)}
          </p>
          {statement.lang !== name.lang ? <FallbackNote request={request} picked={statement} /> : ''}
        </>
      ) : (
        ''
      )}
      {curator ? (
        <div class="actions">
          {skill.source === 'local' ? (
            <a class="button" href={`/skills/${skill.id}/edit`}>
              {escapeHtml(t('skills:pages.skill.edit'))}
            </a>
          ) : (
            ''
          )}
          {skill.source === 'local' && skill.status !== 'published' ? (
            <StatusButton
              request={request}
              action={`/skills/${skill.id}/status`}
              status="published"
              label={t('skills:pages.skill.publish')}
            />
          ) : (
            ''
          )}
          {skill.source === 'local' ? (
            <form method="post" action={`/skills/${skill.id}/suggestions`} class="inline">
              <CsrfField request={request} />
              <button type="submit" class="secondary">
                {escapeHtml(t('skills:pages.skill.suggest'))}
              </button>
            </form>
          ) : (
            ''
          )}
          {skill.source === 'local' && skill.status !== 'archived' ? (
            <StatusButton
              request={request}
              action={`/skills/${skill.id}/status`}
              status="archived"
              label={t('skills:pages.skill.archive')}
              secondary
            />
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{escapeHtml(t('skills:pages.skill.details'))}</h2>
        <dl class="fields">
          {scope.text ? (
            <>
              <dt>{escapeHtml(t('skills:pages.field.scopeNote'))}</dt>
              <dd lang={scope.fallback ? scope.lang : undefined}>{escapeHtml(scope.text)}</dd>
            </>
          ) : (
            ''
          )}
          {alt.items.length ? (
            <>
              <dt>{escapeHtml(t('skills:pages.field.altLabels'))}</dt>
              <dd lang={alt.fallback ? alt.lang : undefined}>{escapeHtml(alt.items.join(' · '))}</dd>
            </>
          ) : (
            ''
          )}
          {skill.skillType ? (
            <>
              <dt>{escapeHtml(t('skills:pages.field.skillType'))}</dt>
              <dd>{escapeHtml(codeLabel(request, 'skillType', skill.skillType))}</dd>
            </>
          ) : (
            ''
          )}
          {skill.reuseLevel ? (
            <>
              <dt>{escapeHtml(t('skills:pages.field.reuseLevel'))}</dt>
              <dd>{escapeHtml(codeLabel(request, 'reuseLevel', skill.reuseLevel))}</dd>
            </>
          ) : (
            ''
          )}
          <dt>{escapeHtml(t('skills:pages.field.status'))}</dt>
          <dd>{escapeHtml(t(`skills:pages.status.${skill.status}`))}</dd>
          {skill.categories.length ? (
            <>
              <dt>{escapeHtml(t('skills:pages.field.categories'))}</dt>
              <dd>
                {skill.categories.map((c) => (
                  <a class="tag" href={`/skills?category=${encodeURIComponent(c)}`}>
                    {escapeHtml(c)}
                  </a>
                ))}
              </dd>
            </>
          ) : (
            ''
          )}
          {keywords.items.length ? (
            <>
              <dt>{escapeHtml(t('skills:pages.field.keywords'))}</dt>
              <dd lang={keywords.fallback ? keywords.lang : undefined}>
                {keywords.items.map((k) => (
                  <span class="tag">{escapeHtml(k)}</span>
                ))}
              </dd>
            </>
          ) : (
            ''
          )}
          {(
            [
              ['standards', skill.standards],
              ['certifications', skill.certifications],
              ['employers', skill.employers],
              ['alignments', skill.alignments],
            ] as const
          ).map(([field, refs]) =>
            refs.length ? (
              <>
                <dt>{escapeHtml(t(`skills:pages.field.${field}`))}</dt>
                <dd>
                  <References refs={[...refs]} />
                </dd>
              </>
            ) : (
              ''
            ),
          )}
          {skill.author ? (
            <>
              <dt>{escapeHtml(t('skills:pages.field.author'))}</dt>
              <dd>{escapeHtml(skill.author)}</dd>
            </>
          ) : (
            ''
          )}
          <dt>{escapeHtml(t('skills:pages.field.organisation'))}</dt>
          <dd>{skill.organisationName ? escapeHtml(skill.organisationName) : escapeHtml(t('skills:pages.skill.sharedLibrary'))}</dd>
          {skill.externalUri ? (
            <>
              <dt>{escapeHtml(t('skills:pages.field.externalUri'))}</dt>
              <dd>
                {webUrl(skill.externalUri) ? (
                  <a href={webUrl(skill.externalUri) ?? ''}>{escapeHtml(skill.externalUri)}</a>
                ) : (
                  escapeHtml(skill.externalUri)
                )}
              </dd>
            </>
          ) : (
            ''
          )}
          <dt>{escapeHtml(t('skills:pages.field.canonical'))}</dt>
          <dd>
            <code>{escapeHtml(canonicalUrl)}</code>
          </dd>
          <dt>{escapeHtml(t('skills:pages.field.updatedAt'))}</dt>
          <dd>{escapeHtml(formatDate(request, skill.updatedAt))}</dd>
        </dl>
      </section>
      {skill.occupationRefs.length || skill.occupations.essential.length || skill.occupations.optional.length ? (
        <section aria-labelledby="occupations-heading">
          <h2 id="occupations-heading">{escapeHtml(t('skills:pages.skill.occupations'))}</h2>
          {skill.occupations.essential.length ? (
            <>
              <h3>{escapeHtml(t('skills:pages.skill.essentialFor', { count: skill.occupations.essential.length }))}</h3>
              <OccupationList request={request} items={skill.occupations.essential} />
            </>
          ) : (
            ''
          )}
          {skill.occupations.optional.length ? (
            <>
              <h3>{escapeHtml(t('skills:pages.skill.optionalFor', { count: skill.occupations.optional.length }))}</h3>
              <OccupationList request={request} items={skill.occupations.optional} />
            </>
          ) : (
            ''
          )}
          {skill.occupationRefs.length ? (
            <ul>
              {skill.occupationRefs.map((o) => {
                const label = o.occupationName ? nameOf(request, o.occupationName) : plain(o.name || o.code || o.id || '');
                return <li>{o.occupationId ? <a href={`/occupations/${o.occupationId}`}>{escapeHtml(label)}</a> : escapeHtml(label)}</li>;
              })}
            </ul>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      {skill.narrower.length ? (
        <section aria-labelledby="narrower-heading">
          <h2 id="narrower-heading">{escapeHtml(t('skills:pages.skill.narrower'))}</h2>
          <SkillList request={request} items={skill.narrower} />
        </section>
      ) : (
        ''
      )}
      {skill.related.length ? (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">{escapeHtml(t('skills:pages.skill.related'))}</h2>
          <SkillList request={request} items={skill.related} />
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="collections-heading">
        <h2 id="collections-heading">{escapeHtml(t('skills:pages.skill.collections'))}</h2>
        {skill.collections.length ? (
          <ul>
            {skill.collections.map((c) => (
              <li>
                <a href={`/collections/${c.id}`}>{escapeHtml(nameOf(request, c.name))}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{escapeHtml(t('skills:pages.skill.noCollections'))}</p>
        )}
      </section>
      {suggestions.length ? <Suggestions request={request} skill={skill} suggestions={suggestions} curator={curator} /> : ''}
      {insertHtml(sections)}
      {exports.length ? (
        <section aria-labelledby="export-heading">
          <h2 id="export-heading">{escapeHtml(t('skills:pages.export.title'))}</h2>
          <ul class="actions plain-list">
            {exports.map((e) => (
              <li>
                <a href={e.href} download="">
                  {escapeHtml(t(`skills:pages.export.${e.format}`))}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {history ? (
        <section aria-labelledby="history-heading">
          <h2 id="history-heading">{escapeHtml(t('skills:pages.skill.history'))}</h2>
          <HistoryTable request={request} history={history} />
        </section>
      ) : (
        ''
      )}
      {usesEsco ? <EscoAttribution request={request} /> : ''}
    </Layout>
  );
}

export function OccupationPage({ request, occupation }: { request: FastifyRequest; occupation: OccupationDetail }) {
  const { t } = request;
  const name = pickText(occupation.name, request.lang);
  const description = pickText(occupation.description, request.lang);
  const alt = pickList(occupation.altLabels, request.lang);
  const title = plain(name.text || occupation.code || t('skills:pages.common.untitled'));
  return (
    <Layout request={request} title={title} description={description.text.slice(0, 300) || undefined} head={<style>{SKILLS_STYLE}</style>}>
      <Breadcrumbs request={request} crumbs={[{ href: '/skills', label: t('skills:pages.browse.title') }, { label: title }]} />
      <h1 lang={name.fallback ? name.lang : undefined}>{escapeHtml(title)}</h1>
      <FallbackNote request={request} picked={name} />
      <p class="tag">{escapeHtml(t('skills:pages.occupation.kind'))}</p>
      {description.text ? (
        <>
          <p class="lead" lang={description.fallback ? description.lang : undefined}>
            {escapeHtml(description.text)}
          </p>
          {description.lang !== name.lang ? <FallbackNote request={request} picked={description} /> : ''}
        </>
      ) : (
        ''
      )}
      <dl class="fields">
        {occupation.iscoGroup ? (
          <>
            <dt>{escapeHtml(t('skills:pages.occupation.isco'))}</dt>
            <dd>
              {escapeHtml(occupation.iscoGroup.code)}
              {Object.keys(occupation.iscoGroup.name).length ? <> {escapeHtml(nameOf(request, occupation.iscoGroup.name))}</> : ''}
            </dd>
          </>
        ) : (
          ''
        )}
        {occupation.code ? (
          <>
            <dt>{escapeHtml(t('skills:pages.occupation.code'))}</dt>
            <dd>{escapeHtml(occupation.code)}</dd>
          </>
        ) : (
          ''
        )}
        {alt.items.length ? (
          <>
            <dt>{escapeHtml(t('skills:pages.field.altLabels'))}</dt>
            <dd lang={alt.fallback ? alt.lang : undefined}>{escapeHtml(alt.items.join(' · '))}</dd>
          </>
        ) : (
          ''
        )}
        {occupation.externalUri ? (
          <>
            <dt>{escapeHtml(t('skills:pages.field.externalUri'))}</dt>
            <dd>
              {webUrl(occupation.externalUri) ? (
                <a href={webUrl(occupation.externalUri) ?? ''}>{escapeHtml(occupation.externalUri)}</a>
              ) : (
                escapeHtml(occupation.externalUri)
              )}
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <section aria-labelledby="essential-heading">
        <h2 id="essential-heading">{escapeHtml(t('skills:pages.occupation.essential', { count: occupation.essential.length }))}</h2>
        {occupation.essential.length ? (
          <SkillList request={request} items={occupation.essential} />
        ) : (
          <p>{escapeHtml(t('skills:pages.occupation.none'))}</p>
        )}
      </section>
      <section aria-labelledby="optional-heading">
        <h2 id="optional-heading">{escapeHtml(t('skills:pages.occupation.optional', { count: occupation.optional.length }))}</h2>
        {occupation.optional.length ? (
          <SkillList request={request} items={occupation.optional} />
        ) : (
          <p>{escapeHtml(t('skills:pages.occupation.none'))}</p>
        )}
      </section>
      <EscoAttribution request={request} />
    </Layout>
  );
}
