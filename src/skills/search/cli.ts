import { parseOptions, UsageError, withContext } from '../../platform/cli/toolkit.ts';
import type { CliCommand } from '../../platform/module.ts';
import { MAX_LIMIT, type SearchLang, type SearchResult, searchSkills } from './service.ts';

const USAGE = 'Usage: vaardig skills search TEXT [--lang nl|en] [--limit N] [--offset N] [--json]';

/** A readable table of results: score, name, skill type and canonical URL. */
export function formatTable(result: SearchResult): string {
  const lines = result.items.map((i) => `${(i.score ?? 0).toFixed(2)}  ${i.name}  (${i.skillType ?? '-'}) ${i.uri}`);
  lines.push(`${result.items.length} of ${result.total} skills`);
  return lines.join('\n');
}

/** `vaardig skills search TEXT`: the same search and JSON as GET /api/v1/skills (published skills). */
export const searchCommand: CliCommand = {
  summary: 'Search skills: vaardig skills search TEXT [--lang nl|en] [--limit N] [--json]',
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        lang: { type: 'string', default: 'en' },
        limit: { type: 'string', default: '20' },
        offset: { type: 'string', default: '0' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      true,
    );
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const q = positionals.join(' ').trim();
    if (!q) throw new UsageError(`give the text to search for\n${USAGE}`);
    if (values.lang !== 'nl' && values.lang !== 'en') throw new UsageError(`--lang must be nl or en, got "${values.lang}"`);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}`);
    const offset = Number(values.offset);
    if (!Number.isInteger(offset) || offset < 0) throw new UsageError('--offset must be a whole number from 0');
    return withContext('skills search', async (ctx) => {
      const result = await searchSkills(ctx.db, { q, lang: values.lang as SearchLang, limit, offset, baseUrl: ctx.config.baseUrl });
      console.log(values.json ? JSON.stringify(result, null, 2) : formatTable(result));
      return 0;
    });
  },
};

export const searchCommands: Record<string, CliCommand> = { search: searchCommand };
