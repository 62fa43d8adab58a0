import { findOrganisation, getCurrentUser } from '../accounts/api.ts';
import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';
import { listSkills } from '../skills/api.ts';
import { createCommunity } from './communities.ts';
import { createSession } from './sessions.ts';
import { localDateTime } from './time.ts';

const DAY = 86_400_000;

/**
 * The demo network's community of practice (in Dutch, like the rest of the demo): the event
 * organiser facilitates "Leren op de werkplek" with a theme framed as Why / What / How, two past
 * sessions with attendance and action items (one still open, so it shows on the next agenda), and
 * an upcoming session the learner is registered for.
 */
export async function seedCommunitiesDemo(ctx: AppContext, demo: DemoNetwork): Promise<void> {
  const facilitator = demo.people.organiser ? await getCurrentUser(ctx.db, demo.people.organiser) : null;
  if (!facilitator) return;
  const host = await findOrganisation(ctx.db, demo.organisations.events);
  if (!host) return;
  const community = await createCommunity(ctx, facilitator, {
    organisation: host.slug,
    name: 'Leren op de werkplek',
    purpose:
      'Een community of practice van opleiders, werkgevers en lerenden in de regio. Elke bijeenkomst begint met een korte presentatie door een lid, daarna een open gesprek aan de hand van leidende vragen en deelgroepen. De uitkomsten komen in een kort verslag.',
    visibility: 'open',
    province: 'Noord-Brabant',
  });
  const people = ['teacher', 'learner', 'jobseeker', 'employer'].flatMap((k) => (demo.people[k] ? [demo.people[k]] : []));
  for (const userId of people)
    await ctx.db
      .insertInto('community_members')
      .values({
        community_id: community.id,
        user_id: userId,
        role: 'member',
        status: 'active',
        angle: null,
        joined_at: new Date(),
        core: userId === demo.people.teacher,
      })
      .onConflict((oc) => oc.columns(['community_id', 'user_id']).doNothing())
      .execute();
  const skills = (await listSkills(ctx, facilitator, { limit: 3, order: 'name' })).items.map((s) => s.id);
  const now = Date.now();
  const theme = await ctx.db
    .insertInto('community_themes')
    .values({
      community_id: community.id,
      title: 'Werkplekleren in de techniek',
      why: 'Technische bedrijven in de regio vinden moeilijk vakmensen. Leren op de werkplek helpt, maar begeleiders hebben weinig tijd en weinig handvatten.',
      what: 'Over een jaar heeft elk deelnemend bedrijf een werkplekbegeleider die een leerroute kan opzetten, en delen we tien goede voorbeelden.',
      how: 'Maandelijkse bijeenkomsten, een clinic per kwartaal en een open space halverwege het jaar, met gastexperts vanuit didactiek, verandermanagement en organisatie.',
      skill_ids: JSON.stringify(skills) as never,
      starts_on: new Date(now - 60 * DAY).toISOString().slice(0, 10),
      ends_on: new Date(now + 305 * DAY).toISOString().slice(0, 10),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('community_goals')
    .values([
      { theme_id: theme.id, title: 'Tien werkplekbegeleiders getraind', progress: 40, position: 0 },
      { theme_id: theme.id, title: 'Tien goede voorbeelden beschreven', progress: 20, position: 1 },
    ])
    .execute();
  const plan = async (daysFromNow: number, title: string, template: string) => {
    const at = localDateTime(new Date(now + daysFromNow * DAY), 'Europe/Amsterdam');
    return createSession(
      ctx,
      facilitator,
      community.id,
      {
        template,
        title,
        theme: theme.id,
        date: at.date,
        startTime: '15:00',
        endTime: '17:00',
        timeZone: 'Europe/Amsterdam',
        place: 'Bibliotheek Oss, zaal 2',
        capacity: '20',
      },
      'nl',
    );
  };
  const first = await plan(-42, 'Aftrap: wat is goed werkplekleren?', 'builtin:community');
  const second = await plan(-14, 'Clinic: een leerroute voor lassers', 'builtin:clinic');
  const next = await plan(14, 'Bijeenkomst: begeleiden met weinig tijd', 'builtin:community');
  for (const session of [first, second])
    for (const userId of [facilitator.id, ...people.slice(0, 3)])
      await ctx.db
        .insertInto('community_attendance')
        .values({
          session_id: session.id,
          user_id: userId,
          method: 'facilitator',
          recorded_by: facilitator.id,
          checked_in_at: new Date(session.starts_at),
        })
        .execute();
  if (demo.people.teacher)
    await ctx.db
      .insertInto('community_contributions')
      .values({ session_id: first.id, user_id: demo.people.teacher, kind: 'presented' })
      .execute();
  await ctx.db
    .insertInto('community_actions')
    .values([
      {
        community_id: community.id,
        session_id: first.id,
        theme_id: theme.id,
        title: 'Drie voorbeelden van leerroutes verzamelen',
        owner_user_id: demo.people.teacher ?? null,
        due_on: new Date(now - 20 * DAY).toISOString().slice(0, 10),
        status: 'done',
        done_at: new Date(now - 21 * DAY),
        created_by: facilitator.id,
      },
      {
        community_id: community.id,
        session_id: second.id,
        theme_id: theme.id,
        title: 'Het leerrouteformat testen bij twee bedrijven',
        owner_user_id: demo.people.employer ?? facilitator.id,
        due_on: new Date(now + 10 * DAY).toISOString().slice(0, 10),
        status: 'open',
        done_at: null,
        created_by: facilitator.id,
      },
    ])
    .execute();
  if (demo.people.learner)
    await ctx.db
      .insertInto('community_registrations')
      .values({
        session_id: next.id,
        user_id: demo.people.learner,
        status: 'registered',
        registered_at: new Date(),
        updated_at: new Date(),
        reminded_at: null,
      })
      .execute();
}
