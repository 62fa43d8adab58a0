import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { SkillsErrors } from '../errors.ts';
import { normaliseText } from '../labels.ts';
import type { NamedReference } from '../schema.ts';
import { userRef, type Viewer } from './access.ts';
import { applySkillChanges, ownSkillForWrite } from './service.ts';
import type { AlignmentSuggestion } from './types.ts';
import { isUuid } from './validate.ts';

/** The framework name alignments to ESCO carry. */
export const ESCO_FRAMEWORK = 'ESCO';

const WEIGHTS = { name: 1, keyword: 0.9, statement: 0.75 };

export interface SuggestOptions {
  /** How many suggestions to keep (default 10). */
  limit?: number;
  /** Lowest score kept, 0..1 (default 0.3). */
  minScore?: number;
}

/**
 * The crosswalk: proposes ESCO skills for an own skill. Each name and keyword (every language) is
 * compared with the labels of ESCO skills (preferred, alternative, hidden) by pg_trgm similarity
 * on `skill_labels.norm`; the statement by word similarity (an ESCO label that occurs, nearly, in the
 * statement). A candidate's score is its best weighted match (name 1, keyword 0.9, statement
 * 0.75). ESCO skills the skill is already aligned to are left out. The suggestions are stored in
 * alignment_suggestions; decided ones (accepted, rejected) keep their decision.
 */
export async function suggestEscoAlignments(
  ctx: AppContext,
  user: Viewer,
  skillId: string,
  options: SuggestOptions = {},
): Promise<AlignmentSuggestion[]> {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
  const minScore = options.minScore ?? 0.3;
  const { row } = await ownSkillForWrite(ctx.db, user, skillId);
  const queries: { text: string; weight: number; mode: 'similarity' | 'word' }[] = [];
  const add = (text: string, weight: number, mode: 'similarity' | 'word') => {
    const norm = normaliseText(text);
    if (norm.length >= 3 && !queries.some((q) => q.text === norm && q.mode === mode)) queries.push({ text: norm, weight, mode });
  };
  for (const name of Object.values(row.name)) add(name, WEIGHTS.name, 'similarity');
  for (const list of Object.values(row.keywords)) for (const keyword of list) add(keyword, WEIGHTS.keyword, 'similarity');
  for (const statement of Object.values(row.statement)) add(statement.slice(0, 1000), WEIGHTS.statement, 'word');
  const aligned = new Set(row.alignments.map((a) => a.id).filter(Boolean));
  const best = new Map<string, number>();
  for (const q of queries) {
    const score = q.mode === 'similarity' ? sql<number>`similarity(l.norm, ${q.text})` : sql<number>`word_similarity(l.norm, ${q.text})`;
    const match = q.mode === 'similarity' ? sql<boolean>`l.norm % ${q.text}` : sql<boolean>`l.norm <% ${q.text} and length(l.norm) >= 5`;
    const { rows } = await sql<{ skill_id: string; external_uri: string | null; score: number }>`
      select l.skill_id, s.external_uri, max(${score})::float8 as score
      from skill_labels l join skills s on s.id = l.skill_id
      where s.source = 'esco' and s.kind = 'skill' and ${match}
      group by l.skill_id, s.external_uri
      order by score desc
      limit ${limit * 3}
    `.execute(ctx.db);
    for (const r of rows) {
      if (r.external_uri && aligned.has(r.external_uri)) continue;
      const weighted = Number(r.score) * q.weight;
      if (weighted > (best.get(r.skill_id) ?? 0)) best.set(r.skill_id, weighted);
    }
  }
  const chosen = [...best.entries()]
    .filter(([, score]) => score >= minScore)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('alignment_suggestions').where('skill_id', '=', row.id).where('status', '=', 'suggested').execute();
    if (chosen.length) {
      await trx
        .insertInto('alignment_suggestions')
        .values(
          chosen.map(([esco_skill_id, score]) => ({
            skill_id: row.id,
            esco_skill_id,
            score: Math.round(score * 1000) / 1000,
            status: 'suggested' as const,
          })),
        )
        .onConflict((oc) => oc.columns(['skill_id', 'esco_skill_id']).doNothing())
        .execute();
    }
  });
  return listSuggestions(ctx, user, skillId);
}

/** The stored suggestions of a skill, best first (decided ones included, with their decision). */
export async function listSuggestions(ctx: AppContext, user: Viewer, skillId: string): Promise<AlignmentSuggestion[]> {
  await ownSkillForWrite(ctx.db, user, skillId);
  const rows = await ctx.db
    .selectFrom('alignment_suggestions as a')
    .innerJoin('skills as s', 's.id', 'a.esco_skill_id')
    .select(['a.esco_skill_id', 's.external_uri', 's.name', 'a.score', 'a.status', 'a.decided_by', 'a.decided_at'])
    .where('a.skill_id', '=', skillId)
    .orderBy('a.score', 'desc')
    .execute();
  return rows.map((r) => ({
    escoSkillId: r.esco_skill_id,
    escoUri: r.external_uri ?? '',
    name: r.name,
    score: Number(r.score),
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  }));
}

/**
 * A curator's decision on a suggestion (or on any ESCO skill): accepting adds the alignment
 * `{id: ESCO URI, name, framework: 'ESCO'}` to the skill (with history); rejecting keeps it from
 * being suggested again and removes the alignment if it had been accepted before.
 */
export async function decideSuggestion(
  ctx: AppContext,
  user: Viewer,
  skillId: string,
  escoSkillId: string,
  decision: 'accepted' | 'rejected',
): Promise<AlignmentSuggestion[]> {
  if (decision !== 'accepted' && decision !== 'rejected') throw PlatformErrors.oneOf('decision', { options: 'accepted, rejected' });
  if (!isUuid(escoSkillId)) throw SkillsErrors.escoSkillNotFound('escoSkillId');
  await ctx.db.transaction().execute(async (trx) => {
    const { row, user: writer } = await ownSkillForWrite(trx, user, skillId);
    const esco = await trx
      .selectFrom('skills')
      .select(['id', 'external_uri', 'name', 'source'])
      .where('id', '=', escoSkillId)
      .executeTakeFirst();
    if (esco?.source !== 'esco' || !esco.external_uri) throw SkillsErrors.escoSkillNotFound('escoSkillId');
    const now = new Date();
    await trx
      .insertInto('alignment_suggestions')
      .values({ skill_id: row.id, esco_skill_id: esco.id, score: 0, status: decision, decided_by: userRef(writer), decided_at: now })
      .onConflict((oc) =>
        oc.columns(['skill_id', 'esco_skill_id']).doUpdateSet({ status: decision, decided_by: userRef(writer), decided_at: now }),
      )
      .execute();
    const uri = esco.external_uri;
    const has = row.alignments.some((a) => a.id === uri);
    let alignments: NamedReference[] | undefined;
    if (decision === 'accepted' && !has) {
      alignments = [...row.alignments, { id: uri, name: esco.name.en ?? Object.values(esco.name)[0], framework: ESCO_FRAMEWORK }];
    } else if (decision === 'rejected' && has) {
      alignments = row.alignments.filter((a) => a.id !== uri);
    }
    if (alignments) await applySkillChanges(trx, writer, row, { alignments }, 'align');
  });
  return listSuggestions(ctx, user, skillId);
}
