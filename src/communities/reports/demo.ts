import type { AppContext } from '../../platform/context.ts';
import type { DemoNetwork } from '../../platform/module.ts';
import type { SessionAccess } from '../notes/access.ts';
import { draftReport } from './draft.ts';

/**
 * Part B's share of the demo network: every past session of the demo's communities (seeded by part
 * A just before) gets a presentation summary, a guiding question with answers, a decision and a
 * published report drafted from them, in Dutch like the rest of the demo; a lesson learned goes into
 * the knowledge base. Nothing happens when there is no community yet.
 */
export async function seedReportsDemo(ctx: AppContext, _demo: DemoNetwork, now = new Date()): Promise<void> {
  const communities = await ctx.db.selectFrom('communities').selectAll().execute();
  const t = ctx.i18n.getFixedT('nl');
  for (const community of communities) {
    const members = await ctx.db
      .selectFrom('community_members')
      .select(['user_id', 'role'])
      .where('community_id', '=', community.id)
      .where('status', '=', 'active')
      .execute();
    const facilitator = members.find((m) => m.role === 'facilitator');
    if (!facilitator) continue;
    const others = members.filter((m) => m.user_id !== facilitator.user_id);
    const sessions = await ctx.db
      .selectFrom('community_sessions')
      .selectAll()
      .where('community_id', '=', community.id)
      .where('ends_at', '<', now)
      .where('cancelled_at', 'is', null)
      .orderBy('starts_at')
      .execute();
    for (const [i, session] of sessions.entries()) {
      if (await ctx.db.selectFrom('community_reports').select('id').where('session_id', '=', session.id).executeTakeFirst()) continue;
      await ctx.db
        .insertInto('community_session_records')
        .values({
          session_id: session.id,
          presentation_summary: 'Een lid liet zien hoe haar team nieuwe collega’s inwerkt met een maatje en korte leerdoelen per week.',
          updated_by: facilitator.user_id,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('session_id').doNothing())
        .execute();
      const question = await ctx.db
        .insertInto('community_questions')
        .values({
          session_id: session.id,
          position: 1,
          text: 'Wat helpt nieuwe collega’s het meest in hun eerste maand?',
          created_by: facilitator.user_id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const answers = ['Een vast maatje en elke week tien minuten terugkijken.', 'Kleine leerdoelen die je samen afvinkt.'];
      for (const [k, body] of answers.entries()) {
        const by = others[k % Math.max(1, others.length)]?.user_id ?? facilitator.user_id;
        await ctx.db.insertInto('community_question_answers').values({ question_id: question.id, user_id: by, body }).execute();
      }
      await ctx.db
        .insertInto('community_decisions')
        .values({
          session_id: session.id,
          body: 'We maken samen een inwerkkaart die elk team kan gebruiken.',
          created_by: facilitator.user_id,
        })
        .execute();
      const user = { id: facilitator.user_id, email: '', name: '', isOperator: false, emailConfirmed: true, locale: 'nl' };
      const access: SessionAccess = { community, membership: null, isFacilitator: true, isMember: true, session };
      const theme = session.theme_id
        ? await ctx.db.selectFrom('community_themes').select('skill_ids').where('id', '=', session.theme_id).executeTakeFirst()
        : undefined;
      const published = new Date(new Date(session.ends_at).getTime() + 2 * 86_400_000);
      await ctx.db
        .insertInto('community_reports')
        .values({
          community_id: community.id,
          session_id: session.id,
          theme_id: session.theme_id,
          title: session.title,
          body: await draftReport(ctx, access, t, 'nl'),
          skill_ids: JSON.stringify(theme?.skill_ids ?? []),
          status: 'published',
          published_at: published < now ? published : now,
          published_by: user.id,
          updated_by: user.id,
        })
        .execute();
      if (i === 0)
        await ctx.db
          .insertInto('community_knowledge')
          .values({
            community_id: community.id,
            theme_id: session.theme_id,
            kind: 'lesson',
            title: 'Inwerken werkt beter met een maatje',
            body: 'Nieuwe collega’s die een vast maatje hebben, stellen sneller vragen en blijven langer. Plan het maatje vóór de eerste werkdag.',
            skill_ids: JSON.stringify(theme?.skill_ids ?? []),
            created_by: facilitator.user_id,
          })
          .execute();
    }
  }
}
