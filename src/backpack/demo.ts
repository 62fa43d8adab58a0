import { addConfirmedAddress, findOrganisation, getCurrentUser } from '../accounts/api.ts';
import { createAchievement, issueCredential } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';
import { demoSkillIds } from '../skills/api.ts';
import { addToCollection, createCollection } from './collections.ts';
import { allItems, setItemState } from './items.ts';
import { saveProfile } from './profile.ts';

/** The demo learner's school address: a second, confirmed address that badges reach the backpack through. */
export const DEMO_SCHOOL_ADDRESS = 'lars@brabant-college.demo.vaardig.local';

/**
 * The demo earner (Lars Leerling): a second confirmed address, a badge from the school sent to it
 * and one from the event organiser, besides the employer's badge (credentials' demo). The
 * employer's badge is accepted; the others wait, marked new.
 */
export async function seedBackpackDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  const learner = await getCurrentUser(ctx.db, demo.people.learner);
  const teacher = await getCurrentUser(ctx.db, demo.people.teacher);
  const organiser = await getCurrentUser(ctx.db, demo.people.organiser);
  const school = await findOrganisation(ctx.db, demo.organisations.school);
  const events = await findOrganisation(ctx.db, demo.organisations.events);
  if (!learner || !teacher || !organiser || !school || !events) return;
  await addConfirmedAddress(ctx.db, learner.id, DEMO_SCHOOL_ADDRESS);
  const welding = await createAchievement(ctx, teacher, school.slug, {
    name: 'Basis lassen (MIG/MAG)',
    description: 'Last stalen platen met MIG/MAG in de vlakke positie, veilig en volgens tekening.',
    criteriaNarrative: 'Slaagde voor de praktische lastoets van het eerste jaar.',
    achievementType: 'Certificate',
    skills: await demoSkillIds(ctx, ['Weld steel plates (MIG/MAG)', 'Read technical drawings']),
    language: 'nl',
  });
  await issueCredential(ctx, teacher, school.slug, {
    achievementId: welding.id,
    recipient: { email: DEMO_SCHOOL_ADDRESS, name: learner.name },
    notify: false,
  });
  const workshop = await createAchievement(ctx, organiser, events.slug, {
    name: 'Workshop: werken met robots',
    description: 'Deed mee aan een praktische workshop over het programmeren van een industriële robotarm.',
    criteriaNarrative: 'Was bij de workshop en programmeerde een pick-and-place-taak.',
    achievementType: 'Achievement',
    language: 'nl',
  });
  await issueCredential(ctx, organiser, events.slug, {
    achievementId: workshop.id,
    recipient: { email: learner.email, name: learner.name },
    notify: false,
  });
  // The employer's badge (the oldest) is accepted already.
  const items = await allItems(ctx, learner.id);
  const employerBadge = items.find((i) => i.name === 'CNC-machine bedienen');
  if (employerBadge) await setItemState(ctx, learner.id, employerBadge.id, 'accepted');
  // A public collection of the metalwork badges.
  const metalwork = await createCollection(ctx, learner.id, {
    name: 'Metaalbewerking',
    description: 'Wat ik op school en op het werk leerde in de metaalbewerking.',
    isPublic: true,
  });
  for (const item of items.filter((i) => i.name !== 'Workshop: werken met robots'))
    await addToCollection(ctx, learner.id, metalwork.id, item.id);
  // A published profile with the public collection and the skills profile.
  await saveProfile(ctx, learner.id, {
    handle: 'lars-leerling',
    displayName: learner.name,
    bio: 'Tweedejaars student metaaltechniek aan het Brabant College; op vrijdag werk ik bij Maasdal Techniek.',
    published: true,
    showSkills: true,
  });
}
