import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import type { NextBadgeAdvice, VacancyMatch } from '../service.ts';
import { ExplanationView, m, MatchItem, NextBadgeList } from './components.tsx';

/** The home page's panel for someone who opted in: the best-fitting vacancies and the badge to earn next. */
export function MatchingPanel({
  request,
  matches,
  advice,
}: {
  request: FastifyRequest;
  matches: VacancyMatch[];
  advice: NextBadgeAdvice | null;
}) {
  return (
    <section class="panel" aria-labelledby="matching-panel">
      <h2 id="matching-panel">{escapeHtml(m(request, 'panel.title'))}</h2>
      {matches.length ? (
        <ul class="item-list">
          {matches.map((match) => (
            <MatchItem request={request} match={match} />
          ))}
        </ul>
      ) : (
        <p>{escapeHtml(m(request, 'panel.noMatches'))}</p>
      )}
      {advice?.suggestions.length ? (
        <>
          <h3 id="panel-next">{escapeHtml(m(request, 'panel.next'))}</h3>
          <p>{escapeHtml(m(request, 'panel.nextIntro'))}</p>
          <NextBadgeList request={request} advice={{ ...advice, suggestions: advice.suggestions.slice(0, 1) }} idPrefix="panel" />
        </>
      ) : (
        ''
      )}
      <p>
        <a href="/insight/matching">{escapeHtml(m(request, 'panel.more'))}</a>
      </p>
    </section>
  );
}

/** The home page's invitation for someone with verified skills who has not opted in. */
export function OptInPanel({ request, skills }: { request: FastifyRequest; skills: number }) {
  return (
    <section class="panel" aria-labelledby="matching-panel">
      <h2 id="matching-panel">{escapeHtml(m(request, 'panel.title'))}</h2>
      <p>{escapeHtml(m(request, 'panel.invite', { count: skills }))}</p>
      <p>
        <a href="/insight/matching">{escapeHtml(m(request, 'panel.turnOn'))}</a>
      </p>
    </section>
  );
}

/** The vacancy page's section for a reader who opted in: their fit and what to earn next for this vacancy. */
export function VacancyFitSection({ request, match, advice }: { request: FastifyRequest; match: VacancyMatch; advice: NextBadgeAdvice }) {
  return (
    <section aria-labelledby="my-fit">
      <h2 id="my-fit">{escapeHtml(m(request, 'section.title', { percent: match.explanation.percent }))}</h2>
      <ExplanationView request={request} explanation={match.explanation} idPrefix="my-fit" />
      <h3 id="section-next">{escapeHtml(m(request, 'vacancy.next'))}</h3>
      <NextBadgeList request={request} advice={advice} idPrefix="section" />
    </section>
  );
}

/** The vacancy page's section for anyone else: the network's badges and pathways that teach this vacancy's skills. */
export function VacancyTeachingSection({ request, advice }: { request: FastifyRequest; advice: NextBadgeAdvice }) {
  return (
    <section aria-labelledby="teaching">
      <h2 id="teaching">{escapeHtml(m(request, 'section.teaching'))}</h2>
      <p>{escapeHtml(m(request, 'section.teachingIntro'))}</p>
      <NextBadgeList request={request} advice={advice} idPrefix="teaching" generic />
      <p>
        <a href="/insight/matching">{escapeHtml(m(request, 'section.optIn'))}</a>
      </p>
    </section>
  );
}
