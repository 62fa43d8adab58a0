import { randomBytes } from 'node:crypto';
import { addMember, createUser, findOrganisation, getCurrentUser } from '../../accounts/api.ts';
import { allItems, setFindable, setItemState } from '../../backpack/api.ts';
import { createAchievement, issueCredential } from '../../credentials/api.ts';
import { submitVacancy } from '../../labour-market/api.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoNetwork } from '../../platform/module.ts';
import { demoSkillIds } from '../../skills/api.ts';

/**
 * Matching's part of the demo network: the job seeker (Jamila) and the learner (Lars) opted in,
 * Jamila with accepted badges of the school and the employer aligned to the library's skills the
 * demo vacancies ask for (technical drawings, reporting in a team); the employer (Maasdal
 * Techniek) with a vacancy of its own (maintenance fitter: CNC maintenance, drawings, TIG welding,
 * reporting), target skills and two employees who share their verified skills with it, so
 * matching, the next badge and the team matrix show something from the first start.
 */
export async function seedMatchingDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  const [jobseeker, learner, teacher, employerOwner] = await Promise.all(
    ['jobseeker', 'learner', 'teacher', 'employer'].map((k) => (demo.people[k] ? getCurrentUser(ctx.db, demo.people[k]) : null)),
  );
  const school = await findOrganisation(ctx.db, demo.organisations.school);
  const employer = await findOrganisation(ctx.db, demo.organisations.employer);
  if (!jobseeker || !learner || !teacher || !employerOwner || !school || !employer) return;
  const ids = await demoSkillIds(ctx, [
    'Read technical drawings',
    'Report on work in a team',
    'Weld steel pipes (TIG)',
    'Maintain CNC machines',
  ]);
  if (ids.length !== 4) return;
  const [drawings, reporting, tig, cnc] = ids;

  const drawingBadge = await createAchievement(ctx, teacher, school.slug, {
    name: 'Technisch tekenen lezen',
    description: 'Leest technische tekeningen, symbolen en toleranties en bereidt het werk ermee voor.',
    criteriaNarrative: 'Maakte de toets technisch tekenen lezen met een voldoende.',
    achievementType: 'Competency',
    skills: [drawings],
    language: 'nl',
  });
  const reportBadge = await createAchievement(ctx, employerOwner, employer.slug, {
    name: 'Rapporteren in het team',
    description: 'Rapporteert voortgang en problemen helder aan collega’s en de leidinggevende.',
    criteriaNarrative: 'Hield drie weken lang de overdracht van de ploeg bij.',
    achievementType: 'Competency',
    skills: [reporting],
    language: 'nl',
  });
  const weldingBadge = await createAchievement(ctx, employerOwner, employer.slug, {
    name: 'TIG-lassen van buizen',
    description: 'Last stalen buizen met TIG volgens de lasmethodebeschrijving.',
    criteriaNarrative: 'Legde de praktijkproef TIG-lassen af bij Maasdal Techniek.',
    achievementType: 'Certificate',
    skills: [tig],
    language: 'nl',
  });

  // Jamila: two badges, accepted, and the opt-in.
  await issueCredential(ctx, teacher, school.slug, {
    achievementId: drawingBadge.id,
    recipient: { email: jobseeker.email, name: jobseeker.name },
    notify: false,
  });
  await issueCredential(ctx, employerOwner, employer.slug, {
    achievementId: reportBadge.id,
    recipient: { email: jobseeker.email, name: jobseeker.name },
    notify: false,
  });
  for (const item of await allItems(ctx, jobseeker.id)) await setItemState(ctx, jobseeker.id, item.id, 'accepted');
  await setFindable(ctx, jobseeker, true);
  await setFindable(ctx, learner, true);

  // The employer publishes a vacancy of its own (tagged in the background), for its candidates page.
  await submitVacancy(ctx, employerOwner, {
    organisation: employer.slug,
    id: 'maasdal-onderhoudsmonteur',
    title: 'Onderhoudsmonteur metaal',
    employer: employer.name,
    municipality: 'Oss',
    language: 'nl',
    description:
      'Als onderhoudsmonteur voer je preventief onderhoud uit aan onze CNC-machines en leg je dat vast in het onderhoudslogboek. ' +
      'Je leest technische tekeningen en toleranties, last stalen buizen met TIG (pijplassen) en rapporteert over je werk aan het team.',
  });

  // The employer's targets, and two employees who share their verified skills with it.
  await ctx.db
    .insertInto('insight_matching_targets')
    .values([
      { organisation_id: employer.id, skill_id: tig, wanted: 2, updated_by: employerOwner.id },
      { organisation_id: employer.id, skill_id: cnc, wanted: 2, updated_by: employerOwner.id },
      { organisation_id: employer.id, skill_id: drawings, wanted: 1, updated_by: employerOwner.id },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  const employees: [string, string, string[]][] = [
    ['Sanne Smit', 'sanne@maasdal-techniek.demo.vaardig.local', [weldingBadge.id, drawingBadge.id]],
    ['Daan de Wit', 'daan@maasdal-techniek.demo.vaardig.local', [reportBadge.id]],
  ];
  for (const [name, email, badges] of employees) {
    const { id } = await createUser(ctx.db, {
      email,
      name,
      password: randomBytes(18).toString('base64url'),
      emailConfirmed: true,
      isDemo: true,
    });
    await addMember(ctx.db, employer.id, id, 'member');
    for (const achievementId of badges) {
      const byEmployer = achievementId !== drawingBadge.id;
      await issueCredential(ctx, byEmployer ? employerOwner : teacher, byEmployer ? employer.slug : school.slug, {
        achievementId,
        recipient: { email, name },
        notify: false,
      });
    }
    for (const item of await allItems(ctx, id)) await setItemState(ctx, id, item.id, 'accepted');
    await ctx.db.insertInto('insight_matching_shares').values({ user_id: id, organisation_id: employer.id }).execute();
  }
}
