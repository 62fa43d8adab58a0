import type { AppContext } from '../../../src/platform/context.ts';
import { refreshSearchLexicon } from '../../../src/skills/search/lexicon.ts';
import { insertEscoSkills } from '../../skills/library/helpers.ts';

export const ESCO = 'http://data.europa.eu/esco/skill/';
export const FORKLIFT = `${ESCO}forklift`;

/** A small library: an English-only forklift skill, and occupations whose Dutch and English names teach heftruck = forklift. */
export async function seedLibrary(ctx: AppContext): Promise<Record<string, string>> {
  const ids = await insertEscoSkills(ctx, [
    { uri: FORKLIFT, name: { en: 'operate forklift' }, alt: { en: ['drive a forklift'] } },
    { uri: `${ESCO}teams`, name: { en: 'work in teams', nl: 'in teams werken' } },
    { uri: `${ESCO}crane`, name: { en: 'operate cranes' } },
    { uri: `${ESCO}register`, name: { en: 'operate cash register' } },
    { uri: `${ESCO}drill`, name: { en: 'operate drilling equipment' } },
    { uri: `${ESCO}vehicles`, name: { en: 'drive vehicles' } },
    // Everyday verbs are in many labels, as in ESCO: "operate" says less than "forklift".
    ...['printing press', 'sawmill', 'dredger', 'boiler', 'loom', 'furnace', 'kiln', 'pump', 'lathe', 'drone'].map((what) => ({
      uri: `${ESCO}operate-${what.replace(' ', '-')}`,
      name: { en: `operate ${what}` },
    })),
  ]);
  const occupations: [string, string, string][] = [
    ['forklift-operator', 'forklift operator', 'heftruckchauffeur'],
    ['forklift-driver', 'forklift truck driver', 'heftruck bestuurder'],
    ['forklift-mechanic', 'forklift mechanic', 'heftruck monteur'],
    ['crane-operator', 'crane operator', 'kraanmachinist'],
  ];
  for (const [key, en, nl] of occupations) {
    const row = await ctx.db
      .insertInto('occupations')
      .values({ external_uri: `http://data.europa.eu/esco/occupation/${key}`, name: JSON.stringify({ en, nl }) } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    if (key.startsWith('forklift'))
      await ctx.db
        .insertInto('occupation_skills')
        .values({ occupation_id: row.id, skill_id: ids[FORKLIFT]!, relation_type: 'essential' })
        .execute();
  }
  await refreshSearchLexicon(ctx.db);
  return ids;
}
