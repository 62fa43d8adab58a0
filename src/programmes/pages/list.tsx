import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { Access, Programme } from '../access.ts';
import { p, programmePath, StatusTag } from './components.tsx';

/** What a person is to a programme, in words. */
export function roleLine(request: FastifyRequest, access: Access): string {
  const roles: string[] = [];
  if (access.manager) roles.push(p(request, 'role.manager'));
  if (access.assessorOf.length) roles.push(p(request, 'role.assessor'));
  if (access.enrolment?.state === 'enrolled') roles.push(p(request, 'role.participant'));
  if (access.enrolment?.state === 'applied') roles.push(p(request, 'role.applicant'));
  return roles.join(' · ');
}

/** `/programmes`: the person's own programmes, and every published one. */
export function ListPage({
  request,
  programmes,
  mine,
  manage,
}: {
  request: FastifyRequest;
  programmes: Programme[];
  mine: { programme: Programme; access: Access }[];
  manage: { slug: string; name: string }[];
}) {
  return (
    <Layout request={request} title={p(request, 'list.title')} description={p(request, 'list.intro')}>
      <h1>{escapeHtml(p(request, 'list.title'))}</h1>
      <p class="lead">{escapeHtml(p(request, 'list.intro'))}</p>
      {mine.length ? (
        <section aria-labelledby="mine" class="panel spaced">
          <h2 id="mine">{escapeHtml(p(request, 'list.mine'))}</h2>
          <ul class="item-list">
            {mine.map(({ programme, access }) => (
              <li>
                <span>
                  <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>{' '}
                  <StatusTag request={request} programme={programme} />
                  <br />
                  <span class="muted">{escapeHtml(roleLine(request, access))}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <h2>{escapeHtml(p(request, 'list.all'))}</h2>
      {programmes.length === 0 ? (
        <p>{escapeHtml(p(request, 'list.none'))}</p>
      ) : (
        <ul class="cards">
          {programmes.map((programme) => (
            <li class="card">
              <h3>
                <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>
              </h3>
              <p class="muted">{escapeHtml(p(request, 'list.by', { organisation: programme.organisationName }))}</p>
              <p>{escapeHtml(programme.description.length > 240 ? `${programme.description.slice(0, 240)}…` : programme.description)}</p>
              <p>
                <span class="tag">{escapeHtml(p(request, `enrolment.${programme.enrolment}`))}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
      {manage.length ? (
        <section aria-labelledby="manage">
          <h2 id="manage">{escapeHtml(p(request, 'list.manage'))}</h2>
          <ul>
            {manage.map((o) => (
              <li>
                <a href={`/organisations/${o.slug}/programmes`}>{escapeHtml(p(request, 'list.manageOf', { organisation: o.name }))}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
