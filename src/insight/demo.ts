import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';

/** Insight's part of the demo network: the demo people's regions and the rollups built once. */
export async function seedInsightDemo(_ctx: AppContext, _demo: DemoNetwork): Promise<void> {}
