import type { PropsWithChildren } from '@kitajs/html';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import type { BackpackItem } from '../items.ts';
import type { PublicProfileHead } from '../profile.ts';
import { imageUrl } from '../../platform/pages/urls.ts';

/**
 * One badge of a published profile as a small card for other sites (`/p/<handle>/badges/<id>/embed`),
 * shown in their iframe: the only page of Vaardig that may be framed by others. It links to the
 * badge's page on the profile, where it is verified live; it sets no cookies and has no forms.
 */

/** The badge's address inside a published profile. */
export function publicBadgePath(handle: string, itemId: string): string {
  return `/p/${handle}/badges/${itemId}`;
}

/** The HTML a person copies into another web page to show one badge of their profile there. */
export function embedSnippet(
  baseUrl: string,
  profile: Pick<PublicProfileHead, 'handle' | 'displayName'>,
  item: BackpackItem,
  lang: string,
) {
  const src = `${baseUrl}${publicBadgePath(profile.handle, item.id)}/embed?lang=${encodeURIComponent(lang)}`;
  const title = `${item.name} · ${profile.displayName} · Vaardig`;
  return `<iframe src="${escapeHtml(src)}" title="${escapeHtml(title)}" width="360" height="200" style="border:0;max-width:100%" loading="lazy"></iframe>`;
}

function EmbedDocument({ request, title, children }: PropsWithChildren<{ request: FastifyRequest; title: string }>) {
  return (
    <>
      {'<!doctype html>'}
      <html lang={request.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex" />
          <title>{escapeHtml(`${title} · Vaardig`)}</title>
          <link rel="stylesheet" href="/assets/vaardig.css" />
        </head>
        <body class="embed-body">{children}</body>
      </html>
    </>
  );
}

/** The card: image, name (to the badge's page), who earned it, issuer and date, its state, and the way to check it. */
export function EmbedBadgePage({ request, profile, item }: { request: FastifyRequest; profile: PublicProfileHead; item: BackpackItem }) {
  const { t } = request;
  const page = `${request.server.ctx.config.baseUrl}${publicBadgePath(profile.handle, item.id)}`;
  const image = imageUrl(item.image);
  const meta = [
    item.issuerName ? t('backpack:backpack.issuedBy', { issuer: item.issuerName }) : '',
    item.awardedAt ? t('backpack:backpack.awarded', { date: formatDate(request, item.awardedAt) }) : '',
  ].filter(Boolean);
  return (
    <EmbedDocument request={request} title={t('backpack:embed.title', { name: item.name, person: profile.displayName })}>
      <main class="embed">
        {image ? <img src={image} alt="" width="72" height="72" /> : ''}
        <div>
          <h1>
            <a href={page} target="_blank" rel="noopener">
              {escapeHtml(item.name || '—')}
            </a>
          </h1>
          <p>{escapeHtml(t('backpack:public.earnedBy', { name: profile.displayName }))}</p>
          {meta.length ? <p class="muted">{escapeHtml(meta.join(' · '))}</p> : ''}
          <p>
            <span class="tag">{escapeHtml(t(`backpack:backpack.status.${item.status}`))}</span>{' '}
            <a href={page} target="_blank" rel="noopener">
              {escapeHtml(t('backpack:embed.check'))}
            </a>
          </p>
        </div>
      </main>
    </EmbedDocument>
  );
}

/** In place of the card when the badge is not public (any more): a 404 that still shows inside the frame. */
export function EmbedMissingPage({ request }: { request: FastifyRequest }) {
  const { t } = request;
  return (
    <EmbedDocument request={request} title={t('backpack:embed.missingTitle')}>
      <main class="embed">
        <div>
          <h1>{escapeHtml(t('backpack:embed.missingTitle'))}</h1>
          <p>{escapeHtml(t('backpack:embed.missing'))}</p>
        </div>
      </main>
    </EmbedDocument>
  );
}
