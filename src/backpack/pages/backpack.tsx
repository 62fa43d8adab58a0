import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { BackpackList } from '../items.ts';
import { BackpackNav, ItemActions, ItemCard } from './components.tsx';

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
                <ItemActions request={request} item={item} back={back} />
              </ItemCard>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
