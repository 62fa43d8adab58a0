import { webUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Programme } from '../access.ts';
import type { QueueItem, RoundDetail } from '../assessment.ts';
import type { Cohort } from '../cohorts.ts';
import type { Rubric } from '../rubric.ts';
import { p, programmePath, RubricTable, roundState, SubmissionView } from './components.tsx';

/** `/programmes/:id/assess`: the work waiting for the person (as assessor, moderator or manager). */
export function QueuePage({
  request,
  programme,
  queue,
  cohorts,
}: {
  request: FastifyRequest;
  programme: Programme;
  queue: QueueItem[];
  cohorts: Cohort[];
}) {
  const title = p(request, 'queue.title', { programme: programme.name });
  const cohortName = (id: string) => cohorts.find((c) => c.id === id)?.name ?? '';
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p>{escapeHtml(p(request, 'queue.intro'))}</p>
      {queue.length === 0 ? (
        <p>{escapeHtml(p(request, 'queue.empty'))}</p>
      ) : (
        <ScrollTable label={title}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(p(request, 'queue.participant'))}</th>
                <th scope="col">{escapeHtml(p(request, 'queue.todo'))}</th>
                <th scope="col">{escapeHtml(p(request, 'queue.module'))}</th>
                <th scope="col">{escapeHtml(p(request, 'queue.cohort'))}</th>
                <th scope="col">{escapeHtml(p(request, 'queue.state'))}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((item) => (
                <tr>
                  <td>{escapeHtml(item.participant?.name ?? '—')}</td>
                  <td>
                    <a href={`/programmes/${programme.id}/rounds/${item.round.id}`}>
                      {escapeHtml(p(request, `queue.action.${item.action ?? 'wait'}`))}
                      <span class="visually-hidden"> — {escapeHtml(`${item.participant?.name ?? ''}, ${item.moduleName}`)}</span>
                    </a>
                  </td>
                  <td>{escapeHtml(item.moduleName)}</td>
                  <td>{escapeHtml(cohortName(item.cohortId))}</td>
                  <td>{escapeHtml(roundState(request, item.round))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

function LevelsFields({ rubric, values, errors }: { rubric: Rubric; values: Record<string, string>; errors?: FormErrors }) {
  return (
    <>
      {rubric.map((c) => {
        const id = `levels.${c.key}`;
        const error = errors?.[id];
        return (
          <fieldset class={error ? 'form-group field-error' : 'form-group'} id={id}>
            <legend>{escapeHtml(c.name)}</legend>
            {c.description ? <p class="hint">{escapeHtml(c.description)}</p> : ''}
            {error ? (
              <p class="error-message" id={`${id}-error`}>
                {escapeHtml(error)}
              </p>
            ) : (
              ''
            )}
            {c.levels.map((l) => (
              <div class="field field-checkbox">
                <input type="radio" id={`${id}.${l.key}`} name={id} value={l.key} checked={values[c.key] === l.key} />
                <label for={`${id}.${l.key}`}>
                  <strong>{escapeHtml(l.name)}</strong>
                  {l.description ? ` — ${escapeHtml(l.description)}` : ''}
                </label>
              </div>
            ))}
          </fieldset>
        );
      })}
    </>
  );
}

export interface ReviewValues {
  levels: Record<string, string>;
  comment: string;
  moderation: boolean;
}

/** `/programmes/:id/rounds/:roundId`: a round of work, its evidence, the judgements the person may see, and their form. */
export function RoundPage({
  request,
  detail,
  values,
  errors,
}: {
  request: FastifyRequest;
  detail: RoundDetail;
  values?: ReviewValues;
  errors?: FormErrors;
}) {
  const { access, round, module, own, action, participant, submissions, reviews, renews } = detail;
  const { programme } = access;
  const title = own
    ? p(request, 'roundPage.ownTitle', { module: module.name, number: round.number })
    : p(request, 'roundPage.title', { module: module.name, name: participant?.name ?? '', number: round.number });
  const prefill = values ?? { levels: round.mode === 'claim' && renews?.levels ? renews.levels : {}, comment: '', moderation: false };
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={own ? `/programmes/${programme.id}/work#module-${module.id}` : `/programmes/${programme.id}/assess`}>
          {escapeHtml(p(request, own ? 'assignment.back' : 'roundPage.back'))}
        </a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p>
        <span class="tag">{escapeHtml(roundState(request, round))}</span>{' '}
        <span class="muted">{escapeHtml(p(request, `round.purpose.${round.purpose}`, { number: round.number }))}</span>
      </p>
      {round.mode === 'claim' ? (
        <section aria-labelledby="claim" class="panel spaced">
          <h2 id="claim">{escapeHtml(p(request, 'roundPage.claim'))}</h2>
          <p class="submission-text">{escapeHtml(round.claimText)}</p>
          {webUrl(round.claimLink) ? (
            <p>
              <a href={webUrl(round.claimLink) ?? ''} rel="nofollow noopener">
                {escapeHtml(round.claimLink)}
              </a>
            </p>
          ) : (
            ''
          )}
          {renews?.levels ? (
            <>
              <h3>{escapeHtml(p(request, 'roundPage.heldLevels'))}</h3>
              <RubricTable request={request} rubric={module.rubric} levels={renews.levels} />
            </>
          ) : (
            ''
          )}
        </section>
      ) : (
        <section aria-labelledby="evidence">
          <h2 id="evidence">{escapeHtml(p(request, 'roundPage.evidence'))}</h2>
          {module.assignments.map((a) => {
            const s = submissions.find((x) => x.assignmentId === a.id);
            return (
              <article class="panel spaced" aria-labelledby={`assignment-${a.id}`}>
                <h3 id={`assignment-${a.id}`}>{escapeHtml(a.title)}</h3>
                {s ? (
                  <SubmissionView request={request} submission={s} fileHref={`/programmes/${programme.id}/submissions/${s.id}/file`} />
                ) : (
                  <p class="muted">{escapeHtml(p(request, 'work.notHandedIn'))}</p>
                )}
              </article>
            );
          })}
        </section>
      )}
      {round.levels ? (
        <section aria-labelledby="decision">
          <h2 id="decision">{escapeHtml(p(request, 'roundPage.decision'))}</h2>
          <RubricTable request={request} rubric={module.rubric} levels={round.levels} />
          {round.credentialUrl ? (
            <p>
              <a href={round.credentialUrl}>{escapeHtml(p(request, 'roundPage.credential'))}</a>
            </p>
          ) : round.state === 'passed' ? (
            <p class="muted">{escapeHtml(p(request, 'roundPage.issuing'))}</p>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      {reviews.length ? (
        <section aria-labelledby="reviews">
          <h2 id="reviews">{escapeHtml(p(request, 'roundPage.reviews'))}</h2>
          {reviews.map((r) => (
            <article class="panel spaced" aria-labelledby={`review-${r.id}`}>
              <h3 id={`review-${r.id}`}>
                {escapeHtml(p(request, `roundPage.role.${r.role}`, { name: r.assessor?.name ?? '—' }))}{' '}
                <span class="muted">{escapeHtml(formatDate(request, r.createdAt))}</span>
              </h3>
              <RubricTable request={request} rubric={module.rubric} levels={r.levels} />
              {r.comment ? <p class="submission-text">{escapeHtml(r.comment)}</p> : ''}
              {r.moderationRequested ? <p class="tag">{escapeHtml(p(request, 'roundPage.moderationAsked'))}</p> : ''}
            </article>
          ))}
        </section>
      ) : (
        ''
      )}
      {action === 'review' || action === 'second' || action === 'moderate' ? (
        <section aria-labelledby="judge" class="panel spaced">
          <h2 id="judge">{escapeHtml(p(request, `roundPage.form.${action}`))}</h2>
          <p>{escapeHtml(p(request, `roundPage.form.${action}Intro`))}</p>
          <ErrorSummary request={request} errors={errors} />
          <PostForm
            request={request}
            action={`/programmes/${programme.id}/rounds/${round.id}/${action === 'moderate' ? 'moderate' : 'review'}`}
          >
            <LevelsFields rubric={module.rubric} values={prefill.levels} errors={errors} />
            <Field name="comment" label={p(request, 'roundPage.comment')} value={prefill.comment} errors={errors} multiline />
            {action !== 'moderate' ? (
              <Checkbox
                name="moderation"
                label={p(request, 'roundPage.askModeration')}
                hint={p(request, 'roundPage.askModerationHint')}
                checked={prefill.moderation}
                errors={errors}
              />
            ) : (
              ''
            )}
            <button type="submit">{escapeHtml(p(request, `roundPage.form.${action}Submit`))}</button>
          </PostForm>
        </section>
      ) : action === 'wait' ? (
        <p class="notice">{escapeHtml(p(request, 'roundPage.waiting'))}</p>
      ) : (
        ''
      )}
    </Layout>
  );
}
