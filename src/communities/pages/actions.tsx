import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import { type ActionItem, isOverdue } from '../actions.ts';
import type { CommunityAccess } from '../communities.ts';
import type { MemberItem } from '../overview.ts';
import { ACTION_STATUSES } from '../schema.ts';
import { tr } from './components.tsx';

/** A status form for one action item: a select and a save button, labelled with the item. */
function StatusForm({ request, action }: { request: FastifyRequest; action: ActionItem }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const id = `status-${action.id}`;
  return (
    <form method="post" action={`/communities/actions/${action.id}`} class="inline-form" novalidate>
      <input type="hidden" name="_csrf" value={request.csrfToken} />
      <label for={id}>{escapeHtml(t('actions.statusOf', { title: action.title }))}</label>
      <select id={id} name="status">
        {ACTION_STATUSES.map((s) => (
          <option value={s} selected={s === action.status}>
            {escapeHtml(t(`actionStatus.${s}`))}
          </option>
        ))}
      </select>
      <button type="submit">{escapeHtml(t('form.save'))}</button>
    </form>
  );
}

export function ActionsTable({
  request,
  actions,
  label,
  canChange,
  showCommunity = false,
}: {
  request: FastifyRequest;
  actions: ActionItem[];
  label: string;
  canChange: (a: ActionItem) => boolean;
  showCommunity?: boolean;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <ScrollTable label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(t('actions.item'))}</th>
            {showCommunity ? <th scope="col">{escapeHtml(t('actions.community'))}</th> : ''}
            <th scope="col">{escapeHtml(t('actions.owner'))}</th>
            <th scope="col">{escapeHtml(t('actions.due'))}</th>
            <th scope="col">{escapeHtml(t('registration.status'))}</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((a) => (
            <tr>
              <td>
                {escapeHtml(a.title)}
                {a.sessionTitle && a.session_id ? (
                  <>
                    <br />
                    <a href={`/communities/sessions/${a.session_id}`}>{escapeHtml(a.sessionTitle)}</a>
                  </>
                ) : (
                  ''
                )}
              </td>
              {showCommunity ? (
                <td>
                  <a href={`/communities/${a.communitySlug}`}>{escapeHtml(a.communityName)}</a>
                </td>
              ) : (
                ''
              )}
              <td>{escapeHtml(a.ownerName ?? t('actions.nobody'))}</td>
              <td>
                {a.due_on ? escapeHtml(formatDate(request, a.due_on, { style: 'medium' })) : '—'}
                {isOverdue(a) ? (
                  <>
                    {' '}
                    <span class="tag overdue">{escapeHtml(t('actions.overdue'))}</span>
                  </>
                ) : (
                  ''
                )}
              </td>
              <td>{canChange(a) ? <StatusForm request={request} action={a} /> : escapeHtml(t(`actionStatus.${a.status}`))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** On a session's page, for members: the open items carried over from before, the items made here, and a form to add one. */
export function SessionActions({
  request,
  access,
  sessionId,
  carried,
  made,
  members,
  errors,
}: {
  request: FastifyRequest;
  access: CommunityAccess;
  sessionId: string;
  carried: ActionItem[];
  made: ActionItem[];
  members: MemberItem[];
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const me = request.user?.id;
  const canChange = (a: ActionItem) => access.isFacilitator || a.owner_user_id === me || a.created_by === me;
  if (!access.isMember) return '';
  return (
    <section>
      <h2>{escapeHtml(t('actions.title'))}</h2>
      <h3>{escapeHtml(t('actions.carried'))}</h3>
      {carried.length === 0 ? (
        <p>{escapeHtml(t('actions.noneCarried'))}</p>
      ) : (
        <ActionsTable request={request} actions={carried} label={t('actions.carried')} canChange={canChange} />
      )}
      <h3>{escapeHtml(t('actions.made'))}</h3>
      {made.length === 0 ? (
        <p>{escapeHtml(t('actions.noneMade'))}</p>
      ) : (
        <ActionsTable request={request} actions={made} label={t('actions.made')} canChange={canChange} />
      )}
      {access.isMember ? (
        <PostForm request={request} action={`/communities/sessions/${sessionId}/actions`}>
          <Field name="actionTitle" label={t('actions.new')} errors={errors} />
          <Select
            name="owner"
            label={t('actions.owner')}
            options={[{ value: '', label: t('actions.nobody') }, ...members.map((m) => ({ value: m.userId, label: m.name }))]}
            value={me}
            errors={errors}
          />
          <Field name="dueOn" type="date" label={t('actions.due')} errors={errors} />
          <button type="submit">{escapeHtml(t('actions.add'))}</button>
        </PostForm>
      ) : (
        ''
      )}
    </section>
  );
}

export function MyActionsPage({ request, actions }: { request: FastifyRequest; actions: ActionItem[] }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <Layout request={request} title={t('actions.mine')}>
      <h1>{escapeHtml(t('actions.mine'))}</h1>
      {actions.length === 0 ? (
        <p>{escapeHtml(t('actions.noneMine'))}</p>
      ) : (
        <ActionsTable request={request} actions={actions} label={t('actions.mine')} canChange={() => true} showCommunity />
      )}
    </Layout>
  );
}
