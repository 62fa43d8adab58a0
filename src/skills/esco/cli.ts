import type { CliCommand } from '../../platform/module.ts';
import type { ImportProgress } from './service.ts';

const USAGE = `Usage: vaardig skills import-esco [PATH...]

Imports the ESCO classification from official ESCO CSV downloads: each PATH is a zip as the ESCO
download service ships it (a language's classification zip, or the language-less relations zip),
an unpacked folder, or a folder holding such zips. Languages are joined on conceptUri; importing
again updates in place. Without PATH: the ESCO folders in VAARDIG_DATA_DIR (esco/v1.1.1 and
esco/v1.1.x-nl-partial).`;

/** A progress bar on a terminal, plain phase lines otherwise (logs, CI). */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr) {
  let lastPhase = '';
  let lastDraw = 0;
  return {
    update({ phase, done, total }: ImportProgress) {
      if (stream.isTTY) {
        const now = Date.now();
        if (phase === lastPhase && now - lastDraw < 100 && done < total) return;
        lastDraw = now;
        lastPhase = phase;
        const width = 30;
        const ratio = total > 0 ? Math.min(1, done / total) : 0;
        const filled = Math.round(ratio * width);
        const what =
          phase === 'reading'
            ? `reading file ${done + 1} of ${total}`
            : `${phase} ${done.toLocaleString('en')}/${total.toLocaleString('en')}`;
        stream.write(
          `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${what}`.padEnd(90),
        );
      } else if (phase !== lastPhase) {
        lastPhase = phase;
        stream.write(`${phase}${total ? ` (${done}/${total})` : ''}\n`);
      }
    },
    end() {
      if (stream.isTTY && lastPhase) stream.write('\n');
    },
  };
}

const importEscoCommand: CliCommand = {
  summary: 'Import ESCO CSV downloads (zips or folders; default: the ESCO folders in VAARDIG_DATA_DIR)',
  async run(args) {
    const { parseOptions, withContext } = await import('../../platform/cli/toolkit.ts');
    const { values, positionals } = parseOptions(args, { help: { type: 'boolean', short: 'h' } }, true);
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    const { loadConfig } = await import('../../platform/config.ts');
    const { defaultEscoPaths, describeEscoError, EscoFileError, importEsco } = await import('./service.ts');
    let paths = positionals;
    if (paths.length === 0) {
      const dataDir = loadConfig().dataDir;
      paths = defaultEscoPaths(dataDir);
      if (paths.length === 0) {
        console.error(`vaardig skills import-esco: no PATH given and no ESCO data found in ${dataDir}/esco`);
        return 1;
      }
    }
    return withContext('skills import-esco', async (ctx) => {
      const bar = progressReporter();
      try {
        const result = await importEsco(ctx, paths, { onProgress: (p) => bar.update(p) });
        await (await import('../search/lexicon.ts')).refreshSearchLexicon(ctx.db);
        bar.end();
        const c = result.counts;
        console.log(
          `Imported ESCO from ${paths.length} path(s), ${c.files} files, ${c.rows?.toLocaleString('en')} rows in ${(result.ms / 1000).toFixed(1)} s:`,
        );
        const lines: [string, string][] = [
          ['skills', 'skills'],
          ['groups', 'skill groups'],
          ['iscoGroups', 'ISCO groups'],
          ['occupations', 'occupations'],
          ['broader', 'hierarchy links'],
          ['occupationSkills', 'occupation–skill relations'],
          ['skillRelations', 'skill–skill relations'],
          ['collections', 'collections'],
          ['collectionSkills', 'collection members'],
        ];
        for (const [key, label] of lines) console.log(`  ${String(c[key] ?? 0).padStart(8)}  ${label}`);
        console.log(
          `  skills and groups: ${c.inserted} new, ${c.updated} updated, ${c.unchanged} unchanged; ${c.skipped} references to concepts not in the files skipped`,
        );
        console.log(`  run ${result.importId}`);
        return 0;
      } catch (error) {
        bar.end();
        if (error instanceof EscoFileError) {
          const text = describeEscoError(ctx.i18n.getFixedT('en'), error.code, error.params);
          const reason = typeof error.extra.reason === 'string' ? ` (${error.extra.reason})` : '';
          console.error(`vaardig skills import-esco: ${text}${reason}\nNothing was changed by this file; fix it and run the import again.`);
          return 1;
        }
        throw error;
      }
    });
  },
};

export const escoCommands: Record<string, CliCommand> = {
  'import-esco': importEscoCommand,
};
