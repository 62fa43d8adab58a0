import type { PropsWithChildren } from '@kitajs/html';
import type { FastifyRequest } from 'fastify';
import { checkText, type Verdict } from '../../credentials/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { PostForm } from '../../platform/pages/forms.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { BackpackItem } from '../items.ts';
import { imageUrl } from '../../platform/pages/urls.ts';

/** The badge's state at its issuer (valid, revoked, …) and in the backpack (new, accepted, hidden). */
export function ItemTags({ request, item }: { request: FastifyRequest; item: BackpackItem }) {
  const { t } = request;
  return (
    <p>
      {item.isNew ? <span class="tag">{escapeHtml(t('backpack:backpack.newTag'))}</span> : ''}
      <span class="tag">{escapeHtml(t(`backpack:backpack.status.${item.status}`))}</span>
      <span class="tag">
        {escapeHtml(
          t(
            item.state === 'accepted'
              ? 'backpack:backpack.accepted'
              : item.state === 'hidden'
                ? 'backpack:backpack.hiddenTag'
                : 'backpack:backpack.pending',
          ),
        )}
      </span>
      {item.source === 'imported' ? <span class="tag">{escapeHtml(t('backpack:backpack.imported'))}</span> : ''}
    </p>
  );
}

/** Accept, hide or show again: one small form each. `back` is where the person returns to. */
export function ItemActions({ request, item, back }: { request: FastifyRequest; item: BackpackItem; back: string }) {
  const { t } = request;
  const action = (state: string, label: string, aria: string, secondary = true) => (
    <PostForm request={request} action={`/backpack/items/${item.id}/state`}>
      <input type="hidden" name="state" value={state} />
      <input type="hidden" name="back" value={back} />
      <button type="submit" class={secondary ? 'secondary' : undefined} aria-label={t(aria, { name: item.name })}>
        {escapeHtml(t(label))}
      </button>
    </PostForm>
  );
  return (
    <div class="actions">
      {item.state === 'pending' ? action('accepted', 'backpack:backpack.accept', 'backpack:backpack.acceptLabel', false) : ''}
      {item.state === 'hidden'
        ? action('pending', 'backpack:backpack.show', 'backpack:backpack.showLabel')
        : action('hidden', 'backpack:backpack.hide', 'backpack:backpack.hideLabel')}
    </div>
  );
}

/** One badge as a card: image, name (to its page), issuer, date, tags and actions. */
export function ItemCard({
  request,
  item,
  href,
  children,
  public: shownPublicly,
}: PropsWithChildren<{ request: FastifyRequest; item: BackpackItem; href: string; public?: boolean }>) {
  const { t } = request;
  return (
    <li class="card">
      {imageUrl(item.image) ? <img src={imageUrl(item.image) ?? ''} alt="" width="64" height="64" /> : ''}
      <h3>
        <a href={href}>{escapeHtml(item.name || '—')}</a>
      </h3>
      <p class="muted">
        {item.issuerName ? escapeHtml(t('backpack:backpack.issuedBy', { issuer: item.issuerName })) : ''}
        {item.awardedAt ? (
          <>
            <br />
            {escapeHtml(t('backpack:backpack.awarded', { date: formatDate(request, item.awardedAt) }))}
          </>
        ) : (
          ''
        )}
      </p>
      {shownPublicly ? (
        <p>
          <span class="tag">{escapeHtml(t(`backpack:backpack.status.${item.status}`))}</span>
        </p>
      ) : (
        <ItemTags request={request} item={item} />
      )}
      {children}
    </li>
  );
}

/** The verifier's verdict with its checks, in the reader's language. */
export function VerdictSection({
  request,
  verdict,
  hideRecipient,
}: {
  request: FastifyRequest;
  verdict: Verdict | null;
  /** On public pages: the recipient check says that the address matches, never the address. */
  hideRecipient?: boolean;
}) {
  const { t } = request;
  return (
    <section aria-labelledby="verification">
      <h2 id="verification">{escapeHtml(t('backpack:item.verification'))}</h2>
      {verdict === null ? (
        <p class="notice">{escapeHtml(t('backpack:item.unavailable'))}</p>
      ) : (
        <>
          <p class={verdict.valid ? 'flash flash-success' : 'flash flash-error'}>
            {escapeHtml(t('backpack:item.verifiedNow'))} {escapeHtml(t(verdict.valid ? 'backpack:item.valid' : 'backpack:item.invalid'))}
          </p>
          <ScrollTable label={t('backpack:item.checks')}>
            <table>
              <caption>{escapeHtml(t('backpack:item.checks'))}</caption>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(t('backpack:item.check'))}</th>
                  <th scope="col">{escapeHtml(t('backpack:item.result'))}</th>
                  <th scope="col">{escapeHtml(t('backpack:item.details'))}</th>
                </tr>
              </thead>
              <tbody>
                {verdict.checks.map((c) => (
                  <tr>
                    <th scope="row">{escapeHtml(t(`credentials:verify.checks.${c.check}`, { defaultValue: c.check }))}</th>
                    <td>{escapeHtml(t(`backpack:item.checkStatus.${c.status}`))}</td>
                    <td>
                      {escapeHtml(
                        hideRecipient && c.check === 'recipient'
                          ? t(c.status === 'ok' ? 'backpack:public.recipientOk' : 'backpack:public.recipientNotChecked')
                          : checkText(t, c),
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      )}
    </section>
  );
}

/** The backpack's own navigation: badges, collections, skills profile, import (and what later parts add). */
export function BackpackNav({ request, current }: { request: FastifyRequest; current: string }) {
  const { t } = request;
  const links = [
    { href: '/backpack', label: t('backpack:sections.badges') },
    { href: '/backpack/collections', label: t('backpack:sections.collections') },
    { href: '/backpack/skills', label: t('backpack:sections.skills') },
    { href: '/backpack/import', label: t('backpack:sections.import') },
    { href: '/backpack/profile', label: t('backpack:sections.profile') },
    { href: '/backpack/data', label: t('backpack:sections.data') },
  ];
  return (
    <nav class="sub-nav" aria-label={t('backpack:sections.label')}>
      <ul>
        {links.map((l) => (
          <li>
            <a href={l.href} aria-current={l.href === current ? 'page' : undefined}>
              {escapeHtml(l.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * A text to copy (a link, a snippet): selectable and read-only, with a Copy button that
 * public/vaardig.js shows when the browser can write to the clipboard. Without JavaScript the
 * button stays hidden and the text can be selected and copied by hand.
 */
export function CopyField({
  request,
  id,
  label,
  value,
  hint,
  multiline,
}: {
  request: FastifyRequest;
  id: string;
  label: string;
  value: string;
  hint?: string;
  multiline?: boolean;
}) {
  const { t } = request;
  return (
    <div class="field copy-field">
      <label for={id}>{escapeHtml(label)}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {escapeHtml(hint)}
        </p>
      ) : (
        ''
      )}
      {multiline ? (
        <textarea id={id} readonly rows="4" class="token" spellcheck="false" aria-describedby={hint ? `${id}-hint` : undefined}>
          {escapeHtml(value)}
        </textarea>
      ) : (
        <input id={id} type="text" readonly value={value} class="token" aria-describedby={hint ? `${id}-hint` : undefined} />
      )}
      <p class="copy-actions">
        <button
          type="button"
          class="secondary"
          data-copy={id}
          data-copied={t('backpack:copy.done')}
          data-failed={t('backpack:copy.failed')}
          aria-label={t('backpack:copy.label', { what: label })}
          hidden
        >
          {escapeHtml(t('backpack:copy.button'))}
        </button>{' '}
        <span class="muted" role="status" data-copy-status={id}></span>
      </p>
    </div>
  );
}
