import type { AppContext } from '../platform/context.ts';

/** The rollup jobs (docs/decisions/017-insight-rollups.md). */
export async function insightJobs(_ctx: AppContext): Promise<void> {}
