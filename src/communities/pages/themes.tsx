import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { ErrorSummary, Field, type FormErrors, PostForm } from '../../platform/pages/forms.tsx';
import { formatDate } from '../../platform/pages/format.ts';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import { SkillPickerField } from '../../skills/api.ts';
import type { CommunityAccess, CommunityRow } from '../communities.ts';
import type { GoalRow, ThemeRow, TimelineEntry } from '../themes.ts';
import { Paragraphs, tr } from './components.tsx';

export interface ThemeFormValues {
  title?: string;
  why?: string;
  what?: string;
  how?: string;
  startsOn?: string;
  endsOn?: string;
  /** The picker's chosen ids, one per line. */
  chosenSkills?: string;
  /** The fallback: skill addresses, one per line. */
  skills?: string;
}

export function ThemeFormPage({
  request,
  community,
  theme,
  values,
  errors,
}: {
  request: FastifyRequest;
  community: CommunityRow;
  theme?: ThemeRow;
  values: ThemeFormValues;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const title = theme ? t('theme.editTitle', { title: theme.title }) : t('theme.newTitle');
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <p>
        <a href={`/communities/${community.slug}`}>{escapeHtml(t('back', { name: community.name }))}</a>
      </p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={theme ? `/communities/themes/${theme.id}/edit` : `/communities/${community.slug}/themes/new`}>
        <Field name="title" label={t('theme.title')} value={values.title} errors={errors} required />
        <Field name="why" label={t('theme.why')} hint={t('theme.whyHint')} value={values.why} errors={errors} multiline />
        <Field name="what" label={t('theme.what')} hint={t('theme.whatHint')} value={values.what} errors={errors} multiline />
        <Field name="how" label={t('theme.how')} hint={t('theme.howHint')} value={values.how} errors={errors} multiline />
        <Field name="startsOn" type="date" label={t('theme.startsOn')} value={values.startsOn} errors={errors} />
        <Field name="endsOn" type="date" label={t('theme.endsOn')} value={values.endsOn} errors={errors} />
        <SkillPickerField
          request={request}
          name="skill"
          label={t('theme.skills')}
          hint={t('theme.skillsHint')}
          chosenIds={(values.chosenSkills ?? '').split('\n')}
          fallback={<Field name="skills" label={t('theme.skillAddresses')} value={values.skills} errors={errors} multiline />}
          error={errors?.skills}
        />
        <button type="submit">{escapeHtml(t(theme ? 'form.save' : 'theme.create'))}</button>
      </PostForm>
    </Layout>
  );
}

function GoalsSection({
  request,
  goals,
  theme,
  canManage,
  errors,
}: {
  request: FastifyRequest;
  goals: GoalRow[];
  theme: ThemeRow;
  canManage: boolean;
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  return (
    <section>
      <h2>{escapeHtml(t('theme.goals'))}</h2>
      {goals.length === 0 ? <p>{escapeHtml(t('theme.noGoals'))}</p> : ''}
      <ul class="goals">
        {goals.map((g) => (
          <li>
            <span id={`goal-${g.id}`}>{escapeHtml(g.title)}</span>{' '}
            <progress max="100" value={String(g.progress)} aria-labelledby={`goal-${g.id}`}>
              {escapeHtml(`${g.progress}%`)}
            </progress>{' '}
            {escapeHtml(`${g.progress}%`)}
            {canManage ? (
              <form method="post" action={`/communities/goals/${g.id}`} class="inline-form" novalidate>
                <input type="hidden" name="_csrf" value={request.csrfToken} />
                <label for={`progress-${g.id}`}>{escapeHtml(t('theme.progressOf', { title: g.title }))}</label>
                <input id={`progress-${g.id}`} name="progress" type="number" min="0" max="100" value={String(g.progress)} />
                <button type="submit">{escapeHtml(t('form.save'))}</button>
              </form>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
      {canManage ? (
        <PostForm request={request} action={`/communities/themes/${theme.id}/goals`}>
          <Field name="title" label={t('theme.newGoal')} errors={errors} />
          <Field name="progress" type="number" label={t('theme.progress')} errors={errors} />
          <button type="submit">{escapeHtml(t('theme.addGoal'))}</button>
        </PostForm>
      ) : (
        ''
      )}
    </section>
  );
}

export function Timeline({ request, entries }: { request: FastifyRequest; entries: TimelineEntry[] }) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  if (entries.length === 0) return <p>{escapeHtml(t('theme.noTimeline'))}</p>;
  return (
    <ScrollTable label={t('theme.timeline')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{escapeHtml(t('session.when'))}</th>
            <th scope="col">{escapeHtml(t('session.kind'))}</th>
            <th scope="col">{escapeHtml(t('session.title'))}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td>{escapeHtml(formatDate(request, e.at, { style: 'medium' }))}</td>
              <td>{escapeHtml(t(e.kind))}</td>
              <td>
                {e.href ? <a href={e.href}>{escapeHtml(e.title)}</a> : escapeHtml(e.title)}
                {e.note ? ` (${escapeHtml(t(e.note))})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** A theme: Why, What and How, the year's goals with their progress, its skills and its timeline. */
export function ThemePage({
  request,
  access,
  theme,
  goals,
  skills,
  timeline,
  sections = [],
  errors,
}: {
  request: FastifyRequest;
  access: CommunityAccess;
  theme: ThemeRow;
  goals: GoalRow[];
  skills: { id: string; name: string }[];
  timeline: TimelineEntry[];
  sections?: JSX.Element[];
  errors?: FormErrors;
}) {
  const t = (key: string, params?: Record<string, unknown>) => tr(request, key, params);
  const { community } = access;
  const period = [theme.starts_on, theme.ends_on].map((d) => (d ? formatDate(request, d) : '…')).join(' – ');
  return (
    <Layout request={request} title={theme.title}>
      <h1>{escapeHtml(theme.title)}</h1>
      <p class="lead">
        <a href={`/communities/${community.slug}`}>{escapeHtml(community.name)}</a>
        {theme.starts_on || theme.ends_on ? ` · ${escapeHtml(period)}` : ''}
      </p>
      {access.isFacilitator ? (
        <p class="actions">
          <a href={`/communities/themes/${theme.id}/edit`}>{escapeHtml(t('theme.edit'))}</a>
          <a href={`/communities/${community.slug}/sessions/new?theme=${theme.id}`}>{escapeHtml(t('session.new'))}</a>
        </p>
      ) : (
        ''
      )}
      <ErrorSummary request={request} errors={errors} />
      <section>
        <h2>{escapeHtml(t('theme.why'))}</h2>
        <Paragraphs text={theme.why} />
        <h2>{escapeHtml(t('theme.what'))}</h2>
        <Paragraphs text={theme.what} />
        <h2>{escapeHtml(t('theme.how'))}</h2>
        <Paragraphs text={theme.how} />
      </section>
      <GoalsSection request={request} goals={goals} theme={theme} canManage={access.isFacilitator} errors={errors} />
      <section>
        <h2>{escapeHtml(t('theme.skills'))}</h2>
        {skills.length === 0 ? (
          <p>{escapeHtml(t('theme.noSkills'))}</p>
        ) : (
          <ul>
            {skills.map((s) => (
              <li>
                <a href={`/skills/${s.id}`}>{escapeHtml(s.name)}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h2>{escapeHtml(t('theme.timeline'))}</h2>
        <Timeline request={request} entries={timeline} />
      </section>
      {sections}
    </Layout>
  );
}
