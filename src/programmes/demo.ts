import type { AppContext } from '../platform/context.ts';
import type { DemoNetwork } from '../platform/module.ts';

export async function seedProgrammesDemo(_ctx: AppContext, _demo: DemoNetwork): Promise<void> {}
