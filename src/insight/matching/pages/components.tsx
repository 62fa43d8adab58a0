import { webUrl } from '../../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { formatDate } from '../../../platform/pages/format.ts';
import type { Explanation, ExplainedRequirement, NextBadgeAdvice, VacancyMatch } from '../service.ts';

/** A text of the matching part (`insight:matching.…`). */
export const m = (request: FastifyRequest, key: string, params?: Record<string, unknown>) => request.t(`insight:matching.${key}`, params);

/** "essential" / "optional" as a tag. */
function KindTag({ request, kind }: { request: FastifyRequest; kind: ExplainedRequirement['kind'] }) {
  return <span class="tag">{escapeHtml(m(request, `kind.${kind}`))}</span>;
}

/** Where a requirement comes from, in words (named in the vacancy, ESCO for the occupation, both, demand). */
function Source({ request, source }: { request: FastifyRequest; source: ExplainedRequirement['source'] }) {
  return <span class="muted">{escapeHtml(m(request, `source.${source}`))}</span>;
}

/** The explanation of a score: the skills met (and by which badges), met through a related skill, and missing. */
export function ExplanationView({
  request,
  explanation,
  headingLevel = 3,
  idPrefix,
  about = 'self',
}: {
  request: FastifyRequest;
  explanation: Explanation;
  headingLevel?: 3 | 4;
  idPrefix: string;
  /** Whose skills: the reader's own ("you have"), or a candidate's shown to an employer ("this person has"). */
  about?: 'self' | 'candidate';
}) {
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const x = (key: string, params?: Record<string, unknown>) =>
    m(request, about === 'candidate' ? `explain.candidate.${key}` : `explain.${key}`, params);
  const list = (items: ExplainedRequirement[], kind: 'met' | 'related' | 'missing') => (
    <ul class="item-list">
      {items.map((r) => (
        <li>
          <span>
            {escapeHtml(r.name)} <KindTag request={request} kind={r.kind} /> <Source request={request} source={r.source} />
            {kind === 'met' && r.badges.length ? (
              <>
                <br />
                <span class="muted">{escapeHtml(m(request, 'explain.provenBy', { badges: r.badges.join(', ') }))}</span>
              </>
            ) : (
              ''
            )}
            {kind === 'related' && r.via ? (
              <>
                <br />
                <span class="muted">{escapeHtml(x('via', { skill: r.via.name }))}</span>
              </>
            ) : (
              ''
            )}
          </span>
        </li>
      ))}
    </ul>
  );
  return (
    <div>
      <p>
        {escapeHtml(
          x(explanation.optionalTotal ? 'summary' : 'summaryEssential', {
            percent: explanation.percent,
            essentialMet: explanation.essentialMet,
            essentialTotal: explanation.essentialTotal,
            optionalMet: explanation.optionalMet,
            optionalTotal: explanation.optionalTotal,
          }),
        )}
      </p>
      {explanation.met.length ? (
        <>
          <H id={`${idPrefix}-met`}>{escapeHtml(x('met', { count: explanation.met.length }))}</H>
          {list(explanation.met, 'met')}
        </>
      ) : (
        ''
      )}
      {explanation.related.length ? (
        <>
          <H id={`${idPrefix}-related`}>{escapeHtml(x('related', { count: explanation.related.length }))}</H>
          {list(explanation.related, 'related')}
        </>
      ) : (
        ''
      )}
      {explanation.missing.length ? (
        <>
          <H id={`${idPrefix}-missing`}>{escapeHtml(x('missing', { count: explanation.missing.length }))}</H>
          {list(explanation.missing, 'missing')}
        </>
      ) : (
        ''
      )}
    </div>
  );
}

/** How the score is worked out, in a few sentences (docs/matching.md has the whole of it). */
export function HowItWorks({ request, about = 'self' }: { request: FastifyRequest; about?: 'self' | 'candidate' }) {
  return (
    <details>
      <summary>{escapeHtml(m(request, 'how.title'))}</summary>
      <p>{escapeHtml(m(request, about === 'candidate' ? 'how.candidateScore' : 'how.score'))}</p>
      <p>{escapeHtml(m(request, 'how.weights'))}</p>
      <p>{escapeHtml(m(request, about === 'candidate' ? 'how.candidateNever' : 'how.never'))}</p>
    </details>
  );
}

/** One matched vacancy in a list: title, employer and place, the score and the essential skills met. */
export function MatchItem({ request, match }: { request: FastifyRequest; match: VacancyMatch }) {
  const v = match.vacancy;
  const e = match.explanation;
  const place = [v.employer, v.municipality ?? v.province].filter(Boolean).join(' · ');
  return (
    <li>
      <span>
        <a href={`/insight/matching/vacancies/${v.id}`} lang={v.language ?? undefined}>
          {escapeHtml(v.title)}
        </a>
        {place ? (
          <>
            <br />
            <span class="muted">{escapeHtml(place)}</span>
          </>
        ) : (
          ''
        )}
        <br />
        <span class="muted">
          {escapeHtml(m(request, 'list.essential', { met: e.essentialMet, total: e.essentialTotal }))}
          {e.missing.length
            ? ` · ${escapeHtml(
                m(request, 'list.missing', {
                  skills: e.missing
                    .slice(0, 3)
                    .map((r) => r.name)
                    .join(', '),
                }),
              )}`
            : ''}
        </span>
      </span>
      <span class="tag">{escapeHtml(m(request, 'list.percent', { percent: e.percent }))}</span>
    </li>
  );
}

/** The badges and pathways to earn next for a target, each with what it adds and its effort. */
export function NextBadgeList({
  request,
  advice,
  idPrefix,
  generic = false,
}: {
  request: FastifyRequest;
  advice: NextBadgeAdvice;
  idPrefix: string;
  /** For a reader whose skills are not used: what each option covers of the target, not "your match rises". */
  generic?: boolean;
}) {
  if (advice.suggestions.length === 0) return <p>{escapeHtml(m(request, advice.missing.length ? 'next.none' : 'next.nothingMissing'))}</p>;
  return (
    <ol class="item-list" aria-labelledby={`${idPrefix}-next`}>
      {advice.suggestions.map((s) => (
        <li>
          <span>
            <a href={s.href}>{escapeHtml(s.name)}</a> <span class="tag">{escapeHtml(m(request, `next.kind.${s.kind}`))}</span>
            <br />
            <span class="muted">{escapeHtml(s.organisationName)}</span>
            <br />
            {escapeHtml(
              m(request, generic ? 'next.teaches' : 'next.adds', {
                skills: s.closes.map((c) => c.name).join(', ') || m(request, 'next.relatedOnly'),
              }),
            )}
            <br />
            <span class="muted">
              {escapeHtml(
                m(request, `next.${generic ? 'covers' : 'effort'}${s.kind === 'badge' ? 'Badge' : 'Pathway'}`, {
                  count: s.effort,
                  from: advice.percent,
                  to: s.percentAfter,
                }),
              )}
            </span>
          </span>
        </li>
      ))}
    </ol>
  );
}

/** A vacancy's facts for its match page. */
export function VacancyFacts({ request, vacancy }: { request: FastifyRequest; vacancy: VacancyMatch['vacancy'] }) {
  const rows: [string, string | null][] = [
    [m(request, 'vacancy.employer'), vacancy.employer],
    [m(request, 'vacancy.place'), [vacancy.municipality, vacancy.province].filter(Boolean).join(', ') || null],
    [m(request, 'vacancy.posted'), formatDate(request, vacancy.postedAt)],
    [m(request, 'vacancy.occupation'), vacancy.occupationLabel],
  ];
  return (
    <dl>
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div>
            <dt>{escapeHtml(label)}</dt>
            <dd>{escapeHtml(value)}</dd>
          </div>
        ))}
      {webUrl(vacancy.url) ? (
        <div>
          <dt>{escapeHtml(m(request, 'vacancy.posting'))}</dt>
          <dd>
            <a href={webUrl(vacancy.url) ?? ''} rel="noopener">
              {escapeHtml(m(request, 'vacancy.open'))}
            </a>
          </dd>
        </div>
      ) : (
        ''
      )}
    </dl>
  );
}
