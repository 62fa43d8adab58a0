import { getCurrentUser } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoNetwork } from '../../platform/module.ts';
import { createAchievement } from './achievements.ts';
import { createClaimCode } from './claims.ts';
import { issueCredential } from './issue.ts';
import { findOrganisation } from '../../accounts/api.ts';
import { demoSkillIds } from '../../skills/api.ts';

/** Demo: the employer defines a badge and issues it to the learner; the event organiser has a claim code. */
export async function seedIssuingDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  const employer = await findOrganisation(ctx.db, demo.organisations.employer);
  const events = await findOrganisation(ctx.db, demo.organisations.events);
  const employerOwner = await getCurrentUser(ctx.db, demo.people.employer);
  const organiser = await getCurrentUser(ctx.db, demo.people.organiser);
  const learner = await getCurrentUser(ctx.db, demo.people.learner);
  if (!employer || !events || !employerOwner || !organiser || !learner) return;
  const achievement = await createAchievement(ctx, employerOwner, employer.slug, {
    name: 'CNC-machine bedienen',
    description: 'Stelt de CNC-freesmachine in en bedient hem veilig; op de werkvloer geleerd van een collega.',
    criteriaNarrative: 'Werkte een volledige dienst onder begeleiding aan de machine en haalde de veiligheidschecklist.',
    achievementType: 'Competency',
    skills: await demoSkillIds(ctx, ['Maintain CNC machines']),
    language: 'nl',
  });
  await issueCredential(ctx, employerOwner, employer.slug, {
    achievementId: achievement.id,
    recipient: { email: learner.email, name: learner.name },
    notify: false,
  });
  const event = await createAchievement(ctx, organiser, events.slug, {
    name: 'Deelnemer Oss Leert Festival',
    description: 'Deed mee aan het leerfestival Oss Leert.',
    criteriaNarrative: 'Was op het festival en deed mee aan minstens één workshop.',
    achievementType: 'Achievement',
    language: 'nl',
  });
  await createClaimCode(ctx, organiser, events.slug, event.id, { label: 'Oss Leert Festival', maxClaims: 500 });
}
