import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { BackpackList } from '../items.ts';
import { BackpackNav, ItemActions, ItemCard } from './components.tsx';

/** The address of one page of the backpack (badges shown, or the hidden ones). */
function pageHref(show: 'current' | 'hidden', page: number): string {
  const params = new URLSearchParams();
  if (show === 'hidden') params.set('show', 'hidden');
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/backpack?${query}` : '/backpack';
}

/** Previous and next page, and where the reader is. */
function Pager({ request, show, page, pages }: { request: FastifyRequest; show: 'current' | 'hidden'; page: number; pages: number }) {
  if (pages <= 1) return '';
  const { t } = request;
  return (
    <nav class="pager" aria-label={t('backpack:backpack.pages')}>
      <ul class="actions">
        {page > 1 ? (
          <li>
            <a href={pageHref(show, page - 1)} rel="prev">
              {escapeHtml(t('backpack:backpack.previous'))}
            </a>
          </li>
        ) : (
          ''
        )}
        <li aria-current="page">{escapeHtml(t('backpack:backpack.pageOf', { page, pages }))}</li>
        {page < pages ? (
          <li>
            <a href={pageHref(show, page + 1)} rel="next">
              {escapeHtml(t('backpack:backpack.next'))}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

/** `/backpack`: the person's badges (or the hidden ones), new ones marked, a page at a time. */
export function BackpackPage({ request, list, show }: { request: FastifyRequest; list: BackpackList; show: 'current' | 'hidden' }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('backpack:backpack.title')}>
      <h1>{escapeHtml(t('backpack:backpack.title'))}</h1>
      <p class="lead">{escapeHtml(t('backpack:backpack.lead'))}</p>
      <p>
        {escapeHtml(t('backpack:backpack.addresses'))} <a href="/account#addresses">{escapeHtml(t('backpack:backpack.addressesLink'))}</a>
      </p>
      <BackpackNav request={request} current="/backpack" />
      <p>
        {show === 'hidden' ? (
          <a href="/backpack">{escapeHtml(t('backpack:backpack.current', { count: list.counts.current }))}</a>
        ) : (
          <a href="/backpack?show=hidden">{escapeHtml(t('backpack:backpack.hidden', { count: list.counts.hidden }))}</a>
        )}
      </p>
      {list.items.length === 0 ? (
        <p>{escapeHtml(t(show === 'hidden' ? 'backpack:backpack.emptyHidden' : 'backpack:backpack.empty'))}</p>
      ) : (
        <>
          <h2 class="visually-hidden">
            {escapeHtml(t(show === 'hidden' ? 'backpack:backpack.hiddenHeading' : 'backpack:sections.badges'))}
          </h2>
          <ul class="cards" aria-label={t('backpack:backpack.title')}>
            {list.items.map((item) => (
              <ItemCard request={request} item={item} href={`/backpack/items/${item.id}`}>
                <ItemActions request={request} item={item} back={pageHref(show, list.page)} />
              </ItemCard>
            ))}
          </ul>
          <Pager request={request} show={show} page={list.page} pages={list.pages} />
        </>
      )}
    </Layout>
  );
}
