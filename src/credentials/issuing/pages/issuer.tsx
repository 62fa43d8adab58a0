import { imageUrl, webUrl } from '../../../platform/pages/urls.ts';
import { insertHtml, noHtml, type SafeHtml } from '../../../platform/pages/safe-html.ts';
import { escapeHtml } from '../../../platform/pages/escape.ts';
import { formatDate } from '../../../platform/pages/format.ts';
import type { FastifyRequest } from 'fastify';
import type { OrganisationRow } from '../../../accounts/api.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../../platform/pages/forms.tsx';
import { Layout } from '../../../platform/pages/layout.tsx';
import { SkillPickerField } from '../../../skills/api.ts';
import { ACHIEVEMENT_TYPES, type Achievement } from '../achievements.ts';
import type { BulkProgress } from '../bulk.ts';
import type { ClaimCode } from '../claims.ts';
import type { IssuedCredential } from '../issue.ts';
import { suspensionOf } from '../status.ts';
import { ScrollTable } from '../../../platform/pages/table.tsx';
import { BadgeImage } from './public.tsx';

const base = (org: OrganisationRow) => `/organisations/${org.slug}`;
const date = (d: Date | null | undefined, lang: string) => formatDate({ lang }, d);

function Checkbox({ name, label, checked }: { name: string; label: string; checked?: boolean }) {
  return (
    <div class="field">
      <input type="checkbox" id={name} name={name} value="on" checked={checked} /> <label for={name}>{escapeHtml(label)}</label>
    </div>
  );
}

export function Dashboard({
  request,
  organisation,
  achievements,
  settings,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  achievements: (Achievement & { issued: number })[];
  settings: { did: string; primary: string; accent: string; didKey: boolean; baseUrl: string };
}) {
  const { t } = request;
  return (
    <Layout request={request} title={t('credentials:issuing.dashboard', { organisation: organisation.name })}>
      <h1>{escapeHtml(t('credentials:issuing.dashboard', { organisation: organisation.name }))}</h1>
      <p class="lead">{escapeHtml(t('credentials:issuing.dashboardLead'))}</p>
      <p>
        <a class="button" href={`${base(organisation)}/achievements/new`}>
          {escapeHtml(t('credentials:issuing.newAchievement'))}
        </a>{' '}
        <a href={`${base(organisation)}/credentials`}>{escapeHtml(t('credentials:issuing.issuedList'))}</a>
      </p>
      {achievements.length === 0 ? (
        <p>{escapeHtml(t('credentials:issuing.noAchievements'))}</p>
      ) : (
        <ul class="cards" aria-label={t('credentials:issuing.nav')}>
          {achievements.map((a) => (
            <li class="card">
              {imageUrl(a.imageUrl) ? <img src={imageUrl(a.imageUrl) ?? ''} alt="" width="64" height="64" /> : ''}
              <h2>
                <a href={`${base(organisation)}/achievements/${a.id}`}>{escapeHtml(a.name)}</a>
              </h2>
              <p class="muted">
                {escapeHtml(t('credentials:issuing.issuedCount', { count: a.issued }))}
                {a.archived ? ` · ${escapeHtml(t('credentials:issuing.archived'))}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="issuer-settings">
        <h2 id="issuer-settings">{escapeHtml(t('credentials:issuing.settings'))}</h2>
        <dl>
          <dt>{escapeHtml(t('credentials:issuing.did'))}</dt>
          <dd>
            <code>{escapeHtml(settings.did)}</code> ·{' '}
            <a href={`/orgs/${organisation.slug}/did.json`}>{escapeHtml(t('credentials:issuing.didDocument'))}</a>
          </dd>
          <dt>{escapeHtml(t('credentials:issuing.statusLists'))}</dt>
          <dd>
            <a href={`/orgs/${organisation.slug}/status/revocation`}>{escapeHtml(t('credentials:issuing.statusRevocation'))}</a> ·{' '}
            <a href={`/orgs/${organisation.slug}/status/suspension`}>{escapeHtml(t('credentials:issuing.statusSuspension'))}</a>
          </dd>
        </dl>
        <PostForm request={request} action={`${base(organisation)}/issuer`}>
          <Field name="primaryColour" type="color" label={t('credentials:issuing.primaryColour')} value={settings.primary} />
          <Field name="accentColour" type="color" label={t('credentials:issuing.accentColour')} value={settings.accent} />
          <Checkbox name="didKey" label={t('credentials:issuing.didKey')} checked={settings.didKey} />
          <button type="submit">{escapeHtml(t('credentials:issuing.saveSettings'))}</button>
        </PostForm>
        <PostForm request={request} action={`${base(organisation)}/issuer/rotate`}>
          <p class="hint">{escapeHtml(t('credentials:issuing.rotateHint'))}</p>
          <button type="submit" class="secondary">
            {escapeHtml(t('credentials:issuing.rotate'))}
          </button>
        </PostForm>
      </section>
    </Layout>
  );
}

export interface AchievementFormValues {
  name?: string;
  description?: string;
  criteriaNarrative?: string;
  criteriaUrl?: string;
  achievementType?: string;
  /** Skills typed in the text box: one address (library URL, id or ESCO URI) per line. */
  skills?: string;
  /** Library ids of the skills chosen with the picker, one per line. */
  chosenSkills?: string;
  results?: string;
  tags?: string;
  language?: string;
  proofFormat?: string;
  suspendable?: boolean;
  validMonths?: string;
}

export function AchievementForm({
  request,
  organisation,
  values,
  errors,
  achievement,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  values: AchievementFormValues;
  errors?: FormErrors;
  achievement?: Achievement;
}) {
  const { t } = request;
  const title = achievement ? t('credentials:achievements.editTitle', { name: achievement.name }) : t('credentials:achievements.newTitle');
  const f = (k: string) => t(`credentials:achievements.fields.${k}`);
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={`${base(organisation)}/achievements`}>{escapeHtml(t('credentials:issuing.back'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm
        request={request}
        action={achievement ? `${base(organisation)}/achievements/${achievement.id}/edit` : `${base(organisation)}/achievements/new`}
        multipart
      >
        <Field name="name" label={f('name')} value={values.name} errors={errors} required />
        <Field name="description" label={f('description')} value={values.description} errors={errors} required multiline />
        <Field name="criteriaNarrative" label={f('criteriaNarrative')} value={values.criteriaNarrative} errors={errors} multiline />
        <Field name="criteriaUrl" type="url" label={f('criteriaUrl')} value={values.criteriaUrl} errors={errors} />
        <Select
          name="achievementType"
          label={f('achievementType')}
          value={values.achievementType ?? 'Badge'}
          errors={errors}
          options={ACHIEVEMENT_TYPES.map((a) => ({ value: a, label: t(`credentials:achievements.types.${a}`, { defaultValue: a }) })).sort(
            (x, y) => x.label.localeCompare(y.label, request.lang),
          )}
        />
        <SkillPickerField
          request={request}
          name="skill"
          label={f('skillsPicker')}
          hint={f('skillsHint')}
          chosenIds={(values.chosenSkills ?? '').split('\n')}
          fallback={<Field name="skills" label={f('skills')} value={values.skills} errors={errors} multiline />}
        />
        <Field name="results" label={f('results')} value={values.results} errors={errors} multiline />
        <Field name="tags" label={f('tags')} value={values.tags} errors={errors} />
        <Select
          name="language"
          label={f('language')}
          value={values.language ?? request.lang}
          errors={errors}
          options={[
            { value: 'en', label: 'English' },
            { value: 'nl', label: 'Nederlands' },
          ]}
        />
        <Select
          name="proofFormat"
          label={f('proofFormat')}
          value={values.proofFormat ?? 'eddsa-rdfc-2022'}
          errors={errors}
          options={['eddsa-rdfc-2022', 'vc-jwt'].map((p) => ({ value: p, label: t(`credentials:achievements.proof.${p}`) }))}
        />
        <Field name="validMonths" type="number" label={f('validMonths')} value={values.validMonths} errors={errors} />
        <Checkbox name="suspendable" label={f('suspendable')} checked={values.suspendable} />
        <div class={errors?.image ? 'field field-error' : 'field'}>
          <label for="image">{escapeHtml(f('image'))}</label>
          {errors?.image ? (
            <p class="error-message" id="image-error">
              {escapeHtml(errors.image)}
            </p>
          ) : (
            ''
          )}
          <input
            type="file"
            id="image"
            name="image"
            accept="image/png,image/svg+xml"
            aria-describedby={errors?.image ? 'image-error' : undefined}
          />
        </div>
        <button type="submit">{escapeHtml(t(achievement ? 'credentials:achievements.save' : 'credentials:achievements.create'))}</button>
      </PostForm>
    </Layout>
  );
}

export function AchievementPage({
  request,
  organisation,
  achievement,
  claims,
  recent,
  errors,
  values,
  sections = noHtml,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  achievement: Achievement;
  claims: ClaimCode[];
  recent: IssuedCredential[];
  errors?: FormErrors;
  values?: Record<string, string>;
  /** What other modules add about the badge (its endorsements). */
  sections?: SafeHtml;
}) {
  const { t, lang } = request;
  const here = `${base(organisation)}/achievements/${achievement.id}`;
  return (
    <Layout request={request} title={achievement.name}>
      <p>
        <a href={`${base(organisation)}/achievements`}>{escapeHtml(t('credentials:issuing.back'))}</a>
      </p>
      <div class="badge-head">
        <BadgeImage request={request} url={achievement.imageUrl} name={achievement.name} />
        <div>
          <h1>{escapeHtml(achievement.name)}</h1>
          <p class="muted">
            {escapeHtml(t(`credentials:achievements.types.${achievement.achievementType}`, { defaultValue: achievement.achievementType }))}{' '}
            · {escapeHtml(t('credentials:achievements.version', { version: achievement.version }))} ·{' '}
            <a href={`${here}/edit`}>{escapeHtml(t('credentials:achievements.edit'))}</a> ·{' '}
            <a href={`${here}/image`}>{escapeHtml(t('credentials:design.link'))}</a>
          </p>
        </div>
      </div>
      {achievement.archived ? <p class="notice">{escapeHtml(t('credentials:achievements.archivedNotice'))}</p> : ''}
      <p>{escapeHtml(achievement.description)}</p>
      <h2>{escapeHtml(t('credentials:achievements.criteria'))}</h2>
      {achievement.criteriaNarrative ? <p>{escapeHtml(achievement.criteriaNarrative)}</p> : ''}
      {webUrl(achievement.criteriaUrl) ? (
        <p>
          <a href={webUrl(achievement.criteriaUrl) ?? ''}>{escapeHtml(achievement.criteriaUrl)}</a>
        </p>
      ) : (
        ''
      )}
      <h2>{escapeHtml(t('credentials:achievements.skills'))}</h2>
      {achievement.alignments.length ? (
        <ul>
          {achievement.alignments.map((a) => (
            <li>
              <a href={`/skills/${a.skillId}`}>{escapeHtml(a.targetName)}</a>
              {a.targetCode ? <span class="muted"> · {escapeHtml(a.targetCode)}</span> : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>{escapeHtml(t('credentials:achievements.noSkills'))}</p>
      )}
      <PostForm request={request} action={`${here}/archive`}>
        <input type="hidden" name="archived" value={achievement.archived ? 'false' : 'true'} />
        <button type="submit" class="secondary">
          {escapeHtml(t(achievement.archived ? 'credentials:achievements.unarchive' : 'credentials:achievements.archive'))}
        </button>
      </PostForm>

      {achievement.archived ? (
        ''
      ) : (
        <>
          <section aria-labelledby="issue-one">
            <h2 id="issue-one">{escapeHtml(t('credentials:achievements.issueTitle'))}</h2>
            <ErrorSummary request={request} errors={errors} />
            <PostForm request={request} action={`${here}/issue`}>
              <Field
                name="email"
                type="email"
                label={t('credentials:achievements.recipientEmail')}
                value={values?.email}
                errors={errors}
                autocomplete="off"
              />
              <Field
                name="name"
                label={t('credentials:achievements.recipientName')}
                value={values?.name}
                errors={errors}
                autocomplete="off"
              />
              <Field name="did" label={t('credentials:achievements.recipientDid')} value={values?.did} errors={errors} />
              <Field
                name="awardedAt"
                type="date"
                label={t('credentials:achievements.awardedDate')}
                value={values?.awardedAt}
                errors={errors}
              />
              <Field name="evidence" type="url" label={t('credentials:achievements.evidence')} value={values?.evidence} errors={errors} />
              {achievement.resultDescriptions.map((r) => (
                <Field name={`result:${r.key}`} label={r.name} value={values?.[`result:${r.key}`]} errors={errors} />
              ))}
              <Select
                name="proofFormat"
                label={t('credentials:achievements.fields.proofFormat')}
                value={values?.proofFormat || achievement.proofFormat}
                errors={errors}
                options={['eddsa-rdfc-2022', 'vc-jwt'].map((p) => ({ value: p, label: t(`credentials:achievements.proof.${p}`) }))}
              />
              <button type="submit">{escapeHtml(t('credentials:achievements.issue'))}</button>
            </PostForm>
          </section>
          <section aria-labelledby="issue-bulk">
            <h2 id="issue-bulk">{escapeHtml(t('credentials:achievements.bulkTitle'))}</h2>
            <p class="hint">{escapeHtml(t('credentials:achievements.bulkHint'))}</p>
            <PostForm request={request} action={`${here}/bulk`} multipart>
              <div class="field">
                <label for="file">{escapeHtml(t('credentials:achievements.bulkFile'))}</label>
                <input type="file" id="file" name="file" accept=".csv,text/csv" required />
              </div>
              <Select
                name="proofFormat"
                label={t('credentials:achievements.fields.proofFormat')}
                value={achievement.proofFormat}
                errors={errors}
                options={['eddsa-rdfc-2022', 'vc-jwt'].map((p) => ({ value: p, label: t(`credentials:achievements.proof.${p}`) }))}
              />
              <button type="submit">{escapeHtml(t('credentials:achievements.bulkStart'))}</button>
            </PostForm>
          </section>
          <section aria-labelledby="claim-codes">
            <h2 id="claim-codes">{escapeHtml(t('credentials:achievements.claimTitle'))}</h2>
            <p class="hint">{escapeHtml(t('credentials:achievements.claimHint'))}</p>
            {claims.length ? (
              <ul class="cards">
                {claims.map((c) => (
                  <li class="card">
                    <p>
                      <strong>
                        <a href={c.url}>{escapeHtml(c.code)}</a>
                      </strong>{' '}
                      {c.label ? `· ${escapeHtml(c.label)}` : ''} ·{' '}
                      {escapeHtml(t(c.open ? 'credentials:achievements.open' : 'credentials:achievements.closed'))}
                    </p>
                    <p class="muted">
                      {c.maxClaims !== null
                        ? escapeHtml(t('credentials:achievements.claimUsage', { claimed: c.claimed, max: c.maxClaims }))
                        : escapeHtml(t('credentials:achievements.claimUsageUnlimited', { claimed: c.claimed }))}
                      {c.closesAt ? ` · ${date(c.closesAt, lang)}` : ''}
                    </p>
                    <img
                      src={`/claim/${c.code}/qr.svg`}
                      alt={t('credentials:achievements.qrAlt', { code: c.code })}
                      width="160"
                      height="160"
                    />
                    {c.open ? (
                      <PostForm request={request} action={`${base(organisation)}/claim-codes/${c.id}/close`}>
                        <button type="submit" class="secondary">
                          {escapeHtml(t('credentials:achievements.claimClose'))}
                        </button>
                      </PostForm>
                    ) : (
                      ''
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
            <PostForm request={request} action={`${here}/claim-codes`}>
              <Field name="label" label={t('credentials:achievements.claimLabel')} errors={errors} />
              <Field name="maxClaims" type="number" label={t('credentials:achievements.claimMax')} errors={errors} />
              <Field name="closesAt" type="datetime-local" label={t('credentials:achievements.claimCloses')} errors={errors} />
              <Select
                name="proofFormat"
                label={t('credentials:achievements.fields.proofFormat')}
                value={achievement.proofFormat}
                errors={errors}
                options={['eddsa-rdfc-2022', 'vc-jwt'].map((p) => ({ value: p, label: t(`credentials:achievements.proof.${p}`) }))}
              />
              <button type="submit">{escapeHtml(t('credentials:achievements.claimCreate'))}</button>
            </PostForm>
          </section>
        </>
      )}
      <section aria-labelledby="recent">
        <h2 id="recent">{escapeHtml(t('credentials:achievements.recent'))}</h2>
        <CredentialTable request={request} organisation={organisation} items={recent} />
      </section>
      {insertHtml(sections)}
    </Layout>
  );
}

function stateLabel(request: FastifyRequest, c: IssuedCredential): string {
  const { t } = request;
  if (c.state !== 'active') return t(`credentials:badge.${c.state}`);
  return c.expired ? t('credentials:badge.expired') : t('credentials:badge.active');
}

export function CredentialTable({
  request,
  organisation,
  items,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  items: IssuedCredential[];
}) {
  const { t, lang } = request;
  if (items.length === 0) return <p>{escapeHtml(t('credentials:badge.list.empty'))}</p>;
  return (
    <ScrollTable label={t('credentials:badge.list.title', { organisation: organisation.name })}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(t('credentials:badge.list.recipient'))}</th>
            <th scope="col">{escapeHtml(t('credentials:badge.list.badge'))}</th>
            <th scope="col">{escapeHtml(t('credentials:badge.list.issued'))}</th>
            <th scope="col">{escapeHtml(t('credentials:badge.list.state'))}</th>
            <th scope="col">{escapeHtml(t('credentials:badge.list.actions'))}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const suspendable = suspensionOf(c.document) !== null;
            const actions =
              c.state === 'revoked'
                ? []
                : c.state === 'suspended'
                  ? ['reinstate', 'revoke']
                  : suspendable
                    ? ['suspend', 'revoke']
                    : ['revoke'];
            return (
              <tr>
                <td>
                  <a href={`/credentials/${c.id}`}>{escapeHtml(c.recipientName || c.recipientEmail || c.recipientDid || '')}</a>
                  {c.recipientName && c.recipientEmail ? <span class="muted"> · {escapeHtml(c.recipientEmail)}</span> : ''}
                </td>
                <td>{escapeHtml(c.name)}</td>
                <td>{escapeHtml(date(c.awardedAt, lang))}</td>
                <td>
                  {escapeHtml(stateLabel(request, c))}
                  {c.stateReason ? <span class="muted"> · {escapeHtml(c.stateReason)}</span> : ''}
                </td>
                <td>
                  {actions.length ? (
                    // A GET to the confirmation page: nothing changes until it is confirmed there.
                    <form method="get" action={`${base(organisation)}/credentials/${c.id}/status`}>
                      <label for={`reason-${c.id}`}>{escapeHtml(t('credentials:badge.list.reason'))}</label>
                      <input type="text" id={`reason-${c.id}`} name="reason" />
                      {actions.map((a) => (
                        <button type="submit" name="action" value={a} class={a === 'revoke' ? 'danger' : 'secondary'}>
                          {escapeHtml(t(`credentials:badge.list.${a}`))}
                        </button>
                      ))}
                    </form>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollTable>
  );
}

export function IssuedListPage({
  request,
  organisation,
  items,
  total,
  offset,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  items: IssuedCredential[];
  total: number;
  offset: number;
}) {
  const { t } = request;
  const title = t('credentials:badge.list.title', { organisation: organisation.name });
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={`${base(organisation)}/achievements`}>{escapeHtml(t('credentials:issuing.back'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <CredentialTable request={request} organisation={organisation} items={items} />
      {offset + items.length < total ? (
        <p>
          <a href={`${base(organisation)}/credentials?offset=${offset + items.length}`}>{escapeHtml(t('credentials:badge.list.more'))}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function BulkProgressView({
  request,
  organisation,
  progress,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  progress: BulkProgress;
}) {
  const { t } = request;
  const running = progress.status === 'queued' || progress.status === 'running';
  const url = `${base(organisation)}/bulk/${progress.id}`;
  return (
    <div
      id="bulk-progress"
      hx-get={running ? `${url}?fragment=1` : undefined}
      hx-trigger={running ? 'every 2s' : undefined}
      hx-swap="outerHTML"
    >
      <p role="status">
        <strong>{escapeHtml(t(`credentials:badge.bulk.status.${progress.status}`))}</strong>:{' '}
        {escapeHtml(
          t('credentials:badge.bulk.progress', {
            done: progress.done,
            total: progress.total,
            issued: progress.issued,
            failed: progress.failed,
          }),
        )}
      </p>
      <progress max={String(progress.total)} value={String(progress.done)} aria-label={t('credentials:badge.bulk.title')}>
        {progress.done}
      </progress>
      {progress.error ? (
        <p class="error-message" role="alert">
          {escapeHtml(t(progress.error.code, progress.error.params))}
        </p>
      ) : (
        ''
      )}
      {progress.problems.length ? (
        <>
          <h2>{escapeHtml(t('credentials:badge.bulk.problems'))}</h2>
          <ScrollTable label={t('credentials:badge.bulk.problems')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(t('credentials:badge.bulk.line'))}</th>
                  <th scope="col">{escapeHtml(t('credentials:badge.bulk.email'))}</th>
                  <th scope="col">{escapeHtml(t('credentials:badge.bulk.problem'))}</th>
                </tr>
              </thead>
              <tbody>
                {progress.problems.map((p) => (
                  <tr>
                    <td>{p.line}</td>
                    <td>{escapeHtml(p.email)}</td>
                    <td>{escapeHtml(t(p.code, p.params))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      ) : (
        ''
      )}
      {running ? (
        <p>
          <a href={url}>{escapeHtml(t('credentials:badge.bulk.refresh'))}</a>
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

export function BulkPage({
  request,
  organisation,
  progress,
}: {
  request: FastifyRequest;
  organisation: OrganisationRow;
  progress: BulkProgress;
}) {
  const { t } = request;
  return (
    <Layout request={request} title={t('credentials:badge.bulk.title')}>
      <p>
        <a href={`${base(organisation)}/achievements/${progress.achievementId}`}>{escapeHtml(t('credentials:issuing.back'))}</a>
      </p>
      <h1>{escapeHtml(t('credentials:badge.bulk.title'))}</h1>
      <BulkProgressView request={request} organisation={organisation} progress={progress} />
    </Layout>
  );
}
