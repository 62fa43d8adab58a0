import type { FastifyRequest } from 'fastify';
import { escapeHtml } from '../../platform/pages/escape.ts';
import { Checkbox, ErrorSummary, Field, type FormErrors, PostForm, Select } from '../../platform/pages/forms.tsx';
import { Layout } from '../../platform/pages/layout.tsx';
import { SkillPickerField } from '../../skills/api.ts';
import type { Programme } from '../access.ts';
import { p, programmePath } from './components.tsx';

export interface CriterionValues {
  name: string;
  description: string;
  /** One level per line, lowest first: "Name: what it looks like". */
  levels: string;
  passLevel: string;
}

export interface AssignmentValues {
  title: string;
  instructions: string;
  evidence: string[];
}

export interface ModuleValues {
  name: string;
  description: string;
  chosenSkills: string[];
  skills: string;
  validMonths: string;
  renewal: string;
  secondAssessment: boolean;
  criteria: CriterionValues[];
  assignments: AssignmentValues[];
}

export const emptyCriterion = (): CriterionValues => ({ name: '', description: '', levels: '', passLevel: '' });
export const emptyAssignment = (): AssignmentValues => ({ title: '', instructions: '', evidence: ['text', 'file', 'link'] });

function ErrorLine({ id, errors }: { id: string; errors?: FormErrors }) {
  const error = errors?.[id];
  return error ? (
    <p class="error-message" id={`${id}-error`}>
      {escapeHtml(error)}
    </p>
  ) : (
    ''
  );
}

function CriterionFields({
  request,
  index,
  values,
  errors,
}: {
  request: FastifyRequest;
  index: number;
  values: CriterionValues;
  errors?: FormErrors;
}) {
  const at = `rubric.${index}`;
  return (
    <fieldset class="form-group" id={at}>
      <legend>{escapeHtml(p(request, 'moduleForm.criterion', { number: index + 1 }))}</legend>
      <Field name={`${at}.name`} label={p(request, 'moduleForm.criterionName')} value={values.name} errors={errors} />
      <Field name={`${at}.description`} label={p(request, 'moduleForm.criterionDescription')} value={values.description} errors={errors} />
      <Field
        name={`${at}.levels`}
        label={p(request, 'moduleForm.levels')}
        hint={p(request, 'moduleForm.levelsHint')}
        value={values.levels}
        errors={errors}
        multiline
      />
      <Field
        name={`${at}.passLevel`}
        label={p(request, 'moduleForm.passLevel')}
        hint={p(request, 'moduleForm.passLevelHint')}
        value={values.passLevel}
        errors={errors}
      />
    </fieldset>
  );
}

function AssignmentFields({
  request,
  index,
  values,
  errors,
}: {
  request: FastifyRequest;
  index: number;
  values: AssignmentValues;
  errors?: FormErrors;
}) {
  const at = `assignments.${index}`;
  return (
    <fieldset class="form-group" id={at}>
      <legend>{escapeHtml(p(request, 'moduleForm.assignment', { number: index + 1 }))}</legend>
      <Field name={`${at}.title`} label={p(request, 'moduleForm.assignmentTitle')} value={values.title} errors={errors} />
      <Field
        name={`${at}.instructions`}
        label={p(request, 'moduleForm.instructions')}
        value={values.instructions}
        errors={errors}
        multiline
      />
      <fieldset class="form-group plain" id={`${at}.evidence`}>
        <legend>{escapeHtml(p(request, 'moduleForm.evidence'))}</legend>
        <ErrorLine id={`${at}.evidence`} errors={errors} />
        {['text', 'file', 'link'].map((kind) => (
          <div class="field field-checkbox">
            <input
              type="checkbox"
              id={`${at}.evidence.${kind}`}
              name={`${at}.evidence`}
              value={kind}
              checked={values.evidence.includes(kind)}
            />
            <label for={`${at}.evidence.${kind}`}>{escapeHtml(p(request, `evidenceKind.${kind}`))}</label>
          </div>
        ))}
      </fieldset>
    </fieldset>
  );
}

/** `/programmes/:id/modules/new`: a module with its skills, rubric and assignments (its badge is made from them). */
export function ModuleFormPage({
  request,
  programme,
  values,
  errors,
}: {
  request: FastifyRequest;
  programme: Programme;
  values: ModuleValues;
  errors?: FormErrors;
}) {
  const title = p(request, 'moduleForm.title', { programme: programme.name });
  return (
    <Layout request={request} title={title}>
      <p>
        <a href={programmePath(programme.id)}>{escapeHtml(p(request, 'form.back'))}</a>
      </p>
      <h1>{escapeHtml(title)}</h1>
      <p>{escapeHtml(p(request, 'moduleForm.intro'))}</p>
      <ErrorSummary request={request} errors={errors} />
      <PostForm request={request} action={`/programmes/${programme.id}/modules/new`}>
        <Field
          name="name"
          label={p(request, 'moduleForm.name')}
          hint={p(request, 'moduleForm.nameHint')}
          value={values.name}
          errors={errors}
          required
        />
        <Field name="description" label={p(request, 'form.description')} value={values.description} errors={errors} multiline required />
        <SkillPickerField
          request={request}
          name="skill"
          label={p(request, 'moduleForm.skills')}
          hint={p(request, 'moduleForm.skillsHint')}
          chosenIds={values.chosenSkills}
          fallback={
            <Field name="skills" label={p(request, 'moduleForm.skillsByAddress')} value={values.skills} errors={errors} multiline />
          }
          error={errors?.skills}
        />
        <h2 id="rubric">{escapeHtml(p(request, 'moduleForm.rubric'))}</h2>
        <p class="hint">{escapeHtml(p(request, 'moduleForm.rubricHint'))}</p>
        <ErrorLine id="rubric" errors={errors} />
        {values.criteria.map((c, i) => (
          <CriterionFields request={request} index={i} values={c} errors={errors} />
        ))}
        <h2 id="assignments">{escapeHtml(p(request, 'moduleForm.assignments'))}</h2>
        <ErrorLine id="assignments" errors={errors} />
        {values.assignments.map((a, i) => (
          <AssignmentFields request={request} index={i} values={a} errors={errors} />
        ))}
        <h2>{escapeHtml(p(request, 'moduleForm.assessment'))}</h2>
        <Checkbox
          name="secondAssessment"
          label={p(request, 'moduleForm.secondAssessment')}
          hint={p(request, 'moduleForm.secondAssessmentHint')}
          checked={values.secondAssessment}
          errors={errors}
        />
        <Field
          name="validMonths"
          type="number"
          label={p(request, 'moduleForm.validMonths')}
          hint={p(request, 'moduleForm.validMonthsHint')}
          value={values.validMonths}
          errors={errors}
        />
        <Select
          name="renewal"
          label={p(request, 'moduleForm.renewal')}
          value={values.renewal}
          errors={errors}
          options={[
            { value: 'assessment', label: p(request, 'renewal.assessment') },
            { value: 'claim', label: p(request, 'renewal.claim') },
          ]}
        />
        <button type="submit">{escapeHtml(p(request, 'moduleForm.save'))}</button>
      </PostForm>
    </Layout>
  );
}
