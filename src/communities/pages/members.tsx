import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { CommunityRow } from '../communities.ts';
import type { MemberItem } from '../overview.ts';
import { MEMBER_ROLES } from '../schema.ts';
import { tr } from './components.tsx';

/** A facilitator's page of the community's people: requests to answer, members to change, invitations to send. */
export function MembersPage({
  request,
  community,
  members,
  requests,
  values = {},
  errors,
}: {
  request: FastifyRequest;
  community: CommunityRow;
  members: MemberItem[];
  requests: MemberItem[];
  values?: Record<string, string | undefined>;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const base = `/communities/${community.slug}/members`;
  const roles = MEMBER_ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }));
  return (
    <Layout request={request} title={t('members.title', { name: community.name })}>
      <h1>{escapeHtml(t('members.title', { name: community.name }))}</h1>
      <p>
        <a href={`/communities/${community.slug}`}>{escapeHtml(t('back', { name: community.name }))}</a>
      </p>
      <ErrorSummary request={request} errors={errors} />
      {requests.length ? (
        <section>
          <h2>{escapeHtml(t('members.requests'))}</h2>
          <ScrollTable label={t('members.requests')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(t('member.name'))}</th>
                  <th scope="col">{escapeHtml(t('members.answer'))}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((m) => (
                  <tr>
                    <td>{escapeHtml(m.name)}</td>
                    <td class="actions">
                      <PostForm request={request} action={`${base}/${m.userId}`}>
                        <input type="hidden" name="role" value="member" />
                        <button type="submit">{escapeHtml(t('members.accept', { name: m.name }))}</button>
                      </PostForm>
                      <PostForm request={request} action={`${base}/${m.userId}/remove`}>
                        <button type="submit" class="secondary">
                          {escapeHtml(t('members.decline', { name: m.name }))}
                        </button>
                      </PostForm>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </section>
      ) : (
        ''
      )}
      <section>
        <h2>{escapeHtml(t('community.members'))}</h2>
        <ScrollTable label={t('community.members')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('member.name'))}</th>
                <th scope="col">{escapeHtml(t('members.change'))}</th>
                <th scope="col">{escapeHtml(t('members.remove'))}</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr>
                  <td>{escapeHtml(m.name)}</td>
                  <td>
                    <form method="post" action={`${base}/${m.userId}`} class="inline-form" novalidate>
                      <input type="hidden" name="_csrf" value={request.csrfToken} />
                      <label for={`role-${m.userId}`}>{escapeHtml(t('member.role'))}</label>
                      <select id={`role-${m.userId}`} name="role">
                        {roles.map((o) => (
                          <option value={o.value} selected={o.value === m.role}>
                            {escapeHtml(o.label)}
                          </option>
                        ))}
                      </select>
                      <label for={`angle-${m.userId}`}>{escapeHtml(t('member.angle'))}</label>
                      <input id={`angle-${m.userId}`} name="angle" value={m.angle ?? ''} />
                      <input type="checkbox" id={`core-${m.userId}`} name="core" value="on" checked={m.core} />
                      <label for={`core-${m.userId}`}>{escapeHtml(t('member.coreGroup'))}</label>
                      <button type="submit">{escapeHtml(t('form.save'))}</button>
                    </form>
                  </td>
                  <td>
                    <PostForm request={request} action={`${base}/${m.userId}/remove`}>
                      <button type="submit" class="secondary">
                        {escapeHtml(t('members.removeName', { name: m.name }))}
                      </button>
                    </PostForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </section>
      <section>
        <h2>{escapeHtml(t('members.invite'))}</h2>
        <p class="hint">{escapeHtml(t('members.inviteHint'))}</p>
        <PostForm request={request} action={`${base}/invite`}>
          <Field name="email" type="email" label={t('members.email')} value={values.email} errors={errors} required />
          <Select name="role" label={t('member.role')} options={roles} value={values.role ?? 'member'} errors={errors} />
          <Field name="angle" label={t('member.angle')} hint={t('members.angleHint')} value={values.angle} errors={errors} />
          <button type="submit">{escapeHtml(t('members.send'))}</button>
        </PostForm>
      </section>
    </Layout>
  );
}

export function InvitationPage({
  request,
  community,
  token,
  error,
}: {
  request: FastifyRequest;
  community: CommunityRow;
  token: string;
  error?: string;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <Layout request={request} title={t('invitation.title', { name: community.name })}>
      <h1>{escapeHtml(t('invitation.title', { name: community.name }))}</h1>
      {error ? (
        <p class="error-message" role="alert">
          {escapeHtml(error)}
        </p>
      ) : (
        ''
      )}
      <PostForm request={request} action={`/communities/invitations/${token}`}>
        <button type="submit">{escapeHtml(t('invitation.accept'))}</button>
      </PostForm>
    </Layout>
  );
}
