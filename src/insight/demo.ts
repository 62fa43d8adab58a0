import { findOrganisation, getCurrentUser } from '../accounts/api.ts';
import { issueCredential, networkAchievements } from '../credentials/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';
import { REFRESH_JOB } from './jobs.ts';

/** Where the demo people live or work (supply by region), by their key in the demo network. */
const REGIONS: Record<string, { municipality: string; province: string }> = {
  learner: { municipality: 'Oss', province: 'Noord-Brabant' },
  jobseeker: { municipality: "'s-Hertogenbosch", province: 'Noord-Brabant' },
  analyst: { municipality: 'Oss', province: 'Noord-Brabant' },
};

/** Students of the demo school without an account (an address each): enough holders for supply to show a count. */
const CLASS_SIZE = 6;

/**
 * Insight's part of the demo network: the demo people's regions; a class of the school's students
 * holding two of its badges (aligned to skills), so that supply shows counts of 5 people and more;
 * and the rollups counted once the demo's vacancies are read and tagged (they are harvested in the
 * background): a refresh now, and again after one and after three minutes. The hourly schedule
 * keeps them current after that.
 */
export async function seedInsightDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  for (const [key, region] of Object.entries(REGIONS)) {
    const userId = demo.people[key];
    if (!userId) continue;
    await ctx.db
      .insertInto('insight_person_regions')
      .values({ user_id: userId, ...region, updated_at: new Date() })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }
  const teacher = demo.people.teacher ? await getCurrentUser(ctx.db, demo.people.teacher) : null;
  const school = await findOrganisation(ctx.db, demo.organisations.school);
  if (teacher && school) {
    const badges = (await networkAchievements(ctx, { limit: 500 }))
      .filter((a) => a.organisationId === school.id && a.skills.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, 2);
    for (const badge of badges)
      for (let i = 1; i <= CLASS_SIZE; i++)
        await issueCredential(ctx, teacher, school.slug, {
          achievementId: badge.id,
          recipient: { email: `student${i}@demo.vaardig.local`, name: `Student ${i}` },
          notify: false,
        });
  }
  for (const startAfter of [0, 60, 180])
    try {
      await ctx.jobs.boss.send(REFRESH_JOB, {}, { startAfter });
    } catch (error) {
      ctx.log.warn({ err: error }, 'insight: the demo refresh could not be queued');
    }
}
