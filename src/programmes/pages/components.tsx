import { webUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Programme } from '../access.ts';
import type { Cohort } from '../cohorts.ts';
import { levelName, type Rubric } from '../rubric.ts';
import type { Round, Submission } from '../work.ts';

export const p = (request: FastifyRequest, key: string, options?: Record<string, unknown>) => request.t(`programmes:${key}`, options);

export const programmePath = (id: string) => `/programmes/${id}`;

/** A programme's status as a tag, unless it is published. */
export function StatusTag({ request, programme }: { request: FastifyRequest; programme: Pick<Programme, 'status'> }) {
  if (programme.status === 'published') return '';
  return <span class="tag">{escapeHtml(p(request, `status.${programme.status}`))}</span>;
}

/** "12 March 2026 – 30 June 2026" in the page's language. */
export function cohortDates(request: FastifyRequest, cohort: Pick<Cohort, 'startsOn' | 'endsOn'>): string {
  return p(request, 'cohort.dates', { from: formatDate(request, cohort.startsOn), to: formatDate(request, cohort.endsOn) });
}

/** Where a cohort stands: running, upcoming or finished, and the places. */
export function CohortLine({ request, cohort }: { request: FastifyRequest; cohort: Cohort }) {
  const left = Math.max(0, cohort.capacity - cohort.enrolled);
  return (
    <>
      <span class="tag">{escapeHtml(p(request, `cohort.phase.${cohort.phase}`))}</span> {escapeHtml(cohortDates(request, cohort))}
      {' · '}
      {escapeHtml(p(request, 'cohort.places', { count: left, capacity: cohort.capacity }))}
    </>
  );
}

/** A rubric as a table: a row per criterion, its levels from lowest to highest, the passing level marked. */
export function RubricTable({
  request,
  rubric,
  levels,
}: {
  request: FastifyRequest;
  rubric: Rubric;
  levels?: Record<string, string> | null;
}) {
  const caption = p(request, 'rubric.caption');
  return (
    <ScrollTable label={caption}>
      <table>
        <caption class="visually-hidden">{escapeHtml(caption)}</caption>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(p(request, 'rubric.criterion'))}</th>
            <th scope="col">{escapeHtml(p(request, 'rubric.levels'))}</th>
          </tr>
        </thead>
        <tbody>
          {rubric.map((c) => (
            <tr>
              <th scope="row">
                {escapeHtml(c.name)}
                {c.description ? <p class="muted">{escapeHtml(c.description)}</p> : ''}
                {levels ? (
                  <p class="rubric-given">
                    {escapeHtml(p(request, 'rubric.given'))}: <span class="tag">{escapeHtml(levelName(c, levels[c.key]) || '—')}</span>
                  </p>
                ) : (
                  ''
                )}
              </th>
              <td>
                <ol class="rubric-levels">
                  {c.levels.map((l) => (
                    <li>
                      <strong>{escapeHtml(l.name)}</strong>
                      {l.description ? <span class="muted"> — {escapeHtml(l.description)}</span> : ''}{' '}
                      {l.key === c.passLevel ? <span class="tag">{escapeHtml(p(request, 'rubric.passFrom'))}</span> : ''}
                    </li>
                  ))}
                </ol>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** The state of a round of work, in words. */
export function roundState(request: FastifyRequest, round: Pick<Round, 'state' | 'mode'>): string {
  return p(request, `round.state.${round.state}`);
}

/** One submission: the text, the link, the file (with its download link). */
export function SubmissionView({
  request,
  submission,
  fileHref,
}: {
  request: FastifyRequest;
  submission: Submission;
  fileHref: string | null;
}) {
  return (
    <div class="submission">
      {submission.text ? <p class="submission-text">{escapeHtml(submission.text)}</p> : ''}
      {webUrl(submission.link) ? (
        <p>
          {escapeHtml(p(request, 'work.linkLabel'))}{' '}
          <a href={webUrl(submission.link) ?? ''} rel="nofollow noopener">
            {escapeHtml(submission.link)}
          </a>
        </p>
      ) : (
        ''
      )}
      {submission.file ? (
        <p>
          {escapeHtml(p(request, 'work.fileLabel'))}{' '}
          {fileHref ? <a href={fileHref}>{escapeHtml(submission.file.name)}</a> : escapeHtml(submission.file.name)}{' '}
          <span class="muted">
            ({escapeHtml(p(request, 'work.kilobytes', { count: Math.max(1, Math.round(submission.file.size / 1024)) }))})
          </span>
        </p>
      ) : (
        ''
      )}
      <p class="muted">
        {escapeHtml(p(request, 'work.submittedOn', { date: formatDate(request, submission.updatedAt, { time: true, style: 'medium' }) }))}
      </p>
    </div>
  );
}

/** A knowledge page's text: paragraphs at blank lines, "- " lines as a list, "# " lines as headings. */
export function PlaybookBody({ body }: { body: string }) {
  const blocks = body
    .split(/\n{2,}/)
    .map((b) => b.trim())
    .filter(Boolean);
  return (
    <div class="playbook-body">
      {blocks.map((block) => {
        const lines = block.split('\n');
        if (lines.every((l) => /^[-*] /.test(l)))
          return (
            <ul>
              {lines.map((l) => (
                <li>{escapeHtml(l.slice(2))}</li>
              ))}
            </ul>
          );
        if (lines.length === 1 && /^#{1,3} /.test(block)) return <h3>{escapeHtml(block.replace(/^#{1,3} /, ''))}</h3>;
        return <p>{escapeHtml(block)}</p>;
      })}
    </div>
  );
}
