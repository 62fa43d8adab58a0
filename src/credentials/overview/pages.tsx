import { imageUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate, formatNumber } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import type { IssuedCredential } from '../issuing/issue.ts';
import type { IssuerOverview } from './service.ts';

const base = (slug: string) => `/organisations/${encodeURIComponent(slug)}`;

function stateOf(request: FastifyRequest, c: IssuedCredential): string {
  if (c.state !== 'active') return request.t(`credentials:badge.${c.state}`);
  return c.expired ? request.t('credentials:badge.expired') : '';
}

/** One organisation's badges, recent issues, open claim codes and running bulk issues. */
export function IssuerPanel({ request, overview }: { request: FastifyRequest; overview: IssuerOverview }) {
  const { t } = request;
  const o = overview;
  const here = base(o.organisation.slug);
  const id = `issuer-${o.organisation.slug}`;
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 id={id}>{escapeHtml(t('credentials:overview.issuerTitle', { organisation: o.organisation.name }))}</h2>
      <p class="actions">
        <a class="button" href={`${here}/achievements/new`}>
          {escapeHtml(t('credentials:overview.newBadge'))}
        </a>
        <a href={`${here}/achievements`}>{escapeHtml(t('credentials:overview.allBadges'))}</a>
        <a href={`${here}/credentials`}>
          {escapeHtml(t('credentials:overview.issuedAll', { count: o.issuedTotal, formatted: formatNumber(request, o.issuedTotal) }))}
        </a>
      </p>
      {o.achievements.length === 0 ? (
        <p>{escapeHtml(t('credentials:overview.firstBadge'))}</p>
      ) : (
        <ul class="item-list" aria-label={t('credentials:overview.badges')}>
          {o.achievements.slice(0, 8).map((a) => (
            <li>
              {imageUrl(a.imageUrl) ? <img src={imageUrl(a.imageUrl) ?? ''} alt="" width="40" height="40" /> : ''}
              <span>
                <a href={`${here}/achievements/${a.id}`}>{escapeHtml(a.name)}</a>
                <span class="muted">
                  {' · '}
                  {escapeHtml(t('credentials:overview.issuedCount', { count: a.issued, formatted: formatNumber(request, a.issued) }))}
                </span>
              </span>
              <a class="item-action" href={`${here}/achievements/${a.id}#issue-one`}>
                {escapeHtml(t('credentials:overview.issue'))}
                <span class="visually-hidden"> {escapeHtml(a.name)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {o.achievements.length > 8 ? (
        <p>
          <a href={`${here}/achievements`}>{escapeHtml(t('credentials:overview.moreBadges', { count: o.achievements.length - 8 }))}</a>
        </p>
      ) : (
        ''
      )}
      {o.runningJobs.length ? (
        <>
          <h3>{escapeHtml(t('credentials:overview.runningJobs'))}</h3>
          <ul class="item-list">
            {o.runningJobs.map((j) => (
              <li>
                <span>
                  <a href={`${here}/bulk/${j.id}`}>{escapeHtml(j.achievementName)}</a>
                  <span class="muted">
                    {' · '}
                    {escapeHtml(
                      t('credentials:overview.jobProgress', { done: formatNumber(request, j.done), total: formatNumber(request, j.total) }),
                    )}
                  </span>
                </span>
                <progress
                  max={String(Math.max(j.total, 1))}
                  value={String(j.done)}
                  aria-label={t('credentials:overview.jobLabel', { name: j.achievementName })}
                >
                  {escapeHtml(formatNumber(request, j.done))}
                </progress>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {o.openClaims.length ? (
        <>
          <h3>{escapeHtml(t('credentials:overview.openClaims'))}</h3>
          <ul class="item-list">
            {o.openClaims.map((c) => (
              <li>
                <span>
                  <a href={`${here}/achievements/${c.achievementId}#claim-codes`}>
                    <code>{escapeHtml(c.code)}</code>
                  </a>{' '}
                  {escapeHtml(c.achievementName)}
                  {c.label ? <span class="muted"> · {escapeHtml(c.label)}</span> : ''}
                  <span class="muted">
                    {' · '}
                    {escapeHtml(
                      c.maxClaims === null
                        ? t('credentials:overview.claimedUnlimited', { count: c.claimed, claimed: formatNumber(request, c.claimed) })
                        : t('credentials:overview.claimedOf', {
                            claimed: formatNumber(request, c.claimed),
                            max: formatNumber(request, c.maxClaims),
                          }),
                    )}
                    {c.closesAt
                      ? ` · ${escapeHtml(t('credentials:overview.closes', { date: formatDate(request, c.closesAt, { time: true, style: 'medium' }) }))}`
                      : ''}
                  </span>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      <h3>{escapeHtml(t('credentials:overview.recent'))}</h3>
      {o.recent.length === 0 ? (
        <p class="muted">{escapeHtml(t('credentials:overview.noneIssued'))}</p>
      ) : (
        <ul class="item-list">
          {o.recent.map((c) => {
            const state = stateOf(request, c);
            return (
              <li>
                <span>
                  <a href={`/credentials/${c.id}`}>{escapeHtml(c.recipientName ?? c.recipientEmail ?? c.recipientDid ?? '')}</a>
                  <span class="muted">
                    {' · '}
                    {escapeHtml(c.name)} · {escapeHtml(formatDate(request, c.awardedAt))}
                  </span>
                  {state ? <span class="tag"> {escapeHtml(state)}</span> : ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The badges the person received, or (with none yet) how to claim one and check one. */
export function EarnerPanel({ request, received }: { request: FastifyRequest; received: IssuedCredential[] }) {
  const { t } = request;
  return (
    <section class="panel" aria-labelledby="earner-badges">
      <h2 id="earner-badges">{escapeHtml(t('credentials:overview.earnerTitle'))}</h2>
      {received.length ? (
        <ul class="item-list">
          {received.map((c) => {
            const state = stateOf(request, c);
            const image =
              typeof c.document.credentialSubject?.achievement?.image?.id === 'string'
                ? c.document.credentialSubject.achievement.image.id
                : null;
            return (
              <li>
                {imageUrl(image) ? <img src={imageUrl(image) ?? ''} alt="" width="40" height="40" /> : ''}
                <span>
                  <a href={`/credentials/${c.id}`}>{escapeHtml(c.name)}</a>
                  <span class="muted">
                    {' · '}
                    {escapeHtml(String(c.document.issuer?.name ?? ''))} · {escapeHtml(formatDate(request, c.awardedAt))}
                  </span>
                  {state ? <span class="tag"> {escapeHtml(state)}</span> : ''}
                </span>
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{escapeHtml(t('credentials:overview.earnerLead'))}</p>
      )}
      <p class="actions">
        <a class="button secondary" href="/claim">
          {escapeHtml(t('credentials:overview.claim'))}
        </a>
        <a href="/verify">{escapeHtml(t('credentials:overview.verify'))}</a>
      </p>
    </section>
  );
}

/** The operator's view of issuing across the network. */
export function NetworkIssuingPanel({
  request,
  figures,
}: {
  request: FastifyRequest;
  figures: { thisMonth: number; total: number; issuers: number };
}) {
  const { t } = request;
  return (
    <section class="panel" aria-labelledby="network-badges">
      <h2 id="network-badges">{escapeHtml(t('credentials:overview.networkTitle'))}</h2>
      <dl class="stats">
        <div>
          <dt>{escapeHtml(t('credentials:overview.thisMonth'))}</dt>
          <dd>{escapeHtml(formatNumber(request, figures.thisMonth))}</dd>
        </div>
        <div>
          <dt>{escapeHtml(t('credentials:overview.total'))}</dt>
          <dd>{escapeHtml(formatNumber(request, figures.total))}</dd>
        </div>
        <div>
          <dt>{escapeHtml(t('credentials:overview.issuers'))}</dt>
          <dd>{escapeHtml(formatNumber(request, figures.issuers))}</dd>
        </div>
      </dl>
    </section>
  );
}

/** `/badges`, the "Badges" of the navigation: the badges the person received, and those of every organisation they issue for. */
export function BadgesPage({
  request,
  overviews,
  received,
}: {
  request: FastifyRequest;
  overviews: IssuerOverview[];
  received: IssuedCredential[];
}) {
  const { t } = request;
  return (
    <Layout request={request} title={t('credentials:overview.pageTitle')}>
      <h1>{escapeHtml(t('credentials:overview.pageTitle'))}</h1>
      <div class="dashboard">
        {overviews.map((o) => (
          <IssuerPanel request={request} overview={o} />
        ))}
        {received.length || !overviews.length ? <EarnerPanel request={request} received={received} /> : ''}
        {overviews.length ? (
          ''
        ) : (
          <section class="panel" aria-labelledby="become-issuer">
            <h2 id="become-issuer">{escapeHtml(t('credentials:overview.issueTitle'))}</h2>
            <p>{escapeHtml(t('credentials:overview.noIssuerLead'))}</p>
            <p class="actions">
              <a class="button secondary" href="/organisations">
                {escapeHtml(t('credentials:overview.toOrganisations'))}
              </a>
            </p>
          </section>
        )}
      </div>
    </Layout>
  );
}
