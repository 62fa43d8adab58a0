import { imageUrl } from '../../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { Layout } from '../../../platform/pages/layout.tsx';
import type { BadgeView } from '../badge.ts';
import { m } from './components.tsx';

/** `/insight/badges/:id`: a badge as the next badge — what it proves, how much those skills are asked for, its pathways, what it does for the reader. */
export function BadgePage({ request, view }: { request: FastifyRequest; view: BadgeView }) {
  const { badge, skills, pathways, forYou } = view;
  return (
    <Layout request={request} title={badge.name}>
      <div class="badge-head">
        {imageUrl(badge.imageUrl) ? <img src={imageUrl(badge.imageUrl) ?? ''} alt="" width="120" height="120" /> : ''}
        <div>
          <h1>{escapeHtml(badge.name)}</h1>
          <p>{escapeHtml(m(request, 'badge.issuedBy', { issuer: badge.organisationName }))}</p>
        </div>
      </div>
      {badge.description ? <p>{escapeHtml(badge.description)}</p> : ''}
      <p class="muted">{escapeHtml(m(request, 'badge.howToEarn', { issuer: badge.organisationName }))}</p>
      <section aria-labelledby="badge-skills">
        <h2 id="badge-skills">{escapeHtml(m(request, 'badge.skills'))}</h2>
        {skills.length ? (
          <ul class="item-list">
            {skills.map((s) => (
              <li>
                <span>
                  <a href={`/skills/${s.skillId}`}>{escapeHtml(s.name)}</a>
                  <br />
                  <span class="muted">
                    {escapeHtml(s.vacancies ? m(request, 'badge.asked', { count: s.vacancies }) : m(request, 'badge.notAsked'))}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{escapeHtml(m(request, 'badge.noSkills'))}</p>
        )}
      </section>
      <section aria-labelledby="badge-for-you">
        <h2 id="badge-for-you">{escapeHtml(m(request, 'badge.forYou'))}</h2>
        {forYou ? (
          forYou.holdsAll ? (
            <p>{escapeHtml(m(request, 'badge.holdsAll'))}</p>
          ) : forYou.raises.length ? (
            <>
              <p>{escapeHtml(m(request, 'badge.raises'))}</p>
              <ul class="item-list">
                {forYou.raises.map((r) => (
                  <li>
                    <span>
                      <a href={`/insight/matching/vacancies/${r.vacancy.id}`} lang={r.vacancy.language ?? undefined}>
                        {escapeHtml(r.vacancy.title)}
                      </a>
                      {r.vacancy.employer || r.vacancy.municipality ? (
                        <>
                          <br />
                          <span class="muted">{escapeHtml([r.vacancy.employer, r.vacancy.municipality].filter(Boolean).join(' · '))}</span>
                        </>
                      ) : (
                        ''
                      )}
                    </span>
                    <span class="tag">{escapeHtml(m(request, 'badge.raise', { before: r.before, after: r.after }))}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{escapeHtml(m(request, 'badge.raisesNone'))}</p>
          )
        ) : (
          <p>
            {escapeHtml(m(request, 'badge.optIn'))} <a href="/insight/matching">{escapeHtml(m(request, 'optIn.turnOn'))}</a>
          </p>
        )}
      </section>
      <section aria-labelledby="badge-pathways">
        <h2 id="badge-pathways">{escapeHtml(m(request, 'badge.pathways'))}</h2>
        {pathways.length ? (
          <ul class="item-list">
            {pathways.map((p) => (
              <li>
                <span>
                  <a href={`/pathways/${p.id}`}>{escapeHtml(p.name)}</a>
                  <br />
                  <span class="muted">{escapeHtml(p.organisationName)}</span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{escapeHtml(m(request, 'badge.noPathways'))}</p>
        )}
      </section>
      <p class="muted">
        <a href={`/achievements/${badge.id}`} type="application/ld+json">
          {escapeHtml(m(request, 'badge.openBadges'))}
        </a>
      </p>
    </Layout>
  );
}
