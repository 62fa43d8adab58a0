import type { Achievement, AchievementInput } from '../achievements.ts';
import type { AchievementFormValues } from '../pages/issuer.tsx';

function lines(text = ''): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The badge form's fields as they were sent. */
export function formValues(fields: Record<string, string>): AchievementFormValues {
  return {
    name: fields.name,
    description: fields.description,
    criteriaNarrative: fields.criteriaNarrative,
    criteriaUrl: fields.criteriaUrl,
    achievementType: fields.achievementType,
    skills: fields.skills,
    chosenSkills: fields.skill,
    results: fields.results,
    tags: fields.tags,
    language: fields.language,
    proofFormat: fields.proofFormat,
    suspendable: fields.suspendable === 'on',
    validMonths: fields.validMonths,
  };
}

/** The badge form's values as the achievements service takes them. */
export function toInput(values: AchievementFormValues): AchievementInput {
  return {
    name: values.name,
    description: values.description,
    criteriaNarrative: values.criteriaNarrative ?? null,
    criteriaUrl: values.criteriaUrl ?? null,
    achievementType: values.achievementType,
    skills: [...new Set([...lines(values.chosenSkills), ...lines(values.skills)])],
    resultDescriptions: lines(values.results).map((l) => {
      const [name, allowed] = l.split(/:(.*)/s);
      const allowedValue = allowed
        ? allowed
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean)
        : undefined;
      return { name: name.trim(), resultType: allowedValue ? 'LetterGrade' : 'Result', allowedValue };
    }),
    tags: (values.tags ?? '').split(','),
    language: values.language,
    proofFormat: values.proofFormat,
    suspendable: values.suspendable,
    validMonths: values.validMonths ? Number(values.validMonths) : null,
  };
}

/** A stored badge as the form shows it for editing. */
export function editValues(a: Achievement): AchievementFormValues {
  return {
    name: a.name,
    description: a.description,
    criteriaNarrative: a.criteriaNarrative ?? '',
    criteriaUrl: a.criteriaUrl ?? '',
    achievementType: a.achievementType,
    skills: '',
    chosenSkills: a.alignments.map((x) => x.skillId).join('\n'),
    results: a.resultDescriptions.map((r) => (r.allowedValue ? `${r.name}: ${r.allowedValue.join(', ')}` : r.name)).join('\n'),
    tags: a.tags.join(', '),
    language: a.language,
    proofFormat: a.proofFormat,
    suspendable: a.suspendable,
    validMonths: a.validMonths ? String(a.validMonths) : '',
  };
}
