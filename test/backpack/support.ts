import type { FastifyInstance } from 'fastify';
import { addConfirmedAddress, type CurrentUser } from '../../src/accounts/api.ts';
import { createAchievement, issueCredential } from '../../src/credentials/api.ts';
import type { AppContext } from '../../src/platform/context.ts';
import { signedInBrowser } from '../accounts/support.ts';
import { organisationWith, person } from '../credentials/issuing/helpers.ts';

let orgCounter = 0;

/** An organisation with an issuer, and a function that issues a badge of its own to an address. */
export async function issuerFor(ctx: AppContext, name = 'Issuer') {
  orgCounter++;
  const slug = `bp-org-${orgCounter}-${Math.random().toString(36).slice(2, 7)}`;
  const issuer: CurrentUser = await person(ctx, name);
  await organisationWith(ctx, slug, [[issuer, 'issuer']]);
  return {
    slug,
    issuer,
    async issue(email: string, badge: { name: string; skills?: string[]; proofFormat?: string }) {
      const achievement = await createAchievement(ctx, issuer, slug, {
        name: badge.name,
        description: `${badge.name}: described`,
        criteriaNarrative: 'Did it',
        skills: badge.skills,
        language: 'en',
        proofFormat: badge.proofFormat,
      });
      return issueCredential(ctx, issuer, slug, { achievementId: achievement.id, recipient: { email, name: 'Earner' }, notify: false });
    },
  };
}

/** A signed-in earner with a confirmed second address. */
export async function earner(ctx: AppContext, app: FastifyInstance) {
  const signed = await signedInBrowser(ctx, app);
  const second = `second-${signed.email}`;
  await addConfirmedAddress(ctx.db, signed.userId, second);
  return { ...signed, second };
}

export function cookieOf(browser: { cookies: Map<string, string> }): string {
  return [...browser.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ');
}
