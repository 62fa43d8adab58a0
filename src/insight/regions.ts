/** A person's own region, for supply by region: set, read, removed by the person alone. */
import { createHash } from 'node:crypto';
import { canonicalProvince } from '../labour-market/api.ts';
import type { AppContext } from '../platform/context.ts';
import { type AppError, invalidFields, PlatformErrors } from '../platform/errors.ts';
import type { CurrentUser } from '../platform/http/types.ts';
import type { PersonalDataHook } from '../platform/module.ts';
import { E } from './errors.ts';

export interface RegionInput {
  municipality?: string;
  province?: string;
}

export async function personRegion(ctx: AppContext, userId: string): Promise<{ municipality: string; province: string } | null> {
  return (
    (await ctx.db
      .selectFrom('insight_person_regions')
      .select(['municipality', 'province'])
      .where('user_id', '=', userId)
      .executeTakeFirst()) ?? null
  );
}

/** Saves the person's region (both empty: removes it). Bad input changes nothing. */
export async function setPersonRegion(ctx: AppContext, user: CurrentUser | null, input: RegionInput): Promise<'saved' | 'removed'> {
  if (!user) throw PlatformErrors.unauthorized();
  const errors: AppError[] = [];
  const municipality = typeof input.municipality === 'string' ? input.municipality.trim() : '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it must exclude
  if (municipality.length > 100 || /[\u0000-\u001f]/.test(municipality)) errors.push(E.badMunicipality('municipality'));
  const rawProvince = typeof input.province === 'string' ? input.province.trim() : '';
  const province = rawProvince ? canonicalProvince(rawProvince) : '';
  if (province === null) errors.push(E.unknownProvince('province', { value: rawProvince.slice(0, 100) }));
  if (errors.length) throw invalidFields(errors);
  if (!municipality && !province) {
    await ctx.db.deleteFrom('insight_person_regions').where('user_id', '=', user.id).execute();
    return 'removed';
  }
  await ctx.db
    .insertInto('insight_person_regions')
    .values({ user_id: user.id, municipality, province: province ?? '', updated_at: new Date() })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ municipality, province: province ?? '', updated_at: new Date() }))
    .execute();
  return 'saved';
}

/** How supply names a holder: the account, or a hash of an address no account confirmed (rollups.ts). */
const holderKeys = (subject: { userId: string; emails: readonly string[] }) => [
  subject.userId,
  ...subject.emails.map((e) => `h:${createHash('sha256').update(e, 'utf8').digest('hex')}`),
];

/**
 * The region is personal data, and so is one's line in supply (which skills one holds, in which
 * region): exported with everything, erased with the account (the counts follow at the next refresh).
 */
export const insightPersonalData: PersonalDataHook = {
  tables: ['insight_person_regions', 'insight_supply_holders'],
  async export(ctx, subject) {
    return {
      insight_person_regions: await ctx.db.selectFrom('insight_person_regions').selectAll().where('user_id', '=', subject.userId).execute(),
      insight_supply_holders: await ctx.db
        .selectFrom('insight_supply_holders')
        .select(['skill_id', 'municipality', 'province'])
        .where('holder', 'in', holderKeys(subject))
        .execute(),
    };
  },
  async erase(ctx, subject) {
    await ctx.db.deleteFrom('insight_person_regions').where('user_id', '=', subject.userId).execute();
    await ctx.db.deleteFrom('insight_supply_holders').where('holder', 'in', holderKeys(subject)).execute();
  },
};
