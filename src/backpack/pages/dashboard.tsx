import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import type { BackpackItem } from '../items.ts';
import { imageUrl } from '../../platform/pages/urls.ts';

/** The home page's backpack panel: the new badges, and the way to the backpack. */
export function BackpackPanel({
  request,
  fresh,
  total,
  suggestPublish,
}: {
  request: FastifyRequest;
  fresh: BackpackItem[];
  total: number;
  suggestPublish: boolean;
}) {
  const { t } = request;
  return (
    <section class="panel" aria-labelledby="backpack-panel">
      <h2 id="backpack-panel">{escapeHtml(t('backpack:dashboard.title'))}</h2>
      <p>
        {escapeHtml(
          fresh.length ? t('backpack:dashboard.newCount', { count: fresh.length }) : t('backpack:dashboard.total', { count: total }),
        )}
      </p>
      {fresh.length ? (
        <ul class="item-list">
          {fresh.slice(0, 5).map((item) => (
            <li>
              {imageUrl(item.image) ? <img src={imageUrl(item.image) ?? ''} alt="" width="40" height="40" /> : ''}
              <span>
                <a href={`/backpack/items/${item.id}`}>{escapeHtml(item.name || '—')}</a>
                {item.issuerName ? <span class="muted"> · {escapeHtml(item.issuerName)}</span> : ''}
              </span>
              <span class="tag">{escapeHtml(t('backpack:backpack.newTag'))}</span>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      {suggestPublish ? (
        <p>
          {escapeHtml(t('backpack:dashboard.publish'))} <a href="/backpack/profile">{escapeHtml(t('backpack:dashboard.publishLink'))}</a>
        </p>
      ) : (
        ''
      )}
      <p>
        <a href="/backpack/skills">{escapeHtml(t('backpack:dashboard.skills'))}</a>
      </p>
      <p class="actions">
        <a class="button" href="/backpack">
          {escapeHtml(t('backpack:dashboard.open'))}
        </a>
        <a class="button secondary" href="/claim">
          {escapeHtml(t('backpack:dashboard.claim'))}
        </a>
      </p>
    </section>
  );
}
