import { webUrl } from '../../platform/pages/urls.ts';
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { CommunityAccess, CommunityRow } from '../communities.ts';
import type { MemberItem } from '../overview.ts';
import { SESSION_KINDS } from '../schema.ts';
import type { AgendaItem, RegistrationItem, SessionRow } from '../sessions.ts';
import type { TemplateChoice } from '../templates.ts';
import { Paragraphs, tr } from './components.tsx';

export interface SessionFormValues {
  template?: string;
  kind?: string;
  title?: string;
  description?: string;
  theme?: string;
  date?: string;
  startTime?: string;
  endTime?: string;
  timeZone?: string;
  place?: string;
  onlineUrl?: string;
  capacity?: string;
}

export function SessionFormPage({
  request,
  community,
  session,
  templates,
  themes,
  values,
  errors,
}: {
  request: FastifyRequest;
  community: CommunityRow;
  session?: SessionRow;
  templates: TemplateChoice[];
  themes: { id: string; title: string }[];
  values: SessionFormValues;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const title = session ? t('session.editTitle', { title: session.title }) : t('session.newTitle');
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <p>
        <a href={`/communities/${community.slug}`}>{escapeHtml(t('back', { name: community.name }))}</a>
      </p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm
        request={request}
        action={session ? `/communities/sessions/${session.id}/edit` : `/communities/${community.slug}/sessions/new`}
      >
        {session ? (
          ''
        ) : (
          <Select
            name="template"
            label={t('session.template')}
            options={templates.map((tp) => ({ value: tp.id, label: tp.name }))}
            value={values.template}
            errors={errors}
          />
        )}
        <Select
          name="kind"
          label={t('session.kind')}
          options={[{ value: '', label: t('session.kindOfTemplate') }, ...SESSION_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))]}
          value={values.kind ?? ''}
          errors={errors}
        />
        <Field name="title" label={t('session.title')} value={values.title} errors={errors} required />
        <Field name="description" label={t('session.description')} value={values.description} errors={errors} multiline />
        <Select
          name="theme"
          label={t('session.theme')}
          options={[{ value: '', label: t('session.noTheme') }, ...themes.map((th) => ({ value: th.id, label: th.title }))]}
          value={values.theme ?? ''}
          errors={errors}
        />
        <Field name="date" type="date" label={t('session.date')} value={values.date} errors={errors} required />
        <Field name="startTime" type="time" label={t('session.startTime')} value={values.startTime} errors={errors} required />
        <Field name="endTime" type="time" label={t('session.endTime')} value={values.endTime} errors={errors} required />
        <Field
          name="timeZone"
          label={t('session.timeZone')}
          hint={t('session.timeZoneHint')}
          value={values.timeZone ?? 'Europe/Amsterdam'}
          errors={errors}
        />
        <Field name="place" label={t('session.place')} value={values.place} errors={errors} />
        <Field name="onlineUrl" type="url" label={t('session.onlineUrl')} value={values.onlineUrl} errors={errors} />
        <Field
          name="capacity"
          type="number"
          label={t('session.capacity')}
          hint={t('session.capacityHint')}
          value={values.capacity}
          errors={errors}
        />
        <button type="submit">{escapeHtml(t(session ? 'form.save' : 'session.create'))}</button>
      </PostForm>
    </Layout>
  );
}

/** Times of day in the session's own time zone. */
const clock = (request: FastifyRequest, at: Date, zone: string) =>
  new Intl.DateTimeFormat(request.lang === 'nl' ? 'nl-NL' : 'en-GB', { timeStyle: 'short', timeZone: zone }).format(at);

export function AgendaTable({
  request,
  session,
  agenda,
  canManage,
}: {
  request: FastifyRequest;
  session: SessionRow;
  agenda: AgendaItem[];
  canManage: boolean;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <ScrollTable label={t('agenda.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(t('agenda.time'))}</th>
            <th scope="col">{escapeHtml(t('agenda.item'))}</th>
            <th scope="col">{escapeHtml(t('agenda.minutes'))}</th>
            <th scope="col">{escapeHtml(t('agenda.lead'))}</th>
            {canManage ? <th scope="col">{escapeHtml(t('members.remove'))}</th> : ''}
          </tr>
        </thead>
        <tbody>
          {agenda.map((item) => (
            <tr>
              <td>{escapeHtml(clock(request, item.startsAt, session.time_zone))}</td>
              <td>{escapeHtml(item.title)}</td>
              <td>{escapeHtml(String(item.minutes))}</td>
              <td>{escapeHtml(item.leadName ?? '')}</td>
              {canManage ? (
                <td>
                  <PostForm request={request} action={`/communities/agenda/${item.id}/remove`}>
                    <button type="submit" class="secondary">
                      {escapeHtml(t('agenda.removeItem', { title: item.title }))}
                    </button>
                  </PostForm>
                </td>
              ) : (
                ''
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function RegistrationBox({
  request,
  access,
  session,
  mine,
  full,
}: {
  request: FastifyRequest;
  access: CommunityAccess;
  session: SessionRow;
  mine: string | null;
  full: boolean;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  if (session.cancelled_at) return <p class="notice">{escapeHtml(t('session.isCancelled'))}</p>;
  if (new Date(session.ends_at) < new Date()) return '';
  if (!access.isMember) return <p>{escapeHtml(t('registration.membersOnly'))}</p>;
  if (mine === 'registered' || mine === 'waiting')
    return (
      <div>
        <p>{escapeHtml(t(`registration.${mine}`))}</p>
        <PostForm request={request} action={`/communities/sessions/${session.id}/cancel-registration`}>
          <button type="submit" class="secondary">
            {escapeHtml(t('registration.cancel'))}
          </button>
        </PostForm>
      </div>
    );
  return (
    <PostForm request={request} action={`/communities/sessions/${session.id}/register`}>
      <button type="submit">{escapeHtml(t(full ? 'registration.joinWaiting' : 'registration.register'))}</button>
    </PostForm>
  );
}

export interface SessionPageProps {
  request: FastifyRequest;
  access: CommunityAccess;
  session: SessionRow;
  themeTitle: string | null;
  agenda: AgendaItem[];
  registrations: RegistrationItem[];
  mine: string | null;
  members: MemberItem[];
  /** Sections after the agenda: carried action items, check-in, attendance, the other parts' sections. */
  sections: JSX.Element[];
  errors?: FormErrors;
}

/** A session: when and where, its agenda, registration, and for facilitators the tools to run it. */
export function SessionPage({
  request,
  access,
  session,
  themeTitle,
  agenda,
  registrations,
  mine,
  members,
  sections,
  errors,
}: SessionPageProps) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const { community } = access;
  const registered = registrations.filter((r) => r.status === 'registered');
  const waiting = registrations.filter((r) => r.status === 'waiting');
  const full = session.capacity !== null && registered.length >= session.capacity;
  const when = `${formatDate(request, session.starts_at, { time: true, timeZone: session.time_zone })} – ${clock(request, new Date(session.ends_at), session.time_zone)} (${session.time_zone})`;
  return (
    <Layout request={request} title={session.title}>
      <h1>{escapeHtml(session.title)}</h1>
      <p class="lead">
        {escapeHtml(t(`kind.${session.kind}`))} · <a href={`/communities/${community.slug}`}>{escapeHtml(community.name)}</a>
        {themeTitle ? (
          <>
            {' · '}
            <a href={`/communities/themes/${session.theme_id}`}>{escapeHtml(themeTitle)}</a>
          </>
        ) : (
          ''
        )}
      </p>
      <dl class="facts">
        <dt>{escapeHtml(t('session.when'))}</dt>
        <dd>{escapeHtml(when)}</dd>
        {session.place ? (
          <>
            <dt>{escapeHtml(t('session.place'))}</dt>
            <dd>{escapeHtml(session.place)}</dd>
          </>
        ) : (
          ''
        )}
        {session.online_url ? (
          <>
            <dt>{escapeHtml(t('session.onlineUrl'))}</dt>
            <dd>
              {webUrl(session.online_url) ? (
                <a href={webUrl(session.online_url) ?? ''} rel="noopener noreferrer">
                  {escapeHtml(session.online_url)}
                </a>
              ) : (
                escapeHtml(session.online_url)
              )}
            </dd>
          </>
        ) : (
          ''
        )}
        <dt>{escapeHtml(t('session.places'))}</dt>
        <dd>
          {escapeHtml(
            session.capacity === null
              ? t('session.placesOpen', { registered: registered.length })
              : t('session.placesTaken', { registered: registered.length, capacity: session.capacity, waiting: waiting.length }),
          )}
        </dd>
      </dl>
      <Paragraphs text={session.description} />
      <p class="actions">
        <a href={`/communities/sessions/${session.id}/calendar.ics`}>{escapeHtml(t('calendar.add'))}</a>
        {access.isFacilitator ? <a href={`/communities/sessions/${session.id}/edit`}>{escapeHtml(t('session.edit'))}</a> : ''}
      </p>
      <RegistrationBox request={request} access={access} session={session} mine={mine} full={full} />
      <ErrorSummary request={request} errors={errors} />
      <section>
        <h2>{escapeHtml(t('agenda.title'))}</h2>
        <AgendaTable request={request} session={session} agenda={agenda} canManage={access.isFacilitator} />
        {access.isFacilitator ? (
          <>
            <PostForm request={request} action={`/communities/sessions/${session.id}/agenda`}>
              <Field name="title" label={t('agenda.newItem')} errors={errors} />
              <Field name="minutes" type="number" label={t('agenda.minutes')} errors={errors} />
              <Select
                name="lead"
                label={t('agenda.lead')}
                options={[{ value: '', label: t('agenda.noLead') }, ...members.map((m) => ({ value: m.userId, label: m.name }))]}
                errors={errors}
              />
              <button type="submit">{escapeHtml(t('agenda.add'))}</button>
            </PostForm>
            <PostForm request={request} action={`/communities/sessions/${session.id}/save-template`}>
              <Field name="name" label={t('agenda.templateName')} errors={errors} />
              <button type="submit" class="secondary">
                {escapeHtml(t('agenda.saveTemplate'))}
              </button>
            </PostForm>
          </>
        ) : (
          ''
        )}
      </section>
      {sections}
      {access.isMember ? (
        <section>
          <h2>{escapeHtml(t('registration.list'))}</h2>
          {registrations.length === 0 ? (
            <p>{escapeHtml(t('registration.none'))}</p>
          ) : (
            <ScrollTable label={t('registration.list')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{escapeHtml(t('member.name'))}</th>
                    <th scope="col">{escapeHtml(t('registration.status'))}</th>
                  </tr>
                </thead>
                <tbody>
                  {registrations.map((r) => (
                    <tr>
                      <td>{escapeHtml(r.name)}</td>
                      <td>{escapeHtml(t(`registration.${r.status}Short`))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          )}
        </section>
      ) : (
        ''
      )}
      {access.isFacilitator && !session.cancelled_at ? (
        <PostForm request={request} action={`/communities/sessions/${session.id}/cancel`}>
          <button type="submit" class="secondary">
            {escapeHtml(t('session.cancel'))}
          </button>
        </PostForm>
      ) : (
        ''
      )}
    </Layout>
  );
}
