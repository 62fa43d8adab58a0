import type { FastifyRequest } from 'fastify';
import type { Verdict } from '../../credentials/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate, formatDateTime } from '../../platform/pages/format.ts';
import { PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { BackpackItemDetail } from '../items.ts';
import { imageUrl, webUrl } from '../../platform/pages/urls.ts';
import { ItemActions, ItemTags, VerdictSection } from './components.tsx';

/** What a badge says: description, issuer, dates, recipient and the skills it names. */
export function ItemFacts({ request, item }: { request: FastifyRequest; item: BackpackItemDetail }) {
  const { t } = request;
  return (
    <>
      {imageUrl(item.image) ? <img src={imageUrl(item.image) ?? ''} alt="" width="160" height="160" /> : ''}
      {item.description ? <p>{escapeHtml(item.description)}</p> : ''}
      <dl>
        <dt>{escapeHtml(t('backpack:item.issuer'))}</dt>
        <dd>{escapeHtml(item.issuerName || '—')}</dd>
        {item.awardedAt ? (
          <>
            <dt>{escapeHtml(t('backpack:item.awarded'))}</dt>
            <dd>{escapeHtml(formatDate(request, item.awardedAt))}</dd>
          </>
        ) : (
          ''
        )}
        {item.validUntil ? (
          <>
            <dt>{escapeHtml(t('backpack:item.validUntil'))}</dt>
            <dd>{escapeHtml(formatDate(request, item.validUntil))}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <h2>{escapeHtml(t('backpack:item.skills'))}</h2>
      {item.skills.length === 0 ? (
        <p>{escapeHtml(t('backpack:item.noSkills'))}</p>
      ) : (
        <ul>
          {item.skills.map((s) => (
            <li>
              {webUrl(s.targetUrl) ? (
                <a href={webUrl(s.targetUrl) ?? ''}>{escapeHtml(s.targetName || s.targetUrl)}</a>
              ) : (
                escapeHtml(s.targetName || s.targetUrl || '')
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A badge inside the backpack: what it says, its live verification, and what the person can do with it. */
export function ItemPage({ request, item, verdict }: { request: FastifyRequest; item: BackpackItemDetail; verdict: Verdict | null }) {
  const { t } = request;
  const base = `/backpack/items/${item.id}`;
  return (
    <Layout request={request} title={item.name || t('backpack:backpack.title')}>
      <p>
        <a href="/backpack">{escapeHtml(t('backpack:item.back'))}</a>
      </p>
      <h1>{escapeHtml(item.name || '—')}</h1>
      <ItemTags request={request} item={item} />
      <ItemActions request={request} item={item} back={base} />
      <ItemFacts request={request} item={item} />
      <p>
        {escapeHtml(t('backpack:item.recipient'))}: {escapeHtml(item.recipientEmail)}
      </p>
      <VerdictSection request={request} verdict={verdict} />
      {item.verifiedAt ? (
        <p class="muted">{escapeHtml(t('backpack:item.lastVerified', { date: formatDateTime(request, item.verifiedAt) }))}</p>
      ) : (
        ''
      )}
      <h2>{escapeHtml(t('backpack:item.download'))}</h2>
      <ul>
        <li>
          <a href={`${base}/credential.json`} download="">
            {escapeHtml(t('backpack:item.downloadJson'))}
          </a>
        </li>
        {item.jwt ? (
          <li>
            <a href={`${base}/credential.jwt`} download="">
              {escapeHtml(t('backpack:item.downloadJwt'))}
            </a>
          </li>
        ) : (
          ''
        )}
        {item.publicUrl ? (
          <li>
            <a href={item.publicUrl}>{escapeHtml(t('backpack:item.publicPage'))}</a>
          </li>
        ) : (
          ''
        )}
      </ul>
      <h2>{escapeHtml(t('backpack:backpack.delete'))}</h2>
      <p>{escapeHtml(t('backpack:backpack.deleteHint'))}</p>
      <PostForm request={request} action={`${base}/delete`}>
        <button type="submit" class="danger">
          {escapeHtml(t('backpack:backpack.delete'))}
        </button>
      </PostForm>
    </Layout>
  );
}
