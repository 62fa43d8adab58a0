import { sql } from 'kysely';
import type { AppContext } from '../platform/context.ts';

/**
 * The tag step: the skills a vacancy asks for, found by skill extraction (part B, extraction/) in the
 * vacancy's text, stored with the library skill, its ESCO URI, the score and the spans that show it.
 * The text tagged is the title, an empty line, then the description (`taggedText`); spans are
 * offsets into it. A vacancy whose text changes is tagged again (ingest clears `tagged_at`).
 */

export interface TaggedSkill {
  skillId: string;
  escoUri: string | null;
  label: string;
  score: number;
  spans: [number, number][];
}

/** Finds the skills in a vacancy's text; `lang` is the vacancy's language when known. */
export type SkillTagger = (ctx: AppContext, text: string, lang: 'nl' | 'en' | null) => Promise<TaggedSkill[]>;

let tagger: SkillTagger | null = null;

/** Plugs skill extraction into the tag step (the extraction part does, when it loads). */
export function useSkillTagger(next: SkillTagger | null): void {
  tagger = next;
}

export function skillTagger(): SkillTagger | null {
  return tagger;
}

/** The text of a vacancy that is tagged, and that spans point into. */
export function taggedText(v: { title: string; description: string }): string {
  return v.description ? `${v.title}\n\n${v.description}` : v.title;
}

/** Skills kept per vacancy at most, best first. */
export const MAX_SKILLS = 40;

/** Tags one vacancy (replacing its skills) with the given tagger; safe to repeat. */
export async function tagVacancy(ctx: AppContext, vacancyId: string, use: SkillTagger): Promise<number> {
  const vacancy = await ctx.db
    .selectFrom('vacancies')
    .select(['id', 'title', 'description', 'language', 'updated_at'])
    .where('id', '=', vacancyId)
    .executeTakeFirst();
  if (!vacancy) return 0;
  const text = taggedText(vacancy);
  const found = (await use(ctx, text, vacancy.language === 'nl' || vacancy.language === 'en' ? vacancy.language : null))
    .filter((s) => s.skillId && Number.isFinite(s.score))
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_SKILLS);
  const unique = [...new Map(found.map((s) => [s.skillId, s])).values()];
  await ctx.db.transaction().execute(async (trx) => {
    // The text may have changed while it was being tagged: then a later step tags it again.
    const still = await trx
      .selectFrom('vacancies')
      .select('id')
      .where('id', '=', vacancyId)
      .where('updated_at', '=', vacancy.updated_at)
      .executeTakeFirst();
    if (!still) return;
    await trx.deleteFrom('vacancy_skills').where('vacancy_id', '=', vacancyId).execute();
    if (unique.length)
      await trx
        .insertInto('vacancy_skills')
        .values(
          unique.map((s) => ({
            vacancy_id: vacancyId,
            skill_id: s.skillId,
            esco_uri: s.escoUri,
            label: s.label.slice(0, 300),
            score: Math.round(s.score * 1000) / 1000,
            spans: JSON.stringify(
              s.spans.filter(([a, b]) => Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b > a && b <= text.length),
            ),
          })),
        )
        .execute();
    await trx.updateTable('vacancies').set({ tagged_at: new Date() }).where('id', '=', vacancyId).execute();
  });
  return unique.length;
}

/**
 * Tags the vacancies waiting for it (of one organisation, or all), a batch at a time. Without skill
 * extraction plugged in it does nothing and they keep waiting. Returns how many were tagged.
 */
export async function tagPending(ctx: AppContext, options: { organisationId?: string; limit?: number } = {}): Promise<number> {
  const use = skillTagger();
  if (!use) return 0;
  const limit = options.limit ?? 10_000;
  let tagged = 0;
  while (tagged < limit) {
    let query = ctx.db
      .selectFrom('vacancies')
      .select('id')
      .where('tagged_at', 'is', null)
      .orderBy('created_at')
      .limit(Math.min(100, limit - tagged));
    if (options.organisationId) query = query.where('organisation_id', '=', options.organisationId);
    const batch = await query.execute();
    if (!batch.length) break;
    for (const { id } of batch) {
      await tagVacancy(ctx, id, use);
      tagged++;
    }
  }
  return tagged;
}

/** How many vacancies wait for the tag step. */
export async function untaggedCount(ctx: Pick<AppContext, 'db'>, organisationId?: string): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from vacancies
    where tagged_at is null ${organisationId ? sql`and organisation_id = ${organisationId}` : sql``}`.execute(ctx.db);
  return Number(rows[0]?.n ?? 0);
}
