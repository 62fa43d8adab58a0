import { webUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { evidenceByToken } from '../work.ts';
import { evidenceUrl } from '../work.ts';
import { p, RubricTable, SubmissionView } from './components.tsx';

type Evidence = NonNullable<Awaited<ReturnType<typeof evidenceByToken>>>;

/**
 * `/programmes/evidence/:token`: the evidence a module badge points to — what was handed in for
 * each assignment (or the renewal claim) and the levels it was judged at. Public to whoever holds
 * the address (the credential carries it); nothing else of the person is shown.
 */
export function EvidencePage({ request, evidence }: { request: FastifyRequest; evidence: Evidence }) {
  const { round, module, programme, assignments, submissions, renewed } = evidence;
  const title = p(request, 'evidence.title', { module: module.name });
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <p class="muted">
        {escapeHtml(p(request, 'evidence.intro', { programme: programme.name, date: formatDate(request, round.decidedAt) }))}
      </p>
      {round.credentialUrl ? (
        <p>
          <a href={round.credentialUrl}>{escapeHtml(p(request, 'evidence.credential'))}</a>
        </p>
      ) : (
        ''
      )}
      {round.mode === 'claim' ? (
        <section aria-labelledby="claim" id="claim" class="panel spaced">
          <h2 id="claim-title">{escapeHtml(p(request, 'roundPage.claim'))}</h2>
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
        </section>
      ) : (
        ''
      )}
      {assignments.map((a) => {
        const s = submissions.find((x) => x.assignmentId === a.id);
        if (!s) return '';
        return (
          <section class="panel spaced" id={`submission-${s.id}`} aria-labelledby={`assignment-${a.id}`}>
            <h2 id={`assignment-${a.id}`}>{escapeHtml(a.title)}</h2>
            {a.instructions ? <p class="muted">{escapeHtml(a.instructions)}</p> : ''}
            <SubmissionView
              request={request}
              submission={s}
              fileHref={s.file ? `/programmes/evidence/${round.evidenceToken}/files/${s.id}` : null}
            />
          </section>
        );
      })}
      {renewed ? (
        <p>
          <a href={evidenceUrl('', renewed.evidenceToken)}>{escapeHtml(p(request, 'evidence.renewed'))}</a>
        </p>
      ) : (
        ''
      )}
      {round.levels ? (
        <>
          <h2>{escapeHtml(p(request, 'roundPage.decision'))}</h2>
          <RubricTable request={request} rubric={module.rubric} levels={round.levels} />
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
