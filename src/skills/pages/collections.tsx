import { escapeHtml } from '../../platform/pages/escape.ts';
import type { FastifyRequest } from 'fastify';
import { CsrfField, ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { CollectionDetail, CollectionSummary } from '../browse/service.ts';
import { pickText } from '../browse/text.ts';
import type { ResultItem } from './browse.tsx';
import { Breadcrumbs, codeLabel, plain, EscoAttribution, nameOf, SKILLS_STYLE, SkillLink, StatusButton, StatusTag } from './components.tsx';
import type { OrganisationChoice } from './editor.tsx';
import type { ExportLink } from './skill.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';

export interface CollectionFormValues {
  organisationId: string;
  name_en: string;
  name_nl: string;
  description_en: string;
  description_nl: string;
  author: string;
}

export const COLLECTION_FORM_FIELDS: (keyof CollectionFormValues)[] = [
  'organisationId',
  'name_en',
  'name_nl',
  'description_en',
  'description_nl',
  'author',
];

export function collectionFormValues(body: unknown): CollectionFormValues {
  const b = (body ?? {}) as Record<string, unknown>;
  const out = {} as CollectionFormValues;
  for (const f of COLLECTION_FORM_FIELDS) out[f] = typeof b[f] === 'string' ? (b[f] as string) : '';
  return out;
}

export function CollectionListPage({
  request,
  collections,
  canCreate,
}: {
  request: FastifyRequest;
  collections: CollectionSummary[];
  canCreate: boolean;
}) {
  const { t } = request;
  const title = t('skills:pages.collections.title');
  return (
    <Layout request={request} title={title} description={t('skills:pages.collections.lead')} head={<style>{SKILLS_STYLE}</style>}>
      <Breadcrumbs request={request} crumbs={[{ href: '/skills', label: t('skills:pages.browse.title') }, { label: title }]} />
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">{escapeHtml(t('skills:pages.collections.lead'))}</p>
      {canCreate ? (
        <p>
          <a class="button" href="/collections/new">
            {escapeHtml(t('skills:pages.collections.new'))}
          </a>
        </p>
      ) : (
        ''
      )}
      {collections.length ? (
        <ScrollTable label={t('skills:pages.collections.caption')}>
          <table>
            <caption class="visually-hidden">{escapeHtml(t('skills:pages.collections.caption'))}</caption>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('skills:pages.collections.name'))}</th>
                <th scope="col">{escapeHtml(t('skills:pages.collections.skills'))}</th>
                <th scope="col">{escapeHtml(t('skills:pages.collections.status'))}</th>
              </tr>
            </thead>
            <tbody>
              {collections.map((c) => (
                <tr>
                  <td>
                    <a href={`/collections/${c.id}`}>{escapeHtml(nameOf(request, c.name))}</a>
                  </td>
                  <td>{escapeHtml(c.skillCount)}</td>
                  <td>
                    <StatusTag request={request} status={c.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : (
        <p>{escapeHtml(t('skills:pages.collections.none'))}</p>
      )}
      {collections.some((c) => c.externalKey) ? <EscoAttribution request={request} /> : ''}
    </Layout>
  );
}

export function NewCollectionPage({
  request,
  values,
  errors,
  organisations,
}: {
  request: FastifyRequest;
  values: CollectionFormValues;
  errors?: FormErrors;
  organisations: OrganisationChoice[];
}) {
  const { t } = request;
  const title = t('skills:pages.collections.new');
  return (
    <Layout request={request} title={title} head={<style>{SKILLS_STYLE}</style>}>
      <Breadcrumbs
        request={request}
        crumbs={[
          { href: '/skills', label: t('skills:pages.browse.title') },
          { href: '/collections', label: t('skills:pages.collections.title') },
          { label: title },
        ]}
      />
      <h1>{escapeHtml(title)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/collections/new">
        <Select
          name="organisationId"
          label={t('skills:pages.collections.organisation')}
          value={values.organisationId}
          errors={errors}
          options={organisations.map((o) => ({ value: o.id, label: plain(o.name) }))}
        />
        <Field name="name_en" label={t('skills:pages.collections.nameEn')} value={values.name_en} errors={errors} />
        <Field name="name_nl" label={t('skills:pages.collections.nameNl')} value={values.name_nl} errors={errors} />
        <Field
          name="description_en"
          label={t('skills:pages.collections.descriptionEn')}
          value={values.description_en}
          errors={errors}
          multiline
        />
        <Field
          name="description_nl"
          label={t('skills:pages.collections.descriptionNl')}
          value={values.description_nl}
          errors={errors}
          multiline
        />
        <Field name="author" label={t('skills:pages.collections.author')} value={values.author} errors={errors} autocomplete="name" />
        <div class="actions">
          <button type="submit">{escapeHtml(t('skills:pages.collections.create'))}</button>
          <a href="/collections">{escapeHtml(t('skills:pages.common.cancel'))}</a>
        </div>
      </PostForm>
    </Layout>
  );
}

export interface FindState {
  q: string;
  lang: string;
  results: ResultItem[] | null;
}

/** The results of "find skills to add", each with its own Add form; also the htmx fragment. */
export function AddResults({
  request,
  collection,
  find,
  inCollection,
}: {
  request: FastifyRequest;
  collection: { id: string };
  find: FindState;
  inCollection: Set<string>;
}) {
  const { t } = request;
  if (!find.results) return '';
  if (!find.results.length) return <p>{escapeHtml(t('skills:pages.collections.noResults'))}</p>;
  return (
    <ul class="result-list">
      {find.results.map((item) => {
        const name = typeof item.name === 'string' ? item.name : pickText(item.name, request.lang).text;
        return (
          <li>
            <a href={`/skills/${item.id}`}>{escapeHtml(name)}</a>{' '}
            {item.skillType ? <span class="tag">{escapeHtml(codeLabel(request, 'skillType', item.skillType))}</span> : ''}
            {inCollection.has(item.id) ? (
              <span class="muted"> {escapeHtml(t('skills:pages.collections.inCollection'))}</span>
            ) : (
              <form method="post" action={`/collections/${collection.id}/skills`} class="inline">
                <CsrfField request={request} />
                <input type="hidden" name="skillId" value={item.id} />
                <input type="hidden" name="find" value={find.q} />
                <input type="hidden" name="findLang" value={find.lang} />{' '}
                <button type="submit" class="secondary" aria-label={t('skills:pages.collections.addNamed', { name })}>
                  {escapeHtml(t('skills:pages.collections.add'))}
                </button>
              </form>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function CollectionPage({
  request,
  collection,
  curator,
  find,
  exports,
}: {
  request: FastifyRequest;
  collection: CollectionDetail;
  curator: boolean;
  find: FindState;
  exports: ExportLink[];
}) {
  const { t } = request;
  const name = pickText(collection.name, request.lang);
  const description = pickText(collection.description, request.lang);
  const title = plain(name.text || t('skills:pages.common.untitled'));
  const inCollection = new Set(collection.skills.map((s) => s.id));
  const usesEsco = Boolean(collection.externalKey) || collection.skills.some((s) => s.source === 'esco');
  return (
    <Layout request={request} title={title} description={description.text.slice(0, 300) || undefined} head={<style>{SKILLS_STYLE}</style>}>
      <Breadcrumbs
        request={request}
        crumbs={[
          { href: '/skills', label: t('skills:pages.browse.title') },
          { href: '/collections', label: t('skills:pages.collections.title') },
          { label: title },
        ]}
      />
      <h1 lang={name.fallback ? name.lang : undefined}>{escapeHtml(title)}</h1>
      <p>
        <StatusTag request={request} status={collection.status} />
      </p>
      {collection.status === 'draft' ? <p class="notice">{escapeHtml(t('skills:pages.collections.draftNote'))}</p> : ''}
      {description.text ? (
        <p class="lead" lang={description.fallback ? description.lang : undefined}>
          {escapeHtml(description.text)}
        </p>
      ) : (
        ''
      )}
      <dl class="fields">
        <dt>{escapeHtml(t('skills:pages.collections.owner'))}</dt>
        <dd>{collection.organisationName ? escapeHtml(collection.organisationName) : escapeHtml(t('skills:pages.skill.sharedLibrary'))}</dd>
        {collection.author ? (
          <>
            <dt>{escapeHtml(t('skills:pages.collections.author'))}</dt>
            <dd>{escapeHtml(collection.author)}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {curator ? (
        <div class="actions">
          {collection.status !== 'published' ? (
            <StatusButton
              request={request}
              action={`/collections/${collection.id}/status`}
              status="published"
              label={t('skills:pages.collections.publish')}
            />
          ) : (
            ''
          )}
          {collection.status !== 'archived' ? (
            <StatusButton
              request={request}
              action={`/collections/${collection.id}/status`}
              status="archived"
              label={t('skills:pages.collections.archive')}
              secondary
            />
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      <section aria-labelledby="skills-heading">
        <h2 id="skills-heading">{escapeHtml(t('skills:pages.collections.skillsHeading'))}</h2>
        {collection.skills.length ? (
          <ScrollTable label={t('skills:pages.collections.skillsCaption')}>
            <table>
              <caption class="visually-hidden">{escapeHtml(t('skills:pages.collections.skillsCaption'))}</caption>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(t('skills:pages.collections.skillColumn'))}</th>
                  <th scope="col">{escapeHtml(t('skills:pages.collections.typeColumn'))}</th>
                  {curator ? <th scope="col">{escapeHtml(t('skills:pages.collections.actionColumn'))}</th> : ''}
                </tr>
              </thead>
              <tbody>
                {collection.skills.map((s) => (
                  <tr>
                    <td>
                      <SkillLink request={request} skill={s} />
                    </td>
                    <td>
                      {s.skillType
                        ? escapeHtml(codeLabel(request, 'skillType', s.skillType))
                        : escapeHtml(t(`skills:pages.source.${s.source === 'esco' ? 'esco' : 'local'}`))}
                    </td>
                    {curator ? (
                      <td>
                        <form method="post" action={`/collections/${collection.id}/skills/${s.id}/remove`} class="inline">
                          <CsrfField request={request} />
                          <button
                            type="submit"
                            class="secondary"
                            aria-label={t('skills:pages.collections.removeNamed', { name: pickText(s.name, request.lang).text })}
                          >
                            {escapeHtml(t('skills:pages.collections.remove'))}
                          </button>
                        </form>
                      </td>
                    ) : (
                      ''
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        ) : (
          <p>{escapeHtml(t('skills:pages.collections.empty'))}</p>
        )}
      </section>
      {curator ? (
        <section aria-labelledby="add-heading" id="add">
          <h2 id="add-heading">{escapeHtml(t('skills:pages.collections.addHeading'))}</h2>
          <form
            method="get"
            action={`/collections/${collection.id}#add`}
            hx-get={`/collections/${collection.id}/find`}
            hx-target="#add-results"
            hx-swap="innerHTML"
            hx-trigger="submit, input changed delay:400ms from:#find"
          >
            <div class="search-form">
              <div class="field grow">
                <label for="find">{escapeHtml(t('skills:pages.collections.addSearch'))}</label>
                <input id="find" name="find" type="search" value={find.q} autocomplete="off" />
              </div>
              <div class="field">
                <label for="findLang">{escapeHtml(t('skills:pages.collections.addLang'))}</label>
                <select id="findLang" name="findLang">
                  <option value="nl" selected={find.lang === 'nl'}>
                    {escapeHtml(t('skills:pages.common.languages.nl'))}
                  </option>
                  <option value="en" selected={find.lang === 'en'}>
                    {escapeHtml(t('skills:pages.common.languages.en'))}
                  </option>
                </select>
              </div>
              <button type="submit">{escapeHtml(t('skills:pages.collections.addSearchButton'))}</button>
            </div>
          </form>
          <div id="add-results" aria-live="polite">
            <AddResults request={request} collection={collection} find={find} inCollection={inCollection} />
          </div>
        </section>
      ) : (
        ''
      )}
      {exports.length ? (
        <section aria-labelledby="export-heading">
          <h2 id="export-heading">{escapeHtml(t('skills:pages.collections.export'))}</h2>
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
      {usesEsco ? <EscoAttribution request={request} /> : ''}
    </Layout>
  );
}
