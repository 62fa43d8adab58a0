import type { AppContext } from '../../platform/context.ts';
import { refreshSearchLexicon } from '../search/lexicon.ts';
import { createImportRun, importEsco } from './service.ts';

export const IMPORT_ESCO_JOB = 'skills.import-esco';

export interface ImportEscoJob {
  importId: string;
  paths: string[];
}

export async function escoJobs(ctx: AppContext): Promise<void> {
  // Running it twice is safe: the import upserts on URIs. A bad file fails the same way again, so no retries.
  await ctx.jobs.define<ImportEscoJob>(
    IMPORT_ESCO_JOB,
    async (data) => {
      await importEsco(ctx, data.paths, { importId: data.importId });
      await refreshSearchLexicon(ctx.db);
    },
    { retryLimit: 0 },
  );
}

/** Queues an import of the given paths; the run shows as queued until a worker picks it up. */
export async function queueEscoImport(ctx: AppContext, paths: string[], startedBy: string | null): Promise<string> {
  const importId = await createImportRun(ctx.db, paths, startedBy, 'queued');
  await ctx.jobs.send<ImportEscoJob>(IMPORT_ESCO_JOB, { importId, paths });
  return importId;
}
