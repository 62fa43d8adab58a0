import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Access, Programme } from '../access.ts';
import type { Cohort, EnrolmentView, Person } from '../cohorts.ts';
import { CohortLine, p, programmePath } from './components.tsx';

export interface CohortValues {
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: string;
  enrolmentOpen: boolean;
}

/** A new cohort, or a change to one. */
export function CohortFormPage({
  request,
  programme,
  cohortId,
  values,
  errors,
}: {
  request: FastifyRequest;
  programme: Programme;
  cohortId: string | null;
  values: CohortValues;
  errors?: FormErrors;
}) {
  const title = cohortId
    ? p(request, 'cohortForm.editTitle', { name: values.name })
    : p(request, 'cohortForm.title', { programme: programme.name });
  const action = cohortId ? `/programmes/${programme.id}/cohorts/${cohortId}/edit` : `/programmes/${programme.id}/cohorts/new`;
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={cohortId ? `/programmes/${programme.id}/cohorts/${cohortId}` : programmePath(programme.id)}>
          {escapeHtml(p(request, 'form.back'))}
        </a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={action}>
        <Field
          name="name"
          label={p(request, 'cohortForm.name')}
          hint={p(request, 'cohortForm.nameHint')}
          value={values.name}
          errors={errors}
          required
        />
        <Field name="startsOn" type="date" label={p(request, 'cohortForm.startsOn')} value={values.startsOn} errors={errors} required />
        <Field name="endsOn" type="date" label={p(request, 'cohortForm.endsOn')} value={values.endsOn} errors={errors} required />
        <Field name="capacity" type="number" label={p(request, 'cohortForm.capacity')} value={values.capacity} errors={errors} required />
        <Checkbox name="enrolmentOpen" label={p(request, 'cohortForm.enrolmentOpen')} checked={values.enrolmentOpen} errors={errors} />
        <button type="submit">{escapeHtml(p(request, 'form.save'))}</button>
      </PostForm>
    </Layout>
  );
}

function Applications({ request, programme, enrolments }: { request: FastifyRequest; programme: Programme; enrolments: EnrolmentView[] }) {
  const waiting = enrolments.filter((e) => e.state === 'applied');
  return (
    <section aria-labelledby="applications">
      <h2 id="applications">{escapeHtml(p(request, 'cohortPage.applications', { count: waiting.length }))}</h2>
      {waiting.length === 0 ? <p>{escapeHtml(p(request, 'cohortPage.noApplications'))}</p> : ''}
      <ul class="cards">
        {waiting.map((e) => (
          <li class="card">
            <h3>{escapeHtml(e.person?.name ?? '—')}</h3>
            <p class="muted">{escapeHtml(p(request, 'cohortPage.appliedOn', { date: formatDate(request, e.createdAt) }))}</p>
            <blockquote>{escapeHtml(e.motivation)}</blockquote>
            <div class="actions">
              <PostForm request={request} action={`/programmes/${programme.id}/enrolments/${e.id}/decision`}>
                <input type="hidden" name="decision" value="accept" />
                <button type="submit" aria-label={p(request, 'cohortPage.acceptNamed', { name: e.person?.name ?? '' })}>
                  {escapeHtml(p(request, 'cohortPage.accept'))}
                </button>
              </PostForm>
              <PostForm request={request} action={`/programmes/${programme.id}/enrolments/${e.id}/decision`}>
                <input type="hidden" name="decision" value="decline" />
                <button type="submit" class="secondary" aria-label={p(request, 'cohortPage.declineNamed', { name: e.person?.name ?? '' })}>
                  {escapeHtml(p(request, 'cohortPage.decline'))}
                </button>
              </PostForm>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `/programmes/:id/cohorts/:cohortId`: applications, participants and assessors (managers); the participants (assessors). */
export function CohortPage({
  request,
  access,
  cohort,
  enrolments,
  assessors,
  errors,
  email,
}: {
  request: FastifyRequest;
  access: Access;
  cohort: Cohort;
  enrolments: EnrolmentView[];
  assessors: Person[];
  errors?: FormErrors;
  email?: string;
}) {
  const { programme, manager } = access;
  const participants = enrolments.filter((e) => e.state === 'enrolled');
  const title = p(request, 'cohortPage.title', { name: cohort.name, programme: programme.name });
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p>
        <CohortLine request={request} cohort={cohort} />
      </p>
      <nav class="sub-nav" aria-label={p(request, 'programme.work')}>
        <ul>
          {manager ? (
            <li>
              <a href={`/programmes/${programme.id}/cohorts/${cohort.id}/edit`}>{escapeHtml(p(request, 'cohortPage.edit'))}</a>
            </li>
          ) : (
            ''
          )}
          <li>
            <a href={`/programmes/${programme.id}/assess`}>{escapeHtml(p(request, 'programme.assess'))}</a>
          </li>
        </ul>
      </nav>
      <ErrorSummary request={request} errors={errors} />
      {manager ? <Applications request={request} programme={programme} enrolments={enrolments} /> : ''}
      <section aria-labelledby="participants">
        <h2 id="participants">{escapeHtml(p(request, 'cohortPage.participants', { count: participants.length }))}</h2>
        {participants.length === 0 ? (
          <p>{escapeHtml(p(request, 'cohortPage.noParticipants'))}</p>
        ) : (
          <ScrollTable label={p(request, 'cohortPage.participantsLabel')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(p(request, 'cohortPage.name'))}</th>
                  <th scope="col">{escapeHtml(p(request, 'cohortPage.since'))}</th>
                </tr>
              </thead>
              <tbody>
                {participants.map((e) => (
                  <tr>
                    <td>{escapeHtml(e.person?.name ?? '—')}</td>
                    <td>{escapeHtml(formatDate(request, e.decidedAt ?? e.createdAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
      <section aria-labelledby="assessors">
        <h2 id="assessors">{escapeHtml(p(request, 'cohortPage.assessors'))}</h2>
        {assessors.length === 0 ? <p>{escapeHtml(p(request, 'cohortPage.noAssessors'))}</p> : ''}
        <ul class="item-list">
          {assessors.map((a) => (
            <li>
              <span>{escapeHtml(a.name)}</span>
              {manager ? (
                <PostForm request={request} action={`/programmes/${programme.id}/cohorts/${cohort.id}/assessors/${a.id}/remove`}>
                  <button type="submit" class="secondary" aria-label={p(request, 'cohortPage.removeNamed', { name: a.name })}>
                    {escapeHtml(p(request, 'cohortPage.remove'))}
                  </button>
                </PostForm>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
        {manager ? (
          <PostForm request={request} action={`/programmes/${programme.id}/cohorts/${cohort.id}/assessors`}>
            <Field
              name="email"
              type="email"
              label={p(request, 'cohortPage.addAssessor')}
              hint={p(request, 'cohortPage.addAssessorHint')}
              value={email}
              errors={errors}
            />
            <button type="submit">{escapeHtml(p(request, 'cohortPage.add'))}</button>
          </PostForm>
        ) : (
          ''
        )}
      </section>
    </Layout>
  );
}

/** `/programmes/:id/cohorts/:cohortId/apply`: an application (with a motivation), or enrolment when it is open. */
export function ApplyPage({
  request,
  programme,
  cohort,
  motivation,
  errors,
}: {
  request: FastifyRequest;
  programme: Programme;
  cohort: Cohort;
  motivation: string;
  errors?: FormErrors;
}) {
  const open = programme.enrolment === 'open';
  const title = p(request, open ? 'apply.enrolTitle' : 'apply.title', { programme: programme.name });
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={programmePath(programme.id)}>{escapeHtml(programme.name)}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p>
        <strong>{escapeHtml(cohort.name)}</strong>: <CohortLine request={request} cohort={cohort} />
      </p>
      <p>{escapeHtml(p(request, open ? 'apply.enrolIntro' : 'apply.intro'))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={`/programmes/${programme.id}/cohorts/${cohort.id}/apply`}>
        <Field
          name="motivation"
          label={p(request, open ? 'apply.note' : 'apply.motivation')}
          hint={p(request, 'apply.motivationHint')}
          value={motivation}
          errors={errors}
          multiline
          required={!open}
        />
        <button type="submit">{escapeHtml(p(request, open ? 'cohort.enrol' : 'apply.submit'))}</button>
      </PostForm>
    </Layout>
  );
}
