import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorText, parseOptions, UsageError, withContext } from '../../platform/cli/toolkit.ts';
import { findOrganisation } from '../../accounts/api.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, HttpProblem } from '../../platform/errors.ts';
import type { CliCommand } from '../../platform/module.ts';
import { describeImportError, EXPORT_FORMATS, IMPORT_FORMATS, ImportFileError, type ImportFormat } from '../formats/index.ts';
import { SYSTEM_USER } from './access.ts';
import { exportCollection, importSkills } from './exchange.ts';

const EXPORT_USAGE = `Usage: vaardig skills export --collection ID --format ${EXPORT_FORMATS.join('|')} [--lang xx|all] [--out FILE]`;
const IMPORT_USAGE = `Usage: vaardig skills import FILE --org SLUG [--format ${IMPORT_FORMATS.join('|')}] [--collection ID] [--lang xx]`;

/** A service error as one line of English for the terminal, naming the file and line or the fields. */
function explain(ctx: AppContext, command: string, error: unknown): number {
  if (!(error instanceof AppError) || error instanceof HttpProblem || error.status >= 500) throw error;
  const t = ctx.i18n.getFixedT('en');
  let text: string;
  if (error instanceof ImportFileError) {
    const reason = typeof error.extra.reason === 'string' ? ` (${error.extra.reason})` : '';
    text = `${describeImportError(t, error)}${reason}`;
  } else text = errorText(t, error);
  console.error(`vaardig skills ${command}: ${text}`);
  return 1;
}

/** `vaardig skills export`: a collection (drafts too: the command acts as the instance) in one of the formats. */
export const exportCommand: CliCommand = {
  summary: `Export a collection: vaardig skills export --collection ID --format ${EXPORT_FORMATS.join('|')} [--lang xx] [--out FILE]`,
  async run(args) {
    const { values } = parseOptions(args, {
      collection: { type: 'string' },
      format: { type: 'string' },
      lang: { type: 'string', default: 'all' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (values.help) {
      console.log(EXPORT_USAGE);
      return 0;
    }
    if (!values.collection) throw new UsageError(`--collection is required\n${EXPORT_USAGE}`);
    if (!values.format) throw new UsageError(`--format is required\n${EXPORT_USAGE}`);
    return withContext('skills export', async (ctx) => {
      try {
        const file = await exportCollection(ctx, SYSTEM_USER, values.collection as string, values.format as string, values.lang);
        if (values.out) {
          await writeFile(values.out, file.body);
          console.error(`wrote ${values.out}`);
        } else process.stdout.write(file.body.endsWith('\n') ? file.body : `${file.body}\n`);
        return 0;
      } catch (error) {
        return explain(ctx, 'export', error);
      }
    });
  },
};

/** `vaardig skills import FILE --org SLUG`: a batch of own skills from OSMT CSV or RSD JSON, all or nothing. */
export const importCommand: CliCommand = {
  summary: `Import own skills from a file: vaardig skills import FILE --org SLUG [--format ${IMPORT_FORMATS.join('|')}]`,
  async run(args) {
    const { values, positionals } = parseOptions(
      args,
      {
        org: { type: 'string' },
        format: { type: 'string' },
        collection: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      true,
    );
    if (values.help) {
      console.log(IMPORT_USAGE);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`give one FILE to import\n${IMPORT_USAGE}`);
    if (!values.org) throw new UsageError(`--org is required\n${IMPORT_USAGE}`);
    const path = positionals[0] as string;
    const format = values.format ?? (/\.csv$/i.test(path) ? 'csv' : /\.json(ld)?$/i.test(path) ? 'rsd' : undefined);
    if (!format) throw new UsageError(`--format is required when the file name does not end in .csv or .json\n${IMPORT_USAGE}`);
    if (!IMPORT_FORMATS.includes(format as ImportFormat)) throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (error) {
      console.error(`vaardig skills import: cannot read ${path}: ${(error as Error).message}`);
      return 1;
    }
    return withContext('skills import', async (ctx) => {
      const organisation = await findOrganisation(ctx.db, values.org as string);
      if (!organisation) {
        console.error(`vaardig skills import: there is no organisation "${values.org}"`);
        return 1;
      }
      try {
        const result = await importSkills(ctx, SYSTEM_USER, {
          organisationId: organisation.id,
          format: format as ImportFormat,
          fileName: basename(path),
          content,
          collectionId: values.collection,
          lang: values.lang,
        });
        console.log(
          `Imported ${result.skillIds.length} skills into ${organisation.slug}: ${result.created} new, ${result.updated} updated` +
            (result.collectionId ? `; collection ${result.collectionId}` : ''),
        );
        return 0;
      } catch (error) {
        return explain(ctx, 'import', error);
      }
    });
  },
};

export const libraryCommands: Record<string, CliCommand> = { export: exportCommand, import: importCommand };
