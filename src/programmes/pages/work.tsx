import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { Programme } from '../access.ts';
import type { Assignment } from '../programmes.ts';
import { type ModuleWork, renewalOpens, type Submission } from '../work.ts';
import { p, programmePath, RubricTable, roundState, SubmissionView } from './components.tsx';

const fileHref = (programmeId: string, submission: Submission) => `/programmes/${programmeId}/submissions/${submission.id}/file`;

function ModuleSection({ request, programme, work }: { request: FastifyRequest; programme: Programme; work: ModuleWork }) {
  const { module, current, held } = work;
  const currentSubmissions = current && current.state !== 'not_passed' ? work.submissions.filter((s) => s.roundId === current.id) : [];
  return (
    <section aria-labelledby={`module-${module.id}-title`} class="panel spaced" id={`module-${module.id}`}>
      <h2 id={`module-${module.id}-title`}>{escapeHtml(module.name)}</h2>
      <p>
        <span class="tag">{escapeHtml(current ? roundState(request, current) : p(request, 'programme.notStarted'))}</span>
        {current && current.number > 1 ? (
          <span class="muted"> {escapeHtml(p(request, `round.purpose.${current.purpose}`, { number: current.number }))}</span>
        ) : (
          ''
        )}
      </p>
      {held ? (
        <p>
          {escapeHtml(p(request, 'work.held'))}{' '}
          {held.credentialUrl ? <a href={held.credentialUrl}>{escapeHtml(p(request, 'work.viewBadge'))}</a> : ''}
          {held.validUntil ? (
            <>
              <br />
              <span class="muted">
                {escapeHtml(
                  p(request, held.validUntil.getTime() < Date.now() ? 'work.expired' : 'work.validUntil', {
                    date: formatDate(request, held.validUntil),
                  }),
                )}
              </span>
            </>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
      {work.renewable ? (
        <p class="actions">
          <a class="button" href={`/programmes/${programme.id}/modules/${module.id}/renew`}>
            {escapeHtml(p(request, 'work.renew'))}
          </a>
        </p>
      ) : held?.validUntil && !current?.purpose.startsWith('renewal') ? (
        <p class="muted">{escapeHtml(p(request, 'work.renewFrom', { date: formatDate(request, renewalOpens(held.validUntil)) }))}</p>
      ) : (
        ''
      )}
      {current?.mode === 'claim' && ['submitted', 'moderation'].includes(current.state) ? (
        <p>{escapeHtml(p(request, 'work.claimWaiting'))}</p>
      ) : (
        ''
      )}
      {current?.mode !== 'claim' && (work.editable || currentSubmissions.length) ? (
        <>
          <h3>{escapeHtml(p(request, 'programme.assignments'))}</h3>
          <ul class="item-list">
            {module.assignments.map((a) => {
              const submission = currentSubmissions.find((s) => s.assignmentId === a.id);
              return (
                <li>
                  <span>
                    <strong>{escapeHtml(a.title)}</strong>
                    <br />
                    <span class="muted">
                      {escapeHtml(
                        submission
                          ? p(request, 'work.handedIn', { date: formatDate(request, submission.updatedAt) })
                          : p(request, 'work.notHandedIn'),
                      )}
                    </span>
                  </span>
                  <a href={`/programmes/${programme.id}/assignments/${a.id}`}>
                    {escapeHtml(
                      work.editable ? (submission ? p(request, 'work.change') : p(request, 'work.handIn')) : p(request, 'work.view'),
                    )}
                    <span class="visually-hidden">: {escapeHtml(a.title)}</span>
                  </a>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        ''
      )}
      {current && (current.state === 'passed' || current.state === 'not_passed') && current.levels ? (
        <>
          <h3>{escapeHtml(p(request, 'work.outcome'))}</h3>
          <RubricTable request={request} rubric={module.rubric} levels={current.levels} />
        </>
      ) : (
        ''
      )}
      {work.rounds.length ? (
        <details>
          <summary>{escapeHtml(p(request, 'work.history', { count: work.rounds.length }))}</summary>
          <ul>
            {work.rounds.map((r) => (
              <li>
                <a href={`/programmes/${programme.id}/rounds/${r.id}`}>{escapeHtml(p(request, 'work.round', { number: r.number }))}</a>:{' '}
                {escapeHtml(roundState(request, r))}
                {r.decidedAt ? ` (${escapeHtml(formatDate(request, r.decidedAt))})` : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        ''
      )}
    </section>
  );
}

/** `/programmes/:id/work`: the participant's own work, module by module. */
export function WorkPage({ request, programme, work }: { request: FastifyRequest; programme: Programme; work: ModuleWork[] }) {
  const title = p(request, 'work.title', { programme: programme.name });
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p>{escapeHtml(p(request, 'work.intro'))}</p>
      {work.length === 0 ? <p>{escapeHtml(p(request, 'programme.noModules'))}</p> : ''}
      {work.map((w) => (
        <ModuleSection request={request} programme={programme} work={w} />
      ))}
    </Layout>
  );
}

export interface SubmissionValues {
  text: string;
  link: string;
}

/** `/programmes/:id/assignments/:assignmentId`: an assignment, what was handed in, and the form to hand in or change it. */
export function AssignmentPage({
  request,
  programme,
  work,
  assignment,
  values,
  errors,
}: {
  request: FastifyRequest;
  programme: Programme;
  work: ModuleWork;
  assignment: Assignment;
  values?: SubmissionValues;
  errors?: FormErrors;
}) {
  const current = work.current && work.current.state !== 'not_passed' ? work.current : null;
  const submission = current ? work.submissions.find((s) => s.roundId === current.id && s.assignmentId === assignment.id) : undefined;
  const title = assignment.title;
  const allowed = new Set(assignment.evidence);
  const shown = values ?? { text: submission?.text ?? '', link: submission?.link ?? '' };
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={`/programmes/${programme.id}/work#module-${work.module.id}`}>{escapeHtml(p(request, 'assignment.back'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p class="muted">{escapeHtml(p(request, 'assignment.ofModule', { module: work.module.name, programme: programme.name }))}</p>
      {assignment.instructions ? <p>{escapeHtml(assignment.instructions)}</p> : ''}
      <p class="muted">
        {escapeHtml(p(request, 'assignment.asks', { kinds: assignment.evidence.map((k) => p(request, `evidenceKind.${k}`)).join(', ') }))}
      </p>
      {submission ? (
        <section aria-labelledby="handed-in" class="panel spaced">
          <h2 id="handed-in">{escapeHtml(p(request, 'assignment.handedIn'))}</h2>
          <SubmissionView request={request} submission={submission} fileHref={fileHref(programme.id, submission)} />
        </section>
      ) : (
        ''
      )}
      {work.editable ? (
        <section aria-labelledby="hand-in">
          <h2 id="hand-in">{escapeHtml(submission ? p(request, 'assignment.change') : p(request, 'assignment.handIn'))}</h2>
          <p class="hint">{escapeHtml(p(request, 'assignment.editableUntil'))}</p>
          <ErrorSummary request={request} errors={errors} />
          <PostForm request={request} action={`/programmes/${programme.id}/assignments/${assignment.id}`} multipart>
            {allowed.has('text') ? (
              <Field name="text" label={p(request, 'assignment.text')} value={shown.text} errors={errors} multiline />
            ) : (
              ''
            )}
            {allowed.has('link') ? (
              <Field
                name="link"
                type="url"
                label={p(request, 'assignment.link')}
                hint={p(request, 'assignment.linkHint')}
                value={shown.link}
                errors={errors}
              />
            ) : (
              ''
            )}
            {allowed.has('file') ? (
              <Field
                name="file"
                type="file"
                label={p(request, 'assignment.file')}
                hint={p(request, 'assignment.fileHint')}
                errors={errors}
              />
            ) : (
              ''
            )}
            {allowed.has('file') && submission?.file ? (
              <Checkbox name="removeFile" label={p(request, 'assignment.removeFile', { name: submission.file.name })} errors={errors} />
            ) : (
              ''
            )}
            <button type="submit">{escapeHtml(p(request, 'assignment.submit'))}</button>
          </PostForm>
        </section>
      ) : (
        <p class="notice">{escapeHtml(p(request, 'assignment.locked'))}</p>
      )}
    </Layout>
  );
}

export interface RenewValues {
  claimText: string;
  claimLink: string;
}

/** `/programmes/:id/modules/:moduleId/renew`: renewing a module badge, by a new assessment or a claim. */
export function RenewPage({
  request,
  programme,
  work,
  values,
  errors,
}: {
  request: FastifyRequest;
  programme: Programme;
  work: ModuleWork;
  values: RenewValues;
  errors?: FormErrors;
}) {
  const { module, held } = work;
  const title = p(request, 'renew.title', { module: module.name });
  const claim = module.renewal === 'claim';
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={`/programmes/${programme.id}/work#module-${module.id}`}>{escapeHtml(p(request, 'assignment.back'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      {held?.validUntil ? (
        <p>
          {escapeHtml(
            p(request, held.validUntil.getTime() < Date.now() ? 'work.expired' : 'work.validUntil', {
              date: formatDate(request, held.validUntil),
            }),
          )}
        </p>
      ) : (
        ''
      )}
      <p>{escapeHtml(p(request, claim ? 'renew.claimIntro' : 'renew.assessmentIntro'))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={`/programmes/${programme.id}/modules/${module.id}/renew`}>
        {claim ? (
          <>
            <Field
              name="claimText"
              label={p(request, 'renew.claimText')}
              hint={p(request, 'renew.claimTextHint')}
              value={values.claimText}
              errors={errors}
              multiline
              required
            />
            <Field name="claimLink" type="url" label={p(request, 'renew.claimLink')} value={values.claimLink} errors={errors} />
          </>
        ) : (
          ''
        )}
        <button type="submit">{escapeHtml(p(request, claim ? 'renew.submitClaim' : 'renew.start'))}</button>
      </PostForm>
    </Layout>
  );
}
