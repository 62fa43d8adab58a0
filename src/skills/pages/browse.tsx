import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FastifyRequest } from 'fastify';
import { Layout } from '../../platform/pages/layout.tsx';
import type { LangMap } from '../schema.ts';
import type { GroupNode, GroupPage, SkillSummary } from '../browse/service.ts';
import type { OccupationItem } from '../search/occupations.ts';
import { pickText } from '../browse/text.ts';
import { Breadcrumbs, EscoAttribution, plain, nameOf, Pagination, SKILLS_STYLE, SkillLink, StatusTag, codeLabel } from './components.tsx';

/** One search hit as the page shows it; names may come as text in the query language or as a map. */
export interface ResultItem {
  id: string;
  name: string | LangMap;
  statement?: string | LangMap | null;
  skillType?: string | null;
  status: SkillSummary['status'];
  source?: string;
  /** The label that matched, when it is not the name (an alternative label, a keyword). */
  matched?: string | null;
  /** The name's language when it is not the page's search language (a skill with only an English label). */
  labelLang?: string | null;
}

export interface SearchState {
  q: string;
  lang: string;
  collection: string;
  category: string;
  skillType: string;
  status: string;
  page: number;
}

export interface BrowseProps {
  request: FastifyRequest;
  search: SearchState;
  results: { items: ResultItem[]; total: number; limit: number } | null;
  /** Occupations matching the search words (shown above the skills). */
  occupations?: OccupationItem[];
  groups: GroupNode[];
  counts: { skills: number; groups: number; occupations: number; collections: number };
  collections: { id: string; name: LangMap }[];
  categories: string[];
  /** Curators see the status filter and the links to create and import skills. */
  curator: boolean;
  /** The network operator also gets the link to the ESCO import. */
  operator: boolean;
  signedIn: boolean;
}

function text(request: FastifyRequest, value: string | LangMap | null | undefined): string {
  if (!value) return '';
  return plain(typeof value === 'string' ? value : pickText(value, request.lang).text);
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function SearchForm({
  request,
  search,
  collections,
  categories,
  curator,
}: Pick<BrowseProps, 'request' | 'search' | 'collections' | 'categories' | 'curator'>) {
  const { t } = request;
  const option = (value: string, label: string, current: string) => (
    <option value={value} selected={value === current}>
      {escapeHtml(label)}
    </option>
  );
  return (
    <search aria-label={t('skills:pages.browse.searchLandmark')}>
      <form method="get" action="/skills">
        <div class="search-form">
          <div class="field grow">
            <label for="q">{escapeHtml(t('skills:pages.browse.searchLabel'))}</label>
            <input id="q" name="q" type="search" value={search.q} autocomplete="off" />
          </div>
          <div class="field">
            <label for="lang">{escapeHtml(t('skills:pages.browse.langLabel'))}</label>
            <select id="lang" name="lang">
              {option('nl', t('skills:pages.common.languages.nl'), search.lang)}
              {option('en', t('skills:pages.common.languages.en'), search.lang)}
            </select>
          </div>
          <button type="submit">{escapeHtml(t('skills:pages.browse.searchButton'))}</button>
        </div>
        <fieldset class="filters">
          <legend>{escapeHtml(t('skills:pages.browse.filters'))}</legend>
          <div class="field">
            <label for="collection">{escapeHtml(t('skills:pages.browse.collection'))}</label>
            <select id="collection" name="collection">
              {option('', t('skills:pages.browse.any'), search.collection)}
              {collections.map((c) => option(c.id, nameOf(request, c.name), search.collection))}
            </select>
          </div>
          <div class="field">
            <label for="category">{escapeHtml(t('skills:pages.browse.category'))}</label>
            <select id="category" name="category">
              {option('', t('skills:pages.browse.any'), search.category)}
              {categories.map((c) => option(c, plain(c), search.category))}
            </select>
          </div>
          <div class="field">
            <label for="skillType">{escapeHtml(t('skills:pages.browse.skillType'))}</label>
            <select id="skillType" name="skillType">
              {option('', t('skills:pages.browse.any'), search.skillType)}
              {option('skill/competence', t('skills:pages.skillType.skill-competence'), search.skillType)}
              {option('knowledge', t('skills:pages.skillType.knowledge'), search.skillType)}
            </select>
          </div>
          {curator ? (
            <div class="field">
              <label for="status">{escapeHtml(t('skills:pages.browse.status'))}</label>
              <select id="status" name="status">
                {option('', t('skills:pages.browse.any'), search.status)}
                {option('draft', t('skills:pages.status.draft'), search.status)}
                {option('published', t('skills:pages.status.published'), search.status)}
                {option('archived', t('skills:pages.status.archived'), search.status)}
              </select>
            </div>
          ) : (
            ''
          )}
        </fieldset>
      </form>
    </search>
  );
}

export function ResultList({ request, items }: { request: FastifyRequest; items: ResultItem[] }) {
  return (
    <ol class="result-list">
      {items.map((item) => (
        <li>
          <a href={`/skills/${item.id}`} lang={item.labelLang ?? undefined}>
            {escapeHtml(text(request, item.name))}
          </a>{' '}
          <LanguageTag request={request} lang={item.labelLang} />
          {item.status !== 'published' ? <StatusTag request={request} status={item.status} /> : ''}
          {item.skillType ? <span class="tag">{escapeHtml(codeLabel(request, 'skillType', item.skillType))}</span> : ''}
          {item.matched ? <span class="muted"> ({escapeHtml(item.matched)})</span> : ''}
          {item.statement ? <p class="muted">{escapeHtml(truncate(text(request, item.statement), 240))}</p> : ''}
        </li>
      ))}
    </ol>
  );
}

/** A small tag ("EN") on a name that is not in the language searched in, with the language spelled out. */
function LanguageTag({ request, lang }: { request: FastifyRequest; lang?: string | null }) {
  if (!lang) return '';
  const language = request.t(`skills:search.languages.${lang}`, { defaultValue: lang.toUpperCase() });
  return (
    <span class="tag" title={request.t('skills:search.otherLanguage', { language })}>
      <abbr title={language}>{escapeHtml(lang.toUpperCase())}</abbr>
    </span>
  );
}

/** The occupations a search matches: name, its essential skills, a search for them. */
function OccupationList({ request, items, lang }: { request: FastifyRequest; items: OccupationItem[]; lang: string }) {
  const { t } = request;
  return (
    <ul class="plain-list">
      {items.map((o) => (
        <li>
          <a href={`/skills?${new URLSearchParams({ q: o.name, lang }).toString()}`} lang={o.labelLang ?? undefined}>
            {escapeHtml(o.name)}
          </a>{' '}
          <LanguageTag request={request} lang={o.labelLang} />
          <span class="muted"> {escapeHtml(t('skills:search.essentialSkills', { count: o.essentialSkills }))}</span>
        </li>
      ))}
    </ul>
  );
}

function GroupList({ request, groups }: { request: FastifyRequest; groups: GroupNode[] }) {
  const { t } = request;
  return (
    <ul class="cards plain-list">
      {groups.map((g) => (
        <li class="card">
          <a href={`/skills/groups/${g.id}`}>{escapeHtml(nameOf(request, g.name, g.code))}</a>
          {g.code ? <span class="muted"> {escapeHtml(g.code)}</span> : ''}
          <p class="muted">
            {g.groupCount ? escapeHtml(t('skills:pages.browse.groupCount', { count: g.groupCount })) : ''}
            {g.groupCount && g.skillCount ? ' · ' : ''}
            {g.skillCount ? escapeHtml(t('skills:pages.browse.skillCount', { count: g.skillCount })) : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

export function BrowsePage(props: BrowseProps) {
  const { request, search, results, groups, counts, curator, operator, signedIn } = props;
  const { t } = request;
  const title = t('skills:pages.browse.title');
  const searching = results !== null;
  return (
    <Layout request={request} title={title} description={t('skills:pages.browse.lead')} head={<style>{SKILLS_STYLE}</style>}>
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">{escapeHtml(t('skills:pages.browse.lead'))}</p>
      <SearchForm {...props} />
      {signedIn ? (
        <ul class="actions plain-list">
          {curator ? (
            <>
              <li>
                <a class="button secondary" href="/skills/new">
                  {escapeHtml(t('skills:pages.browse.newSkill'))}
                </a>
              </li>
              <li>
                <a class="button secondary" href="/skills/upload">
                  {escapeHtml(t('skills:pages.browse.import'))}
                </a>
              </li>
            </>
          ) : (
            ''
          )}
          {operator ? (
            <li>
              <a class="button secondary" href="/skills/import">
                {escapeHtml(t('skills:pages.browse.importEsco'))}
              </a>
            </li>
          ) : (
            ''
          )}
          <li>
            <a class="button secondary" href="/collections">
              {escapeHtml(t('skills:pages.browse.collections'))}
            </a>
          </li>
        </ul>
      ) : (
        ''
      )}
      {searching && props.occupations?.length ? (
        <section aria-labelledby="occupations-heading">
          <h2 id="occupations-heading">{escapeHtml(t('skills:search.occupations'))}</h2>
          <OccupationList request={request} items={props.occupations} lang={search.lang} />
        </section>
      ) : (
        ''
      )}
      {searching ? (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{escapeHtml(t('skills:pages.browse.results'))}</h2>
          <p role="status">{escapeHtml(t('skills:pages.browse.resultCount', { count: results.total }))}</p>
          {results.items.length ? (
            <ResultList request={request} items={results.items} />
          ) : (
            <p>{escapeHtml(t('skills:pages.browse.noResults'))}</p>
          )}
          <Pagination
            request={request}
            total={results.total}
            limit={results.limit}
            offset={(search.page - 1) * results.limit}
            path="/skills"
            params={{
              q: search.q,
              lang: search.lang,
              collection: search.collection,
              category: search.category,
              skillType: search.skillType,
              status: search.status,
            }}
          />
        </section>
      ) : (
        <section aria-labelledby="hierarchy-heading">
          <h2 id="hierarchy-heading">{escapeHtml(t('skills:pages.browse.hierarchy'))}</h2>
          <p>{escapeHtml(t('skills:pages.browse.totals', counts))}</p>
          {groups.length ? <GroupList request={request} groups={groups} /> : <p>{escapeHtml(t('skills:pages.browse.empty'))}</p>}
        </section>
      )}
      <EscoAttribution request={request} />
    </Layout>
  );
}

export function GroupPageView({ request, data, page }: { request: FastifyRequest; data: GroupPage; page: number }) {
  const { t } = request;
  const title = nameOf(request, data.group.name, data.group.code);
  const picked = pickText(data.group.statement, request.lang);
  const limit = 100;
  return (
    <Layout request={request} title={title} description={picked.text} head={<style>{SKILLS_STYLE}</style>}>
      <Breadcrumbs
        request={request}
        crumbs={[
          { href: '/skills', label: t('skills:pages.browse.title') },
          ...data.trail.map((g) => ({ href: `/skills/groups/${g.id}`, label: nameOf(request, g.name, g.code) })),
          { label: title },
        ]}
      />
      <h1>{escapeHtml(title)}</h1>
      {data.group.code ? <p class="muted">{escapeHtml(data.group.code)}</p> : ''}
      {picked.text ? <p lang={picked.fallback ? picked.lang : undefined}>{escapeHtml(picked.text)}</p> : ''}
      <p>
        <a href={`/skills/${data.group.id}`}>{escapeHtml(t('skills:pages.browse.groupDetails'))}</a>
      </p>
      {data.groups.length ? (
        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading">{escapeHtml(t('skills:pages.browse.narrowerGroups'))}</h2>
          <GroupList request={request} groups={data.groups} />
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="skills-heading">
        <h2 id="skills-heading">{escapeHtml(t('skills:pages.browse.groupSkills'))}</h2>
        {data.skills.length ? (
          <ul class="result-list">
            {data.skills.map((s) => (
              <li>
                <SkillLink request={request} skill={s} />
              </li>
            ))}
          </ul>
        ) : (
          <p>{escapeHtml(t('skills:pages.browse.noSkillsInGroup'))}</p>
        )}
        <Pagination
          request={request}
          total={data.skillTotal}
          limit={limit}
          offset={(page - 1) * limit}
          path={`/skills/groups/${data.group.id}`}
          params={{}}
        />
      </section>
      <EscoAttribution request={request} />
    </Layout>
  );
}
