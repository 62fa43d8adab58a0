import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { formatDateTime } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import { type SessionAccess, sessionUrl } from '../notes/access.ts';
import { SessionHeader } from '../notes/nav.tsx';
import { NotesSection } from '../notes/pages.tsx';
import type { NoteBlockView, NoteSetAccess } from '../notes/service.ts';
import { Paragraphs, tr } from '../pages/components.tsx';
import type { BreakoutView, QuestionView } from './service.ts';

type T = (key: string, params?: Record<string, unknown>) => string;
const translator =
  (request: FastifyRequest): T =>
  (key, params) =>
    tr(request, key, params);

export interface QuestionsPageProps {
  request: FastifyRequest;
  access: SessionAccess;
  questions: QuestionView[];
  interest: string | null;
  errors?: FormErrors;
  /** Which form the errors belong to: 'add' or an answered question's id. */
  errorsFor?: string;
  values?: Record<string, string>;
}

/** The session's guiding questions with their answers; members answer and say which one they want to discuss. */
export function QuestionsPage({ request, access, questions, interest, errors, errorsFor, values = {} }: QuestionsPageProps) {
  const t = translator(request);
  const base = sessionUrl(access, 'questions');
  return (
    <Layout request={request} title={`${t('questions.title')} · ${access.session.title}`}>
      <SessionHeader request={request} access={access} title={t('questions.title')} />
      <p class="lead">{escapeHtml(t('questions.intro'))}</p>
      {questions.length === 0 ? <p>{escapeHtml(t('questions.none'))}</p> : ''}
      {questions.map((q, i) => (
        <section class="panel" aria-labelledby={`q-${q.id}`}>
          <h2 id={`q-${q.id}`}>{escapeHtml(t('questions.numbered', { n: i + 1, text: q.text }))}</h2>
          <p class="meta">{escapeHtml(t('questions.interested', { count: q.interested }))}</p>
          {q.answers.length ? (
            <ul class="answers">
              {q.answers.map((a) => (
                <li>
                  <Paragraphs text={a.body} />
                  <p class="meta">{escapeHtml(t('notes.by', { name: a.name, when: formatDateTime(request, a.createdAt) }))}</p>
                </li>
              ))}
            </ul>
          ) : (
            <p>{escapeHtml(t('questions.noAnswers'))}</p>
          )}
          <PostForm request={request} action={`${base}/${q.id}/answers`}>
            {errorsFor === q.id ? <ErrorSummary request={request} errors={errors} /> : ''}
            <Field
              name="body"
              label={t('questions.answer')}
              value={errorsFor === q.id ? values.body : undefined}
              errors={errorsFor === q.id ? errors : undefined}
              multiline
              required
            />
            <button type="submit">{escapeHtml(t('questions.answerButton'))}</button>
          </PostForm>
          {access.isFacilitator ? (
            <PostForm request={request} action={`${base}/${q.id}/remove`}>
              <button type="submit" class="secondary">
                {escapeHtml(t('questions.remove'))}
              </button>
            </PostForm>
          ) : (
            ''
          )}
        </section>
      ))}
      {questions.length ? (
        <section class="panel" aria-labelledby="interest-heading">
          <h2 id="interest-heading">{escapeHtml(t('questions.interestTitle'))}</h2>
          <PostForm request={request} action={sessionUrl(access, 'interest')}>
            <Select
              name="question"
              label={t('questions.interest')}
              value={interest ?? ''}
              options={[{ value: '', label: t('questions.noInterest') }, ...questions.map((q) => ({ value: q.id, label: q.text }))]}
            />
            <button type="submit">{escapeHtml(t('questions.interestButton'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
      {access.isFacilitator ? (
        <section class="panel" aria-labelledby="add-question-heading">
          <h2 id="add-question-heading">{escapeHtml(t('questions.add'))}</h2>
          <PostForm request={request} action={base}>
            {errorsFor === 'add' ? <ErrorSummary request={request} errors={errors} /> : ''}
            <Field
              name="text"
              label={t('questions.text')}
              value={errorsFor === 'add' ? values.text : undefined}
              errors={errorsFor === 'add' ? errors : undefined}
              required
            />
            <button type="submit">{escapeHtml(t('questions.addButton'))}</button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface BreakoutsPageProps {
  request: FastifyRequest;
  access: SessionAccess;
  groups: BreakoutView[];
  mine: string | null;
  participants: number;
  errors?: FormErrors;
  errorsFor?: 'make' | 'add';
  values?: Record<string, string>;
}

/** The session's breakout groups; the facilitator makes them (at random, by interest, by skill) or by hand. */
export function BreakoutsPage({ request, access, groups, mine, participants, errors, errorsFor, values = {} }: BreakoutsPageProps) {
  const t = translator(request);
  const base = sessionUrl(access, 'breakouts');
  return (
    <Layout request={request} title={`${t('breakouts.title')} · ${access.session.title}`}>
      <SessionHeader request={request} access={access} title={t('breakouts.title')} />
      {mine ? (
        <p class="actions">
          <a class="button" href={`${base}/${mine}`}>
            {escapeHtml(t('breakouts.mine'))}
          </a>
        </p>
      ) : (
        ''
      )}
      {groups.length === 0 ? (
        <p>{escapeHtml(t('breakouts.none'))}</p>
      ) : (
        <ScrollTable label={t('breakouts.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(t('breakouts.group'))}</th>
                <th scope="col">{escapeHtml(t('breakouts.question'))}</th>
                <th scope="col">{escapeHtml(t('breakouts.members'))}</th>
                <th scope="col">{escapeHtml(t('breakouts.noteTaker'))}</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <td>
                    <a href={`${base}/${g.id}`}>{escapeHtml(t('breakouts.groupName', { name: g.name }))}</a>
                  </td>
                  <td>{escapeHtml(g.question || '—')}</td>
                  <td>{escapeHtml(g.members.map((m) => m.name).join(', ') || '—')}</td>
                  <td>{escapeHtml(g.noteTakerName ?? '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {access.isFacilitator ? (
        <>
          <section class="panel" aria-labelledby="make-heading">
            <h2 id="make-heading">{escapeHtml(t('breakouts.make'))}</h2>
            <p>{escapeHtml(t('breakouts.makeIntro', { count: participants }))}</p>
            <PostForm request={request} action={`${base}/make`}>
              {errorsFor === 'make' ? <ErrorSummary request={request} errors={errors} /> : ''}
              <Select
                name="method"
                label={t('breakouts.method')}
                value={values.method ?? 'random'}
                errors={errorsFor === 'make' ? errors : undefined}
                options={(['random', 'interest', 'skill'] as const).map((m) => ({ value: m, label: t(`breakouts.methods.${m}`) }))}
              />
              <Field
                name="groups"
                type="number"
                label={t('breakouts.count')}
                hint={t('breakouts.countHint')}
                value={values.groups ?? '3'}
                errors={errorsFor === 'make' ? errors : undefined}
              />
              {groups.length ? (
                <Checkbox name="replace" label={t('breakouts.replace')} errors={errorsFor === 'make' ? errors : undefined} />
              ) : (
                ''
              )}
              <button type="submit">{escapeHtml(t('breakouts.makeButton'))}</button>
            </PostForm>
          </section>
          <section class="panel" aria-labelledby="hand-heading">
            <h2 id="hand-heading">{escapeHtml(t('breakouts.byHand'))}</h2>
            <PostForm request={request} action={base}>
              {errorsFor === 'add' ? <ErrorSummary request={request} errors={errors} /> : ''}
              <Field
                name="name"
                label={t('breakouts.name')}
                value={values.name}
                errors={errorsFor === 'add' ? errors : undefined}
                required
              />
              <Field
                name="question"
                label={t('breakouts.question')}
                value={values.question}
                errors={errorsFor === 'add' ? errors : undefined}
              />
              <button type="submit">{escapeHtml(t('breakouts.addButton'))}</button>
            </PostForm>
          </section>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export interface BreakoutPageProps {
  request: FastifyRequest;
  notes: NoteSetAccess;
  group: BreakoutView;
  blocks: NoteBlockView[];
  members: { userId: string; name: string }[];
  inGroup: boolean;
  errors?: FormErrors;
  errorsFor?: 'notes' | 'edit' | 'members';
  values?: Record<string, string>;
}

/** One breakout group: its question, people, note-taker and live shared notes. */
export function BreakoutPage({ request, notes, group, blocks, members, inGroup, errors, errorsFor, values = {} }: BreakoutPageProps) {
  const t = translator(request);
  const base = `${sessionUrl(notes, 'breakouts')}/${group.id}`;
  const title = t('breakouts.groupName', { name: group.name });
  return (
    <Layout request={request} title={`${title} · ${notes.session.title}`}>
      <SessionHeader request={request} access={notes} title={title} />
      <section class="panel" aria-labelledby="group-heading">
        <h2 id="group-heading">{escapeHtml(t('breakouts.question'))}</h2>
        <p class="lead">{escapeHtml(group.question || t('breakouts.noQuestion'))}</p>
        <p>{escapeHtml(t('breakouts.noteTakerIs', { name: group.noteTakerName ?? t('breakouts.nobody') }))}</p>
        {inGroup && group.note_taker_id !== request.user?.id ? (
          <PostForm request={request} action={`${base}/note-taker`}>
            <button type="submit">{escapeHtml(t('breakouts.takeNotes'))}</button>
          </PostForm>
        ) : (
          ''
        )}
        <h3>{escapeHtml(t('breakouts.members'))}</h3>
        {group.members.length ? (
          <ul>
            {group.members.map((m) => (
              <li>{escapeHtml(m.name)}</li>
            ))}
          </ul>
        ) : (
          <p>{escapeHtml(t('breakouts.empty'))}</p>
        )}
      </section>
      <NotesSection
        request={request}
        access={notes}
        blocks={blocks}
        errors={errorsFor === 'notes' ? errors : undefined}
        draft={values.body}
      />
      {notes.isFacilitator ? (
        <>
          <section class="panel" aria-labelledby="edit-heading">
            <h2 id="edit-heading">{escapeHtml(t('breakouts.edit'))}</h2>
            <PostForm request={request} action={base}>
              {errorsFor === 'edit' ? <ErrorSummary request={request} errors={errors} /> : ''}
              <Field
                name="name"
                label={t('breakouts.name')}
                value={values.name ?? group.name}
                errors={errorsFor === 'edit' ? errors : undefined}
                required
              />
              <Field
                name="question"
                label={t('breakouts.question')}
                value={values.question ?? group.question}
                errors={errorsFor === 'edit' ? errors : undefined}
              />
              <Select
                name="noteTaker"
                label={t('breakouts.noteTaker')}
                value={values.noteTaker ?? group.note_taker_id ?? ''}
                errors={errorsFor === 'edit' ? errors : undefined}
                options={[{ value: '', label: t('breakouts.nobody') }, ...group.members.map((m) => ({ value: m.userId, label: m.name }))]}
              />
              <button type="submit">{escapeHtml(t('breakouts.save'))}</button>
            </PostForm>
          </section>
          <section class="panel" aria-labelledby="members-heading">
            <h2 id="members-heading">{escapeHtml(t('breakouts.assign'))}</h2>
            <PostForm request={request} action={`${base}/members`}>
              {errorsFor === 'members' ? <ErrorSummary request={request} errors={errors} /> : ''}
              <Select
                name="user"
                label={t('breakouts.person')}
                errors={errorsFor === 'members' ? errors : undefined}
                options={members.map((m) => ({ value: m.userId, label: m.name }))}
              />
              <Checkbox name="remove" label={t('breakouts.removeFromGroup')} />
              <button type="submit">{escapeHtml(t('breakouts.assignButton'))}</button>
            </PostForm>
          </section>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
