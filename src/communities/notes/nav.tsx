import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { tr } from '../pages/components.tsx';
import { type SessionAccess, sessionUrl } from './access.ts';

/** The session's work pages part B adds, by the session's kind. */
export function sessionWorkLinks(request: FastifyRequest, access: SessionAccess): { href: string; label: string }[] {
  const kind = access.session.kind;
  const links = [
    { href: sessionUrl(access, 'questions'), label: tr(request, 'work.questions') },
    { href: sessionUrl(access, 'breakouts'), label: tr(request, 'work.breakouts') },
  ];
  if (kind === 'clinic') links.push({ href: sessionUrl(access, 'clinic'), label: tr(request, 'work.clinic') });
  if (kind === 'reflection') links.push({ href: sessionUrl(access, 'reflection'), label: tr(request, 'work.reflection') });
  if (kind === 'open-space' || kind === 'hackathon')
    links.push({ href: sessionUrl(access, 'open-space'), label: tr(request, 'work.openSpace') });
  links.push({ href: sessionUrl(access, 'report'), label: tr(request, 'work.report') });
  return links;
}

/** The top of every session work page: the community and session, and links between the pages. */
export function SessionHeader({ request, access, title }: { request: FastifyRequest; access: SessionAccess; title: string }) {
  const current = request.url.split('?')[0];
  return (
    <>
      <p class="breadcrumbs">
        <a href={`/communities/${encodeURIComponent(access.community.slug)}`}>{escapeHtml(access.community.name)}</a>
        {' › '}
        <a href={`/communities/sessions/${access.session.id}`}>{escapeHtml(access.session.title)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p class="meta">
        {escapeHtml(
          `${tr(request, `kind.${access.session.kind}`)} · ${formatDate(request, access.session.starts_at, { time: true, timeZone: access.session.time_zone })}`,
        )}
      </p>
      <nav aria-label={tr(request, 'work.nav')} class="tabs">
        <ul>
          {sessionWorkLinks(request, access).map((link) => (
            <li>
              <a href={link.href} aria-current={current === link.href ? 'page' : undefined}>
                {escapeHtml(link.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
