import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../../platform/pages/forms.tsx';
import { Layout } from '../../../platform/pages/layout.tsx';
import { ScrollTable } from '../../../platform/pages/table.tsx';
import type { Candidate, VacancyMatch } from '../service.ts';
import type { TeamView } from '../team.ts';
import { ExplanationView, HowItWorks, m } from './components.tsx';

export interface CandidatesPageProps {
  request: FastifyRequest;
  organisation: { slug: string; name: string };
  vacancies: VacancyMatch['vacancy'][];
  chosen: string | null;
  result: { vacancy: VacancyMatch['vacancy']; candidates: Candidate[]; optedIn: number; withoutFit: number } | null;
  errors?: FormErrors;
}

/** `/organisations/:slug/insight/candidates`: choose one of the organisation's vacancies, see the opted-in people ranked for it. */
export function CandidatesPage({ request, organisation, vacancies, chosen, result, errors }: CandidatesPageProps) {
  return (
    <Layout request={request} title={m(request, 'candidates.title')}>
      <p>
        <a href={`/organisations/${organisation.slug}`}>{escapeHtml(organisation.name)}</a>
      </p>
      <h1>{escapeHtml(m(request, 'candidates.title'))}</h1>
      <p class="lead">{escapeHtml(m(request, 'candidates.lead'))}</p>
      {vacancies.length ? (
        <form method="get" action={`/organisations/${organisation.slug}/insight/candidates`} novalidate>
          <ErrorSummary request={request} errors={errors} />
          <Select
            name="vacancy"
            label={m(request, 'candidates.vacancy')}
            value={chosen ?? undefined}
            errors={errors}
            options={[{ value: '', label: m(request, 'candidates.choose') }, ...vacancies.map((v) => ({ value: v.id, label: v.title }))]}
          />
          <div class="actions">
            <button type="submit">{escapeHtml(m(request, 'candidates.show'))}</button>
          </div>
        </form>
      ) : (
        <p>{escapeHtml(m(request, 'candidates.noVacancies'))}</p>
      )}
      {result ? (
        <section aria-labelledby="ranked">
          <h2 id="ranked">{escapeHtml(m(request, 'candidates.for', { title: result.vacancy.title }))}</h2>
          <p>
            {escapeHtml(
              m(request, result.withoutFit ? 'candidates.counts' : 'candidates.countsAll', {
                optedIn: result.optedIn,
                withoutFit: result.withoutFit,
                count: result.optedIn,
              }),
            )}
          </p>
          {result.candidates.length ? (
            <ol class="cards">
              {result.candidates.map((c, i) => (
                <li class="card">
                  <h3 id={`candidate-${i}`}>
                    {escapeHtml(c.name)}{' '}
                    <span class="tag">{escapeHtml(m(request, 'list.percent', { percent: c.explanation.percent }))}</span>
                  </h3>
                  <ExplanationView
                    request={request}
                    explanation={c.explanation}
                    headingLevel={4}
                    idPrefix={`candidate-${i}`}
                    about="candidate"
                  />
                </li>
              ))}
            </ol>
          ) : (
            <p>{escapeHtml(m(request, 'candidates.none'))}</p>
          )}
          <HowItWorks request={request} about="candidate" />
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface TeamPageProps {
  request: FastifyRequest;
  view: TeamView;
  canEdit: boolean;
  /** Skills to offer in the "add a target" list: id and name. */
  choices: { id: string; name: string }[];
  values?: Record<string, string>;
  errors?: FormErrors;
}

const CELL = { held: '✓', related: '≈', missing: '–' } as const;

/** `/organisations/:slug/insight/team`: target skills, the team matrix of people who share, and what closes the gaps. */
export function TeamPage({ request, view, canEdit, choices, values, errors }: TeamPageProps) {
  const o = view.organisation;
  const short = view.targets.filter((t) => t.gap > 0);
  return (
    <Layout request={request} title={m(request, 'team.title')}>
      <p>
        <a href={`/organisations/${o.slug}`}>{escapeHtml(o.name)}</a>
      </p>
      <h1>{escapeHtml(m(request, 'team.title'))}</h1>
      <p class="lead">{escapeHtml(m(request, 'team.lead'))}</p>
      <h2 id="targets">{escapeHtml(m(request, 'team.targets'))}</h2>
      {view.targets.length ? (
        <ScrollTable label={m(request, 'team.targetsTable')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(m(request, 'team.col.skill'))}</th>
                <th scope="col">{escapeHtml(m(request, 'team.col.wanted'))}</th>
                <th scope="col">{escapeHtml(m(request, 'team.col.holders'))}</th>
                <th scope="col">{escapeHtml(m(request, 'team.col.gap'))}</th>
              </tr>
            </thead>
            <tbody>
              {view.targets.map((t) => (
                <tr>
                  <th scope="row">
                    <a href={`/skills/${t.skillId}`}>{escapeHtml(t.name)}</a>
                  </th>
                  <td>{escapeHtml(t.wanted)}</td>
                  <td>{escapeHtml(t.holders)}</td>
                  <td>{escapeHtml(t.gap)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      ) : (
        <p>{escapeHtml(m(request, 'team.noTargets'))}</p>
      )}
      <h2 id="matrix">{escapeHtml(m(request, 'team.matrix'))}</h2>
      <p>{escapeHtml(m(request, 'team.matrixIntro', { count: view.people.length }))}</p>
      {view.people.length && view.targets.length ? (
        <>
          <ScrollTable label={m(request, 'team.matrix')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(m(request, 'team.col.person'))}</th>
                  {view.targets.map((t) => (
                    <th scope="col">{escapeHtml(t.name)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.people.map((p) => (
                  <tr>
                    <th scope="row">{escapeHtml(p.name)}</th>
                    {p.cells.map((c) => (
                      <td>
                        <span aria-hidden="true">{CELL[c]}</span>{' '}
                        <span class="visually-hidden">{escapeHtml(m(request, `team.cell.${c}`))}</span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
          <p class="muted">{escapeHtml(m(request, 'team.legend'))}</p>
        </>
      ) : (
        ''
      )}
      {short.length ? (
        <section aria-labelledby="close-gaps">
          <h2 id="close-gaps">{escapeHtml(m(request, 'team.close'))}</h2>
          {short.map((t) => (
            <article class="card">
              <h3>{escapeHtml(m(request, 'team.gapOf', { skill: t.name, count: t.gap }))}</h3>
              {t.badges.length + t.pathways.length + t.themes.length === 0 ? (
                <p>{escapeHtml(m(request, 'team.nothingTeaches'))}</p>
              ) : (
                <ul>
                  {t.badges.map((b) => (
                    <li>
                      {escapeHtml(m(request, 'team.badge'))} <a href={b.href}>{escapeHtml(b.name)}</a>{' '}
                      <span class="muted">{escapeHtml(b.organisationName)}</span>
                    </li>
                  ))}
                  {t.pathways.map((p) => (
                    <li>
                      {escapeHtml(m(request, 'team.pathway'))} <a href={p.href}>{escapeHtml(p.name)}</a>{' '}
                      <span class="muted">{escapeHtml(p.organisationName)}</span>
                    </li>
                  ))}
                  {t.themes.map((th) => (
                    <li>
                      {escapeHtml(m(request, 'team.theme'))} <a href={th.href}>{escapeHtml(th.name)}</a>{' '}
                      <span class="muted">{escapeHtml(th.communityName)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </article>
          ))}
        </section>
      ) : (
        ''
      )}
      {canEdit ? (
        <section class="panel" aria-labelledby="edit-targets">
          <h2 id="edit-targets">{escapeHtml(m(request, 'team.edit'))}</h2>
          <p>{escapeHtml(m(request, 'team.editHint'))}</p>
          <PostForm request={request} action={`/organisations/${o.slug}/insight/targets`}>
            <ErrorSummary request={request} errors={errors} />
            {view.targets.map((t, i) => (
              <fieldset>
                <legend>{escapeHtml(t.name)}</legend>
                <input type="hidden" name={`targets.${i}.skill`} value={t.skillId} />
                <Field
                  name={`targets.${i}.wanted`}
                  label={m(request, 'team.wanted')}
                  type="number"
                  value={values?.[`targets.${i}.wanted`] ?? String(t.wanted)}
                  errors={errors}
                  hint={m(request, 'team.removeHint')}
                />
              </fieldset>
            ))}
            <fieldset>
              <legend>{escapeHtml(m(request, 'team.add'))}</legend>
              <Select
                name={`targets.${view.targets.length}.skill`}
                label={m(request, 'team.skill')}
                value={values?.[`targets.${view.targets.length}.skill`]}
                errors={errors}
                options={[{ value: '', label: m(request, 'team.chooseSkill') }, ...choices.map((c) => ({ value: c.id, label: c.name }))]}
              />
              <Field
                name={`targets.${view.targets.length}.wanted`}
                label={m(request, 'team.wanted')}
                type="number"
                value={values?.[`targets.${view.targets.length}.wanted`] ?? ''}
                errors={errors}
              />
            </fieldset>
            <div class="actions">
              <button type="submit">{escapeHtml(m(request, 'team.save'))}</button>
            </div>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
