import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Collection, CollectionDetail } from '../collections.ts';
import { BackpackNav, ItemTags } from './components.tsx';

type Values = { name?: string; description?: string; isPublic?: boolean };

function CollectionFields({ request, values, errors }: { request: FastifyRequest; values?: Values; errors?: FormErrors }) {
  const { t } = request;
  return (
    <>
      <Field name="name" label={t('backpack:collections.name')} value={values?.name} errors={errors} required autocomplete="off" />
      <Field
        name="description"
        label={t('backpack:collections.description')}
        value={values?.description}
        errors={errors}
        multiline
        autocomplete="off"
      />
      <Checkbox
        name="isPublic"
        label={t('backpack:collections.public')}
        hint={t('backpack:collections.publicHint')}
        checked={values?.isPublic}
        errors={errors}
      />
    </>
  );
}

function MoveButtons({
  request,
  action,
  name,
  fields,
}: {
  request: FastifyRequest;
  action: string;
  name: string;
  fields: Record<string, string>;
}) {
  const { t } = request;
  return (
    <>
      {(['up', 'down'] as const).map((dir) => (
        <PostForm request={request} action={action}>
          {Object.entries(fields).map(([k, v]) => (
            <input type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name="direction" value={dir} />
          <button type="submit" class="secondary" aria-label={t(`backpack:collections.move_${dir}`, { name })}>
            {dir === 'up' ? '↑' : '↓'}
          </button>
        </PostForm>
      ))}
    </>
  );
}

/** `/backpack/collections`: the person's collections in their order, and a form for a new one. */
export function CollectionsPage({
  request,
  collections,
  values,
  errors,
}: {
  request: FastifyRequest;
  collections: Collection[];
  values?: Values;
  errors?: FormErrors;
}) {
  const { t } = request;
  return (
    <Layout request={request} title={t('backpack:collections.title')}>
      <h1>{escapeHtml(t('backpack:collections.title'))}</h1>
      <BackpackNav request={request} current="/backpack/collections" />
      <p class="lead">{escapeHtml(t('backpack:collections.lead'))}</p>
      {collections.length === 0 ? (
        <p>{escapeHtml(t('backpack:collections.none'))}</p>
      ) : (
        <ScrollTable label={t('backpack:collections.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('backpack:collections.name'))}</th>
                <th scope="col">{escapeHtml(t('backpack:collections.visibility'))}</th>
                <th scope="col">{escapeHtml(t('backpack:collections.badges'))}</th>
                <th scope="col">{escapeHtml(t('backpack:collections.order'))}</th>
              </tr>
            </thead>
            <tbody>
              {collections.map((c) => (
                <tr>
                  <td>
                    <a href={`/backpack/collections/${c.id}`}>{escapeHtml(c.name)}</a>
                  </td>
                  <td>{escapeHtml(t(c.isPublic ? 'backpack:collections.isPublic' : 'backpack:collections.isPrivate'))}</td>
                  <td>{escapeHtml(String(c.itemCount))}</td>
                  <td>
                    <div class="actions">
                      <MoveButtons request={request} action={`/backpack/collections/${c.id}/move`} name={c.name} fields={{}} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <h2 id="new-collection">{escapeHtml(t('backpack:collections.new'))}</h2>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/backpack/collections">
        <CollectionFields request={request} values={values} errors={errors} />
        <button type="submit">{escapeHtml(t('backpack:collections.create'))}</button>
      </PostForm>
    </Layout>
  );
}

/** One collection: its badges in order (move, remove), adding a badge, changing and deleting it. */
export function CollectionPage({
  request,
  collection,
  values,
  errors,
}: {
  request: FastifyRequest;
  collection: CollectionDetail;
  values?: Values;
  errors?: FormErrors;
}) {
  const { t } = request;
  const base = `/backpack/collections/${collection.id}`;
  return (
    <Layout request={request} title={collection.name}>
      <p>
        <a href="/backpack/collections">{escapeHtml(t('backpack:collections.back'))}</a>
      </p>
      <h1>{escapeHtml(collection.name)}</h1>
      <p>
        <span class="tag">{escapeHtml(t(collection.isPublic ? 'backpack:collections.isPublic' : 'backpack:collections.isPrivate'))}</span>
      </p>
      {collection.description ? <p>{escapeHtml(collection.description)}</p> : ''}
      <h2>{escapeHtml(t('backpack:collections.badges'))}</h2>
      {collection.items.length === 0 ? (
        <p>{escapeHtml(t('backpack:collections.empty'))}</p>
      ) : (
        <ol class="item-list">
          {collection.items.map((item) => (
            <li>
              <span>
                <a href={`/backpack/items/${item.id}`}>{escapeHtml(item.name || '—')}</a>
                <span class="muted"> · {escapeHtml(item.issuerName)}</span>
                <ItemTags request={request} item={item} />
              </span>
              <MoveButtons request={request} action={`${base}/items/move`} name={item.name} fields={{ item: item.id }} />
              <PostForm request={request} action={`${base}/items/remove`}>
                <input type="hidden" name="item" value={item.id} />
                <button type="submit" class="secondary" aria-label={t('backpack:collections.removeLabel', { name: item.name })}>
                  {escapeHtml(t('backpack:collections.remove'))}
                </button>
              </PostForm>
            </li>
          ))}
        </ol>
      )}
      {collection.others.length ? (
        <PostForm request={request} action={`${base}/items`}>
          <Select
            name="item"
            label={t('backpack:collections.add')}
            options={collection.others.map((i) => ({ value: i.id, label: i.issuerName ? `${i.name} (${i.issuerName})` : i.name }))}
            errors={errors}
          />
          <button type="submit">{escapeHtml(t('backpack:collections.addButton'))}</button>
        </PostForm>
      ) : (
        ''
      )}
      <h2 id="edit">{escapeHtml(t('backpack:collections.edit'))}</h2>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={base}>
        <CollectionFields
          request={request}
          values={values ?? { name: collection.name, description: collection.description, isPublic: collection.isPublic }}
          errors={errors}
        />
        <button type="submit">{escapeHtml(t('platform:form.save'))}</button>
      </PostForm>
      <h2>{escapeHtml(t('backpack:collections.delete'))}</h2>
      <p>{escapeHtml(t('backpack:collections.deleteHint'))}</p>
      <PostForm request={request} action={`${base}/delete`}>
        <button type="submit" class="danger">
          {escapeHtml(t('backpack:collections.delete'))}
        </button>
      </PostForm>
    </Layout>
  );
}
