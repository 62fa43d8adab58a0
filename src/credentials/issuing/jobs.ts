import type { AppContext } from '../../platform/context.ts';
import { BULK_ISSUE_JOB, type BulkIssueJob, runBulkIssue } from './bulk.ts';
import { setLocalResolver } from './engine.ts';
import { localResolver } from './resolve.ts';

export async function issuingJobs(ctx: AppContext): Promise<void> {
  setLocalResolver(localResolver(ctx));
  // Resumable: rows are idempotent, so a run after a crash picks up where the last one stopped
  // (runBulkIssue counts its own errors and marks the job failed after a few of them).
  await ctx.jobs.define<BulkIssueJob>(BULK_ISSUE_JOB, (data, job) => runBulkIssue(ctx, data, job), { resumable: true });
}
