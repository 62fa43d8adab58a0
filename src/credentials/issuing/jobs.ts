import type { AppContext } from '../../platform/context.ts';
import { BULK_ISSUE_JOB, type BulkIssueJob, runBulkIssue } from './bulk.ts';
import { setLocalResolver } from './engine.ts';
import { localResolver } from './resolve.ts';

export async function issuingJobs(ctx: AppContext): Promise<void> {
  setLocalResolver(localResolver(ctx));
  // Safe to run twice: rows are idempotent (see runBulkIssue).
  await ctx.jobs.define<BulkIssueJob>(BULK_ISSUE_JOB, (data) => runBulkIssue(ctx, data), { retryLimit: 3 });
}
