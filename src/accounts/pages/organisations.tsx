import { webUrl } from '../../platform/pages/urls.ts';
import { insertHtml, noHtml, type SafeHtml } from '../../platform/pages/safe-html.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { FastifyRequest } from 'fastify';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import type { OrganisationLink } from '../../platform/module.ts';
import { ORG_ROLES, type OrgRole } from '../schema.ts';
import type { InvitationInfo, InvitationView, Member, OrganisationSummary } from '../organisations.ts';
import { ORG_KINDS } from '../service.ts';
import type { CurrentUser } from '../sessions.ts';
import { formatDate, formatDateTime } from '../../platform/pages/format.ts';

function roleOptions(request: FastifyRequest, roles: readonly OrgRole[] = ORG_ROLES) {
  return roles.map((role) => ({ value: role, label: request.t(`accounts:roles.${role}`) }));
}

export function OrganisationsPage({ request, organisations }: { request: FastifyRequest; organisations: OrganisationSummary[] }) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:organisations.title')}>
      <h1>{escapeHtml(t('accounts:organisations.title'))}</h1>
      <p class="actions">
        <a class="button" href="/organisations/new">
          {escapeHtml(t('accounts:organisations.create'))}
        </a>
        {request.user?.isOperator ? (
          <a class="button secondary" href="/admin/organisations">
            {escapeHtml(t('accounts:organisations.all'))}
          </a>
        ) : (
          ''
        )}
      </p>
      <h2>{escapeHtml(t('accounts:organisations.mine'))}</h2>
      {organisations.length === 0 ? (
        <p>{escapeHtml(t('accounts:organisations.none'))}</p>
      ) : (
        <ul class="cards">
          {organisations.map((org) => (
            <li class="card">
              <h3>
                <a href={`/organisations/${org.slug}`}>{escapeHtml(org.name)}</a>
              </h3>
              <p class="muted">
                {escapeHtml(t(`accounts:kinds.${org.kind}`, { defaultValue: org.kind }))} ·{' '}
                {escapeHtml(t('accounts:organisations.memberCount', { count: org.memberCount }))}
              </p>
              {org.role ? (
                <p>
                  {escapeHtml(t('accounts:organisations.yourRole'))}: {escapeHtml(t(`accounts:roles.${org.role}`))}
                </p>
              ) : (
                ''
              )}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function NewOrganisationPage({
  request,
  user,
  values = {},
  errors,
}: {
  request: FastifyRequest;
  user: CurrentUser;
  values?: Record<string, string>;
  errors?: FormErrors;
}) {
  const { t } = request;
  return (
    <Layout request={request} title={t('accounts:organisations.createTitle')}>
      <h1>{escapeHtml(t('accounts:organisations.createTitle'))}</h1>
      {user.emailConfirmed ? (
        <>
          <p>{escapeHtml(t('accounts:organisations.createLead'))}</p>
          <ErrorSummary request={request} errors={errors} />
          <PostForm request={request} action="/organisations">
            <Field
              name="name"
              label={t('accounts:fields.orgName')}
              value={values.name}
              errors={errors}
              required
              autocomplete="organization"
            />
            <Field
              name="slug"
              label={t('accounts:fields.slug')}
              hint={t('accounts:fields.slugHint')}
              value={values.slug}
              errors={errors}
              required
              autocomplete="off"
            />
            <Select
              name="kind"
              label={t('accounts:fields.kind')}
              value={values.kind || 'other'}
              errors={errors}
              options={ORG_KINDS.map((kind) => ({ value: kind, label: t(`accounts:kinds.${kind}`) }))}
            />
            <Field name="description" label={t('accounts:fields.description')} value={values.description} errors={errors} multiline />
            <Field
              name="website"
              type="url"
              label={t('accounts:fields.website')}
              hint={t('accounts:fields.websiteHint')}
              value={values.website}
              errors={errors}
              autocomplete="url"
            />
            <button type="submit">{escapeHtml(t('accounts:organisations.submit'))}</button>
          </PostForm>
        </>
      ) : (
        <>
          <p class="notice" role="alert">
            {escapeHtml(t('accounts:organisations.needsConfirmation'))}
          </p>
          <PostForm request={request} action="/confirm/resend">
            <input type="hidden" name="email" value={user.email} />
            <button type="submit" class="secondary">
              {escapeHtml(t('accounts:account.resend'))}
            </button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

/**
 * Where to go from an organisation's page: its members, and what other modules offer for it (its
 * badges and issuer settings, for those who may issue), through their `organisationLinks` hook.
 */
async function OrganisationLinks({
  request,
  organisation,
  canManage,
}: {
  request: FastifyRequest;
  organisation: OrganisationSummary;
  canManage: boolean;
}) {
  const { t } = request;
  const ctx = request.server.ctx;
  const links: OrganisationLink[] = [{ href: '#members', label: t('accounts:organisations.members') }];
  if (canManage) links.push({ href: '#invite', label: t('accounts:organisations.invite') });
  for (const module of ctx.modules)
    if (module.organisationLinks)
      links.push(
        ...(await module.organisationLinks(ctx, { id: organisation.id, slug: organisation.slug, role: organisation.role }, request)),
      );
  return (
    <nav class="sub-nav" aria-label={t('accounts:organisations.sections', { name: organisation.name })}>
      <ul>
        {links.map((link) => (
          <li>
            <a href={link.href}>{escapeHtml(link.label)}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface OrganisationPageProps {
  request: FastifyRequest;
  organisation: OrganisationSummary;
  members: Member[];
  invitations: InvitationInfo[];
  canManage: boolean;
  isOwner: boolean;
  values?: Record<string, string>;
  errors?: FormErrors;
  /** What other modules add about the organisation as issuer (its endorsements). */
  sections?: SafeHtml;
}

export function OrganisationPage({
  request,
  organisation,
  members,
  invitations,
  canManage,
  isOwner,
  values = {},
  errors,
  sections = noHtml,
}: OrganisationPageProps) {
  const { t } = request;
  const assignable = isOwner ? ORG_ROLES : ORG_ROLES.filter((r) => r !== 'owner');
  return (
    <Layout request={request} title={organisation.name} description={organisation.description || undefined}>
      <h1>{escapeHtml(organisation.name)}</h1>
      <p class="muted">
        {escapeHtml(t(`accounts:kinds.${organisation.kind}`, { defaultValue: organisation.kind }))}
        {organisation.isDemo ? <span class="tag"> {escapeHtml(t('accounts:organisations.demo'))}</span> : ''}
        {organisation.role
          ? ` · ${escapeHtml(t('accounts:organisations.yourRole'))}: ${escapeHtml(t(`accounts:roles.${organisation.role}`))}`
          : ''}
      </p>
      {organisation.description ? <p>{escapeHtml(organisation.description)}</p> : ''}
      {organisation.website ? (
        <p>
          {escapeHtml(t('accounts:organisations.website'))}:{' '}
          {webUrl(organisation.website) ? (
            <a href={webUrl(organisation.website) ?? ''}>{escapeHtml(organisation.website)}</a>
          ) : (
            escapeHtml(organisation.website)
          )}
        </p>
      ) : (
        ''
      )}

      <OrganisationLinks request={request} organisation={organisation} canManage={canManage} />
      {insertHtml(sections)}

      <h2 id="members">{escapeHtml(t('accounts:organisations.members'))}</h2>
      <ErrorSummary request={request} errors={errors?.member ? { member: errors.member } : undefined} />
      <ScrollTable label={t('accounts:organisations.members')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{escapeHtml(t('accounts:fields.name'))}</th>
              <th scope="col">{escapeHtml(t('accounts:fields.email'))}</th>
              <th scope="col">{escapeHtml(t('accounts:fields.role'))}</th>
              <th scope="col">{escapeHtml(t('accounts:organisations.joined'))}</th>
              {canManage ? (
                <th scope="col">
                  <span class="visually-hidden">{escapeHtml(t('accounts:organisations.remove'))}</span>
                </th>
              ) : (
                ''
              )}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const editable = canManage && (isOwner || m.role !== 'owner');
              return (
                <tr>
                  <td>{escapeHtml(m.name)}</td>
                  <td>{escapeHtml(m.email)}</td>
                  <td>
                    {editable ? (
                      <PostForm request={request} action={`/organisations/${organisation.slug}/members/${m.userId}`}>
                        <label class="visually-hidden" for={`role-${m.userId}`}>
                          {escapeHtml(t('accounts:organisations.changeRoleOf', { name: m.name }))}
                        </label>
                        <select id={`role-${m.userId}`} name="role">
                          {roleOptions(request, assignable).map((o) => (
                            <option value={o.value} selected={o.value === m.role}>
                              {escapeHtml(o.label)}
                            </option>
                          ))}
                        </select>{' '}
                        <button type="submit" class="secondary">
                          {escapeHtml(t('accounts:organisations.changeRole'))}
                        </button>
                      </PostForm>
                    ) : (
                      escapeHtml(t(`accounts:roles.${m.role}`))
                    )}
                  </td>
                  <td>{escapeHtml(formatDate(request, m.joinedAt))}</td>
                  {canManage ? (
                    <td>
                      {editable ? (
                        <PostForm request={request} action={`/organisations/${organisation.slug}/members/${m.userId}/remove`}>
                          <button type="submit" class="danger" aria-label={t('accounts:organisations.removeLabel', { name: m.name })}>
                            {escapeHtml(t('accounts:organisations.remove'))}
                          </button>
                        </PostForm>
                      ) : (
                        ''
                      )}
                    </td>
                  ) : (
                    ''
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollTable>

      {canManage ? (
        <>
          <h2 id="invite">{escapeHtml(t('accounts:organisations.invite'))}</h2>
          <p>{escapeHtml(t('accounts:organisations.inviteLead'))}</p>
          <ErrorSummary request={request} errors={errors?.member ? undefined : errors} />
          <PostForm request={request} action={`/organisations/${organisation.slug}/invitations`}>
            <Field
              name="email"
              type="email"
              label={t('accounts:fields.email')}
              value={values.email}
              errors={errors}
              required
              autocomplete="off"
            />
            <Select
              name="role"
              label={t('accounts:fields.role')}
              value={values.role ?? 'member'}
              errors={errors}
              options={roleOptions(request, assignable)}
            />
            <button type="submit">{escapeHtml(t('accounts:organisations.inviteSubmit'))}</button>
          </PostForm>
          {invitations.length ? (
            <>
              <h3>{escapeHtml(t('accounts:organisations.pending'))}</h3>
              <ul>
                {invitations.map((i) => {
                  const changeable = isOwner || i.role !== 'owner';
                  const base = `/organisations/${organisation.slug}/invitations/${i.id}`;
                  return (
                    <li>
                      {escapeHtml(i.email)} · {escapeHtml(t(`accounts:roles.${i.role}`))} ·{' '}
                      {escapeHtml(t('accounts:organisations.expires'))} {escapeHtml(formatDateTime(request, i.expiresAt))}
                      {changeable ? (
                        <div class="actions">
                          <PostForm request={request} action={`${base}/resend`}>
                            <button
                              type="submit"
                              class="secondary"
                              aria-label={t('accounts:organisations.resendLabel', { email: i.email })}
                            >
                              {escapeHtml(t('accounts:organisations.resend'))}
                            </button>
                          </PostForm>
                          <PostForm request={request} action={`${base}/revoke`}>
                            <button type="submit" class="danger" aria-label={t('accounts:organisations.revokeLabel', { email: i.email })}>
                              {escapeHtml(t('accounts:organisations.revokeInvitation'))}
                            </button>
                          </PostForm>
                        </div>
                      ) : (
                        ''
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : (
            ''
          )}
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function InvitationPage({
  request,
  token,
  invitation,
}: {
  request: FastifyRequest;
  token: string;
  invitation: InvitationView | null;
}) {
  const { t, user } = request;
  const next = `/invitations/${encodeURIComponent(token)}`;
  const matches = user && invitation && user.email.toLowerCase() === invitation.email.toLowerCase();
  return (
    <Layout request={request} title={t('accounts:invitation.title')}>
      <h1>{escapeHtml(t('accounts:invitation.title'))}</h1>
      {invitation?.status !== 'open' ? (
        <p class="notice">{escapeHtml(t('accounts:invitation.invalid'))}</p>
      ) : (
        <>
          <p class="lead">
            {escapeHtml(
              t('accounts:invitation.lead', { organisation: invitation.organisation.name, role: t(`accounts:roles.${invitation.role}`) }),
            )}
          </p>
          <p>{escapeHtml(t('accounts:invitation.forEmail', { email: invitation.email }))}</p>
          {!user ? (
            <>
              <p>{escapeHtml(t('accounts:invitation.signInFirst'))}</p>
              <p class="actions">
                <a class="button" href={`/signin?next=${encodeURIComponent(next)}`}>
                  {escapeHtml(t('accounts:signin.title'))}
                </a>
                <a class="button secondary" href={`/signup?next=${encodeURIComponent(next)}`}>
                  {escapeHtml(t('accounts:signup.title'))}
                </a>
              </p>
            </>
          ) : matches ? (
            <PostForm request={request} action={next}>
              <button type="submit">{escapeHtml(t('accounts:invitation.accept'))}</button>
            </PostForm>
          ) : (
            <p class="notice">{escapeHtml(t('accounts:invitation.otherAccount', { email: user.email }))}</p>
          )}
        </>
      )}
    </Layout>
  );
}
