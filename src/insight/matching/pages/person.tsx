import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { ErrorSummary, type FormErrors, PostForm, Select } from '../../../platform/pages/forms.tsx';
import { Layout } from '../../../platform/pages/layout.tsx';
import type { NextBadgeAdvice, TargetChoices, VacancyMatch } from '../service.ts';
import type { ShareChoice } from '../team.ts';
import { ExplanationView, HowItWorks, m, MatchItem, NextBadgeList, VacancyFacts } from './components.tsx';

/** The opt-in switch: what it does, and one button to turn it on or off. */
function OptInForm({ request, optIn }: { request: FastifyRequest; optIn: boolean }) {
  return (
    <section class="panel spaced" aria-labelledby="opt-in">
      <h2 id="opt-in">{escapeHtml(m(request, optIn ? 'optIn.onTitle' : 'optIn.offTitle'))}</h2>
      <p>{escapeHtml(m(request, optIn ? 'optIn.onText' : 'optIn.offText'))}</p>
      <PostForm request={request} action="/insight/matching/opt-in">
        <input type="hidden" name="optIn" value={optIn ? 'off' : 'on'} />
        <div class="actions">
          <button type="submit" class={optIn ? 'secondary' : undefined}>
            {escapeHtml(m(request, optIn ? 'optIn.turnOff' : 'optIn.turnOn'))}
          </button>
          <a href="/insight/matching/sharing">{escapeHtml(m(request, 'optIn.sharing'))}</a>
        </div>
      </PostForm>
    </section>
  );
}

export interface MatchingPageProps {
  request: FastifyRequest;
  optIn: boolean;
  matches: { items: VacancyMatch[]; considered: number; withoutFit: number; skills: number } | null;
  advice: NextBadgeAdvice | null;
  /** The targets one may choose for the next badge (null when matching is off). */
  choices: TargetChoices | null;
  /** The chosen target as in the query (`region:<name>`, `occupation:<id>`, '' for the network). */
  target: string;
  errors?: FormErrors;
}

/** The chooser of the next badge's target: the whole network's demand, a region's, or an occupation. */
function TargetForm({
  request,
  choices,
  target,
  errors,
}: {
  request: FastifyRequest;
  choices: TargetChoices;
  target: string;
  errors?: FormErrors;
}) {
  const options = [
    { value: '', label: m(request, 'target.network') },
    ...choices.regions.map((r) => ({ value: `region:${r}`, label: m(request, 'target.region', { region: r }) })),
    ...choices.occupations.map((o) => ({ value: `occupation:${o.id}`, label: m(request, 'target.occupation', { occupation: o.name }) })),
  ];
  return (
    <form method="get" action="/insight/matching#next" novalidate>
      <ErrorSummary request={request} errors={errors} />
      <Select name="target" label={m(request, 'target.label')} value={target} errors={errors} options={options} />
      <div class="actions">
        <button type="submit" class="secondary">
          {escapeHtml(m(request, 'target.show'))}
        </button>
      </div>
    </form>
  );
}

/** The intro of the next-badge section: which target, and how much of it the person has now. */
function adviceIntro(request: FastifyRequest, advice: NextBadgeAdvice): string {
  const t = advice.target;
  if (t.kind === 'occupation') return m(request, 'page.nextOccupationIntro', { occupation: t.label, percent: advice.percent });
  if (t.label) return m(request, 'page.nextRegionIntro', { region: t.label, percent: advice.percent });
  return m(request, 'page.nextDemandIntro', { percent: advice.percent });
}

/** `/insight/matching`: the person's matching: the switch, the vacancies that fit, and the badge to earn next. */
export function MatchingPage({ request, optIn, matches, advice, choices, target, errors }: MatchingPageProps) {
  return (
    <Layout request={request} title={m(request, 'page.title')}>
      <h1>{escapeHtml(m(request, 'page.title'))}</h1>
      <p class="lead">{escapeHtml(m(request, 'page.lead'))}</p>
      <OptInForm request={request} optIn={optIn} />
      {matches ? (
        <section aria-labelledby="matches">
          <h2 id="matches">{escapeHtml(m(request, 'page.matches'))}</h2>
          {matches.skills === 0 ? (
            <p>
              {escapeHtml(m(request, 'page.noSkills'))} <a href="/backpack">{escapeHtml(m(request, 'page.toBackpack'))}</a>
            </p>
          ) : matches.items.length ? (
            <>
              <p>{escapeHtml(m(request, 'page.matchesIntro', { count: matches.considered, skills: matches.skills }))}</p>
              <ul class="item-list">
                {matches.items.map((match) => (
                  <MatchItem request={request} match={match} />
                ))}
              </ul>
              {matches.withoutFit ? <p class="muted">{escapeHtml(m(request, 'page.withoutFit', { count: matches.withoutFit }))}</p> : ''}
            </>
          ) : (
            <p>{escapeHtml(m(request, 'page.noMatches', { count: matches.considered }))}</p>
          )}
          <HowItWorks request={request} />
        </section>
      ) : (
        ''
      )}
      {choices ? (
        <section aria-labelledby="demand-next" id="next">
          <h2 id="demand-next">{escapeHtml(m(request, 'page.nextDemand'))}</h2>
          <TargetForm request={request} choices={choices} target={target} errors={errors} />
          {advice ? (
            <>
              <p>{escapeHtml(adviceIntro(request, advice))}</p>
              <NextBadgeList request={request} advice={advice} idPrefix="demand" />
            </>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** `/insight/matching/vacancies/:id`: one vacancy, how the person's verified skills meet it, and what to earn next for it. */
export function VacancyMatchPage({ request, match, advice }: { request: FastifyRequest; match: VacancyMatch; advice: NextBadgeAdvice }) {
  const v = match.vacancy;
  return (
    <Layout request={request} title={v.title}>
      <p>
        <a href="/insight/matching">{escapeHtml(m(request, 'vacancy.back'))}</a>
      </p>
      <h1 lang={v.language ?? undefined}>{escapeHtml(v.title)}</h1>
      <VacancyFacts request={request} vacancy={v} />
      <section aria-labelledby="fit">
        <h2 id="fit">{escapeHtml(m(request, 'vacancy.fit', { percent: match.explanation.percent }))}</h2>
        <ExplanationView request={request} explanation={match.explanation} idPrefix="fit" />
        <HowItWorks request={request} />
      </section>
      <section aria-labelledby="vacancy-next">
        <h2 id="vacancy-next">{escapeHtml(m(request, 'vacancy.next'))}</h2>
        <NextBadgeList request={request} advice={advice} idPrefix="vacancy" />
      </section>
    </Layout>
  );
}

/** `/insight/matching/sharing`: per organisation the person belongs to, whether their verified skills are shared with it. */
export function SharingPage({ request, shares }: { request: FastifyRequest; shares: ShareChoice[] }) {
  return (
    <Layout request={request} title={m(request, 'sharing.title')}>
      <p>
        <a href="/insight/matching">{escapeHtml(m(request, 'vacancy.back'))}</a>
      </p>
      <h1>{escapeHtml(m(request, 'sharing.title'))}</h1>
      <p class="lead">{escapeHtml(m(request, 'sharing.lead'))}</p>
      {shares.length ? (
        <ul class="item-list">
          {shares.map((s) => (
            <li>
              <span>
                {escapeHtml(s.name)}
                <br />
                <span class="muted">{escapeHtml(m(request, s.shared ? 'sharing.shared' : 'sharing.notShared'))}</span>
              </span>
              <PostForm request={request} action="/insight/matching/sharing">
                <input type="hidden" name="organisation" value={s.slug} />
                <input type="hidden" name="share" value={s.shared ? 'off' : 'on'} />
                <button type="submit" class={s.shared ? 'secondary' : undefined}>
                  {escapeHtml(m(request, s.shared ? 'sharing.stop' : 'sharing.start', { organisation: s.name }))}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      ) : (
        <p>{escapeHtml(m(request, 'sharing.none'))}</p>
      )}
    </Layout>
  );
}
