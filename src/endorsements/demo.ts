import { findOrganisation, getCurrentUser } from '../accounts/api.ts';
import { networkAchievements } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';
import { endorse } from './service.ts';

/** Demo: the employer endorses the school's welding badge (carried by welding badges issued from now on). */
export async function seedEndorsementsDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  const employer = await findOrganisation(ctx.db, demo.organisations.employer);
  const owner = await getCurrentUser(ctx.db, demo.people.employer);
  if (!employer || !owner) return;
  const welding = (await networkAchievements(ctx)).find((a) => a.name === 'Basis lassen (MIG/MAG)');
  if (!welding) return;
  await endorse(ctx, owner, employer.slug, {
    subjectType: 'achievement',
    subjectId: welding.id,
    comment:
      'Wie deze badge heeft, kan bij ons in de werkplaats meteen aan de slag met MIG/MAG-lassen. Wij zien dit als een betrouwbaar bewijs van de basisvaardigheid.',
  });
}
