import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { BackpackList } from '../items.ts';
import { ItemActions, ItemCard } from './components.tsx';

/** `/backpack`: the person's badges (or the hidden ones), new ones marked. */
export function BackpackPage({ request, list, show }: { request: FastifyRequest; list: BackpackList; show: 'current' | 'hidden' }) {
  const { t } = request;
  const back = show === 'hidden' ? '/backpack?show=hidden' : '/backpack';
  return (
    <Layout request={request} title={t('backpack:backpack.title')}>
      <h1>{escapeHtml(t('backpack:backpack.title'))}</h1>
      <p class="lead">{escapeHtml(t('backpack:backpack.lead'))}</p>
      <p>
        {escapeHtml(t('backpack:backpack.addresses'))} <a href="/account#addresses">{escapeHtml(t('backpack:backpack.addressesLink'))}</a>
      </p>
      <p>
        <a class="button" href="/backpack/import">
          {escapeHtml(t('backpack:import.link'))}
        </a>
      </p>
      <nav class="sub-nav" aria-label={t('backpack:backpack.tabs')}>
        <ul>
          <li>
            <a href="/backpack" aria-current={show === 'current' ? 'page' : undefined}>
              {escapeHtml(t('backpack:backpack.current', { count: list.counts.current }))}
            </a>
          </li>
          <li>
            <a href="/backpack?show=hidden" aria-current={show === 'hidden' ? 'page' : undefined}>
              {escapeHtml(t('backpack:backpack.hidden', { count: list.counts.hidden }))}
            </a>
          </li>
        </ul>
      </nav>
      {list.items.length === 0 ? (
        <p>{escapeHtml(t(show === 'hidden' ? 'backpack:backpack.emptyHidden' : 'backpack:backpack.empty'))}</p>
      ) : (
        <ul class="cards" aria-label={t('backpack:backpack.title')}>
          {list.items.map((item) => (
            <ItemCard request={request} item={item} href={`/backpack/items/${item.id}`}>
              <ItemActions request={request} item={item} back={back} />
            </ItemCard>
          ))}
        </ul>
      )}
    </Layout>
  );
}
