import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { MyProgress, Pathway } from '../service.ts';
import { p, ProgressLine } from './components.tsx';

/** `/pathways`: the network's published pathways, with the signed-in person's progress on each. */
export function ListPage({
  request,
  pathways,
  progress,
  manage,
}: {
  request: FastifyRequest;
  pathways: Pathway[];
  progress: Map<string, MyProgress>;
  /** Organisations whose pathways the person may edit. */
  manage: { slug: string; name: string }[];
}) {
  return (
    <Layout request={request} title={p(request, 'list.title')}>
      <h1>{escapeHtml(p(request, 'list.title'))}</h1>
      <p class="lead">{escapeHtml(p(request, 'list.lead'))}</p>
      {manage.length ? (
        <nav class="sub-nav" aria-label={p(request, 'manage.caption')}>
          <ul>
            {manage.map((o) => (
              <li>
                <a href={`/organisations/${o.slug}/pathways`}>{escapeHtml(p(request, 'list.manage', { organisation: o.name }))}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
      {pathways.length === 0 ? (
        <p>{escapeHtml(p(request, 'list.none'))}</p>
      ) : (
        <ul class="cards">
          {pathways.map((pathway) => {
            const mine = progress.get(pathway.id);
            return (
              <li class="card">
                <h2>
                  <a href={`/pathways/${pathway.id}`}>{escapeHtml(pathway.name)}</a>
                </h2>
                <p class="muted">
                  {escapeHtml(p(request, 'list.by', { organisation: pathway.organisationName }))} ·{' '}
                  {escapeHtml(p(request, 'list.steps', { count: pathway.steps.length }))}
                </p>
                {pathway.description ? <p>{escapeHtml(pathway.description)}</p> : ''}
                {mine ? <ProgressLine request={request} progress={mine.progress} awarded={mine.award !== null} /> : ''}
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}
