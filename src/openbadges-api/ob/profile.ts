import { confirmedAddresses, getCurrentUser, updateProfile } from '../../accounts/api.ts';
import { profileSettings } from '../../backpack/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { E } from '../errors.ts';

/**
 * getProfile and putProfile of the Open Badges 3.0 API: the person as an OB 3.0 Profile (their
 * name and primary email address, with their other confirmed addresses as other identifiers, the
 * short text of their public profile and, while it is published, its address).
 * putProfile changes the name; the email addresses are changed on /account, where each new one is
 * confirmed by mail, so a Profile that names other addresses is refused rather than half applied.
 */

export const OB_CONTEXTS = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'];

export interface ObProfile {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  email: string;
  /** The short text of the person's public profile, once they wrote one. */
  description?: string;
  /** The public profile page, while it is published. */
  url?: string;
  otherIdentifier?: { type: 'IdentifierEntry'; identifier: string; identifierType: 'emailAddress' }[];
}

export async function getProfile(ctx: AppContext, userId: string): Promise<ObProfile> {
  const user = await getCurrentUser(ctx.db, userId);
  if (!user) throw E.tokenInvalid('authorization');
  const others = (await confirmedAddresses(ctx.db, userId)).filter((e) => e !== user.email);
  const publicProfile = await profileSettings(ctx.db, user);
  return {
    '@context': OB_CONTEXTS,
    id: `urn:uuid:${user.id}`,
    type: ['Profile'],
    name: user.name,
    email: user.email,
    ...(publicProfile.saved && publicProfile.bio ? { description: publicProfile.bio } : {}),
    ...(publicProfile.published ? { url: `${ctx.config.baseUrl.replace(/\/$/, '')}/p/${publicProfile.handle}` } : {}),
    ...(others.length
      ? {
          otherIdentifier: others.map((identifier) => ({
            type: 'IdentifierEntry' as const,
            identifier,
            identifierType: 'emailAddress' as const,
          })),
        }
      : {}),
  };
}

/** Applies a Profile: its name is saved; id, type and email must be the person's own (or left out). */
export async function putProfile(ctx: AppContext, userId: string, body: unknown): Promise<ObProfile> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw E.profileInvalid('body');
  const input = body as Record<string, unknown>;
  const current = await getProfile(ctx, userId);
  const types = Array.isArray(input.type) ? input.type : [input.type];
  if (input.type !== undefined && !types.includes('Profile')) throw PlatformErrors.invalid('type');
  if (input.id !== undefined && input.id !== current.id) throw PlatformErrors.invalid('id');
  if (input.email !== undefined) {
    const addresses = await confirmedAddresses(ctx.db, userId);
    if (typeof input.email !== 'string' || !addresses.includes(input.email.trim().toLowerCase())) throw PlatformErrors.invalid('email');
  }
  if (typeof input.name !== 'string') throw PlatformErrors.required('name');
  const user = await getCurrentUser(ctx.db, userId);
  await updateProfile(ctx.db, userId, { name: input.name, locale: user?.locale ?? null });
  return getProfile(ctx, userId);
}
