import { type Kysely, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import { normaliseText } from '../labels.ts';
import type { LangList, LangMap } from '../schema.ts';
import { englishStem, STOP_WORDS, splitCompound } from './text.ts';

/**
 * The cross-language lexicon and the occupation search tables, derived from the library.
 *
 * ESCO's Dutch files label only part of the skills, but every occupation and skill group has a
 * Dutch and an English label (and description). Those pairs are a parallel corpus: a Dutch word and
 * an English word stem that keep appearing in the same pairs ("lasser" and "weld", "timmerman" and
 * "carpent") are translations. `refreshSearchLexicon` aligns them with the Dice coefficient over the
 * pairs and stores the best English stems of every Dutch word in `search_lexicon`, and rebuilds
 * `occupation_labels` and `occupation_search_words`. It runs after an import, and search checks
 * that the tables match the data (a signature of the occupations and ESCO concepts) at most every
 * CHECK_INTERVAL_MS, so a process that died before the refresh catches up after the restart.
 */

/**
 * How strongly a Dutch word n and an English stem e go together over c pairs: how consistently e
 * comes with n (c / df(n)), damped for English stems that come with everything (c / df(e))^¼, so
 * that "klantenservice" finds "custom" (in 3 of its 3 pairs, common elsewhere too) and not
 * "representative". A pair seen once counts only for a Dutch word seen at most twice (in labels).
 */
const MIN_STRENGTH = 0.3;
/** English stems kept per Dutch word. */
const PER_WORD = 6;
/** Words in more pairs than this (in descriptions) are too common to align. */
const MAX_DESCRIPTION_DF = 400;
const CHECK_INTERVAL_MS = 30_000;

const WORDS = /[\s!-/:-@[-`{-~]+/;

function words(text: string | undefined | null): string[] {
  if (!text) return [];
  return normaliseText(text)
    .split(WORDS)
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(w) && !/^\d+$/.test(w));
}

interface Unit {
  nl: Set<string>;
  en: Set<string>;
}

/** Aligns Dutch words to English stems over parallel units (see MIN_STRENGTH). */
export function alignUnits(units: Unit[], minPairs = 2, rarePairs = true, minStrength = MIN_STRENGTH): Map<string, Map<string, number>> {
  // Words as numbers, pairs as one number: a Map of numbers is several times faster than of strings.
  const ids = new Map<string, number>();
  const names: string[] = [];
  const id = (w: string) => {
    let n = ids.get(w);
    if (n === undefined) {
      n = names.length;
      ids.set(w, n);
      names.push(w);
    }
    return n;
  };
  const coded = units.map((u) => ({ nl: [...u.nl].map((w) => id(`n${w}`)), en: [...u.en].map((w) => id(`e${w}`)) }));
  const df = new Map<number, number>();
  for (const u of coded) for (const w of [...u.nl, ...u.en]) df.set(w, (df.get(w) ?? 0) + 1);
  const pairs = new Map<number, number>();
  const SHIFT = 2 ** 21;
  for (const u of coded) for (const n of u.nl) for (const e of u.en) pairs.set(n * SHIFT + e, (pairs.get(n * SHIFT + e) ?? 0) + 1);
  const out = new Map<string, Map<string, number>>();
  for (const [key, c] of pairs) {
    const n = Math.floor(key / SHIFT);
    const e = key % SHIFT;
    const dn = df.get(n)!;
    const de = df.get(e)!;
    if (c < minPairs && !(rarePairs && dn <= 2)) continue;
    // A pair seen once is a guess: it pairs the rare word with every other word of its one pair.
    const strength = (c / dn) * (c / de) ** 0.25 * (c === 1 ? 0.7 : 1);
    if (strength < minStrength) continue;
    const nl = names[n]!.slice(1);
    if (!out.has(nl)) out.set(nl, new Map());
    out.get(nl)!.set(names[e]!.slice(1), strength);
  }
  // The best few, and only those at least half as strong as the best.
  for (const [n, map] of out) {
    const sorted = [...map].sort((a, b) => b[1] - a[1]);
    out.set(n, new Map(sorted.slice(0, PER_WORD).filter(([, x]) => x >= sorted[0]![1] / 2)));
  }
  return out;
}

/** Lets waiting requests run between the steps of a rebuild (it takes seconds of CPU). */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

interface SourceRow {
  name: LangMap;
  alt: LangList | null;
  text: LangMap | null;
}

/** What the derived tables were built from: changes whenever an import or an edit changes it. */
async function signature(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ s: string }>`
    select (select count(*) || ':' || coalesce(max(updated_at)::text, '') from occupations) || '|' ||
      (select count(*) || ':' || coalesce(max(updated_at)::text, '') from skills where source = 'esco') as s
  `.execute(db);
  return rows[0]?.s ?? '';
}

/** Rebuilds the lexicon and the occupation search tables from the library; returns the lexicon size. */
export async function refreshSearchLexicon(db: Kysely<Database>): Promise<number> {
  const sig = await signature(db);
  const { rows: occupations } = await sql<SourceRow & { id: string }>`
    select id, name, alt_labels as alt, description as text from occupations
  `.execute(db);
  const { rows: concepts } = await sql<SourceRow>`
    select name, alt_labels as alt, statement as text from skills
    where source = 'esco' and name ? 'nl' and name ? 'en'
  `.execute(db);

  // Vocabulary of Dutch label words, to split Dutch compounds in the labels into known parts.
  const labelsOf = (r: SourceRow, lang: string) => [r.name?.[lang], ...(r.alt?.[lang] ?? [])];
  // Words of the Dutch labels and descriptions ("klant" stands alone only in descriptions).
  const dutchVocabulary = new Set<string>();
  for (const r of [...occupations, ...concepts]) {
    for (const l of [...labelsOf(r, 'nl'), r.text?.nl]) for (const w of words(l)) dutchVocabulary.add(w);
  }
  const splits = new Map<string, string[]>();
  const partsOf = (w: string) => {
    let parts = splits.get(w);
    if (!parts) {
      parts = w.length >= 7 ? (splitCompound(w, (p) => p !== w && dutchVocabulary.has(p)) ?? []) : [];
      splits.set(w, parts);
    }
    return parts;
  };
  const dutchWords = (texts: (string | undefined)[]) => {
    const set = new Set<string>();
    for (const text of texts) {
      for (const w of words(text)) {
        set.add(w);
        for (const p of partsOf(w)) set.add(p);
      }
    }
    return set;
  };
  const englishStems = (texts: (string | undefined)[]) => new Set(texts.flatMap((t) => words(t).map(englishStem)));

  const labelUnits: Unit[] = [];
  const textUnits: Unit[] = [];
  let count = 0;
  for (const r of [...occupations, ...concepts]) {
    if (++count % 200 === 0) await yieldToRequests();
    if (!r.name?.nl || !r.name?.en) continue;
    labelUnits.push({ nl: dutchWords(labelsOf(r, 'nl')), en: englishStems(labelsOf(r, 'en')) });
    if (r.text?.nl && r.text?.en) textUnits.push({ nl: dutchWords([r.text.nl]), en: englishStems([r.text.en]) });
  }
  // Descriptions: only the rarer words, so that common ones do not pair with everything.
  const df = new Map<string, number>();
  for (const u of textUnits)
    for (const w of [...u.nl].map((x) => `n${x}`).concat([...u.en].map((x) => `e${x}`))) df.set(w, (df.get(w) ?? 0) + 1);
  const rare = textUnits.map((u) => ({
    nl: new Set([...u.nl].filter((w) => df.get(`n${w}`)! <= MAX_DESCRIPTION_DF)),
    en: new Set([...u.en].filter((w) => df.get(`e${w}`)! <= MAX_DESCRIPTION_DF)),
  }));
  await yieldToRequests();
  const fromLabels = alignUnits(labelUnits, 2);
  await yieldToRequests();
  const fromTexts = alignUnits(rare, 3, false, 0.4);
  await yieldToRequests();
  const lexicon = new Map<string, Map<string, number>>(fromLabels);
  for (const [n, map] of fromTexts) {
    const target = lexicon.get(n) ?? new Map<string, number>();
    // Description alignments count for less than label alignments; found in both, they add up.
    for (const [e, d] of map) target.set(e, Math.min(1, (target.get(e) ?? 0) + d * 0.8));
    lexicon.set(n, new Map([...target].sort((a, b) => b[1] - a[1]).slice(0, PER_WORD)));
  }
  // A Dutch word that is also the English word (software, marketing) needs no translation.
  const rows: [string, string, number][] = [];
  for (const [n, map] of lexicon) for (const [e, w] of map) if (e !== n) rows.push([n, e, Math.round(w * 1000) / 1000]);

  const occupationLabels: [string, string, string, string, string][] = [];
  for (const o of occupations) {
    const seen = new Set<string>();
    const add = (lang: string, kind: string, label: string | undefined) => {
      if (!label) return;
      const clean = label.replace(/\s+/g, ' ').trim();
      const norm = normaliseText(clean);
      if (!norm || seen.has(`${lang}\t${norm}`)) return;
      seen.add(`${lang}\t${norm}`);
      occupationLabels.push([o.id, lang, kind, clean, norm]);
    };
    for (const [lang, label] of Object.entries(o.name ?? {})) add(lang, 'preferred', label);
    for (const [lang, list] of Object.entries(o.alt ?? {})) for (const label of list ?? []) add(lang, 'alt', label);
  }

  await db.transaction().execute(async (trx) => {
    await sql`delete from search_lexicon`.execute(trx);
    for (let i = 0; i < rows.length; i += 5000) {
      await sql`insert into search_lexicon (nl, en, weight)
        select r->>0, r->>1, (r->>2)::real from jsonb_array_elements(${JSON.stringify(rows.slice(i, i + 5000))}::jsonb) as r
        on conflict do nothing`.execute(trx);
    }
    await sql`delete from occupation_labels`.execute(trx);
    for (let i = 0; i < occupationLabels.length; i += 5000) {
      await sql`insert into occupation_labels (occupation_id, lang, kind, label, norm)
        select (r->>0)::uuid, r->>1, r->>2, r->>3, r->>4
        from jsonb_array_elements(${JSON.stringify(occupationLabels.slice(i, i + 5000))}::jsonb) as r`.execute(trx);
    }
    await sql`delete from occupation_search_words`.execute(trx);
    await sql`insert into occupation_search_words (word, n)
      select w, count(*) from occupation_labels, regexp_split_to_table(norm, '[[:space:][:punct:]]+') as w where w <> '' group by w`.execute(
      trx,
    );
    await sql`insert into search_lexicon_state (id, signature, built_at) values (1, ${sig}, now())
      on conflict (id) do update set signature = excluded.signature, built_at = now()`.execute(trx);
  });
  return rows.length;
}

interface CheckState {
  lastCheck: number;
  building: Promise<unknown> | null;
}
/** Per database handle (a process may hold several, as the tests do). */
const checks = new WeakMap<object, CheckState>();

/**
 * Keeps the derived tables in step with the data without making a search wait: at most every
 * CHECK_INTERVAL_MS per database handle, compares the stored signature with the data's and, when
 * they differ (an import or edit since, or a process that died before refreshing), rebuilds them in
 * the background; searches meanwhile use the tables as they are. The import job and command refresh
 * them right after an import, so this is the safety net.
 */
export async function ensureSearchLexicon(db: Kysely<Database>): Promise<void> {
  let state = checks.get(db);
  if (!state) checks.set(db, (state = { lastCheck: 0, building: null }));
  const now = Date.now();
  if (state.building || now - state.lastCheck < CHECK_INTERVAL_MS) return;
  state.lastCheck = now;
  const s = state;
  s.building = (async () => {
    const stored = await sql<{ signature: string }>`select signature from search_lexicon_state where id = 1`.execute(db);
    if (stored.rows[0]?.signature !== (await signature(db))) await refreshSearchLexicon(db);
  })()
    .catch(() => {
      // A failed refresh (e.g. the database closed meanwhile) is retried at the next check.
    })
    .finally(() => {
      s.building = null;
    });
}

/** Check again on the next search (after an import, so that it need not wait for the interval). */
export function recheckSearchLexicon(db: Kysely<Database>): void {
  const state = checks.get(db);
  if (state) state.lastCheck = 0;
}
