import { escapeHtml } from './escape.ts';
import type { FastifyRequest } from 'fastify';
import type { PropsWithChildren } from '@kitajs/html';
import '../http/types.ts';

export interface LayoutProps {
  request: FastifyRequest;
  title: string;
  /** Open Graph and other head tags for shareable public pages. */
  head?: JSX.Element;
  /** A short description for search engines and link previews. */
  description?: string;
}

function NavLink({ href, label, current }: { href: string; label: string; current: string }) {
  const active = current === href || (href !== '/' && current.startsWith(`${href}/`)) || current.startsWith(`${href}?`);
  return (
    <li>
      <a href={href} aria-current={active ? 'page' : undefined}>
        {escapeHtml(label)}
      </a>
    </li>
  );
}

export function Layout({ request, title, head = '', description, children }: PropsWithChildren<LayoutProps>) {
  const { t, lang, user } = request;
  const path = request.url;
  const other = lang === 'nl' ? 'en' : 'nl';
  const nav = request.server.ctx.modules.flatMap((m) =>
    (m.nav ?? [])
      .filter((item) => (!item.signedIn || user) && (!item.operator || user?.isOperator))
      .map((item) => ({ href: item.href, label: t(`${m.name}:${item.label}`) })),
  );
  const flash = request.incomingFlash;
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{escapeHtml(`${title} · Vaardig`)}</title>
          {description ? <meta name="description" content={description} /> : ''}
          <meta name="csrf-token" content={request.csrfToken} />
          <link rel="stylesheet" href="/assets/vaardig.css" />
          <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
          <script src="/assets/htmx/htmx.min.js" defer></script>
          <script src="/assets/vaardig.js" defer></script>
          {head}
        </head>
        <body>
          <a class="skip-link" href="#main">
            {escapeHtml(t('platform:nav.skip'))}
          </a>
          <header class="site-header">
            <a class="brand" href="/">
              Vaardig
            </a>
            {/* On a phone the menu folds behind this button (public/vaardig.js shows it); without JavaScript every link stays in view. */}
            <button type="button" class="menu-toggle" aria-expanded="false" aria-controls="site-menu" hidden>
              {escapeHtml(t('platform:nav.menu'))}
            </button>
            <div class="site-menu" id="site-menu">
              <nav aria-label={t('platform:nav.main')}>
                <ul>
                  {nav.map((item) => (
                    <NavLink href={item.href} label={item.label} current={path} />
                  ))}
                </ul>
              </nav>
              <div class="account">
                {user ? (
                  <>
                    <a href="/account">{escapeHtml(user.name)}</a>
                    <form method="post" action="/signout" class="inline">
                      <input type="hidden" name="_csrf" value={request.csrfToken} />
                      <button type="submit" class="link">
                        {escapeHtml(t('platform:nav.signOut'))}
                      </button>
                    </form>
                  </>
                ) : (
                  <>
                    <a href="/signin">{escapeHtml(t('platform:nav.signIn'))}</a>
                    <a href="/signup">{escapeHtml(t('platform:nav.signUp'))}</a>
                  </>
                )}
                <a href={`/lang/${other}?next=${encodeURIComponent(path)}`} lang={other} hreflang={other}>
                  {other === 'nl' ? 'Nederlands' : 'English'}
                </a>
              </div>
            </div>
          </header>
          <main id="main" tabindex="-1">
            {flash ? (
              <div class={`flash flash-${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'}>
                {escapeHtml(flash.message)}
              </div>
            ) : (
              ''
            )}
            {children}
          </main>
          <footer class="site-footer">
            <p>{escapeHtml(t('platform:footer.about'))}</p>
          </footer>
        </body>
      </html>
    </>
  );
}
