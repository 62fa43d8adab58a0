import { insertHtml, noHtml, type SafeHtml } from '../../../platform/pages/safe-html.ts';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { formatDate } from '../../../platform/pages/format.ts';
import { imageUrl, linkUrl, webUrl } from '../../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../../platform/pages/forms.tsx';
import { Layout } from '../../../platform/pages/layout.tsx';
import { CLAIM_LINK_HOURS, type ClaimView } from '../claims.ts';
import { checkText } from '../../verification/messages.ts';
import type { Check } from '../../verification/types.ts';
import type { IssuedCredential } from '../issue.ts';
import type { PublicAchievementView, PublicIssuerView } from '../views.ts';

export interface VerdictView {
  valid: boolean;
  /** Each with its message code, so the page shows it in the reader's language. */
  checks: Pick<Check, 'check' | 'status' | 'message' | 'code' | 'params' | 'details'>[];
}

const date = (d: Date | null | undefined, lang: string) => formatDate({ lang }, d);

/** LinkedIn's "add certification to profile" link. */
export function linkedInUrl(c: IssuedCredential, organisation: string): string {
  const awarded = new Date(c.awardedAt);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: c.name,
    organizationName: organisation,
    issueYear: String(awarded.getUTCFullYear()),
    issueMonth: String(awarded.getUTCMonth() + 1),
    certUrl: c.url,
    certId: c.id,
  });
  if (c.validUntil) {
    params.set('expirationYear', String(c.validUntil.getUTCFullYear()));
    params.set('expirationMonth', String(c.validUntil.getUTCMonth() + 1));
  }
  return `https://www.linkedin.com/profile/add?${params}`;
}

/** "Issued by <issuer>", the issuer's name a link to its public page when it has one. */
function IssuedBy({ request, name, slug }: { request: FastifyRequest; name: string; slug: string | null }) {
  const [before, after = ''] = request.t('credentials:badge.issuedBy', { issuer: '\u0000' }).split('\u0000');
  return (
    <>
      {escapeHtml(before)}
      {slug ? <a href={`/orgs/${slug}`}>{escapeHtml(name)}</a> : escapeHtml(name)}
      {escapeHtml(after)}
    </>
  );
}

type Alignment = { targetUrl?: string; targetName?: string };

/** A skill's link: the library's own page when the alignment points into this instance. */
function SkillLink({ alignment, base }: { alignment: Alignment; base: string }) {
  const href = linkUrl(alignment.targetUrl?.startsWith(`${base}/skills/`) ? alignment.targetUrl.slice(base.length) : alignment.targetUrl);
  const label = alignment.targetName ?? alignment.targetUrl;
  return href ? <a href={href}>{escapeHtml(label)}</a> : escapeHtml(label);
}

/** A badge's image beside its heading, when it has an address that may be shown (see urls.ts). */
export function BadgeImage({ request, url, name }: { request: FastifyRequest; url: string | null | undefined; name: string }) {
  const src = imageUrl(url);
  return src ? <img src={src} alt={request.t('credentials:badge.imageAlt', { name })} width="128" height="128" /> : '';
}

export function CredentialPage({
  request,
  credential,
  issuerName,
  issuerSlug = null,
  verdict,
  sections = noHtml,
}: {
  request: FastifyRequest;
  credential: IssuedCredential;
  issuerName: string;
  /** Links the issuer's name to its public page (`/orgs/:slug`). */
  issuerSlug?: string | null;
  verdict: VerdictView | null;
  /** What other modules add about the credential, its badge and its issuer (endorsements). */
  sections?: SafeHtml;
}) {
  const { t, lang } = request;
  const doc = credential.document;
  const achievement = doc.credentialSubject?.achievement ?? {};
  const image = imageUrl(achievement.image?.id ?? doc.image?.id);
  const alignments: Alignment[] = achievement.alignment ?? [];
  const evidence: { id?: string }[] = doc.evidence ?? [];
  const results: { resultDescription?: string; value?: string }[] = doc.credentialSubject?.result ?? [];
  const descriptions: { id: string; name: string }[] = achievement.resultDescription ?? [];
  const base = request.server.ctx.config.baseUrl;
  const state = credential.state !== 'active' ? credential.state : credential.expired ? 'expired' : 'active';
  const head = (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:title" content={credential.name} />
      <meta property="og:description" content={String(achievement.description ?? '')} />
      <meta property="og:url" content={credential.url} />
      {image ? <meta property="og:image" content={image} /> : ''}
      <meta property="og:site_name" content="Vaardig" />
      <meta name="twitter:card" content="summary" />
      <link rel="alternate" type="application/vc+ld+json" href={`${base}/credentials/${credential.id}/credential.json`} />
    </>
  );
  return (
    <Layout request={request} title={credential.name} head={head} description={String(achievement.description ?? '')}>
      {state !== 'active' ? (
        <div class={`flash flash-error banner banner-${state}`} role="alert">
          <p>
            <strong>{escapeHtml(t(`credentials:badge.banner.${state}`, { date: date(credential.validUntil, lang) }))}</strong>
            {credential.stateReason && credential.state !== 'active' ? (
              <span> {escapeHtml(t('credentials:badge.reason', { reason: credential.stateReason }))}</span>
            ) : (
              ''
            )}
          </p>
        </div>
      ) : (
        ''
      )}
      <article class="credential">
        <div class="badge-head">
          {image ? <img src={image} alt={t('credentials:badge.imageAlt', { name: credential.name })} width="160" height="160" /> : ''}
          <div>
            <h1>{escapeHtml(credential.name)}</h1>
            <p>
              <IssuedBy request={request} name={issuerName} slug={issuerSlug} />
            </p>
            {credential.recipientName ? <p>{escapeHtml(t('credentials:badge.awardedTo', { name: credential.recipientName }))}</p> : ''}
            <p>
              <strong class={`state state-${state}`}>{escapeHtml(t(`credentials:badge.${state}`))}</strong>
              {credential.stateReason && credential.state !== 'active' ? (
                <span> · {escapeHtml(t('credentials:badge.reason', { reason: credential.stateReason }))}</span>
              ) : (
                ''
              )}
            </p>
          </div>
        </div>
        <p>{escapeHtml(String(achievement.description ?? ''))}</p>
        <dl>
          <dt>{escapeHtml(t('credentials:badge.awarded'))}</dt>
          <dd>{escapeHtml(date(credential.awardedAt, lang))}</dd>
          <dt>{escapeHtml(t('credentials:badge.validFrom'))}</dt>
          <dd>{escapeHtml(date(credential.validFrom, lang))}</dd>
          {credential.validUntil ? (
            <>
              <dt>{escapeHtml(t('credentials:badge.validUntil'))}</dt>
              <dd>{escapeHtml(date(credential.validUntil, lang))}</dd>
            </>
          ) : (
            ''
          )}
        </dl>
        <h2>{escapeHtml(t('credentials:badge.criteria'))}</h2>
        {achievement.criteria?.narrative ? <p>{escapeHtml(String(achievement.criteria.narrative))}</p> : ''}
        {achievement.criteria?.id ? (
          <p>
            {webUrl(String(achievement.criteria.id)) ? (
              <a href={webUrl(String(achievement.criteria.id)) ?? ''}>{escapeHtml(String(achievement.criteria.id))}</a>
            ) : (
              escapeHtml(String(achievement.criteria.id))
            )}
          </p>
        ) : (
          ''
        )}
        {alignments.length ? (
          <>
            <h2>{escapeHtml(t('credentials:badge.skills'))}</h2>
            <ul>
              {alignments.map((a) => (
                <li>
                  <SkillLink alignment={a} base={base} />
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
        {results.length ? (
          <>
            <h2>{escapeHtml(t('credentials:badge.results'))}</h2>
            <dl>
              {results.map((r) => (
                <>
                  <dt>{escapeHtml(descriptions.find((d) => d.id === r.resultDescription)?.name) ?? ''}</dt>
                  <dd>{escapeHtml(r.value) ?? ''}</dd>
                </>
              ))}
            </dl>
          </>
        ) : (
          ''
        )}
        {evidence.length ? (
          <>
            <h2>{escapeHtml(t('credentials:badge.evidence'))}</h2>
            <ul>
              {evidence.map((e) => (
                <li>{webUrl(e.id) ? <a href={webUrl(e.id) ?? ''}>{escapeHtml(e.id)}</a> : escapeHtml(e.id)}</li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
        <section aria-labelledby="verification">
          <h2 id="verification">{escapeHtml(t('credentials:badge.verification'))}</h2>
          {verdict ? (
            <>
              <p class={verdict.valid ? 'verdict verdict-valid' : 'verdict verdict-invalid'} role="status">
                <strong>{escapeHtml(t(verdict.valid ? 'credentials:badge.verified' : 'credentials:badge.notVerified'))}</strong>
              </p>
              <ul class="checks">
                {verdict.checks.map((c) => (
                  <li>
                    <strong>{escapeHtml(t(`credentials:verify.checks.${c.check}`, { defaultValue: c.check }))}</strong>:{' '}
                    {escapeHtml(t(`credentials:badge.check.${c.status}`))} — {escapeHtml(checkText(t, c))}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            ''
          )}
        </section>
        <section aria-labelledby="downloads">
          <h2 id="downloads">{escapeHtml(t('credentials:badge.downloads'))}</h2>
          <ul>
            <li>
              <a href={`/credentials/${credential.id}/credential.json`} download="">
                {escapeHtml(t('credentials:badge.downloadJson'))}
              </a>
            </li>
            {credential.jwt ? (
              <li>
                <a href={`/credentials/${credential.id}/credential.jwt`} download="">
                  {escapeHtml(t('credentials:badge.downloadJwt'))}
                </a>
              </li>
            ) : (
              ''
            )}
            <li>
              <a href={`/credentials/${credential.id}/badge.png`} download="">
                {escapeHtml(t('credentials:badge.downloadPng'))}
              </a>
            </li>
            <li>
              <a href={`/credentials/${credential.id}/badge.svg`} download="">
                {escapeHtml(t('credentials:badge.downloadSvg'))}
              </a>
            </li>
          </ul>
          {state === 'active' ? (
            <p>
              <a class="button" href={linkedInUrl(credential, issuerName)} rel="noopener">
                {escapeHtml(t('credentials:badge.linkedin'))}
              </a>
            </p>
          ) : (
            ''
          )}
        </section>
      </article>
      {insertHtml(sections)}
    </Layout>
  );
}

export function ClaimPage({
  request,
  claim,
  errors,
  values,
}: {
  request: FastifyRequest;
  claim: ClaimView;
  errors?: FormErrors;
  values?: { email?: string; name?: string };
}) {
  const { t } = request;
  const full = claim.maxClaims !== null && claim.claimed >= claim.maxClaims;
  return (
    <Layout request={request} title={t('credentials:badge.claim.title', { name: claim.achievementName })}>
      <div class="badge-head">
        <BadgeImage request={request} url={claim.imageUrl} name={claim.achievementName} />
        <div>
          <h1>{escapeHtml(t('credentials:badge.claim.title', { name: claim.achievementName }))}</h1>
          <p>{escapeHtml(t('credentials:badge.claim.lead', { organisation: claim.organisation, code: claim.code }))}</p>
        </div>
      </div>
      <p>{escapeHtml(claim.achievementDescription)}</p>
      {!claim.open ? (
        <p class="notice">{escapeHtml(t(full ? 'credentials:badge.claim.full' : 'credentials:badge.claim.closed'))}</p>
      ) : (
        <>
          <ErrorSummary request={request} errors={errors} />
          <PostForm request={request} action={`/claim/${claim.code}`}>
            {request.user ? (
              <p>{escapeHtml(t('credentials:badge.claim.signedInAs', { email: request.user.email }))}</p>
            ) : (
              <>
                <p>
                  {escapeHtml(t('credentials:badge.claim.orEmail'))}{' '}
                  <a href={`/signin?next=${encodeURIComponent(`/claim/${claim.code}`)}`}>{escapeHtml(t('platform:nav.signIn'))}</a>
                </p>
                <Field
                  name="email"
                  type="email"
                  label={t('credentials:badge.claim.email')}
                  value={values?.email}
                  errors={errors}
                  hint={t('credentials:badge.claim.emailHint')}
                  required
                  autocomplete="email"
                />
                <Field name="name" label={t('credentials:badge.claim.name')} value={values?.name} errors={errors} autocomplete="name" />
              </>
            )}
            <button type="submit">{escapeHtml(t('credentials:badge.claim.submit'))}</button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

export function EnterCodePage({ request, code, notFound }: { request: FastifyRequest; code?: string; notFound?: boolean }) {
  const { t } = request;
  const errors = notFound ? { code: t('credentials:badge.claim.notFound', { code }) } : undefined;
  return (
    <Layout request={request} title={t('credentials:badge.claim.enterTitle')}>
      <h1>{escapeHtml(t('credentials:badge.claim.enterTitle'))}</h1>
      <ErrorSummary request={request} errors={errors} />
      <form method="get" action="/claim">
        <Field name="code" label={t('credentials:badge.claim.enterCode')} value={code} errors={errors} required autocomplete="off" />
        <button type="submit">{escapeHtml(t('credentials:badge.claim.go'))}</button>
      </form>
    </Layout>
  );
}

/** After a claim by email: the link is on its way (the same page whether or not one was sent before). */
export function ClaimSentPage({ request, claim, email }: { request: FastifyRequest; claim: ClaimView; email: string }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('credentials:badge.claim.sent.title')}>
      <h1>{escapeHtml(t('credentials:badge.claim.sent.title'))}</h1>
      <p role="status">{escapeHtml(t('credentials:badge.claim.sent.body', { email, hours: CLAIM_LINK_HOURS }))}</p>
      <p>{escapeHtml(t('credentials:badge.claim.title', { name: claim.achievementName }))}</p>
    </Layout>
  );
}

/** The page a mailed link opens: one button takes the badge (a GET changes nothing, so mail scanners cannot). */
export function ClaimConfirmPage({
  request,
  claim,
  email,
  token,
  errors,
}: {
  request: FastifyRequest;
  claim: ClaimView;
  email: string;
  token: string;
  errors?: FormErrors;
}) {
  const { t } = request;
  const title = t('credentials:badge.claim.confirm.title', { name: claim.achievementName });
  return (
    <Layout request={request} title={title}>
      <div class="badge-head">
        <BadgeImage request={request} url={claim.imageUrl} name={claim.achievementName} />
        <div>
          <h1>{escapeHtml(title)}</h1>
          <p>{escapeHtml(t('credentials:badge.claim.lead', { organisation: claim.organisation, code: claim.code }))}</p>
        </div>
      </div>
      <ErrorSummary request={request} errors={errors} />
      <p>{escapeHtml(t('credentials:badge.claim.confirm.lead', { email }))}</p>
      <PostForm request={request} action={`/claim/confirm/${token}`}>
        <button type="submit">{escapeHtml(t('credentials:badge.claim.confirm.submit'))}</button>
      </PostForm>
    </Layout>
  );
}

/** `/achievements/:id` in a browser: what the badge is, who awards it and what it takes; its JSON-LD one link away. */
export function PublicAchievementPage({
  request,
  view,
  sections = noHtml,
}: {
  request: FastifyRequest;
  view: PublicAchievementView;
  sections?: SafeHtml;
}) {
  const { t } = request;
  const a = view.json as {
    id: string;
    name: string;
    description?: string;
    achievementType?: string;
    image?: { id?: string };
    criteria?: { narrative?: string; id?: string };
    alignment?: Alignment[];
  };
  const base = request.server.ctx.config.baseUrl;
  const head = (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:title" content={a.name} />
      <meta property="og:description" content={a.description ?? ''} />
      <meta property="og:url" content={a.id} />
      {webUrl(a.image?.id) ? <meta property="og:image" content={webUrl(a.image?.id) ?? ''} /> : ''}
      <link rel="alternate" type="application/ld+json" href={`${a.id}?format=json`} />
    </>
  );
  return (
    <Layout request={request} title={a.name} head={head} description={a.description ?? ''}>
      {view.archived ? (
        <p class="flash flash-info" role="status">
          {escapeHtml(t('credentials:publicBadge.archived'))}
        </p>
      ) : (
        ''
      )}
      <article class="credential">
        <div class="badge-head">
          {imageUrl(a.image?.id) ? (
            <img src={imageUrl(a.image?.id) ?? ''} alt={t('credentials:badge.imageAlt', { name: a.name })} width="160" height="160" />
          ) : (
            ''
          )}
          <div>
            <p class="muted">
              {escapeHtml(t(`credentials:achievements.types.${a.achievementType ?? 'Badge'}`, { defaultValue: a.achievementType ?? '' }))}
            </p>
            <h1>{escapeHtml(a.name)}</h1>
            <p>
              <IssuedBy request={request} name={view.issuer.name} slug={view.issuer.slug} />
            </p>
          </div>
        </div>
        {a.description ? <p>{escapeHtml(a.description)}</p> : ''}
        {a.criteria?.narrative || a.criteria?.id ? (
          <>
            <h2>{escapeHtml(t('credentials:publicBadge.criteria'))}</h2>
            {a.criteria.narrative ? <p>{escapeHtml(a.criteria.narrative)}</p> : ''}
            {webUrl(a.criteria.id) ? (
              <p>
                <a href={webUrl(a.criteria.id) ?? ''}>{escapeHtml(t('credentials:publicBadge.criteriaPage'))}</a>
              </p>
            ) : (
              ''
            )}
          </>
        ) : (
          ''
        )}
        {a.alignment?.length ? (
          <>
            <h2>{escapeHtml(t('credentials:publicBadge.skills'))}</h2>
            <ul>
              {a.alignment.map((alignment) => (
                <li>
                  <SkillLink alignment={alignment} base={base} />
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
        {insertHtml(sections)}
        <p class="muted">
          <a href={`${a.id.startsWith(base) ? a.id.slice(base.length) : a.id}?format=json`}>
            {escapeHtml(t('credentials:publicBadge.data'))}
          </a>
        </p>
      </article>
    </Layout>
  );
}

/** `/orgs/:slug` in a browser: the issuer and the badges it awards; its Profile (JSON-LD) one link away. */
export function PublicIssuerPage({
  request,
  view,
  sections = noHtml,
}: {
  request: FastifyRequest;
  view: PublicIssuerView;
  sections?: SafeHtml;
}) {
  const { t } = request;
  const { organisation, badges } = view;
  return (
    <Layout request={request} title={organisation.name} description={organisation.description}>
      <p class="muted">{escapeHtml(t('credentials:publicIssuer.eyebrow'))}</p>
      <h1>{escapeHtml(organisation.name)}</h1>
      {organisation.description ? <p>{escapeHtml(organisation.description)}</p> : ''}
      {webUrl(organisation.website) ? (
        <p>
          <a href={webUrl(organisation.website) ?? ''} rel="nofollow">
            {escapeHtml(t('credentials:publicIssuer.website'))}
          </a>
        </p>
      ) : (
        ''
      )}
      <h2>{escapeHtml(t('credentials:publicIssuer.badges'))}</h2>
      {badges.length ? (
        <ul class="item-list">
          {badges.map((b) => (
            <li>
              {imageUrl(b.imageUrl) ? <img src={imageUrl(b.imageUrl) ?? ''} alt="" width="48" height="48" /> : ''}
              <span>
                <a href={`/achievements/${b.id}`}>{escapeHtml(b.name)}</a>
                {b.description ? <span class="muted"> — {escapeHtml(b.description)}</span> : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{escapeHtml(t('credentials:publicIssuer.none'))}</p>
      )}
      {insertHtml(sections)}
      <h2>{escapeHtml(t('credentials:publicIssuer.identity'))}</h2>
      <p>
        {escapeHtml(t('credentials:publicIssuer.did'))} <code>{escapeHtml(view.did)}</code>
      </p>
      <p class="muted">
        <a href={`/orgs/${organisation.slug}?format=json`}>{escapeHtml(t('credentials:publicIssuer.data'))}</a>
      </p>
    </Layout>
  );
}
