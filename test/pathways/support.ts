import { addMember, type CurrentUser, createOrganisation } from '../../src/accounts/api.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { person } from '../credentials/issuing/helpers.ts';

let counter = 0;

/** An organisation with an issuer and its badges. */
export async function issuingOrganisation(ctx: AppContext, label: string, badges: string[]) {
  counter++;
  const slug = `pw-${label.toLowerCase()}-${counter}-${Math.random().toString(36).slice(2, 6)}`;
  const issuer: CurrentUser = await person(ctx, label);
  const { id } = await createOrganisation(ctx.db, { slug, name: `${label} ${counter}`, kind: 'school', description: 'Test issuer' });
  await addMember(ctx.db, id, issuer.id, 'issuer');
  const achievements = [];
  for (const name of badges)
    achievements.push(
      await createAchievement(ctx, issuer, slug, { name, description: `${name}, described`, criteriaNarrative: 'Did it', language: 'en' }),
    );
  return {
    id,
    slug,
    issuer,
    achievements,
    /** Issues one of its badges to an address, awarded on the given date. */
    issue: (achievementId: string, email: string, awardedAt?: Date) =>
      issueCredential(ctx, issuer, slug, { achievementId, recipient: { email, name: 'Learner' }, awardedAt, notify: false }),
  };
}
