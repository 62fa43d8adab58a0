import type { TFunction } from 'i18next';
import type { AppContext } from '../../platform/context.ts';
import { actionsOfSession } from '../actions.ts';
import { formatDate } from '../../platform/pages/format.ts';
import { listBreakouts, listQuestions } from '../breakouts/service.ts';
import { gatheredChallenges, listChallenges, type ChallengeView } from '../clinics/service.ts';
import type { SessionAccess } from '../notes/access.ts';
import { blocksOfSets } from '../notes/service.ts';
import { openSpace } from '../open-space/service.ts';
import { mdBlock, mdLine } from './markdown.tsx';

export interface ActionItem {
  title: string;
  owner: string | null;
  dueOn: string | null;
  status: string;
}

/** The action items made at a session, with their owners' names, through part A's service. */
export async function sessionActions(ctx: AppContext, sessionId: string): Promise<ActionItem[]> {
  return (await actionsOfSession(ctx, sessionId)).map((a) => ({ title: a.title, owner: a.ownerName, dueOn: a.due_on, status: a.status }));
}

export async function presentationSummary(ctx: AppContext, sessionId: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('community_session_records')
    .select('presentation_summary')
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  return row?.presentation_summary ?? '';
}

export async function listDecisions(ctx: AppContext, sessionId: string) {
  return ctx.db.selectFrom('community_decisions').selectAll().where('session_id', '=', sessionId).orderBy('created_at').execute();
}

function challengesMarkdown(t: TFunction, challenges: ChallengeView[], withSummary: boolean): string[] {
  const out: string[] = [];
  for (const c of challenges) {
    out.push(`### ${mdLine(c.title)}`, '', t('communities:synthesis.draft.presentedBy', { name: c.presenterName }), '');
    if (c.body) out.push(mdBlock(c.body), '');
    if (withSummary && c.reflection_summary)
      out.push(`**${t('communities:synthesis.draft.comesTo')}** ${mdLine(c.reflection_summary)}`, '');
    for (const s of c.solutions)
      out.push(`- ${mdLine(s.body)} (${t('communities:synthesis.draft.solutionBy', { name: s.name, count: s.votes })})`);
    if (c.solutions.length) out.push('');
  }
  return out;
}

/**
 * The first draft of a session's report, in Markdown, in the facilitator's language: the
 * presentation's summary, the answers to the guiding questions, the breakout groups' notes, a
 * clinic's challenges and solutions (or the ones a reflection gathers, with what they come to),
 * an open space's topics with their notes, the decisions and the action items. Parts with nothing
 * in them are left out.
 */
export async function draftReport(ctx: AppContext, access: SessionAccess, t: TFunction, lang: string): Promise<string> {
  const session = access.session;
  const out: string[] = [];
  const section = (title: string) => out.push(`## ${title}`, '');
  out.push(
    t('communities:synthesis.draft.intro', {
      kind: t(`communities:kind.${session.kind}`),
      date: formatDate({ lang }, session.starts_at, { timeZone: session.time_zone }),
      community: access.community.name,
    }),
    '',
  );

  const summary = await presentationSummary(ctx, session.id);
  if (summary) {
    section(t('communities:synthesis.draft.presentation'));
    out.push(mdBlock(summary), '');
  }

  const questions = await listQuestions(ctx, session.id);
  if (questions.length) {
    section(t('communities:synthesis.draft.questions'));
    for (const q of questions) {
      out.push(`### ${mdLine(q.text)}`, '');
      for (const a of q.answers) out.push(`- ${mdLine(a.body)} (${a.name})`);
      if (!q.answers.length) out.push(t('communities:synthesis.draft.noAnswers'));
      out.push('');
    }
  }

  const groups = await listBreakouts(ctx, session.id);
  if (groups.length) {
    section(t('communities:synthesis.draft.breakouts'));
    const notes = await blocksOfSets(
      ctx,
      groups.map((g) => g.note_set_id),
    );
    for (const g of groups) {
      out.push(`### ${mdLine(t('communities:breakouts.groupName', { name: g.name }))}${g.question ? `: ${mdLine(g.question)}` : ''}`, '');
      if (g.members.length) out.push(t('communities:synthesis.draft.people', { names: g.members.map((m) => m.name).join(', ') }), '');
      for (const block of notes.get(g.note_set_id) ?? []) out.push(mdBlock(block.body), '');
    }
  }

  const clinic = await listChallenges(ctx, session.id, '');
  if (clinic.length) {
    section(t('communities:synthesis.draft.clinic'));
    out.push(...challengesMarkdown(t, clinic, false));
  }
  const gathered = await gatheredChallenges(ctx, session.id, '');
  if (gathered.length) {
    section(t('communities:synthesis.draft.gathered'));
    out.push(...challengesMarkdown(t, gathered, true));
  }

  const space = await openSpace(ctx, session.id, '');
  if (space.topics.length) {
    section(t('communities:synthesis.draft.topics'));
    const notes = await blocksOfSets(
      ctx,
      space.topics.map((x) => x.note_set_id),
    );
    for (const topic of space.topics) {
      out.push(`### ${mdLine(topic.title)}`, '');
      out.push(t('communities:synthesis.draft.topicLine', { names: topic.hosts.map((h) => h.name).join(', '), count: topic.votes }), '');
      for (const block of notes.get(topic.note_set_id) ?? []) out.push(mdBlock(block.body), '');
    }
  }

  const decisions = await listDecisions(ctx, session.id);
  if (decisions.length) {
    section(t('communities:synthesis.draft.decisions'));
    for (const d of decisions) out.push(`- ${mdLine(d.body)}`);
    out.push('');
  }

  const actions = await sessionActions(ctx, session.id);
  if (actions.length) {
    section(t('communities:synthesis.draft.actions'));
    for (const a of actions)
      out.push(
        `- ${mdLine(a.title)} (${[
          a.owner ?? t('communities:synthesis.draft.noOwner'),
          a.dueOn ? t('communities:synthesis.draft.due', { date: formatDate({ lang }, a.dueOn) }) : '',
          t(`communities:actionStatus.${a.status}`, { defaultValue: a.status }),
        ]
          .filter(Boolean)
          .join(', ')})`,
      );
    out.push('');
  }
  return `${out.join('\n').trim()}\n`;
}
