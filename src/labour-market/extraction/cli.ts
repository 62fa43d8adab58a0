import { createReadStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { openContext, parseOptions, UsageError } from '../../platform/cli/toolkit.ts';
import { loadConfig } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import { DatabaseBusyError } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { CliCommand } from '../../platform/module.ts';
import { buildIndex, type ExtractionIndex } from './build.ts';
import { ExtractionPool } from './pool.ts';
import {
  DEFAULT_LIMIT,
  DEFAULT_MIN_SCORE,
  extractionIndex,
  type Extraction,
  extractWith,
  MAX_LIMIT,
  MAX_TEXT,
  present,
  readSnapshot,
  snapshotPath,
} from './service.ts';

const MAX_WORKERS = 32;

const USAGE = `Usage: vaardig extract [--lang nl|en] [--limit K] [--min-score S] [--workers N] FILE|-

Reads JSON lines {"id": ..., "text": ...} from FILE (or standard input for -) and prints one JSON
line per input line, in the same order: {"id": ..., "skills": [{"uri", "esco", "label", "score",
"spans"}, ...]}, best first. A line that cannot be read gives {"id": ..., "error": "..."} (exit 1
at the end). While a server holds the embedded database, the library it last wrote to
VAARDIG_HOME/cache is used.

--workers N extracts on N worker threads (at most ${MAX_WORKERS}; this machine has
${availableParallelism()} cores): for large files. The output is the same as with one.`;

/** Texts a worker takes at a time, and batches read ahead of the output per worker. */
const BATCH = 50;
const AHEAD = 4;

interface Line {
  id: unknown;
  text?: string;
  error?: string;
}

/** One input line: its id and text, or why it cannot be read. */
function readLine(line: string, n: number): Line {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { id: null, error: `line ${n}: not JSON` };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { id: null, error: `line ${n}: not a JSON object` };
  const id = (record as { id?: unknown }).id ?? null;
  const text = (record as { text?: unknown }).text;
  if (typeof text !== 'string') return { id, error: `line ${n}: text is missing or not a string` };
  if (text.length > MAX_TEXT) return { id, error: `line ${n}: text is too long (at most ${MAX_TEXT} characters)` };
  return { id, text };
}

const skillsOut = (extraction: Extraction) =>
  extraction.skills.map(({ uri, esco, label, score, spans }) => ({ uri, esco, label, score, spans }));

/** The index: from the database, or, while a server holds it, from the library the server wrote. */
async function openIndex(): Promise<{ index: ExtractionIndex; ctx?: AppContext }> {
  try {
    const ctx = await openContext('extract');
    try {
      return { index: await extractionIndex(ctx), ctx };
    } catch (error) {
      await ctx.close();
      throw error;
    }
  } catch (error) {
    if (!(error instanceof DatabaseBusyError)) throw error;
    const home = loadConfig().home;
    const vocabulary = readSnapshot(home);
    if (!vocabulary) {
      throw new Error(
        `${error.message}\nThe server has not written the library for extraction yet (${snapshotPath(home)}): it does so when it first extracts skills. Call POST /api/v1/extract on the server, or stop it.`,
      );
    }
    return { index: buildIndex(vocabulary) };
  }
}

function lineError(error: unknown): string {
  if (error instanceof AppError) return `${error.field ?? 'line'}: ${error.code.split('.').at(-1)}`;
  return (error as Error).message;
}

/** `vaardig extract`: skills of JSON lines of texts, as JSON lines. */
export const extractCommand: CliCommand = {
  summary: 'Extract skills from Dutch or English texts (JSON lines in, JSON lines out)',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        lang: { type: 'string' },
        limit: { type: 'string' },
        'min-score': { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean' },
      },
      true,
    );
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(USAGE);
    const lang = values.lang;
    if (lang !== undefined && lang !== 'nl' && lang !== 'en') throw new UsageError(`--lang must be nl or en, got "${lang}"`);
    const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, got "${values.limit}"`);
    const minScore = values['min-score'] === undefined ? DEFAULT_MIN_SCORE : Number(values['min-score']);
    if (!(minScore >= 0 && minScore <= 1)) throw new UsageError(`--min-score must be a number from 0 to 1, got "${values['min-score']}"`);
    const workers = values.workers === undefined ? 1 : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
      throw new UsageError(`--workers must be a whole number from 1 to ${MAX_WORKERS}, got "${values.workers}"`);
    const [file] = positionals;
    const input = file === '-' ? process.stdin : createReadStream(file!);
    // Fail on a missing file before the library is read.
    await new Promise<void>((resolve, reject) => {
      if (file === '-') resolve();
      else input.once('open', () => resolve()).once('error', reject);
    }).catch((error: Error) => {
      throw new UsageError(`cannot read ${file}: ${error.message}`);
    });

    const { index, ctx } = await openIndex();
    const baseUrl = ctx?.config.baseUrl ?? loadConfig().baseUrl;
    const options = { lang: lang as 'nl' | 'en' | undefined, limit, minScore };
    const pool = workers > 1 ? new ExtractionPool(index, workers) : null;
    let failed = 0;
    const print = (line: Line, extraction?: Extraction) => {
      if (line.error !== undefined) failed++;
      console.log(
        JSON.stringify(line.error !== undefined ? { id: line.id, error: line.error } : { id: line.id, skills: skillsOut(extraction!) }),
      );
    };
    /** Lines read but not printed yet, in order, with the batch their text went to (on workers). */
    let held: { line: Line; batch?: Promise<Extraction[]>; at?: number }[] = [];
    let texts: string[] = [];
    const send = () => {
      if (!texts.length) return;
      const sent = pool!.extract(texts, options).then((results) => results.map((r) => present(index, baseUrl, { ...r, occupations: [] })));
      // (Awaited in order below; a batch refused is reported when its lines are printed.)
      sent.catch(() => {});
      for (let i = held.length - 1; i >= 0 && held[i]!.batch === undefined; i--) if (held[i]!.at !== undefined) held[i]!.batch = sent;
      texts = [];
    };
    const flush = async (keep: number) => {
      while (held.length > keep) {
        if (held[0]!.at !== undefined && held[0]!.batch === undefined) send();
        const h = held.shift()!;
        if (h.batch === undefined) {
          print(h.line);
          continue;
        }
        try {
          print(h.line, (await h.batch)[h.at!]);
        } catch (error) {
          print({ id: h.line.id, error: (error as Error).message });
        }
      }
    };
    try {
      if (pool) await pool.ready;
      let n = 0;
      for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        n++;
        if (!raw.trim()) continue;
        const line = readLine(raw, n);
        if (!pool) {
          if (line.error !== undefined) print(line);
          else {
            try {
              print(line, extractWith(index, baseUrl, line.text!, options));
            } catch (error) {
              print({ id: line.id, error: lineError(error) });
            }
          }
          continue;
        }
        if (line.error !== undefined) held.push({ line });
        else {
          held.push({ line, at: texts.length });
          texts.push(line.text!);
          if (texts.length === BATCH) send();
        }
        // Print what is done, keeping enough read ahead for every worker to be busy.
        if (held.length > BATCH * AHEAD * workers) await flush(BATCH * (AHEAD - 1) * workers);
      }
      if (pool) await flush(0);
    } finally {
      held = [];
      await pool?.close();
      await ctx?.close();
    }
    return failed ? 1 : 0;
  },
};
