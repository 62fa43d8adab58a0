import { type Kysely, sql } from 'kysely';
import type { Database } from '../platform/db/schema.ts';
import type { LangList, LangMap, SkillLabelsTable } from './schema.ts';

/**
 * The form every searchable text is compared in: compatibility-decomposed (NFKD), combining marks
 * stripped (é → e, ﬁ → fi), lower case, runs of whitespace collapsed to one space, trimmed.
 * `skill_labels.norm` holds this, and search normalises its queries with the same function.
 */
export function normaliseText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The texts of a skill that become labels; each is a map by language. */
export interface LabelSource {
  name?: LangMap | null;
  alt_labels?: LangList | null;
  hidden_labels?: LangList | null;
  keywords?: LangList | null;
}

export type LabelKind = SkillLabelsTable['kind'];

/**
 * The skill_labels rows of one skill: its preferred name, alternative and hidden labels and
 * keywords, per language. A text that normalises to the same form as an earlier one of the same
 * language is dropped, the stronger kind winning (preferred > alt > hidden > keyword), so ESCO's
 * habit of repeating the preferred label among the alternatives gives one row.
 */
export function labelRowsFor(skillId: string, source: LabelSource): SkillLabelsTable[] {
  const rows: SkillLabelsTable[] = [];
  const seen = new Set<string>();
  const add = (lang: string, kind: LabelKind, label: string | undefined | null) => {
    if (typeof label !== 'string') return;
    const clean = label.replace(/\s+/g, ' ').trim();
    const norm = normaliseText(clean);
    if (!norm) return;
    const key = `${lang}\u0000${norm}`;
    if (seen.has(key)) return;
    seen.add(key);
    rows.push({ skill_id: skillId, lang, kind, label: clean, norm });
  };
  for (const [lang, label] of Object.entries(source.name ?? {})) add(lang, 'preferred', label);
  const lists: [LabelKind, LangList | null | undefined][] = [
    ['alt', source.alt_labels],
    ['hidden', source.hidden_labels],
    ['keyword', source.keywords],
  ];
  for (const [kind, list] of lists) {
    for (const [lang, labels] of Object.entries(list ?? {})) for (const label of labels ?? []) add(lang, kind, label);
  }
  return rows;
}

const DELETE_CHUNK = 1000;
const INSERT_CHUNK = 2000;

/**
 * Replaces the labels of the given skills by `rows` (all the rows of those skills, e.g. from
 * `labelRowsFor`): deletes theirs and inserts the new ones in chunks. Run it in the same
 * transaction as the write of the skills themselves, so labels never lag behind.
 */
export async function replaceLabels(db: Kysely<Database>, skillIds: readonly string[], rows: readonly SkillLabelsTable[]): Promise<void> {
  const ids = [...new Set(skillIds)];
  for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
    await db
      .deleteFrom('skill_labels')
      .where('skill_id', 'in', ids.slice(i, i + DELETE_CHUNK))
      .execute();
  }
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    // One jsonb parameter per statement: cheap to bind, fast on PGlite and PostgreSQL alike.
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => [r.skill_id, r.lang, r.kind, r.label, r.norm]);
    await sql`
      insert into skill_labels (skill_id, lang, kind, label, norm)
      select (r->>0)::uuid, r->>1, r->>2, r->>3, r->>4
      from jsonb_array_elements(${JSON.stringify(chunk)}::jsonb) as r
    `.execute(db);
  }
}
