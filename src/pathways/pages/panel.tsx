import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import type { MyProgress, Pathway } from '../service.ts';
import { p, ProgressLine } from './components.tsx';

/** The home page's panel: the pathways the person has started (a step badge held), with their progress. */
export function PathwaysPanel({
  request,
  pathways,
  progress,
}: {
  request: FastifyRequest;
  pathways: Pathway[];
  progress: Map<string, MyProgress>;
}) {
  return (
    <section class="panel" aria-labelledby="pathways-panel">
      <h2 id="pathways-panel">{escapeHtml(p(request, 'panel.title'))}</h2>
      <ul class="item-list">
        {pathways.map((pathway) => {
          const mine = progress.get(pathway.id);
          return (
            <li>
              <span>
                <a href={`/pathways/${pathway.id}`}>{escapeHtml(pathway.name)}</a>
              </span>
              {mine ? <ProgressLine request={request} progress={mine.progress} awarded={mine.award !== null} /> : ''}
            </li>
          );
        })}
      </ul>
      <p>
        <a href="/pathways">{escapeHtml(p(request, 'panel.more'))}</a>
      </p>
    </section>
  );
}
