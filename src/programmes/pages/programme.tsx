import { imageUrl, linkUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import type { MyProgress } from '../../pathways/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { Field, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { Access } from '../access.ts';
import type { Accreditation } from '../accreditation.ts';
import type { Cohort } from '../cohorts.ts';
import type { Module } from '../programmes.ts';
import type { ModuleWork } from '../work.ts';
import { CohortLine, cohortDates, p, RubricTable, roundState, StatusTag } from './components.tsx';

type Props = Access & {
  request: FastifyRequest;
  modules: Module[];
  cohorts: Cohort[];
  accreditations: Accreditation[];
  certificateProgress: MyProgress | null;
  pathway: { id: string; name: string } | null;
  certificateName: string;
  work: ModuleWork[] | null;
  accreditors: { slug: string; name: string }[];
  enrolmentCohort: Cohort | null;
  insider: boolean;
};

function Accreditations({ request, accreditations, programme }: Pick<Props, 'request' | 'accreditations' | 'programme'>) {
  if (accreditations.length === 0) return '';
  return (
    <section aria-labelledby="accreditation">
      <h2 id="accreditation">{escapeHtml(p(request, 'programme.accreditation'))}</h2>
      <ul class="item-list">
        {accreditations.map((a) => (
          <li>
            <span>
              {escapeHtml(
                p(request, a.kind === 'programme' ? 'programme.accreditedProgramme' : 'programme.accreditedIssuer', {
                  accreditor: a.endorsement.endorserName,
                  issuer: programme.organisationName,
                  date: formatDate(request, a.createdAt),
                }),
              )}{' '}
              {a.endorsement.state === 'revoked' ? <span class="tag">{escapeHtml(p(request, 'programme.revoked'))}</span> : ''}
              <br />
              <q>{escapeHtml(a.endorsement.comment)}</q>{' '}
              <a href={`/endorsements/${a.endorsement.id}`}>{escapeHtml(p(request, 'programme.endorsementLink'))}</a>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function AccreditForm({ request, programme, accreditors }: Pick<Props, 'request' | 'programme' | 'accreditors'>) {
  if (!request.user?.isOperator || accreditors.length === 0) return '';
  return (
    <section aria-labelledby="accredit" class="panel spaced">
      <h2 id="accredit">{escapeHtml(p(request, 'accredit.title'))}</h2>
      <p>{escapeHtml(p(request, 'accredit.intro'))}</p>
      <PostForm request={request} action={`/programmes/${programme.id}/accreditations`}>
        <Select
          name="kind"
          label={p(request, 'accredit.kind')}
          value="programme"
          options={[
            { value: 'programme', label: p(request, 'accredit.kinds.programme', { name: programme.name }) },
            { value: 'issuer', label: p(request, 'accredit.kinds.issuer', { name: programme.organisationName }) },
          ]}
        />
        <Select
          name="accreditor"
          label={p(request, 'accredit.accreditor')}
          options={accreditors.map((o) => ({ value: o.slug, label: o.name }))}
        />
        <Field name="comment" label={p(request, 'accredit.comment')} multiline required />
        <button type="submit">{escapeHtml(p(request, 'accredit.submit'))}</button>
      </PostForm>
    </section>
  );
}

function Yours({ request, programme, enrolment, enrolmentCohort, work, certificateProgress: certificate, certificateName }: Props) {
  if (!request.user) return '';
  if (!enrolment) return '';
  if (enrolment.state === 'applied')
    return (
      <section aria-labelledby="yours" class="panel spaced">
        <h2 id="yours">{escapeHtml(p(request, 'programme.yours'))}</h2>
        <p>{escapeHtml(p(request, 'programme.applied', { cohort: enrolmentCohort?.name ?? '' }))}</p>
      </section>
    );
  return (
    <section aria-labelledby="yours" class="panel spaced">
      <h2 id="yours">{escapeHtml(p(request, 'programme.yours'))}</h2>
      <p>
        {escapeHtml(
          p(request, 'programme.enrolled', {
            cohort: enrolmentCohort?.name ?? '',
            dates: enrolmentCohort ? cohortDates(request, enrolmentCohort) : '',
          }),
        )}
      </p>
      <ul class="item-list">
        {(work ?? []).map((w) => {
          const last = w.rounds[w.rounds.length - 1];
          return (
            <li>
              <span>
                <strong>{escapeHtml(w.module.name)}</strong>:{' '}
                {w.held
                  ? escapeHtml(p(request, 'programme.earned'))
                  : last
                    ? escapeHtml(roundState(request, last))
                    : escapeHtml(p(request, 'programme.notStarted'))}
              </span>
            </li>
          );
        })}
      </ul>
      {certificate?.award ? (
        <p>
          {escapeHtml(p(request, 'programme.certificateEarned', { name: certificateName }))}{' '}
          <a href={certificate.award.credentialUrl}>{escapeHtml(p(request, 'programme.viewCertificate'))}</a>
        </p>
      ) : (
        ''
      )}
      <p class="actions">
        <a class="button" href={`/programmes/${programme.id}/work`}>
          {escapeHtml(p(request, 'programme.toWork'))}
        </a>
      </p>
    </section>
  );
}

function Cohorts({ request, programme, cohorts, manager, assessorOf, enrolment }: Props) {
  return (
    <section aria-labelledby="cohorts">
      <h2 id="cohorts">{escapeHtml(p(request, 'programme.cohorts'))}</h2>
      {cohorts.length === 0 ? <p>{escapeHtml(p(request, 'programme.noCohorts'))}</p> : ''}
      <ul class="cards">
        {cohorts.map((cohort) => {
          const canJoin =
            programme.status === 'published' &&
            cohort.enrolmentOpen &&
            cohort.phase !== 'finished' &&
            !enrolment &&
            !assessorOf.includes(cohort.id);
          const full = cohort.enrolled >= cohort.capacity;
          return (
            <li class="card">
              <h3>{escapeHtml(cohort.name)}</h3>
              <p>
                <CohortLine request={request} cohort={cohort} />
              </p>
              {!cohort.enrolmentOpen ? <p class="muted">{escapeHtml(p(request, 'cohort.closed'))}</p> : ''}
              {canJoin && !(full && programme.enrolment === 'open') ? (
                request.user ? (
                  <p>
                    <a class="button" href={`/programmes/${programme.id}/cohorts/${cohort.id}/apply`}>
                      {escapeHtml(p(request, programme.enrolment === 'open' ? 'cohort.enrol' : 'cohort.apply'))}
                    </a>
                  </p>
                ) : (
                  <p>
                    <a href={`/signin?next=${encodeURIComponent(`/programmes/${programme.id}/cohorts/${cohort.id}/apply`)}`}>
                      {escapeHtml(p(request, 'cohort.signInToApply'))}
                    </a>
                  </p>
                )
              ) : (
                ''
              )}
              {manager || assessorOf.includes(cohort.id) ? (
                <p>
                  <a href={`/programmes/${programme.id}/cohorts/${cohort.id}`}>
                    {escapeHtml(p(request, manager ? 'cohort.manage' : 'cohort.participants', { name: cohort.name }))}
                  </a>
                </p>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Modules({ request, modules }: Pick<Props, 'request' | 'modules'>) {
  return (
    <section aria-labelledby="modules">
      <h2 id="modules">{escapeHtml(p(request, 'programme.modules'))}</h2>
      {modules.length === 0 ? <p>{escapeHtml(p(request, 'programme.noModules'))}</p> : ''}
      {modules.map((module, i) => (
        <article class="module" aria-labelledby={`module-${module.id}`}>
          <h3 id={`module-${module.id}`}>{escapeHtml(p(request, 'programme.moduleTitle', { number: i + 1, name: module.name }))}</h3>
          <p>{escapeHtml(module.description)}</p>
          <p class="pathway-badge">
            {imageUrl(module.badge?.imageUrl) ? <img src={imageUrl(module.badge?.imageUrl) ?? ''} alt="" width="48" height="48" /> : ''}
            <span>
              {escapeHtml(p(request, 'programme.leadsTo'))} <strong>{escapeHtml(module.badge?.name ?? module.name)}</strong>
              {module.validMonths ? (
                <>
                  <br />
                  <span class="muted">{escapeHtml(p(request, 'programme.validFor', { count: module.validMonths }))}</span>{' '}
                  <span class="muted">{escapeHtml(p(request, `programme.renewalBy.${module.renewal}`))}</span>
                </>
              ) : (
                ''
              )}
            </span>
          </p>
          {module.badge?.skills.length ? (
            <ul class="chips" aria-label={p(request, 'programme.skills')}>
              {module.badge.skills.map((s) => (
                <li class="tag">
                  {linkUrl(s.targetUrl) ? <a href={linkUrl(s.targetUrl) ?? ''}>{escapeHtml(s.targetName)}</a> : escapeHtml(s.targetName)}
                </li>
              ))}
            </ul>
          ) : (
            ''
          )}
          <h4>{escapeHtml(p(request, 'programme.assignments'))}</h4>
          <ol>
            {module.assignments.map((a) => (
              <li>
                <strong>{escapeHtml(a.title)}</strong>
                {a.instructions ? <span> — {escapeHtml(a.instructions)}</span> : ''}{' '}
                <span class="muted">({escapeHtml(a.evidence.map((k) => p(request, `evidenceKind.${k}`)).join(', '))})</span>
              </li>
            ))}
          </ol>
          <h4>{escapeHtml(p(request, 'programme.rubric'))}</h4>
          {module.secondAssessment ? <p class="muted">{escapeHtml(p(request, 'programme.secondAssessment'))}</p> : ''}
          <RubricTable request={request} rubric={module.rubric} />
        </article>
      ))}
    </section>
  );
}

/** `/programmes/:id`: what the programme is, its cohorts and modules, and the person's place in it. */
export function ProgrammePage(props: Props) {
  const { request, programme, manager, assessorOf, pathway, certificateName, insider } = props;
  return (
    <Layout request={request} title={programme.name} description={programme.description}>
      <p>
        <a href="/programmes">{escapeHtml(p(request, 'programme.back'))}</a>
      </p>
      <h1>
        {escapeHtml(programme.name)} <StatusTag request={request} programme={programme} />
      </h1>
      <p class="muted">
        {escapeHtml(p(request, 'list.by', { organisation: programme.organisationName }))} ·{' '}
        {escapeHtml(p(request, `enrolment.${programme.enrolment}`))}
      </p>
      <p>{escapeHtml(programme.description)}</p>
      {manager || assessorOf.length || insider ? (
        <nav class="sub-nav" aria-label={p(request, 'programme.work')}>
          <ul>
            {manager ? (
              <>
                <li>
                  <a href={`/programmes/${programme.id}/edit`}>{escapeHtml(p(request, 'programme.edit'))}</a>
                </li>
                <li>
                  <a href={`/programmes/${programme.id}/modules/new`}>{escapeHtml(p(request, 'programme.addModule'))}</a>
                </li>
                <li>
                  <a href={`/programmes/${programme.id}/cohorts/new`}>{escapeHtml(p(request, 'programme.addCohort'))}</a>
                </li>
              </>
            ) : (
              ''
            )}
            {manager || assessorOf.length ? (
              <li>
                <a href={`/programmes/${programme.id}/assess`}>{escapeHtml(p(request, 'programme.assess'))}</a>
              </li>
            ) : (
              ''
            )}
            {insider ? (
              <li>
                <a href={`/programmes/${programme.id}/playbook`}>{escapeHtml(p(request, 'programme.playbook'))}</a>
              </li>
            ) : (
              ''
            )}
          </ul>
        </nav>
      ) : (
        ''
      )}
      <Yours {...props} />
      <Accreditations request={request} accreditations={props.accreditations} programme={programme} />
      <Cohorts {...props} />
      <Modules request={request} modules={props.modules} />
      <section aria-labelledby="certificate">
        <h2 id="certificate">{escapeHtml(p(request, 'programme.certificate'))}</h2>
        <p>{escapeHtml(p(request, 'programme.certificateText', { name: certificateName }))}</p>
        {pathway ? (
          <p>
            <a href={`/pathways/${pathway.id}`}>{escapeHtml(p(request, 'programme.pathwayLink'))}</a>
          </p>
        ) : (
          ''
        )}
      </section>
      <AccreditForm request={request} programme={programme} accreditors={props.accreditors} />
    </Layout>
  );
}
