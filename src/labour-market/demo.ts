import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';
import { queueRun } from './runs.ts';

/**
 * A few vacancies of the demo city, as a JSON feed (written for the demo; the two care ads are one job
 * posted twice). Posted some days before the demo is made, so its views show recent demand whenever it starts.
 */
const FEED = [
  {
    id: 'oss-001',
    title: 'Verzorgende IG (24-32 uur)',
    employer: 'Zorggroep Maasland',
    place: 'Oss',
    postcode: '5341 AB',
    daysAgo: 17,
    text: 'Als verzorgende IG help je cliënten bij de persoonlijke verzorging en het toedienen van medicatie. Je werkt samen in een klein team en rapporteert in het elektronisch dossier. Wij vragen een diploma verzorgende IG (mbo niveau 3) en goede communicatieve vaardigheden.',
  },
  {
    id: 'oss-002',
    title: 'Verzorgende IG 24-32 uur',
    employer: 'Zorggroep Maasland',
    place: 'Oss',
    postcode: '5341 AB',
    daysAgo: 10,
    text: 'Als verzorgende IG help je cliënten bij de persoonlijke verzorging en het toedienen van medicatie. Je werkt samen in een klein team en rapporteert in het elektronisch dossier. Wij vragen een diploma verzorgende IG (mbo niveau 3) en uitstekende communicatieve vaardigheden.',
  },
  {
    id: 'oss-003',
    title: 'Lasser MIG/MAG',
    employer: 'Metaalbewerking Oss',
    place: 'Oss',
    postcode: '5349 AA',
    daysAgo: 12,
    text: 'Je last constructies volgens tekening met MIG/MAG, leest technische tekeningen en controleert je eigen werk. Ervaring met lassen en een VCA-certificaat zijn een pré.',
  },
  {
    id: 'oss-004',
    title: 'Software developer (Java)',
    employer: 'Brabant Digitaal',
    place: "'s-Hertogenbosch",
    postcode: '5211 AA',
    daysAgo: 19,
    text: 'You build and maintain web applications in Java and SQL, write automated tests and review code with your team. You have a bachelor degree in computer science and experience with agile methods.',
  },
  {
    id: 'oss-005',
    title: 'Heftruckchauffeur',
    employer: 'Logistiek Centrum Oss',
    place: 'Oss',
    postcode: '5342 AC',
    daysAgo: 8,
    text: 'Je laadt en lost vrachtwagens met de heftruck, verzamelt orders en houdt de voorraad bij in het magazijnsysteem. Een geldig heftruckcertificaat is nodig.',
  },
];

/** The day `days` days before `today`, as YYYY-MM-DD. */
function daysBefore(today: Date, days: number): string {
  return new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The demo city's analyst gets a feed source with these vacancies, read at once in the background. */
export async function seedLabourMarketDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  const source = await ctx.db
    .insertInto('vacancy_sources')
    .values({
      organisation_id: demo.organisations.city,
      kind: 'feed',
      name: 'Vacaturebank Oss (demo)',
      schedule: 'manual',
      settings: JSON.stringify({
        format: 'json',
        url: null,
        records: 'vacatures',
        mapping: {
          id: 'id',
          title: 'title',
          employer: 'employer',
          municipality: 'place',
          postcode: 'postcode',
          datePosted: 'posted',
          description: 'text',
        },
      }),
      upload: JSON.stringify(
        { vacatures: FEED.map(({ daysAgo, ...ad }) => ({ ...ad, posted: daysBefore(new Date(), daysAgo) })) },
        null,
        2,
      ),
      upload_name: 'vacaturebank-oss.json',
      uploaded_at: new Date(),
      created_by: demo.people.analyst ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await queueRun(ctx, source, demo.people.analyst ?? null);
}
