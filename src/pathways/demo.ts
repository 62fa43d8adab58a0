import { findOrganisation, getCurrentUser } from '../accounts/api.ts';
import { createAchievement, networkAchievements } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';
import { createPathway } from './service.ts';

/**
 * Demo: the school's pathway "Vakkracht metaaltechniek" of three badges from two issuers — the
 * school's welding badge and a new safety badge, and the employer's CNC badge — leading to a
 * pathway badge of the school. The learner holds two of them (backpack and credentials demos), so
 * the pathway shows two of three steps done; the safety step counts only after the welding step.
 */
export async function seedPathwaysDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  const school = await findOrganisation(ctx.db, demo.organisations.school);
  const teacher = await getCurrentUser(ctx.db, demo.people.teacher);
  if (!school || !teacher) return;
  const existing = await networkAchievements(ctx);
  const welding = existing.find((a) => a.name === 'Basis lassen (MIG/MAG)');
  const cnc = existing.find((a) => a.name === 'CNC-machine bedienen');
  if (!welding || !cnc) return;
  const safety = await createAchievement(ctx, teacher, school.slug, {
    name: 'Veilig werken in de werkplaats',
    description: 'Werkt veilig met machines en gereedschap in de werkplaats: persoonlijke bescherming, orde en netheid, noodstop.',
    criteriaNarrative: 'Haalde de VCA-basistoets van de school en werkte een periode zonder veiligheidsopmerkingen.',
    achievementType: 'Certificate',
    language: 'nl',
  });
  const badge = await createAchievement(ctx, teacher, school.slug, {
    name: 'Vakkracht metaaltechniek',
    description: 'Heeft de leerroute metaaltechniek afgerond: lassen, veilig werken en een CNC-machine bedienen in het bedrijf.',
    criteriaNarrative: 'Behaalde de drie badges van de leerroute Vakkracht metaaltechniek, op school en bij een leerbedrijf.',
    achievementType: 'Certificate',
    language: 'nl',
  });
  await createPathway(ctx, teacher, school.slug, {
    name: 'Vakkracht metaaltechniek',
    description:
      'Van de eerste las op school tot de CNC-machine bij een leerbedrijf in Oss: drie badges van twee uitgevers, samen de badge Vakkracht metaaltechniek.',
    achievementId: badge.id,
    status: 'published',
    steps: [
      { name: 'Lassen', rule: 'all', achievements: [welding.id] },
      { name: 'Veilig werken', rule: 'all', ordered: true, achievements: [safety.id] },
      { name: 'In het bedrijf', rule: 'any', count: 1, achievements: [cnc.id] },
    ],
  });
}
