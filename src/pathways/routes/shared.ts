import type { FastifyRequest } from 'fastify';
import type { PathwayInput } from '../service.ts';
import { emptyStep, type FormValues, type StepValues } from '../pages/manage.tsx';

/** Route options of the pathway pages: not in the API documentation. */
export const hide = { schema: { hide: true } };

type Body = Record<string, string | string[] | undefined>;

const one = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
};
const many = (body: Body, name: string): string[] => {
  const value = body[name];
  return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
};
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The editor's form as values (empty steps left out, so the steps' numbers are the ones the service names). */
export function readForm(request: FastifyRequest): FormValues {
  const body = (request.body ?? {}) as Body;
  const steps: StepValues[] = [];
  for (let i = 0; i < 100; i++) {
    if (!Object.keys(body).some((k) => k.startsWith(`steps.${i}.`))) continue;
    const step: StepValues = {
      ...emptyStep(),
      name: one(body, `steps.${i}.name`).trim(),
      rule: one(body, `steps.${i}.rule`) || 'all',
      count: one(body, `steps.${i}.count`).trim(),
      ordered: one(body, `steps.${i}.ordered`) !== '',
      achievements: many(body, `steps.${i}.achievements`),
      external: one(body, `steps.${i}.external`),
      skills: one(body, `steps.${i}.skills`),
    };
    if (step.name || step.achievements.length || lines(step.external).length || lines(step.skills).length) steps.push(step);
  }
  return {
    name: one(body, 'name'),
    description: one(body, 'description'),
    achievementId: one(body, 'achievementId'),
    status: one(body, 'status'),
    version: one(body, 'version'),
    steps,
  };
}

/** Form values as the service's input. */
export function toInput(values: FormValues): PathwayInput {
  return {
    name: values.name,
    description: values.description,
    achievementId: values.achievementId,
    status: values.status || 'draft',
    ...(values.version && /^\d+$/.test(values.version) ? { version: Number(values.version) } : {}),
    steps: values.steps.map((s) => ({
      name: s.name,
      rule: s.rule,
      count: s.count === '' ? undefined : s.count,
      ordered: s.ordered,
      achievements: [...s.achievements, ...lines(s.external)],
      skills: lines(s.skills),
    })),
  };
}
