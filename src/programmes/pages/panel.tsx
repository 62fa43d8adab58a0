import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import type { Access, Programme } from '../access.ts';
import { p, programmePath } from './components.tsx';
import { roleLine } from './list.tsx';

/** The home page panel: the programmes the person takes part in, assesses or applied to, and work waiting for them. */
export function ProgrammesPanel({
  request,
  mine,
  waiting,
}: {
  request: FastifyRequest;
  mine: { programme: Programme; access: Access }[];
  waiting: Map<string, number>;
}) {
  return (
    <section class="panel" aria-labelledby="programmes-panel">
      <h2 id="programmes-panel">{escapeHtml(p(request, 'panel.title'))}</h2>
      <ul class="item-list">
        {mine.map(({ programme, access }) => {
          const count = waiting.get(programme.id) ?? 0;
          return (
            <li>
              <span>
                <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>
                <br />
                <span class="muted">{escapeHtml(roleLine(request, access))}</span>
              </span>
              {count ? <a href={`/programmes/${programme.id}/assess`}>{escapeHtml(p(request, 'panel.waiting', { count }))}</a> : ''}
              {access.enrolment?.state === 'enrolled' ? (
                <a href={`/programmes/${programme.id}/work`}>{escapeHtml(p(request, 'panel.work'))}</a>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
