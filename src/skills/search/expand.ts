import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { compoundPieces, dutchVariantPrefixes, editDistance, isOneTypo, STOP_WORDS, splitCompound } from './text.ts';

/**
 * Query analysis shared by skill and occupation search: the query's words become slots, and each
 * slot gets the vocabulary words it may stand for, with a weight:
 *  - the word itself (1), the most used words it starts when it is the last word (0.9);
 *  - Dutch word forms sharing its stem ("lassen" → lasser, "beheer" → beheren; 0.85);
 *  - for an unknown word, vocabulary words one typo away (0.8; four letters or more);
 *  - for a Dutch query, English words through the lexicon (`search_lexicon`), expanded from the
 *    English stem to the vocabulary words it starts (0.6–0.85 by the alignment's strength).
 * An unknown Dutch compound is first split into known words ("klantvriendelijk" → klant vriendelijk).
 */

export type Vocabulary = 'skill_search_words' | 'occupation_search_words';

/** Vocabulary words a query word may stand for: by trigram similarity (typos) and by prefix (the last word). */
export const TYPO_EXPANSIONS = 20;
export const PREFIX_EXPANSIONS = 20;
export const VARIANT_EXPANSIONS = 12;
/** English vocabulary words taken per English stem of the lexicon. */
export const STEM_EXPANSIONS = 8;
/**
 * pg_trgm similarity a vocabulary word needs to be looked at as a typo; the one-typo check
 * (Damerau–Levenshtein ≤ 1) then decides. 0.3 catches one typo in words of four letters and more
 * ("pyton" is 0.44 from "python").
 */
export const TYPO_CANDIDATE_SIMILARITY = 0.3;
/** Above this trigram similarity a word counts as a near miss even with more than one typo (long words). */
export const TYPO_SIMILARITY = 0.55;

/** A translation weaker than this share of the word's strongest one is left out. */
export const WEAK_TRANSLATION = 0.6;

export const WEIGHT = { exact: 1, prefix: 0.9, variant: 0.85, typo: 0.8, typo2: 0.6 } as const;

export interface Slot {
  /** The query word (or compound part) as typed. */
  word: string;
  /** Vocabulary word → weight (same language as typed, and translations). */
  terms: Map<string, number>;
  /** The subset of `terms` that came through the lexicon (other language). */
  translated: Set<string>;
}

export interface Analysis {
  slots: Slot[];
  /** Whether any word was split as a compound. */
  split: boolean;
}

function put(slot: Slot, word: string, weight: number, translated = false) {
  const old = slot.terms.get(word) ?? 0;
  if (weight > old) {
    slot.terms.set(word, weight);
    if (translated) slot.translated.add(word);
    else slot.translated.delete(word);
  }
}

/** Words known to any vocabulary (skill labels, occupation labels, the lexicon's Dutch side). */
async function knownWords(db: Kysely<Database>, words: string[]): Promise<Set<string>> {
  if (!words.length) return new Set();
  const { rows } = await sql<{ word: string }>`
    select word from skill_search_words where word = any(${words}::text[]) and n > 0
    union select word from occupation_search_words where word = any(${words}::text[])
    union select nl from search_lexicon where nl = any(${words}::text[])
  `.execute(db);
  return new Set(rows.map((r) => r.word));
}

/** The words that the skill labels use. */
async function skillWords(db: Kysely<Database>, words: string[]): Promise<Set<string>> {
  if (!words.length) return new Set();
  const { rows } = await sql<{ word: string }>`select word from skill_search_words where word = any(${words}::text[]) and n > 0`.execute(
    db,
  );
  return new Set(rows.map((r) => r.word));
}

/** The words that are one typo away from a skill or occupation label word. */
async function nearWords(db: Kysely<Database>, words: string[]): Promise<Set<string>> {
  if (!words.length) return new Set();
  const { rows } = await sql<{ w: string; word: string }>`
    select qw.w, x.word from unnest(${words}::text[]) as qw(w)
    cross join lateral (
      (select word from skill_search_words where word % qw.w and n > 0 order by similarity(word, qw.w) desc limit 5)
      union all
      (select word from occupation_search_words where word % qw.w order by similarity(word, qw.w) desc limit 5)
    ) x
  `.execute(db);
  return new Set(rows.filter((r) => isOneTypo(r.w, r.word)).map((r) => r.w));
}

/**
 * The slots of a query. `words` are the normalised query words; `dutch` turns on compound splitting,
 * Dutch word forms and the lexicon.
 */
export async function analyse(
  db: Kysely<Database>,
  words: string[],
  dutch: boolean,
  vocabulary: Vocabulary,
  translateWords = true,
): Promise<Analysis> {
  // 1. Compounds: an unknown Dutch word of seven letters or more that splits into known words.
  let split = false;
  let known = new Set<string>();
  let slotWords = words;
  if (dutch) {
    const long = words.filter((w) => w.length >= 7);
    known = await knownWords(db, [...new Set([...words, ...long.flatMap(compoundPieces)])]);
    const typos = await nearWords(
      db,
      words.filter((w) => w.length >= 7 && !known.has(w)),
    );
    const inSkills = await skillWords(db, long);
    slotWords = words.flatMap((w) => {
      // A word of the skill labels, or one typo away from one ("computerprogramering"), is not split;
      // a word known only from occupations is, into parts of four letters or more ("klantenservice").
      if (w.length < 7 || inSkills.has(w) || typos.has(w)) return [w];
      const min = known.has(w) ? 4 : 3;
      const parts = splitCompound(w, (p) => p.length >= min && p !== w && known.has(p) && !STOP_WORDS.has(p));
      if (!parts) return [w];
      split = true;
      return parts;
    });
  }
  const slots: Slot[] = slotWords.slice(0, 8).map((word) => ({ word, terms: new Map(), translated: new Set() }));
  if (!slots.length) return { slots, split };
  const table = sql.table(vocabulary);

  // 2. Same-language expansions in the vocabulary.
  const values = sql.join(
    slots.map((s, i) => {
      const prefixes = dutch ? dutchVariantPrefixes(s.word) : [];
      return sql`(${i}::int, ${s.word}::text, ${i === slots.length - 1}::boolean, ${prefixes}::text[])`;
    }),
  );
  const { rows } = await sql<{ i: number; word: string; how: string }>`
    select qw.i, x.word, x.how
    from (values ${values}) as qw(i, w, last, prefixes)
    cross join lateral (
      (select word, 'exact' as how from ${table} where word = qw.w and n > 0)
      union all
      (select word, 'prefix' from ${table}
       where qw.last and length(qw.w) >= 2 and word ~>=~ qw.w and word ~<~ (qw.w || chr(1114111)) and n > 0
       order by n desc limit ${PREFIX_EXPANSIONS})
      union all
      (select word, 'variant' from ${table}, unnest(qw.prefixes) as p
       where word ~>=~ p and word ~<~ (p || chr(1114111)) and length(word) <= length(p) + 6 and n > 0
       order by n desc limit ${VARIANT_EXPANSIONS})
      union all
      (select word, 'typo' from ${table}
       where length(qw.w) >= 4 and word % qw.w and n > 0
       order by similarity(word, qw.w) desc limit ${TYPO_EXPANSIONS})
    ) x
  `.execute(db);
  const exactly = new Set<number>();
  for (const r of rows) if (r.how === 'exact') exactly.add(r.i);
  for (const r of rows) {
    const slot = slots[r.i]!;
    if (r.how === 'typo') {
      // Typos only for words the vocabularies do not know (a known word means what it says).
      if (exactly.has(r.i) || known.has(slot.word)) continue;
      if (isOneTypo(slot.word, r.word)) put(slot, r.word, WEIGHT.typo);
      else if (slot.word.length >= 8 && editDistance(slot.word, r.word, 2) <= 2) put(slot, r.word, WEIGHT.typo2);
      continue;
    }
    put(slot, r.word, WEIGHT[r.how as 'exact' | 'prefix' | 'variant']);
  }
  if (dutch && translateWords) await translate(db, slots, known);
  return { slots, split };
}

/** Dutch → English through the lexicon, then English stems → words of the skill vocabulary. */
async function translate(db: Kysely<Database>, slots: Slot[], known: Set<string>): Promise<void> {
  const values = sql.join(
    slots.map((s, i) => {
      const forms = [s.word, ...[...s.terms.keys()].filter((w) => w !== s.word && (isOneTypo(s.word, w) || !known.has(s.word)))];
      return sql`(${i}::int, ${forms}::text[], ${dutchVariantPrefixes(s.word)}::text[])`;
    }),
  );
  const { rows } = await sql<{ i: number; nl: string; en: string; weight: number; how: string }>`
    select qw.i, x.nl, x.en, x.weight, x.how
    from (values ${values}) as qw(i, forms, prefixes)
    cross join lateral (
      (select nl, en, weight, 'exact' as how from search_lexicon where nl = any(qw.forms))
      union all
      (select nl, en, weight, 'variant' from search_lexicon, unnest(qw.prefixes) as p
       where nl ~>=~ p and nl ~<~ (p || chr(1114111)) and length(nl) <= length(p) + 6
       order by weight desc limit 12)
    ) x
  `.execute(db);
  if (!rows.length) return;
  // Per slot and English stem, the strongest alignment.
  const stems = new Map<string, { i: number; stem: string; weight: number; raw: number }>();
  for (const r of rows) {
    const strength = Math.min(1, Number(r.weight) / 0.6) * (r.how === 'exact' && r.nl === slots[r.i]!.word ? 1 : 0.9);
    const key = `${r.i}\t${r.en}`;
    if ((stems.get(key)?.weight ?? 0) < strength) stems.set(key, { i: r.i, stem: r.en, weight: strength, raw: Number(r.weight) });
  }
  // A word with a clear translation drops its weak ones: "heftruck" is forklift (0.7), and the
  // "pick" and "order" it shares labels with (0.38) are noise that outranks the real match.
  const strongest = new Map<number, number>();
  for (const s of stems.values()) strongest.set(s.i, Math.max(strongest.get(s.i) ?? 0, s.raw));
  const list = [...stems.values()].filter((s) => s.raw >= WEAK_TRANSLATION * strongest.get(s.i)!);
  const stemValues = sql.join(list.map((s, k) => sql`(${k}::int, ${s.stem}::text)`));
  const { rows: words } = await sql<{ k: number; word: string }>`
    select st.k, x.word
    from (values ${stemValues}) as st(k, stem)
    cross join lateral (
      (select word from skill_search_words where word = st.stem and n > 0)
      union
      (select word from skill_search_words
       where length(st.stem) >= 4 and word ~>=~ st.stem and word ~<~ (st.stem || chr(1114111)) and length(word) <= length(st.stem) + 5 and n > 0
       order by n desc limit ${STEM_EXPANSIONS})
    ) x
  `.execute(db);
  for (const w of words) {
    const s = list[w.k]!;
    put(slots[s.i]!, w.word, 0.6 + 0.25 * s.weight, true);
  }
}

/** The tsquery groups of the slots: for every slot, any of its terms. */
export function termGroups(slots: Slot[], only?: (slot: Slot, term: string) => boolean): string[] {
  return slots
    .map((s) => [...s.terms.keys()].filter((t) => !only || only(s, t)))
    .filter((terms) => terms.length)
    .map((terms) => `(${terms.map(lexeme).join(' | ')})`);
}

/** Quotes a vocabulary word as a tsquery lexeme. */
export const lexeme = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
