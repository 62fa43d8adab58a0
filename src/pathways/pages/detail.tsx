import { imageUrl, linkUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { insertHtml, type SafeHtml } from '../../platform/pages/safe-html.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { PathwayProgress, StepOption } from '../rules.ts';
import type { MyProgress, PathwayDetail } from '../service.ts';
import { p, ruleText, StatusTag, stepTitle } from './components.tsx';

function OptionLabel({ request, option, pathway }: { request: FastifyRequest; option: StepOption; pathway: PathwayDetail }) {
  if (option.type === 'skill')
    return (
      <>
        {escapeHtml(p(request, 'detail.skill'))}{' '}
        {linkUrl(option.url) ? <a href={linkUrl(option.url) ?? ''}>{escapeHtml(option.name)}</a> : escapeHtml(option.name)}
      </>
    );
  const local = pathway.achievements.get(option.uri);
  if (local)
    return (
      <>
        <strong>{escapeHtml(local.name)}</strong> {escapeHtml(p(request, 'detail.byIssuer', { organisation: local.organisationName }))}
      </>
    );
  return (
    <>
      {escapeHtml(p(request, 'detail.externalAchievement'))} <code>{escapeHtml(option.name)}</code>
    </>
  );
}

/** What the signed-in person has done of the pathway, or the sign-in hint. */
function Yours({ request, pathway, mine }: { request: FastifyRequest; pathway: PathwayDetail; mine: MyProgress | null }) {
  if (!request.user)
    return (
      <p>
        <a href={`/signin?next=${encodeURIComponent(`/pathways/${pathway.id}`)}`}>{escapeHtml(p(request, 'detail.signIn'))}</a>
      </p>
    );
  if (!mine) return '';
  const { progress, award } = mine;
  return (
    <section aria-labelledby="yours" class="panel">
      <h2 id="yours">{escapeHtml(p(request, 'detail.yourProgress'))}</h2>
      {award ? (
        <p>
          {escapeHtml(p(request, 'detail.earned', { date: formatDate(request, award.awardedAt) }))}{' '}
          <a href={award.credentialUrl}>{escapeHtml(p(request, 'detail.earnedLink'))}</a>
        </p>
      ) : progress.complete ? (
        <p class="notice">{escapeHtml(p(request, 'detail.completeWaiting'))}</p>
      ) : (
        <p>{escapeHtml(p(request, 'detail.progress', { done: progress.done, total: progress.steps.length }))}</p>
      )}
    </section>
  );
}

function Steps({ request, pathway, progress }: { request: FastifyRequest; pathway: PathwayDetail; progress: PathwayProgress | null }) {
  return (
    <ol class="pathway-steps">
      {pathway.steps.map((step, i) => {
        const s = progress?.steps[i];
        return (
          <li>
            <h3>
              {escapeHtml(stepTitle(request, i, step))}{' '}
              {s ? (
                <span class="tag">
                  {escapeHtml(
                    s.complete
                      ? p(request, 'detail.stepDone')
                      : s.waiting
                        ? p(request, 'detail.waiting')
                        : p(request, 'detail.stepOpen', { met: s.met, needed: s.needed }),
                  )}
                </span>
              ) : (
                ''
              )}
            </h3>
            <p class="muted">{escapeHtml(ruleText(request, step))}</p>
            <ul>
              {step.options.map((option, k) => {
                const held = s?.options[k]?.holding;
                return (
                  <li>
                    <OptionLabel request={request} option={option} pathway={pathway} />
                    {s ? (
                      <>
                        {' — '}
                        {held ? (
                          <strong>
                            {escapeHtml(
                              option.type === 'skill' ? p(request, 'detail.haveWith', { badge: held.name }) : p(request, 'detail.have'),
                            )}
                          </strong>
                        ) : (
                          escapeHtml(p(request, 'detail.missing'))
                        )}
                      </>
                    ) : (
                      ''
                    )}
                  </li>
                );
              })}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

/** `/pathways/:id`: the steps as a diagram and as a list, the person's progress, the pathway badge and its skills. */
export function DetailPage({
  request,
  pathway,
  mine,
  diagram,
  editable,
}: {
  request: FastifyRequest;
  pathway: PathwayDetail;
  mine: MyProgress | null;
  /** The diagram's SVG for wide screens and for phones (ECharts, rendered on the server; it escapes the text it draws). */
  diagram: { wide: SafeHtml; narrow: SafeHtml };
  editable: boolean;
}) {
  const progress = mine?.progress ?? null;
  const badgeName = pathway.badge?.name ?? '—';
  const summary = p(request, 'detail.diagramSummary', { count: pathway.steps.length, badge: badgeName, done: progress?.done ?? 0 });
  return (
    <Layout request={request} title={pathway.name} description={pathway.description || undefined}>
      <p>
        <a href="/pathways">{escapeHtml(p(request, 'detail.back'))}</a>
      </p>
      <h1>
        {escapeHtml(pathway.name)} <StatusTag request={request} pathway={pathway} />
      </h1>
      <p class="muted">{escapeHtml(p(request, 'list.by', { organisation: pathway.organisationName }))}</p>
      {pathway.description ? <p>{escapeHtml(pathway.description)}</p> : ''}
      {editable ? (
        <p class="actions">
          <a href={`/organisations/${pathway.organisationSlug}/pathways/${pathway.id}/edit`}>{escapeHtml(p(request, 'detail.edit'))}</a>
        </p>
      ) : (
        ''
      )}
      <Yours request={request} pathway={pathway} mine={mine} />
      <h2>{escapeHtml(p(request, 'detail.badge'))}</h2>
      <p class="pathway-badge">
        {imageUrl(pathway.badge?.imageUrl) ? <img src={imageUrl(pathway.badge?.imageUrl) ?? ''} alt="" width="64" height="64" /> : ''}
        <strong>{escapeHtml(badgeName)}</strong>
      </p>
      <h2 id="diagram-title">{escapeHtml(p(request, 'detail.steps'))}</h2>
      <figure class="pathway-diagram" aria-labelledby="diagram-caption">
        <section class="table-scroll" tabindex="0" aria-label={p(request, 'detail.diagram')}>
          <div role="img" aria-label={summary}>
            <div class="wide">{insertHtml(diagram.wide)}</div>
            <div class="narrow">{insertHtml(diagram.narrow)}</div>
          </div>
        </section>
        <figcaption id="diagram-caption" class="muted">
          {escapeHtml(p(request, 'detail.legend'))}
        </figcaption>
      </figure>
      <Steps request={request} pathway={pathway} progress={progress} />
      <h2>{escapeHtml(p(request, 'detail.skills'))}</h2>
      {pathway.skills.length === 0 ? (
        <p>{escapeHtml(p(request, 'detail.noSkills'))}</p>
      ) : (
        <ul class="chips">
          {pathway.skills.map((s) => (
            <li class="tag">{linkUrl(s.url) ? <a href={linkUrl(s.url) ?? ''}>{escapeHtml(s.name)}</a> : escapeHtml(s.name)}</li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
