import { findOrganisation, getCurrentUser } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';
import { listSkills } from '../skills/api.ts';
import { review } from './assessment.ts';
import { addAssessor, addCohort, decide, enrol } from './cohorts.ts';
import { createPage, updatePage } from './playbooks.ts';
import { addModule, createProgramme } from './programmes.ts';
import { submit } from './work.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo: the events organiser's certification programme "Leercoach Lerende Stad" with two modules
 * (rubrics, assignments, a second assessor on the first), a running cohort assessed by the teacher
 * and the employer, and an upcoming one. The job seeker passed the first module (her badge carries
 * the rubric levels and points to her work), the learner's work waits for the assessors, the
 * analyst's application waits for a decision. Its playbook has two pages, one in its second
 * version. (No accreditation here: the demo's one endorsement is the employer's, test/pathways/demo.)
 */
export async function seedProgrammesDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  const events = await findOrganisation(ctx.db, demo.organisations.events);
  const [organiser, teacher, employer, learner, jobseeker, analyst] = await Promise.all(
    ['organiser', 'teacher', 'employer', 'learner', 'jobseeker', 'analyst'].map((k) => getCurrentUser(ctx.db, demo.people[k])),
  );
  if (!events || !organiser || !teacher || !employer || !learner || !jobseeker || !analyst) return;
  const skills = (await listSkills(ctx, organiser, { status: 'published', limit: 200 })).items;
  const skill = (name: string) => skills.filter((s) => s.name.en === name).map((s) => s.id);

  const programme = await createProgramme(ctx, organiser, events.slug, {
    name: 'Leercoach Lerende Stad',
    description:
      'Een certificeringsprogramma voor leercoaches in Oss: je voert coachgesprekken met werkenden en werkzoekenden en ontwerpt leerroutes met badges. Twee modules, elk met een badge; samen het certificaat Leercoach Lerende Stad.',
    enrolment: 'application',
    status: 'published',
    language: 'nl',
  });
  const coaching = await addModule(ctx, organiser, programme.id, {
    name: 'Coachgesprekken voeren',
    description: 'Een coachgesprek voeren dat de ander verder helpt: luisteren, doorvragen en samen een volgende stap kiezen.',
    skills: skill('Report on work in a team'),
    rubric: [
      {
        name: 'Luisteren',
        description: 'Laat de ander aan het woord en vat samen wat die zegt.',
        levels: [
          { name: 'Beginnend', description: 'praat vooral zelf' },
          { name: 'Bekwaam', description: 'laat uitpraten en vat samen' },
          { name: 'Sterk', description: 'hoort ook wat niet gezegd wordt' },
        ],
        passLevel: 2,
      },
      {
        name: 'Doorvragen',
        levels: [
          { name: 'Beginnend', description: 'gesloten vragen' },
          { name: 'Bekwaam', description: 'open vragen' },
          { name: 'Sterk', description: 'vragen die de ander zelf laten ontdekken' },
        ],
        passLevel: 2,
      },
      {
        name: 'Volgende stap',
        levels: [{ name: 'Niet afgesproken' }, { name: 'Afgesproken' }],
        passLevel: 2,
      },
    ],
    assignments: [
      {
        title: 'Opname van een coachgesprek',
        instructions: 'Neem met toestemming een gesprek van 20 minuten op en lever de opname of een link in.',
        evidence: ['file', 'link'],
      },
      { title: 'Reflectie', instructions: 'Wat ging goed, wat doe je de volgende keer anders?', evidence: ['text'] },
    ],
    secondAssessment: true,
    validMonths: 24,
    renewal: 'claim',
  });
  await addModule(ctx, organiser, programme.id, {
    name: 'Leerroutes ontwerpen',
    description: 'Een leerroute van badges ontwerpen die past bij wat werkgevers in de regio vragen.',
    skills: skill('Read technical drawings'),
    rubric: [
      { name: 'Opbouw', levels: [{ name: 'Los zand' }, { name: 'Logisch' }, { name: 'Stapelbaar' }], passLevel: 2 },
      { name: 'Aansluiting op werk', levels: [{ name: 'Zwak' }, { name: 'Voldoende' }, { name: 'Sterk' }], passLevel: 2 },
    ],
    assignments: [
      {
        title: 'Ontwerp van een leerroute',
        instructions: 'Lever je ontwerp in als bestand of link, met een korte toelichting.',
        evidence: ['text', 'file', 'link'],
      },
    ],
    validMonths: 36,
    renewal: 'assessment',
  });

  const spring = await addCohort(ctx, organiser, programme.id, { name: 'Voorjaar', startsOn: day(-21), endsOn: day(90), capacity: 12 });
  await addCohort(ctx, organiser, programme.id, { name: 'Najaar', startsOn: day(120), endsOn: day(240), capacity: 12 });
  await addAssessor(ctx, organiser, spring.id, teacher.email);
  await addAssessor(ctx, organiser, spring.id, employer.email);

  for (const [who, motivation] of [
    [jobseeker, 'Ik begeleid al vrijwillig mensen naar werk en wil dat goed leren doen.'],
    [learner, 'Ik wil andere studenten helpen hun leerroute te kiezen.'],
  ] as const) {
    const application = await enrol(ctx, who, spring.id, { motivation });
    await decide(ctx, organiser, application.id, 'accept');
  }
  await enrol(ctx, analyst, spring.id, {
    motivation: 'Ik wil de cijfers over leren in Oss beter kunnen duiden in gesprekken met werkgevers.',
  });

  // The job seeker's first module: handed in, two assessors who agree, the badge issued.
  await submit(ctx, jobseeker, coaching.assignments[0].id, { link: 'https://video.example/coachgesprek-jamila' });
  const { round } = await submit(ctx, jobseeker, coaching.assignments[1].id, {
    text: 'Ik liet de ander meer aan het woord dan vroeger. Volgende keer vraag ik eerder door op wat iemand al kan.',
  });
  const levels = { c1: 'l3', c2: 'l2', c3: 'l2' };
  await review(ctx, teacher, round.id, { levels, comment: 'Sterk geluisterd; doorvragen mag nog scherper.' });
  await review(ctx, employer, round.id, { levels, comment: 'Eens met de eerste beoordelaar.' });
  // The learner's work waits for the assessors.
  await submit(ctx, learner, coaching.assignments[0].id, { link: 'https://video.example/coachgesprek-lars' });
  await submit(ctx, learner, coaching.assignments[1].id, { text: 'Spannend om te doen. Ik merkte dat ik snel een oplossing wilde geven.' });

  const intake = await createPage(ctx, organiser, programme.id, {
    title: 'Het intakegesprek',
    body: 'Elke deelnemer begint met een intakegesprek.\n\n- Wat kun je al?\n- Wat wil je leren?',
  });
  await updatePage(ctx, teacher, intake.id, {
    title: 'Het intakegesprek',
    body: 'Elke deelnemer begint met een intakegesprek van een half uur.\n\n- Wat kun je al?\n- Wat wil je leren?\n- Welke badges heb je al?',
    version: intake.version,
  });
  await createPage(ctx, organiser, programme.id, {
    title: 'Beoordelen met de rubric',
    body: '# Twee beoordelaars\n\nBij coachgesprekken beoordelen twee beoordelaars los van elkaar. Verschillen ze, dan beslist een moderator.',
  });
}
