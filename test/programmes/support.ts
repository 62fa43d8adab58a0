import { addMember, type CurrentUser, createOrganisation } from '../../src/accounts/api.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { addAssessor, addCohort, decide, enrol } from '../../src/programmes/cohorts.ts';
import { addModule, createProgramme, type ModuleInput } from '../../src/programmes/programmes.ts';
import { person } from '../credentials/issuing/helpers.ts';

let counter = 0;

export const rubric = [
  {
    name: 'Coaching conversation',
    description: 'Leads a conversation that helps the learner on',
    levels: [
      { name: 'Beginning', description: 'Talks more than listens' },
      { name: 'Competent', description: 'Asks open questions' },
      { name: 'Excellent', description: 'Lets the learner find the way' },
    ],
    passLevel: 2,
  },
  {
    name: 'Reflection',
    levels: [{ name: 'Thin' }, { name: 'Sound' }, { name: 'Deep' }],
    passLevel: 'Sound',
  },
];

export function moduleInput(name: string, extra: Partial<ModuleInput> = {}): ModuleInput {
  return {
    name,
    description: `${name}: what it is about`,
    rubric,
    assignments: [
      { title: 'Recorded conversation', instructions: 'Upload or link a recording', evidence: ['file', 'link'] },
      { title: 'Reflection', instructions: 'What went well', evidence: ['text'] },
    ],
    ...extra,
  };
}

/** An organisation with a programme manager, a published programme with modules and a running cohort. */
export async function programmeWorld(
  ctx: AppContext,
  label: string,
  options: { modules?: ModuleInput[]; enrolment?: 'open' | 'application' } = {},
) {
  counter++;
  const slug = `pg-${label.toLowerCase()}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
  const manager: CurrentUser = await person(ctx, `${label}Manager`);
  const { id } = await createOrganisation(ctx.db, { slug, name: `${label} ${counter}`, kind: 'training-provider', description: 'Test' });
  await addMember(ctx.db, id, manager.id, 'admin');
  const programme = await createProgramme(ctx, manager, slug, {
    name: `${label} coach programme`,
    description: 'Trains coaches',
    enrolment: options.enrolment ?? 'application',
    status: 'published',
    language: 'en',
  });
  const modules = [];
  for (const input of options.modules ?? [moduleInput('Coaching'), moduleInput('Designing routes', { secondAssessment: true })])
    modules.push(await addModule(ctx, manager, programme.id, input));
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const cohort = await addCohort(ctx, manager, programme.id, { name: 'Spring', startsOn: day(-10), endsOn: day(80), capacity: 10 });
  const assessors: CurrentUser[] = [];
  for (const name of ['First', 'Second', 'Third']) {
    const a = await person(ctx, `${label}${name}Assessor`);
    await addAssessor(ctx, manager, cohort.id, a.email);
    assessors.push(a);
  }
  return {
    id,
    slug,
    manager,
    programme,
    modules,
    cohort,
    assessors,
    /** A participant, applied and accepted (or enrolled, with open enrolment). */
    async participant(name: string): Promise<CurrentUser> {
      const p = await person(ctx, name);
      const e = await enrol(ctx, p, cohort.id, { motivation: 'I coach in my spare time' });
      if (e.state === 'applied') await decide(ctx, manager, e.id, 'accept');
      return p;
    },
  };
}
