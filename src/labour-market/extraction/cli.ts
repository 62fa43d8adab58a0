import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { openContext, parseOptions, UsageError } from '../../platform/cli/toolkit.ts';
import { loadConfig } from '../../platform/config.ts';
import type { AppContext } from '../../platform/context.ts';
import { DatabaseBusyError } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { CliCommand } from '../../platform/module.ts';
import { buildIndex, type ExtractionIndex } from './build.ts';
import {
  DEFAULT_LIMIT,
  DEFAULT_MIN_SCORE,
  extractionIndex,
  extractWith,
  MAX_LIMIT,
  MAX_TEXT,
  readSnapshot,
  snapshotPath,
} from './service.ts';

const USAGE = `Usage: vaardig extract [--lang nl|en] [--limit K] [--min-score S] FILE|-

Reads JSON lines {"id": ..., "text": ...} from FILE (or standard input for -) and prints one JSON
line per input line, in the same order: {"id": ..., "skills": [{"uri", "esco", "label", "score",
"spans"}, ...]}, best first. A line that cannot be read gives {"id": ..., "error": "..."} (exit 1
at the end). While a server holds the embedded database, the library it last wrote to
VAARDIG_HOME/cache is used.`;

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
      { lang: { type: 'string' }, limit: { type: 'string' }, 'min-score': { type: 'string' }, help: { type: 'boolean' } },
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
    let failed = 0;
    let n = 0;
    try {
      for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        n++;
        if (!line.trim()) continue;
        let id: unknown = null;
        try {
          let record: unknown;
          try {
            record = JSON.parse(line);
          } catch {
            throw new Error(`line ${n}: not JSON`);
          }
          if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new Error(`line ${n}: not a JSON object`);
          id = (record as { id?: unknown }).id ?? null;
          const text = (record as { text?: unknown }).text;
          if (typeof text !== 'string') throw new Error(`line ${n}: text is missing or not a string`);
          if (text.length > MAX_TEXT) throw new Error(`line ${n}: text is too long (at most ${MAX_TEXT} characters)`);
          const result = extractWith(index, baseUrl, text, { lang: lang as 'nl' | 'en' | undefined, limit, minScore });
          const skills = result.skills.map(({ uri, esco, label, score, spans }) => ({ uri, esco, label, score, spans }));
          console.log(JSON.stringify({ id, skills }));
        } catch (error) {
          failed++;
          console.log(JSON.stringify({ id, error: lineError(error) }));
        }
      }
    } finally {
      await ctx?.close();
    }
    return failed ? 1 : 0;
  },
};
