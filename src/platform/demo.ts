import type { AppContext } from './context.ts';
import type { DemoAccount } from './module.ts';

/**
 * Seeds the demo network on an empty instance: the module that fills `demoNetwork` (accounts) makes
 * the people and organisations, then every module adds its part. Returns the sign-in details, or
 * null when the instance was not empty (or no module makes a demo network).
 */
export async function seedDemoIfEmpty(ctx: AppContext): Promise<{ accounts: DemoAccount[] } | null> {
  const seeder = ctx.modules.find((m) => m.demoNetwork)?.demoNetwork;
  const seeded = await seeder?.seed(ctx);
  if (!seeded) return null;
  for (const module of ctx.modules) await module.seedDemo?.(ctx, seeded.network);
  ctx.log.info('demo network seeded');
  return { accounts: seeded.accounts };
}

/** Whether this instance holds the demo network (the home page says so). */
export async function demoPresent(ctx: AppContext): Promise<boolean> {
  for (const module of ctx.modules) if (module.demoNetwork && (await module.demoNetwork.present(ctx))) return true;
  return false;
}
