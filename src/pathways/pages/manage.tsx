import type { FastifyRequest } from 'fastify';
import type { NetworkAchievement } from '../../credentials/api.ts';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { ScrollTable } from '../../platform/pages/table.tsx';
import type { Pathway } from '../service.ts';
import { STATUSES } from '../service.ts';
import { p } from './components.tsx';

/** `/organisations/:slug/pathways`: the organisation's pathways for its editors. */
export function ManagePage({
  request,
  organisation,
  pathways,
  awarded,
  hasBadges,
}: {
  request: FastifyRequest;
  organisation: { slug: string; name: string };
  pathways: Pathway[];
  awarded: Map<string, number>;
  hasBadges: boolean;
}) {
  const title = p(request, 'manage.title', { organisation: organisation.name });
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <p class="lead">{escapeHtml(p(request, 'manage.lead'))}</p>
      <p class="actions">
        {hasBadges ? (
          <a href={`/organisations/${organisation.slug}/pathways/new`}>{escapeHtml(p(request, 'manage.new'))}</a>
        ) : (
          <span>
            {escapeHtml(p(request, 'manage.noBadges'))}{' '}
            <a href={`/organisations/${organisation.slug}/achievements/new`}>
              {escapeHtml(request.t('credentials:issuing.newAchievement'))}
            </a>
          </span>
        )}
      </p>
      {pathways.length === 0 ? (
        <p>{escapeHtml(p(request, 'manage.none'))}</p>
      ) : (
        <ScrollTable label={p(request, 'manage.caption')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{escapeHtml(p(request, 'manage.name'))}</th>
                <th scope="col">{escapeHtml(p(request, 'manage.status'))}</th>
                <th scope="col">{escapeHtml(p(request, 'manage.steps'))}</th>
                <th scope="col">{escapeHtml(p(request, 'manage.awarded'))}</th>
              </tr>
            </thead>
            <tbody>
              {pathways.map((pathway) => (
                <tr>
                  <td>
                    <a href={`/pathways/${pathway.id}`}>{escapeHtml(pathway.name)}</a>
                  </td>
                  <td>{escapeHtml(p(request, `detail.status.${pathway.status}`))}</td>
                  <td>{escapeHtml(String(pathway.steps.length))}</td>
                  <td>{escapeHtml(String(awarded.get(pathway.id) ?? 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

export interface StepValues {
  name: string;
  rule: string;
  count: string;
  ordered: boolean;
  achievements: string[];
  external: string;
  skills: string;
}

export interface FormValues {
  name: string;
  description: string;
  achievementId: string;
  status: string;
  version: string;
  steps: StepValues[];
}

export const emptyStep = (): StepValues => ({
  name: '',
  rule: 'all',
  count: '',
  ordered: false,
  achievements: [],
  external: '',
  skills: '',
});

/** The achievements of the network for a step, grouped by issuer. */
function AchievementChoice({
  name,
  label,
  hint,
  achievements,
  chosen,
  error,
}: {
  name: string;
  label: string;
  hint: string;
  achievements: NetworkAchievement[];
  chosen: string[];
  error?: string;
}) {
  const issuers = [...new Set(achievements.map((a) => a.organisationName))].sort();
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={name}>{escapeHtml(label)}</label>
      <p class="hint" id={`${name}-hint`}>
        {escapeHtml(hint)}
      </p>
      {error ? (
        <p class="error-message" id={`${name}-error`}>
          {escapeHtml(error)}
        </p>
      ) : (
        ''
      )}
      <select
        id={name}
        name={name}
        multiple="multiple"
        size="6"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${name}-hint ${name}-error` : `${name}-hint`}
      >
        {issuers.map((issuer) => (
          <optgroup label={issuer}>
            {achievements
              .filter((a) => a.organisationName === issuer)
              .map((a) => (
                <option value={a.id} selected={chosen.includes(a.id)}>
                  {escapeHtml(a.name)}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** The pathway editor: name, the pathway badge, status, and the steps (at least three fieldsets, two empty after the last filled). */
export function FormPage({
  request,
  organisation,
  pathwayId,
  values,
  ownBadges,
  achievements,
  errors,
}: {
  request: FastifyRequest;
  organisation: { slug: string; name: string };
  pathwayId: string | null;
  values: FormValues;
  ownBadges: NetworkAchievement[];
  achievements: NetworkAchievement[];
  errors?: FormErrors;
}) {
  const f = (key: string, options?: Record<string, unknown>) => p(request, `form.${key}`, options);
  const title = pathwayId ? f('editTitle', { name: values.name }) : f('newTitle');
  const action = pathwayId
    ? `/organisations/${organisation.slug}/pathways/${pathwayId}/edit`
    : `/organisations/${organisation.slug}/pathways/new`;
  const steps = [...values.steps];
  while (steps.length < Math.max(3, values.steps.length + 2)) steps.push(emptyStep());
  return (
    <Layout request={request} title={title}>
      <h1>{escapeHtml(title)}</h1>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={action}>
        <input type="hidden" name="version" value={values.version} />
        <Field name="name" label={f('name')} value={values.name} errors={errors} required />
        <Field name="description" label={f('description')} value={values.description} errors={errors} multiline />
        <Select
          name="achievementId"
          label={f('achievementId')}
          value={values.achievementId}
          errors={errors}
          options={[{ value: '', label: '—' }, ...ownBadges.map((a) => ({ value: a.id, label: a.name }))]}
        />
        <Select
          name="status"
          label={f('status')}
          value={values.status}
          errors={errors}
          options={STATUSES.map((s) => ({ value: s, label: p(request, `detail.status.${s}`) }))}
        />
        <h2>{escapeHtml(f('stepsHeading'))}</h2>
        <p class="hint">{escapeHtml(f('stepsHint'))}</p>
        {errors?.steps ? <p class="error-message">{escapeHtml(errors.steps)}</p> : ''}
        {steps.map((step, i) => {
          const n = (field: string) => `steps.${i}.${field}`;
          return (
            <fieldset class="pathway-step">
              <legend>{escapeHtml(f('step', { number: i + 1 }))}</legend>
              <Field name={n('name')} label={f('stepName')} value={step.name} errors={errors} />
              <Select
                name={n('rule')}
                label={f('rule')}
                value={step.rule}
                errors={errors}
                options={[
                  { value: 'all', label: f('ruleAll') },
                  { value: 'any', label: f('ruleAny') },
                ]}
              />
              <Field name={n('count')} label={f('count')} type="number" value={step.count} errors={errors} />
              {i > 0 ? <Checkbox name={n('ordered')} label={f('ordered')} checked={step.ordered} errors={errors} /> : ''}
              <AchievementChoice
                name={n('achievements')}
                label={f('achievements')}
                hint={f('achievementsHint')}
                achievements={achievements}
                chosen={step.achievements}
                error={errors?.[n('achievements')]}
              />
              <details open={Boolean(step.external || step.skills || errors?.[n('external')] || errors?.[n('skills')])}>
                <summary>{escapeHtml(f('more'))}</summary>
                <Field
                  name={n('external')}
                  label={f('external')}
                  hint={f('externalHint')}
                  value={step.external}
                  errors={errors}
                  multiline
                />
                <Field name={n('skills')} label={f('skills')} hint={f('skillsHint')} value={step.skills} errors={errors} multiline />
              </details>
            </fieldset>
          );
        })}
        <p class="actions">
          <button type="submit">{escapeHtml(f('save'))}</button>
          <a href={pathwayId ? `/pathways/${pathwayId}` : `/organisations/${organisation.slug}/pathways`}>{escapeHtml(f('cancel'))}</a>
        </p>
      </PostForm>
    </Layout>
  );
}
