import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { PostForm } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { CommunityAccess } from '../communities.ts';
import type { CommunityOverview, MemberItem, SessionRow } from '../overview.ts';
import { Paragraphs, tr } from './components.tsx';

/** A session's date and time in its own time zone. */
export function sessionWhen(request: FastifyRequest, session: Pick<SessionRow, 'starts_at' | 'time_zone'>): string {
  return formatDate(request, session.starts_at, { time: true, style: 'medium', timeZone: session.time_zone });
}

export function SessionsTable({ request, sessions, label }: { request: FastifyRequest; sessions: SessionRow[]; label: string }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <ScrollTable label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(t('session.when'))}</th>
            <th scope="col">{escapeHtml(t('session.title'))}</th>
            <th scope="col">{escapeHtml(t('session.kind'))}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr>
              <td>{escapeHtml(sessionWhen(request, s))}</td>
              <td>
                <a href={`/communities/sessions/${s.id}`}>{escapeHtml(s.title)}</a>
              </td>
              <td>{escapeHtml(t(`kind.${s.kind}`))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

export function MembersTable({ request, members, label }: { request: FastifyRequest; members: MemberItem[]; label: string }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <ScrollTable label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(t('member.name'))}</th>
            <th scope="col">{escapeHtml(t('member.role'))}</th>
            <th scope="col">{escapeHtml(t('member.angle'))}</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr>
              <td>
                {escapeHtml(m.name)}
                {m.core ? (
                  <>
                    {' '}
                    <span class="tag">{escapeHtml(t('member.core'))}</span>
                  </>
                ) : (
                  ''
                )}
              </td>
              <td>{escapeHtml(t(`role.${m.role}`))}</td>
              <td>{escapeHtml(m.angle ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

export interface CommunityPageProps {
  request: FastifyRequest;
  access: CommunityAccess;
  organisationName: string;
  overview: CommunityOverview;
  /** Sections other parts add (latest reports, join form, …), already rendered. */
  sections?: JSX.Element[];
}

/** Join, request to join, or leave; what the person's place in the community is. */
function JoinBox({ request, access }: { request: FastifyRequest; access: CommunityAccess }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const { community, membership } = access;
  const base = `/communities/${community.slug}`;
  if (membership?.status === 'active')
    return (
      <div class="actions">
        <p>{escapeHtml(t('join.youAre', { role: t(`role.${membership.role}`) }))}</p>
        <PostForm request={request} action={`${base}/leave`}>
          <button type="submit" class="secondary">
            {escapeHtml(t('join.leave'))}
          </button>
        </PostForm>
      </div>
    );
  if (membership?.status === 'requested') return <p>{escapeHtml(t('join.requested'))}</p>;
  if (community.visibility === 'invitation') return '';
  return (
    <PostForm request={request} action={`${base}/join`}>
      <button type="submit">{escapeHtml(t(community.visibility === 'open' ? 'join.join' : 'join.request'))}</button>
    </PostForm>
  );
}

/** A community's page: purpose, themes, upcoming sessions, recent sessions and, for members, the people. */
export function CommunityPage({ request, access, organisationName, overview, sections = [] }: CommunityPageProps) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const { community } = access;
  const base = `/communities/${community.slug}`;
  return (
    <Layout request={request} title={community.name}>
      <h1>{escapeHtml(community.name)}</h1>
      <p class="lead">
        {escapeHtml(t('community.hostedBy', { organisation: organisationName }))} · {escapeHtml(t(`visibility.${community.visibility}`))}
      </p>
      <Paragraphs text={community.purpose} />
      <JoinBox request={request} access={access} />
      {access.isFacilitator ? (
        <p class="actions">
          <a class="button" href={`${base}/sessions/new`}>
            {escapeHtml(t('session.new'))}
          </a>
          <a href={`${base}/themes/new`}>{escapeHtml(t('theme.new'))}</a>
          <a href={`${base}/members`}>{escapeHtml(t('members.manage'))}</a>
          <a href={`${base}/calls/new`}>{escapeHtml(t('call.newTitle'))}</a>
          <a href={`${base}/badges`}>{escapeHtml(t('badges.title'))}</a>
          <a href={`${base}/edit`}>{escapeHtml(t('community.edit'))}</a>
        </p>
      ) : (
        ''
      )}
      {overview.calls.length ? (
        <section>
          <h2>{escapeHtml(t('call.calls'))}</h2>
          <ul>
            {overview.calls.map((c) => (
              <li>
                <a href={`/communities/calls/${c.id}`}>{escapeHtml(c.title)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {sections}
      <section>
        <h2>{escapeHtml(t('community.themes'))}</h2>
        {overview.themes.length === 0 ? (
          <p>{escapeHtml(t('community.noThemes'))}</p>
        ) : (
          <ul>
            {overview.themes.map((theme) => (
              <li>
                <a href={`/communities/themes/${theme.id}`}>{escapeHtml(theme.title)}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{escapeHtml(t('community.upcoming'))}</h2>
        {overview.upcoming.length === 0 ? (
          <p>{escapeHtml(t('community.noUpcoming'))}</p>
        ) : (
          <SessionsTable request={request} sessions={overview.upcoming} label={t('community.upcoming')} />
        )}
      </section>
      {overview.past.length ? (
        <section>
          <h2>{escapeHtml(t('community.past'))}</h2>
          <SessionsTable request={request} sessions={overview.past} label={t('community.past')} />
        </section>
      ) : (
        ''
      )}
      {access.isMember ? (
        <section>
          <h2>{escapeHtml(t('community.members'))}</h2>
          <p class="actions">
            <a href={`${base}/directory`}>{escapeHtml(t('directory.link'))}</a>
            <a href="/communities/calendar">{escapeHtml(t('calendar.title'))}</a>
          </p>
          <MembersTable request={request} members={overview.members} label={t('community.members')} />
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
