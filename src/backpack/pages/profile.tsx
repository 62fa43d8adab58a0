import type { FastifyRequest } from 'fastify';
import type { Verdict } from '../../credentials/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { BackpackItem, BackpackItemDetail } from '../items.ts';
import type { ProfileSettings, PublicProfile, PublicProfileHead } from '../profile.ts';
import { BackpackNav, CopyField, ItemCard, VerdictSection } from './components.tsx';
import { embedSnippet } from './embed.tsx';
import { ItemFacts } from './item.tsx';
import { SkillGroups } from './skills.tsx';
import { imageUrl } from '../../platform/pages/urls.ts';

/** LinkedIn's "add a licence or certification" link for a badge shown on the profile. */
export function linkedInUrl(item: BackpackItem, badgeUrl: string): string {
  const params = new URLSearchParams({ startTask: 'CERTIFICATION_NAME', name: item.name, certUrl: badgeUrl, certId: item.id });
  if (item.issuerName) params.set('organizationName', item.issuerName);
  if (item.awardedAt) {
    params.set('issueYear', String(item.awardedAt.getUTCFullYear()));
    params.set('issueMonth', String(item.awardedAt.getUTCMonth() + 1));
  }
  if (item.validUntil) {
    params.set('expirationYear', String(item.validUntil.getUTCFullYear()));
    params.set('expirationMonth', String(item.validUntil.getUTCMonth() + 1));
  }
  return `https://www.linkedin.com/profile/add?${params}`;
}

/** `/backpack/profile`: the public profile's settings, its link, and the opt-in to be findable. */
export function ProfileSettingsPage({
  request,
  settings,
  values,
  errors,
}: {
  request: FastifyRequest;
  settings: ProfileSettings;
  values?: ProfileSettings;
  errors?: FormErrors;
}) {
  const { t } = request;
  const v = values ?? settings;
  const link = `${request.server.ctx.config.baseUrl}/p/${settings.handle}`;
  return (
    <Layout request={request} title={t('backpack:profile.title')}>
      <h1>{escapeHtml(t('backpack:profile.title'))}</h1>
      <BackpackNav request={request} current="/backpack/profile" />
      <p class="lead">{escapeHtml(t('backpack:profile.lead'))}</p>
      {settings.saved && settings.published ? (
        <div class="notice">
          <p>{escapeHtml(t('backpack:profile.isPublished'))}</p>
          <CopyField request={request} id="profile-link" label={t('backpack:profile.link')} value={link} />
          <p>
            <a href={`/p/${settings.handle}`}>{escapeHtml(t('backpack:profile.view'))}</a>
          </p>
        </div>
      ) : (
        <p class="notice">{escapeHtml(t('backpack:profile.notPublished'))}</p>
      )}
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action="/backpack/profile">
        <Field
          name="handle"
          label={t('backpack:profile.handle')}
          hint={t('backpack:profile.handleHint')}
          value={v.handle}
          errors={errors}
          required
          autocomplete="off"
        />
        <Field
          name="displayName"
          label={t('backpack:profile.displayName')}
          value={v.displayName}
          errors={errors}
          required
          autocomplete="name"
        />
        <Field name="bio" label={t('backpack:profile.bio')} hint={t('backpack:profile.bioHint')} value={v.bio} errors={errors} multiline />
        <Checkbox name="showSkills" label={t('backpack:profile.showSkills')} checked={v.showSkills} errors={errors} />
        <Checkbox
          name="published"
          label={t('backpack:profile.published')}
          hint={t('backpack:profile.publishedHint')}
          checked={v.published}
          errors={errors}
        />
        <Checkbox
          name="findable"
          label={t('backpack:profile.findable')}
          hint={t('backpack:profile.findableHint')}
          checked={v.findable}
          errors={errors}
        />
        <button type="submit">{escapeHtml(t('platform:form.save'))}</button>
      </PostForm>
    </Layout>
  );
}

/** `/p/<handle>`: the published profile, for anyone (no account needed). */
export function PublicProfilePage({ request, profile }: { request: FastifyRequest; profile: PublicProfile }) {
  const { t } = request;
  const base = request.server.ctx.config.baseUrl;
  const url = `${base}/p/${profile.handle}`;
  const firstImage = profile.collections.flatMap((c) => c.items).find((i) => imageUrl(i.image))?.image;
  const head = (
    <>
      <meta property="og:type" content="profile" />
      <meta property="og:title" content={profile.displayName} />
      <meta property="og:description" content={profile.bio || t('backpack:public.description', { name: profile.displayName })} />
      <meta property="og:url" content={url} />
      {firstImage ? <meta property="og:image" content={imageUrl(firstImage) ?? ''} /> : ''}
      <meta property="og:site_name" content="Vaardig" />
      <meta name="twitter:card" content="summary" />
      <link rel="alternate" type="application/ld+json" href={`${url}/profile.json`} />
    </>
  );
  const badgeHref = (id: string) => `/p/${profile.handle}/badges/${id}`;
  return (
    <Layout request={request} title={profile.displayName} head={head} description={profile.bio || undefined}>
      <h1>{escapeHtml(profile.displayName)}</h1>
      {profile.bio ? <p class="lead">{escapeHtml(profile.bio)}</p> : ''}
      <CopyField request={request} id="profile-link" label={t('backpack:public.link')} value={url} />
      {profile.collections.map((c) => (
        <section aria-labelledby={`collection-${c.id}`}>
          <h2 id={`collection-${c.id}`}>{escapeHtml(c.name)}</h2>
          {c.description ? <p>{escapeHtml(c.description)}</p> : ''}
          <ul class="cards">
            {c.items.map((item) => (
              <ItemCard request={request} item={item} href={badgeHref(item.id)} public>
                <p>
                  <a href={linkedInUrl(item, `${base}${badgeHref(item.id)}`)} rel="noopener">
                    {escapeHtml(t('backpack:public.linkedIn'))}
                    <span class="visually-hidden"> {escapeHtml(item.name)}</span>
                  </a>
                </p>
              </ItemCard>
            ))}
          </ul>
        </section>
      ))}
      {profile.skills?.length ? (
        <section aria-labelledby="public-skills">
          <h2 id="public-skills">{escapeHtml(t('backpack:public.skills'))}</h2>
          <SkillGroups request={request} groups={profile.skills} badgeHref={badgeHref} headingLevel={3} />
        </section>
      ) : (
        ''
      )}
      {profile.collections.length === 0 && !profile.skills?.length ? <p>{escapeHtml(t('backpack:public.empty'))}</p> : ''}
    </Layout>
  );
}

/** `/p/<handle>/badges/<id>`: one badge of a published profile, verified live, with its credential to check elsewhere. */
export function PublicBadgePage({
  request,
  profile,
  item,
  verdict,
}: {
  request: FastifyRequest;
  profile: PublicProfileHead;
  item: BackpackItemDetail;
  verdict: Verdict | null;
}) {
  const { t } = request;
  const base = request.server.ctx.config.baseUrl;
  const here = `/p/${profile.handle}/badges/${item.id}`;
  const head = (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:title" content={item.name} />
      <meta property="og:description" content={item.description} />
      <meta property="og:url" content={`${base}${here}`} />
      {imageUrl(item.image) ? <meta property="og:image" content={imageUrl(item.image) ?? ''} /> : ''}
      <meta property="og:site_name" content="Vaardig" />
    </>
  );
  return (
    <Layout request={request} title={item.name} head={head} description={item.description || undefined}>
      <p>
        <a href={`/p/${profile.handle}`}>{escapeHtml(t('backpack:public.backTo', { name: profile.displayName }))}</a>
      </p>
      <h1>{escapeHtml(item.name || '—')}</h1>
      <p>{escapeHtml(t('backpack:public.earnedBy', { name: profile.displayName }))}</p>
      <ItemFacts request={request} item={item} />
      <VerdictSection request={request} verdict={verdict} hideRecipient />
      <h2>{escapeHtml(t('backpack:public.checkYourself'))}</h2>
      <ul>
        <li>
          <a href={`${here}/${item.jwt ? 'credential.jwt' : 'credential.json'}`} download="">
            {escapeHtml(t(item.jwt ? 'backpack:item.downloadJwt' : 'backpack:item.downloadJson'))}
          </a>{' '}
          — <a href="/verify">{escapeHtml(t('backpack:public.verifyPage'))}</a>
        </li>
        {item.publicUrl ? (
          <li>
            <a href={item.publicUrl}>{escapeHtml(t('backpack:item.publicPage'))}</a>
          </li>
        ) : (
          ''
        )}
        <li>
          <a href={linkedInUrl(item, `${base}${here}`)} rel="noopener">
            {escapeHtml(t('backpack:public.linkedIn'))}
          </a>
        </li>
      </ul>
      <section aria-labelledby="embed">
        <h2 id="embed">{escapeHtml(t('backpack:embed.heading'))}</h2>
        <p>{escapeHtml(t('backpack:embed.lead'))}</p>
        <CopyField
          request={request}
          id="embed-code"
          label={t('backpack:embed.code')}
          hint={t('backpack:embed.codeHint')}
          value={embedSnippet(base, profile, item, request.lang)}
          multiline
        />
      </section>
    </Layout>
  );
}
