import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import { type SessionAccess, sessionUrl } from '../notes/access.ts';
import { SessionHeader } from '../notes/nav.tsx';
import { NotesSection } from '../notes/pages.tsx';
import type { NoteBlockView, NoteSetAccess } from '../notes/service.ts';
import { Paragraphs, tr } from '../pages/components.tsx';
import type { OpenSpace, TopicView } from './service.ts';

export interface FormState {
  errors?: FormErrors;
  /** 'propose', 'room', 'slot', 'schedule' or 'place:<topic id>'. */
  errorsFor?: string;
  values?: Record<string, string>;
}

function where(space: OpenSpace, topic: TopicView, request: FastifyRequest): string {
  const room = space.rooms.find((r) => r.id === topic.room_id);
  const slot = space.slots.find((s) => s.id === topic.slot_id);
  return room && slot ? tr(request, 'openSpace.at', { slot: slot.label, room: room.name }) : tr(request, 'openSpace.unscheduled');
}

/** An open space or hackathon: the topics with their votes, the schedule grid, and the facilitator's tools. */
export function OpenSpacePage({
  request,
  access,
  space,
  state = {},
}: {
  request: FastifyRequest;
  access: SessionAccess;
  space: OpenSpace;
  state?: FormState;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const base = sessionUrl(access, 'open-space');
  const isOpen = access.session.kind === 'open-space' || access.session.kind === 'hackathon';
  const errs = (name: string) => (state.errorsFor === name ? state.errors : undefined);
  const val = (name: string, field: string) => (state.errorsFor === name ? state.values?.[field] : undefined);
  return (
    <Layout request={request} title={`${t('openSpace.title')} · ${access.session.title}`}>
      <SessionHeader request={request} access={access} title={t('openSpace.title')} />
      <p class="lead">{escapeHtml(t(isOpen ? 'openSpace.intro' : 'openSpace.notOpen'))}</p>
      <h2>{escapeHtml(t('openSpace.topics'))}</h2>
      {space.topics.length === 0 ? (
        <p>{escapeHtml(t('openSpace.none'))}</p>
      ) : (
        <ScrollTable label={t('openSpace.topics')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('openSpace.topic'))}</th>
                <th scope="col">{escapeHtml(t('openSpace.hosts'))}</th>
                <th scope="col">{escapeHtml(t('openSpace.votes'))}</th>
                <th scope="col">{escapeHtml(t('openSpace.where'))}</th>
              </tr>
            </thead>
            <tbody>
              {space.topics.map((topic) => (
                <tr>
                  <td>
                    <a href={`${base}/topics/${topic.id}`}>{escapeHtml(topic.title)}</a>
                  </td>
                  <td>{escapeHtml(topic.hosts.map((h) => h.name).join(', '))}</td>
                  <td>
                    {escapeHtml(t('openSpace.voteCount', { count: topic.votes }))}
                    <PostForm request={request} action={`${base}/topics/${topic.id}/vote`}>
                      <input type="hidden" name="vote" value={topic.voted ? 'off' : 'on'} />
                      <button
                        type="submit"
                        class={topic.voted ? 'secondary' : undefined}
                        aria-label={t(topic.voted ? 'openSpace.unvoteFor' : 'openSpace.voteFor', { title: topic.title })}
                      >
                        {escapeHtml(t(topic.voted ? 'openSpace.unvote' : 'openSpace.vote'))}
                      </button>
                    </PostForm>
                  </td>
                  <td>{escapeHtml(where(space, topic, request))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {space.rooms.length && space.slots.length ? (
        <>
          <h2>{escapeHtml(t('openSpace.schedule'))}</h2>
          <ScrollTable label={t('openSpace.schedule')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{escapeHtml(t('openSpace.time'))}</th>
                  {space.rooms.map((r) => (
                    <th scope="col">{escapeHtml(r.name)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {space.slots.map((s) => (
                  <tr>
                    <th scope="row">{escapeHtml(s.label)}</th>
                    {space.rooms.map((r) => {
                      const topic = space.topics.find((x) => x.room_id === r.id && x.slot_id === s.id);
                      return <td>{topic ? <a href={`${base}/topics/${topic.id}`}>{escapeHtml(topic.title)}</a> : '—'}</td>;
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </>
      ) : (
        ''
      )}
      {isOpen ? (
        <section class="panel" aria-labelledby="propose-heading">
          <h2 id="propose-heading">{escapeHtml(t('openSpace.propose'))}</h2>
          <PostForm request={request} action={`${base}/topics`}>
            {errs('propose') ? <ErrorSummary request={request} errors={errs('propose')} /> : ''}
            <Field name="title" label={t('openSpace.topicTitle')} value={val('propose', 'title')} errors={errs('propose')} required />
            <Field
              name="description"
              label={t('openSpace.description')}
              value={val('propose', 'description')}
              errors={errs('propose')}
              multiline
            />
            <button type="submit">{escapeHtml(t('openSpace.proposeButton'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
      {isOpen && access.isFacilitator ? (
        <section class="panel" aria-labelledby="facilitate-heading">
          <h2 id="facilitate-heading">{escapeHtml(t('openSpace.facilitate'))}</h2>
          <PostForm request={request} action={`${base}/rooms`}>
            {errs('room') ? <ErrorSummary request={request} errors={errs('room')} /> : ''}
            <Field
              name="name"
              label={t('openSpace.roomName')}
              hint={t('openSpace.roomHint')}
              value={val('room', 'name')}
              errors={errs('room')}
              required
            />
            <button type="submit">{escapeHtml(t('openSpace.addRoom'))}</button>
          </PostForm>
          <PostForm request={request} action={`${base}/slots`}>
            {errs('slot') ? <ErrorSummary request={request} errors={errs('slot')} /> : ''}
            <Field
              name="label"
              label={t('openSpace.slotLabel')}
              hint={t('openSpace.slotHint')}
              value={val('slot', 'label')}
              errors={errs('slot')}
              required
            />
            <button type="submit">{escapeHtml(t('openSpace.addSlot'))}</button>
          </PostForm>
          <PostForm request={request} action={`${base}/schedule`}>
            <p>{escapeHtml(t('openSpace.scheduleIntro'))}</p>
            <Checkbox name="keep" label={t('openSpace.keep')} />
            <button type="submit">{escapeHtml(t('openSpace.scheduleButton'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** One topic: what it is about, its hosts and place, votes, and its live notes. */
export function TopicPage({
  request,
  notes,
  space,
  topic,
  blocks,
  state = {},
}: {
  request: FastifyRequest;
  notes: NoteSetAccess;
  space: OpenSpace;
  topic: TopicView;
  blocks: NoteBlockView[];
  state?: FormState;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const base = `${sessionUrl(notes, 'open-space')}/topics/${topic.id}`;
  const placeErrors = state.errorsFor === 'place' ? state.errors : undefined;
  return (
    <Layout request={request} title={`${topic.title} · ${notes.session.title}`}>
      <SessionHeader request={request} access={notes} title={topic.title} />
      <section class="panel" aria-labelledby="topic-heading">
        <h2 id="topic-heading">{escapeHtml(t('openSpace.about'))}</h2>
        {topic.description ? <Paragraphs text={topic.description} /> : ''}
        <p>{escapeHtml(t('openSpace.hostedBy', { names: topic.hosts.map((h) => h.name).join(', ') }))}</p>
        <p>{escapeHtml(`${where(space, topic, request)} · ${t('openSpace.voteCount', { count: topic.votes })}`)}</p>
        <PostForm request={request} action={`${base}/host`}>
          {state.errorsFor === 'host' ? <ErrorSummary request={request} errors={state.errors} /> : ''}
          <input type="hidden" name="host" value={topic.hosting ? 'off' : 'on'} />
          {topic.hosting && topic.proposed_by === request.user?.id ? (
            ''
          ) : (
            <button type="submit" class="secondary">
              {escapeHtml(t(topic.hosting ? 'openSpace.leaveHost' : 'openSpace.joinHost'))}
            </button>
          )}
        </PostForm>
      </section>
      <NotesSection
        request={request}
        access={notes}
        blocks={blocks}
        errors={state.errorsFor === 'notes' ? state.errors : undefined}
        draft={state.values?.body}
      />
      {notes.isFacilitator && space.rooms.length && space.slots.length ? (
        <section class="panel" aria-labelledby="place-heading">
          <h2 id="place-heading">{escapeHtml(t('openSpace.place'))}</h2>
          <PostForm request={request} action={`${base}/place`}>
            {placeErrors ? <ErrorSummary request={request} errors={placeErrors} /> : ''}
            <Select
              name="room"
              label={t('openSpace.room')}
              value={state.values?.room ?? topic.room_id ?? ''}
              errors={placeErrors}
              options={[{ value: '', label: t('openSpace.none2') }, ...space.rooms.map((r) => ({ value: r.id, label: r.name }))]}
            />
            <Select
              name="slot"
              label={t('openSpace.time')}
              value={state.values?.slot ?? topic.slot_id ?? ''}
              errors={placeErrors}
              options={[{ value: '', label: t('openSpace.none2') }, ...space.slots.map((s) => ({ value: s.id, label: s.label }))]}
            />
            <button type="submit">{escapeHtml(t('openSpace.placeButton'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
