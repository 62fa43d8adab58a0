import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/schema.ts';
import { PlatformErrors } from '../../platform/errors.ts';
import { type LibraryVocabulary, librarySignature, libraryVocabulary, skillUri } from '../../skills/api.ts';
import { buildIndex, type ExtractionIndex } from './build.ts';
import { type ExtractResult, extract, type MatchReason } from './match.ts';
import type { Lang } from './text.ts';

/**
 * The extraction service: `extractSkills(ctx, text, options)` against the whole library (ESCO and
 * the network's own published skills), with the index built once per database and process and
 * rebuilt in the background when the library changes (checked at most every CHECK_INTERVAL_MS).
 * Whoever reads the library from the database also writes it to
 * `VAARDIG_HOME/cache/extraction-vocabulary.json`, so that `vaardig extract` can work while a
 * server holds the embedded database.
 */

export const MAX_TEXT = 100_000;
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;
/** Skills below this score are left out unless the caller asks for less. */
export const DEFAULT_MIN_SCORE = 0.4;
const CHECK_INTERVAL_MS = 30_000;

export interface ExtractSkillsOptions {
  lang?: Lang;
  limit?: number;
  minScore?: number;
}

export interface ExtractedSkill {
  /** The skill's canonical URL in this network. */
  uri: string;
  /** The ESCO concept URI, or null for the network's own skills. */
  esco: string | null;
  /** The skill's name in the text's language, else English, else any. */
  label: string;
  /** Confidence from 0 to 1. */
  score: number;
  /** UTF-16 offsets [start, end) of the text that evidences it. */
  spans: [number, number][];
  reason: MatchReason;
}

export interface ExtractedOccupation {
  esco: string | null;
  label: string;
  score: number;
}

export interface Extraction {
  lang: Lang;
  skills: ExtractedSkill[];
  occupations: ExtractedOccupation[];
}

interface IndexState {
  index: ExtractionIndex | null;
  loading: Promise<ExtractionIndex> | null;
  checkedAt: number;
  refreshing: Promise<void> | null;
}

const states = new WeakMap<Kysely<Database>, IndexState>();

/** Where the library is kept for the CLI while a server holds the embedded database. */
export function snapshotPath(home: string): string {
  return join(home, 'cache', 'extraction-vocabulary.json');
}

function writeSnapshot(ctx: AppContext, vocabulary: LibraryVocabulary): void {
  if (ctx.config.databaseUrl) return;
  try {
    const file = snapshotPath(ctx.config.home);
    mkdirSync(join(ctx.config.home, 'cache'), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(vocabulary));
    renameSync(`${file}.tmp`, file);
    writeFileSync(`${file}.signature`, vocabulary.signature);
  } catch (error) {
    ctx.log.warn({ err: error }, 'could not write the extraction vocabulary');
  }
}

/**
 * Writes the snapshot when it is missing or older than the library (the server does this a little
 * after it starts, so that `vaardig extract` works while it holds the embedded database). Reads the
 * library only then, and keeps nothing in memory.
 */
export async function refreshSnapshot(ctx: AppContext): Promise<boolean> {
  if (ctx.config.databaseUrl) return false;
  const file = `${snapshotPath(ctx.config.home)}.signature`;
  const stored = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (stored !== null && stored === (await librarySignature(ctx.db))) return false;
  writeSnapshot(ctx, await libraryVocabulary(ctx.db));
  return true;
}

/** The library read from a snapshot file, or null when there is none. */
export function readSnapshot(home: string): LibraryVocabulary | null {
  const file = snapshotPath(home);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as LibraryVocabulary;
}

/** Reads the library and builds the index. */
async function load(ctx: AppContext): Promise<ExtractionIndex> {
  const vocabulary = await libraryVocabulary(ctx.db);
  writeSnapshot(ctx, vocabulary);
  // Building takes seconds of CPU: let waiting requests run first.
  await new Promise((resolve) => setImmediate(resolve));
  return buildIndex(vocabulary);
}

/**
 * The extraction index of this database: built on first use (callers wait), then checked against
 * the library's signature at most every CHECK_INTERVAL_MS and rebuilt in the background when an
 * import or an edit changed the library; extraction meanwhile uses the index it has.
 */
export async function extractionIndex(ctx: AppContext): Promise<ExtractionIndex> {
  let state = states.get(ctx.db);
  if (!state) states.set(ctx.db, (state = { index: null, loading: null, checkedAt: Date.now(), refreshing: null }));
  const s = state;
  if (!s.index) {
    s.loading ??= load(ctx).finally(() => {
      s.loading = null;
    });
    s.index = await s.loading;
    s.checkedAt = Date.now();
    return s.index;
  }
  if (!s.refreshing && Date.now() - s.checkedAt >= CHECK_INTERVAL_MS) {
    s.checkedAt = Date.now();
    const current = s.index;
    s.refreshing = (async () => {
      if ((await librarySignature(ctx.db)) !== current.signature) s.index = await load(ctx);
    })()
      .catch((error) => ctx.log.warn({ err: error }, 'could not refresh the extraction index'))
      .finally(() => {
        s.refreshing = null;
      });
  }
  return s.index;
}

/** Uses this index for the database (the CLI's snapshot when a server holds the database). */
export function useIndex(db: Kysely<Database>, index: ExtractionIndex): void {
  states.set(db, { index, loading: null, checkedAt: Number.POSITIVE_INFINITY, refreshing: null });
}

/** Forgets the index of this database (tests; the next extraction reads the library again). */
export function forgetIndex(db: Kysely<Database>): void {
  states.delete(db);
}

/** Checks the options at the edge of the service; names the field at fault. */
export function validateOptions(text: unknown, options: ExtractSkillsOptions): void {
  if (typeof text !== 'string') throw PlatformErrors.required('text');
  if (text.length > MAX_TEXT) throw PlatformErrors.tooLong('text', { max: MAX_TEXT });
  if (options.lang !== undefined && options.lang !== 'nl' && options.lang !== 'en')
    throw PlatformErrors.oneOf('lang', { options: 'nl, en' });
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_LIMIT))
    throw PlatformErrors.invalid('limit');
  if (options.minScore !== undefined && !(options.minScore >= 0 && options.minScore <= 1)) throw PlatformErrors.invalid('minScore');
}

/** Turns the matcher's result into URIs, labels and rounded scores. */
export function present(index: ExtractionIndex, baseUrl: string, result: ExtractResult): Extraction {
  const name = (names: Record<string, string>) => names[result.lang] ?? names.en ?? Object.values(names)[0] ?? '';
  return {
    lang: result.lang,
    skills: result.skills.map((m) => {
      const skill = index.skills[m.skill]!;
      return {
        uri: skillUri(baseUrl, skill.id),
        esco: skill.externalUri,
        label: name(skill.name),
        score: Math.round(m.score * 1000) / 1000,
        spans: m.spans,
        reason: m.reason,
      };
    }),
    occupations: result.occupations.map((o) => {
      const occupation = index.occupations[o.occupation]!;
      return { esco: occupation.externalUri, label: name(occupation.name), score: Math.round(o.score * 1000) / 1000 };
    }),
  };
}

/** Runs the matcher on a text with an index at hand (the CLI, workers). */
export function extractWith(index: ExtractionIndex, baseUrl: string, text: string, options: ExtractSkillsOptions = {}): Extraction {
  validateOptions(text, options);
  const result = extract(index, text, {
    lang: options.lang,
    limit: options.limit ?? DEFAULT_LIMIT,
    minScore: options.minScore ?? DEFAULT_MIN_SCORE,
  });
  return present(index, baseUrl, result);
}

/**
 * The skills a text (a vacancy, a sentence, a CV) asks for or shows, best first: each with the spans
 * of the text that evidence it, a confidence and the reason (the label that matched and how, the
 * section, the occupation of the ad that asks for it, the related skills found).
 */
export async function extractSkills(ctx: AppContext, text: string, options: ExtractSkillsOptions = {}): Promise<Extraction> {
  validateOptions(text, options);
  const index = await extractionIndex(ctx);
  return extractWith(index, ctx.config.baseUrl, text, options);
}
