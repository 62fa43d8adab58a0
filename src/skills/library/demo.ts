import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { DemoNetwork } from '../../platform/module.ts';
import { getCurrentUserRow } from './demo-user.ts';
import { addSkillsIn, insertCollection, insertSkill } from './service.ts';
import type { NewSkillInput } from './types.ts';

type DemoSkill = Omit<NewSkillInput, 'organisationId'>;

const EMPLOYER_SKILLS: DemoSkill[] = [
  {
    name: { en: 'Weld steel pipes (TIG)', nl: 'Stalen buizen lassen (TIG)' },
    statement: {
      en: 'Joins steel pipes by TIG welding according to the welding procedure specification, and checks the weld visually.',
      nl: 'Verbindt stalen buizen door TIG-lassen volgens de lasmethodebeschrijving en controleert de las visueel.',
    },
    keywords: { en: ['TIG', 'pipe welding'], nl: ['TIG-lassen', 'pijplassen'] },
    categories: ['Metalwork'],
    standards: [{ name: 'NEN-EN-ISO 9606-1' }],
    certifications: [{ name: 'VCA Basis' }],
    occupations: [{ name: 'Welder' }],
    employers: [{ name: 'Maasdal Techniek' }],
    status: 'published',
  },
  {
    name: { en: 'Maintain CNC machines', nl: 'CNC-machines onderhouden' },
    statement: {
      en: 'Carries out preventive maintenance on CNC lathes and milling machines and records it in the maintenance log.',
      nl: 'Voert preventief onderhoud uit aan CNC-draai- en freesmachines en legt dit vast in het onderhoudslogboek.',
    },
    keywords: { en: ['preventive maintenance', 'CNC'], nl: ['preventief onderhoud', 'CNC'] },
    categories: ['Maintenance'],
    employers: [{ name: 'Maasdal Techniek' }],
    status: 'published',
  },
  {
    name: { en: 'Work safely at height', nl: 'Veilig werken op hoogte' },
    statement: {
      en: 'Uses fall protection, scaffolding and aerial work platforms safely and follows the site safety rules.',
      nl: 'Gebruikt valbeveiliging, steigers en hoogwerkers veilig en volgt de veiligheidsregels van de locatie.',
    },
    keywords: { en: ['fall protection'], nl: ['valbeveiliging'] },
    categories: ['Safety'],
    certifications: [{ name: 'VCA Basis' }],
    status: 'draft',
  },
];

const SCHOOL_SKILLS: DemoSkill[] = [
  {
    name: { en: 'Weld steel plates (MIG/MAG)', nl: 'Stalen platen lassen (MIG/MAG)' },
    statement: {
      en: 'Joins steel plates by MIG/MAG welding in the flat position, safely and according to the drawing.',
      nl: 'Verbindt stalen platen door MIG/MAG-lassen in de vlakke positie, veilig en volgens tekening.',
    },
    keywords: { en: ['MIG welding', 'MAG welding'], nl: ['MIG-lassen', 'MAG-lassen'] },
    categories: ['Metalwork'],
    occupations: [{ name: 'Welder' }],
    status: 'published',
  },
  {
    name: { en: 'Read technical drawings', nl: 'Technische tekeningen lezen' },
    statement: {
      en: 'Interprets technical drawings, symbols and tolerances to prepare and check the work.',
      nl: 'Interpreteert technische tekeningen, symbolen en toleranties om het werk voor te bereiden en te controleren.',
    },
    keywords: { en: ['drawings', 'tolerances'], nl: ['tekeningen', 'toleranties'] },
    categories: ['Engineering'],
    status: 'published',
  },
  {
    name: { en: 'Report on work in a team', nl: 'Rapporteren over werk in een team' },
    statement: {
      en: 'Reports progress, problems and results of the work clearly to colleagues and the supervisor.',
      nl: 'Rapporteert voortgang, problemen en resultaten van het werk helder aan collega\u2019s en leidinggevende.',
    },
    keywords: { en: ['communication'], nl: ['communicatie'] },
    categories: ['Collaboration'],
    status: 'published',
  },
];

/**
 * Demo data of the library: own skills of the demo employer (Maasdal Techniek) and school
 * (Brabant College) in English and Dutch, and a published collection "Technician basics".
 */
export async function seedLibraryDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const employer = await getCurrentUserRow(trx, demo.people.employer);
    const teacher = await getCurrentUserRow(trx, demo.people.teacher);
    const ids: string[] = [];
    for (const skill of EMPLOYER_SKILLS) {
      ids.push(
        (await insertSkill(trx, employer, { ...skill, organisationId: demo.organisations.employer, author: 'Maasdal Techniek' })).id,
      );
    }
    for (const skill of SCHOOL_SKILLS) {
      ids.push((await insertSkill(trx, teacher, { ...skill, organisationId: demo.organisations.school, author: 'Brabant College' })).id);
    }
    const collection = await insertCollection(trx, teacher, {
      organisationId: demo.organisations.school,
      name: { en: 'Technician basics', nl: 'Basis technicus' },
      description: {
        en: 'The first-year skills of the technician course, agreed with Maasdal Techniek.',
        nl: 'De vaardigheden van het eerste jaar van de opleiding technicus, afgestemd met Maasdal Techniek.',
      },
      author: 'Brabant College',
      status: 'published',
    });
    // The published skills of both: drafts stay out of a public collection.
    await addSkillsIn(trx, null, collection.id, [ids[0], ids[1], ids[3], ids[4]]);
  });
}

/**
 * The ids of the demo library's skills with these English names, in that order (those not found left
 * out), so other modules' demo badges align to the skills their text is about rather than to the
 * first skills of a listing, whose order an ESCO import changes.
 */
export async function demoSkillIds(ctx: AppContext, englishNames: string[]): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('skills')
    .select(['id', sql<string>`name->>'en'`.as('en')])
    .where('source', '=', 'local')
    .where('status', '=', 'published')
    .where(sql<string>`name->>'en'`, 'in', englishNames)
    .execute();
  return englishNames.flatMap((name) => rows.filter((r) => r.en === name).map((r) => r.id));
}
